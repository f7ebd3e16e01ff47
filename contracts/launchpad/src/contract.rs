#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::to_json_binary;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};

use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, CONFIG};
use crate::validate::{validate_bounds, validate_code_ids, validate_fee, validate_periods};
use crate::{addresses, execute, launch, query};
use modelfund::launchpad::Fee;

pub const CONTRACT_NAME: &str = "crates.io:modelfund-launchpad";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::no_funds(&info)?;
    let owner = match &msg.owner {
        Some(o) => deps.api.addr_validate(o)?,
        None => info.sender.clone(),
    };
    validate_code_ids(&msg.code_ids)?;
    let fee = match msg.fee {
        Some(f) => Some(validate_fee(deps.api, f)?),
        None => None,
    };
    let bounds = msg.bounds.unwrap_or_default();
    validate_bounds(&bounds)?;
    let reservation_periods = msg.reservation_periods.unwrap_or_default();
    validate_periods(&reservation_periods)?;
    let config = Config {
        owner,
        code_ids: msg.code_ids,
        registry: deps.api.addr_validate(&msg.registry)?,
        access: deps.api.addr_validate(&msg.access)?,
        fee,
        bounds,
        reservation_periods,
    };
    CONFIG.save(deps.storage, &config)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("owner", config.owner)
        .add_attribute("registry", config.registry)
        .add_attribute("access", config.access)
        .add_attribute("fee", Fee::attribute(config.fee.as_ref())))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::refuse_funds(&msg, &info)?;
    match msg {
        ExecuteMsg::Launch {
            model,
            presale,
            shares,
            governance,
            plans,
            license_royalty_bps,
            vetoer,
        } => launch::launch(
            deps,
            env,
            info,
            launch::LaunchArgs {
                model: *model,
                presale: *presale,
                shares: *shares,
                governance: *governance,
                plans,
                license_royalty_bps,
                vetoer,
            },
        ),
        ExecuteMsg::UpdateConfig {
            owner,
            code_ids,
            fee,
            bounds,
            reservation_periods,
        } => execute::update_config(
            deps,
            info,
            execute::ConfigUpdate {
                owner,
                code_ids,
                fee,
                bounds,
                reservation_periods,
            },
        ),
        ExecuteMsg::CommitModelId { commitment } => {
            execute::commit_model_id(deps, env, info, commitment)
        }
        ExecuteMsg::ReserveModelId { model_id, nonce } => {
            execute::reserve_model_id(deps, env, info, model_id, nonce)
        }
        ExecuteMsg::ReleaseModelId { model_id } => {
            execute::release_model_id(deps, env, info, model_id)
        }
    }
}

/// The address check after a launch's last instantiate2 (see `addresses::check_addresses`).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> Result<Response, ContractError> {
    match msg.id {
        launch::CHECK_ADDRESSES => addresses::check_addresses(deps.as_ref(), msg),
        id => Err(ContractError::UnknownReply { id }),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&CONFIG.load(deps.storage)?)?,
        QueryMsg::Model { model_id } => to_json_binary(&query::query_model(deps, model_id)?)?,
        QueryMsg::Models { start_after, limit } => {
            to_json_binary(&query::query_models(deps, start_after, limit)?)?
        }
        QueryMsg::ModelsByCreator {
            creator,
            start_after,
            limit,
        } => to_json_binary(&query::query_models_by_creator(
            deps,
            creator,
            start_after,
            limit,
        )?)?,
        QueryMsg::PredictAddresses { model_id } => {
            to_json_binary(&query::query_predict_addresses(deps, &env, &model_id)?)?
        }
        QueryMsg::Reservation { model_id } => {
            to_json_binary(&query::query_reservation(deps, &env, model_id)?)?
        }
        QueryMsg::Commitment {
            committer,
            commitment,
        } => to_json_binary(&query::query_commitment(deps, &env, committer, commitment)?)?,
        QueryMsg::ModelSummary { model_id } => {
            to_json_binary(&query::query_model_summary(deps, model_id)?)?
        }
        QueryMsg::ModelSummaries { start_after, limit } => {
            to_json_binary(&query::query_model_summaries(deps, start_after, limit)?)?
        }
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    match msg {
        MigrateMsg::Migrate {} => Ok(modelfund::migrate::migrate_same_contract(
            deps.storage,
            CONTRACT_NAME,
            CONTRACT_VERSION,
        )?),
    }
}
