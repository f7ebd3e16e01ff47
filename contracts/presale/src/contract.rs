#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, Uint128};

use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, State, Status, CONFIG, STATE};
use crate::{execute, query};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-presale";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let fail = |reason: &str| ContractError::InvalidConfig {
        reason: reason.to_string(),
    };
    modelfund::validate::denom(&msg.denom).map_err(|e| fail(&e.to_string()))?;
    if msg.price.is_zero() {
        return Err(fail("price must be at least 1"));
    }
    if msg.soft_cap.is_zero() {
        return Err(fail("soft cap must be positive"));
    }
    if msg.soft_cap > msg.hard_cap {
        return Err(fail("soft cap is above the hard cap"));
    }
    if msg.start >= msg.end {
        return Err(fail("start must be before end"));
    }
    if msg.start < env.block.time {
        return Err(fail("the window must not start in the past"));
    }
    if msg.min_per_address < msg.price {
        return Err(fail("minimum per address is below the price of one share"));
    }
    if msg.min_per_address > msg.max_per_address {
        return Err(fail("minimum per address is above the maximum"));
    }
    if msg.min_per_address > msg.hard_cap {
        return Err(fail("minimum per address is above the hard cap"));
    }
    let config = Config {
        denom: msg.denom,
        price: msg.price,
        soft_cap: msg.soft_cap,
        hard_cap: msg.hard_cap,
        start: msg.start,
        end: msg.end,
        min_per_address: msg.min_per_address,
        max_per_address: msg.max_per_address,
        treasury: deps.api.addr_validate(&msg.treasury)?,
        creator: deps.api.addr_validate(&msg.creator)?,
        creator_allocation: msg.creator_allocation,
        shares: deps.api.addr_validate(&msg.shares)?,
    };
    CONFIG.save(deps.storage, &config)?;
    STATE.save(
        deps.storage,
        &State {
            status: Status::Active,
            raised: Uint128::zero(),
            backers: 0,
            shares_sold: Uint128::zero(),
            shares_claimed: Uint128::zero(),
            refunded: Uint128::zero(),
            minter_confirmed: false,
        },
    )?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;

    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("denom", config.denom)
        .add_attribute("soft_cap", config.soft_cap)
        .add_attribute("hard_cap", config.hard_cap)
        .add_attribute("start", config.start.seconds().to_string())
        .add_attribute("end", config.end.seconds().to_string())
        .add_attribute("treasury", config.treasury)
        .add_attribute("shares", config.shares))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Contribute {} => execute::contribute(deps, env, info),
        ExecuteMsg::Finalize {} => execute::finalize(deps, env, info),
        ExecuteMsg::Claim {} => execute::claim(deps, info),
        ExecuteMsg::Refund {} => execute::refund(deps, info),
        ExecuteMsg::Cancel {} => execute::cancel(deps, env, info),
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
