//! Execute handlers of access's own messages (the standard cw721 ones are `modelfund::nft`'s).
//! Each validates everything and checks authorization first, and writes only when every check
//! has passed, so a rejected message changes nothing.

use cosmwasm_std::{
    to_json_binary, Addr, Coin, Deps, DepsMut, Empty, Env, MessageInfo, Order, Response, Storage,
    Timestamp, Uint128, WasmMsg,
};
use cw721::state::NftInfo;
use cw_storage_plus::{Map, PrimaryKey};
use modelfund::access::{
    GrantMsg, LicenseInfo, Plan, PlanKind, PlanMsg, UsageMsg, UsageSource, MAX_PLANS,
    MAX_REGISTRARS,
};
use modelfund::nft::{self, Cw721Store};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::collection::Licenses;
use crate::error::ContractError;
use crate::model::{ensure_accepted, ensure_sales_open, load_dao_model, query_dao};
use crate::msg::SharesMsg;
use crate::state::{
    load_license, load_model, ModelRecord, UsageEntry, CONFIG, CREDITS, GATEWAYS, GRANTS,
    GRANT_KEYS, LICENSES, LICENSE_COUNT, MODELS, PLANS, REGISTRARS, REQUESTS, USABLE_LEASES, USAGE,
};
use crate::validate::{
    exact_payment, validate_batch_size, validate_grant, validate_plan, validate_plans,
    validate_usage, Grant,
};

const NANOS_PER_SECOND: u64 = 1_000_000_000;

fn overflow(what: &str) -> ContractError {
    ContractError::Overflow {
        what: what.to_string(),
    }
}

fn ensure_admin(storage: &dyn Storage, sender: &Addr) -> Result<(), ContractError> {
    if CONFIG.load(storage)?.admin != *sender {
        return Err(ContractError::NotAdmin {});
    }
    Ok(())
}

/// The error for buying `plan` as a plan of the kind `expected` that it is not: a metered plan is
/// paid through a payment channel, never bought here (`MeteredPlan`); any other plan is of the
/// other kind (`WrongPlanKind`).
fn not_of_kind(plan: Plan, expected: &str) -> ContractError {
    match plan.kind {
        PlanKind::Metered { .. } => ContractError::MeteredPlan {
            plan_id: plan.plan_id,
        },
        _ => ContractError::WrongPlanKind {
            plan_id: plan.plan_id,
            expected: expected.into(),
        },
    }
}

