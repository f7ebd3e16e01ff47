//! Storage. Balances, their voting-power checkpoints and the total supply are private to this
//! module (the checkpoint layout is published in `modelfund::shares::checkpoints` for raw
//! readers) and change only through [`move_balance`]; everything else reads them through the
//! functions below. Allowances and marketing metadata live under cw20-base's keys (its `library`
//! helpers read and write them).

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, BlockInfo, Empty, Order, StdError, StdResult, Storage, Uint128, Uint256};
use cw20::{Logo, LogoInfo, MarketingInfoResponse};
use cw_storage_plus::{Bound, Item, Map, SnapshotItem, Strategy};
use modelfund::shares::checkpoints::{
    self, balance_at_height_in, power_at_height_in, Checkpoint, Entitlement, CHECKPOINTS,
    CHECKPOINT_COUNT, ENTITLEMENTS,
};
use modelfund::shares::VestingSchedule;

use crate::error::ContractError;
use crate::revenue::{
    indexes, plan_settlement, settle_escrow_release, start_escrow_accruals, RevenueConfig,
    REVENUE_CONFIG, REVENUE_INDEX,
};

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

/// Everything instantiate writes, checked by `validate::validated_init`.
pub struct Init {
    pub token: TokenInfo,
    /// The initial balances (distinct addresses, non-zero amounts).
    pub accounts: Vec<(Addr, Uint128)>,
    /// Their sum: the initial supply.
    pub supply: Uint128,
    /// Marketing metadata as stored, and the logo.
    pub marketing: Option<(MarketingInfoResponse, Option<Logo>)>,
    /// The revenue config and the accepted denoms.
    pub revenue: Option<(RevenueConfig, Vec<String>)>,
}

impl Init {
    /// Writes the token, the initial balances (in block `height`), marketing and revenue.
    pub fn save(&self, storage: &mut dyn Storage, block: &BlockInfo) -> Result<(), ContractError> {
        if let Some((config, denoms)) = &self.revenue {
            REVENUE_CONFIG.save(storage, config)?;
            let indexes: Vec<(String, Uint256)> = denoms
                .iter()
                .map(|d| (d.clone(), Uint256::zero()))
                .collect();
            REVENUE_INDEX.save(storage, &indexes)?;
        }
        TOKEN_INFO.save(storage, &self.token)?;
        for (addr, amount) in &self.accounts {
            move_balance(storage, block, None, Some(addr), *amount)?;
        }
        if let Some((info, logo)) = &self.marketing {
            if let Some(logo) = logo {
                LOGO.save(storage, logo)?;
            }
            MARKETING_INFO.save(storage, info)?;
        }
        Ok(())
    }
}

/// What the marketing info says about a logo.
pub fn logo_info(logo: &Logo) -> LogoInfo {
    match logo {
        Logo::Url(url) => LogoInfo::Url(url.clone()),
        Logo::Embedded(_) => LogoInfo::Embedded,
    }
}

/// address -> current balance, under cw20-base's `balance` key in cw20-base's layout, so
/// raw-storage readers of cw20 balances keep working. Its history lives in the checkpoints
/// (`CHECKPOINTS`), whose last entry always equals this balance.
const BALANCES: Map<&Addr, Uint128> = Map::new("balance");

/// The total supply, with a changelog per block: a published layout
/// ([`modelfund::shares::checkpoints::TOTAL_SUPPLY_KEY`]), which governance reads raw.
const TOTAL_SUPPLY: SnapshotItem<Uint128> = SnapshotItem::new(
    checkpoints::TOTAL_SUPPLY_KEY,
    checkpoints::TOTAL_SUPPLY_CHECKPOINTS_KEY,
    checkpoints::TOTAL_SUPPLY_CHANGELOG_KEY,
    Strategy::EveryBlock,
);

