//! Execute handlers of the proposal life cycle (propose, vote, close, cancel), the DAO's own
//! config change and `reclaim`; executing a passed proposal is `execution.rs`. Every path is
//! O(1) in the number of holders, voters and proposals; a proposal's actions are bounded by
//! `max_actions` (at most 20) and the denoms with held deposits by `MAX_DEPOSIT_DENOMS`.

use cosmwasm_std::{
    Addr, Coin, CosmosMsg, Deps, DepsMut, Env, MessageInfo, Response, StdError, Storage, Uint128,
    WasmMsg,
};
use modelfund::governance::{
    Action, DepositStatus, GovernanceParams, ProposalStatus, Tally, VoteOption,
    MAX_DESCRIPTION_LEN, MAX_TITLE_LEN,
};
use modelfund::presale::{
    ConfigResponse as PresaleConfig, Phase, PresalePhase, QueryMsg as PresaleQuery,
};
use modelfund::shares::checkpoints;
use modelfund::{display, validate};

use crate::error::ContractError;
use crate::state::{
    load_proposal, Ballot, Config, ProposalBody, ProposalCore, BALLOTS, BODIES, CONFIG, CORES,
    PROPOSAL_COUNT,
};
use crate::treasury::{free_balance, hold, send, settle_deposit, Settle};
use crate::validate::{check_params_change, validate_action, validate_denoms};

/// The deposit a proposal must carry: exactly the DAO's deposit, or no funds when it has none.
fn paid_deposit(
    info: &MessageInfo,
    params: &GovernanceParams,
) -> Result<Option<Coin>, ContractError> {
    let Some(required) = &params.deposit else {
        modelfund::validate::no_funds(info)?;
        return Ok(None);
    };
    let wrong = || ContractError::WrongDeposit {
        expected: required.to_string(),
    };
    let paid = cw_utils::must_pay(info, &required.denom).map_err(|_| wrong())?;
    if paid != required.amount {
        return Err(wrong());
    }
    Ok(Some(required.clone()))
}

/// The proposer's power and the total power at the current height (`height` is the current
/// block): the proposer needs at least `min_propose_power` (and some), and there must be power
/// to vote with.
fn proposing_power(
    deps: Deps,
    config: &Config,
    proposer: &Addr,
    height: u64,
) -> Result<Uint128, ContractError> {
    let params = &config.params;
    let power = checkpoints::power_at_height(&deps.querier, &config.shares, proposer, height)?;
    if power < params.min_propose_power || power.is_zero() {
        return Err(ContractError::NotEnoughPowerToPropose {
            required: params.min_propose_power.max(Uint128::one()),
            power,
        });
    }
    // raw reads of the published supply layout: the shares' `total_power_at_height` at this
    // block without a contract call (~65k gas on wasmd)
    let total = checkpoints::total_power_now(&deps.querier, &config.shares, height)?;
    if total.is_zero() {
        return Err(ContractError::NoVotingPowerSupply {});
    }
    Ok(total)
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
        validate_action(deps.api, deps.storage, &config, i, action)?;
    }
    let deposit = paid_deposit(&info, params)?;
    let height = env.block.height;
    let total_power = proposing_power(deps.as_ref(), &config, &info.sender, height)?;

    let id = PROPOSAL_COUNT
        .load(deps.storage)?
        .checked_add(1)
        .ok_or_else(|| StdError::generic_err("proposal id overflow"))?;
    PROPOSAL_COUNT.save(deps.storage, &id)?;
    if let Some(d) = &deposit {
        hold(deps.storage, d)?;
    }
    let core = ProposalCore {
        status: ProposalStatus::Open,
        start_height: height,
        expires_at: env.block.time.plus_seconds(params.voting_period_seconds),
        total_power,
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
    };
    let res = proposal_event("propose", id)
        .add_attribute("proposer", info.sender.as_str())
        .add_attribute("title", title.as_str())
        .add_attribute("start_height", height.to_string())
        .add_attribute("expires_at", core.expires_at.seconds().to_string())
        .add_attribute("total_power", total_power)
        .add_attribute(
            "deposit",
            deposit
                .as_ref()
                .map_or_else(|| "none".into(), |d| d.to_string()),
        );
    let body = ProposalBody {
        title,
        description,
        proposer: info.sender,
        actions,
        deposit,
        start_time: env.block.time,
    };
    BODIES.save(deps.storage, id, &body)?;
    CORES.save(deps.storage, id, &core)?;
    Ok(res)
}

pub fn vote(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    vote: VoteOption,
) -> Result<Response, ContractError> {
    let mut core = load_proposal(deps.storage, id)?;
    let (status, _) = core.live_status(env.block.time);
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
    core.count(vote, power)?;
    if let Some(outcome) = core.early_outcome() {
        core.status = outcome;
        if outcome == ProposalStatus::Passed {
            core.passed_at = Some(env.block.time);
        }
    }
    BALLOTS.save(deps.storage, (id, &info.sender), &Ballot { vote, power })?;
    CORES.save(deps.storage, id, &core)?;

    Ok(proposal_event("vote", id)
        .add_attribute("voter", info.sender)
        .add_attribute("vote", vote_str(vote))
        .add_attribute("power", power)
        .add_attribute("status", status_str(core.status)))
}

pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut core = load_proposal(deps.storage, id)?;
    let (status, passed_at) = core.live_status(env.block.time);
    let how = match status {
        // an honest "no" (quorum reached) gets its deposit back; a proposal too few cared to
        // vote on forfeits it to the treasury
        ProposalStatus::Rejected if core.quorum_reached() => Settle::Refund,
        ProposalStatus::Rejected => Settle::Forfeit,
        // it passed: the proposer did nothing wrong
        ProposalStatus::Expired => Settle::Refund,
        _ => return Err(ContractError::NotRejected { id, status }),
    };
    core.status = ProposalStatus::Closed;
    core.passed_at = passed_at;
    let body = BODIES.load(deps.storage, id)?;
    let res = proposal_event("close", id)
        .add_attribute("sender", info.sender)
        .add_attribute("outcome", status_str(status));
    end_proposal(deps.storage, id, core, &body, how, res)
}

pub fn cancel(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let mut core = load_proposal(deps.storage, id)?;
    let (status, _) = core.live_status(env.block.time);
    let body = BODIES.load(deps.storage, id)?;
    if info.sender != body.proposer || status != ProposalStatus::Open || !core.voted().is_zero() {
        return Err(ContractError::CannotCancel {});
    }
    core.status = ProposalStatus::Cancelled;
    let res = proposal_event("cancel", id).add_attribute("proposer", info.sender);
    end_proposal(deps.storage, id, core, &body, Settle::Refund, res)
}

/// `veto`: the DAO's vetoer stops a passed proposal during its timelock; the deposit is refunded
/// (the proposal passed by the rules, its proposer did nothing wrong).
pub fn veto(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if config.vetoer.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotVetoer {});
    }
    let mut core = load_proposal(deps.storage, id)?;
    let (passed_at, ends_at) = core
        .passed(env.block.time)
        .map_err(|status| ContractError::NotVetoable { id, status })?;
    if env.block.time >= ends_at {
        return Err(ContractError::VetoWindowOver { id, ends_at });
    }
    core.status = ProposalStatus::Vetoed;
    core.passed_at = Some(passed_at);
    let body = BODIES.load(deps.storage, id)?;
    let res = proposal_event("veto", id).add_attribute("vetoer", info.sender);
    end_proposal(deps.storage, id, core, &body, Settle::Refund, res)
}

/// Ends proposal `id` without running it (close, cancel, veto; `core` has its new status): its
/// deposit is settled `how` (the settlement ends the event `res`) and it is saved.
fn end_proposal(
    storage: &mut dyn Storage,
    id: u64,
    mut core: ProposalCore,
    body: &ProposalBody,
    how: Settle,
    res: Response,
) -> Result<Response, ContractError> {
    let res = settle_deposit(storage, id, &mut core, body, how, res)?;
    CORES.save(storage, id, &core)?;
    Ok(res)
}

pub fn update_config(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    params: GovernanceParams,
) -> Result<Response, ContractError> {
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

/// The transfer of the model NFT to `creator`, when the DAO still holds it in the registry (a
/// token the registry does not know, or no longer gives the DAO, stays where it is).
fn reclaim_nft(
    deps: Deps,
    config: &Config,
    dao: &Addr,
    creator: &Addr,
) -> Result<Option<CosmosMsg>, ContractError> {
    let Ok((registry, token_id)) = config.registry() else {
        return Ok(None);
    };
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
    if owner.is_none_or(|o| o.owner != dao.as_str()) {
        return Ok(None);
    }
    let transfer = modelfund::registry::ExecuteMsg::TransferNft {
        recipient: creator.to_string(),
        token_id: token_id.clone(),
    };
    Ok(Some(
        WasmMsg::Execute {
            contract_addr: registry.to_string(),
            msg: cosmwasm_std::to_json_binary(&transfer)?,
            funds: vec![],
        }
        .into(),
    ))
}

/// The DAO's free balance of each of `denoms` (held deposits stay: their proposals can still be
/// closed or cancelled), sorted by denom for the bank, zero balances left out.
fn reclaim_coins(deps: Deps, dao: &Addr, denoms: Vec<String>) -> Result<Vec<Coin>, ContractError> {
    let mut coins = Vec::with_capacity(denoms.len());
    for denom in denoms {
        let amount = free_balance(deps, dao, &denom)?;
        if !amount.is_zero() {
            coins.push(Coin { denom, amount });
        }
    }
    coins.sort_by(|a, b| a.denom.cmp(&b.denom));
    Ok(coins)
}

pub fn reclaim(deps: DepsMut, env: Env, denoms: Vec<String>) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let presale = config.presale.as_ref().ok_or(ContractError::NoPresale {})?;
    validate_denoms(&denoms)?;
    let state: PresalePhase = deps
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
    let coins = reclaim_coins(deps.as_ref(), dao, denoms)?;
    let nft = reclaim_nft(deps.as_ref(), &config, dao, &creator)?;
    if coins.is_empty() && nft.is_none() {
        return Err(ContractError::NothingToReclaim {});
    }
    let mut res = Response::new()
        .add_attribute("action", "reclaim")
        .add_attribute("presale", presale.as_str())
        .add_attribute("phase", phase_str(state.phase))
        .add_attribute("creator", creator.as_str())
        .add_attribute("coins", display::coins(&coins, "none"))
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

/// The event of a handler about proposal `id`: its `action`, then the `proposal_id`.
pub fn proposal_event(action: &str, id: u64) -> Response {
    Response::new()
        .add_attribute("action", action)
        .add_attribute("proposal_id", id.to_string())
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
        ProposalStatus::Vetoed => "vetoed",
    }
}
