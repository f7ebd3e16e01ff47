//! Executing a passed proposal. `execute` checks the spends against the free treasury, refunds
//! the deposit and runs every action in one sub-call to the DAO itself (`execute_actions`),
//! whose last step is `check_deposits` when a custom action can spend beyond those checks; all
//! of it applies or none of it; a proposal of one action that needs no deposit check sends that
//! action itself as the sub-call (atomic alone). The chain hides the
//! error of a failed sub-call behind "codespace: wasm, code: 5", so when the sub-call fails the
//! reply finds the failing step itself: it binary-searches the shortest failing prefix of the
//! steps with dry runs (`probe_actions`, which succeeds exactly when its prefix fails and
//! reverts it otherwise), then records "action i (kind) failed: <error>".

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, CosmosMsg, DepsMut, Env, MessageInfo, Response,
    Storage, SubMsg, WasmMsg,
};
use modelfund::access::ExecuteMsg as AccessMsg;
use modelfund::governance::{Action, ExecuteMsg, ProposalStatus, ABSOLUTE_MAX_ACTIONS};

use crate::error::ContractError;
use crate::execute::{proposal_event, status_str};
use crate::state::{
    load_proposal, Config, Search, BODIES, CONFIG, CORES, EXECUTING, EXECUTION_ERRORS,
};
use crate::treasury::{
    check_treasury, held_deposits, send, settle_deposit, spends_unchecked, Settle,
};
use crate::validate::check_params_change;

/// Reply to `execute`: the `execute_actions` sub-call failed (payload: the proposal id).
pub const REPLY_EXECUTE: u64 = 1;
/// Reply to the search: a `probe_actions` dry run answered (payload: the [`Search`]).
pub const REPLY_PROBE: u64 = 2;
/// Reply inside `probe_actions`: its dry run of `execute_actions` finished.
pub const REPLY_PROBE_RUN: u64 = 3;
/// Reply to `execute` of a proposal with one action run directly: it failed (payload: the
/// proposal id).
pub const REPLY_EXECUTE_ONE: u64 = 4;

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

fn wasm_exec<T: serde::Serialize>(contract: &Addr, msg: &T) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

fn self_msg(env: &Env, msg: &ExecuteMsg) -> Result<CosmosMsg, ContractError> {
    wasm_exec(&env.contract.address, msg)
}

/// `execute {proposal_id}`: a passed proposal after its timelock, once, by anyone. The deposit
/// is refunded whatever the actions do; what the DAO can check itself (spends against the free
/// treasury, params changes) fails the execution here with a typed error, everything else runs
/// in one sub-call whose failure comes back to the reply.
pub fn execute_proposal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut core = load_proposal(deps.storage, id)?;
    // An early pass does not skip the timelock: holders always get the full window to exit.
    let (passed_at, executable_at) = core
        .passed(env.block.time)
        .map_err(|status| ContractError::NotPassed { id, status })?;
    if env.block.time < executable_at {
        return Err(ContractError::Timelocked { id, executable_at });
    }
    let body = BODIES.load(deps.storage, id)?;
    // the spends must fit in the free balance (read before this deposit leaves the held ones;
    // the free balance is the same before and after)
    let treasury = check_treasury(deps.as_ref(), &env.contract.address, &body.actions);
    core.passed_at = Some(passed_at);
    let res = proposal_event("execute", id)
        .add_attribute("sender", info.sender)
        .add_attribute("actions", body.actions.len().to_string());
    // the deposit goes back whatever the actions do
    let res = settle_deposit(deps.storage, id, &mut core, &body, Settle::Refund, res)?;
    let checked = treasury.and_then(|()| check_config_changes(deps.storage, &body.actions));
    let direct = checked.and_then(|()| direct_step(deps.storage, &env, body.actions));
    let direct = match direct {
        Ok(direct) => direct,
        Err(e) => {
            core.status = ProposalStatus::ExecutionFailed;
            CORES.save(deps.storage, id, &core)?;
            EXECUTION_ERRORS.save(deps.storage, id, &e.to_string())?;
            return Ok(res
                .add_attribute("status", status_str(core.status))
                .add_attribute("error", e.to_string()));
        }
    };
    core.status = ProposalStatus::Executed;
    CORES.save(deps.storage, id, &core)?;
    let payload = to_json_binary(&id)?;
    if let Some((attrs, msg)) = direct {
        let run = SubMsg::reply_on_error(msg, REPLY_EXECUTE_ONE).with_payload(payload);
        return Ok(res.add_attributes(attrs).add_submessage(run));
    }
    EXECUTING.save(deps.storage, &id)?;
    // All actions run inside one call to ourselves: they apply together or not at all, and a
    // failure comes back to the reply instead of reverting this execution.
    let run = self_msg(
        &env,
        &ExecuteMsg::ExecuteActions {
            proposal_id: id,
            upto: None,
        },
    )?;
    Ok(res.add_submessage(SubMsg::reply_on_error(run, REPLY_EXECUTE).with_payload(payload)))
}

