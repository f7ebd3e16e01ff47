//! Revenue storage and accounting: a revenue-per-share accumulator (index) per accepted denom,
//! and per (holder, denom) one record `{index, accrued}` that [`state::move_balance`]
//! settles lazily on every balance change.
//!
//! **Accounting.** A distribution of `amount` in a denom first pays each contributor split
//! `floor(amount × bps / 10,000)` (accrued, claimed later), the rest (the holders' part) raises
//! the denom's index by `floor(part × SCALE / total_supply)`, in units of `1 / SCALE` coin per
//! share. What the floor leaves over (`remainder`, in `1 / SCALE` coin, always below the total
//! supply) is carried into the next distribution, never lost. While the total supply is zero a
//! distribution is refused: revenue without holders would belong to nobody (a launched model
//! sells nothing before its presale succeeded, and from then on its supply is positive).
//!
//! **Escrow.** The presale's sold shares sit in an escrow (no account) until each backer
//! claims. The escrow has one record per denom like a holder, settled with the escrowed amount;
//! all escrowed shares entered together, so every escrowed share earned the same, and a
//! release of `x` of the escrow's `E` shares moves exactly `accrued × x / E` of its record to
//! the recipient's (exact: the record is always `E × (index − index at mint)`).
//!
//! A holder's record holds the index it was last settled at and its exact accrual in `1 / SCALE`
//! coin. Settling with the balance held since then adds `balance × (index − record.index)`. A
//! claim pays `floor(accrued / SCALE)` and keeps the fraction in the record. Revenue therefore
//! belongs to whoever held the shares when it was distributed: a transfer settles both sides
//! with their balances from before the move.
//!
//! **Owed and dust.** `owed` per denom is raised by every accounted distribution and lowered by
//! every payout, so it is everything the contract may ever pay: split accruals + holder
//! accruals (the escrow's included) + dust. The dust is what the floors hold back:
//! `dust × SCALE = remainder + Σ fraction(accrued_h)` with `remainder < total supply` and each
//! fraction `< SCALE`, so **dust < (number of accounts with a revenue record) + total supply /
//! 10^18** base units of the denom. It stays in the contract, counted in `owed`, so it is never
//! paid out twice and never swept as new revenue. Since claims pay floors only and every payout
//! lowers `owed`, the contract never pays more than it accounted, and `sweep` (bank balance −
//! `owed`) only ever accounts coins that nobody is owed.
//!
//! **Writes.** A balance change reads the index list (one entry for all denoms) and, for each
//! denom whose index is not zero, each side's record; it writes a side's record only when the
//! index moved since that side was last settled. Without revenue configured, a balance change
//! costs one read of an absent key; between two distributions, each side's record is written at
//! most once.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Coin, StdError, StdResult, Storage, Uint128, Uint256, Uint512};
use cw_storage_plus::{Item, Map};
use modelfund::revenue::Split;
use modelfund::validate::BPS_DENOMINATOR;
use serde::{Deserialize, Serialize};

use crate::error::ContractError;
use crate::state::{balance, total_supply, Escrow};

/// The index's fixed point: an index of `SCALE` is one base unit of the denom per share base
/// unit.
pub const SCALE: u128 = 1_000_000_000_000_000_000;

/// Who may change the splits and denoms, and the contributor splits (addresses validated).
#[cw_serde]
#[derive(Default)]
pub struct RevenueConfig {
    pub admin: Option<Addr>,
    pub splits: Vec<Split>,
}

pub const REVENUE_CONFIG: Item<RevenueConfig> = Item::new("rev_config");

/// Every accepted denom with its index, in the order they were accepted (stored as
/// `[["inj","123"],...]`): the one entry a balance change reads. Absent: no revenue.
pub const REVENUE_INDEX: Item<Vec<(String, Uint256)>> = Item::new("rev_index");

