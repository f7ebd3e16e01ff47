use cosmwasm_std::{to_json_binary, Binary, Coin, Deps, Env, Order, StdResult};
use cw_storage_plus::Bound;
use modelfund::governance::{
    BallotResponse, ConfigResponse, DepositStatus, ProposalResponse, ProposalsResponse,
    TreasuryResponse, VotesResponse, DEFAULT_LIMIT, MAX_LIMIT,
};

use crate::error::ContractError;
use crate::msg::QueryMsg;
use crate::state::{
    load_proposal, ProposalCore, BALLOTS, BODIES, CONFIG, CORES, EXECUTION_ERRORS, PROPOSAL_COUNT,
};
use crate::treasury::held_deposits;

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => {
            let c = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                shares: c.shares,
                registry: c.registry,
                model_id: c.model_id,
                access: c.access,
                params: c.params,
                presale: c.presale,
                bounds: c.bounds,
            })?
        }
        QueryMsg::Proposal { proposal_id } => {
            let core = load_proposal(deps.storage, proposal_id)?;
            to_json_binary(&proposal(deps, &env, proposal_id, core)?)?
        }
        QueryMsg::Proposals {
            start_after,
            limit,
            descending,
        } => {
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let (min, max, order) = if descending.unwrap_or(false) {
                (None, start_after.map(Bound::exclusive), Order::Descending)
            } else {
                (start_after.map(Bound::exclusive), None, Order::Ascending)
            };
            let proposals = CORES
                .range(deps.storage, min, max, order)
                .take(limit)
                .map(|item| {
                    let (id, core) = item?;
                    proposal(deps, &env, id, core)
                })
                .collect::<StdResult<Vec<_>>>()?;
            to_json_binary(&ProposalsResponse { proposals })?
        }
        QueryMsg::Vote { proposal_id, voter } => {
            let voter = deps.api.addr_validate(&voter)?;
            let ballot = BALLOTS
                .may_load(deps.storage, (proposal_id, &voter))?
                .map(|b| BallotResponse {
                    voter,
                    vote: b.vote,
                    power: b.power,
                });
            to_json_binary(&ballot)?
        }
        QueryMsg::Votes {
            proposal_id,
            start_after,
            limit,
        } => {
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let start = match start_after {
                Some(a) => Some(deps.api.addr_validate(&a)?),
                None => None,
            };
            let votes = BALLOTS
                .prefix(proposal_id)
                .range(
                    deps.storage,
                    start.as_ref().map(Bound::exclusive),
                    None,
                    Order::Ascending,
                )
                .take(limit)
                .map(|item| {
                    item.map(|(voter, b)| BallotResponse {
                        voter,
                        vote: b.vote,
                        power: b.power,
                    })
                })
                .collect::<StdResult<Vec<_>>>()?;
            to_json_binary(&VotesResponse { votes })?
        }
        QueryMsg::ProposalCount {} => to_json_binary(&PROPOSAL_COUNT.load(deps.storage)?)?,
        QueryMsg::Treasury {} => {
            let deposits = held_deposits(deps.storage)?;
            #[allow(deprecated)]
            let bank = deps.querier.query_all_balances(&env.contract.address)?;
            let balances = bank
                .into_iter()
                .filter_map(|c| {
                    let held = deposits
                        .iter()
                        .find(|d| d.denom == c.denom)
                        .map(|d| d.amount)
                        .unwrap_or_default();
                    let amount = c.amount.saturating_sub(held);
                    (!amount.is_zero()).then_some(Coin {
                        denom: c.denom,
                        amount,
                    })
                })
                .collect();
            to_json_binary(&TreasuryResponse { balances, deposits })?
        }
    })
}

fn proposal(deps: Deps, env: &Env, id: u64, core: ProposalCore) -> StdResult<ProposalResponse> {
    let body = BODIES.load(deps.storage, id)?;
    let (status, passed_at) = core.live_status(env.block.time);
    let until = passed_at.map(|t| core.executable_until(t));
    Ok(ProposalResponse {
        id,
        title: body.title,
        description: body.description,
        proposer: body.proposer,
        actions: body.actions,
        status,
        start_height: core.start_height,
        start_time: body.start_time,
        expires_at: core.expires_at,
        total_power: core.total_power,
        quorum: core.quorum,
        threshold: core.threshold,
        tally: core.tally,
        passed_at,
        executable_at: passed_at.map(|t| t.plus_seconds(core.timelock)),
        executable_until: until,
        deposit_status: match body.deposit {
            Some(_) => core.deposit_status,
            None => DepositStatus::None,
        },
        deposit: body.deposit,
        execution_error: EXECUTION_ERRORS.may_load(deps.storage, id)?,
    })
}
