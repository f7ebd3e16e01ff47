//! Execute handlers. Every path is O(1) in the number of holders, voters and proposals; a
//! proposal's actions are bounded by `max_actions` (at most 20) and the denoms with held
//! deposits by `MAX_DEPOSIT_DENOMS`.
//!
//! Execution: `execute` checks the spends against the free treasury, refunds the deposit and
//! runs every action in one sub-call to the DAO itself (`execute_actions`), whose last step is
//! `check_deposits`; all of it applies or none of it. The chain hides the error of a failed
//! sub-call behind "codespace: wasm, code: 5", so when the sub-call fails `reply` finds the
//! failing step itself: it binary-searches the shortest failing prefix of the steps with dry
//! runs (`probe_actions`, which succeeds exactly when its prefix fails and reverts it otherwise),
//! then records "action i (kind) failed: <error>".

use std::collections::BTreeMap;

use cosmwasm_std::{
    from_json, to_json_binary, Addr, BankMsg, Coin, CosmosMsg, Decimal, Deps, DepsMut, Env,
    MessageInfo, Reply, Response, StdResult, Storage, SubMsg, SubMsgResult, Timestamp, Uint128,
    Uint256, WasmMsg,
};
use cw_storage_plus::Item;
use modelfund::access::ExecuteMsg as AccessMsg;
use modelfund::governance::{
    Action, DepositStatus, ExecuteMsg, GovernanceParams, ProposalStatus, Tally, VoteOption,
    ABSOLUTE_MAX_ACTIONS, MAX_DEPOSIT_DENOMS, MAX_DESCRIPTION_LEN, MAX_MEMO_LEN,
    MAX_RECLAIM_DENOMS, MAX_TITLE_LEN,
};
use modelfund::presale::{
    ConfigResponse as PresaleConfig, Phase, QueryMsg as PresaleQuery, StateResponse,
};
use modelfund::shares::checkpoints;
use modelfund::shares::{QueryMsg as SharesQuery, TotalPowerAtHeightResponse};
use modelfund::validate;

use crate::contract::validate_params;
use crate::error::ContractError;
use crate::state::{
    Ballot, Config, ProposalBody, ProposalCore, Search, BALLOTS, BODIES, CONFIG, CORES,
    DEPOSITS_HELD, EXECUTION_ERRORS, PROPOSAL_COUNT,
};

/// The proposal whose actions `execute` is dispatching right now. `execute_actions` and
/// `probe_actions` run only for it, and `execute_actions` clears it before any action runs, so
/// an action cannot make the DAO run another proposal's actions (or its own twice).
const EXECUTING: Item<u64> = Item::new("executing");

/// Reply to `execute`: the `execute_actions` sub-call failed (payload: the proposal id).
pub const REPLY_EXECUTE: u64 = 1;
/// Reply to the search: a `probe_actions` dry run answered (payload: the [`Search`]).
pub const REPLY_PROBE: u64 = 2;
/// Reply inside `probe_actions`: its dry run of `execute_actions` finished.
pub const REPLY_PROBE_RUN: u64 = 3;

/// part > ratio x whole, exactly (in 256 bits).
fn exceeds(part: Uint128, ratio: Decimal, whole: Uint128) -> bool {
    Uint256::from(part) * Uint256::from(Decimal::one().atomics())
        > Uint256::from(ratio.atomics()) * Uint256::from(whole)
}

/// part >= ratio x whole, exactly.
fn reaches(part: Uint128, ratio: Decimal, whole: Uint128) -> bool {
    Uint256::from(part) * Uint256::from(Decimal::one().atomics())
        >= Uint256::from(ratio.atomics()) * Uint256::from(whole)
}

fn voted(t: &Tally) -> Uint128 {
    t.yes.saturating_add(t.no).saturating_add(t.abstain)
}

/// Whether the votes cast reach the quorum of the proposal's total power.
pub fn quorum_reached(core: &ProposalCore) -> bool {
    reaches(voted(&core.tally), core.quorum, core.total_power)
}

/// The end of a passed proposal's execution window (exclusive).
pub fn executable_until(core: &ProposalCore, passed_at: Timestamp) -> Timestamp {
    passed_at
        .plus_seconds(core.timelock)
        .plus_seconds(core.execution_window)
}

/// The status a proposal has now, and when it passed: an open proposal whose period is over
/// shows its final outcome even before anyone writes it, and a passed one whose execution
/// window is over shows `expired`.
pub fn live_status(core: &ProposalCore, now: Timestamp) -> (ProposalStatus, Option<Timestamp>) {
    let (status, passed_at) = if core.status != ProposalStatus::Open || now < core.expires_at {
        (core.status, core.passed_at)
    } else {
        let t = &core.tally;
        if quorum_reached(core) && exceeds(t.yes, core.threshold, t.yes.saturating_add(t.no)) {
            (ProposalStatus::Passed, Some(core.expires_at))
        } else {
            (ProposalStatus::Rejected, None)
        }
    };
    match (status, passed_at) {
        (ProposalStatus::Passed, Some(t)) if now >= executable_until(core, t) => {
            (ProposalStatus::Expired, passed_at)
        }
        _ => (status, passed_at),
    }
}

