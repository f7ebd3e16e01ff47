#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use modelfund::governance::{GovernanceParams, ParamBounds, ABSOLUTE_MAX_ACTIONS};

use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, CONFIG, PROPOSAL_COUNT};
use crate::{execute, query};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-governance";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let bounds = msg.bounds.unwrap_or(ParamBounds::ABSOLUTE);
    bounds
        .validate()
        .map_err(|reason| ContractError::InvalidBounds { reason })?;
    validate_params(&msg.params, &bounds)?;
    let registry = match &msg.registry {
        Some(r) => Some(deps.api.addr_validate(r)?),
        None => None,
    };
    if registry.is_some() != msg.model_id.is_some() {
        return Err(ContractError::InvalidParams {
            reason: "registry and model_id go together".into(),
        });
    }
    if let Some(id) = &msg.model_id {
        modelfund::validate::identifier("model_id", id, modelfund::validate::MAX_ID_LEN)?;
    }
    let access = match &msg.access {
        Some(a) if msg.model_id.is_some() => Some(deps.api.addr_validate(a)?),
        Some(_) => {
            return Err(ContractError::InvalidParams {
                reason: "access needs model_id".into(),
            })
        }
        None => None,
    };
    let presale = match &msg.presale {
        Some(p) => Some(deps.api.addr_validate(p)?),
        None => None,
    };
    let config = Config {
        shares: deps.api.addr_validate(&msg.shares)?,
        registry,
        model_id: msg.model_id,
        access,
        params: msg.params,
        presale,
        bounds,
    };
    CONFIG.save(deps.storage, &config)?;
    PROPOSAL_COUNT.save(deps.storage, &0)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("shares", config.shares)
        .add_attribute("quorum", config.params.quorum.to_string())
        .add_attribute("threshold", config.params.threshold.to_string())
        .add_attribute(
            "voting_period_seconds",
            config.params.voting_period_seconds.to_string(),
        )
        .add_attribute(
            "timelock_seconds",
            config.params.timelock_seconds.to_string(),
        )
        .add_attribute(
            "execution_window_seconds",
            config.params.execution_window_seconds.to_string(),
        ))
}

/// Params within `bounds` (and [`ParamBounds::ABSOLUTE`]), with a sane action cap and deposit.
pub fn validate_params(p: &GovernanceParams, bounds: &ParamBounds) -> Result<(), ContractError> {
    let fail = |reason: &str| ContractError::InvalidParams {
        reason: reason.to_string(),
    };
    bounds
        .check(p)
        .map_err(|reason| ContractError::InvalidParams { reason })?;
    if p.max_actions == 0 || p.max_actions > ABSOLUTE_MAX_ACTIONS {
        return Err(fail("max actions must be 1 to 20"));
    }
    if let Some(d) = &p.deposit {
        if d.amount.is_zero() {
            return Err(fail("a deposit must be positive (or none)"));
        }
        modelfund::validate::denom(&d.denom)?;
    }
    Ok(())
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Propose {
            title,
            description,
            actions,
        } => execute::propose(deps, env, info, title, description, actions),
        ExecuteMsg::Vote { proposal_id, vote } => execute::vote(deps, env, info, proposal_id, vote),
        ExecuteMsg::Execute { proposal_id } => execute::execute(deps, env, info, proposal_id),
        ExecuteMsg::Close { proposal_id } => execute::close(deps, env, info, proposal_id),
        ExecuteMsg::Cancel { proposal_id } => execute::cancel(deps, env, info, proposal_id),
        ExecuteMsg::UpdateConfig { params } => execute::update_config(deps, env, info, params),
        ExecuteMsg::Reclaim { denoms } => execute::reclaim(deps, env, info, denoms),
        ExecuteMsg::ExecuteActions { proposal_id, upto } => {
            execute::execute_actions(deps, env, info, proposal_id, upto)
        }
        ExecuteMsg::ProbeActions { proposal_id, upto } => {
            execute::probe_actions(deps, env, info, proposal_id, upto)
        }
        ExecuteMsg::CheckDeposits {} => execute::check_deposits(deps, env, info),
    }
}

/// A failed `execute_actions` comes back here: the failing action is found and the proposal
/// marked `execution_failed` (none of its actions applied) instead of failing the whole
/// `execute` forever.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    execute::reply(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    query::query(deps, env, msg)
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
