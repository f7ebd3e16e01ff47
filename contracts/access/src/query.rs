//! Query handlers: Modelfund queries plus the standard cw721 ones, answered in cw721's shapes.
//! Every list is paginated or capped.

use cosmwasm_std::{Deps, Env, Order, StdResult};
use cw721::query as cw721_query;
use cw_storage_plus::Bound;
use modelfund::access::{
    AccessResponse, ConfigResponse, CreditsResponse, GatewaysResponse, GrantInfo, GrantsResponse,
    LeaseSummary, LicenseResponse, LicensesResponse, ModelLicensesResponse, ModelResponse, Plan,
    PlansResponse, RegistrarsResponse, SalesStatus, UsageRecord, UsageResponse, MAX_ACCESS_LEASES,
    MODEL_LICENSES_SCAN,
};
use modelfund::nft;
use modelfund::paging::{start_addr, PAGE};

use crate::collection::Licenses;
use crate::error::ContractError;
use crate::model::{query_dao, sales_status};
use crate::state::{
    load_license, load_model, UsageEntry, CONFIG, CREDITS, GATEWAYS, GRANTS, GRANT_KEYS,
    LICENSE_COUNT, PLANS, REGISTRARS, REQUESTS, USABLE_LEASES, USAGE,
};

pub fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        registry: config.registry,
        admin: config.admin,
        licenses_issued: LICENSE_COUNT.load(deps.storage)?,
    })
}

