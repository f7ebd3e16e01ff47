//! The launchpad: launches a tokenized model in one transaction and keeps the model index.
//!
//! `launch` instantiates the model's `shares`, `governance` (the DAO) and `presale` contracts
//! with `instantiate2`, so every address is known before any of them exists: the shares'
//! minter is the presale and its revenue admin the DAO from the first block, the presale's
//! treasury is the DAO, and the DAO knows the shares, registry, model id and access contract.
//! The launchpad then mints the model NFT straight to the DAO in the registry (the launchpad must
//! be a registry minter), registers the model and its initial plans in access (the launchpad must
//! be an access registrar), records the launch in its index and forwards the optional launch fee
//! to the protocol treasury. Any failure reverts the whole launch.
//!
//! Addresses: `instantiate2_address(checksum, launchpad, salt)`, where `checksum` is the code's
//! checksum from the chain (`code_info`) and `salt = sha256("modelfund/<kind>/<model_id>")` with
//! `<kind>` one of `shares`, `governance`, `presale` (see [`salt`]), kept to the length of the
//! launchpad's own address on chains with shorter contract addresses (Injective: 20 bytes).
//!
//! **Bounds.** Every launch is checked against the protocol-wide [`LaunchBounds`] in the config
//! (production values by default): the DAO's voting period, timelock, quorum and threshold, the
//! presale window and the creator allocation. The governance part is handed to the new DAO as
//! its `bounds`, so its own `update_config` can never leave them either. One rule protects
//! backers whatever the bounds: the quorum must exceed the largest fraction of the supply the
//! creator can hold (the allocation over the supply at the soft cap), so the creator alone can
//! never reach quorum.
//!
//! **Owning a model id first (commit–reveal).** `launch` is permissionless and a model's
//! addresses depend only on its id, so whoever launches an id first owns it. A creator who wants
//! to announce an id before launching reserves it in two steps:
//! 1. `commit_model_id {commitment}` with `commitment = hex(sha256("<sender>/<model_id>/<nonce>"))`
//!    (see [`commitment`]); the transaction shows only a hash;
//! 2. at least one block later, `reserve_model_id {model_id, nonce}`: the launchpad recomputes the
//!    hash for the sender and needs that commitment from an earlier block.
//!
//! A reserved id can be launched only by its holder, until the reservation expires. A plain
//! one-step `reserve {model_id}` would not help: it shows the id in the mempool, and a watcher
//! would copy it with a higher fee and own the reservation. The commitment hides the id (a
//! random nonce stops guessing it by hashing likely ids) and binds it to the sender's address
//! (a copied commitment is useless to anyone else); the reveal names the id only once the
//! commitment is already on chain, and nobody else can produce a commitment from an earlier
//! block. What remains is the reveal transaction itself: it shows the id while it waits in the
//! mempool, and a plain `launch` of that id sent ahead of it would still win. Reserve before you
//! announce, and reveal promptly.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Checksum, Coin, Decimal, Timestamp, Uint128};

use crate::access::PlanMsg;
use crate::governance::{GovernanceParams, ParamBounds};
use crate::paging::PageSize;
use crate::presale::Phase;
use crate::registry::ModelMetadata;
use crate::revenue::Split;

/// The three per-model contracts a launch instantiates.
pub const KINDS: [&str; 3] = ["shares", "governance", "presale"];

/// Most unrevealed commitments one address may hold at once (expired ones do not count).
pub const MAX_COMMITMENTS_PER_ADDRESS: u32 = 5;
/// Shortest nonce of a commitment: a short nonce would let a watcher find the committed id by
/// hashing likely ids.
pub const MIN_NONCE_LEN: usize = 16;
/// Longest nonce of a commitment.
pub const MAX_NONCE_LEN: usize = 128;
/// How long a commitment can be revealed, unless the config says otherwise: one day.
pub const DEFAULT_COMMITMENT_SECONDS: u64 = 86_400;
/// How long a reservation holds, unless the config says otherwise: 30 days.
pub const DEFAULT_RESERVATION_SECONDS: u64 = 30 * 86_400;
/// Longest commitment period the config accepts: 30 days.
pub const MAX_COMMITMENT_SECONDS: u64 = 30 * 86_400;
/// Longest reservation period the config accepts: one year.
pub const MAX_RESERVATION_SECONDS: u64 = 365 * 86_400;