/// Per-denom totals, read and written only by distributions, sweeps and claims.
#[cw_serde]
#[derive(Default)]
pub struct DenomTotals {
    /// Everything the contract may still pay in this denom (accruals and dust).
    pub owed: Uint128,
    /// Lifetime total accounted, splits included.
    pub distributed: Uint128,
    /// The holders' revenue not yet in the index, in `1 / SCALE` coin (below the total supply
    /// of the last distribution).
    pub remainder: Uint256,
}

pub const DENOM_TOTALS: Map<&str, DenomTotals> = Map::new("rev_totals");

/// (holder, denom) -> its accrual, stored as the pair `["index","accrued"]`.
pub const ACCRUALS: Map<(&Addr, &str), Accrual> = Map::new("rev_accrual");

/// (contributor, denom) -> split revenue accrued and not yet claimed.
pub const SPLIT_ACCRUED: Map<(&Addr, &str), Uint128> = Map::new("rev_split");

/// denom -> the escrow's accrual, like a holder's (absent: zero at index zero).
pub const ESCROW_ACCRUALS: Map<&str, Accrual> = Map::new("rev_escrow");

/// A holder's revenue in one denom: the index it was last settled at and its exact accrual in
/// `1 / SCALE` coin. Stored as a JSON pair: one is written on many balance changes.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(from = "(Uint256, Uint256)", into = "(Uint256, Uint256)")]
pub struct Accrual {
    pub index: Uint256,
    pub accrued: Uint256,
}

impl From<(Uint256, Uint256)> for Accrual {
    fn from((index, accrued): (Uint256, Uint256)) -> Self {
        Accrual { index, accrued }
    }
}

impl From<Accrual> for (Uint256, Uint256) {
    fn from(a: Accrual) -> Self {
        (a.index, a.accrued)
    }
}

impl Accrual {
    /// This accrual settled to `index` for a holder of `balance` since the last settlement.
    pub fn settled(self, balance: Uint128, index: Uint256) -> StdResult<Accrual> {
        let delta = index.checked_sub(self.index)?;
        let earned = Uint256::from(balance).checked_mul(delta)?;
        Ok(Accrual {
            index,
            accrued: self.accrued.checked_add(earned)?,
        })
    }

    /// Whole coins claimable: the floor of the accrual.
    pub fn claimable(&self) -> StdResult<Uint128> {
        let whole = self.accrued.checked_div(Uint256::from(SCALE))?;
        Uint128::try_from(whole).map_err(|e| StdError::generic_err(e.to_string()))
    }
}

/// The accepted denoms and their indexes (none without revenue).
pub fn indexes(storage: &dyn Storage) -> StdResult<Vec<(String, Uint256)>> {
    Ok(REVENUE_INDEX.may_load(storage)?.unwrap_or_default())
}

/// `addr`'s record in `denom` (zero when it has none).
pub fn accrual(storage: &dyn Storage, addr: &Addr, denom: &str) -> StdResult<Accrual> {
    Ok(ACCRUALS
        .may_load(storage, (addr, denom))?
        .unwrap_or_default())
}

/// The settlements one side of a balance change needs, computed before any write: one record
/// per denom whose index moved since the side was last settled. An index of zero means no
/// revenue yet in that denom, so every record is at zero too: nothing is read.
pub struct Settlement<'a> {
    addr: &'a Addr,
    records: Vec<(&'a str, Accrual)>,
}

pub fn plan_settlement<'a>(
    storage: &dyn Storage,
    indexes: &'a [(String, Uint256)],
    addr: &'a Addr,
    balance: Uint128,
) -> StdResult<Settlement<'a>> {
    let mut records = Vec::new();
    for (denom, index) in indexes {
        if index.is_zero() {
            continue;
        }
        let record = accrual(storage, addr, denom)?;
        if record.index != *index {
            records.push((denom.as_str(), record.settled(balance, *index)?));
        }
    }
    Ok(Settlement { addr, records })
}