/// What a purchase buys: the registered model and its purchasable plan.
fn load_offer(
    storage: &dyn Storage,
    model_id: &str,
    plan_id: &str,
) -> Result<(ModelRecord, Plan), ContractError> {
    let model = load_model(storage, model_id)?;
    Ok((model, load_buyable_plan(storage, model_id, plan_id)?))
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

/// The fields of `register_model`.
pub struct Registration {
    pub model_id: String,
    pub shares: String,
    pub license_royalty_bps: u16,
    pub plans: Vec<PlanMsg>,
    pub presale: Option<String>,
}

pub fn register_model(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    r: Registration,
) -> Result<Response, ContractError> {
    let model_id = r.model_id;
    validate::identifier("model_id", &model_id, MAX_ID_LEN)?;
    let shares = deps.api.addr_validate(&r.shares)?;
    let presale = r.presale.map(|p| deps.api.addr_validate(&p)).transpose()?;
    validate::bps(u64::from(r.license_royalty_bps))?;
    validate_plans(&r.plans)?;
    let (dao, existing) = authorize_registration(deps.as_ref(), &info.sender, &model_id, &presale)?;
    ensure_accepted(deps.as_ref(), &shares, &r.plans)?;
    let updated = existing.is_some();
    let mut record = match existing {
        Some(mut m) => {
            m.shares = shares.clone();
            m.license_royalty_bps = r.license_royalty_bps;
            m
        }
        None => ModelRecord {
            shares: shares.clone(),
            license_royalty_bps: r.license_royalty_bps,
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
    let mut plan_ids = Vec::with_capacity(r.plans.len());
    for plan in r.plans {
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
        .add_attribute("license_royalty_bps", r.license_royalty_bps.to_string())
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

/// Who may register: the model's DAO (re-registering updates it, and it may not name a
/// presale), or a registrar for a model not registered yet. Answers the DAO and the existing
/// record.
fn authorize_registration(
    deps: Deps,
    sender: &Addr,
    model_id: &str,
    presale: &Option<Addr>,
) -> Result<(Addr, Option<ModelRecord>), ContractError> {
    let dao = query_dao(deps, model_id)?;
    let existing = MODELS.may_load(deps.storage, model_id)?;
    let model_id = model_id.to_string();
    if *sender != dao {
        if !REGISTRARS.has(deps.storage, sender) {
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
    Ok((dao, existing))
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

/// `approve_gateway` (`approve`) or `revoke_gateway`: the model's DAO only; approving an
/// approved gateway or revoking one that is not approved is an error.
pub fn change_gateway(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    gateway: String,
    approve: bool,
) -> Result<Response, ContractError> {
    load_dao_model(deps.as_ref(), &model_id, &info.sender)?;
    let gateway = deps.api.addr_validate(&gateway)?;
    let res = change_member(
        deps.storage,
        &GATEWAYS,
        (model_id.as_str(), &gateway),
        approve,
        ("approve_gateway", "revoke_gateway"),
        || {
            let (model_id, gateway) = (model_id.clone(), gateway.to_string());
            if approve {
                ContractError::GatewayAlreadyApproved { model_id, gateway }
            } else {
                ContractError::GatewayNotApproved { model_id, gateway }
            }
        },
        |_| Ok(()),
    )?;
    Ok(res
        .add_attribute("model_id", model_id)
        .add_attribute("gateway", gateway))
}

/// Adds (`add`) or removes `key` in a set kept as `Map<K, Empty>` (registrars, a model's
/// approved gateways): adding a member or removing a non-member is `conflict()`, and `admit`
/// checks an addition before it is written. Answers the response with the event's action,
/// `actions.0` for an addition, `actions.1` for a removal.
fn change_member<'a, K: PrimaryKey<'a> + Copy>(
    storage: &mut dyn Storage,
    set: &Map<K, Empty>,
    key: K,
    add: bool,
    actions: (&str, &str),
    conflict: impl FnOnce() -> ContractError,
    admit: impl FnOnce(&dyn Storage) -> Result<(), ContractError>,
) -> Result<Response, ContractError> {
    match (add, set.has(storage, key)) {
        (true, true) | (false, false) => return Err(conflict()),
        (true, false) => {
            admit(storage)?;
            set.save(storage, key, &Empty {})?;
        }
        (false, true) => set.remove(storage, key),
    }
    let action = if add { actions.0 } else { actions.1 };
    Ok(Response::new().add_attribute("action", action))
}

/// A purchase whose model is open for sales and whose optional grant is valid.
struct Purchase<'a> {
    model_id: &'a str,
    model: ModelRecord,
    /// this purchase recorded the model's sales as open (the model must be saved)
    opened_sales: bool,
    grant: Option<Grant>,
}

/// The start of both purchases, after their own plan checks: the grant that comes with it
/// checked, and sales open (a purchase that opened them saves the model in
/// [`Purchase::complete`]).
fn open_purchase<'a>(
    deps: Deps,
    model_id: &'a str,
    mut model: ModelRecord,
    grant: Option<GrantMsg>,
) -> Result<Purchase<'a>, ContractError> {
    let grant = grant.map(|g| validate_grant(deps.api, g)).transpose()?;
    let was_open = model.sales_open;
    ensure_sales_open(deps, model_id, &mut model)?;
    Ok(Purchase {
        model_id,
        model,
        opened_sales: !was_open,
        grant,
    })
}

impl Purchase<'_> {
    /// The start of both purchases' events: `action`, the model, the plan and the buyer (the
    /// purchase's own attributes follow, then [`Purchase::complete`]'s).
    fn event(&self, action: &str, plan_id: &str, buyer: &Addr) -> Response {
        Response::new()
            .add_attribute("action", action)
            .add_attribute("model_id", self.model_id)
            .add_attribute("plan_id", plan_id)
            .add_attribute("buyer", buyer)
    }

    /// The end of both purchases: the model saved when this purchase opened its sales, the
    /// grant given, and the whole payment forwarded to the model's shares contract as
    /// `distribute {}`.
    fn complete(
        self,
        storage: &mut dyn Storage,
        res: Response,
        info: MessageInfo,
    ) -> Result<Response, ContractError> {
        let Purchase {
            model_id,
            model,
            opened_sales,
            grant,
        } = self;
        if opened_sales {
            MODELS.save(storage, model_id, &model)?;
        }
        let mut res = res
            .add_message(WasmMsg::Execute {
                contract_addr: model.shares.to_string(),
                msg: to_json_binary(&SharesMsg::Distribute {})?,
                funds: info.funds,
            })
            .add_attribute("shares", &model.shares);
        if let Some(grant) = grant {
            store_grant(storage, model_id, &info.sender, &grant)?;
            res = res
                .add_attribute("grant_gateway", grant.gateway)
                .add_attribute("grant_calls", grant.calls.to_string())
                .add_attribute("grant_session_key", session_key_attr(&grant.session_key));
        }
        Ok(res)
    }
}

pub fn buy_credits(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    plan_id: String,
    packs: u32,
    grant: Option<GrantMsg>,
) -> Result<Response, ContractError> {
    let (model, plan) = load_offer(deps.storage, &model_id, &plan_id)?;
    let PlanKind::Credits { calls_per_pack } = plan.kind else {
        return Err(not_of_kind(plan, "credits"));
    };
    if packs == 0 {
        return Err(ContractError::Zero {
            field: "packs".into(),
        });
    }
    let purchase = open_purchase(deps.as_ref(), &model_id, model, grant)?;
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
    let res = purchase
        .event("buy_credits", &plan_id, &info.sender)
        .add_attribute("packs", packs.to_string())
        .add_attribute("calls", calls.to_string())
        .add_attribute("credits", credits.to_string())
        .add_attribute("paid", expected.to_string());
    purchase.complete(deps.storage, res, info)
}

pub fn buy_lease(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    plan_id: String,
    grant: Option<GrantMsg>,
) -> Result<Response, ContractError> {
    let (model, plan) = load_offer(deps.storage, &model_id, &plan_id)?;
    let PlanKind::Lease {
        duration_seconds,
        call_cap,
        terms,
    } = plan.kind
    else {
        return Err(not_of_kind(plan, "lease"));
    };
    let purchase = open_purchase(deps.as_ref(), &model_id, model, grant)?;
    exact_payment(&info, &plan.price)?;
    let expires_at = duration_seconds
        .checked_mul(NANOS_PER_SECOND)
        .and_then(|d| env.block.time.nanos().checked_add(d))
        .map(Timestamp::from_nanos)
        .ok_or_else(|| overflow("lease expiry"))?;
    let license = LicenseInfo {
        model_id: model_id.clone(),
        plan_id,
        price: plan.price,
        issued_at: env.block.time,
        expires_at,
        call_cap,
        calls_left: call_cap,
        terms,
    };
    let token_id = mint_license(deps.storage, &info.sender, &license)?;
    let res = purchase
        .event("buy_lease", &license.plan_id, &info.sender)
        .add_attribute("token_id", token_id)
        .add_attribute("expires_at", expires_at.to_string())
        .add_attribute("call_cap", call_cap.to_string())
        .add_attribute("paid", license.price.to_string());
    purchase.complete(deps.storage, res, info)
}

/// Mints the next license to `owner`: cw721's token record (owner, approvals) in cw721's
/// storage, so every cw721 message and query sees it, the license content, and its entry in
/// the usable-lease index. Written directly rather than through `cw721::execute::mint`, whose
/// URL parser alone adds ~200 KB to the wasm; licenses carry no token URI. Answers its id.
fn mint_license(
    storage: &mut dyn Storage,
    owner: &Addr,
    license: &LicenseInfo,
) -> Result<String, ContractError> {
    let number = LICENSE_COUNT
        .load(storage)?
        .checked_add(1)
        .ok_or_else(|| overflow("license count"))?;
    let token_id = number.to_string();
    let cw721_store = Cw721Store::default();
    cw721_store.nft_info.save(
        storage,
        &token_id,
        &NftInfo {
            owner: owner.clone(),
            approvals: vec![],
            token_uri: None,
            extension: None,
        },
    )?;
    cw721_store.increment_tokens(storage)?;
    LICENSE_COUNT.save(storage, &number)?;
    LICENSES.save(storage, &token_id, license)?;
    let expires = license.expires_at.nanos();
    let key = (
        license.model_id.as_str(),
        owner,
        (expires, token_id.as_str()),
    );
    USABLE_LEASES.save(storage, key, &Empty {})?;
    Ok(token_id)
}

/// Writes a grant, replacing the user's earlier one to the gateway with its session key.
fn store_grant(
    storage: &mut dyn Storage,
    model_id: &str,
    user: &Addr,
    grant: &Grant,
) -> Result<(), ContractError> {
    let key = (model_id, user, &grant.gateway);
    GRANTS.save(storage, key, &grant.calls)?;
    match &grant.session_key {
        Some(session_key) => GRANT_KEYS.save(storage, key, session_key)?,
        None => GRANT_KEYS.remove(storage, key),
    }
    Ok(())
}

/// A session key as an attribute: base64, or empty for none.
fn session_key_attr(key: &Option<cosmwasm_std::Binary>) -> String {
    key.as_ref().map(|k| k.to_base64()).unwrap_or_default()
}

pub fn grant(
    deps: DepsMut,
    info: MessageInfo,
    model_id: String,
    msg: GrantMsg,
) -> Result<Response, ContractError> {
    load_model(deps.storage, &model_id)?;
    let grant = validate_grant(deps.api, msg)?;
    store_grant(deps.storage, &model_id, &info.sender, &grant)?;
    Ok(Response::new()
        .add_attribute("action", "grant")
        .add_attribute("model_id", model_id)
        .add_attribute("user", info.sender)
        .add_attribute("gateway", grant.gateway)
        .add_attribute("calls", grant.calls.to_string())
        .add_attribute("session_key", session_key_attr(&grant.session_key)))
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
    GRANT_KEYS.remove(deps.storage, (&model_id, &info.sender, &gateway));
    Ok(Response::new()
        .add_attribute("action", "revoke_grant")
        .add_attribute("model_id", model_id)
        .add_attribute("user", info.sender)
        .add_attribute("gateway", gateway))
}

/// The fields of `consume`.
pub struct Usage {
    pub model_id: String,
    pub user: String,
    pub calls: u64,
    pub request_id: String,
    pub license_id: Option<String>,
}

pub fn consume(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    usage: Usage,
) -> Result<Response, ContractError> {
    let Usage {
        model_id,
        user,
        calls,
        request_id,
        license_id,
    } = usage;
    let gateway = info.sender;
    let mut metering = start_metering(deps.storage, &env, &model_id, &gateway)?;
    let usage = UsageMsg {
        user,
        calls,
        request_id: request_id.clone(),
        license_id,
    };
    let metered = meter_usage(deps.branch(), &mut metering, usage, Replay::Refuse)?;
    let Some(m) = metered else {
        // Replay::Refuse skips nothing: a used request id is refused above
        return Err(ContractError::RequestReplayed { request_id });
    };
    MODELS.save(deps.storage, &model_id, &metering.model)?;
    let license_attr = match &m.entry.source {
        UsageSource::Credits => String::new(),
        UsageSource::Lease { license_id } => license_id.clone(),
    };
    Ok(Response::new()
        .add_attribute("action", "consume")
        .add_attribute("model_id", model_id)
        .add_attribute("gateway", m.entry.gateway)
        .add_attribute("user", m.entry.user)
        .add_attribute("calls", calls.to_string())
        .add_attribute("request_id", m.entry.request_id)
        .add_attribute("source", usage_source_name(&m.entry.source))
        .add_attribute("license_id", license_attr)
        .add_attribute("seq", m.seq.to_string())
        .add_attribute("rights_left", m.rights_left.to_string())
        .add_attribute("grant_left", m.grant_left.to_string()))
}

/// `consume_batch`: every usage checked as `consume` and applied in order; a usage this gateway
/// already recorded under its request id (same user, calls and source) is skipped, anything
/// else wrong fails the whole message (the chain reverts what earlier usages wrote).
pub fn consume_batch(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    usages: Vec<UsageMsg>,
) -> Result<Response, ContractError> {
    validate_batch_size(usages.len())?;
    let gateway = info.sender;
    let mut metering = start_metering(deps.storage, &env, &model_id, &gateway)?;
    let (mut consumed, mut skipped, mut calls) = (0u64, 0u64, 0u64);
    let mut seqs: Option<(u64, u64)> = None;
    // Bounded by MAX_CONSUME_BATCH (checked above).
    for usage in usages {
        let metered = meter_usage(deps.branch(), &mut metering, usage, Replay::SkipSame)?;
        let Some(m) = metered else {
            skipped += 1;
            continue;
        };
        consumed += 1;
        calls = calls
            .checked_add(m.entry.calls)
            .ok_or_else(|| overflow("batch calls"))?;
        seqs = Some((seqs.map_or(m.seq, |(first, _)| first), m.seq));
    }
    if consumed > 0 {
        MODELS.save(deps.storage, &model_id, &metering.model)?;
    }
    let (first, last) = seqs.map_or((String::new(), String::new()), |(f, l)| {
        (f.to_string(), l.to_string())
    });
    Ok(Response::new()
        .add_attribute("action", "consume_batch")
        .add_attribute("model_id", model_id)
        .add_attribute("gateway", gateway)
        .add_attribute("consumed", consumed.to_string())
        .add_attribute("skipped", skipped.to_string())
        .add_attribute("calls", calls.to_string())
        .add_attribute("first_seq", first)
        .add_attribute("last_seq", last))
}

/// What one `consume` or `consume_batch` meters in: its block, the model (counted into as
/// usages are recorded; the handler saves it) and the gateway that meters.
struct Metering<'a> {
    env: &'a Env,
    model_id: &'a str,
    model: ModelRecord,
    gateway: &'a Addr,
}

/// `consume`'s and `consume_batch`'s first checks: the model, if `gateway` is approved for it.
fn start_metering<'a>(
    storage: &dyn Storage,
    env: &'a Env,
    model_id: &'a str,
    gateway: &'a Addr,
) -> Result<Metering<'a>, ContractError> {
    let model = load_model(storage, model_id)?;
    if !GATEWAYS.has(storage, (model_id, gateway)) {
        return Err(ContractError::GatewayNotApproved {
            model_id: model_id.to_string(),
            gateway: gateway.to_string(),
        });
    }
    Ok(Metering {
        env,
        model_id,
        model,
        gateway,
    })
}

/// What [`meter_usage`] does with a request id the gateway already used.
#[derive(Clone, Copy)]
enum Replay {
    /// `consume`: any such usage is refused (`RequestReplayed`).
    Refuse,
    /// `consume_batch`: the very usage recorded under it is skipped, another one refused.
    SkipSame,
}

/// One usage as `consume` and `consume_batch` check and meter it: the user's address, the calls
/// and request id, the request id against what the gateway already recorded (`replay`), then
/// [`meter`]. `None`: the usage was recorded before and is skipped (`Replay::SkipSame` only).
fn meter_usage(
    deps: DepsMut,
    metering: &mut Metering,
    usage: UsageMsg,
    replay: Replay,
) -> Result<Option<Metered>, ContractError> {
    let (env, model_id, gateway) = (metering.env, metering.model_id, metering.gateway);
    let user = deps.api.addr_validate(&usage.user)?;
    validate_usage(usage.calls, &usage.request_id)?;
    match replay {
        Replay::Refuse => {
            if REQUESTS.has(deps.storage, (gateway, &usage.request_id)) {
                return Err(ContractError::RequestReplayed {
                    request_id: usage.request_id,
                });
            }
        }
        Replay::SkipSame => {
            if already_recorded(deps.storage, model_id, gateway, &user, &usage)? {
                return Ok(None);
            }
        }
    }
    let model = &mut metering.model;
    meter(deps.storage, env, model_id, model, gateway, user, usage).map(Some)
}

/// Whether the gateway already recorded this very usage under its request id (then a batch
/// skips it); `RequestReplayed` when the request id was used for a different one.
fn already_recorded(
    storage: &dyn Storage,
    model_id: &str,
    gateway: &Addr,
    user: &Addr,
    usage: &UsageMsg,
) -> Result<bool, ContractError> {
    let Some((recorded_model, seq)) = REQUESTS.may_load(storage, (gateway, &usage.request_id))?
    else {
        return Ok(false);
    };
    let same_source = |source: &UsageSource| match (source, &usage.license_id) {
        (UsageSource::Credits, None) => true,
        (UsageSource::Lease { license_id }, Some(named)) => license_id == named,
        _ => false,
    };
    let same = recorded_model == model_id
        && USAGE
            .may_load(storage, (&recorded_model, seq))?
            .is_some_and(|e| e.user == *user && e.calls == usage.calls && same_source(&e.source));
    if !same {
        return Err(ContractError::RequestReplayed {
            request_id: usage.request_id.clone(),
        });
    }
    Ok(true)
}

/// One metered usage.
struct Metered {
    entry: UsageEntry,
    seq: u64,
    rights_left: u64,
    grant_left: u64,
}

/// Meters one usage of `user` (validated; `usage.user` is not read) whose calls and request id
/// are valid and whose request id is new ([`meter_usage`] checks them): within the user's grant
/// to `gateway`, from the named lease or else the credits; logs it and counts it into `model`
/// (the caller saves the model).
fn meter(
    storage: &mut dyn Storage,
    env: &Env,
    model_id: &str,
    model: &mut ModelRecord,
    gateway: &Addr,
    user: Addr,
    usage: UsageMsg,
) -> Result<Metered, ContractError> {
    let calls = usage.calls;
    let grant_left = grant_after(storage, model_id, &user, gateway, calls)?;
    // A lease when the gateway names it, credits otherwise.
    let (source, rights_left) = match usage.license_id {
        Some(license_id) => use_lease(storage, env, model_id, &user, license_id, calls)?,
        None => use_credits(storage, model_id, &user, calls)?,
    };
    GRANTS.save(storage, (model_id, &user, gateway), &grant_left)?;
    let entry = UsageEntry {
        gateway: gateway.clone(),
        user,
        calls,
        request_id: usage.request_id,
        source,
        height: env.block.height,
        time: env.block.time,
    };
    let seq = record_usage(storage, model_id, model, &entry)?;
    Ok(Metered {
        entry,
        seq,
        rights_left,
        grant_left,
    })
}

fn usage_source_name(source: &UsageSource) -> &'static str {
    match source {
        UsageSource::Credits => "credits",
        UsageSource::Lease { .. } => "lease",
    }
}

