//! Execute handlers. Each validates everything and checks authorization first, and writes only
//! when every check has passed, so a rejected message changes nothing.

use cosmwasm_std::{
    to_json_binary, Addr, Binary, Coin, Deps, DepsMut, Empty, Env, MessageInfo, Order, Response,
    Storage, Timestamp, Uint128, WasmMsg,
};
use cw721::execute as cw721_exec;
use cw721::msg::OwnerOfResponse;
use cw721::state::{Cw721Config, NftInfo};
use cw721::Expiration;
use modelfund::access::{
    GrantMsg, LicenseInfo, Plan, PlanKind, PlanMsg, SalesStatus, UsageSource, MAX_PLANS,
    MAX_PLAN_ID_LEN, MAX_REGISTRARS, MAX_REQUEST_ID_LEN, MAX_TERMS_NOTES_LEN,
};
use modelfund::presale::Phase;
use modelfund::validate::{self, MAX_ID_LEN};

use crate::error::ContractError;
use crate::msg::SharesMsg;
use crate::state::{
    ModelRecord, UsageEntry, CONFIG, CREDITS, GATEWAYS, GRANTS, LICENSES, LICENSE_COUNT, MODELS,
    PLANS, REGISTRARS, REQUESTS, USABLE_LEASES, USAGE,
};

type Cw721Store = Cw721Config<'static, Option<Empty>>;

/// Longest lease: 100 years (keeps `expires_at` far inside the timestamp range).
pub const MAX_LEASE_SECONDS: u64 = 100 * 365 * 86_400;
const NANOS_PER_SECOND: u64 = 1_000_000_000;

fn overflow(what: &str) -> ContractError {
    ContractError::Overflow {
        what: what.to_string(),
    }
}

/// The model NFT's current owner in the registry: the model's DAO.
pub fn query_dao(deps: Deps, model_id: &str) -> Result<Addr, ContractError> {
    let registry = CONFIG.load(deps.storage)?.registry;
    let res: OwnerOfResponse = deps
        .querier
        .query_wasm_smart(
            registry,
            &modelfund::registry::QueryMsg::OwnerOf {
                token_id: model_id.to_string(),
                include_expired: None,
            },
        )
        .map_err(|_| ContractError::ModelNotInRegistry {
            model_id: model_id.to_string(),
        })?;
    Ok(deps.api.addr_validate(&res.owner)?)
}

fn load_model(storage: &dyn Storage, model_id: &str) -> Result<ModelRecord, ContractError> {
    MODELS
        .may_load(storage, model_id)?
        .ok_or_else(|| ContractError::ModelNotRegistered {
            model_id: model_id.to_string(),
        })
}

/// Loads a registered model and checks that `sender` is its DAO right now.
fn load_dao_model(deps: Deps, model_id: &str, sender: &Addr) -> Result<ModelRecord, ContractError> {
    let model = load_model(deps.storage, model_id)?;
    if query_dao(deps, model_id)? != *sender {
        return Err(ContractError::NotModelDao {
            model_id: model_id.to_string(),
        });
    }
    Ok(model)
}

/// Where a model's sales stand: open when recorded so; else (a model with a presale) what its
/// presale's phase says. One smart query, only while sales are not known to be open.
pub fn sales_status(deps: Deps, model: &ModelRecord) -> Result<SalesStatus, ContractError> {
    let presale = match (&model.presale, model.sales_open) {
        (_, true) | (None, _) => return Ok(SalesStatus::Open),
        (Some(presale), false) => presale,
    };
    let state: modelfund::presale::StateResponse = deps
        .querier
        .query_wasm_smart(presale, &modelfund::presale::QueryMsg::State {})
        .map_err(|_| ContractError::PresaleQueryFailed {
            presale: presale.to_string(),
        })?;
    Ok(match state.phase {
        Phase::Succeeded => SalesStatus::Open,
        Phase::Failed | Phase::Cancelled => SalesStatus::Closed,
        Phase::Upcoming | Phase::Open | Phase::Ended => SalesStatus::AwaitingPresale,
    })
}