/// Moves `amount` from `from` to `to`: the one function that changes balances and the total
/// supply. Every path goes through it — transfer, send, transfer_from and send_from (both
/// sides), mint and the initial balances (`from = None`: the supply grows), burn and burn_from
/// (`to = None`: the supply shrinks).
///
/// It checks everything before it writes: a zero amount, a move from an account to itself, an
/// insufficient balance or an overflow return a typed error and leave storage untouched. Each
/// side's balance is saved under `balance` and as a voting-power checkpoint at `height + 1`
/// (updated in place when the side already changed in this block, appended otherwise), and the
/// supply as a snapshot at `height` (the current block): the change is visible at `height + 1`
/// and later, never at `height` itself. A side's balance before the move is read from its last
/// checkpoint, which always equals its `balance` entry.
///
/// Revenue: right before the writes, both sides' revenue records are settled with their
/// balances from before the move, for every accepted denom whose index moved since that side
/// was last settled (see [`crate::revenue`]); so revenue distributed before a move stays with
/// the sender and revenue distributed after it goes to the recipient. Without revenue
/// configured this costs one read of an absent key.
pub fn move_balance(
    storage: &mut dyn Storage,
    block: &BlockInfo,
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
    // a change in block `height` counts from `height + 1` on
    let height = block.height;
    let from_height = next_height(height)?;

    let indexes = indexes(storage)?;
    let debit = match from {
        Some(addr) => {
            let account = Account::load(storage, addr)?;
            let balance = account.balance();
            let after = balance
                .checked_sub(amount)
                .map_err(|_| ContractError::InsufficientFunds { balance, amount })?;
            check_unlocked(storage, addr, block, balance, after)?;
            let settlement = plan_settlement(storage, &indexes, addr, balance)?;
            Some((account.plan_balance(from_height, after)?, settlement))
        }
        None => None,
    };
    let credit = match to {
        Some(addr) => {
            let account = Account::load(storage, addr)?;
            let balance = account.balance();
            let after = balance.checked_add(amount)?;
            let settlement = plan_settlement(storage, &indexes, addr, balance)?;
            Some((account.plan_balance(from_height, after)?, settlement))
        }
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

    // the delegates whose received power follows each side's balance
    let delegates = (
        delegate_of_side(storage, &debit)?,
        delegate_of_side(storage, &credit)?,
    );

    // Every check passed: write. Revenue first: both sides settled with the balances they
    // held before this move.
    if let Some((write, settlement)) = debit {
        settlement.save(storage)?;
        write.save(storage)?;
    }
    if let Some((write, settlement)) = credit {
        settlement.save(storage)?;
        write.save(storage)?;
    }
    if let Some(supply) = supply {
        TOTAL_SUPPLY.save(storage, &supply, height)?;
    }
    // then the delegated power, after the balances (a delegate may be one of the sides)
    move_delegated_power(storage, delegates, from_height, amount)
}

/// The delegate of one side of a move (none: no such side, or it does not delegate).
fn delegate_of_side<T>(
    storage: &dyn Storage,
    side: &Option<(AccountWrite, T)>,
) -> StdResult<Option<Addr>> {
    Ok(side
        .as_ref()
        .map(|(write, _)| write.delegate(storage))
        .transpose()?
        .flatten())
}

/// Moves `amount` of received power from the sender's delegate to the recipient's, from
/// `from_height` on; between two accounts with the same delegate (or none) nothing moves.
fn move_delegated_power(
    storage: &mut dyn Storage,
    (from, to): (Option<Addr>, Option<Addr>),
    from_height: u64,
    amount: Uint128,
) -> Result<(), ContractError> {
    if from == to {
        return Ok(());
    }
    if let Some(delegate) = &from {
        shift_received(storage, delegate, from_height, amount, Shift::Down)?;
    }
    if let Some(delegate) = &to {
        shift_received(storage, delegate, from_height, amount, Shift::Up)?;
    }
    Ok(())
}

/// holder -> the account its balance votes through (absent: itself). The holder's checkpoints
/// say `delegating` exactly when an entry exists, so a move reads this only for a delegating
/// side.
const DELEGATES: Map<&Addr, Addr> = Map::new("delegates");
/// (delegate, holder) for every current delegation: the `delegators` list.
pub const DELEGATORS: Map<(&Addr, &Addr), Empty> = Map::new("delegators");

/// The account `holder` delegates to now (none: itself).
pub fn delegate_of(storage: &dyn Storage, holder: &Addr) -> StdResult<Option<Addr>> {
    DELEGATES.may_load(storage, holder)
}

/// The last checkpoint of `addr`: its current balance, received power and delegation flag.
pub fn current_checkpoint(storage: &dyn Storage, addr: &Addr) -> StdResult<Checkpoint> {
    Ok(Account::load(storage, addr)?.current())
}

/// What a `delegate` changed: the previous delegate (none: the holder itself) and the balance
/// whose vote moved.
pub struct Redelegation {
    pub previous: Option<Addr>,
    pub moved: Uint128,
}

/// Makes `holder`'s balance vote through `to` from block `height + 1` on (`to` = `holder`:
/// through itself again): the holder's checkpoint records the flag, the previous delegate loses
/// the balance's power and the new one gains it at the same height, so the total power never
/// changes. A delegation that changes nothing is refused.
pub fn delegate(
    storage: &mut dyn Storage,
    height: u64,
    holder: &Addr,
    to: &Addr,
) -> Result<Redelegation, ContractError> {
    let from_height = next_height(height)?;
    let account = Account::load(storage, holder)?;
    let current = account.current();
    let previous = if current.delegating {
        Some(DELEGATES.load(storage, holder)?)
    } else {
        None
    };
    let next = (to != holder).then(|| to.clone());
    if previous == next {
        return Err(ContractError::DelegationUnchanged {
            delegate: to.to_string(),
        });
    }
    let moved = current.balance;
    account
        .plan(
            from_height,
            Checkpoint {
                delegating: next.is_some(),
                ..current
            },
        )?
        .save(storage)?;
    if let Some(previous) = &previous {
        DELEGATORS.remove(storage, (previous, holder));
        if !moved.is_zero() {
            shift_received(storage, previous, from_height, moved, Shift::Down)?;
        }
    }
    match &next {
        Some(next) => {
            DELEGATES.save(storage, holder, next)?;
            DELEGATORS.save(storage, (next, holder), &Empty {})?;
            if !moved.is_zero() {
                shift_received(storage, next, from_height, moved, Shift::Up)?;
            }
        }
        None => DELEGATES.remove(storage, holder),
    }
    Ok(Redelegation { previous, moved })
}

/// Which way a delegate's received power moves.
#[derive(Clone, Copy)]
enum Shift {
    Up,
    Down,
}

/// Moves `delegate`'s received power by `amount` from `from_height` on (its own checkpoint,
/// written like a balance change).
fn shift_received(
    storage: &mut dyn Storage,
    delegate: &Addr,
    from_height: u64,
    amount: Uint128,
    shift: Shift,
) -> Result<(), ContractError> {
    let account = Account::load(storage, delegate)?;
    let current = account.current();
    let received = match shift {
        Shift::Up => current.received.checked_add(amount)?,
        Shift::Down => current.received.checked_sub(amount)?,
    };
    account
        .plan(
            from_height,
            Checkpoint {
                received,
                ..current
            },
        )?
        .save(storage)?;
    Ok(())
}

/// addr -> its vesting schedule (`mint_vesting`); at most one per account, never removed.
pub const VESTING: Map<&Addr, VestingSchedule> = Map::new("vesting");

/// A debit may not take an account below what its vesting schedule still locks.
fn check_unlocked(
    storage: &dyn Storage,
    addr: &Addr,
    block: &BlockInfo,
    balance: Uint128,
    after: Uint128,
) -> Result<(), ContractError> {
    if let Some(schedule) = VESTING.may_load(storage, addr)? {
        let locked = schedule.locked(block.time);
        if after < locked {
            return Err(ContractError::Locked {
                locked,
                unlocked: balance.saturating_sub(locked),
                amount: balance.saturating_sub(after),
            });
        }
    }
    Ok(())
}

/// One account as read before a change: its checkpoint count and last checkpoint.
struct Account<'a> {
    addr: &'a Addr,
    count: u32,
    last: Option<Checkpoint>,
}