/// What the user's grant to `gateway` leaves after `calls`: `NoGrant` without one, `OverGrant`
/// when it is too small.
fn grant_after(
    storage: &dyn Storage,
    model_id: &str,
    user: &Addr,
    gateway: &Addr,
    calls: u64,
) -> Result<u64, ContractError> {
    let granted = GRANTS
        .may_load(storage, (model_id, user, gateway))?
        .ok_or_else(|| ContractError::NoGrant {
            model_id: model_id.to_string(),
            user: user.to_string(),
            gateway: gateway.to_string(),
        })?;
    granted.checked_sub(calls).ok_or(ContractError::OverGrant {
        granted,
        requested: calls,
    })
}

/// Takes `calls` from the named lease: owned by `user`, for this model, not expired, enough
/// calls left. A lease whose last call this is leaves the usable-lease index. Answers the
/// source and the calls left on it.
fn use_lease(
    storage: &mut dyn Storage,
    env: &Env,
    model_id: &str,
    user: &Addr,
    license_id: String,
    calls: u64,
) -> Result<(UsageSource, u64), ContractError> {
    let mut license = load_license(storage, &license_id)?;
    if license.model_id != model_id {
        return Err(ContractError::LicenseWrongModel {
            license_id,
            model_id: model_id.to_string(),
        });
    }
    if nft::owner(&Licenses, storage, &license_id)? != *user {
        return Err(ContractError::LicenseNotOwned {
            license_id,
            user: user.to_string(),
        });
    }
    if env.block.time >= license.expires_at {
        return Err(ContractError::LicenseExpired {
            license_id,
            expired_at: license.expires_at,
        });
    }
    license.calls_left =
        license
            .calls_left
            .checked_sub(calls)
            .ok_or(ContractError::InsufficientLeaseCalls {
                license_id: license_id.clone(),
                left: license.calls_left,
                requested: calls,
            })?;
    LICENSES.save(storage, &license_id, &license)?;
    if license.calls_left == 0 {
        // used up: no longer a usable lease
        let expires = license.expires_at.nanos();
        USABLE_LEASES.remove(storage, (model_id, user, (expires, &license_id)));
    }
    Ok((UsageSource::Lease { license_id }, license.calls_left))
}

