//! The treasury and the proposal deposits held apart from it: what a proposal may spend, how a
//! deposit is held and settled (once), and the bound on deposit denoms. Every function here is
//! bounded by `MAX_DEPOSIT_DENOMS` or by a proposal's actions.

use std::collections::BTreeMap;

use cosmwasm_std::{
    Addr, BankMsg, Coin, CosmosMsg, Deps, Order, Response, StdResult, Storage, Uint128,
};
use modelfund::governance::{Action, DepositStatus, GovernanceParams, MAX_DEPOSIT_DENOMS};

use crate::error::ContractError;
use crate::state::{ProposalBody, ProposalCore, DEPOSITS_HELD};

/// A bank send from the DAO.
pub fn send(recipient: &str, amount: Vec<Coin>) -> CosmosMsg {
    BankMsg::Send {
        to_address: recipient.to_string(),
        amount,
    }
    .into()
}

/// The deposits held for unsettled proposals, one coin per denom (at most
/// `MAX_DEPOSIT_DENOMS`, plus one to detect a broken bound).
pub fn held_deposits(storage: &dyn Storage) -> StdResult<Vec<Coin>> {
    DEPOSITS_HELD
        .range(storage, None, None, Order::Ascending)
        .take(MAX_DEPOSIT_DENOMS + 1)
        .map(|item| item.map(|(denom, amount)| Coin { denom, amount }))
        .collect()
}

/// Holds a new proposal's deposit apart from the treasury.
pub fn hold(storage: &mut dyn Storage, deposit: &Coin) -> Result<(), ContractError> {
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
pub fn check_deposit_denoms(
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

/// How a deposit is settled.
pub enum Settle {
    /// Back to the proposer.
    Refund,
    /// To the treasury.
    Forfeit,
}

/// Settles a proposal's deposit, once: it leaves the held deposits and goes back to the
/// proposer (refund) or stays in the treasury, now free (forfeit).
pub fn settle_deposit(
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
pub fn free_balance(deps: Deps, dao: &Addr, denom: &str) -> Result<Uint128, ContractError> {
    let bank = deps.querier.query_balance(dao, denom)?.amount;
    let held = DEPOSITS_HELD
        .may_load(deps.storage, denom)?
        .unwrap_or_default();
    Ok(bank.saturating_sub(held))
}

/// The coins an action pays out of the treasury, or `None` when it can move the DAO's coins
/// beyond any count: a custom message other than a bank send or burn (a wasm call with funds,
/// staking, ...). Every kind is named, so a new action kind must say here what it spends.
pub fn spent(action: &Action) -> Option<&[Coin]> {
    match action {
        Action::SpendTreasury { amount, .. } => Some(amount.as_slice()),
        Action::ReleaseMilestone { amount, .. } => Some(std::slice::from_ref(amount)),
        // a bank send or burn pays out exactly its coins
        Action::Custom(CosmosMsg::Bank(
            BankMsg::Send { amount, .. } | BankMsg::Burn { amount },
        )) => Some(amount.as_slice()),
        // any other custom message can send anything: its spends meet the held deposits in
        // `check_deposits`, after it ran
        Action::Custom(_) => None,
        Action::PublishModelVersion { .. }
        | Action::UpdateConfig { .. }
        | Action::SetPricingPlan { .. }
        | Action::RetirePricingPlan { .. }
        | Action::ApproveGateway { .. }
        | Action::RevokeGateway { .. }
        | Action::SetRoyaltySplits { .. } => Some(&[]),
    }
}

/// Whether an action can move the DAO's coins beyond what [`spent`] counts. An execution with
/// such an action ends with `check_deposits`; without one, `check_treasury` at `execute` already
/// keeps every spend within the free balance, so the held deposits cannot be touched.
pub fn spends_unchecked(action: &Action) -> bool {
    spent(action).is_none()
}

/// The `spend_treasury`, `release_milestone` and custom bank send / burn amounts of a proposal, summed per denom, must
/// fit in the free balance.
pub fn check_treasury(deps: Deps, dao: &Addr, actions: &[Action]) -> Result<(), ContractError> {
    let mut wanted: BTreeMap<&str, Uint128> = BTreeMap::new();
    for action in actions {
        for c in spent(action).unwrap_or_default() {
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