/// The writes one account's change needs, fully computed before any of them happens.
struct AccountWrite<'a> {
    addr: &'a Addr,
    /// the new balance when it changed (none: only the delegation fields changed)
    balance: Option<Uint128>,
    /// where the checkpoint goes
    index: u32,
    checkpoint: Checkpoint,
    /// the new checkpoint count when the checkpoint is appended (none: updated in place)
    count: Option<u32>,
}

impl<'a> Account<'a> {
    fn load(storage: &dyn Storage, addr: &'a Addr) -> StdResult<Self> {
        let count = CHECKPOINT_COUNT.may_load(storage, addr)?.unwrap_or(0);
        let last = match count.checked_sub(1) {
            Some(index) => Some(CHECKPOINTS.may_load(storage, (addr, index))?.ok_or_else(
                || StdError::generic_err(format!("missing checkpoint {index} of {addr}")),
            )?),
            None => None,
        };
        Ok(Account { addr, count, last })
    }

    /// The current values: the last checkpoint (all zero without checkpoints).
    fn current(&self) -> Checkpoint {
        self.last.unwrap_or_default()
    }

    /// The current balance: the balance of the last checkpoint (0 without checkpoints).
    fn balance(&self) -> Uint128 {
        self.current().balance
    }

    /// The writes that give this account `balance` from `from_height` on, its delegation
    /// unchanged.
    fn plan_balance(self, from_height: u64, balance: Uint128) -> StdResult<AccountWrite<'a>> {
        let next = Checkpoint {
            balance,
            ..self.current()
        };
        self.plan(from_height, next)
    }

    /// The writes that give this account the values of `next` from `from_height` on: the last
    /// checkpoint is updated in place when it already starts at `from_height` (an earlier
    /// change in the same block), otherwise a checkpoint is appended.
    fn plan(self, from_height: u64, next: Checkpoint) -> StdResult<AccountWrite<'a>> {
        let balance = (next.balance != self.balance()).then_some(next.balance);
        let (index, count) = match (self.last, self.count.checked_sub(1)) {
            (Some(last), Some(last_index)) if last.height == from_height => (last_index, None),
            _ => {
                let count = self.count.checked_add(1).ok_or_else(|| {
                    StdError::generic_err(format!("too many checkpoints for {}", self.addr))
                })?;
                (self.count, Some(count))
            }
        };
        Ok(AccountWrite {
            addr: self.addr,
            balance,
            index,
            checkpoint: Checkpoint {
                height: from_height,
                ..next
            },
            count,
        })
    }
}

