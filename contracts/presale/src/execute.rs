//! Execute handlers. Each checks everything first and writes only when every check has passed;
//! all of them are O(1): no loop over backers anywhere (an allowlist proof is at most
//! `modelfund::allowlist::MAX_PROOF_LEN` hashes).

use cosmwasm_std::{
    coins, to_json_binary, Addr, BankMsg, Coin, CosmosMsg, DepsMut, Env, MessageInfo,
    QuerierWrapper, Response, Uint128, WasmMsg,
};
use cw20::{Cw20QueryMsg, MinterResponse};
use modelfund::presale::Phase;
use modelfund::shares::ExecuteMsg as SharesMsg;

use crate::allowlist;
use crate::error::ContractError;
use crate::state::{Config, State, Status, CONFIG, CONTRIBUTIONS, STATE};

fn shares_msg(shares: &Addr, msg: &SharesMsg) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: shares.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}

/// The shares `amount` of base units buys: rounded down.
fn shares_for(config: &Config, amount: Uint128) -> Result<Uint128, ContractError> {
    amount
        .checked_div(config.price)
        .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()).into())
}

/// True when the shares contract names this presale as its minter.
fn is_shares_minter(
    querier: &QuerierWrapper,
    config: &Config,
    me: &Addr,
) -> Result<bool, ContractError> {
    let minter: Option<MinterResponse> =
        querier.query_wasm_smart(&config.shares, &Cw20QueryMsg::Minter {})?;
    Ok(minter.is_some_and(|m| m.minter == me.as_str()))
}

/// The presale's window: started (`start` reached) and not ended (`end` not reached).
fn ensure_running(config: &Config, env: &Env) -> Result<(), ContractError> {
    if env.block.time < config.start {
        return Err(ContractError::NotStarted {
            start: config.start,
        });
    }
    if env.block.time >= config.end {
        return Err(ContractError::Ended {});
    }
    Ok(())
}

/// Contributions are accepted only while the presale is active, inside its window and below
/// the hard cap.
fn ensure_open(config: &Config, state: &State, env: &Env) -> Result<(), ContractError> {
    match state.status {
        Status::Active => {}
        Status::Cancelled => {
            return Err(ContractError::Closed {
                reason: "cancelled".into(),
            })
        }
        Status::Succeeded | Status::Failed => {
            return Err(ContractError::Closed {
                reason: "finalized".into(),
            })
        }
    }
    ensure_running(config, env)?;
    if state.raised >= config.hard_cap {
        return Err(ContractError::HardCapReached {});
    }
    Ok(())
}

/// The part of `sent` the presale accepts from a backer who contributed `before` so far: what
/// fits below the hard cap and the backer's `limit` (its maximum: `max_per_address`, or its
/// allowlist cap when smaller), provided the backer's total reaches the minimum. Answers the
/// accepted part.
fn acceptable(
    config: &Config,
    state: &State,
    limit: Uint128,
    before: Uint128,
    sent: Uint128,
) -> Result<Uint128, ContractError> {
    let room_cap = config.hard_cap.checked_sub(state.raised)?;
    let room_address = limit.checked_sub(before).unwrap_or_default();
    if room_address.is_zero() {
        if limit < config.max_per_address {
            return Err(ContractError::AllowlistCapReached {
                cap: Coin::new(limit, &config.denom),
            });
        }
        return Err(ContractError::MaxPerAddressReached {
            max: Coin::new(config.max_per_address, &config.denom),
        });
    }
    let accepted = sent.min(room_cap).min(room_address);
    if before.checked_add(accepted)? < config.min_per_address {
        return Err(ContractError::BelowMinimum {
            min: Coin::new(config.min_per_address, &config.denom),
        });
    }
    Ok(accepted)
}

