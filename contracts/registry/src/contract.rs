#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::to_json_binary;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw721::execute::{initialize_creator, initialize_minter};
use cw721::state::MINTER;
use cw721::state::{ADDITIONAL_MINTERS, MAX_ADDITIONAL_MINTERS};
use modelfund::nft::{self};
use modelfund::registry::MAX_NAME_LEN;

use crate::collection::Models;
use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, CONFIG};
use crate::{execute, query, validate};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-registry";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::no_funds(&info)?;
    modelfund::validate::text("name", &msg.name, MAX_NAME_LEN, true)?;
    modelfund::validate::text("symbol", &msg.symbol, 32, true)?;
    let limits = msg.royalty_limits.unwrap_or_default();
    validate::validate_limits(&limits)?;

    let owner = match msg.owner {
        Some(owner) => deps.api.addr_validate(&owner)?,
        None => info.sender.clone(),
    };

    nft::save_collection_info(deps.storage, &msg.name, &msg.symbol, env.block.time)?;
    initialize_minter(deps.storage, deps.api, Some(owner.as_str()))?;
    initialize_creator(deps.storage, deps.api, Some(owner.as_str()))?;

    let minters = msg.minters.unwrap_or_default();
    if minters.len() > MAX_ADDITIONAL_MINTERS as usize {
        return Err(ContractError::TooManyMinters {
            max: MAX_ADDITIONAL_MINTERS,
        });
    }
    for minter in &minters {
        let addr = deps.api.addr_validate(minter)?;
        ADDITIONAL_MINTERS.save(deps.storage, &addr, &cosmwasm_std::Empty {})?;
    }

    CONFIG.save(
        deps.storage,
        &Config {
            royalty_limits: limits.clone(),
        },
    )?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;

    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("owner", owner)
        .add_attribute("name", msg.name)
        .add_attribute("symbol", msg.symbol)
        .add_attribute("minters", minters.len().to_string())
        .add_attribute("max_royalty_bps", limits.max_share_bps.to_string()))
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
        ExecuteMsg::Mint {
            token_id,
            owner,
            token_uri,
            model,
            royalty,
        } => execute::mint(deps, env, info, token_id, owner, token_uri, model, royalty),
        ExecuteMsg::PublishVersion {
            token_id,
            version,
            content_hash,
            uri,
            notes,
        } => execute::publish_version(deps, env, info, token_id, version, content_hash, uri, notes),
        ExecuteMsg::SetRoyalty {
            token_id,
            payment_address,
            share_bps,
        } => execute::set_royalty(deps, env, info, token_id, payment_address, share_bps),
        msg @ modelfund::cw721_execute_variants!(ExecuteMsg) => {
            nft::cw721_execute(&Models, deps, &env, &info, msg.try_into()?)
        }
        ExecuteMsg::Burn { token_id } => execute::burn(deps, env, info, token_id),
        ExecuteMsg::AddMinter { minter } => execute::change_minter(deps, info, minter, true),
        ExecuteMsg::RemoveMinter { minter } => execute::change_minter(deps, info, minter, false),
        ExecuteMsg::UpdateOwnership(action) => execute::update_ownership(deps, env, info, action),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let bin = match msg {
        QueryMsg::Config {} => to_json_binary(&query::query_config(deps)?)?,
        QueryMsg::Model { token_id } => to_json_binary(&query::query_model(deps, token_id)?)?,
        QueryMsg::Versions {
            token_id,
            start_after,
            limit,
        } => to_json_binary(&query::query_versions(deps, token_id, start_after, limit)?)?,
        QueryMsg::LatestVersion { token_id } => {
            to_json_binary(&query::query_latest_version(deps, &token_id)?)?
        }
        QueryMsg::RoyaltyInfo {
            token_id,
            sale_price,
        } => nft::query_royalty_info(&Models, deps, token_id, sale_price)?,
        QueryMsg::CheckRoyalties {} => to_json_binary(&nft::check_royalties())?,
        QueryMsg::Minters { start_after, limit } => {
            to_json_binary(&query::query_minters(deps, start_after, limit)?)?
        }
        msg @ modelfund::cw721_query_variants!(QueryMsg) => {
            nft::cw721_query(&Models, deps, &env, msg.try_into()?)?
        }
        QueryMsg::Minter {} => to_json_binary(&query::query_minter(deps)?)?,
        QueryMsg::Ownership {} => to_json_binary(&MINTER.get_ownership(deps.storage)?)?,
    };
    Ok(bin)
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