/// A purchase may go ahead only while sales are open. The first purchase after the presale
/// succeeded records it in `model` (the caller saves it), so later purchases skip the query.
/// A failed or cancelled presale closes the model for sales for good: nothing could ever pay
/// out a payment to a shares contract that will never have holders.
fn ensure_sales_open(
    deps: Deps,
    model_id: &str,
    model: &mut ModelRecord,
) -> Result<(), ContractError> {
    if model.sales_open {
        return Ok(());
    }
    match sales_status(deps, model)? {
        SalesStatus::Open => {
            model.sales_open = true;
            Ok(())
        }
        SalesStatus::AwaitingPresale => Err(ContractError::SalesNotOpen {
            model_id: model_id.to_string(),
        }),
        SalesStatus::Closed => Err(ContractError::SalesClosed {
            model_id: model_id.to_string(),
        }),
    }
}

fn ensure_admin(storage: &dyn Storage, sender: &Addr) -> Result<(), ContractError> {
    if CONFIG.load(storage)?.admin != *sender {
        return Err(ContractError::NotAdmin {});
    }
    Ok(())
}

/// A bank denom (the rule every Modelfund contract shares: `modelfund::validate::denom`).
fn validate_denom(denom: &str) -> Result<(), ContractError> {
    modelfund::validate::denom(denom).map_err(|e| ContractError::InvalidPlan {
        reason: e.to_string(),
    })
}

/// Every plan is priced in a denom the model's shares contract accepts as revenue: the
/// payment of a purchase is forwarded to its `distribute`, which refuses other denoms, so such a
/// plan could never be bought. One query per message, only when it carries plans.
fn ensure_accepted(deps: Deps, shares: &Addr, plans: &[PlanMsg]) -> Result<(), ContractError> {
    if plans.is_empty() {
        return Ok(());
    }
    let config: modelfund::shares::RevenueConfigResponse = deps
        .querier
        .query_wasm_smart(shares, &modelfund::shares::QueryMsg::RevenueConfig {})
        .map_err(|_| ContractError::NotShares {
            shares: shares.to_string(),
        })?;
    for plan in plans {
        if !config.denoms.contains(&plan.price.denom) {
            return Err(ContractError::DenomNotAccepted {
                denom: plan.price.denom.clone(),
                shares: shares.to_string(),
            });
        }
    }
    Ok(())
}

fn validate_plan(plan: &PlanMsg) -> Result<(), ContractError> {
    validate::identifier("plan_id", &plan.plan_id, MAX_PLAN_ID_LEN)?;
    validate_denom(&plan.price.denom)?;
    if plan.price.amount.is_zero() {
        return Err(ContractError::Zero {
            field: "price".into(),
        });
    }
    match &plan.kind {
        PlanKind::Credits { calls_per_pack } => {
            if *calls_per_pack == 0 {
                return Err(ContractError::Zero {
                    field: "calls_per_pack".into(),
                });
            }
        }
        PlanKind::Lease {
            duration_seconds,
            call_cap,
            terms,
        } => {
            if *duration_seconds == 0 {
                return Err(ContractError::Zero {
                    field: "duration_seconds".into(),
                });
            }
            if *duration_seconds > MAX_LEASE_SECONDS {
                return Err(ContractError::InvalidPlan {
                    reason: format!("lease longer than {MAX_LEASE_SECONDS} seconds"),
                });
            }
            if *call_cap == 0 {
                return Err(ContractError::Zero {
                    field: "call_cap".into(),
                });
            }
            if let Some(notes) = &terms.notes {
                validate::text("terms notes", notes, MAX_TERMS_NOTES_LEN, false)?;
            }
        }
        // the price (non-zero, checked above) is per unit; nothing else to check
        PlanKind::Metered { .. } => {}
    }
    Ok(())
}

/// A metered plan is paid through a payment channel, never bought here.
fn refuse_metered(plan: &Plan) -> Result<(), ContractError> {
    if let PlanKind::Metered { .. } = plan.kind {
        return Err(ContractError::MeteredPlan {
            plan_id: plan.plan_id.clone(),
        });
    }
    Ok(())
}

/// Checks that exactly `expected` (one coin) was attached.
fn exact_payment(info: &MessageInfo, expected: &Coin) -> Result<(), ContractError> {
    match info.funds.as_slice() {
        [coin] if coin == expected => Ok(()),
        funds => Err(ContractError::WrongPayment {
            expected: expected.to_string(),
            received: if funds.is_empty() {
                "nothing".to_string()
            } else {
                funds
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            },
        }),
    }
}

