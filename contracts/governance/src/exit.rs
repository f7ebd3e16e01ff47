//! Exit (ragequit): while a passed proposal that spends the treasury waits in its timelock, a
//! holder who did not vote yes on it sends shares to the DAO (the shares contract's cw20 `send`
//! with an `exit` hook); the DAO burns them and pays the same fraction of its free balance of
//! each listed denom. The proposal then runs against what is left (`execute` checks the free
//! balance again) or fails cleanly. Bounded: one proposal, at most `MAX_RECLAIM_DENOMS` denoms.
//!
//! Rounding: each denom pays `free × shares / total shares` rounded down (the remainder stays
//! with the holders who remain). The total is the shares' whole supply at this block, escrowed
//! presale shares included, as it stands in this block before the burn (earlier exits of the
//! same block already burned).

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Coin, Deps, DepsMut, Env, MessageInfo, Response, Timestamp,
    Uint128, WasmMsg,
};
use cw20::Cw20ReceiveMsg;
use modelfund::display;
use modelfund::governance::{ExitQuoteResponse, ReceiveMsg, VoteOption};
use modelfund::shares::checkpoints;

use crate::error::ContractError;
use crate::execute::proposal_event;
use crate::state::{load_proposal, Config, BALLOTS, BODIES, CONFIG, EXITED};
use crate::treasury::{free_balance, send, spent};
use crate::validate::validate_denoms;

/// What an exit pays and what it leaves: checked against the proposal, the holder's stake and
/// the treasury, without writing anything.
pub struct ExitTerms {
    /// Shares the holder may still exit with against the proposal (before this exit).
    pub exitable: Uint128,
    pub payout: Vec<Coin>,
    pub window_ends_at: Timestamp,
}

/// The proposal's exit window: it passed, waits in its timelock and spends the treasury.
fn exit_window(deps: Deps, env: &Env, id: u64) -> Result<(Timestamp, u64), ContractError> {
    let core = load_proposal(deps.storage, id)?;
    let (_, ends_at) = core
        .passed(env.block.time)
        .map_err(|status| ContractError::ExitNotOpen { id, status })?;
    if env.block.time >= ends_at {
        return Err(ContractError::ExitWindowOver { id, ends_at });
    }
    let body = BODIES.load(deps.storage, id)?;
    // an action that spends, or that may (see `spends_unchecked`)
    if !body
        .actions
        .iter()
        .any(|a| spent(a).is_none_or(|coins| !coins.is_empty()))
    {
        return Err(ContractError::NoTreasurySpend { id });
    }
    Ok((ends_at, core.start_height))
}

/// The shares `holder` may still exit with against proposal `id`: none after a yes vote, else
/// their own stake at the proposal's start height (balance and escrow entitlement; power
/// delegated to them does not count, their own counts even if they delegated it) minus
/// earlier exits against it. So shares moved to a fresh address after the start, e.g. by a yes
/// voter, cannot exit, and neither can a delegate with the power of others.
fn exitable(
    deps: Deps,
    config: &Config,
    holder: &Addr,
    id: u64,
    start_height: u64,
) -> Result<Uint128, ContractError> {
    if let Some(ballot) = BALLOTS.may_load(deps.storage, (id, holder))? {
        if ballot.vote == VoteOption::Yes {
            return Err(ContractError::VotedYes { id });
        }
    }
    let stake = checkpoints::stake_at_height(&deps.querier, &config.shares, holder, start_height)?;
    let exited = EXITED
        .may_load(deps.storage, (id, holder))?
        .unwrap_or_default();
    Ok(stake.saturating_sub(exited))
}