impl Settlement<'_> {
    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        for (denom, record) in &self.records {
            ACCRUALS.save(storage, (self.addr, denom), record)?;
        }
        Ok(())
    }
}

/// What `addr` may claim in `denom` now: its holder record settled to the current index with
/// its current balance, and its split accrual.
pub fn claimable(
    storage: &dyn Storage,
    addr: &Addr,
    denom: &str,
    index: Uint256,
) -> StdResult<(Accrual, Uint128)> {
    let record = accrual(storage, addr, denom)?.settled(balance(storage, addr)?, index)?;
    let split = SPLIT_ACCRUED
        .may_load(storage, (addr, denom))?
        .unwrap_or_default();
    Ok((record, split))
}

pub fn totals(storage: &dyn Storage, denom: &str) -> StdResult<DenomTotals> {
    Ok(DENOM_TOTALS.may_load(storage, denom)?.unwrap_or_default())
}

/// One coin of a distribution, fully computed before any write.
pub struct Distribution {
    pub denom: String,
    pub amount: Uint128,
    /// What each contributor receives (only non-zero parts).
    pub splits: Vec<(Addr, Uint128)>,
    /// The holders' part of this coin (amount − splits).
    pub holders: Uint128,
    index_slot: usize,
    index: Uint256,
    totals: DenomTotals,
    split_after: Vec<Uint128>,
}

/// Plans the distribution of `amount` of the accepted denom at `indexes[index_slot]`: splits
/// first (floor each), the rest to the holders (see the module docs). Checks everything,
/// writes nothing.
pub fn plan_distribution(
    storage: &dyn Storage,
    config: &RevenueConfig,
    indexes: &[(String, Uint256)],
    index_slot: usize,
    amount: Uint128,
) -> Result<Distribution, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    let (denom, index) = indexes
        .get(index_slot)
        .ok_or_else(|| StdError::generic_err("revenue denom slot out of range"))?;
    let mut totals = totals(storage, denom)?;
    let mut splits = Vec::with_capacity(config.splits.len());
    let mut split_after = Vec::with_capacity(config.splits.len());
    let mut to_splits = Uint128::zero();
    for split in &config.splits {
        let part = amount
            .checked_multiply_ratio(split.bps, BPS_DENOMINATOR)
            .map_err(|e| StdError::generic_err(e.to_string()))?;
        if part.is_zero() {
            continue;
        }
        to_splits = to_splits.checked_add(part)?;
        let addr = Addr::unchecked(split.address.clone());
        let before = SPLIT_ACCRUED
            .may_load(storage, (&addr, denom))?
            .unwrap_or_default();
        split_after.push(before.checked_add(part)?);
        splits.push((addr, part));
    }
    let holders = amount.checked_sub(to_splits)?;
    let supply = total_supply(storage)?;
    if supply.is_zero() {
        return Err(ContractError::NoHolders {});
    }
    let pending = Uint256::from(holders)
        .checked_mul(Uint256::from(SCALE))?
        .checked_add(totals.remainder)?;
    let supply = Uint256::from(supply);
    let raise = pending.checked_div(supply).map_err(StdError::from)?;
    totals.remainder = pending.checked_rem(supply).map_err(StdError::from)?;
    let index = index.checked_add(raise)?;
    totals.owed = totals.owed.checked_add(amount)?;
    totals.distributed = totals.distributed.checked_add(amount)?;
    Ok(Distribution {
        denom: denom.clone(),
        amount,
        splits,
        holders,
        index_slot,
        index,
        totals,
        split_after,
    })
}

impl Distribution {
    /// Writes this coin's split accruals and totals, and its new index into `indexes` (saved
    /// by the caller once for all coins).
    pub fn save(
        &self,
        storage: &mut dyn Storage,
        indexes: &mut [(String, Uint256)],
    ) -> StdResult<()> {
        for ((addr, _), after) in self.splits.iter().zip(&self.split_after) {
            SPLIT_ACCRUED.save(storage, (addr, &self.denom), after)?;
        }
        DENOM_TOTALS.save(storage, &self.denom, &self.totals)?;
        if let Some(slot) = indexes.get_mut(self.index_slot) {
            slot.1 = self.index;
        }
        Ok(())
    }