/// A purchasable plan: exists, not retired.
fn load_buyable_plan(
    storage: &dyn Storage,
    model_id: &str,
    plan_id: &str,
) -> Result<Plan, ContractError> {
    let plan = PLANS
        .may_load(storage, (model_id, plan_id))?
        .ok_or_else(|| ContractError::PlanNotFound {
            model_id: model_id.to_string(),
            plan_id: plan_id.to_string(),
        })?;
    if plan.retired {
        return Err(ContractError::PlanRetired {
            plan_id: plan_id.to_string(),
        });
    }
    Ok(plan)
}

fn validate_grant(
    deps: Deps,
    grant: Option<GrantMsg>,
) -> Result<Option<(Addr, u64)>, ContractError> {
    match grant {
        Some(g) => {
            let gateway = deps.api.addr_validate(&g.gateway)?;
            if g.calls == 0 {
                return Err(ContractError::Zero {
                    field: "calls".into(),
                });
            }
            Ok(Some((gateway, g.calls)))
        }
        None => Ok(None),
    }
}

/// The payment, forwarded to the model's shares contract as `distribute {}`.
fn distribute_msg(shares: &Addr, funds: Vec<Coin>) -> Result<WasmMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: shares.to_string(),
        msg: to_json_binary(&SharesMsg::Distribute {})?,
        funds,
    })
}

#[allow(clippy::too_many_arguments)]
pub fn register_model(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    shares: String,
    license_royalty_bps: u16,
    plans: Vec<PlanMsg>,
    presale: Option<String>,
) -> Result<Response, ContractError> {
    validate::identifier("model_id", &model_id, MAX_ID_LEN)?;
    let shares = deps.api.addr_validate(&shares)?;
    let presale = presale.map(|p| deps.api.addr_validate(&p)).transpose()?;
    validate::bps(u64::from(license_royalty_bps))?;
    if plans.len() > MAX_PLANS as usize {
        return Err(ContractError::TooManyPlans { max: MAX_PLANS });
    }
    for (i, plan) in plans.iter().enumerate() {
        validate_plan(plan)?;
        if plans[..i].iter().any(|p| p.plan_id == plan.plan_id) {
            return Err(ContractError::InvalidPlan {
                reason: format!("plan id {} appears twice", plan.plan_id),
            });
        }
    }
    let dao = query_dao(deps.as_ref(), &model_id)?;
    let existing = MODELS.may_load(deps.storage, &model_id)?;
    if info.sender != dao {
        if !REGISTRARS.has(deps.storage, &info.sender) {
            return Err(ContractError::NotRegistrar { model_id });
        }
        if existing.is_some() {
            return Err(ContractError::AlreadyRegistered { model_id });
        }
    } else if presale.is_some() {
        // Only a registrar's first registration records a presale; the DAO can neither set one
        // nor change or remove the recorded one (that would open sales a presale holds back).
        return Err(ContractError::PresaleFixed { model_id });
    }
    ensure_accepted(deps.as_ref(), &shares, &plans)?;
    let updated = existing.is_some();
    let mut record = match existing {
        Some(mut m) => {
            m.shares = shares.clone();
            m.license_royalty_bps = license_royalty_bps;
            m
        }
        None => ModelRecord {
            shares: shares.clone(),
            license_royalty_bps,
            registered_by: info.sender.clone(),
            registered_at: env.block.time,
            active_plans: 0,
            usage_count: 0,
            calls_consumed: 0,
            sales_open: presale.is_none(),
            presale,
        },
    };
    // Bounded by MAX_PLANS (checked above); every plan is checked before this loop writes, and
    // an error inside it (too many active plans) reverts the whole message.
    let mut plan_ids = Vec::with_capacity(plans.len());
    for plan in plans {
        plan_ids.push(plan.plan_id.clone());
        store_plan(deps.storage, &env, &model_id, &mut record, plan)?;
    }
    MODELS.save(deps.storage, &model_id, &record)?;
    Ok(Response::new()
        .add_attribute("action", "register_model")
        .add_attribute("model_id", model_id)
        .add_attribute("sender", info.sender)
        .add_attribute("dao", dao)
        .add_attribute("shares", shares)
        .add_attribute("license_royalty_bps", license_royalty_bps.to_string())
        .add_attribute("plans", plan_ids.join(","))
        .add_attribute(
            "presale",
            record
                .presale
                .as_ref()
                .map_or_else(|| "none".to_string(), Addr::to_string),
        )
        .add_attribute("updated", updated.to_string()))
}