/// The step of a proposal whose one action needs no deposit check: atomic alone, it runs as
/// `execute`'s sub-call itself (no call to ourselves, and a failure is that action's, no search).
/// `None` when the actions run through `execute_actions`. An error names the action.
fn direct_step(
    storage: &dyn Storage,
    env: &Env,
    actions: Vec<Action>,
) -> Result<Option<Step>, ContractError> {
    let Ok([action]) = <[Action; 1]>::try_from(actions) else {
        return Ok(None);
    };
    if spends_unchecked(&action) {
        return Ok(None);
    }
    let kind = action_kind(&action);
    let step = CONFIG
        .load(storage)
        .map_err(ContractError::from)
        .and_then(|config| action_message(&config, env, action));
    step.map(Some).map_err(|e| ContractError::ActionFailed {
        index: 0,
        kind: kind.into(),
        error: e.to_string(),
    })
}

/// The `update_config` actions of a proposal, checked against the DAO's bounds as they are now
/// (deposits may be held in other denoms than at propose); the error names the action.
fn check_config_changes(storage: &dyn Storage, actions: &[Action]) -> Result<(), ContractError> {
    let mut config: Option<Config> = None;
    for (index, action) in actions.iter().enumerate() {
        let Action::UpdateConfig { params } = action else {
            continue;
        };
        let config = match &config {
            Some(c) => c,
            None => config.insert(CONFIG.load(storage)?),
        };
        check_params_change(storage, config, params).map_err(|e| ContractError::ActionFailed {
            index,
            kind: action_kind(action).into(),
            error: e.to_string(),
        })?;
    }
    Ok(())
}

/// Only the DAO itself, and only for the proposal `execute` is dispatching.
fn check_executing(
    storage: &dyn Storage,
    env: &Env,
    info: &MessageInfo,
    id: u64,
) -> Result<(), ContractError> {
    if info.sender != env.contract.address || EXECUTING.may_load(storage)? != Some(id) {
        return Err(ContractError::Unauthorized {});
    }
    Ok(())
}

/// The steps of an execution: every action in order, then `check_deposits` (step `n`) when an
/// action can spend beyond what `execute` checked ([`spends_unchecked`]). With
/// `upto`, only the steps `0..=upto` (a dry run for the search in the reply).
pub fn execute_actions(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    upto: Option<u32>,
) -> Result<Response, ContractError> {
    check_executing(deps.storage, &env, &info, id)?;
    EXECUTING.remove(deps.storage);
    let config = CONFIG.load(deps.storage)?;
    let body = BODIES.load(deps.storage, id)?;
    let n = body.actions.len();
    // a custom message that is no bank send or burn can send anything: the held deposits
    // must still be there after it (other spends were checked against the free balance)
    let needs_check = body.actions.iter().any(spends_unchecked);
    let (count, check) = match upto {
        None => (n, needs_check),
        Some(k) => (
            (k as usize).saturating_add(1).min(n),
            needs_check && k as usize >= n,
        ),
    };
    let mut res = proposal_event("execute_actions", id);
    // Every step is a message of this response, so they run in order and a failing one reverts
    // them all; none fails inside this handler (what could was checked at propose and execute).
    for action in body.actions.into_iter().take(count) {
        let (attrs, msg) = action_message(&config, &env, action)?;
        res = res.add_attributes(attrs).add_message(msg);
    }
    if check {
        res = res.add_message(self_msg(&env, &ExecuteMsg::CheckDeposits {})?);
    }
    Ok(res)
}

