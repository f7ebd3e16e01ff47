//! Storage. Balances and the total supply are private to this module and change only through
//! [`move_balance`]; everything else reads them through the functions below. Allowances and
//! marketing metadata live under cw20-base's keys (its `library` helpers read and write them).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Order, StdError, StdResult, Storage, Uint128};
use cw_storage_plus::{Bound, Item, SnapshotItem, SnapshotMap, Strategy};

use crate::error::ContractError;

pub use cw20_base::state::{ALLOWANCES, ALLOWANCES_SPENDER, LOGO, MARKETING_INFO};

/// Who may mint, and the hard cap on the total supply.
#[cw_serde]
pub struct MinterData {
    pub minter: Addr,
    /// The total supply may never exceed this (none: no cap).
    pub cap: Option<Uint128>,
}

/// Token metadata and the minter; the total supply is kept apart as a height snapshot.
#[cw_serde]
pub struct TokenInfo {
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
    pub mint: Option<MinterData>,
}

pub const TOKEN_INFO: Item<TokenInfo> = Item::new("mf_token_info");

/// address -> balance, with a changelog per block. The current balances sit under cw20-base's
/// `balance` key in cw20-base's layout, so raw-storage readers of cw20 balances keep working.
const BALANCES: SnapshotMap<&Addr, Uint128> = SnapshotMap::new(
    "balance",
    "balance__checkpoints",
    "balance__changelog",
    Strategy::EveryBlock,
);

/// The total supply, with a changelog per block.
const TOTAL_SUPPLY: SnapshotItem<Uint128> = SnapshotItem::new(
    "total_supply",
    "total_supply__checkpoints",
    "total_supply__changelog",
    Strategy::EveryBlock,
);

/// Moves `amount` from `from` to `to`: the one function that changes balances and the total
/// supply. Every path goes through it — transfer, send, transfer_from and send_from (both
/// sides), mint and the initial balances (`from = None`: the supply grows), burn and burn_from
/// (`to = None`: the supply shrinks).
///
/// It checks everything before it writes: a zero amount, a move from an account to itself, an
/// insufficient balance or an overflow return a typed error and leave storage untouched. Both
/// balances and the supply are saved as snapshots at `height` (the current block), so the
/// change is visible at `height + 1` and later, never at `height` itself.
///
/// Revenue (a later issue) settles the accrued revenue of both sides here, with their balances
/// from before the move, right before the writes: the one place where that hook belongs.
pub fn move_balance(
    storage: &mut dyn Storage,
    height: u64,
    from: Option<&Addr>,
    to: Option<&Addr>,
    amount: Uint128,
) -> Result<(), ContractError> {
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    if from.is_some() && from == to {
        return Err(ContractError::CannotTransferToSelf {});
    }

    let debit = match from {
        Some(addr) => {
            let balance = balance(storage, addr)?;
            let after = balance
                .checked_sub(amount)
                .map_err(|_| ContractError::InsufficientFunds { balance, amount })?;
            Some((addr, after))
        }
        None => None,
    };
    let credit = match to {
        Some(addr) => Some((addr, balance(storage, addr)?.checked_add(amount)?)),
        None => None,
    };
    let supply = match (from, to) {
        (Some(_), Some(_)) => None,
        (None, Some(_)) => Some(total_supply(storage)?.checked_add(amount)?),
        (Some(_), None) => Some(total_supply(storage)?.checked_sub(amount)?),
        (None, None) => {
            return Err(
                StdError::generic_err("a balance move needs a sender or a recipient").into(),
            )
        }
    };

    // Every check passed: write. (Revenue: settle `from` and `to` here first, with the
    // balances they hold before this move.)
    if let Some((addr, after)) = debit {
        BALANCES.save(storage, addr, &after, height)?;
    }
    if let Some((addr, after)) = credit {
        BALANCES.save(storage, addr, &after, height)?;
    }
    if let Some(supply) = supply {
        TOTAL_SUPPLY.save(storage, &supply, height)?;
    }
    Ok(())
}

/// Current balance of `addr` (0 if it never held any).
pub fn balance(storage: &dyn Storage, addr: &Addr) -> StdResult<Uint128> {
    Ok(BALANCES.may_load(storage, addr)?.unwrap_or_default())
}

/// Balance of `addr` at the start of block `height`.
pub fn balance_at_height(storage: &dyn Storage, addr: &Addr, height: u64) -> StdResult<Uint128> {
    Ok(BALANCES
        .may_load_at_height(storage, addr, height)?
        .unwrap_or_default())
}

/// Current total supply.
pub fn total_supply(storage: &dyn Storage) -> StdResult<Uint128> {
    Ok(TOTAL_SUPPLY.may_load(storage)?.unwrap_or_default())
}

/// Total supply at the start of block `height`.
pub fn total_supply_at_height(storage: &dyn Storage, height: u64) -> StdResult<Uint128> {
    Ok(TOTAL_SUPPLY
        .may_load_at_height(storage, height)?
        .unwrap_or_default())
}

/// Up to `limit` addresses that ever held a balance, in address order, after `start_after`.
pub fn accounts(
    storage: &dyn Storage,
    start_after: Option<&Addr>,
    limit: usize,
) -> StdResult<Vec<Addr>> {
    BALANCES
        .keys(
            storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .collect()
}