pub fn set_plan(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    plan: PlanMsg,
) -> Result<Response, ContractError> {
    let mut model = load_dao_model(deps.as_ref(), &model_id, &info.sender)?;
    validate_plan(&plan)?;
    ensure_accepted(deps.as_ref(), &model.shares, std::slice::from_ref(&plan))?;
    let plan_id = plan.plan_id.clone();
    let price = plan.price.to_string();
    let (kind, created) = store_plan(deps.storage, &env, &model_id, &mut model, plan)?;
    MODELS.save(deps.storage, &model_id, &model)?;
    Ok(Response::new()
        .add_attribute("action", "set_plan")
        .add_attribute("model_id", model_id)
        .add_attribute("plan_id", plan_id)
        .add_attribute("kind", kind)
        .add_attribute("price", price)
        .add_attribute("created", created.to_string()))
}

/// Saves a validated plan and counts it into `model.active_plans` when it becomes active (the
/// caller saves `model`). Answers the plan's kind and whether it is new.
fn store_plan(
    storage: &mut dyn Storage,
    env: &Env,
    model_id: &str,
    model: &mut ModelRecord,
    plan: PlanMsg,
) -> Result<(&'static str, bool), ContractError> {
    let existing = PLANS.may_load(storage, (model_id, &plan.plan_id))?;
    if existing.as_ref().is_none_or(|p| p.retired) {
        if model.active_plans >= MAX_PLANS {
            return Err(ContractError::TooManyPlans { max: MAX_PLANS });
        }
        model.active_plans = model
            .active_plans
            .checked_add(1)
            .ok_or_else(|| overflow("active plans"))?;
    }
    let kind = match plan.kind {
        PlanKind::Credits { .. } => "credits",
        PlanKind::Lease { .. } => "lease",
        PlanKind::Metered { .. } => "metered",
    };
    let stored = Plan {
        plan_id: plan.plan_id,
        price: plan.price,
        kind: plan.kind,
        retired: false,
        updated_at: env.block.time,
    };
    PLANS.save(storage, (model_id, &stored.plan_id), &stored)?;
    Ok((kind, existing.is_none()))
}

pub fn retire_plan(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    plan_id: String,
) -> Result<Response, ContractError> {
    let mut model = load_dao_model(deps.as_ref(), &model_id, &info.sender)?;
    let mut plan = load_buyable_plan(deps.storage, &model_id, &plan_id)?;
    plan.retired = true;
    plan.updated_at = env.block.time;
    model.active_plans = model
        .active_plans
        .checked_sub(1)
        .ok_or_else(|| overflow("active plans"))?;
    PLANS.save(deps.storage, (&model_id, &plan_id), &plan)?;
    MODELS.save(deps.storage, &model_id, &model)?;
    Ok(Response::new()
        .add_attribute("action", "retire_plan")
        .add_attribute("model_id", model_id)
        .add_attribute("plan_id", plan_id))
}

pub fn approve_gateway(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    gateway: String,
) -> Result<Response, ContractError> {
    load_dao_model(deps.as_ref(), &model_id, &info.sender)?;
    let gateway = deps.api.addr_validate(&gateway)?;
    if GATEWAYS.has(deps.storage, (&model_id, &gateway)) {
        return Err(ContractError::GatewayAlreadyApproved {
            model_id,
            gateway: gateway.into_string(),
        });
    }
    GATEWAYS.save(deps.storage, (&model_id, &gateway), &Empty {})?;
    Ok(Response::new()
        .add_attribute("action", "approve_gateway")
        .add_attribute("model_id", model_id)
        .add_attribute("gateway", gateway))
}

pub fn revoke_gateway(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    gateway: String,
) -> Result<Response, ContractError> {
    load_dao_model(deps.as_ref(), &model_id, &info.sender)?;
    let gateway = deps.api.addr_validate(&gateway)?;
    if !GATEWAYS.has(deps.storage, (&model_id, &gateway)) {
        return Err(ContractError::GatewayNotApproved {
            model_id,
            gateway: gateway.into_string(),
        });
    }
    GATEWAYS.remove(deps.storage, (&model_id, &gateway));
    Ok(Response::new()
        .add_attribute("action", "revoke_gateway")
        .add_attribute("model_id", model_id)
        .add_attribute("gateway", gateway))
}