/// Takes `calls` from the user's credits. Answers the source and the credits left.
fn use_credits(
    storage: &mut dyn Storage,
    model_id: &str,
    user: &Addr,
    calls: u64,
) -> Result<(UsageSource, u64), ContractError> {
    let available = CREDITS.may_load(storage, (model_id, user))?.unwrap_or(0);
    let left = available
        .checked_sub(calls)
        .ok_or(ContractError::InsufficientCredits {
            available,
            requested: calls,
        })?;
    if left == 0 {
        CREDITS.remove(storage, (model_id, user));
    } else {
        CREDITS.save(storage, (model_id, user), &left)?;
    }
    Ok((UsageSource::Credits, left))
}

/// Appends a consumption to the model's usage log, counts it into the model (the caller saves
/// it) and remembers the request id for the gateway. Answers its sequence number.
fn record_usage(
    storage: &mut dyn Storage,
    model_id: &str,
    model: &mut ModelRecord,
    entry: &UsageEntry,
) -> Result<u64, ContractError> {
    let seq = model
        .usage_count
        .checked_add(1)
        .ok_or_else(|| overflow("usage count"))?;
    model.usage_count = seq;
    model.calls_consumed = model
        .calls_consumed
        .checked_add(entry.calls)
        .ok_or_else(|| overflow("calls consumed"))?;
    REQUESTS.save(
        storage,
        (&entry.gateway, &entry.request_id),
        &(model_id.to_string(), seq),
    )?;
    USAGE.save(storage, (model_id, seq), entry)?;
    Ok(seq)
}