/// The commitment of `commit_model_id`: the lowercase hex sha256 of
/// `<sender>/<model_id>/<nonce>`, where `sender` is the address that will reveal it.
pub fn commitment(sender: &str, model_id: &str, nonce: &str) -> String {
    Checksum::generate(format!("{sender}/{model_id}/{nonce}").as_bytes()).to_hex()
}

/// The instantiate2 salt of a model's `kind` contract (`shares`, `governance` or `presale`):
/// the 32-byte sha256 of `modelfund/<kind>/<model_id>`.
pub fn salt(kind: &str, model_id: &str) -> Checksum {
    Checksum::generate(format!("modelfund/{kind}/{model_id}").as_bytes())
}

/// Deserializes a boxed message field in a function of its own, so the large `launch` visitor
/// stays within the 100 wasm locals per function that cosmwasm-check allows (see
/// [`ExecuteMsg::Launch`]). The call goes through an opaque function pointer: wasm-opt inlines
/// a function with a single caller into it whatever `#[inline(never)]` says, but never one whose
/// address is taken.
fn boxed<'de, D, T>(deserializer: D) -> Result<Box<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    let deserialize: fn(D) -> Result<T, D::Error> = T::deserialize;
    core::hint::black_box(deserialize)(deserializer).map(Box::new)
}

/// Code ids of the per-model contracts, as stored on the chain.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct CodeIds {
    /// Code id of `modelfund-shares`.
    pub shares: u64,
    /// Code id of `modelfund-presale`.
    pub presale: u64,
    /// Code id of `modelfund-governance`.
    pub governance: u64,
}

/// A launch fee: `amount` must be attached exactly to every `launch` and goes to `treasury`.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct LaunchFee {
    pub amount: Coin,
    /// The protocol treasury.
    pub treasury: String,
}

/// Protocol-wide limits every launch must respect. The governance part goes to each new DAO as
/// its `bounds` and holds for the DAO's whole life; changing these affects only later launches.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct LaunchBounds {
    /// Shortest voting period of a DAO.
    pub min_voting_period_seconds: u64,
    /// Longest voting period of a DAO.
    pub max_voting_period_seconds: u64,
    /// Shortest timelock between passing and execution.
    pub min_timelock_seconds: u64,
    /// Longest timelock.
    pub max_timelock_seconds: u64,
    /// Smallest quorum (share of the total power that must vote).
    pub min_quorum: Decimal,
    /// Smallest passing threshold (yes > threshold x (yes + no)); at least 0.5.
    pub min_threshold: Decimal,
    /// Longest presale window (`end - start`).
    pub max_presale_seconds: u64,
    /// Largest creator allocation, in basis points of the supply at the soft cap
    /// (`soft_cap / price + creator_allocation`).
    pub max_creator_allocation_bps: u16,
}

impl LaunchBounds {
    /// The defaults, for production: votes of 1 to 30 days, a timelock of 1 to 30 days, a quorum
    /// of at least 10 %, a threshold of at least 50 %, a presale open at most 90 days and a
    /// creator allocation of at most 20 % of the supply at the soft cap.
    pub const PRODUCTION: LaunchBounds = LaunchBounds {
        min_voting_period_seconds: 86_400,
        max_voting_period_seconds: 30 * 86_400,
        min_timelock_seconds: 86_400,
        max_timelock_seconds: 30 * 86_400,
        min_quorum: Decimal::percent(10),
        min_threshold: Decimal::percent(50),
        max_presale_seconds: 90 * 86_400,
        max_creator_allocation_bps: 2_000,
    };

    /// The part the governance contract enforces, passed as its `bounds`.
    pub fn governance(&self) -> ParamBounds {
        ParamBounds {
            min_voting_period_seconds: self.min_voting_period_seconds,
            max_voting_period_seconds: self.max_voting_period_seconds,
            min_timelock_seconds: self.min_timelock_seconds,
            max_timelock_seconds: self.max_timelock_seconds,
            min_quorum: self.min_quorum,
            min_threshold: self.min_threshold,
            // the execution window keeps the governance contract's absolute range
            ..ParamBounds::ABSOLUTE
        }
    }
}

