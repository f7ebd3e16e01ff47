//! Execute handlers. Every path is O(1) in the number of holders, voters and proposals; a
//! proposal's actions are bounded by `max_actions` (at most 20).

use cosmwasm_std::{
    to_json_binary, BankMsg, Coin, CosmosMsg, Decimal, DepsMut, Env, MessageInfo, Response,
    Storage, SubMsg, Timestamp, Uint128, Uint256, WasmMsg,
};
use cw_storage_plus::Item;
use modelfund::access::ExecuteMsg as AccessMsg;
use modelfund::governance::{
    Action, ExecuteMsg, GovernanceParams, ProposalStatus, Tally, VoteOption, MAX_DESCRIPTION_LEN,
    MAX_MEMO_LEN, MAX_TITLE_LEN,
};
use modelfund::shares::checkpoints;
use modelfund::shares::{QueryMsg as SharesQuery, TotalPowerAtHeightResponse};
use modelfund::validate;

use crate::contract::validate_params;
use crate::error::ContractError;
use crate::state::{
    Ballot, Config, ProposalBody, ProposalCore, BALLOTS, BODIES, CONFIG, CORES, EXECUTION_ERRORS,
    PROPOSAL_COUNT,
};

/// The proposal whose actions `execute` is dispatching right now. `execute_actions` runs only
/// for it, so an action cannot make the DAO run another proposal's actions.
const EXECUTING: Item<u64> = Item::new("executing");

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

/// The status a proposal has now, and when it passed: an open proposal whose period is over
/// shows its final outcome even before anyone writes it.
pub fn live_status(core: &ProposalCore, now: Timestamp) -> (ProposalStatus, Option<Timestamp>) {
    if core.status != ProposalStatus::Open || now < core.expires_at {
        return (core.status, core.passed_at);
    }
    let t = &core.tally;
    if quorum_reached(core) && exceeds(t.yes, core.threshold, t.yes.saturating_add(t.no)) {
        (ProposalStatus::Passed, Some(core.expires_at))
    } else {
        (ProposalStatus::Rejected, None)
    }
}

/// After a vote: pass or reject early when the power that has not voted yet cannot change
/// the outcome any more.
fn early_outcome(core: &ProposalCore) -> Option<ProposalStatus> {
    let t = &core.tally;
    let remaining = core.total_power.saturating_sub(voted(t));
    // even if everybody else votes no
    let passes = quorum_reached(core)
        && exceeds(
            t.yes,
            core.threshold,
            t.yes.saturating_add(t.no).saturating_add(remaining),
        );
    if passes {
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

fn refund(body: &ProposalBody) -> Option<CosmosMsg> {
    body.deposit.as_ref().map(|d| {
        BankMsg::Send {
            to_address: body.proposer.to_string(),
            amount: vec![d.clone()],
        }
        .into()
    })
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
            validate::text("memo", memo, MAX_MEMO_LEN, true)?;
        }
        Action::SpendTreasury { recipient, amount } => {
            deps.api.addr_validate(recipient)?;
            if amount.is_empty() || amount.iter().any(|c| c.amount.is_zero()) {
                return Err(fail("spend at least one positive coin".into()));
            }
        }
        Action::UpdateConfig { params } => validate_params(params)?,
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
            tally: Tally::default(),
            passed_at: None,
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
    core.status = ProposalStatus::Executed;
    core.passed_at = Some(passed_at);
    CORES.save(deps.storage, id, &core)?;
    EXECUTING.save(deps.storage, &id)?;

    let body = BODIES.load(deps.storage, id)?;
    let mut res = Response::new()
        .add_attribute("action", "execute")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("sender", info.sender)
        .add_attribute("actions", body.actions.len().to_string());
    // the deposit goes back whatever the actions do
    if let Some(msg) = refund(&body) {
        res = res.add_message(msg).add_attribute("deposit", "refunded");
    }
    // All actions run inside one call to ourselves: they apply together or not at all, and a
    // failure comes back to `reply` instead of reverting this execution.
    let run = WasmMsg::Execute {
        contract_addr: env.contract.address.to_string(),
        msg: to_json_binary(&ExecuteMsg::ExecuteActions { proposal_id: id })?,
        funds: vec![],
    };
    Ok(res.add_submessage(SubMsg::reply_on_error(run, id)))
}

pub fn execute_actions(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    if info.sender != env.contract.address || EXECUTING.may_load(deps.storage)? != Some(id) {
        return Err(ContractError::Unauthorized {});
    }
    EXECUTING.remove(deps.storage);
    let mut config = CONFIG.load(deps.storage)?;
    let body = BODIES.load(deps.storage, id)?;
    let mut res = Response::new()
        .add_attribute("action", "execute_actions")
        .add_attribute("proposal_id", id.to_string());
    for action in body.actions {
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
            Action::UpdateConfig { params } => {
                config.params = params;
                CONFIG.save(deps.storage, &config)?;
                res = res.add_attribute("config_updated", "true");
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
    Ok(res)
}

fn send(recipient: &str, amount: Vec<Coin>) -> CosmosMsg {
    BankMsg::Send {
        to_address: recipient.to_string(),
        amount,
    }
    .into()
}

/// Called from `reply` when `execute_actions` failed: nothing of it was applied.
pub fn record_failure(deps: DepsMut, id: u64, error: String) -> Result<Response, ContractError> {
    let mut core = load_core(deps.storage, id)?;
    core.status = ProposalStatus::ExecutionFailed;
    CORES.save(deps.storage, id, &core)?;
    EXECUTING.remove(deps.storage);
    EXECUTION_ERRORS.save(deps.storage, id, &error)?;
    Ok(Response::new()
        .add_attribute("action", "execution_failed")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("error", error))
}

pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let (mut core, status, _) = load_live(deps.storage, id, env.block.time)?;
    if status != ProposalStatus::Rejected {
        return Err(ContractError::NotRejected { id, status });
    }
    core.status = ProposalStatus::Closed;
    CORES.save(deps.storage, id, &core)?;
    let body = BODIES.load(deps.storage, id)?;
    let mut res = Response::new()
        .add_attribute("action", "close")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("sender", info.sender);
    // an honest "no" (quorum reached) gets its deposit back; a proposal nobody voted on keeps
    // it in the treasury
    match refund(&body) {
        Some(msg) if quorum_reached(&core) => {
            res = res.add_message(msg).add_attribute("deposit", "refunded")
        }
        Some(_) => res = res.add_attribute("deposit", "kept"),
        None => res = res.add_attribute("deposit", "none"),
    }
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
    CORES.save(deps.storage, id, &core)?;
    let mut res = Response::new()
        .add_attribute("action", "cancel")
        .add_attribute("proposal_id", id.to_string())
        .add_attribute("proposer", info.sender);
    if let Some(msg) = refund(&body) {
        res = res.add_message(msg).add_attribute("deposit", "refunded");
    }
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
    validate_params(&params)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.params = params;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new().add_attribute("action", "update_config"))
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
    }
}
