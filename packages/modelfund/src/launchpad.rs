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

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Checksum, Coin, Timestamp, Uint128};

use crate::access::PlanMsg;
use crate::governance::GovernanceParams;
use crate::registry::ModelMetadata;
use crate::revenue::Split;

/// Page size of `models` / `models_by_creator` when no limit is given.
pub const DEFAULT_LIMIT: u32 = 10;
/// Largest page of `models` / `models_by_creator`.
pub const MAX_LIMIT: u32 = 30;

/// The three per-model contracts a launch instantiates.
pub const KINDS: [&str; 3] = ["shares", "governance", "presale"];

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

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Launch a model in one transaction (see the module docs). Attach exactly the launch fee
    /// when one is configured, nothing otherwise. The sender becomes the model's creator.
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
    },
    /// Change the configuration (owner only). Absent fields stay as they are.
    UpdateConfig {
        /// Hand the owner role to another address.
        owner: Option<String>,
        /// New code ids for future launches (launched models keep theirs).
        code_ids: Option<CodeIds>,
        /// Set or remove the launch fee.
        fee: Option<FeeUpdate>,
    },
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

#[cw_serde]
pub struct ConfigResponse {
    pub owner: Addr,
    pub code_ids: CodeIds,
    pub registry: Addr,
    pub access: Addr,
    pub fee: Option<Fee>,
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

#[cw_serde]
pub struct PredictedAddressesResponse {
    pub shares: Addr,
    pub presale: Addr,
    pub governance: Addr,
}