impl Default for LaunchBounds {
    fn default() -> Self {
        Self::PRODUCTION
    }
}

/// How long commitments and reservations of model ids last.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct ReservationPeriods {
    /// A commitment can be revealed for this long after `commit_model_id` (1 s to 30 days).
    pub commitment_seconds: u64,
    /// A reservation holds for this long after `reserve_model_id` (1 s to 365 days).
    pub reservation_seconds: u64,
}

impl Default for ReservationPeriods {
    fn default() -> Self {
        ReservationPeriods {
            commitment_seconds: DEFAULT_COMMITMENT_SECONDS,
            reservation_seconds: DEFAULT_RESERVATION_SECONDS,
        }
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// Who may `update_config`. Defaults to the sender.
    pub owner: Option<String>,
    /// Code ids of shares, presale and governance.
    pub code_ids: CodeIds,
    /// The model registry: the launchpad must be one of its minters.
    pub registry: String,
    /// The access contract: the launchpad must be one of its registrars.
    pub access: String,
    /// Optional launch fee (none: `launch` refuses funds).
    pub fee: Option<LaunchFee>,
    /// Limits every launch must respect. Absent: [`LaunchBounds::PRODUCTION`]. Test networks
    /// pass shorter periods so their tests can wait out votes and timelocks.
    #[serde(default)]
    pub bounds: Option<LaunchBounds>,
    /// How long commitments and reservations of model ids last. Absent: one day and 30 days.
    #[serde(default)]
    pub reservation_periods: Option<ReservationPeriods>,
}

/// A change of the launch fee.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum FeeUpdate {
    /// Charge this fee from now on.
    Set(LaunchFee),
    /// Launch for free.
    Remove {},
}

/// The model NFT to mint.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct ModelLaunch {
    /// Model id (the registry token id): 1 to 64 characters of `[A-Za-z0-9._+-]`; never reused.
    pub token_id: String,
    /// Optional ERC-721 style metadata JSON.
    pub token_uri: Option<String>,
    /// Model metadata, checked by the registry (a bad field reverts the whole launch).
    pub metadata: ModelMetadata,
    /// NFT resale royalty in basis points, paid to the model's shares contract (0: none).
    pub royalty_bps: u16,
}

/// The presale to open; its treasury is the new DAO and its creator the sender of `launch`.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct PresaleLaunch {
    /// The native denom backers pay in (e.g. `inj`, `untrn`).
    pub denom: String,
    /// Price of one share base unit, in base units of `denom`.
    pub price: Uint128,
    /// Raise needed for success, in base units of `denom`; below it backers get refunds.
    pub soft_cap: Uint128,
    /// Most the presale accepts, in base units of `denom`; the excess of a contribution is
    /// returned in the same tx.
    pub hard_cap: Uint128,
    /// Opening time (nanoseconds since the epoch, as a string); not in the past.
    pub start: Timestamp,
    /// Closing time; after `start`.
    pub end: Timestamp,
    /// Smallest total contribution per address, in base units of `denom`.
    pub min_per_address: Uint128,
    /// Largest total contribution per address, in base units of `denom`.
    pub max_per_address: Uint128,
    /// Shares minted to the creator on success.
    pub creator_allocation: Uint128,
    /// Only the addresses of this merkle allowlist may contribute, each up to its cap (none:
    /// anyone may). See `modelfund::allowlist` and `modelfund allowlist root`.
    #[serde(default)]
    pub allowlist: Option<crate::presale::Allowlist>,
    /// Lock the creator allocation after `finalize`: a cliff, then linear unlocking (see
    /// `presale::CreatorVesting`). Absent: unlocked at once.
    #[serde(default)]
    pub creator_vesting: Option<crate::presale::CreatorVesting>,
}

