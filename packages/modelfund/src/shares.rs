//! The share token of a model: a cw20 token of fractional co-ownership whose balances and total
//! supply are also kept per block height, so governance can count votes at a proposal's start
//! height (DAO DAO `voting_power_at_height` / `total_power_at_height`).
//!
//! Every cw20 message and query keeps the `cw20` crate's JSON shape (`{"transfer":{"recipient",
//! "amount"}}`, `{"balance":{"address"}}` → `{"balance":"..."}`, ...), so wallets, explorers and
//! DEXes that speak cw20 work unchanged. The Modelfund additions are the height queries and
//! revenue: payments in accepted denoms pay the contributor splits first, the rest is shared
//! pro-rata among the holders at the time it arrives, and each claims whenever they like.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Coin, Timestamp, Uint128};
use cw20::{Cw20Coin, Expiration, Logo, MinterResponse};

use crate::revenue::Split;

/// Most entries accepted in `initial_balances` (instantiate stays bounded).
pub const MAX_INITIAL_BALANCES: usize = 50;
/// Most decimals a share token may have.
pub const MAX_DECIMALS: u8 = 18;
/// Longest vesting accepted by `mint_vesting` (and a launch's creator vesting): 10 years.
pub const MAX_VESTING_SECONDS: u64 = 10 * 365 * 86_400;

/// Shares minted locked (`mint_vesting`): none of `total` can leave the account before
/// `cliff`; from `cliff` on, `total × (now − start) / (end − start)` has unlocked (rounded
/// down), all of it from `end` on. Locked shares vote and earn revenue like any others.
#[cw_serde]
pub struct VestingSchedule {
    pub total: Uint128,
    pub start: Timestamp,
    pub cliff: Timestamp,
    pub end: Timestamp,
}

impl VestingSchedule {
    /// The shares still locked at `now`.
    pub fn locked(&self, now: Timestamp) -> Uint128 {
        if now < self.cliff {
            return self.total;
        }
        if now >= self.end {
            return Uint128::zero();
        }
        let elapsed = now.seconds().saturating_sub(self.start.seconds());
        let length = self
            .end
            .seconds()
            .saturating_sub(self.start.seconds())
            .max(1);
        let vested = self.total.multiply_ratio(elapsed.min(length), length);
        self.total.saturating_sub(vested)
    }
}

/// Marketing metadata given at instantiate (the cw20-base shape).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMarketingInfo {
    /// A URL pointing to the project behind this token.
    pub project: Option<String>,
    /// A longer description of the token and its utility.
    pub description: Option<String>,
    /// Who may update the marketing metadata and the logo.
    pub marketing: Option<String>,
    /// A logo URL, or an embedded SVG / PNG of at most 5 KB.
    pub logo: Option<Logo>,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// Token name: 3 to 50 bytes.
    pub name: String,
    /// Ticker: 3 to 12 characters of `[a-zA-Z-]`.
    pub symbol: String,
    /// Decimal places shown by clients, at most 18.
    pub decimals: u8,
    /// Starting balances: at most 50 entries, distinct addresses, non-zero amounts.
    pub initial_balances: Vec<Cw20Coin>,
    /// Who may mint, and the optional hard cap on the total supply.
    pub mint: Option<MinterResponse>,
    /// Optional marketing metadata and logo.
    pub marketing: Option<InstantiateMarketingInfo>,
    /// Revenue sharing; without it (or in JSON without the field) the token accepts no
    /// revenue and `distribute` fails.
    #[serde(default)]
    pub revenue: Option<RevenueInit>,
}