pub fn buy_credits(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    plan_id: String,
    packs: u32,
    grant: Option<GrantMsg>,
) -> Result<Response, ContractError> {
    let mut model = load_model(deps.storage, &model_id)?;
    let plan = load_buyable_plan(deps.storage, &model_id, &plan_id)?;
    let PlanKind::Credits { calls_per_pack } = plan.kind else {
        refuse_metered(&plan)?;
        return Err(ContractError::WrongPlanKind {
            plan_id,
            expected: "credits".into(),
        });
    };
    if packs == 0 {
        return Err(ContractError::Zero {
            field: "packs".into(),
        });
    }
    let grant = validate_grant(deps.as_ref(), grant)?;
    let was_open = model.sales_open;
    ensure_sales_open(deps.as_ref(), &model_id, &mut model)?;
    let expected = Coin {
        denom: plan.price.denom.clone(),
        amount: plan
            .price
            .amount
            .checked_mul(Uint128::from(packs))
            .map_err(|_| overflow("price"))?,
    };
    exact_payment(&info, &expected)?;
    let calls = calls_per_pack
        .checked_mul(u64::from(packs))
        .ok_or_else(|| overflow("calls"))?;
    let credits = CREDITS
        .may_load(deps.storage, (&model_id, &info.sender))?
        .unwrap_or(0)
        .checked_add(calls)
        .ok_or_else(|| overflow("credits"))?;

    CREDITS.save(deps.storage, (&model_id, &info.sender), &credits)?;
    if !was_open {
        MODELS.save(deps.storage, &model_id, &model)?;
    }
    let mut res = Response::new()
        .add_message(distribute_msg(&model.shares, info.funds)?)
        .add_attribute("action", "buy_credits")
        .add_attribute("model_id", &model_id)
        .add_attribute("plan_id", plan_id)
        .add_attribute("buyer", &info.sender)
        .add_attribute("packs", packs.to_string())
        .add_attribute("calls", calls.to_string())
        .add_attribute("credits", credits.to_string())
        .add_attribute("paid", expected.to_string())
        .add_attribute("shares", &model.shares);
    if let Some((gateway, calls)) = grant {
        GRANTS.save(deps.storage, (&model_id, &info.sender, &gateway), &calls)?;
        res = res
            .add_attribute("grant_gateway", gateway)
            .add_attribute("grant_calls", calls.to_string());
    }
    Ok(res)
}

pub fn buy_lease(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    plan_id: String,
    grant: Option<GrantMsg>,
) -> Result<Response, ContractError> {
    let mut model = load_model(deps.storage, &model_id)?;
    let plan = load_buyable_plan(deps.storage, &model_id, &plan_id)?;
    let PlanKind::Lease {
        duration_seconds,
        call_cap,
        terms,
    } = plan.kind
    else {
        refuse_metered(&plan)?;
        return Err(ContractError::WrongPlanKind {
            plan_id,
            expected: "lease".into(),
        });
    };
    let grant = validate_grant(deps.as_ref(), grant)?;
    let was_open = model.sales_open;
    ensure_sales_open(deps.as_ref(), &model_id, &mut model)?;
    exact_payment(&info, &plan.price)?;
    let expires_at = duration_seconds
        .checked_mul(NANOS_PER_SECOND)
        .and_then(|d| env.block.time.nanos().checked_add(d))
        .map(Timestamp::from_nanos)
        .ok_or_else(|| overflow("lease expiry"))?;
    let number = LICENSE_COUNT
        .load(deps.storage)?
        .checked_add(1)
        .ok_or_else(|| overflow("license count"))?;
    let token_id = number.to_string();

    // The token is cw721's record (owner, approvals) in cw721's storage, so every cw721 message
    // and query sees it; written directly rather than through `cw721::execute::mint`, whose URL
    // parser alone adds ~200 KB to the wasm. Licenses carry no token URI.
    let cw721_store = Cw721Store::default();
    cw721_store.nft_info.save(
        deps.storage,
        &token_id,
        &NftInfo {
            owner: info.sender.clone(),
            approvals: vec![],
            token_uri: None,
            extension: None,
        },
    )?;
    cw721_store.increment_tokens(deps.storage)?;
    LICENSE_COUNT.save(deps.storage, &number)?;
    LICENSES.save(
        deps.storage,
        &token_id,
        &LicenseInfo {
            model_id: model_id.clone(),
            plan_id: plan_id.clone(),
            price: plan.price.clone(),
            issued_at: env.block.time,
            expires_at,
            call_cap,
            calls_left: call_cap,
            terms,
        },
    )?;
    USABLE_LEASES.save(
        deps.storage,
        (&model_id, &info.sender, (expires_at.nanos(), &token_id)),
        &Empty {},
    )?;
    if !was_open {
        MODELS.save(deps.storage, &model_id, &model)?;
    }

    let mut res = Response::new()
        .add_message(distribute_msg(&model.shares, info.funds)?)
        .add_attribute("action", "buy_lease")
        .add_attribute("model_id", &model_id)
        .add_attribute("plan_id", plan_id)
        .add_attribute("buyer", &info.sender)
        .add_attribute("token_id", &token_id)
        .add_attribute("expires_at", expires_at.to_string())
        .add_attribute("call_cap", call_cap.to_string())
        .add_attribute("paid", plan.price.to_string())
        .add_attribute("shares", &model.shares);
    if let Some((gateway, calls)) = grant {
        GRANTS.save(deps.storage, (&model_id, &info.sender, &gateway), &calls)?;
        res = res
            .add_attribute("grant_gateway", gateway)
            .add_attribute("grant_calls", calls.to_string());
    }
    Ok(res)
}

