use cosmwasm_std::{to_json_binary, Addr, Binary, Deps, Env, Order, StdResult};
use cw_storage_plus::Bound;
use modelfund::launchpad::{
    CommitmentResponse, ModelResponse, ModelsResponse, ReservationResponse, DEFAULT_LIMIT,
    MAX_LIMIT,
};

use crate::addresses::predict_all;
use crate::error::ContractError;
use crate::msg::QueryMsg;
use crate::state::{LaunchRecord, COMMITMENTS, CONFIG, MODELS, MODELS_BY_CREATOR, RESERVATIONS};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&CONFIG.load(deps.storage)?)?,
        QueryMsg::Model { model_id } => {
            let record =
                MODELS
                    .may_load(deps.storage, &model_id)?
                    .ok_or(ContractError::ModelNotFound {
                        model_id: model_id.clone(),
                    })?;
            to_json_binary(&response(model_id, record))?
        }
        QueryMsg::Models { start_after, limit } => {
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let models = MODELS
                .range(
                    deps.storage,
                    start_after.as_deref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(limit)
                .map(|item| item.map(|(id, record)| response(id, record)))
                .collect::<StdResult<Vec<_>>>()?;
            to_json_binary(&ModelsResponse { models })?
        }
        QueryMsg::ModelsByCreator {
            creator,
            start_after,
            limit,
        } => {
            let creator: Addr = deps.api.addr_validate(&creator)?;
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let models = MODELS_BY_CREATOR
                .prefix(&creator)
                .keys(
                    deps.storage,
                    start_after.as_deref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(limit)
                .map(|item| {
                    let id = item?;
                    let record = MODELS.load(deps.storage, &id)?;
                    Ok(response(id, record))
                })
                .collect::<StdResult<Vec<_>>>()?;
            to_json_binary(&ModelsResponse { models })?
        }
        QueryMsg::PredictAddresses { model_id } => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&predict_all(deps, &env, &config.code_ids, &model_id)?)?
        }
        QueryMsg::Reservation { model_id } => {
            let reservation = RESERVATIONS
                .may_load(deps.storage, &model_id)?
                .filter(|r| r.expires_at > env.block.time)
                .map(|r| ReservationResponse {
                    model_id,
                    holder: r.holder,
                    expires_at: r.expires_at,
                });
            to_json_binary(&reservation)?
        }
        QueryMsg::Commitment {
            committer,
            commitment,
        } => {
            let committer = deps.api.addr_validate(&committer)?;
            let found = COMMITMENTS
                .may_load(deps.storage, (&committer, &commitment))?
                .filter(|c| c.expires_at > env.block.time)
                .map(|c| CommitmentResponse {
                    committer,
                    commitment,
                    height: c.height,
                    expires_at: c.expires_at,
                });
            to_json_binary(&found)?
        }
    })
}

fn response(model_id: String, r: LaunchRecord) -> ModelResponse {
    ModelResponse {
        model_id,
        creator: r.creator,
        shares: r.shares,
        presale: r.presale,
        governance: r.governance,
        registry: r.registry,
        access: r.access,
        launched_at: r.launched_at,
        launched_height: r.launched_height,
    }
}
