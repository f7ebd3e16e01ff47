use cosmwasm_std::{Addr, Deps, Env, StdResult};
use modelfund::launchpad::{
    CommitmentResponse, ModelResponse, ModelSummariesResponse, ModelSummary, ModelsResponse,
    PredictedAddressesResponse, ReservationResponse, SUMMARIES_PAGE,
};
use modelfund::paging::PAGE;

use crate::addresses::predict_all;
use crate::error::ContractError;
use crate::state::{LaunchRecord, COMMITMENTS, CONFIG, MODELS, MODELS_BY_CREATOR, RESERVATIONS};
use crate::summary::summary;

pub fn query_model(deps: Deps, model_id: String) -> Result<ModelResponse, ContractError> {
    let record = MODELS
        .may_load(deps.storage, &model_id)?
        .ok_or(ContractError::ModelNotFound {
            model_id: model_id.clone(),
        })?;
    Ok(response(model_id, record))
}

pub fn query_models(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ModelsResponse> {
    let page = PAGE.after(start_after.as_deref(), limit);
    let models = page.list(&MODELS, deps.storage, |(id, r)| Ok(response(id, r)))?;
    Ok(ModelsResponse { models })
}

pub fn query_models_by_creator(
    deps: Deps,
    creator: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ModelsResponse> {
    let creator: Addr = deps.api.addr_validate(&creator)?;
    let ids = MODELS_BY_CREATOR.prefix(&creator);
    let page = PAGE.after(start_after.as_deref(), limit);
    let models = page.list(&ids, deps.storage, |(id, ())| {
        let record = MODELS.load(deps.storage, &id)?;
        Ok(response(id, record))
    })?;
    Ok(ModelsResponse { models })
}

pub fn query_predict_addresses(
    deps: Deps,
    env: &Env,
    model_id: &str,
) -> Result<PredictedAddressesResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    predict_all(deps, env, &config.code_ids, model_id)
}

pub fn query_reservation(
    deps: Deps,
    env: &Env,
    model_id: String,
) -> StdResult<Option<ReservationResponse>> {
    Ok(RESERVATIONS
        .may_load(deps.storage, &model_id)?
        .filter(|r| r.expires_at > env.block.time)
        .map(|r| ReservationResponse {
            model_id,
            holder: r.holder,
            expires_at: r.expires_at,
        }))
}

pub fn query_commitment(
    deps: Deps,
    env: &Env,
    committer: String,
    commitment: String,
) -> StdResult<Option<CommitmentResponse>> {
    let committer = deps.api.addr_validate(&committer)?;
    Ok(COMMITMENTS
        .may_load(deps.storage, (&committer, &commitment))?
        .filter(|c| c.expires_at > env.block.time)
        .map(|c| CommitmentResponse {
            committer,
            commitment,
            height: c.height,
            expires_at: c.expires_at,
        }))
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

/// One model's row for a list: name, presale phase and progress, addresses.
pub fn query_model_summary(deps: Deps, model_id: String) -> Result<ModelSummary, ContractError> {
    let record = MODELS
        .may_load(deps.storage, &model_id)?
        .ok_or(ContractError::ModelNotFound {
            model_id: model_id.clone(),
        })?;
    Ok(summary(deps, model_id, record)?)
}

/// Summaries of the launched models in id order, paginated.
pub fn query_model_summaries(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ModelSummariesResponse> {
    let page = SUMMARIES_PAGE.after(start_after.as_deref(), limit);
    let models = page.list(&MODELS, deps.storage, |(id, record)| {
        summary(deps, id, record)
    })?;
    Ok(ModelSummariesResponse { models })
}