impl ModelLaunch {
    /// The registry `mint` of the model NFT: owned by the DAO, its royalty (if any) paid to the
    /// model's shares contract.
    pub fn into_mint(self, dao: &Addr, shares: &Addr) -> crate::registry::ExecuteMsg {
        crate::registry::ExecuteMsg::Mint {
            token_id: self.token_id,
            owner: dao.to_string(),
            token_uri: self.token_uri,
            model: self.metadata,
            royalty: (self.royalty_bps > 0).then(|| crate::registry::RoyaltyMsg {
                payment_address: shares.to_string(),
                share_bps: self.royalty_bps,
            }),
        }
    }
}

impl PresaleLaunch {
    /// The presale's instantiate message: these terms, the DAO as treasury, the sender of
    /// `launch` as creator, and the model's shares contract.
    pub fn into_instantiate(
        self,
        dao: &Addr,
        creator: &Addr,
        shares: &Addr,
    ) -> crate::presale::InstantiateMsg {
        crate::presale::InstantiateMsg {
            denom: self.denom,
            price: self.price,
            soft_cap: self.soft_cap,
            hard_cap: self.hard_cap,
            start: self.start,
            end: self.end,
            min_per_address: self.min_per_address,
            max_per_address: self.max_per_address,
            treasury: dao.to_string(),
            creator: creator.to_string(),
            creator_allocation: self.creator_allocation,
            shares: shares.to_string(),
            allowlist: self.allowlist,
            creator_vesting: self.creator_vesting,
        }
    }
}

/// The share token; its minter is the presale and its revenue admin the DAO.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct SharesLaunch {
    /// cw20 token name (3 to 50 characters).
    pub name: String,
    /// cw20 symbol (3 to 12 characters of letters and `-`).
    pub symbol: String,
    /// Decimals of the share token (e.g. 6).
    pub decimals: u8,
    /// Accepted revenue denoms.
    pub revenue_denoms: Vec<String>,
    /// Contributor royalty splits paid first on every distribution.
    pub splits: Vec<Split>,
}