pub fn grant(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    gateway: String,
    calls: u64,
) -> Result<Response, ContractError> {
    load_model(deps.storage, &model_id)?;
    let Some((gateway, calls)) = validate_grant(deps.as_ref(), Some(GrantMsg { gateway, calls }))?
    else {
        return Err(ContractError::Zero {
            field: "calls".into(),
        });
    };
    GRANTS.save(deps.storage, (&model_id, &info.sender, &gateway), &calls)?;
    Ok(Response::new()
        .add_attribute("action", "grant")
        .add_attribute("model_id", model_id)
        .add_attribute("user", info.sender)
        .add_attribute("gateway", gateway)
        .add_attribute("calls", calls.to_string()))
}

pub fn revoke_grant(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    gateway: String,
) -> Result<Response, ContractError> {
    let gateway = deps.api.addr_validate(&gateway)?;
    if !GRANTS.has(deps.storage, (&model_id, &info.sender, &gateway)) {
        return Err(ContractError::NoGrant {
            model_id,
            user: info.sender.into_string(),
            gateway: gateway.into_string(),
        });
    }
    GRANTS.remove(deps.storage, (&model_id, &info.sender, &gateway));
    Ok(Response::new()
        .add_attribute("action", "revoke_grant")
        .add_attribute("model_id", model_id)
        .add_attribute("user", info.sender)
        .add_attribute("gateway", gateway))
}