pub fn contribute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    proof: Option<Vec<String>>,
    cap: Option<Uint128>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut state = STATE.load(deps.storage)?;
    // exactly one coin, of the presale's denom, non-zero
    let sent = cw_utils::must_pay(&info, &config.denom)?;
    ensure_open(&config, &state, &env)?;
    let limit = allowlist::limit(&config, &info.sender, proof.as_deref(), cap)?;
    if !state.minter_confirmed {
        if !is_shares_minter(&deps.querier, &config, &env.contract.address)? {
            return Err(ContractError::NotSharesMinter {});
        }
        state.minter_confirmed = true;
    }
    let mut contribution = CONTRIBUTIONS
        .may_load(deps.storage, &info.sender)?
        .unwrap_or_default();
    let is_new = contribution.amount.is_zero();
    let accepted = acceptable(&config, &state, limit, contribution.amount, sent)?;
    let total = contribution.amount.checked_add(accepted)?;
    let returned = sent.checked_sub(accepted)?;
    // each backer's shares are floor(total / price): count only what this contribution adds
    let sold =
        shares_for(&config, total)?.checked_sub(shares_for(&config, contribution.amount)?)?;

    contribution.amount = total;
    CONTRIBUTIONS.save(deps.storage, &info.sender, &contribution)?;
    state.raised = state.raised.checked_add(accepted)?;
    state.shares_sold = state.shares_sold.checked_add(sold)?;
    if is_new {
        state.backers = state
            .backers
            .checked_add(1)
            .ok_or_else(|| cosmwasm_std::StdError::generic_err("backer count overflow"))?;
    }
    STATE.save(deps.storage, &state)?;

    let mut res = Response::new()
        .add_attribute("action", "contribute")
        .add_attribute("backer", info.sender.as_str())
        .add_attribute("sent", sent)
        .add_attribute("accepted", accepted)
        .add_attribute("returned", returned)
        .add_attribute("contribution", total)
        .add_attribute("raised", state.raised);
    if !returned.is_zero() {
        res = res.add_message(BankMsg::Send {
            to_address: info.sender.to_string(),
            amount: coins(returned.u128(), &config.denom),
        });
    }
    Ok(res)
}

/// Withdrawals are allowed only while the presale is active, inside its window and below the
/// goal: once the raise reaches the soft cap it can only grow, so it stays reached.
fn ensure_withdrawable(config: &Config, state: &State, env: &Env) -> Result<(), ContractError> {
    match state.status {
        Status::Active => {}
        Status::Succeeded => {
            return Err(ContractError::Closed {
                reason: "finalized".into(),
            })
        }
        Status::Failed => {
            return Err(ContractError::UseRefund {
                phase: Phase::Failed,
            })
        }
        Status::Cancelled => {
            return Err(ContractError::UseRefund {
                phase: Phase::Cancelled,
            })
        }
    }
    ensure_running(config, env)?;
    if state.raised >= config.soft_cap {
        return Err(ContractError::GoalReached {
            soft_cap: Coin::new(config.soft_cap, &config.denom),
        });
    }
    Ok(())
}

pub fn withdraw(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut state = STATE.load(deps.storage)?;
    if amount.is_zero() {
        return Err(ContractError::ZeroWithdrawal {});
    }
    ensure_withdrawable(&config, &state, &env)?;
    let mut contribution = CONTRIBUTIONS
        .may_load(deps.storage, &info.sender)?
        .ok_or(ContractError::NoContribution {})?;
    let before = contribution.amount;
    let left = before
        .checked_sub(amount)
        .map_err(|_| ContractError::WithdrawTooMuch {
            contribution: Coin::new(before, &config.denom),
        })?;
    // what stays must still buy at least one share (min_per_address >= price), or be nothing
    if !left.is_zero() && left < config.min_per_address {
        return Err(ContractError::WithdrawBelowMinimum {
            min: Coin::new(config.min_per_address, &config.denom),
        });
    }
    let unsold = shares_for(&config, before)?.checked_sub(shares_for(&config, left)?)?;

    state.raised = state.raised.checked_sub(amount)?;
    state.shares_sold = state.shares_sold.checked_sub(unsold)?;
    state.withdrawn = state.withdrawn.checked_add(amount)?;
    if left.is_zero() {
        CONTRIBUTIONS.remove(deps.storage, &info.sender);
        state.backers = state
            .backers
            .checked_sub(1)
            .ok_or_else(|| cosmwasm_std::StdError::generic_err("backer count underflow"))?;
    } else {
        contribution.amount = left;
        CONTRIBUTIONS.save(deps.storage, &info.sender, &contribution)?;
    }
    STATE.save(deps.storage, &state)?;

    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: info.sender.to_string(),
            amount: coins(amount.u128(), &config.denom),
        })
        .add_attribute("action", "withdraw")
        .add_attribute("backer", info.sender.as_str())
        .add_attribute("amount", amount)
        .add_attribute("contribution", left)
        .add_attribute("raised", state.raised)
        .add_attribute("backers", state.backers.to_string()))
}