/// After a vote: pass or reject early once quorum is reached and the power that has not voted
/// yet cannot change the outcome any more. Before quorum a proposal always stays open until
/// the end of its period (a minority "no" cannot end the vote for everybody else).
fn early_outcome(core: &ProposalCore) -> Option<ProposalStatus> {
    if !quorum_reached(core) {
        return None;
    }
    let t = &core.tally;
    let remaining = core.total_power.saturating_sub(voted(t));
    // even if everybody else votes no
    if exceeds(
        t.yes,
        core.threshold,
        t.yes.saturating_add(t.no).saturating_add(remaining),
    ) {
        return Some(ProposalStatus::Passed);
    }
    // even if everybody else votes yes
    let yes_max = t.yes.saturating_add(remaining);
    if !exceeds(yes_max, core.threshold, yes_max.saturating_add(t.no)) {
        return Some(ProposalStatus::Rejected);
    }
    None
}

fn load_core(storage: &dyn Storage, id: u64) -> Result<ProposalCore, ContractError> {
    CORES
        .may_load(storage, id)?
        .ok_or(ContractError::ProposalNotFound { id })
}

/// A proposal's core with its live status and passing time.
type Live = (ProposalCore, ProposalStatus, Option<Timestamp>);

fn load_live(storage: &dyn Storage, id: u64, now: Timestamp) -> Result<Live, ContractError> {
    let core = load_core(storage, id)?;
    let (status, passed_at) = live_status(&core, now);
    Ok((core, status, passed_at))
}

/// The deposits held for unsettled proposals, one coin per denom (at most
/// `MAX_DEPOSIT_DENOMS`, plus one to detect a broken bound).
pub fn held_deposits(storage: &dyn Storage) -> StdResult<Vec<Coin>> {
    DEPOSITS_HELD
        .range(storage, None, None, cosmwasm_std::Order::Ascending)
        .take(MAX_DEPOSIT_DENOMS + 1)
        .map(|item| item.map(|(denom, amount)| Coin { denom, amount }))
        .collect()
}

/// Holds a new proposal's deposit apart from the treasury.
fn hold(storage: &mut dyn Storage, deposit: &Coin) -> Result<(), ContractError> {
    let current = DEPOSITS_HELD.may_load(storage, &deposit.denom)?;
    if current.is_none() && held_deposits(storage)?.len() >= MAX_DEPOSIT_DENOMS {
        return Err(ContractError::TooManyDepositDenoms {
            max: MAX_DEPOSIT_DENOMS,
        });
    }
    let total = current.unwrap_or_default().checked_add(deposit.amount)?;
    DEPOSITS_HELD.save(storage, &deposit.denom, &total)?;
    Ok(())
}

/// A deposit denom the params would introduce must keep the held denoms within the bound
/// (every denom with held deposits plus the new one: at most `MAX_DEPOSIT_DENOMS`).
fn check_deposit_denoms(
    storage: &dyn Storage,
    params: &GovernanceParams,
) -> Result<(), ContractError> {
    if let Some(d) = &params.deposit {
        let held = held_deposits(storage)?;
        if !held.iter().any(|c| c.denom == d.denom) && held.len() >= MAX_DEPOSIT_DENOMS {
            return Err(ContractError::TooManyDepositDenoms {
                max: MAX_DEPOSIT_DENOMS,
            });
        }
    }
    Ok(())
}

/// A params change, wherever it comes from: within the DAO's bounds and the deposit-denom bound.
fn check_params_change(
    storage: &dyn Storage,
    config: &Config,
    params: &GovernanceParams,
) -> Result<(), ContractError> {
    validate_params(params, &config.bounds)?;
    check_deposit_denoms(storage, params)
}

enum Settle {
    Refund,
    Forfeit,
}

/// Settles a proposal's deposit, once: it leaves the held deposits and goes back to the
/// proposer (refund) or stays in the treasury, now free (forfeit).
fn settle_deposit(
    storage: &mut dyn Storage,
    id: u64,
    core: &mut ProposalCore,
    body: &ProposalBody,
    how: Settle,
    res: Response,
) -> Result<Response, ContractError> {
    let Some(deposit) = &body.deposit else {
        return Ok(res.add_attribute("deposit", "none"));
    };
    if core.deposit_status != DepositStatus::Held {
        return Err(ContractError::DepositSettled { id });
    }
    let left = DEPOSITS_HELD
        .may_load(storage, &deposit.denom)?
        .unwrap_or_default()
        .checked_sub(deposit.amount)?;
    if left.is_zero() {
        DEPOSITS_HELD.remove(storage, &deposit.denom);
    } else {
        DEPOSITS_HELD.save(storage, &deposit.denom, &left)?;
    }
    Ok(match how {
        Settle::Refund => {
            core.deposit_status = DepositStatus::Refunded;
            res.add_attribute("deposit", "refunded")
                .add_message(send(body.proposer.as_str(), vec![deposit.clone()]))
        }
        Settle::Forfeit => {
            core.deposit_status = DepositStatus::Forfeited;
            res.add_attribute("deposit", "forfeited")
        }
    })
}