impl SharesLaunch {
    /// The shares' instantiate message: no initial balances, the presale as the only minter
    /// (no cap), the DAO as revenue admin.
    pub fn into_instantiate(self, presale: &Addr, dao: &Addr) -> crate::shares::InstantiateMsg {
        crate::shares::InstantiateMsg {
            name: self.name,
            symbol: self.symbol,
            decimals: self.decimals,
            initial_balances: vec![],
            mint: Some(cw20::MinterResponse {
                minter: presale.to_string(),
                cap: None,
            }),
            marketing: None,
            revenue: Some(crate::shares::RevenueInit {
                admin: Some(dao.to_string()),
                denoms: self.revenue_denoms,
                splits: self.splits,
            }),
        }
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Launch a model in one transaction (see the module docs). Attach exactly the launch fee
    /// when one is configured, nothing otherwise. The sender becomes the model's creator. An id
    /// reserved by someone else (unexpired) is refused (`ModelIdReserved`); launching an id the
    /// sender reserved consumes the reservation. The governance and presale parameters must stay
    /// within the config's `bounds`.
    ///
    /// The large fields are boxed and deserialized out of line (same JSON): inlined into one
    /// function, serde's visitor for this variant needs more than the 100 wasm locals per
    /// function that cosmwasm-check allows.
    Launch {
        #[serde(deserialize_with = "boxed")]
        model: Box<ModelLaunch>,
        #[serde(deserialize_with = "boxed")]
        presale: Box<PresaleLaunch>,
        #[serde(deserialize_with = "boxed")]
        shares: Box<SharesLaunch>,
        #[serde(deserialize_with = "boxed")]
        governance: Box<GovernanceParams>,
        /// Initial pricing plans registered in access (at most 20).
        plans: Vec<PlanMsg>,
        /// Royalty on license resales in access, in basis points.
        license_royalty_bps: u16,
        /// An optional guardian of the DAO (e.g. the contributors' multisig): it may veto a
        /// passed proposal during its timelock. Absent: no veto.
        #[serde(default)]
        vetoer: Option<String>,
    },
    /// Change the configuration (owner only). Absent fields stay as they are.
    UpdateConfig {
        /// Hand the owner role to another address.
        owner: Option<String>,
        /// New code ids for future launches (launched models keep theirs).
        code_ids: Option<CodeIds>,
        /// Set or remove the launch fee.
        fee: Option<FeeUpdate>,
        /// New limits for future launches (launched DAOs keep the bounds they got).
        #[serde(default)]
        bounds: Option<LaunchBounds>,
        /// New periods for future commitments and reservations (existing ones keep theirs).
        #[serde(default)]
        reservation_periods: Option<ReservationPeriods>,
    },
    /// Step 1 of reserving a model id: record a commitment, the lowercase hex sha256 of
    /// `<sender address>/<model_id>/<nonce>` (64 characters; see [`commitment`]). The nonce is
    /// 16 to 128 characters of `[A-Za-z0-9._+-]`, random (e.g. `openssl rand -hex 16`). Expires
    /// after the config's `commitment_seconds`; at most 5 unexpired per address.
    CommitModelId { commitment: String },
    /// Step 2, at least one block after the commit: reserve `model_id` for the sender, who must
    /// hold the matching commitment from an earlier block. Refused when the id was launched or is
    /// reserved by someone else (unexpired). Consumes the commitment; the reservation lasts the
    /// config's `reservation_seconds` (the holder may renew it the same way).
    ReserveModelId { model_id: String, nonce: String },
    /// Give up a reservation (its holder only).
    ReleaseModelId { model_id: String },
}

impl crate::validate::TakesFunds for ExecuteMsg {
    /// Only `launch` takes coins (exactly the launch fee, when one is configured).
    fn takes_funds(&self) -> bool {
        match self {
            ExecuteMsg::Launch { .. } => true,
            ExecuteMsg::UpdateConfig { .. }
            | ExecuteMsg::CommitModelId { .. }
            | ExecuteMsg::ReserveModelId { .. }
            | ExecuteMsg::ReleaseModelId { .. } => false,
        }
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Owner, code ids, registry, access and launch fee.
    #[returns(ConfigResponse)]
    Config {},
    /// One launched model: every address, its creator and when it was launched.
    #[returns(ModelResponse)]
    Model { model_id: String },
    /// Launched models by model id, paginated.
    #[returns(ModelsResponse)]
    Models {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Models launched by `creator`, by model id, paginated.
    #[returns(ModelsResponse)]
    ModelsByCreator {
        creator: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// The addresses a launch of `model_id` would give its contracts now (instantiate2).
    #[returns(PredictedAddressesResponse)]
    PredictAddresses { model_id: String },
    /// Who holds a reservation of `model_id` and until when; `null` when none holds now
    /// (never reserved, released, launched or expired).
    #[returns(Option<ReservationResponse>)]
    Reservation { model_id: String },
    /// A commitment of `committer` (as computed by [`commitment`]); `null` when there is none
    /// (never made, revealed or expired).
    #[returns(Option<CommitmentResponse>)]
    Commitment {
        committer: String,
        commitment: String,
    },
    /// One launched model as a list row shows it: its name (registry), where its presale stands
    /// (presale `state` and `config`) and its addresses, in one query.
    #[returns(ModelSummary)]
    ModelSummary { model_id: String },
    /// [`ModelSummary`]s of launched models by model id, paginated: 10 by default, at most 20
    /// (each row asks the registry and the presale).
    #[returns(ModelSummariesResponse)]
    ModelSummaries {
        start_after: Option<String>,
        limit: Option<u32>,
    },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older launchpad version, keeping all state.
    Migrate {},
}

/// The launch fee as stored.
#[cw_serde]
pub struct Fee {
    pub amount: Coin,
    pub treasury: Addr,
}

impl Fee {
    /// The `fee` event attribute: the amount in its coin form, or `none` without a fee.
    pub fn attribute(fee: Option<&Fee>) -> String {
        fee.map_or_else(|| "none".to_string(), |f| f.amount.to_string())
    }
}

#[cw_serde]
pub struct ConfigResponse {
    pub owner: Addr,
    pub code_ids: CodeIds,
    pub registry: Addr,
    pub access: Addr,
    pub fee: Option<Fee>,
    /// The limits every launch must respect.
    #[serde(default)]
    pub bounds: LaunchBounds,
    /// How long commitments and reservations of model ids last.
    #[serde(default)]
    pub reservation_periods: ReservationPeriods,
}

/// A reservation of a model id.
#[cw_serde]
pub struct ReservationResponse {
    pub model_id: String,
    /// The only address that may launch the id until `expires_at`.
    pub holder: Addr,
    pub expires_at: Timestamp,
}

/// A commitment waiting for its reveal.
#[cw_serde]
pub struct CommitmentResponse {
    pub committer: Addr,
    pub commitment: String,
    /// The block it was recorded in; the reveal must come in a later one.
    pub height: u64,
    pub expires_at: Timestamp,
}

/// A launched model in the index. The presale's live phase is read from the presale itself
/// (`state {}`), the DAO's from governance.
#[cw_serde]
pub struct ModelResponse {
    pub model_id: String,
    /// Who sent `launch`: the presale creator.
    pub creator: Addr,
    pub shares: Addr,
    pub presale: Addr,
    /// The model's DAO: owns the model NFT and the treasury.
    pub governance: Addr,
    pub registry: Addr,
    pub access: Addr,
    pub launched_at: Timestamp,
    pub launched_height: u64,
}

#[cw_serde]
pub struct ModelsResponse {
    pub models: Vec<ModelResponse>,
}

/// Page of `model_summaries`: 10 by default, at most 20 (each row costs three queries to
/// other contracts).
pub const SUMMARIES_PAGE: PageSize = PageSize {
    default: 10,
    max: 20,
};

/// A launched model as a list row shows it (`model_summary`, `model_summaries`).
#[cw_serde]
pub struct ModelSummary {
    /// The model (its token id in the registry).
    pub model_id: String,
    /// The model's name in the registry.
    pub name: String,
    /// Who launched it: the presale creator.
    pub creator: Addr,
    /// The model's share token.
    pub shares: Addr,
    /// The model's presale.
    pub presale: Addr,
    /// The model's DAO.
    pub governance: Addr,
    /// Where the presale stands now.
    pub phase: Phase,
    /// Raised so far, in the presale's denom.
    pub raised: Coin,
    /// The goal: the presale's soft cap.
    pub soft_cap: Coin,
    /// The most the presale accepts.
    pub hard_cap: Coin,
    /// Seconds until the presale opens (0 once it has).
    pub starts_in_seconds: u64,
    /// Seconds until the presale ends (0 once it has).
    pub seconds_left: u64,
    /// When the model was launched.
    pub launched_at: Timestamp,
}

/// `model_summaries` answer.
#[cw_serde]
pub struct ModelSummariesResponse {
    /// One row per launched model, by model id.
    pub models: Vec<ModelSummary>,
}

#[cw_serde]
pub struct PredictedAddressesResponse {
    pub shares: Addr,
    pub presale: Addr,
    pub governance: Addr,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commitment is what `sha256sum` prints for the same text, so the CLI guide's
    /// `printf '%s' "$ALICE/my-llm/$NONCE" | sha256sum` commits exactly what the reveal checks.
    #[test]
    fn the_commitment_is_the_plain_sha256_hex_of_sender_id_and_nonce() {
        assert_eq!(
            commitment(
                "inj1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnvgp6kj",
                "my-llm",
                "f3a91c07d55e42b8a0c6e1d2b7f9a4c3"
            ),
            "1b64cc5b1e6687e17af4b67d97b09c757ef6925f303260a55bf5b10d66c4679a"
        );
    }

    #[test]
    fn production_bounds_are_the_defaults_and_feed_the_dao() {
        let b = LaunchBounds::default();
        assert_eq!(b, LaunchBounds::PRODUCTION);
        assert_eq!(b.min_voting_period_seconds, 86_400);
        assert_eq!(b.max_presale_seconds, 90 * 86_400);
        let g = b.governance();
        assert_eq!(g.min_quorum, Decimal::percent(10));
        assert_eq!(g.min_threshold, Decimal::percent(50));
        assert_eq!(g.max_timelock_seconds, 30 * 86_400);
    }
}
