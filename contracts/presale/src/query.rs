use cosmwasm_std::{to_json_binary, Addr, Binary, Decimal, Deps, Env, Order, StdResult, Uint128};
use cw_storage_plus::Bound;
use modelfund::presale::{
    ConfigResponse, ContributionResponse, ContributionsResponse, Phase, StateResponse,
    DEFAULT_CONTRIBUTIONS_LIMIT, MAX_CONTRIBUTIONS_LIMIT,
};

use crate::error::ContractError;
use crate::msg::QueryMsg;
use crate::state::{Config, Contribution, State, Status, CONFIG, CONTRIBUTIONS, STATE};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&config(deps)?)?,
        QueryMsg::State {} => to_json_binary(&state(deps, &env)?)?,
        QueryMsg::Contribution { address } => {
            let address = deps.api.addr_validate(&address)?;
            let config = CONFIG.load(deps.storage)?;
            let c = CONTRIBUTIONS
                .may_load(deps.storage, &address)?
                .unwrap_or_default();
            to_json_binary(&contribution(&config, address, c))?
        }
        QueryMsg::Contributions { start_after, limit } => {
            to_json_binary(&contributions(deps, start_after, limit)?)?
        }
    })
}

fn config(deps: Deps) -> StdResult<ConfigResponse> {
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

fn state(deps: Deps, env: &Env) -> StdResult<StateResponse> {
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

fn contributions(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<ContributionsResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let limit = limit
        .unwrap_or(DEFAULT_CONTRIBUTIONS_LIMIT)
        .min(MAX_CONTRIBUTIONS_LIMIT) as usize;
    let start = match start_after {
        Some(a) => Some(deps.api.addr_validate(&a)?),
        None => None,
    };
    let contributions = CONTRIBUTIONS
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|item| item.map(|(addr, c)| contribution(&config, addr, c)))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(ContributionsResponse { contributions })
}