/// What the DAO may spend of a denom: its bank balance minus the deposits held in it.
fn free_balance(deps: Deps, dao: &Addr, denom: &str) -> Result<Uint128, ContractError> {
    let bank = deps.querier.query_balance(dao, denom)?.amount;
    let held = DEPOSITS_HELD
        .may_load(deps.storage, denom)?
        .unwrap_or_default();
    Ok(bank.saturating_sub(held))
}

/// The `spend_treasury` and `release_milestone` amounts of a proposal, summed per denom, must
/// fit in the free balance.
fn check_treasury(deps: Deps, dao: &Addr, actions: &[Action]) -> Result<(), ContractError> {
    let mut wanted: BTreeMap<&str, Uint128> = BTreeMap::new();
    for action in actions {
        let coins = match action {
            Action::SpendTreasury { amount, .. } => amount.as_slice(),
            Action::ReleaseMilestone { amount, .. } => std::slice::from_ref(amount),
            _ => continue,
        };
        for c in coins {
            let sum = wanted.entry(c.denom.as_str()).or_default();
            *sum = sum.checked_add(c.amount)?;
        }
    }
    for (denom, requested) in wanted {
        let free = free_balance(deps, dao, denom)?;
        if requested > free {
            return Err(ContractError::InsufficientTreasury {
                denom: denom.to_string(),
                free,
                requested,
            });
        }
    }
    Ok(())
}

/// The name of an action's kind, as in its JSON.
pub fn action_kind(action: &Action) -> &'static str {
    match action {
        Action::PublishModelVersion { .. } => "publish_model_version",
        Action::ReleaseMilestone { .. } => "release_milestone",
        Action::SpendTreasury { .. } => "spend_treasury",
        Action::UpdateConfig { .. } => "update_config",
        Action::SetPricingPlan { .. } => "set_pricing_plan",
        Action::RetirePricingPlan { .. } => "retire_pricing_plan",
        Action::ApproveGateway { .. } => "approve_gateway",
        Action::RevokeGateway { .. } => "revoke_gateway",
        Action::SetRoyaltySplits { .. } => "set_royalty_splits",
        Action::Custom(_) => "custom",
    }
}

fn self_msg(env: &Env, msg: &ExecuteMsg) -> Result<CosmosMsg, ContractError> {
    wasm_exec(&env.contract.address, msg)
}

/// Native coins of an action: valid denoms, none twice.
fn check_coins(index: usize, coins: &[Coin]) -> Result<(), ContractError> {
    for (i, c) in coins.iter().enumerate() {
        validate::denom(&c.denom)?;
        if coins[..i].iter().any(|d| d.denom == c.denom) {
            return Err(ContractError::InvalidAction {
                index,
                reason: format!("denom {} appears twice", c.denom),
            });
        }
    }
    Ok(())
}

/// The access contract and the model id, which the pricing and gateway actions need.
fn access_of(config: &Config) -> Result<(&cosmwasm_std::Addr, &String), ContractError> {
    match (&config.access, &config.model_id) {
        (Some(access), Some(model_id)) => Ok((access, model_id)),
        _ => Err(ContractError::NoAccess {}),
    }
}

fn wasm_exec<T: serde::Serialize>(
    contract: &cosmwasm_std::Addr,
    msg: &T,
) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// Adds one access-contract message (and the attribute naming it) to an execution's response.
fn to_access(
    res: Response,
    access: &cosmwasm_std::Addr,
    (key, value): (&str, String),
    msg: AccessMsg,
) -> Result<Response, ContractError> {
    Ok(res
        .add_attribute(key, value)
        .add_message(wasm_exec(access, &msg)?))
}

