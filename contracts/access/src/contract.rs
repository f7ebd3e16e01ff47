#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    Binary, Deps, DepsMut, Empty, Env, MessageInfo, Order, Response, StdResult, Storage,
};
use cw721::state::{CollectionInfo, Cw721Config};
use modelfund::access::MAX_REGISTRARS;
use modelfund::nft;
use modelfund::validate;

use crate::collection::Licenses;
use crate::error::ContractError;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{
    Config, CONFIG, LEGACY_HOLDINGS, LICENSES, LICENSE_COUNT, REGISTRARS, USABLE_LEASES,
};
use crate::{execute, query};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-access";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    validate::text("name", &msg.name, 128, true)?;
    validate::text("symbol", &msg.symbol, 32, true)?;
    let registry = deps.api.addr_validate(&msg.registry)?;
    let admin = match msg.admin {
        Some(admin) => deps.api.addr_validate(&admin)?,
        None => info.sender.clone(),
    };
    let registrars = msg.registrars.unwrap_or_default();
    if registrars.len() > MAX_REGISTRARS as usize {
        return Err(ContractError::TooManyRegistrars {
            max: MAX_REGISTRARS,
        });
    }
    let registrars = registrars
        .iter()
        .map(|r| deps.api.addr_validate(r))
        .collect::<Result<Vec<_>, _>>()?;

    Cw721Config::<Option<Empty>>::default()
        .collection_info
        .save(
            deps.storage,
            &CollectionInfo {
                name: msg.name.clone(),
                symbol: msg.symbol.clone(),
                updated_at: env.block.time,
            },
        )?;
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
    // Only the two purchases take funds (and forward all of them); everything else refuses them.
    if !matches!(
        msg,
        ExecuteMsg::BuyCredits { .. } | ExecuteMsg::BuyLease { .. }
    ) {
        cw_utils::nonpayable(&info)?;
    }
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
            model_id,
            shares,
            license_royalty_bps,
            plans,
            presale,
        ),
        ExecuteMsg::SetPlan { model_id, plan } => {
            execute::set_plan(deps, env, info, model_id, plan)
        }
        ExecuteMsg::RetirePlan { model_id, plan_id } => {
            execute::retire_plan(deps, env, info, model_id, plan_id)
        }
        ExecuteMsg::ApproveGateway { model_id, gateway } => {
            execute::approve_gateway(deps, info, model_id, gateway)
        }
        ExecuteMsg::RevokeGateway { model_id, gateway } => {
            execute::revoke_gateway(deps, info, model_id, gateway)
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
        } => execute::grant(deps, info, model_id, gateway, calls),
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
            deps, env, info, model_id, user, calls, request_id, license_id,
        ),
        msg @ modelfund::cw721_execute_variants!(ExecuteMsg) => {
            nft::execute(&Licenses, deps, &env, &info, msg.try_into()?)
        }
        ExecuteMsg::AddRegistrar { registrar } => execute::add_registrar(deps, info, registrar),
        ExecuteMsg::RemoveRegistrar { registrar } => {
            execute::remove_registrar(deps, info, registrar)
        }
        ExecuteMsg::UpdateAdmin { admin } => execute::update_admin(deps, info, admin),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    query::query(deps, env, msg)
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
            let moved = migrate_holdings(deps.storage, &env)?;
            Ok(res.add_attribute("usable_leases_indexed", moved.to_string()))
        }
    }
}

/// Versions before the usable-lease index kept every license a holder ever had in
/// `LEGACY_HOLDINGS`; this moves the usable ones (calls left, not expired) into
/// `USABLE_LEASES` and clears the old index. It reads each old entry once: a one-time cost of the
/// upgrade that grows with the licenses issued before it, paid in the migrate transaction (none
/// on a contract instantiated with this version).
fn migrate_holdings(storage: &mut dyn Storage, env: &Env) -> Result<u64, ContractError> {
    let old = LEGACY_HOLDINGS
        .keys(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let mut moved: u64 = 0;
    for (model_id, owner, token_id) in old {
        LEGACY_HOLDINGS.remove(storage, (&model_id, &owner, &token_id));
        let Some(license) = LICENSES.may_load(storage, &token_id)? else {
            continue;
        };
        if license.calls_left > 0 && env.block.time < license.expires_at {
            USABLE_LEASES.save(
                storage,
                (&model_id, &owner, (license.expires_at.nanos(), &token_id)),
                &Empty {},
            )?;
            moved = moved.checked_add(1).ok_or(ContractError::Overflow {
                what: "migrated leases".into(),
            })?;
        }
    }
    Ok(moved)
}