impl AccountWrite<'_> {
    /// The account whose received power follows this account's balance (none: not
    /// delegating).
    fn delegate(&self, storage: &dyn Storage) -> StdResult<Option<Addr>> {
        if self.checkpoint.delegating {
            DELEGATES.may_load(storage, self.addr)
        } else {
            Ok(None)
        }
    }

    fn save(&self, storage: &mut dyn Storage) -> StdResult<()> {
        if let Some(balance) = self.balance {
            BALANCES.save(storage, self.addr, &balance)?;
        }
        CHECKPOINTS.save(storage, (self.addr, self.index), &self.checkpoint)?;
        if let Some(count) = self.count {
            CHECKPOINT_COUNT.save(storage, self.addr, &count)?;
        }
        Ok(())
    }
}

/// Current balance of `addr` (0 if it never held any).
pub fn balance(storage: &dyn Storage, addr: &Addr) -> StdResult<Uint128> {
    Ok(BALANCES.may_load(storage, addr)?.unwrap_or_default())
}

/// Balance of `addr` at the start of block `height`, from its checkpoints (binary search). A
/// height above the current one answers the current balance, which may still change.
pub fn balance_at_height(storage: &dyn Storage, addr: &Addr, height: u64) -> StdResult<Uint128> {
    balance_at_height_in(storage, addr, height)
}