/// One step of an execution: the attributes that name it in the event, and its message.
type Step = (Vec<(&'static str, String)>, CosmosMsg);

/// The message an action sends, and the attributes that name it in the event. Every kind is
/// named: a new action kind does not compile until it says what it sends.
fn action_message(config: &Config, env: &Env, action: Action) -> Result<Step, ContractError> {
    Ok(match action {
        Action::PublishModelVersion {
            version,
            content_hash,
            uri,
            notes,
        } => {
            let (registry, model_id) = config.registry()?;
            let msg = modelfund::registry::ExecuteMsg::PublishVersion {
                token_id: model_id.clone(),
                version: version.clone(),
                content_hash,
                uri,
                notes,
            };
            (
                vec![("published_version", version)],
                wasm_exec(registry, &msg)?,
            )
        }
        Action::ReleaseMilestone {
            recipient,
            amount,
            memo,
        } => (
            vec![
                ("milestone_recipient", recipient.clone()),
                ("milestone_amount", amount.to_string()),
                ("milestone_memo", memo),
            ],
            send(&recipient, vec![amount]),
        ),
        Action::SpendTreasury { recipient, amount } => (
            vec![("spend_recipient", recipient.clone())],
            send(&recipient, amount),
        ),
        // in order with the other actions, through the checked handler
        Action::UpdateConfig { params } => (
            vec![("config_updated", "true".to_string())],
            self_msg(env, &ExecuteMsg::UpdateConfig { params })?,
        ),
        Action::SetPricingPlan { plan } => {
            let plan_id = plan.plan_id.clone();
            access_message(config, ("plan_set", plan_id), |model_id| {
                AccessMsg::SetPlan { model_id, plan }
            })?
        }
        Action::RetirePricingPlan { plan_id } => {
            access_message(config, ("plan_retired", plan_id.clone()), |model_id| {
                AccessMsg::RetirePlan { model_id, plan_id }
            })?
        }
        Action::ApproveGateway { gateway } => {
            access_message(config, ("gateway_approved", gateway.clone()), |model_id| {
                AccessMsg::ApproveGateway { model_id, gateway }
            })?
        }
        Action::RevokeGateway { gateway } => {
            access_message(config, ("gateway_revoked", gateway.clone()), |model_id| {
                AccessMsg::RevokeGateway { model_id, gateway }
            })?
        }
        Action::SetRoyaltySplits { splits } => (
            vec![("splits", splits.len().to_string())],
            wasm_exec(
                &config.shares,
                &modelfund::shares::ExecuteMsg::SetSplits { splits },
            )?,
        ),
        Action::Custom(msg) => (vec![], msg),
    })
}

/// An access-contract message about the DAO's model, and the attribute naming it.
fn access_message(
    config: &Config,
    attr: (&'static str, String),
    msg: impl FnOnce(String) -> AccessMsg,
) -> Result<Step, ContractError> {
    let (access, model_id) = config.access()?;
    Ok((vec![attr], wasm_exec(access, &msg(model_id.clone()))?))
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

/// A dry run of the steps `0..=upto` that succeeds exactly when they fail: its reply turns the
/// run's failure into success and its success into a failure (reverting what it did).
pub fn probe_actions(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    upto: u32,
) -> Result<Response, ContractError> {
    check_executing(deps.storage, &env, &info, id)?;
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

/// The execution failed (reply to `execute`; payload: the proposal id): starts the search for
/// the failing step over all of them.
pub fn start_search(
    deps: DepsMut,
    env: Env,
    payload: &Binary,
    error: String,
) -> Result<Response, ContractError> {
    let id: u64 = from_json(payload)?;
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

/// The one action `execute` ran directly failed (reply; payload: the proposal id): it is the
/// failing step, nothing to search.
pub fn action_failed(
    deps: DepsMut,
    payload: &Binary,
    error: String,
) -> Result<Response, ContractError> {
    let id: u64 = from_json(payload)?;
    record_failure(deps, id, 0, error)
}

/// A dry run answered (payload: the [`Search`]): `prefix_failed` when the steps `0..=mid`
/// failed. Narrows the interval and probes again.
pub fn probe_answered(
    deps: DepsMut,
    env: Env,
    payload: &Binary,
    prefix_failed: bool,
) -> Result<Response, ContractError> {
    let mut search: Search = from_json(payload)?;
    if prefix_failed {
        search.hi = search.mid;
    } else {
        search.lo = search.mid.saturating_add(1);
    }
    search.mid = search.lo.saturating_add(search.hi) / 2;
    next_probe(deps, &env, search)
}

/// The number of actions of a proposal: its execution has that many steps plus (maybe) the deposit
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
    let mut core = load_proposal(deps.storage, id)?;
    core.status = ProposalStatus::ExecutionFailed;
    CORES.save(deps.storage, id, &core)?;
    EXECUTING.remove(deps.storage);
    EXECUTION_ERRORS.save(deps.storage, id, &error)?;
    Ok(proposal_event("execution_failed", id)
        .add_attribute("failed_step", step.to_string())
        .add_attribute("error", error))
}