#[allow(clippy::too_many_arguments)]
pub fn consume(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    user: String,
    calls: u64,
    request_id: String,
    license_id: Option<String>,
) -> Result<Response, ContractError> {
    let gateway = info.sender;
    let mut model = load_model(deps.storage, &model_id)?;
    if !GATEWAYS.has(deps.storage, (&model_id, &gateway)) {
        return Err(ContractError::GatewayNotApproved {
            model_id,
            gateway: gateway.into_string(),
        });
    }
    let user = deps.api.addr_validate(&user)?;
    if calls == 0 {
        return Err(ContractError::Zero {
            field: "calls".into(),
        });
    }
    validate::identifier("request_id", &request_id, MAX_REQUEST_ID_LEN)?;
    if REQUESTS.has(deps.storage, (&gateway, &request_id)) {
        return Err(ContractError::RequestReplayed { request_id });
    }
    let granted = GRANTS
        .may_load(deps.storage, (&model_id, &user, &gateway))?
        .ok_or_else(|| ContractError::NoGrant {
            model_id: model_id.clone(),
            user: user.to_string(),
            gateway: gateway.to_string(),
        })?;
    let grant_left = granted.checked_sub(calls).ok_or(ContractError::OverGrant {
        granted,
        requested: calls,
    })?;

    // A lease when the gateway names it, credits otherwise.
    let (source, rights_left) = match license_id {
        Some(license_id) => {
            let mut license = LICENSES
                .may_load(deps.storage, &license_id)?
                .ok_or_else(|| ContractError::LicenseNotFound {
                    license_id: license_id.clone(),
                })?;
            if license.model_id != model_id {
                return Err(ContractError::LicenseWrongModel {
                    license_id,
                    model_id,
                });
            }
            let owner = Cw721Store::default()
                .nft_info
                .load(deps.storage, &license_id)?
                .owner;
            if owner != user {
                return Err(ContractError::LicenseNotOwned {
                    license_id,
                    user: user.into_string(),
                });
            }
            if env.block.time >= license.expires_at {
                return Err(ContractError::LicenseExpired {
                    license_id,
                    expired_at: license.expires_at,
                });
            }
            license.calls_left = license.calls_left.checked_sub(calls).ok_or(
                ContractError::InsufficientLeaseCalls {
                    license_id: license_id.clone(),
                    left: license.calls_left,
                    requested: calls,
                },
            )?;
            LICENSES.save(deps.storage, &license_id, &license)?;
            if license.calls_left == 0 {
                // used up: no longer a usable lease
                USABLE_LEASES.remove(
                    deps.storage,
                    (&model_id, &user, (license.expires_at.nanos(), &license_id)),
                );
            }
            (UsageSource::Lease { license_id }, license.calls_left)
        }
        None => {
            let available = CREDITS
                .may_load(deps.storage, (&model_id, &user))?
                .unwrap_or(0);
            let left = available
                .checked_sub(calls)
                .ok_or(ContractError::InsufficientCredits {
                    available,
                    requested: calls,
                })?;
            if left == 0 {
                CREDITS.remove(deps.storage, (&model_id, &user));
            } else {
                CREDITS.save(deps.storage, (&model_id, &user), &left)?;
            }
            (UsageSource::Credits, left)
        }
    };

    let seq = model
        .usage_count
        .checked_add(1)
        .ok_or_else(|| overflow("usage count"))?;
    model.usage_count = seq;
    model.calls_consumed = model
        .calls_consumed
        .checked_add(calls)
        .ok_or_else(|| overflow("calls consumed"))?;
    MODELS.save(deps.storage, &model_id, &model)?;
    GRANTS.save(deps.storage, (&model_id, &user, &gateway), &grant_left)?;
    REQUESTS.save(
        deps.storage,
        (&gateway, &request_id),
        &(model_id.clone(), seq),
    )?;
    let (source_name, license_attr) = match &source {
        UsageSource::Credits => ("credits", String::new()),
        UsageSource::Lease { license_id } => ("lease", license_id.clone()),
    };
    USAGE.save(
        deps.storage,
        (&model_id, seq),
        &UsageEntry {
            gateway: gateway.clone(),
            user: user.clone(),
            calls,
            request_id: request_id.clone(),
            source,
            height: env.block.height,
            time: env.block.time,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "consume")
        .add_attribute("model_id", model_id)
        .add_attribute("gateway", gateway)
        .add_attribute("user", user)
        .add_attribute("calls", calls.to_string())
        .add_attribute("request_id", request_id)
        .add_attribute("source", source_name)
        .add_attribute("license_id", license_attr)
        .add_attribute("seq", seq.to_string())
        .add_attribute("rights_left", rights_left.to_string())
        .add_attribute("grant_left", grant_left.to_string()))
}

/// The license content and its current owner, or `LicenseNotFound`.
fn load_license(
    storage: &dyn Storage,
    token_id: &str,
) -> Result<(LicenseInfo, Addr), ContractError> {
    let license =
        LICENSES
            .may_load(storage, token_id)?
            .ok_or_else(|| ContractError::LicenseNotFound {
                license_id: token_id.to_string(),
            })?;
    let owner = Cw721Store::default()
        .nft_info
        .load(storage, token_id)?
        .owner;
    Ok((license, owner))
}

/// Moves a license's entry in the usable-lease index after cw721 moved the token: to the new
/// owner while it has calls left and time to run; an expired one just leaves the index.
fn move_usable_lease(
    storage: &mut dyn Storage,
    env: &Env,
    license: &LicenseInfo,
    from: &Addr,
    to: &Addr,
    token_id: &str,
) -> Result<(), ContractError> {
    let expires = license.expires_at.nanos();
    USABLE_LEASES.remove(storage, (&license.model_id, from, (expires, token_id)));
    if license.calls_left > 0 && env.block.time < license.expires_at {
        USABLE_LEASES.save(
            storage,
            (&license.model_id, to, (expires, token_id)),
            &Empty {},
        )?;
    }
    Ok(())
}