/// Revenue sharing set at instantiate.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct RevenueInit {
    /// Who may change the splits, add denoms and hand this role over: the model's DAO. `None`:
    /// nobody, the configuration is final.
    pub admin: Option<String>,
    /// Accepted revenue denoms: 1 to 5 (`MAX_REVENUE_DENOMS`) valid, distinct denoms.
    pub denoms: Vec<String>,
    /// Contributor splits paid first on every distribution (see `revenue::validate_splits`).
    pub splits: Vec<Split>,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// cw20: move `amount` from the sender to `recipient` (not to the sender itself).
    Transfer { recipient: String, amount: Uint128 },
    /// cw20: destroy `amount` of the sender's tokens (lowers the total supply).
    Burn { amount: Uint128 },
    /// cw20: move `amount` to `contract` and call its `receive` hook with a `Cw20ReceiveMsg`.
    Send {
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// cw20: let `spender` move `amount` more of the sender's tokens. `expires`, when given,
    /// replaces the allowance's expiration and must not be past already; an expired allowance
    /// is only raised together with a new expiration.
    IncreaseAllowance {
        spender: String,
        amount: Uint128,
        expires: Option<Expiration>,
    },
    /// cw20: lower `spender`'s allowance by `amount` (removed when it reaches zero). `expires`,
    /// when given, replaces the expiration and must not be past already.
    DecreaseAllowance {
        spender: String,
        amount: Uint128,
        expires: Option<Expiration>,
    },
    /// cw20: move `amount` from `owner` to `recipient` using the sender's allowance.
    TransferFrom {
        owner: String,
        recipient: String,
        amount: Uint128,
    },
    /// cw20: move `amount` from `owner` to `contract` using the sender's allowance and call the
    /// contract's `receive` hook.
    SendFrom {
        owner: String,
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// cw20: destroy `amount` of `owner`'s tokens using the sender's allowance.
    BurnFrom { owner: String, amount: Uint128 },
    /// cw20: create `amount` new tokens for `recipient`. Minter only, never above the cap.
    Mint { recipient: String, amount: Uint128 },
    /// Create `amount` new tokens held in escrow inside this contract (the presale's sold
    /// shares at `finalize`). Minter only, at most once. Escrowed shares count in the total
    /// supply — voting power and revenue base — from the next block on, and earn revenue like
    /// any holding; no transfer can reach the escrow.
    MintEscrowed { amount: Uint128 },
    /// Move `amount` escrowed shares to `recipient` (a backer's `claim`), together with the
    /// revenue they earned in escrow. Minter only, once per recipient. The recipient's voting
    /// power then counts these shares from the escrow's first block on (the entitlement in
    /// [`checkpoints::ENTITLEMENTS`]), so a backer who claims late still votes on proposals
    /// that started before its claim.
    ReleaseEscrowed { recipient: String, amount: Uint128 },
    /// Mint `amount` to `recipient`, locked by a [`VestingSchedule`] starting now: nothing can
    /// leave the account (transfer, send, burn, or through an allowance) beyond what has
    /// unlocked. Minter only (the presale, for a launch's creator allocation); one schedule per
    /// account; `cliff_seconds ≤ duration_seconds ≤ MAX_VESTING_SECONDS`, duration above zero.
    MintVesting {
        recipient: String,
        amount: Uint128,
        cliff_seconds: u64,
        duration_seconds: u64,
    },
    /// Delegate the sender's voting power (not its shares, nor its revenue, nor its right to
    /// exit) to `to`, from the next block on: the sender's balance then votes through `to`,
    /// and every later change of it moves `to`'s power with it. A new `to` re-delegates;
    /// `to` = the sender takes the vote back. One level: power `to` received is not passed on
    /// when `to` delegates itself. Proposals read power at their start height, so a delegation
    /// never changes a proposal already started.
    Delegate { to: String },
    /// cw20: hand the minter role to `new_minter` (the cap stays); `None` removes it forever.
    /// Minter only.
    UpdateMinter { new_minter: Option<String> },
    /// cw20: update the marketing metadata. Marketing address only. `None` leaves a field
    /// unchanged, `Some("")` clears it.
    UpdateMarketing {
        /// A URL pointing to the project behind this token.
        project: Option<String>,
        /// A longer description of the token and its utility.
        description: Option<String>,
        /// The address allowed to update the marketing metadata.
        marketing: Option<String>,
    },
    /// cw20: set the logo (URL, or SVG / PNG of at most 5 KB). Marketing address only.
    UploadLogo(Logo),
    /// Revenue: share the attached funds (only accepted denoms, each non-zero). Anyone may call
    /// (the access contract forwards every payment here). Each coin pays the contributor splits
    /// first (floor of `amount × bps / 10,000` each), the rest goes pro-rata to the current
    /// holders, escrowed shares included. Refused while the total supply is zero: revenue
    /// without holders would belong to nobody.
    Distribute {},
    /// Revenue: account as a distribution the coins of an accepted `denom` that arrived by a
    /// plain bank send (e.g. marketplace royalties): the contract's balance minus everything
    /// already owed. Anyone may call; fails when nothing new arrived.
    Sweep { denom: String },
    /// Revenue: pay the sender everything claimable in every denom: holder revenue and
    /// contributor-split revenue. Fails when nothing is claimable.
    ClaimRevenue {},
    /// Revenue admin only: replace the contributor splits (at most 10, distinct valid
    /// addresses, each more than 0 bps, at most 10,000 bps together). Applies to later
    /// distributions; accrued revenue is kept.
    SetSplits {
        /// The new splits; an empty list removes them all.
        splits: Vec<Split>,
    },
    /// Revenue admin only: the accepted denoms. Denoms may only be added (at most
    /// 5 in all, `MAX_REVENUE_DENOMS`); removing one is refused.
    SetRevenueDenoms { denoms: Vec<String> },
    /// Revenue admin only: hand the revenue admin role over; `None` removes it forever.
    UpdateRevenueAdmin { admin: Option<String> },
}

impl crate::validate::TakesFunds for ExecuteMsg {
    /// Only `distribute` takes coins (the revenue it distributes).
    fn takes_funds(&self) -> bool {
        match self {
            ExecuteMsg::Distribute {} => true,
            ExecuteMsg::Transfer { .. }
            | ExecuteMsg::Burn { .. }
            | ExecuteMsg::Delegate { .. }
            | ExecuteMsg::Send { .. }
            | ExecuteMsg::IncreaseAllowance { .. }
            | ExecuteMsg::DecreaseAllowance { .. }
            | ExecuteMsg::TransferFrom { .. }
            | ExecuteMsg::SendFrom { .. }
            | ExecuteMsg::BurnFrom { .. }
            | ExecuteMsg::Mint { .. }
            | ExecuteMsg::MintEscrowed { .. }
            | ExecuteMsg::ReleaseEscrowed { .. }
            | ExecuteMsg::MintVesting { .. }
            | ExecuteMsg::UpdateMinter { .. }
            | ExecuteMsg::UpdateMarketing { .. }
            | ExecuteMsg::UploadLogo(_)
            | ExecuteMsg::Sweep { .. }
            | ExecuteMsg::ClaimRevenue {}
            | ExecuteMsg::SetSplits { .. }
            | ExecuteMsg::SetRevenueDenoms { .. }
            | ExecuteMsg::UpdateRevenueAdmin { .. } => false,
        }
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// cw20: current balance of `address` (0 if unknown).
    #[returns(cw20::BalanceResponse)]
    Balance { address: String },
    /// cw20: name, symbol, decimals and current total supply.
    #[returns(cw20::TokenInfoResponse)]
    TokenInfo {},
    /// cw20: the minter and the supply cap; `null` when minting is disabled.
    #[returns(Option<MinterResponse>)]
    Minter {},
    /// cw20: how much `spender` may still move from `owner`, and until when.
    #[returns(cw20::AllowanceResponse)]
    Allowance { owner: String, spender: String },
    /// cw20: allowances granted by `owner`, paginated by spender address.
    #[returns(cw20::AllAllowancesResponse)]
    AllAllowances {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw20: allowances granted to `spender`, paginated by owner address.
    #[returns(cw20::AllSpenderAllowancesResponse)]
    AllSpenderAllowances {
        spender: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw20: every address that ever held a balance, paginated.
    #[returns(cw20::AllAccountsResponse)]
    AllAccounts {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw20: project, description, marketing address and logo info.
    #[returns(cw20::MarketingInfoResponse)]
    MarketingInfo {},
    /// cw20: the embedded logo (fails when the logo is a URL or unset).
    #[returns(cw20::DownloadLogoResponse)]
    DownloadLogo {},
    /// Balance of `address` at the start of block `height`: changes made in block `height`
    /// count only from `height + 1` on. A height above the current one answers the current
    /// balance, which may still change.
    #[returns(cw20::BalanceResponse)]
    BalanceAtHeight { address: String, height: u64 },
    /// Total supply at the start of block `height`.
    #[returns(TotalSupplyResponse)]
    TotalSupplyAtHeight { height: u64 },
    /// DAO DAO voting module: voting power of `address` at `height` (now when `None`): the
    /// power delegated to it, plus its escrow entitlement, plus its balance unless delegated.
    #[returns(VotingPowerAtHeightResponse)]
    VotingPowerAtHeight {
        address: String,
        height: Option<u64>,
    },
    /// DAO DAO voting module: total supply at `height` (current supply when `None`).
    #[returns(TotalPowerAtHeightResponse)]
    TotalPowerAtHeight { height: Option<u64> },
    /// DAO DAO voting module: the DAO these shares vote in, answered as a bare address. The
    /// shares know their DAO as the revenue admin (for a launched model: its governance
    /// contract, which also owns the model NFT); fails with `NoDao` when there is none (no
    /// revenue configured, or the admin role was renounced).
    #[returns(Addr)]
    Dao {},
    /// DAO DAO voting module: this contract's cw2 name and version.
    #[returns(InfoResponse)]
    Info {},
    /// Revenue `address` may claim now: holder revenue and contributor-split revenue, per denom
    /// (denoms with nothing claimable are left out).
    #[returns(ClaimableRevenueResponse)]
    ClaimableRevenue { address: String },
    /// Revenue admin, accepted denoms, splits and lifetime totals.
    #[returns(RevenueConfigResponse)]
    RevenueConfig {},
    /// The escrow of sold shares not yet claimed, and the revenue they earned.
    #[returns(EscrowResponse)]
    Escrow {},
    /// `address`'s vesting schedule and what of it is still locked now (`null`: none).
    #[returns(Option<VestingResponse>)]
    Vesting { address: String },
    /// Whom `address` delegates to, and the power it delegates, receives and votes with now.
    #[returns(DelegationResponse)]
    Delegation { address: String },
    /// The accounts that delegate to `delegate` now, in address order, with their balances.
    #[returns(DelegatorsResponse)]
    Delegators {
        delegate: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
}

/// `delegation` answer.
#[cw_serde]
pub struct DelegationResponse {
    /// The account the balance votes through (none: the account votes itself).
    pub delegate: Option<Addr>,
    /// The balance delegated to `delegate` (0 when none).
    pub delegated: Uint128,
    /// The power others delegated to this account.
    pub received: Uint128,
    /// The voting power from the next block on: `received`, plus the balance when not
    /// delegated.
    pub power: Uint128,
}

/// One account delegating to another, with the balance it delegates.
#[cw_serde]
pub struct Delegator {
    pub address: Addr,
    pub balance: Uint128,
}

/// `delegators` answer.
#[cw_serde]
pub struct DelegatorsResponse {
    pub delegators: Vec<Delegator>,
}

#[cw_serde]
pub struct VestingResponse {
    pub schedule: VestingSchedule,
    /// Still locked now: the account's balance can never go below this.
    pub locked: Uint128,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older shares version, keeping all state.
    Migrate {},
}

/// `total_supply_at_height` answer.
#[cw_serde]
pub struct TotalSupplyResponse {
    pub total_supply: Uint128,
}

/// DAO DAO `voting_power_at_height` answer.
#[cw_serde]
pub struct VotingPowerAtHeightResponse {
    pub power: Uint128,
    /// The height the power was read at (the current block height when none was asked).
    pub height: u64,
}

/// DAO DAO `total_power_at_height` answer.
#[cw_serde]
pub struct TotalPowerAtHeightResponse {
    pub power: Uint128,
    /// The height the power was read at (the current block height when none was asked).
    pub height: u64,
}

/// DAO DAO `info` answer: the contract's cw2 version record.
#[cw_serde]
pub struct InfoResponse {
    /// cw2 contract name (`crates.io:modelfund-shares`) and version.
    pub info: cw2::ContractVersion,
}

/// `claimable_revenue` answer.
#[cw_serde]
pub struct ClaimableRevenueResponse {
    /// One coin per denom with something claimable.
    pub claimable: Vec<Coin>,
}

/// `revenue_config` answer. `distributed` and `owed` have one coin per accepted denom, in the
/// order of `denoms`.
#[cw_serde]
pub struct RevenueConfigResponse {
    pub admin: Option<Addr>,
    pub denoms: Vec<String>,
    pub splits: Vec<Split>,
    /// Lifetime totals accounted (distribute and sweep), splits included.
    pub distributed: Vec<Coin>,
    /// Everything the contract may still pay out: unclaimed split and holder revenue (escrowed
    /// shares' included) plus rounding dust. The contract's bank balance of an accepted denom
    /// is always at least this; the difference is what `sweep` may account.
    pub owed: Vec<Coin>,
}

/// `escrow` answer: the presale's sold shares not yet claimed by their backers.
#[cw_serde]
pub struct EscrowResponse {
    /// Shares still in escrow.
    pub amount: Uint128,
    /// The first height at which escrowed shares count (none: no escrow was ever minted).
    pub since_height: Option<u64>,
    /// Whole coins of revenue the escrowed shares earned, released with them pro-rata.
    pub revenue: Vec<Coin>,
}

/// Voting-power checkpoints: a **published storage layout** of the shares contract, like cw20's
/// `balance` key. Governance reads it with raw queries, which cost a storage read (~1k gas on
/// wasmd) instead of a contract call (~65k gas measured on injectived 1.20.1 for a smart query);
/// that keeps a vote cheaper than cw3-fixed-multisig's.
///
/// Per account: `CHECKPOINT_COUNT[addr] = n` and `CHECKPOINTS[(addr, 0..n)]`, ordered by height.
/// A [`Checkpoint`] says what holds from block `height` on: the account's balance, the voting
/// power other accounts delegated to it (`received`), and whether it delegates its own balance
/// to another account (`delegating`). A change in block H writes (or updates) the checkpoint
/// at height H + 1, so a change is never visible at the height it happened in. The shares
/// contract writes one checkpoint per account per block in which any of the three changed; the
/// last checkpoint holds the current values.
///
/// At height `h` the last checkpoint whose height is ≤ `h` applies (none: all zero). From it:
/// - the **balance** (cw20 `balance_at_height`);
/// - the **stake** = balance + escrow entitlement (what an exit may burn; delegation does not
///   change it);
/// - the **voting power** = received + entitlement + (balance unless delegating). The
///   entitlement covers heights before a backer's claim, when no delegate holds those shares'
///   vote yet. Delegation is one level: power received is not passed on when the delegate
///   delegates itself.
///
/// A height above the current block answers the current values, which may still change before
/// that height is reached; voters should only ask for past heights.
///
/// One search ([`search`]) serves both readers: [`power_at_height`] (another contract, raw
/// queries) and [`power_at_height_in`] (the shares contract's own storage).
pub mod checkpoints {
    use std::fmt;

    use cosmwasm_std::{from_json, Addr, QuerierWrapper, StdError, StdResult, Storage, Uint128};
    use cw_storage_plus::Map;
    use serde::de::{self, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// One account's values from block `height` on. Stored as the JSON pair
    /// `[height, "balance"]` (e.g. `[1234,"500"]`) when nothing is delegated to or by the
    /// account, else as `[height, "balance", "received", delegating]`: a checkpoint is written
    /// on every balance change (wasmd charges 30 gas per written byte), and an account that
    /// never delegates pays for no delegation bytes.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Checkpoint {
        /// First height at which these values apply.
        pub height: u64,
        /// The account's shares.
        pub balance: Uint128,
        /// Voting power delegated to this account by others (the sum of their balances).
        pub received: Uint128,
        /// Whether this account's own balance votes through its delegate.
        pub delegating: bool,
    }

    impl Checkpoint {
        /// A checkpoint of an account that delegates nothing and receives nothing.
        pub fn of_balance(height: u64, balance: Uint128) -> Self {
            Checkpoint {
                height,
                balance,
                ..Checkpoint::default()
            }
        }

        /// The voting power these values give with `entitled` escrow shares: what is
        /// received, plus the entitlement, plus the balance unless it is delegated. (An
        /// entitlement covers the heights before its backer's claim, when no delegate holds
        /// those shares' vote yet; from the claim on they are balance and follow it.)
        pub fn power(&self, entitled: Uint128) -> StdResult<Uint128> {
            let own = if self.delegating {
                Uint128::zero()
            } else {
                self.balance
            };
            Ok(own.checked_add(entitled)?.checked_add(self.received)?)
        }
    }

    impl Serialize for Checkpoint {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            if self.received.is_zero() && !self.delegating {
                (self.height, self.balance).serialize(serializer)
            } else {
                (self.height, self.balance, self.received, self.delegating).serialize(serializer)
            }
        }
    }

    impl<'de> Deserialize<'de> for Checkpoint {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_seq(CheckpointVisitor)
        }
    }

    struct CheckpointVisitor;

    impl<'de> Visitor<'de> for CheckpointVisitor {
        type Value = Checkpoint;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("[height, balance] or [height, balance, received, delegating]")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checkpoint, A::Error> {
            let height = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(0, &self))?;
            let balance = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(1, &self))?;
            let (received, delegating) = match seq.next_element()? {
                Some(received) => (
                    received,
                    seq.next_element()?
                        .ok_or_else(|| de::Error::invalid_length(3, &self))?,
                ),
                None => (Uint128::zero(), false),
            };
            Ok(Checkpoint {
                height,
                balance,
                received,
                delegating,
            })
        }
    }

    /// addr -> number of checkpoints
    pub const CHECKPOINT_COUNT: Map<&Addr, u32> = Map::new("vp_count");
    /// (addr, index) -> checkpoint, index 0..count, heights strictly increasing
    pub const CHECKPOINTS: Map<(&Addr, u32), Checkpoint> = Map::new("vp_checkpoints");

    /// Shares an account received from the presale escrow, stored as `["amount", from, until]`:
    /// they count toward its voting power at every height in `[from, until)` — from the
    /// escrow's first block to the block its own checkpoint takes them over. At most one per
    /// account (a backer claims once).
    #[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
    #[serde(from = "(Uint128, u64, u64)", into = "(Uint128, u64, u64)")]
    pub struct Entitlement {
        pub amount: Uint128,
        /// First height at which the escrowed shares counted.
        pub from: u64,
        /// First height at which the account's checkpoints hold them.
        pub until: u64,
    }

    impl From<(Uint128, u64, u64)> for Entitlement {
        fn from((amount, from, until): (Uint128, u64, u64)) -> Self {
            Entitlement {
                amount,
                from,
                until,
            }
        }
    }

    impl From<Entitlement> for (Uint128, u64, u64) {
        fn from(e: Entitlement) -> Self {
            (e.amount, e.from, e.until)
        }
    }

    impl Entitlement {
        /// The power this entitlement adds at `height`.
        pub fn at(&self, height: u64) -> Uint128 {
            if self.from <= height && height < self.until {
                self.amount
            } else {
                Uint128::zero()
            }
        }
    }

    /// addr -> its entitlement from the escrow (absent: none)
    pub const ENTITLEMENTS: Map<&Addr, Entitlement> = Map::new("vp_entitled");

    /// The checkpoint that applies at the start of block `height` among `count` checkpoints,
    /// `get(i)` reading checkpoint `i` (`0 <= i < count`, heights strictly increasing): the
    /// last one whose height is ≤ `height`, none if there is none.
    ///
    /// It reads the last checkpoint first, so an account that has not changed since `height`
    /// costs one read; otherwise a binary search over the others, at most `ceil(log2(count))`
    /// more reads.
    pub fn search(
        count: u32,
        height: u64,
        get: impl Fn(u32) -> StdResult<Checkpoint>,
    ) -> StdResult<Option<Checkpoint>> {
        let Some(last_index) = count.checked_sub(1) else {
            return Ok(None);
        };
        let last = get(last_index)?;
        if last.height <= height {
            return Ok(Some(last));
        }
        // the last checkpoint at or below `height`, among indexes [0, last_index)
        let (mut lo, mut hi) = (0u32, last_index);
        let mut found = None;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let cp = get(mid)?;
            if cp.height <= height {
                found = Some(cp);
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(found)
    }

    fn missing(addr: &Addr, index: u32) -> StdError {
        StdError::generic_err(format!("missing checkpoint {index} of {addr}"))
    }

    fn raw<T: serde::de::DeserializeOwned>(
        querier: &QuerierWrapper,
        shares: &Addr,
        key: &[u8],
    ) -> StdResult<Option<T>> {
        match querier.query_wasm_raw(shares, key.to_vec())? {
            Some(bytes) => from_json(&bytes).map(Some),
            None => Ok(None),
        }
    }

    /// `addr`'s checkpoint and escrow entitlement at the start of block `height`, read from the
    /// shares contract `shares` with raw queries (no contract call): one read of the count, then
    /// [`search`], then one read of the entitlement.
    fn raw_at_height(
        querier: &QuerierWrapper,
        shares: &Addr,
        addr: &Addr,
        height: u64,
    ) -> StdResult<(Checkpoint, Uint128)> {
        let count: u32 = raw(querier, shares, &CHECKPOINT_COUNT.key(addr))?.unwrap_or(0);
        let checkpoint = search(count, height, |index| {
            raw(querier, shares, &CHECKPOINTS.key((addr, index)))?
                .ok_or_else(|| missing(addr, index))
        })?;
        let entitled: Option<Entitlement> = raw(querier, shares, &ENTITLEMENTS.key(addr))?;
        Ok((
            checkpoint.unwrap_or_default(),
            entitled.map(|e| e.at(height)).unwrap_or_default(),
        ))
    }

    /// `addr`'s voting power at the start of block `height` (delegation included), read from
    /// the shares contract `shares` with raw queries.
    pub fn power_at_height(
        querier: &QuerierWrapper,
        shares: &Addr,
        addr: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        let (checkpoint, entitled) = raw_at_height(querier, shares, addr, height)?;
        checkpoint.power(entitled)
    }

    /// `addr`'s own stake at the start of block `height`: its balance plus its escrow
    /// entitlement, whether or not it delegates its vote (delegation moves votes, not shares).
    pub fn stake_at_height(
        querier: &QuerierWrapper,
        shares: &Addr,
        addr: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        let (checkpoint, entitled) = raw_at_height(querier, shares, addr, height)?;
        Ok(checkpoint.balance.checked_add(entitled)?)
    }

    /// The total supply (= the total voting power): a cw-storage-plus `SnapshotItem<Uint128>`
    /// (strategy every block). Its current value is stored under `total_supply`; for every
    /// block `H` in which the supply changed, `total_supply__changelog[((), H)]` holds
    /// `{"old": supply before the first change of H}`. The shares contract declares its
    /// snapshot with these names, so this layout cannot drift from it.
    pub const TOTAL_SUPPLY_KEY: &str = "total_supply";
    /// See [`TOTAL_SUPPLY_KEY`].
    pub const TOTAL_SUPPLY_CHECKPOINTS_KEY: &str = "total_supply__checkpoints";
    /// See [`TOTAL_SUPPLY_KEY`].
    pub const TOTAL_SUPPLY_CHANGELOG_KEY: &str = "total_supply__changelog";

    /// One changelog entry of the total supply, as cw-storage-plus stores it.
    #[derive(Serialize, Deserialize)]
    struct SupplyChange {
        old: Option<Uint128>,
    }

    const TOTAL_SUPPLY_CHANGELOG: Map<((), u64), SupplyChange> =
        Map::new(TOTAL_SUPPLY_CHANGELOG_KEY);

    /// The total power at the start of the **current** block `current_height`, read from the
    /// shares contract `shares` with raw queries (one or two reads, no contract call): the
    /// supply before the block's first change if it changed in this block, else the current
    /// supply. Equal to the shares' `total_power_at_height {height: current_height}`; only for
    /// the current block (a changelog entry at a later height cannot exist yet, but one at a
    /// past height's successor may: for past heights use that query).
    pub fn total_power_now(
        querier: &QuerierWrapper,
        shares: &Addr,
        current_height: u64,
    ) -> StdResult<Uint128> {
        let key = TOTAL_SUPPLY_CHANGELOG.key(((), current_height));
        if let Some(change) = raw::<SupplyChange>(querier, shares, &key)? {
            return Ok(change.old.unwrap_or_default());
        }
        Ok(raw(querier, shares, TOTAL_SUPPLY_KEY.as_bytes())?.unwrap_or_default())
    }

    /// The total power right now, after every change of this block so far (one raw read): what
    /// an exit divides by, so two exits in one block each see the other's burn.
    pub fn total_power_current(querier: &QuerierWrapper, shares: &Addr) -> StdResult<Uint128> {
        Ok(raw(querier, shares, TOTAL_SUPPLY_KEY.as_bytes())?.unwrap_or_default())
    }

    /// `addr`'s voting power at the start of block `height`, read from the shares contract's
    /// own storage: the same as [`power_at_height`].
    pub fn power_at_height_in(
        storage: &dyn Storage,
        addr: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        let checkpoint = checkpoint_at_height_in(storage, addr, height)?;
        let entitled = ENTITLEMENTS.may_load(storage, addr)?;
        checkpoint.power(entitled.map(|e| e.at(height)).unwrap_or_default())
    }

    /// `addr`'s balance at the start of block `height` from the shares contract's own
    /// checkpoints, without any entitlement: the cw20 `balance_at_height`.
    pub fn balance_at_height_in(
        storage: &dyn Storage,
        addr: &Addr,
        height: u64,
    ) -> StdResult<Uint128> {
        Ok(checkpoint_at_height_in(storage, addr, height)?.balance)
    }

    /// The checkpoint of `addr` that applies at the start of block `height` ([`search`] over
    /// the shares contract's own storage; all zero when there is none).
    pub fn checkpoint_at_height_in(
        storage: &dyn Storage,
        addr: &Addr,
        height: u64,
    ) -> StdResult<Checkpoint> {
        let count = CHECKPOINT_COUNT.may_load(storage, addr)?.unwrap_or(0);
        let found = search(count, height, |index| {
            CHECKPOINTS
                .may_load(storage, (addr, index))?
                .ok_or_else(|| missing(addr, index))
        })?;
        Ok(found.unwrap_or_default())
    }

    #[cfg(test)]
    mod tests {
        use std::cell::Cell;

        use cosmwasm_std::testing::{MockApi, MockStorage};

        use super::*;

        fn cp(height: u64, balance: u128) -> Checkpoint {
            Checkpoint::of_balance(height, Uint128::new(balance))
        }

        /// `search` over `cps`, also answering how many checkpoints it read.
        fn run(cps: &[Checkpoint], height: u64) -> (u128, u32) {
            let reads = Cell::new(0u32);
            let found = search(cps.len() as u32, height, |i| {
                reads.set(reads.get() + 1);
                cps.get(i as usize)
                    .copied()
                    .ok_or_else(|| StdError::generic_err("out of range"))
            })
            .unwrap();
            (found.map_or(0, |c| c.balance.u128()), reads.get())
        }

        /// The definition: the power of the last checkpoint at or below `height`.
        fn linear(cps: &[Checkpoint], height: u64) -> u128 {
            cps.iter()
                .rev()
                .find(|c| c.height <= height)
                .map_or(0, |c| c.balance.u128())
        }

        #[test]
        fn empty_is_zero_without_reads() {
            assert_eq!(run(&[], 0), (0, 0));
            assert_eq!(run(&[], u64::MAX), (0, 0));
        }

        #[test]
        fn one_checkpoint() {
            let cps = [cp(10, 7)];
            assert_eq!(run(&cps, 0), (0, 1));
            assert_eq!(run(&cps, 9), (0, 1));
            assert_eq!(run(&cps, 10), (7, 1));
            assert_eq!(run(&cps, 11), (7, 1));
            assert_eq!(run(&cps, u64::MAX), (7, 1));
        }

        #[test]
        fn before_first_exact_between_and_after_last() {
            let cps = [cp(10, 1), cp(20, 2), cp(21, 3), cp(40, 0), cp(50, 5)];
            // before the first checkpoint
            assert_eq!(run(&cps, 0).0, 0);
            assert_eq!(run(&cps, 9).0, 0);
            // exactly at each checkpoint
            for c in &cps {
                assert_eq!(run(&cps, c.height).0, c.balance.u128(), "at {}", c.height);
            }
            // between checkpoints: the earlier one
            assert_eq!(run(&cps, 15).0, 1);
            assert_eq!(run(&cps, 19).0, 1);
            assert_eq!(run(&cps, 30).0, 3);
            assert_eq!(run(&cps, 45).0, 0);
            // at or after the last: one read
            assert_eq!(run(&cps, 50), (5, 1));
            assert_eq!(run(&cps, 1_000), (5, 1));
        }

        #[test]
        fn many_checkpoints_match_the_definition_in_log_reads() {
            for n in [2u64, 3, 4, 7, 8, 9, 31, 32, 33, 100, 1_000] {
                // heights 5, 8, 11, ... with gaps so every "between" height exists
                let cps: Vec<Checkpoint> = (0..n).map(|i| cp(5 + 3 * i, 100 + i as u128)).collect();
                let max_reads = 1 + (n as f64).log2().ceil() as u32;
                for height in 0..=(5 + 3 * n + 2) {
                    let (power, reads) = run(&cps, height);
                    assert_eq!(power, linear(&cps, height), "n {n} height {height}");
                    assert!(reads <= max_reads, "n {n} height {height}: {reads} reads");
                }
            }
        }

        #[test]
        fn a_checkpoint_is_stored_as_a_pair() {
            let json = cosmwasm_std::to_json_string(&cp(1_234, 500)).unwrap();
            assert_eq!(json, r#"[1234,"500"]"#);
            assert_eq!(from_json::<Checkpoint>(json).unwrap(), cp(1_234, 500));
            assert!(from_json::<Checkpoint>(r#"{"height":1,"power":"2"}"#).is_err());
        }

        /// An account that delegates or receives stores four fields; the pair and the quadruple
        /// read back exactly, and nothing in between (or beyond) is accepted.
        #[test]
        fn a_delegation_checkpoint_is_stored_as_a_quadruple() {
            let delegating = Checkpoint {
                height: 7,
                balance: Uint128::new(30),
                received: Uint128::zero(),
                delegating: true,
            };
            let json = cosmwasm_std::to_json_string(&delegating).unwrap();
            assert_eq!(json, r#"[7,"30","0",true]"#);
            assert_eq!(from_json::<Checkpoint>(json).unwrap(), delegating);
            let receiving = Checkpoint {
                received: Uint128::new(5),
                delegating: false,
                ..delegating
            };
            let json = cosmwasm_std::to_json_string(&receiving).unwrap();
            assert_eq!(json, r#"[7,"30","5",false]"#);
            assert_eq!(from_json::<Checkpoint>(json).unwrap(), receiving);
            for bad in [
                r#"[7]"#,
                r#"[7,"30","5"]"#,
                r#"[7,"30","5",true,1]"#,
                r#"[]"#,
            ] {
                assert!(from_json::<Checkpoint>(bad).is_err(), "{bad}");
            }
        }

        /// Power: received, plus the entitlement, plus the own balance unless it is delegated.
        #[test]
        fn power_counts_received_and_own_shares_unless_delegated() {
            let own = Checkpoint {
                height: 1,
                balance: Uint128::new(30),
                received: Uint128::new(5),
                delegating: false,
            };
            assert_eq!(own.power(Uint128::new(2)).unwrap().u128(), 37);
            let away = Checkpoint {
                delegating: true,
                ..own
            };
            assert_eq!(away.power(Uint128::new(2)).unwrap().u128(), 7);
            let max = Checkpoint {
                balance: Uint128::MAX,
                ..own
            };
            assert!(max.power(Uint128::zero()).is_err());
        }

        #[test]
        fn a_read_error_is_returned() {
            let err = search(3, 0, |_| Err(StdError::generic_err("boom"))).unwrap_err();
            assert!(err.to_string().contains("boom"));
        }

        #[test]
        fn power_at_height_in_reads_the_layout() {
            let mut storage = MockStorage::new();
            let api = MockApi::default();
            let (a, b) = (api.addr_make("a"), api.addr_make("b"));
            let cps = [cp(3, 10), cp(6, 4), cp(9, 25)];
            for (i, c) in cps.iter().enumerate() {
                CHECKPOINTS.save(&mut storage, (&a, i as u32), c).unwrap();
            }
            CHECKPOINT_COUNT.save(&mut storage, &a, &3).unwrap();
            for height in 0..12 {
                assert_eq!(
                    power_at_height_in(&storage, &a, height).unwrap().u128(),
                    linear(&cps, height)
                );
            }
            // an account without checkpoints has no power
            assert_eq!(
                power_at_height_in(&storage, &b, 100).unwrap(),
                Uint128::zero()
            );
            // a count that points past the stored checkpoints is an error, not zero
            CHECKPOINT_COUNT.save(&mut storage, &a, &4).unwrap();
            assert!(power_at_height_in(&storage, &a, 100).is_err());
        }

        /// A backer claimed 40 escrowed shares in block 19 (its checkpoint holds them from 20);
        /// the escrow counted from height 11: its power has them at every height from 11 on,
        /// exactly once, while its balance history has them only from 20.
        #[test]
        fn an_entitlement_fills_the_heights_before_the_claim() {
            let mut storage = MockStorage::new();
            let a = MockApi::default().addr_make("a");
            let cps = [cp(5, 7), cp(20, 47)];
            for (i, c) in cps.iter().enumerate() {
                CHECKPOINTS.save(&mut storage, (&a, i as u32), c).unwrap();
            }
            CHECKPOINT_COUNT.save(&mut storage, &a, &2).unwrap();
            let e = Entitlement {
                amount: Uint128::new(40),
                from: 11,
                until: 20,
            };
            ENTITLEMENTS.save(&mut storage, &a, &e).unwrap();
            for (height, power, balance) in [
                (4, 0, 0),
                (5, 7, 7),
                (10, 7, 7),
                (11, 47, 7),
                (19, 47, 7),
                (20, 47, 47),
                (1_000, 47, 47),
            ] {
                let got = power_at_height_in(&storage, &a, height).unwrap().u128();
                assert_eq!(got, power, "power at {height}");
                let got = balance_at_height_in(&storage, &a, height).unwrap().u128();
                assert_eq!(got, balance, "balance at {height}");
            }
            // stored as a compact triple
            let json = cosmwasm_std::to_json_string(&e).unwrap();
            assert_eq!(json, r#"["40",11,20]"#);
        }
    }
}
