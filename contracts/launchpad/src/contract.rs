#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Api, Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response};
use modelfund::launchpad::{CodeIds, Fee, LaunchFee};

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
    let config = Config {
        owner,
        code_ids: msg.code_ids,
        registry: deps.api.addr_validate(&msg.registry)?,
        access: deps.api.addr_validate(&msg.access)?,
        fee,
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
        } => execute::update_config(deps, info, owner, code_ids, fee),
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
