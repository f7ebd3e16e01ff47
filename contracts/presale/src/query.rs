use cosmwasm_std::{Addr, Decimal, Deps, Env, StdResult, Uint128};
use modelfund::paging::start_addr;
use modelfund::presale::{
    AllowlistCheckResponse, AllowlistResponse, ConfigResponse, ContributionResponse,
    ContributionsResponse, Phase, StateResponse, CONTRIBUTIONS_PAGE,
};

use crate::allowlist;
use crate::error::ContractError;
use crate::state::{Config, Contribution, State, Status, CONFIG, CONTRIBUTIONS, STATE};

pub fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    CONFIG.load(deps.storage)
}

/// The phase a reader sees: the recorded outcome, or one derived from the block time.
pub fn phase(config: &Config, state: &State, env: &Env) -> Phase {
    match state.status {
        Status::Succeeded => Phase::Succeeded,
        Status::Failed => Phase::Failed,
        Status::Cancelled => Phase::Cancelled,
        Status::Active if env.block.time < config.start => Phase::Upcoming,
        Status::Active if env.block.time >= config.end || state.raised >= config.hard_cap => {
            Phase::Ended
        }
        Status::Active => Phase::Open,
    }
}

fn ratio(part: Uint128, whole: Uint128) -> Decimal {
    Decimal::checked_from_ratio(part, whole).unwrap_or_default()
}

pub fn query_state(deps: Deps, env: &Env) -> StdResult<StateResponse> {
    let config = CONFIG.load(deps.storage)?;
    let state = STATE.load(deps.storage)?;
    Ok(StateResponse {
        phase: phase(&config, &state, env),
        raised: state.raised,
        backers: state.backers,
        soft_cap_progress: ratio(state.raised, config.soft_cap),
        hard_cap_progress: ratio(state.raised, config.hard_cap),
        shares_sold: state.shares_sold,
        shares_claimed: state.shares_claimed,
        refunded: state.refunded,
        seconds_left: config
            .end
            .seconds()
            .saturating_sub(env.block.time.seconds()),
        starts_in_seconds: config
            .start
            .seconds()
            .saturating_sub(env.block.time.seconds()),
        withdrawn: state.withdrawn,
    })
}

fn contribution(config: &Config, address: Addr, c: Contribution) -> ContributionResponse {
    ContributionResponse {
        address,
        shares: c.amount.checked_div(config.price).unwrap_or_default(),
        amount: c.amount,
        claimed: c.claimed,
        refunded: c.refunded,
    }
}

pub fn query_contribution(deps: Deps, address: String) -> StdResult<ContributionResponse> {
    let address = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let c = CONTRIBUTIONS
        .may_load(deps.storage, &address)?
        .unwrap_or_default();
    Ok(contribution(&config, address, c))
}

pub fn query_contributions(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<ContributionsResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let start = start_addr(deps.api, start_after)?;
    let page = CONTRIBUTIONS_PAGE.after(start.as_ref(), limit);
    let contributions = page.list(&CONTRIBUTIONS, deps.storage, |(a, c)| {
        Ok(contribution(&config, a, c))
    })?;
    Ok(ContributionsResponse { contributions })
}

pub fn query_allowlist(deps: Deps) -> StdResult<AllowlistResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(AllowlistResponse {
        merkle_root: config.allowlist.map(|a| a.merkle_root),
    })
}

/// `contribute`'s allowlist rule as an answer: a refused proof is `allowed: false` with the
/// error `contribute` would return, not a query error.
pub fn query_allowlist_check(
    deps: Deps,
    address: String,
    cap: Option<Uint128>,
    proof: Option<Vec<String>>,
) -> StdResult<AllowlistCheckResponse> {
    let address = deps.api.addr_validate(&address)?;
    let config = CONFIG.load(deps.storage)?;
    let contributed = CONTRIBUTIONS
        .may_load(deps.storage, &address)?
        .unwrap_or_default()
        .amount;
    Ok(
        match allowlist::limit(&config, &address, proof.as_deref(), cap) {
            Ok(limit) => AllowlistCheckResponse {
                allowed: true,
                reason: None,
                limit,
                contributed,
            },
            Err(e) => AllowlistCheckResponse {
                allowed: false,
                reason: Some(e.to_string()),
                limit: Uint128::zero(),
                contributed,
            },
        },
    )
}