fn validate_action(
    config: &Config,
    index: usize,
    action: &Action,
    deps: &DepsMut,
) -> Result<(), ContractError> {
    let fail = |reason: String| ContractError::InvalidAction { index, reason };
    match action {
        Action::PublishModelVersion {
            version,
            content_hash,
            uri,
            notes,
        } => {
            if config.registry.is_none() {
                return Err(ContractError::NoRegistry {});
            }
            validate::identifier("version", version, validate::MAX_LABEL_LEN)?;
            validate::content_hash(content_hash)?;
            validate::storage_uri("storage", uri)?;
            if let Some(n) = notes {
                validate::text("notes", n, modelfund::registry::MAX_NOTES_LEN, false)?;
            }
        }
        Action::ReleaseMilestone {
            recipient,
            amount,
            memo,
        } => {
            deps.api.addr_validate(recipient)?;
            if amount.amount.is_zero() {
                return Err(fail("a milestone must pay a positive amount".into()));
            }
            check_coins(index, std::slice::from_ref(amount))?;
            validate::text("memo", memo, MAX_MEMO_LEN, true)?;
        }
        Action::SpendTreasury { recipient, amount } => {
            deps.api.addr_validate(recipient)?;
            if amount.is_empty() || amount.iter().any(|c| c.amount.is_zero()) {
                return Err(fail("spend at least one positive coin".into()));
            }
            check_coins(index, amount)?;
        }
        // checked again when it executes (deposits may be held in other denoms by then)
        Action::UpdateConfig { params } => check_params_change(deps.storage, config, params)?,
        Action::SetPricingPlan { plan } => {
            access_of(config)?;
            validate::identifier("plan_id", &plan.plan_id, validate::MAX_LABEL_LEN)?;
            if plan.price.amount.is_zero() {
                return Err(fail("a plan's price must be positive".into()));
            }
        }
        Action::RetirePricingPlan { plan_id } => {
            access_of(config)?;
            validate::identifier("plan_id", plan_id, validate::MAX_LABEL_LEN)?;
        }
        Action::ApproveGateway { gateway } | Action::RevokeGateway { gateway } => {
            access_of(config)?;
            deps.api.addr_validate(gateway)?;
        }
        Action::SetRoyaltySplits { splits } => {
            modelfund::revenue::validate_splits(deps.api, splits)?;
        }
        Action::Custom(_) => {}
    }
    Ok(())
}

pub fn propose(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    title: String,
    description: String,
    actions: Vec<Action>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let params = &config.params;

    validate::text("title", &title, MAX_TITLE_LEN, true)?;
    validate::text("description", &description, MAX_DESCRIPTION_LEN, false)?;
    if actions.len() > params.max_actions as usize {
        return Err(ContractError::TooManyActions {
            max: params.max_actions,
        });
    }
    for (i, action) in actions.iter().enumerate() {
        validate_action(&config, i, action, &deps)?;
    }
    let deposit = match &params.deposit {
        Some(required) => {
            let paid = cw_utils::must_pay(&info, &required.denom).map_err(|_| {
                ContractError::WrongDeposit {
                    expected: required.to_string(),
                }
            })?;
            if paid != required.amount {
                return Err(ContractError::WrongDeposit {
                    expected: required.to_string(),
                });
            }
            Some(required.clone())
        }
        None => {
            cw_utils::nonpayable(&info)?;
            None
        }
    };

    let height = env.block.height;
    let power = checkpoints::power_at_height(&deps.querier, &config.shares, &info.sender, height)?;
    if power < params.min_propose_power || power.is_zero() {
        return Err(ContractError::NotEnoughPowerToPropose {
            required: params.min_propose_power.max(Uint128::one()),
            power,
        });
    }
    let total: TotalPowerAtHeightResponse = deps.querier.query_wasm_smart(
        &config.shares,
        &SharesQuery::TotalPowerAtHeight {
            height: Some(height),
        },
    )?;
    if total.power.is_zero() {
        return Err(ContractError::NoVotingPowerSupply {});
    }

    let id = PROPOSAL_COUNT
        .load(deps.storage)?
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::generic_err("proposal id overflow"))?;
    PROPOSAL_COUNT.save(deps.storage, &id)?;
    if let Some(d) = &deposit {
        hold(deps.storage, d)?;
    }
    let expires_at = env.block.time.plus_seconds(params.voting_period_seconds);
    BODIES.save(
        deps.storage,
        id,
        &ProposalBody {
            title: title.clone(),
            description,
            proposer: info.sender.clone(),
            actions,
            deposit: deposit.clone(),
            start_time: env.block.time,
        },
    )?;
    CORES.save(
        deps.storage,
        id,
        &ProposalCore {
            status: ProposalStatus::Open,
            start_height: height,
            expires_at,
            total_power: total.power,
            quorum: params.quorum,
            threshold: params.threshold,
            timelock: params.timelock_seconds,
            execution_window: params.execution_window_seconds,
            tally: Tally::default(),
            passed_at: None,
            deposit_status: match deposit {
                Some(_) => DepositStatus::Held,
                None => DepositStatus::None,
            },
        },
    )?;

    Ok(Response::new()
        .add_attribute("action", "propose")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("proposer", info.sender)
        .add_attribute("title", title)
        .add_attribute("start_height", height.to_string())
        .add_attribute("expires_at", expires_at.seconds().to_string())
        .add_attribute("total_power", total.power)
        .add_attribute(
            "deposit",
            deposit
                .map(|d| d.to_string())
                .unwrap_or_else(|| "none".into()),
        ))
}