pub fn transfer_nft(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    token_id: String,
) -> Result<Response, ContractError> {
    let (license, from) = load_license(deps.storage, &token_id)?;
    let recipient = deps.api.addr_validate(&recipient)?;
    cw721_exec::transfer_nft::<Option<Empty>>(
        deps.branch(),
        &env,
        &info,
        recipient.as_str(),
        &token_id,
    )?;
    move_usable_lease(deps.storage, &env, &license, &from, &recipient, &token_id)?;
    Ok(Response::new()
        .add_attribute("action", "transfer_nft")
        .add_attribute("sender", info.sender)
        .add_attribute("recipient", recipient)
        .add_attribute("token_id", token_id)
        .add_attribute("model_id", license.model_id))
}

pub fn send_nft(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    contract: String,
    token_id: String,
    msg: Binary,
) -> Result<Response, ContractError> {
    let (license, from) = load_license(deps.storage, &token_id)?;
    let contract = deps.api.addr_validate(&contract)?;
    let res = cw721_exec::send_nft::<Option<Empty>, Empty>(
        deps.branch(),
        &env,
        &info,
        contract.to_string(),
        token_id.clone(),
        msg,
    )?;
    move_usable_lease(deps.storage, &env, &license, &from, &contract, &token_id)?;
    Ok(res.add_attribute("model_id", license.model_id))
}

pub fn approve(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    token_id: String,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    load_license(deps.storage, &token_id)?;
    deps.api.addr_validate(&spender)?;
    Ok(cw721_exec::approve::<Option<Empty>, Empty>(
        deps, &env, &info, spender, token_id, expires,
    )?)
}

pub fn revoke(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    token_id: String,
) -> Result<Response, ContractError> {
    load_license(deps.storage, &token_id)?;
    deps.api.addr_validate(&spender)?;
    Ok(cw721_exec::revoke::<Option<Empty>, Empty>(
        deps, &env, &info, spender, token_id,
    )?)
}

pub fn approve_all(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    deps.api.addr_validate(&operator)?;
    Ok(cw721_exec::approve_all::<Empty>(
        deps, &env, &info, operator, expires,
    )?)
}

pub fn revoke_all(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
) -> Result<Response, ContractError> {
    deps.api.addr_validate(&operator)?;
    Ok(cw721_exec::revoke_all::<Empty>(
        deps, &env, &info, operator,
    )?)
}

pub fn add_registrar(
    deps: DepsMut,
    info: MessageInfo,
    registrar: String,
) -> Result<Response, ContractError> {
    ensure_admin(deps.storage, &info.sender)?;
    let registrar = deps.api.addr_validate(&registrar)?;
    if REGISTRARS.has(deps.storage, &registrar) {
        return Err(ContractError::RegistrarExists {
            address: registrar.into_string(),
        });
    }
    // Bounded: reads at most MAX_REGISTRARS + 1 keys.
    let count = REGISTRARS
        .keys(deps.storage, None, None, Order::Ascending)
        .take(MAX_REGISTRARS as usize + 1)
        .count();
    if count >= MAX_REGISTRARS as usize {
        return Err(ContractError::TooManyRegistrars {
            max: MAX_REGISTRARS,
        });
    }
    REGISTRARS.save(deps.storage, &registrar, &Empty {})?;
    Ok(Response::new()
        .add_attribute("action", "add_registrar")
        .add_attribute("registrar", registrar))
}

pub fn remove_registrar(
    deps: DepsMut,
    info: MessageInfo,
    registrar: String,
) -> Result<Response, ContractError> {
    ensure_admin(deps.storage, &info.sender)?;
    let registrar = deps.api.addr_validate(&registrar)?;
    if !REGISTRARS.has(deps.storage, &registrar) {
        return Err(ContractError::RegistrarNotFound {
            address: registrar.into_string(),
        });
    }
    REGISTRARS.remove(deps.storage, &registrar);
    Ok(Response::new()
        .add_attribute("action", "remove_registrar")
        .add_attribute("registrar", registrar))
}

pub fn update_admin(
    deps: DepsMut,
    info: MessageInfo,
    admin: String,
) -> Result<Response, ContractError> {
    ensure_admin(deps.storage, &info.sender)?;
    let admin = deps.api.addr_validate(&admin)?;
    CONFIG.update(deps.storage, |mut c| -> Result<_, ContractError> {
        c.admin = admin.clone();
        Ok(c)
    })?;
    Ok(Response::new()
        .add_attribute("action", "update_admin")
        .add_attribute("previous_admin", info.sender)
        .add_attribute("admin", admin))
}
