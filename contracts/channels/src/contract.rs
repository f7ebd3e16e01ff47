#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response};
use modelfund::channels::{MAX_CLAIMS_PER_TX_LIMIT, MAX_GRACE_SECONDS, MIN_GRACE_SECONDS};

use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, CHANNEL_COUNT, CONFIG};
use crate::{execute, query};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-channels";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let access = deps.api.addr_validate(&msg.access)?;
    if !(MIN_GRACE_SECONDS..=MAX_GRACE_SECONDS).contains(&msg.grace_period_seconds) {
        return Err(ContractError::InvalidConfig {
            field: "grace_period_seconds".into(),
            reason: format!("must be {MIN_GRACE_SECONDS} to {MAX_GRACE_SECONDS}"),
        });
    }
    if !(1..=MAX_CLAIMS_PER_TX_LIMIT).contains(&msg.max_claims_per_tx) {
        return Err(ContractError::InvalidConfig {
            field: "max_claims_per_tx".into(),
            reason: format!("must be 1 to {MAX_CLAIMS_PER_TX_LIMIT}"),
        });
    }
    CONFIG.save(
        deps.storage,
        &Config {
            access: access.clone(),
            grace_period_seconds: msg.grace_period_seconds,
            max_claims_per_tx: msg.max_claims_per_tx,
        },
    )?;
    CHANNEL_COUNT.save(deps.storage, &0)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("access", access)
        .add_attribute("grace_period_seconds", msg.grace_period_seconds.to_string())
        .add_attribute("max_claims_per_tx", msg.max_claims_per_tx.to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    // Only open and top_up take funds (the deposit); everything else refuses them.
    if !matches!(msg, ExecuteMsg::Open { .. } | ExecuteMsg::TopUp { .. }) {
        cw_utils::nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::Open {
            model_id,
            plan_id,
            gateway,
            voucher_key,
            expires_at,
        } => execute::open(
            deps,
            env,
            info,
            model_id,
            plan_id,
            gateway,
            voucher_key,
            expires_at,
        ),
        ExecuteMsg::TopUp { channel_id } => execute::top_up(deps, env, info, channel_id),
        ExecuteMsg::Extend {
            channel_id,
            expires_at,
        } => execute::extend(deps, env, info, channel_id, expires_at),
        ExecuteMsg::Close { channel_id } => execute::close(deps, env, info, channel_id),
        ExecuteMsg::Claim { vouchers } => execute::claim(deps, env, info, vouchers),
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