pub fn vote(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    vote: VoteOption,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let (mut core, status, _) = load_live(deps.storage, id, env.block.time)?;
    if status != ProposalStatus::Open {
        return Err(ContractError::NotOpen { id, status });
    }
    if BALLOTS.has(deps.storage, (id, &info.sender)) {
        return Err(ContractError::AlreadyVoted { id });
    }
    let shares = CONFIG.load(deps.storage)?.shares;
    // the shares held at the start height: moving shares later cannot vote twice
    let power =
        checkpoints::power_at_height(&deps.querier, &shares, &info.sender, core.start_height)?;
    if power.is_zero() {
        return Err(ContractError::NoVotingPower {
            height: core.start_height,
        });
    }
    let tally = &mut core.tally;
    match vote {
        VoteOption::Yes => tally.yes = tally.yes.checked_add(power)?,
        VoteOption::No => tally.no = tally.no.checked_add(power)?,
        VoteOption::Abstain => tally.abstain = tally.abstain.checked_add(power)?,
    }
    if let Some(outcome) = early_outcome(&core) {
        core.status = outcome;
        if outcome == ProposalStatus::Passed {
            core.passed_at = Some(env.block.time);
        }
    }
    BALLOTS.save(deps.storage, (id, &info.sender), &Ballot { vote, power })?;
    CORES.save(deps.storage, id, &core)?;

    Ok(Response::new()
        .add_attribute("action", "vote")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("voter", info.sender)
        .add_attribute("vote", vote_str(vote))
        .add_attribute("power", power)
        .add_attribute("status", status_str(core.status)))
}

pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let (mut core, status, passed_at) = load_live(deps.storage, id, env.block.time)?;
    let passed_at = match (status, passed_at) {
        (ProposalStatus::Passed, Some(t)) => t,
        _ => return Err(ContractError::NotPassed { id, status }),
    };
    // An early pass does not skip the timelock: holders always get the full window to exit.
    let executable_at = passed_at.plus_seconds(core.timelock);
    if env.block.time < executable_at {
        return Err(ContractError::Timelocked { id, executable_at });
    }
    let config = CONFIG.load(deps.storage)?;
    let body = BODIES.load(deps.storage, id)?;
    // the spends must fit in the free balance (read before this deposit leaves the held ones;
    // the free balance is the same before and after)
    let treasury = check_treasury(deps.as_ref(), &env.contract.address, &body.actions);
    core.passed_at = Some(passed_at);
    let res = Response::new()
        .add_attribute("action", "execute")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("sender", info.sender)
        .add_attribute("actions", body.actions.len().to_string());
    // the deposit goes back whatever the actions do
    let res = settle_deposit(deps.storage, id, &mut core, &body, Settle::Refund, res)?;
    // what the DAO can check itself is checked here, with a typed error
    let checked = treasury.and_then(|()| {
        body.actions
            .iter()
            .enumerate()
            .try_for_each(|(index, action)| {
                let Action::UpdateConfig { params } = action else {
                    return Ok(());
                };
                check_params_change(deps.storage, &config, params).map_err(|e| {
                    ContractError::ActionFailed {
                        index,
                        kind: action_kind(action).into(),
                        error: e.to_string(),
                    }
                })
            })
    });
    if let Err(e) = checked {
        core.status = ProposalStatus::ExecutionFailed;
        CORES.save(deps.storage, id, &core)?;
        EXECUTION_ERRORS.save(deps.storage, id, &e.to_string())?;
        return Ok(res
            .add_attribute("status", status_str(core.status))
            .add_attribute("error", e.to_string()));
    }
    core.status = ProposalStatus::Executed;
    CORES.save(deps.storage, id, &core)?;
    EXECUTING.save(deps.storage, &id)?;
    // All actions run inside one call to ourselves: they apply together or not at all, and a
    // failure comes back to `reply` instead of reverting this execution.
    let run = self_msg(
        &env,
        &ExecuteMsg::ExecuteActions {
            proposal_id: id,
            upto: None,
        },
    )?;
    Ok(res.add_submessage(
        SubMsg::reply_on_error(run, REPLY_EXECUTE).with_payload(to_json_binary(&id)?),
    ))
}

