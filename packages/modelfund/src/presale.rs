//! The presale: one all-or-nothing crowdfunding campaign per model.
//!
//! Backers send native coins to `contribute {}` during the window. After the end (or once the
//! hard cap is reached) anyone calls `finalize {}`: if the soft cap was met, the raised funds go to
//! the treasury (the model's DAO, never the creator), the creator allocation is minted, and backers
//! `claim {}` their shares; otherwise every backer can `refund {}`. The creator may `cancel {}`
//! before the end, which also opens refunds. Pull, never push: no message loops over backers.
//!
//! Shares per backer = floor(contribution / price), both in base units; the remainder of a
//! contribution below one share's price stays with the raised funds (the treasury). `min_per_address`
//! is at least `price`, so every accepted backer receives at least one share unit.
//!
//! **Allowlist** (optional, fixed at instantiate): a merkle root over `(address, cap)` entries
//! (byte layout and tree rules in [`crate::allowlist`]). Each backer then passes its `cap` and
//! the proof of its entry to `contribute`; its contribution (what it holds in the presale at any
//! moment) stays within both its cap and `max_per_address`.
//!
//! **Withdraw** before the goal: while the presale is open and the raise is below the soft cap,
//! a backer may `withdraw {amount}` of its own contribution (paid back in the same tx), leaving
//! either nothing or at least `min_per_address`. Once the raise reaches the soft cap nothing can
//! be withdrawn any more, so the goal, once reached, stays reached: a backer who relies on a
//! successful raise cannot be undercut by a large backer leaving after pushing it over the goal.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Timestamp, Uint128};

use crate::paging::PageSize;

/// Page of `contributions`: 10 by default, at most 100.
pub const CONTRIBUTIONS_PAGE: PageSize = PageSize {
    default: 10,
    max: 100,
};

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// The one native denom accepted, e.g. `inj`, `untrn`.
    pub denom: String,
    /// Price of one share base unit, in base units of `denom` (at least 1).
    pub price: Uint128,
    /// Minimum raised for the presale to succeed.
    pub soft_cap: Uint128,
    /// Maximum raised; contributions above it are returned in the same tx.
    pub hard_cap: Uint128,
    /// Contributions are accepted from `start` (inclusive) ...
    pub start: Timestamp,
    /// ... until `end` (exclusive). Must be after `start` and in the future.
    pub end: Timestamp,
    /// Smallest total contribution of one address (at least `price`).
    pub min_per_address: Uint128,
    /// Largest total contribution of one address; the excess is returned in the same tx.
    pub max_per_address: Uint128,
    /// Receives the raised funds on success: the model's DAO.
    pub treasury: String,
    /// The model's creator: may cancel before the end; receives the creator allocation.
    pub creator: String,
    /// Shares minted to the creator on success.
    pub creator_allocation: Uint128,
    /// The model's shares contract (cw20); this presale must be its minter before contributions open.
    pub shares: String,
    /// Only the addresses of this merkle allowlist may contribute, each up to its cap (none:
    /// anyone may, up to `max_per_address`).
    #[serde(default)]
    pub allowlist: Option<Allowlist>,
    /// Lock the creator allocation from `finalize` on (shares `mint_vesting`): nothing of it can
    /// move before the cliff, then it unlocks linearly. Absent or a zero duration: unlocked.
    #[serde(default)]
    pub creator_vesting: Option<CreatorVesting>,
}

/// How the creator allocation unlocks, counted from the presale's `finalize`.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct CreatorVesting {
    /// Nothing unlocks before this many seconds (at most `duration_seconds`).
    pub cliff_seconds: u64,
    /// Everything has unlocked after this many seconds (at most
    /// `shares::MAX_VESTING_SECONDS`; zero: no vesting).
    pub duration_seconds: u64,
}

/// A merkle allowlist of `(address, cap)` entries (see [`crate::allowlist`] for the leaf bytes,
/// the sorted-pair tree and the `modelfund allowlist` command that builds it).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Allowlist {
    /// The root: 64 hex characters of a sha256 digest (stored lower-cased).
    pub merkle_root: String,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Contribute exactly one coin of the presale's denom. The part above the hard cap or above
    /// the sender's per-address maximum (or allowlist cap) is returned in the same tx.
    Contribute {
        /// With an allowlist: the hex sibling hashes proving the sender's entry, leaf first (at
        /// most 32; empty for a list of one). Must be absent without an allowlist.
        #[serde(default)]
        proof: Option<Vec<String>>,
        /// With an allowlist: the sender's cap as listed, in base units of the denom; bounds the
        /// sender's total contribution together with `max_per_address`.
        #[serde(default)]
        cap: Option<Uint128>,
    },
    /// Take back `amount` of the sender's own contribution, paid in the same tx. Only while
    /// the presale is open and its raise is below the soft cap; what stays must be zero or at
    /// least `min_per_address`. A backer that withdraws everything is no backer any more. After
    /// a failure or a cancel, `refund` returns the whole contribution instead.
    Withdraw {
        /// How much to take back, in base units of the denom: at least 1, at most the sender's
        /// contribution.
        amount: Uint128,
    },
    /// Settle the presale after the end or once the hard cap is reached. Anyone may call it.
    /// Success (raised >= soft cap): the raise goes to the treasury (the DAO), every sold share
    /// is minted into the shares contract's escrow and the creator allocation to the creator,
    /// so from the next block on the whole final supply votes and earns. Failure: refunds open.
    Finalize {},
    /// Move the sender's shares (contribution / price, rounded down) out of escrow to it, with
    /// the revenue they earned there, after a successful presale (once). Its voting power
    /// counts them from the block after `finalize` whether or not it has claimed yet.
    Claim {},
    /// Return the sender's contribution after a failed or cancelled presale (once).
    Refund {},
    /// Cancel the presale before its end (creator only); opens refunds.
    Cancel {},
}