/// `add_registrar` (`add`) or `remove_registrar`: the access admin only; at most
/// `MAX_REGISTRARS`; adding a registrar twice or removing an unknown one is an error.
pub fn change_registrar(
    deps: DepsMut,
    info: MessageInfo,
    registrar: String,
    add: bool,
) -> Result<Response, ContractError> {
    ensure_admin(deps.storage, &info.sender)?;
    let registrar = deps.api.addr_validate(&registrar)?;
    let res = change_member(
        deps.storage,
        &REGISTRARS,
        &registrar,
        add,
        ("add_registrar", "remove_registrar"),
        || {
            let address = registrar.to_string();
            if add {
                ContractError::RegistrarExists { address }
            } else {
                ContractError::RegistrarNotFound { address }
            }
        },
        registrar_room,
    )?;
    Ok(res.add_attribute("registrar", registrar))
}

/// Room for one more registrar: fewer than `MAX_REGISTRARS`. Bounded: reads at most
/// `MAX_REGISTRARS + 1` keys.
fn registrar_room(storage: &dyn Storage) -> Result<(), ContractError> {
    let count = REGISTRARS
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_REGISTRARS as usize + 1)
        .count();
    if count >= MAX_REGISTRARS as usize {
        return Err(ContractError::TooManyRegistrars {
            max: MAX_REGISTRARS,
        });
    }
    Ok(())
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