/// The steps of an execution: every action in order, then `check_deposits` (step `n`). With
/// `upto`, only the steps `0..=upto` (a dry run for the search in `reply`).
pub fn execute_actions(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    upto: Option<u32>,
) -> Result<Response, ContractError> {
    if info.sender != env.contract.address || EXECUTING.may_load(deps.storage)? != Some(id) {
        return Err(ContractError::Unauthorized {});
    }
    EXECUTING.remove(deps.storage);
    let config = CONFIG.load(deps.storage)?;
    let body = BODIES.load(deps.storage, id)?;
    let n = body.actions.len();
    let (count, check) = match upto {
        None => (n, true),
        Some(k) => ((k as usize).saturating_add(1).min(n), k as usize >= n),
    };
    let mut res = Response::new()
        .add_attribute("action", "execute_actions")
        .add_attribute("proposal_id", id.to_string());
    // Every step is a message of this response, so they run in order and a failing one reverts
    // them all; none fails inside this handler (what could was checked at propose and execute).
    for action in body.actions.into_iter().take(count) {
        match action {
            Action::PublishModelVersion {
                version,
                content_hash,
                uri,
                notes,
            } => {
                let (Some(registry), Some(model_id)) = (&config.registry, &config.model_id) else {
                    return Err(ContractError::NoRegistry {});
                };
                res = res
                    .add_attribute("published_version", version.clone())
                    .add_message(wasm_exec(
                        registry,
                        &modelfund::registry::ExecuteMsg::PublishVersion {
                            token_id: model_id.clone(),
                            version,
                            content_hash,
                            uri,
                            notes,
                        },
                    )?);
            }
            Action::ReleaseMilestone {
                recipient,
                amount,
                memo,
            } => {
                res = res
                    .add_attribute("milestone_recipient", recipient.clone())
                    .add_attribute("milestone_amount", amount.to_string())
                    .add_attribute("milestone_memo", memo)
                    .add_message(send(&recipient, vec![amount]));
            }
            Action::SpendTreasury { recipient, amount } => {
                res = res
                    .add_attribute("spend_recipient", recipient.clone())
                    .add_message(send(&recipient, amount));
            }
            // in order with the other actions, through the checked handler
            Action::UpdateConfig { params } => {
                res = res
                    .add_attribute("config_updated", "true")
                    .add_message(self_msg(&env, &ExecuteMsg::UpdateConfig { params })?);
            }
            Action::SetPricingPlan { plan } => {
                let (access, model) = access_of(&config)?;
                let attr = ("plan_set", plan.plan_id.clone());
                res = to_access(
                    res,
                    access,
                    attr,
                    AccessMsg::SetPlan {
                        model_id: model.clone(),
                        plan,
                    },
                )?;
            }
            Action::RetirePricingPlan { plan_id } => {
                let (access, model) = access_of(&config)?;
                let attr = ("plan_retired", plan_id.clone());
                let msg = AccessMsg::RetirePlan {
                    model_id: model.clone(),
                    plan_id,
                };
                res = to_access(res, access, attr, msg)?;
            }
            Action::ApproveGateway { gateway } => {
                let (access, model) = access_of(&config)?;
                let attr = ("gateway_approved", gateway.clone());
                let msg = AccessMsg::ApproveGateway {
                    model_id: model.clone(),
                    gateway,
                };
                res = to_access(res, access, attr, msg)?;
            }
            Action::RevokeGateway { gateway } => {
                let (access, model) = access_of(&config)?;
                let attr = ("gateway_revoked", gateway.clone());
                let msg = AccessMsg::RevokeGateway {
                    model_id: model.clone(),
                    gateway,
                };
                res = to_access(res, access, attr, msg)?;
            }
            Action::SetRoyaltySplits { splits } => {
                res = res
                    .add_attribute("splits", splits.len().to_string())
                    .add_message(wasm_exec(
                        &config.shares,
                        &modelfund::shares::ExecuteMsg::SetSplits { splits },
                    )?);
            }
            Action::Custom(msg) => res = res.add_message(msg),
        }
    }
    // a `custom` action can send anything: the held deposits must still be there
    if check {
        res = res.add_message(self_msg(&env, &ExecuteMsg::CheckDeposits {})?);
    }
    Ok(res)
}

/// Fails when the DAO's bank balance of a denom is below the deposits held in it.
pub fn check_deposits(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    if info.sender != env.contract.address {
        return Err(ContractError::Unauthorized {});
    }
    for held in held_deposits(deps.storage)? {
        let balance = deps
            .querier
            .query_balance(&env.contract.address, &held.denom)?
            .amount;
        if balance < held.amount {
            return Err(ContractError::DepositsSpent {
                denom: held.denom,
                held: held.amount,
                balance,
            });
        }
    }
    Ok(Response::new().add_attribute("action", "check_deposits"))
}

/// A dry run of the steps `0..=upto` that succeeds exactly when they fail: its `reply` turns
/// the run's failure into success and its success into a failure (reverting what it did).
pub fn probe_actions(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    upto: u32,
) -> Result<Response, ContractError> {
    if info.sender != env.contract.address || EXECUTING.may_load(deps.storage)? != Some(id) {
        return Err(ContractError::Unauthorized {});
    }
    let run = self_msg(
        &env,
        &ExecuteMsg::ExecuteActions {
            proposal_id: id,
            upto: Some(upto),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "probe_actions")
        .add_submessage(SubMsg::reply_always(run, REPLY_PROBE_RUN)))
}

