use cosmwasm_std::{Addr, Coin, Deps, Env, Order, StdResult};
use modelfund::governance::{
    BallotResponse, ConfigResponse, DepositStatus, ProposalResponse, ProposalWithBallot,
    ProposalsResponse, ProposalsWithBallotResponse, TreasuryResponse, VotesResponse,
};
use modelfund::paging::{start_addr, PAGE};

use crate::error::ContractError;
use crate::state::{
    load_proposal, Ballot, ProposalCore, BALLOTS, BODIES, CONFIG, CORES, EXECUTION_ERRORS,
};
use crate::treasury::held_deposits;

pub fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    let c = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        shares: c.shares,
        registry: c.registry,
        model_id: c.model_id,
        access: c.access,
        params: c.params,
        presale: c.presale,
        bounds: c.bounds,
        vetoer: c.vetoer,
    })
}

pub fn query_proposal(deps: Deps, env: &Env, id: u64) -> Result<ProposalResponse, ContractError> {
    let core = load_proposal(deps.storage, id)?;
    Ok(proposal(deps, env, id, core)?)
}

pub fn query_proposals(
    deps: Deps,
    env: &Env,
    start_after: Option<u64>,
    limit: Option<u32>,
    descending: Option<bool>,
) -> StdResult<ProposalsResponse> {
    let order = match descending {
        Some(true) => Order::Descending,
        _ => Order::Ascending,
    };
    let page = PAGE.after(start_after, limit);
    let proposals = page.list_in(order, &CORES, deps.storage, |(id, core)| {
        proposal(deps, env, id, core)
    })?;
    Ok(ProposalsResponse { proposals })
}

pub fn query_vote(
    deps: Deps,
    proposal_id: u64,
    voter: String,
) -> StdResult<Option<BallotResponse>> {
    let voter = deps.api.addr_validate(&voter)?;
    Ok(BALLOTS
        .may_load(deps.storage, (proposal_id, &voter))?
        .map(|b| ballot(voter, b)))
}

pub fn query_votes(
    deps: Deps,
    proposal_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<VotesResponse> {
    let start = start_addr(deps.api, start_after)?;
    let ballots = BALLOTS.prefix(proposal_id);
    let page = PAGE.after(start.as_ref(), limit);
    let votes = page.list(&ballots, deps.storage, |(voter, b)| Ok(ballot(voter, b)))?;
    Ok(VotesResponse { votes })
}

/// The DAO's spendable balances (bank balance minus held proposal deposits) and the deposits.
pub fn query_treasury(deps: Deps, env: &Env) -> Result<TreasuryResponse, ContractError> {
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
    Ok(TreasuryResponse { balances, deposits })
}

fn ballot(voter: Addr, b: Ballot) -> BallotResponse {
    BallotResponse {
        voter,
        vote: b.vote,
        power: b.power,
    }
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

/// The page of `proposals`, each with `voter`'s ballot: one more read per proposal.
pub fn query_proposals_with_ballot(
    deps: Deps,
    env: &Env,
    voter: String,
    start_after: Option<u64>,
    limit: Option<u32>,
    descending: Option<bool>,
) -> StdResult<ProposalsWithBallotResponse> {
    let voter = deps.api.addr_validate(&voter)?;
    let page = query_proposals(deps, env, start_after, limit, descending)?;
    let proposals = page
        .proposals
        .into_iter()
        .map(|proposal| {
            let ballot = BALLOTS
                .may_load(deps.storage, (proposal.id, &voter))?
                .map(|b| ballot(voter.clone(), b));
            Ok(ProposalWithBallot { proposal, ballot })
        })
        .collect::<StdResult<Vec<_>>>()?;
    Ok(ProposalsWithBallotResponse { proposals })
}