pub fn finalize(deps: DepsMut, env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut state = STATE.load(deps.storage)?;
    if state.status != Status::Active {
        return Err(ContractError::AlreadySettled {});
    }
    if env.block.time < config.end && state.raised < config.hard_cap {
        return Err(ContractError::FinalizeTooEarly { end: config.end });
    }

    let mut res = Response::new()
        .add_attribute("action", "finalize")
        .add_attribute("sender", info.sender.as_str())
        .add_attribute("raised", state.raised)
        .add_attribute("backers", state.backers.to_string());
    if state.raised >= config.soft_cap {
        state.status = Status::Succeeded;
        res = res
            .add_attribute("outcome", "succeeded")
            .add_attribute("treasury", config.treasury.as_str())
            .add_attribute("shares_sold", state.shares_sold)
            .add_attribute("creator_allocation", config.creator_allocation)
            .add_message(BankMsg::Send {
                to_address: config.treasury.to_string(),
                amount: coins(state.raised.u128(), &config.denom),
            });
        // Every sold share exists from now on, held in escrow until its backer claims: the
        // whole final supply votes and earns from the next block, so neither the creator nor
        // an early claimer ever holds more than its fraction of it.
        if !state.shares_sold.is_zero() {
            res = res.add_message(shares_msg(
                &config.shares,
                &SharesMsg::MintEscrowed {
                    amount: state.shares_sold,
                },
            )?);
        }
        if !config.creator_allocation.is_zero() {
            let (recipient, amount) = (config.creator.to_string(), config.creator_allocation);
            // locked from now on when the launch asked for vesting
            let mint = match &config.creator_vesting {
                Some(v) => SharesMsg::MintVesting {
                    recipient,
                    amount,
                    cliff_seconds: v.cliff_seconds,
                    duration_seconds: v.duration_seconds,
                },
                None => SharesMsg::Mint { recipient, amount },
            };
            res = res.add_message(shares_msg(&config.shares, &mint)?);
        }
    } else {
        state.status = Status::Failed;
        res = res.add_attribute("outcome", "failed");
    }
    STATE.save(deps.storage, &state)?;
    Ok(res)
}

pub fn claim(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut state = STATE.load(deps.storage)?;
    if state.status != Status::Succeeded {
        return Err(ContractError::ClaimNotOpen {});
    }
    let mut contribution = CONTRIBUTIONS
        .may_load(deps.storage, &info.sender)?
        .ok_or(ContractError::NoContribution {})?;
    if contribution.claimed {
        return Err(ContractError::AlreadyClaimed {});
    }
    // rounds down: min_per_address >= price guarantees at least one share unit
    let shares = shares_for(&config, contribution.amount)?;
    contribution.claimed = true;
    CONTRIBUTIONS.save(deps.storage, &info.sender, &contribution)?;
    state.shares_claimed = state.shares_claimed.checked_add(shares)?;
    STATE.save(deps.storage, &state)?;

    Ok(Response::new()
        .add_message(shares_msg(
            &config.shares,
            &SharesMsg::ReleaseEscrowed {
                recipient: info.sender.to_string(),
                amount: shares,
            },
        )?)
        .add_attribute("action", "claim")
        .add_attribute("backer", info.sender.as_str())
        .add_attribute("contribution", contribution.amount)
        .add_attribute("shares", shares))
}

pub fn refund(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut state = STATE.load(deps.storage)?;
    if !matches!(state.status, Status::Failed | Status::Cancelled) {
        return Err(ContractError::RefundNotOpen {});
    }
    let mut contribution = CONTRIBUTIONS
        .may_load(deps.storage, &info.sender)?
        .ok_or(ContractError::NoContribution {})?;
    if contribution.refunded {
        return Err(ContractError::AlreadyRefunded {});
    }
    contribution.refunded = true;
    CONTRIBUTIONS.save(deps.storage, &info.sender, &contribution)?;
    state.refunded = state.refunded.checked_add(contribution.amount)?;
    STATE.save(deps.storage, &state)?;

    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: info.sender.to_string(),
            amount: coins(contribution.amount.u128(), &config.denom),
        })
        .add_attribute("action", "refund")
        .add_attribute("backer", info.sender.as_str())
        .add_attribute("amount", contribution.amount))
}

pub fn cancel(deps: DepsMut, env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut state = STATE.load(deps.storage)?;
    if info.sender != config.creator {
        return Err(ContractError::NotCreator {});
    }
    if state.status != Status::Active {
        return Err(ContractError::AlreadySettled {});
    }
    if env.block.time >= config.end {
        return Err(ContractError::Ended {});
    }
    state.status = Status::Cancelled;
    STATE.save(deps.storage, &state)?;
    Ok(Response::new()
        .add_attribute("action", "cancel")
        .add_attribute("creator", info.sender.as_str())
        .add_attribute("raised", state.raised)
        .add_attribute("backers", state.backers.to_string()))
}