fn send(recipient: &str, amount: Vec<Coin>) -> CosmosMsg {
    BankMsg::Send {
        to_address: recipient.to_string(),
        amount,
    }
    .into()
}

/// The sub-messages' replies: the failed execution, the answers of the search's dry runs, and
/// the inversion inside a dry run.
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    match (msg.id, msg.result) {
        (REPLY_EXECUTE, SubMsgResult::Err(error)) => {
            let id: u64 = from_json(&msg.payload)?;
            let n = step_count(deps.storage, id)?;
            let search = Search {
                proposal_id: id,
                lo: 0,
                hi: n,
                mid: n / 2,
                error,
            };
            next_probe(deps, &env, search)
        }
        (REPLY_EXECUTE, SubMsgResult::Ok(_)) => Ok(Response::new()),
        (REPLY_PROBE, result) => {
            let mut search: Search = from_json(&msg.payload)?;
            match result {
                // the dry run of 0..=mid failed
                SubMsgResult::Ok(_) => search.hi = search.mid,
                SubMsgResult::Err(_) => search.lo = search.mid.saturating_add(1),
            }
            search.mid = search.lo.saturating_add(search.hi) / 2;
            next_probe(deps, &env, search)
        }
        (REPLY_PROBE_RUN, SubMsgResult::Err(_)) => Ok(Response::new()),
        (REPLY_PROBE_RUN, SubMsgResult::Ok(_)) => Err(ContractError::ProbePassed {}),
        (id, _) => Err(ContractError::UnknownReply { id }),
    }
}

/// The number of actions of a proposal: its execution has that many steps plus the deposit
/// check.
fn step_count(storage: &dyn Storage, id: u64) -> Result<u32, ContractError> {
    let n = BODIES.load(storage, id)?.actions.len();
    u32::try_from(n).map_err(|_| ContractError::TooManyActions {
        max: ABSOLUTE_MAX_ACTIONS,
    })
}

/// Probes the middle of the interval still in doubt, or records the failure once the failing
/// step is found (the first step whose prefix fails: the error of the execution is its error).
fn next_probe(deps: DepsMut, env: &Env, search: Search) -> Result<Response, ContractError> {
    if search.lo >= search.hi {
        return record_failure(deps, search.proposal_id, search.hi, search.error);
    }
    let probe = self_msg(
        env,
        &ExecuteMsg::ProbeActions {
            proposal_id: search.proposal_id,
            upto: search.mid,
        },
    )?;
    Ok(Response::new().add_submessage(
        SubMsg::reply_always(probe, REPLY_PROBE).with_payload(to_json_binary(&search)?),
    ))
}

/// Records a failed execution: nothing of it was applied.
fn record_failure(
    deps: DepsMut,
    id: u64,
    step: u32,
    error: String,
) -> Result<Response, ContractError> {
    let body = BODIES.load(deps.storage, id)?;
    let error = match body.actions.get(step as usize) {
        Some(action) => ContractError::ActionFailed {
            index: step as usize,
            kind: action_kind(action).into(),
            error,
        },
        None => ContractError::DepositCheckFailed { error },
    }
    .to_string();
    let mut core = load_core(deps.storage, id)?;
    core.status = ProposalStatus::ExecutionFailed;
    CORES.save(deps.storage, id, &core)?;
    EXECUTING.remove(deps.storage);
    EXECUTION_ERRORS.save(deps.storage, id, &error)?;
    Ok(Response::new()
        .add_attribute("action", "execution_failed")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("failed_step", step.to_string())
        .add_attribute("error", error))
}

pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let (mut core, status, passed_at) = load_live(deps.storage, id, env.block.time)?;
    let how = match status {
        // an honest "no" (quorum reached) gets its deposit back; a proposal too few cared to
        // vote on forfeits it to the treasury
        ProposalStatus::Rejected if quorum_reached(&core) => Settle::Refund,
        ProposalStatus::Rejected => Settle::Forfeit,
        // it passed: the proposer did nothing wrong
        ProposalStatus::Expired => Settle::Refund,
        _ => return Err(ContractError::NotRejected { id, status }),
    };
    core.status = ProposalStatus::Closed;
    core.passed_at = passed_at;
    let body = BODIES.load(deps.storage, id)?;
    let res = Response::new()
        .add_attribute("action", "close")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("sender", info.sender)
        .add_attribute("outcome", status_str(status));
    let res = settle_deposit(deps.storage, id, &mut core, &body, how, res)?;
    CORES.save(deps.storage, id, &core)?;
    Ok(res)
}

pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let (mut core, status, _) = load_live(deps.storage, id, env.block.time)?;
    let body = BODIES.load(deps.storage, id)?;
    if info.sender != body.proposer
        || status != ProposalStatus::Open
        || !voted(&core.tally).is_zero()
    {
        return Err(ContractError::CannotCancel {});
    }
    core.status = ProposalStatus::Cancelled;
    let res = Response::new()
        .add_attribute("action", "cancel")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("proposer", info.sender);
    let res = settle_deposit(deps.storage, id, &mut core, &body, Settle::Refund, res)?;
    CORES.save(deps.storage, id, &core)?;
    Ok(res)
}

