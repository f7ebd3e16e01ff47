#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::to_json_binary;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, Uint128};

use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{State, Status, CONFIG, STATE};
use crate::{execute, query, validate};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-presale";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::no_funds(&info)?;
    let config = validate::validated_config(deps.api, env.block.time, msg)?;
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
            withdrawn: Uint128::zero(),
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
        .add_attribute("shares", config.shares)
        .add_attribute(
            "allowlist",
            config
                .allowlist
                .map(|a| a.merkle_root)
                .unwrap_or_else(|| "none".into()),
        ))
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
        ExecuteMsg::Contribute { proof, cap } => execute::contribute(deps, env, info, proof, cap),
        ExecuteMsg::Withdraw { amount } => execute::withdraw(deps, env, info, amount),
        ExecuteMsg::Finalize {} => execute::finalize(deps, env, info),
        ExecuteMsg::Claim {} => execute::claim(deps, info),
        ExecuteMsg::Refund {} => execute::refund(deps, info),
        ExecuteMsg::Cancel {} => execute::cancel(deps, env, info),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::query_config(deps)?)?,
        QueryMsg::State {} => to_json_binary(&query::query_state(deps, &env)?)?,
        QueryMsg::Contribution { address } => {
            to_json_binary(&query::query_contribution(deps, address)?)?
        }
        QueryMsg::Contributions { start_after, limit } => {
            to_json_binary(&query::query_contributions(deps, start_after, limit)?)?
        }
        QueryMsg::Allowlist {} => to_json_binary(&query::query_allowlist(deps)?)?,
        QueryMsg::AllowlistCheck {
            address,
            cap,
            proof,
        } => to_json_binary(&query::query_allowlist_check(deps, address, cap, proof)?)?,
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