pub fn query_registrars(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<RegistrarsResponse> {
    let start = start_addr(deps.api, start_after)?;
    let page = PAGE.after(start.as_ref(), limit);
    let registrars = page.list(&REGISTRARS, deps.storage, |(a, _)| Ok(a))?;
    Ok(RegistrarsResponse { registrars })
}

pub fn query_model(deps: Deps, model_id: String) -> Result<ModelResponse, ContractError> {
    let record = load_model(deps.storage, &model_id)?;
    // a presale that does not answer keeps sales shut: purchases would fail too
    let sales = sales_status(deps, &record).unwrap_or(SalesStatus::AwaitingPresale);
    Ok(ModelResponse {
        dao: query_dao(deps, &model_id).ok(),
        presale: record.presale,
        sales,
        model_id,
        shares: record.shares,
        license_royalty_bps: record.license_royalty_bps,
        registered_by: record.registered_by,
        registered_at: record.registered_at,
        active_plans: record.active_plans,
        usage_count: record.usage_count,
        calls_consumed: record.calls_consumed,
    })
}

pub fn query_plans(
    deps: Deps,
    model_id: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<PlansResponse> {
    let plans = PLANS.prefix(&model_id);
    let page = PAGE.after(start_after.as_deref(), limit);
    let plans = page.list(&plans, deps.storage, |(_, p)| Ok(p))?;
    Ok(PlansResponse { plans })
}

pub fn query_plan(deps: Deps, model_id: String, plan_id: String) -> Result<Plan, ContractError> {
    PLANS
        .may_load(deps.storage, (&model_id, &plan_id))?
        .ok_or(ContractError::PlanNotFound { model_id, plan_id })
}

pub fn query_gateways(
    deps: Deps,
    model_id: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<GatewaysResponse> {
    let start = start_addr(deps.api, start_after)?;
    let gateways = GATEWAYS.prefix(&model_id);
    let page = PAGE.after(start.as_ref(), limit);
    let gateways = page.list(&gateways, deps.storage, |(g, _)| Ok(g))?;
    Ok(GatewaysResponse { gateways })
}

pub fn query_credits(deps: Deps, model_id: String, user: String) -> StdResult<CreditsResponse> {
    let user = deps.api.addr_validate(&user)?;
    Ok(CreditsResponse {
        credits: CREDITS
            .may_load(deps.storage, (&model_id, &user))?
            .unwrap_or(0),
    })
}

pub fn query_grants(
    deps: Deps,
    model_id: String,
    user: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let user = deps.api.addr_validate(&user)?;
    let start = start_addr(deps.api, start_after)?;
    let grants = GRANTS.prefix((&model_id, &user));
    let page = PAGE.after(start.as_ref(), limit);
    let grants = page.list(&grants, deps.storage, |(gateway, calls)| {
        let session_key = GRANT_KEYS.may_load(deps.storage, (&model_id, &user, &gateway))?;
        Ok(GrantInfo {
            gateway,
            calls,
            session_key,
        })
    })?;
    Ok(GrantsResponse { grants })
}

pub fn query_grant(
    deps: Deps,
    model_id: String,
    user: String,
    gateway: String,
) -> StdResult<Option<GrantInfo>> {
    let user = deps.api.addr_validate(&user)?;
    let gateway = deps.api.addr_validate(&gateway)?;
    let key = (model_id.as_str(), &user, &gateway);
    let Some(calls) = GRANTS.may_load(deps.storage, key)? else {
        return Ok(None);
    };
    Ok(Some(GrantInfo {
        session_key: GRANT_KEYS.may_load(deps.storage, key)?,
        gateway,
        calls,
    }))
}

pub fn query_usage(
    deps: Deps,
    model_id: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<UsageResponse> {
    let usage = USAGE.prefix(&model_id);
    let page = PAGE.after(start_after, limit);
    let usage = page.list(&usage, deps.storage, |(seq, e)| {
        Ok(usage_record(&model_id, seq, e))
    })?;
    Ok(UsageResponse { usage })
}

pub fn query_request(
    deps: Deps,
    gateway: String,
    request_id: String,
) -> StdResult<Option<UsageRecord>> {
    let gateway = deps.api.addr_validate(&gateway)?;
    Ok(
        match REQUESTS.may_load(deps.storage, (&gateway, &request_id))? {
            Some((model_id, seq)) => {
                let entry = USAGE.load(deps.storage, (&model_id, seq))?;
                Some(usage_record(&model_id, seq, entry))
            }
            None => None,
        },
    )
}

pub fn query_licenses(
    deps: Deps,
    env: &Env,
    owner: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<LicensesResponse, ContractError> {
    let tokens =
        cw721_query::query_tokens(deps, env, owner, start_after, Some(PAGE.take(limit) as u32))?;
    let licenses = tokens
        .tokens
        .into_iter()
        .map(|id| license(deps, env, id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(LicensesResponse { licenses })
}

/// One owner's licenses of one model: reads the owner's licenses (cw721's owner index, all
/// models) in token-id order, at most `MODEL_LICENSES_SCAN` of them, and keeps the model's.
/// No index of its own, so nothing to maintain or migrate.
pub fn query_model_licenses(
    deps: Deps,
    env: &Env,
    model_id: String,
    owner: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<ModelLicensesResponse, ContractError> {
    load_model(deps.storage, &model_id)?;
    let page = PAGE.take(limit);
    let scan =
        cw721_query::query_tokens(deps, env, owner, start_after, Some(MODEL_LICENSES_SCAN))?.tokens;
    let mut licenses = Vec::with_capacity(page);
    let mut last_read = None;
    for token_id in &scan {
        if licenses.len() == page {
            break;
        }
        last_read = Some(token_id.clone());
        if load_license(deps.storage, token_id)?.model_id == model_id {
            licenses.push(license(deps, env, token_id.clone())?);
        }
    }
    let more = licenses.len() == page || scan.len() == MODEL_LICENSES_SCAN as usize;
    Ok(ModelLicensesResponse {
        licenses,
        next_start_after: if more { last_read } else { None },
    })
}

pub fn license(deps: Deps, env: &Env, token_id: String) -> Result<LicenseResponse, ContractError> {
    let info = load_license(deps.storage, &token_id)?;
    let owner = nft::owner(&Licenses, deps.storage, &token_id)?;
    Ok(LicenseResponse {
        token_id,
        owner,
        expired: env.block.time >= info.expires_at,
        info,
    })
}

fn usage_record(model_id: &str, seq: u64, e: UsageEntry) -> UsageRecord {
    UsageRecord {
        model_id: model_id.to_string(),
        seq,
        gateway: e.gateway,
        user: e.user,
        calls: e.calls,
        request_id: e.request_id,
        source: e.source,
        height: e.height,
        time: e.time,
    }
}

pub fn query_access(
    deps: Deps,
    env: &Env,
    model_id: String,
    user: String,
) -> Result<AccessResponse, ContractError> {
    load_model(deps.storage, &model_id)?;
    let user = deps.api.addr_validate(&user)?;
    let credits = CREDITS
        .may_load(deps.storage, (&model_id, &user))?
        .unwrap_or(0);
    let cap = MAX_ACCESS_LEASES as usize;
    let mut leases = Vec::with_capacity(cap);
    let mut more_leases = false;
    // The index holds only licenses with calls left, ordered by expiry: starting just past the
    // current time skips every expired one without reading it, so each entry read is usable.
    // Bounded: reads at most MAX_ACCESS_LEASES + 1 entries.
    let first_unexpired = env.block.time.nanos().saturating_add(1);
    for key in USABLE_LEASES
        .prefix((&model_id, &user))
        .keys(
            deps.storage,
            Some(Bound::inclusive((first_unexpired, ""))),
            None,
            Order::Ascending,
        )
        .take(cap + 1)
    {
        let (_, token_id) = key?;
        if leases.len() == cap {
            more_leases = true;
            break;
        }
        let info = load_license(deps.storage, &token_id)?;
        leases.push(LeaseSummary {
            token_id,
            plan_id: info.plan_id,
            expires_at: info.expires_at,
            calls_left: info.calls_left,
            terms: info.terms,
        });
    }
    let calls_left = leases
        .iter()
        .try_fold(credits, |acc, l| acc.checked_add(l.calls_left))
        .ok_or_else(|| ContractError::Overflow {
            what: "calls left".into(),
        })?;
    Ok(AccessResponse {
        model_id,
        user,
        allowed_now: calls_left > 0,
        credits,
        leases,
        more_leases,
        calls_left,
    })
}