pub fn update_config(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    params: GovernanceParams,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    if info.sender != env.contract.address {
        return Err(ContractError::Unauthorized {});
    }
    let mut config = CONFIG.load(deps.storage)?;
    check_params_change(deps.storage, &config, &params)?;
    config.params = params;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_attribute("action", "update_config"))
}

/// The shape of cw721's `owner_of` answer that `reclaim` needs.
#[derive(serde::Deserialize)]
struct OwnerOf {
    owner: String,
}

pub fn reclaim(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    denoms: Vec<String>,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let config = CONFIG.load(deps.storage)?;
    let presale = config.presale.as_ref().ok_or(ContractError::NoPresale {})?;
    if denoms.len() > MAX_RECLAIM_DENOMS {
        return Err(ContractError::InvalidDenoms {
            reason: format!("at most {MAX_RECLAIM_DENOMS} denoms"),
        });
    }
    for (i, denom) in denoms.iter().enumerate() {
        validate::denom(denom)?;
        if denoms[..i].contains(denom) {
            return Err(ContractError::InvalidDenoms {
                reason: format!("{denom} appears twice"),
            });
        }
    }
    let state: StateResponse = deps
        .querier
        .query_wasm_smart(presale, &PresaleQuery::State {})?;
    if !matches!(state.phase, Phase::Failed | Phase::Cancelled) {
        return Err(ContractError::PresaleNotFailed { phase: state.phase });
    }
    let creator = deps
        .querier
        .query_wasm_smart::<PresaleConfig>(presale, &PresaleQuery::Config {})?
        .creator;

    let dao = &env.contract.address;
    let mut coins = Vec::with_capacity(denoms.len());
    for denom in denoms {
        // held deposits stay: their proposals can still be closed or cancelled
        let amount = free_balance(deps.as_ref(), dao, &denom)?;
        if !amount.is_zero() {
            coins.push(Coin { denom, amount });
        }
    }
    coins.sort_by(|a, b| a.denom.cmp(&b.denom));
    let nft = match (&config.registry, &config.model_id) {
        (Some(registry), Some(token_id)) => {
            // a token the registry does not know (or no longer gives us) stays where it is
            let owner = deps
                .querier
                .query_wasm_smart::<OwnerOf>(
                    registry,
                    &modelfund::registry::QueryMsg::OwnerOf {
                        token_id: token_id.clone(),
                        include_expired: None,
                    },
                )
                .ok();
            match owner {
                Some(o) if o.owner == dao.as_str() => Some(wasm_exec(
                    registry,
                    &modelfund::registry::ExecuteMsg::TransferNft {
                        recipient: creator.to_string(),
                        token_id: token_id.clone(),
                    },
                )?),
                _ => None,
            }
        }
        _ => None,
    };
    if coins.is_empty() && nft.is_none() {
        return Err(ContractError::NothingToReclaim {});
    }
    let mut res = Response::new()
        .add_attribute("action", "reclaim")
        .add_attribute("presale", presale.as_str())
        .add_attribute("phase", phase_str(state.phase))
        .add_attribute("creator", creator.as_str())
        .add_attribute(
            "coins",
            if coins.is_empty() {
                "none".to_string()
            } else {
                coins
                    .iter()
                    .map(Coin::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            },
        )
        .add_attribute(
            "model_nft",
            if nft.is_some() {
                "transferred"
            } else {
                "not_held"
            },
        );
    if !coins.is_empty() {
        res = res.add_message(send(creator.as_str(), coins));
    }
    if let Some(msg) = nft {
        res = res.add_message(msg);
    }
    Ok(res)
}

fn phase_str(p: Phase) -> &'static str {
    match p {
        Phase::Upcoming => "upcoming",
        Phase::Open => "open",
        Phase::Ended => "ended",
        Phase::Succeeded => "succeeded",
        Phase::Failed => "failed",
        Phase::Cancelled => "cancelled",
    }
}

pub fn vote_str(v: VoteOption) -> &'static str {
    match v {
        VoteOption::Yes => "yes",
        VoteOption::No => "no",
        VoteOption::Abstain => "abstain",
    }
}

pub fn status_str(s: ProposalStatus) -> &'static str {
    match s {
        ProposalStatus::Open => "open",
        ProposalStatus::Passed => "passed",
        ProposalStatus::Rejected => "rejected",
        ProposalStatus::Executed => "executed",
        ProposalStatus::ExecutionFailed => "execution_failed",
        ProposalStatus::Closed => "closed",
        ProposalStatus::Cancelled => "cancelled",
        ProposalStatus::Expired => "expired",
    }
}