/// Voting power of `addr` at the start of block `height`: its balance then plus its escrow
/// entitlement at that height.
pub fn power_at_height(storage: &dyn Storage, addr: &Addr, height: u64) -> StdResult<Uint128> {
    power_at_height_in(storage, addr, height)
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

/// The presale's sold shares not yet claimed: they are part of the total supply but belong to
/// no account, so no transfer can reach them.
#[cw_serde]
pub struct Escrow {
    /// Shares still in escrow.
    pub amount: Uint128,
    /// First height at which the escrowed shares count (the block after they were minted).
    pub since_height: u64,
}

pub const ESCROW: Item<Escrow> = Item::new("escrow");

/// Mints `amount` into the escrow in block `height`: the supply grows (visible from
/// `height + 1`, like every change) and the escrow starts earning revenue at the current
/// indexes. At most once: a second escrow would mix shares that entered at different indexes.
pub fn mint_escrowed(
    storage: &mut dyn Storage,
    height: u64,
    amount: Uint128,
) -> Result<Escrow, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    if ESCROW.may_load(storage)?.is_some() {
        return Err(ContractError::EscrowExists {});
    }
    let since_height = next_height(height)?;
    let supply = total_supply(storage)?.checked_add(amount)?;
    let escrow = Escrow {
        amount,
        since_height,
    };
    start_escrow_accruals(storage)?;
    ESCROW.save(storage, &escrow)?;
    TOTAL_SUPPLY.save(storage, &supply, height)?;
    Ok(escrow)
}

/// Moves `amount` escrowed shares to `recipient` in block `height` with the revenue they
/// earned in escrow (see [`crate::revenue::settle_escrow_release`]), and records the
/// recipient's entitlement: the shares count toward its voting power from the escrow's first
/// block, so heights before this claim see them too. The supply does not change. One release
/// per recipient. Answers what is left in escrow.
pub fn release_escrowed(
    storage: &mut dyn Storage,
    height: u64,
    recipient: &Addr,
    amount: Uint128,
) -> Result<Uint128, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    let mut escrow = ESCROW
        .may_load(storage)?
        .ok_or(ContractError::NoEscrow {})?;
    let left =
        escrow
            .amount
            .checked_sub(amount)
            .map_err(|_| ContractError::InsufficientEscrow {
                escrowed: escrow.amount,
                amount,
            })?;
    if ENTITLEMENTS.has(storage, recipient) {
        return Err(ContractError::AlreadyReleased {
            recipient: recipient.to_string(),
        });
    }
    let from_height = next_height(height)?;
    let account = Account::load(storage, recipient)?;
    let before = account.balance();
    let write = account.plan_balance(from_height, before.checked_add(amount)?)?;
    let delegate = write.delegate(storage)?;
    let indexes = indexes(storage)?;
    // revenue first: the recipient settled with its balance before the release, then credited
    // with the escrowed shares' part
    let revenue = settle_escrow_release(storage, &indexes, &escrow, recipient, before, amount)?;

    revenue.save(storage)?;
    write.save(storage)?;
    // a delegating recipient's claimed shares vote through its delegate from now on (before
    // the claim they count for the recipient itself, as its entitlement)
    if let Some(delegate) = &delegate {
        shift_received(storage, delegate, from_height, amount, Shift::Up)?;
    }
    ENTITLEMENTS.save(
        storage,
        recipient,
        &Entitlement {
            amount,
            from: escrow.since_height,
            until: from_height,
        },
    )?;
    escrow.amount = left;
    ESCROW.save(storage, &escrow)?;
    Ok(left)
}

/// The height a change made in block `height` becomes visible at.
fn next_height(height: u64) -> StdResult<u64> {
    height
        .checked_add(1)
        .ok_or_else(|| StdError::generic_err(format!("block height {height} has no successor")))
}