impl crate::validate::TakesFunds for ExecuteMsg {
    /// Only `contribute` takes coins (one coin of the presale's denom).
    fn takes_funds(&self) -> bool {
        match self {
            ExecuteMsg::Contribute { .. } => true,
            ExecuteMsg::Withdraw { .. }
            | ExecuteMsg::Finalize {}
            | ExecuteMsg::Claim {}
            | ExecuteMsg::Refund {}
            | ExecuteMsg::Cancel {} => false,
        }
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The presale's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// Phase, raised amount, backers and progress towards the caps.
    #[returns(StateResponse)]
    State {},
    /// One address's contribution (zero when it never contributed).
    #[returns(ContributionResponse)]
    Contribution { address: String },
    /// All contributions, by address, paginated.
    #[returns(ContributionsResponse)]
    Contributions {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The allowlist's merkle root (none: anyone may contribute).
    #[returns(AllowlistResponse)]
    Allowlist {},
    /// Whether `contribute` from `address` with this `cap` and `proof` would pass the allowlist,
    /// and how much that address may hold in total: checks a proof without contributing (the
    /// window and the hard cap are not part of the answer).
    #[returns(AllowlistCheckResponse)]
    AllowlistCheck {
        /// The backer's address.
        address: String,
        /// Its cap as listed (as `contribute` takes it).
        #[serde(default)]
        cap: Option<Uint128>,
        /// The proof of its entry (as `contribute` takes it).
        #[serde(default)]
        proof: Option<Vec<String>>,
    },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older presale version, keeping all state.
    Migrate {},
}

#[cw_serde]
pub struct ConfigResponse {
    pub denom: String,
    pub price: Uint128,
    pub soft_cap: Uint128,
    pub hard_cap: Uint128,
    pub start: Timestamp,
    pub end: Timestamp,
    pub min_per_address: Uint128,
    pub max_per_address: Uint128,
    pub treasury: Addr,
    pub creator: Addr,
    pub creator_allocation: Uint128,
    pub shares: Addr,
    /// The allowlist, if any. Stored with the config: a presale instantiated before allowlists
    /// existed has none.
    #[serde(default)]
    pub allowlist: Option<Allowlist>,
    /// How the creator allocation unlocks after `finalize`, if it is locked.
    #[serde(default)]
    pub creator_vesting: Option<CreatorVesting>,
}

/// Where a presale stands. `Upcoming`, `Open` and `Ended` depend on the block time;
/// the other three are final outcomes recorded by `finalize` or `cancel`.
#[cw_serde]
#[derive(Copy)]
pub enum Phase {
    /// Before `start`.
    Upcoming,
    /// Accepting contributions.
    Open,
    /// Past `end` or at the hard cap, waiting for `finalize`.
    Ended,
    /// Soft cap met: funds went to the treasury, backers claim shares.
    Succeeded,
    /// Soft cap missed: backers refund.
    Failed,
    /// Cancelled by the creator: backers refund.
    Cancelled,
}

/// The snake_case JSON name, e.g. in errors (see `modelfund::display`).
impl core::fmt::Display for Phase {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::display::snake_case(self, f)
    }
}

#[cw_serde]
pub struct StateResponse {
    pub phase: Phase,
    pub raised: Uint128,
    /// Number of distinct addresses that contributed.
    pub backers: u64,
    /// raised / soft_cap (may exceed 1).
    pub soft_cap_progress: Decimal,
    /// raised / hard_cap (at most 1).
    pub hard_cap_progress: Decimal,
    /// Shares sold so far: the sum over backers of contribution / price, rounded down each;
    /// minted into escrow at a successful `finalize`.
    pub shares_sold: Uint128,
    /// Shares handed to backers so far through `claim` (the creator allocation excluded).
    pub shares_claimed: Uint128,
    /// Coins returned so far through `refund`.
    pub refunded: Uint128,
    /// Seconds until `end` (0 once it has passed).
    pub seconds_left: u64,
    /// Seconds until `start`, when contributions open (0 once it has passed).
    #[serde(default)]
    pub starts_in_seconds: u64,
    /// Coins returned so far through `withdraw` (already deducted from `raised`).
    #[serde(default)]
    pub withdrawn: Uint128,
}

/// The part of a `state` answer other contracts read (access, governance): only the phase, and
/// unknown fields are ignored, so a presale whose `state` gains fields never breaks its readers.
#[derive(serde::Deserialize, Clone, Debug, PartialEq)]
pub struct PresalePhase {
    /// Where the presale stands.
    pub phase: Phase,
}

#[cw_serde]
pub struct ContributionResponse {
    pub address: Addr,
    /// Total accepted from this address.
    pub amount: Uint128,
    /// Shares this contribution is worth: floor(amount / price).
    pub shares: Uint128,
    pub claimed: bool,
    pub refunded: bool,
}

#[cw_serde]
pub struct ContributionsResponse {
    pub contributions: Vec<ContributionResponse>,
}

#[cw_serde]
pub struct AllowlistResponse {
    /// The merkle root, lower-case hex (none: no allowlist).
    pub merkle_root: Option<String>,
}

#[cw_serde]
pub struct AllowlistCheckResponse {
    /// Whether `contribute` with this cap and proof passes the allowlist (always true without
    /// an allowlist when no proof and no cap are given).
    pub allowed: bool,
    /// Why not, as `contribute` would say it (none when allowed).
    pub reason: Option<String>,
    /// Most the address may hold in the presale: its cap and `max_per_address`, the smaller
    /// (0 when not allowed).
    pub limit: Uint128,
    /// What the address holds in the presale now.
    pub contributed: Uint128,
}
