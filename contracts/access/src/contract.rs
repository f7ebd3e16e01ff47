#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::to_json_binary;
use cosmwasm_std::{Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response};
use modelfund::nft;

use crate::collection::Licenses;
use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{Config, CONFIG, LICENSE_COUNT, REGISTRARS};
use crate::{execute, query, state, validate};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-access";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::no_funds(&info)?;
    modelfund::validate::text("name", &msg.name, 128, true)?;
    modelfund::validate::text("symbol", &msg.symbol, 32, true)?;
    let registry = deps.api.addr_validate(&msg.registry)?;
    let admin = match msg.admin {
        Some(admin) => deps.api.addr_validate(&admin)?,
        None => info.sender.clone(),
    };
    let registrars = validate::registrars(deps.api, &msg.registrars.unwrap_or_default())?;

    nft::save_collection_info(deps.storage, &msg.name, &msg.symbol, env.block.time)?;
    for registrar in &registrars {
        REGISTRARS.save(deps.storage, registrar, &Empty {})?;
    }
    CONFIG.save(
        deps.storage,
        &Config {
            registry: registry.clone(),
            admin: admin.clone(),
        },
    )?;
    LICENSE_COUNT.save(deps.storage, &0)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;

    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("registry", registry)
        .add_attribute("admin", admin)
        .add_attribute("registrars", registrars.len().to_string())
        .add_attribute("name", msg.name)
        .add_attribute("symbol", msg.symbol))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    // only the two purchases take funds (and forward all of them)
    modelfund::validate::refuse_funds(&msg, &info)?;
    match msg {
        ExecuteMsg::RegisterModel {
            model_id,
            shares,
            license_royalty_bps,
            plans,
            presale,
        } => execute::register_model(
            deps,
            env,
            info,
            execute::Registration {
                model_id,
                shares,
                license_royalty_bps,
                plans,
                presale,
            },
        ),
        ExecuteMsg::SetPlan { model_id, plan } => {
            execute::set_plan(deps, env, info, model_id, plan)
        }
        ExecuteMsg::RetirePlan { model_id, plan_id } => {
            execute::retire_plan(deps, env, info, model_id, plan_id)
        }
        ExecuteMsg::ApproveGateway { model_id, gateway } => {
            execute::change_gateway(deps, info, model_id, gateway, true)
        }
        ExecuteMsg::RevokeGateway { model_id, gateway } => {
            execute::change_gateway(deps, info, model_id, gateway, false)
        }
        ExecuteMsg::BuyCredits {
            model_id,
            plan_id,
            packs,
            grant,
        } => execute::buy_credits(deps, info, model_id, plan_id, packs, grant),
        ExecuteMsg::BuyLease {
            model_id,
            plan_id,
            grant,
        } => execute::buy_lease(deps, env, info, model_id, plan_id, grant),
        ExecuteMsg::Grant {
            model_id,
            gateway,
            calls,
            session_key,
        } => execute::grant(
            deps,
            info,
            model_id,
            modelfund::access::GrantMsg {
                gateway,
                calls,
                session_key,
            },
        ),
        ExecuteMsg::RevokeGrant { model_id, gateway } => {
            execute::revoke_grant(deps, info, model_id, gateway)
        }
        ExecuteMsg::Consume {
            model_id,
            user,
            calls,
            request_id,
            license_id,
        } => execute::consume(
            deps,
            env,
            info,
            execute::Usage {
                model_id,
                user,
                calls,
                request_id,
                license_id,
            },
        ),
        ExecuteMsg::ConsumeBatch { model_id, usages } => {
            execute::consume_batch(deps, env, info, model_id, usages)
        }
        msg @ modelfund::cw721_execute_variants!(ExecuteMsg) => {
            nft::cw721_execute(&Licenses, deps, &env, &info, msg.try_into()?)
        }
        ExecuteMsg::AddRegistrar { registrar } => {
            execute::change_registrar(deps, info, registrar, true)
        }
        ExecuteMsg::RemoveRegistrar { registrar } => {
            execute::change_registrar(deps, info, registrar, false)
        }
        ExecuteMsg::UpdateAdmin { admin } => execute::update_admin(deps, info, admin),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let bin = match msg {
        QueryMsg::Config {} => to_json_binary(&query::query_config(deps)?)?,
        QueryMsg::Registrars { start_after, limit } => {
            to_json_binary(&query::query_registrars(deps, start_after, limit)?)?
        }
        QueryMsg::Access { model_id, user } => {
            to_json_binary(&query::query_access(deps, &env, model_id, user)?)?
        }
        QueryMsg::Model { model_id } => to_json_binary(&query::query_model(deps, model_id)?)?,
        QueryMsg::Plans {
            model_id,
            start_after,
            limit,
        } => to_json_binary(&query::query_plans(deps, model_id, start_after, limit)?)?,
        QueryMsg::Plan { model_id, plan_id } => {
            to_json_binary(&query::query_plan(deps, model_id, plan_id)?)?
        }
        QueryMsg::Gateways {
            model_id,
            start_after,
            limit,
        } => to_json_binary(&query::query_gateways(deps, model_id, start_after, limit)?)?,
        QueryMsg::Credits { model_id, user } => {
            to_json_binary(&query::query_credits(deps, model_id, user)?)?
        }
        QueryMsg::Grants {
            model_id,
            user,
            start_after,
            limit,
        } => to_json_binary(&query::query_grants(
            deps,
            model_id,
            user,
            start_after,
            limit,
        )?)?,
        QueryMsg::Grant {
            model_id,
            user,
            gateway,
        } => to_json_binary(&query::query_grant(deps, model_id, user, gateway)?)?,
        QueryMsg::Usage {
            model_id,
            start_after,
            limit,
        } => to_json_binary(&query::query_usage(deps, model_id, start_after, limit)?)?,
        QueryMsg::Request {
            gateway,
            request_id,
        } => to_json_binary(&query::query_request(deps, gateway, request_id)?)?,
        QueryMsg::Licenses {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::query_licenses(
            deps,
            &env,
            owner,
            start_after,
            limit,
        )?)?,
        QueryMsg::License { token_id } => to_json_binary(&query::license(deps, &env, token_id)?)?,
        QueryMsg::RoyaltyInfo {
            token_id,
            sale_price,
        } => nft::query_royalty_info(&Licenses, deps, token_id, sale_price)?,
        QueryMsg::CheckRoyalties {} => to_json_binary(&nft::check_royalties())?,
        QueryMsg::ModelLicenses {
            model_id,
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::query_model_licenses(
            deps,
            &env,
            model_id,
            owner,
            start_after,
            limit,
        )?)?,
        msg @ modelfund::cw721_query_variants!(QueryMsg) => {
            nft::cw721_query(&Licenses, deps, &env, msg.try_into()?)?
        }
    };
    Ok(bin)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    match msg {
        MigrateMsg::Migrate {} => {
            let res = modelfund::migrate::migrate_same_contract(
                deps.storage,
                CONTRACT_NAME,
                CONTRACT_VERSION,
            )?;
            let moved = state::migrate_holdings(deps.storage, &env)?;
            Ok(res.add_attribute("usable_leases_indexed", moved.to_string()))
        }
    }
}