/// Checks an exit of `shares` by `holder` against proposal `id` and computes its payout.
pub fn exit_terms(
    deps: Deps,
    env: &Env,
    config: &Config,
    holder: &Addr,
    id: u64,
    shares: Uint128,
    denoms: &[String],
) -> Result<ExitTerms, ContractError> {
    if shares.is_zero() {
        return Err(ContractError::ZeroExit {});
    }
    if denoms.is_empty() {
        return Err(ContractError::NoExitDenoms {});
    }
    validate_denoms(denoms)?;
    let (window_ends_at, start_height) = exit_window(deps, env, id)?;
    let exitable = exitable(deps, config, holder, id, start_height)?;
    if shares > exitable {
        return Err(ContractError::ExitAboveStake {
            id,
            exitable,
            requested: shares,
        });
    }
    let supply = checkpoints::total_power_current(&deps.querier, &config.shares)?;
    let mut payout = Vec::with_capacity(denoms.len());
    for denom in denoms {
        let free = free_balance(deps, &env.contract.address, denom)?;
        let amount = free.checked_multiply_ratio(shares, supply.max(shares))?;
        if !amount.is_zero() {
            payout.push(Coin::new(amount, denom.as_str()));
        }
    }
    if payout.is_empty() {
        return Err(ContractError::ExitPaysNothing { shares });
    }
    payout.sort_by(|a, b| a.denom.cmp(&b.denom));
    Ok(ExitTerms {
        exitable,
        payout,
        window_ends_at,
    })
}

/// `receive`: shares sent by the DAO's shares contract, with their hook.
pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.shares {
        return Err(ContractError::NotShares {});
    }
    let holder = deps.api.addr_validate(&wrapper.sender)?;
    match from_json(&wrapper.msg)? {
        ReceiveMsg::Exit {
            proposal_id,
            denoms,
        } => exit(
            deps,
            env,
            &config,
            holder,
            wrapper.amount,
            proposal_id,
            denoms,
        ),
    }
}

fn exit(
    deps: DepsMut,
    env: Env,
    config: &Config,
    holder: Addr,
    shares: Uint128,
    id: u64,
    denoms: Vec<String>,
) -> Result<Response, ContractError> {
    let terms = exit_terms(deps.as_ref(), &env, config, &holder, id, shares, &denoms)?;
    let exited = EXITED
        .may_load(deps.storage, (id, &holder))?
        .unwrap_or_default()
        .checked_add(shares)?;
    EXITED.save(deps.storage, (id, &holder), &exited)?;
    let burn = WasmMsg::Execute {
        contract_addr: config.shares.to_string(),
        msg: to_json_binary(&modelfund::shares::ExecuteMsg::Burn { amount: shares })?,
        funds: vec![],
    };
    Ok(proposal_event("exit", id)
        .add_attribute("holder", holder.as_str())
        .add_attribute("shares", shares)
        // never `none`: an exit that pays nothing is refused
        .add_attribute("paid", display::coins(&terms.payout, "none"))
        .add_message(burn)
        .add_message(send(holder.as_str(), terms.payout)))
}

/// The `exit_quote` query: the same checks and rounding as `exit`, as an answer.
pub fn query_exit_quote(
    deps: Deps,
    env: &Env,
    id: u64,
    holder: String,
    shares: Uint128,
    denoms: Vec<String>,
) -> Result<ExitQuoteResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let holder = deps.api.addr_validate(&holder)?;
    // the window once (when the proposal has one): its end and the start height of the stake
    let window = exit_window(deps, env, id).ok();
    Ok(
        match exit_terms(deps, env, &config, &holder, id, shares, &denoms) {
            Ok(terms) => ExitQuoteResponse {
                allowed: true,
                reason: None,
                exitable: terms.exitable,
                payout: terms.payout,
                window_ends_at: Some(terms.window_ends_at),
            },
            Err(e) => ExitQuoteResponse {
                allowed: false,
                reason: Some(e.to_string()),
                exitable: window
                    .and_then(|(_, start)| exitable(deps, &config, &holder, id, start).ok())
                    .unwrap_or_default(),
                payout: vec![],
                window_ends_at: window.map(|(ends, _)| ends),
            },
        },
    )
}