    pub fn split_total(&self) -> StdResult<Uint128> {
        self.splits.iter().try_fold(
            Uint128::zero(),
            |sum, (_, part)| Ok(sum.checked_add(*part)?),
        )
    }
}

/// Starts the escrow's records at the current indexes: shares minted into escrow earn only
/// what is distributed from then on.
pub fn start_escrow_accruals(storage: &mut dyn Storage) -> StdResult<()> {
    for (denom, index) in indexes(storage)? {
        ESCROW_ACCRUALS.save(
            storage,
            &denom,
            &Accrual {
                index,
                accrued: Uint256::zero(),
            },
        )?;
    }
    Ok(())
}

/// The escrow's record in `denom` settled to `index` with the amount it holds.
fn escrow_accrual(
    storage: &dyn Storage,
    escrow: &Escrow,
    denom: &str,
    index: Uint256,
) -> StdResult<Accrual> {
    ESCROW_ACCRUALS
        .may_load(storage, denom)?
        .unwrap_or_default()
        .settled(escrow.amount, index)
}

/// The revenue writes of a release from escrow, computed before any of them happens.
pub struct EscrowRelease<'a> {
    recipient: &'a Addr,
    /// (denom, escrow record after, recipient record after)
    records: Vec<(&'a str, Accrual, Accrual)>,
}

/// Plans the revenue side of releasing `amount` of the escrow's shares to `recipient`, who
/// held `before` until now: for every denom with revenue, the escrow is settled with what it
/// holds, `accrued × amount / escrow.amount` of it moves to the recipient, and the recipient is
/// settled with `before` first, so its own earlier revenue stays exact.
pub fn settle_escrow_release<'a>(
    storage: &dyn Storage,
    indexes: &'a [(String, Uint256)],
    escrow: &Escrow,
    recipient: &'a Addr,
    before: Uint128,
    amount: Uint128,
) -> Result<EscrowRelease<'a>, ContractError> {
    let mut records = Vec::with_capacity(indexes.len());
    for (denom, index) in indexes {
        if index.is_zero() {
            continue;
        }
        let mut from_escrow = escrow_accrual(storage, escrow, denom, *index)?;
        let part = Uint512::from(from_escrow.accrued)
            .checked_mul(Uint512::from(amount))?
            .checked_div(Uint512::from(escrow.amount))
            .map_err(StdError::from)?;
        let part = Uint256::try_from(part).map_err(|e| StdError::generic_err(e.to_string()))?;
        from_escrow.accrued = from_escrow.accrued.checked_sub(part)?;
        let mut to_recipient = accrual(storage, recipient, denom)?.settled(before, *index)?;
        to_recipient.accrued = to_recipient.accrued.checked_add(part)?;
        records.push((denom.as_str(), from_escrow, to_recipient));
    }
    Ok(EscrowRelease { recipient, records })
}

impl EscrowRelease<'_> {
    pub fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        for (denom, escrow, recipient) in &self.records {
            ESCROW_ACCRUALS.save(storage, denom, escrow)?;
            ACCRUALS.save(storage, (self.recipient, denom), recipient)?;
        }
        Ok(())
    }
}

/// Whole coins the escrowed shares earned so far, one per denom with any.
pub fn escrow_revenue(storage: &dyn Storage, escrow: &Escrow) -> StdResult<Vec<Coin>> {
    let mut coins = Vec::new();
    for (denom, index) in indexes(storage)? {
        let whole = escrow_accrual(storage, escrow, &denom, index)?.claimable()?;
        if !whole.is_zero() {
            coins.push(Coin::new(whole, denom));
        }
    }
    Ok(coins)
}
