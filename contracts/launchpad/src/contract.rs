#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::Decimal;
use cosmwasm_std::{Api, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use modelfund::launchpad::{
    CodeIds, Fee, LaunchBounds, LaunchFee, ReservationPeriods, MAX_COMMITMENT_SECONDS,
    MAX_RESERVATION_SECONDS,
};

use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, CONFIG};
use crate::{execute, query};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-launchpad";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
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
        .add_attribute(
            "fee",
            config
                .fee
                .map_or("none".to_string(), |f| f.amount.to_string()),
        ))
}

/// Longest presale window the bounds may allow: ten years (keeps every period far inside the
/// nanosecond range of a timestamp).
pub const MAX_BOUND_SECONDS: u64 = 10 * 365 * 86_400;

/// Bounds that make sense: each minimum positive and at most its maximum, quorum in (0, 1],
/// threshold in [0.5, 1), a positive presale window, an allocation cap of at most 100 %.
pub fn validate_bounds(b: &LaunchBounds) -> Result<(), ContractError> {
    let fail = |field: &str, reason: &str| {
        Err(ContractError::InvalidBounds {
            field: field.to_string(),
            reason: reason.to_string(),
        })
    };
    for (name, min, max) in [
        (
            "voting period",
            b.min_voting_period_seconds,
            b.max_voting_period_seconds,
        ),
        ("timelock", b.min_timelock_seconds, b.max_timelock_seconds),
    ] {
        if min == 0 {
            return fail(name, "minimum must be positive");
        }
        if min > max {
            return fail(name, "minimum is above the maximum");
        }
        if max > MAX_BOUND_SECONDS {
            return fail(name, "maximum is above ten years");
        }
    }
    if b.min_quorum.is_zero() || b.min_quorum > Decimal::one() {
        return fail("min_quorum", "must be above 0 and at most 1");
    }
    if b.min_threshold < Decimal::percent(50) || b.min_threshold >= Decimal::one() {
        return fail("min_threshold", "must be at least 0.5 and below 1");
    }
    if b.max_presale_seconds == 0 || b.max_presale_seconds > MAX_BOUND_SECONDS {
        return fail("max_presale_seconds", "must be 1 s to ten years");
    }
    if b.max_creator_allocation_bps > 10_000 {
        return fail("max_creator_allocation_bps", "must be at most 10000");
    }
    Ok(())
}

pub fn validate_periods(p: &ReservationPeriods) -> Result<(), ContractError> {
    if p.commitment_seconds == 0 || p.commitment_seconds > MAX_COMMITMENT_SECONDS {
        return Err(ContractError::InvalidConfig {
            reason: format!("commitment_seconds must be 1 to {MAX_COMMITMENT_SECONDS}"),
        });
    }
    if p.reservation_seconds == 0 || p.reservation_seconds > MAX_RESERVATION_SECONDS {
        return Err(ContractError::InvalidConfig {
            reason: format!("reservation_seconds must be 1 to {MAX_RESERVATION_SECONDS}"),
        });
    }
    Ok(())
}

pub fn validate_code_ids(ids: &CodeIds) -> Result<(), ContractError> {
    if ids.shares == 0 || ids.presale == 0 || ids.governance == 0 {
        return Err(ContractError::InvalidConfig {
            reason: "code ids must be positive".into(),
        });
    }
    Ok(())
}

pub fn validate_fee(api: &dyn Api, fee: LaunchFee) -> Result<Fee, ContractError> {
    modelfund::validate::denom(&fee.amount.denom)?;
    if fee.amount.amount.is_zero() {
        return Err(ContractError::InvalidConfig {
            reason: "a launch fee must be positive (or none)".into(),
        });
    }
    Ok(Fee {
        amount: fee.amount,
        treasury: api.addr_validate(&fee.treasury)?,
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Launch {
            model,
            presale,
            shares,
            governance,
            plans,
            license_royalty_bps,
        } => execute::launch(
            deps,
            env,
            info,
            execute::LaunchArgs {
                model: *model,
                presale: *presale,
                shares: *shares,
                governance: *governance,
                plans,
                license_royalty_bps,
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

/// The address check after a launch's last instantiate2 (see `execute::check_addresses`).
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> Result<Response, ContractError> {
    match msg.id {
        execute::CHECK_ADDRESSES => execute::check_addresses(deps.as_ref(), msg),
        id => Err(ContractError::UnknownReply { id }),
    }
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
