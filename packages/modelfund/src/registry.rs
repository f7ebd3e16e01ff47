//! The model registry: one cw721 NFT per AI model, with metadata (name, content hash, storage
//! URI, license), an append-only version log and cw2981-style royalty queries.
//!
//! Every standard cw721 message and query keeps its cw721 JSON shape, so wallets, explorers and
//! marketplaces that speak cw721 work unchanged; the Modelfund additions are `mint` (with model
//! metadata), `publish_version`, `set_royalty` and the `model` / `versions` / `latest_version` /
//! `royalty_info` / `check_royalties` / `minters` queries.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Timestamp, Uint128};
// The response types are named only in `#[returns(..)]`, which the `QueryResponses` derive
// expands on non-wasm targets only.
#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use cw721::msg::MinterResponse;
#[cfg_attr(target_arch = "wasm32", allow(unused_imports))]
use cw_ownable::{Action, Ownership};

use crate::nft::{cw721_execute_msg, cw721_query_msg};
pub use crate::nft::{
    CheckRoyaltiesResponse, ContractInfoResponse, Cw2981QueryMsg, Cw2981Response,
    RoyaltiesInfoResponse,
};
use crate::paging::PageSize;

/// Default cap on a model's royalty share: 10 %.
pub const DEFAULT_MAX_ROYALTY_BPS: u16 = 1_000;
/// Default largest raise of a royalty share in one change: 2 percentage points.
pub const DEFAULT_MAX_ROYALTY_RAISE_BPS: u16 = 200;
/// Default minimum time between two royalty changes of one model: 24 h.
pub const DEFAULT_ROYALTY_CHANGE_INTERVAL_SECONDS: u64 = 86_400;
/// Page of `versions`: 10 by default, at most 50.
pub const VERSIONS_PAGE: PageSize = PageSize {
    default: 10,
    max: 50,
};
/// Longest model name.
pub const MAX_NAME_LEN: usize = 128;
/// Longest model description.
pub const MAX_DESCRIPTION_LEN: usize = 2_048;
/// Longest release notes of one version.
pub const MAX_NOTES_LEN: usize = 1_024;
/// Longest license identifier (SPDX-style, e.g. `apache-2.0`, `openrail-m`).
pub const MAX_LICENSE_ID_LEN: usize = 64;

/// Bounds on royalty changes, fixed at instantiate.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct RoyaltyLimits {
    /// Highest royalty share a model may have, in basis points.
    pub max_share_bps: u16,
    /// Largest raise of a share in one change, in basis points (lowering is not limited).
    pub max_raise_bps: u16,
    /// Minimum number of seconds between two changes of one model's royalty.
    pub min_change_interval_seconds: u64,
}

impl Default for RoyaltyLimits {
    fn default() -> Self {
        Self {
            max_share_bps: DEFAULT_MAX_ROYALTY_BPS,
            max_raise_bps: DEFAULT_MAX_ROYALTY_RAISE_BPS,
            min_change_interval_seconds: DEFAULT_ROYALTY_CHANGE_INTERVAL_SECONDS,
        }
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// Collection name (cw721 `contract_info.name`).
    pub name: String,
    /// Collection symbol (cw721 `contract_info.symbol`).
    pub symbol: String,
    /// Contract owner: the primary minter, who manages the minter list. Defaults to the sender.
    pub owner: Option<String>,
    /// Additional minters allowed from the start (at most 10; e.g. the launchpad).
    pub minters: Option<Vec<String>>,
    /// Royalty bounds; defaults to a 10 % cap, +2 points per change, one change per 24 h.
    pub royalty_limits: Option<RoyaltyLimits>,
}

/// The license a model is released under.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct License {
    /// SPDX-style identifier, e.g. `apache-2.0`, `openrail-m`, `llama3`.
    pub id: String,
    /// Where the full license text lives (same URI rules as model storage).
    pub uri: Option<String>,
}

/// Metadata given when a model is minted; the first entry of its version log comes from it.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct ModelMetadata {
    /// Human-readable model name.
    pub name: String,
    /// What the model does, its training data, limits.
    pub description: String,
    /// sha256 of the model artifact (64 hex characters).
    pub content_hash: String,
    /// Where the artifact is stored: `ipfs://`, `ipns://`, `ar://`, `fil://` or `https://`.
    pub storage_uri: String,
    /// License of the model.
    pub license: License,
    /// Label of the first version, e.g. `v1.0.0`.
    pub version: String,
    /// Release notes of the first version.
    pub notes: Option<String>,
    /// A picture of the model for wallets and marketplaces (same URI rules as model storage).
    #[serde(default)]
    pub image: Option<String>,
}

/// A royalty setting as sent in `mint` and `set_royalty`.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct RoyaltyMsg {
    /// Who receives royalties (typically the model's shares contract).
    pub payment_address: String,
    /// Share of each sale price, in basis points.
    pub share_bps: u16,
}

cw721_execute_msg! {
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Mint a model NFT. Only the owner or an additional minter may mint.
    Mint {
        /// Unique model id: 1 to 64 characters of `[A-Za-z0-9._+-]`; never reused, even after a burn.
        token_id: String,
        /// Who owns the model NFT (for launched models: the model's DAO).
        owner: String,
        /// Optional ERC-721 style metadata JSON.
        token_uri: Option<String>,
        /// Model metadata; becomes version 1 of the log.
        model: ModelMetadata,
        /// Optional initial royalty (within the cap).
        royalty: Option<RoyaltyMsg>,
    },
    /// Append a new version to a model's log. Only the NFT's current owner may publish.
    PublishVersion {
        token_id: String,
        /// Version label, unique per model, e.g. `v1.1.0`.
        version: String,
        /// sha256 of the new artifact (64 hex characters).
        content_hash: String,
        /// Storage URI of the new artifact.
        uri: String,
        /// Release notes.
        notes: Option<String>,
    },
    /// Set a model's royalty (payment address and share). Only the NFT's current owner; at most
    /// once per `min_change_interval_seconds`, a raise of at most `max_raise_bps`, never over the cap.
    SetRoyalty {
        /// The model (token id).
        token_id: String,
        /// Who receives royalties (e.g. the model's shares contract).
        payment_address: String,
        /// Royalty share of a sale price, in basis points.
        share_bps: u16,
    },
}
cw721 {
    transfer_nft: "cw721: move a token to another account.",
    send_nft: "cw721: move a token to a contract and call its `receive_nft` hook.",
    approve: "cw721: allow `spender` to transfer / send one token.",
    revoke: "cw721: remove an approval for one token.",
    approve_all: "cw721: allow `operator` to transfer / send all of the sender's tokens.",
}
then {
    /// cw721: burn a token. Its id and version log stay reserved.
    Burn { token_id: String },
    /// Add an additional minter (owner only; at most 10).
    AddMinter { minter: String },
    /// Remove an additional minter (owner only).
    RemoveMinter { minter: String },
    /// Transfer, accept or renounce contract ownership (cw-ownable; accepting or renouncing
    /// clears the additional minters).
    UpdateOwnership(Action),
}
}

impl crate::validate::TakesFunds for ExecuteMsg {
    /// No registry message takes coins.
    fn takes_funds(&self) -> bool {
        match self {
            ExecuteMsg::Mint { .. }
            | ExecuteMsg::PublishVersion { .. }
            | ExecuteMsg::SetRoyalty { .. }
            | ExecuteMsg::Burn { .. }
            | ExecuteMsg::AddMinter { .. }
            | ExecuteMsg::RemoveMinter { .. }
            | ExecuteMsg::UpdateOwnership(_) => false,
            #[allow(unused_parens)]
            crate::cw721_execute_variants!(ExecuteMsg) => false,
        }
    }
}

cw721_query_msg! {
#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Royalty bounds and owner.
    #[returns(ConfigResponse)]
    Config {},
    /// A model's metadata, current owner, latest version and royalty.
    #[returns(ModelResponse)]
    Model { token_id: String },
    /// A model's version log, oldest first, paginated by version index (1-based).
    #[returns(VersionsResponse)]
    Versions {
        token_id: String,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// The newest entry of a model's version log.
    #[returns(ModelVersion)]
    LatestVersion { token_id: String },
    /// cw2981: who receives how much royalty for a sale at `sale_price`.
    #[returns(RoyaltiesInfoResponse)]
    RoyaltyInfo {
        token_id: String,
        sale_price: Uint128,
    },
    /// cw2981: whether this contract implements royalties (always true).
    #[returns(CheckRoyaltiesResponse)]
    CheckRoyalties {},
    /// The owner (primary minter) and the additional minters, paginated.
    #[returns(MintersResponse)]
    Minters {
        start_after: Option<String>,
        limit: Option<u32>,
    },
}
cw721 {
    owner_of: "cw721: owner and approvals of a token.",
    approval: "cw721: one approval of a token.",
    approvals: "cw721: all approvals of a token.",
    num_tokens: "cw721: number of live tokens.",
    nft_info: "cw721: token URI and the model metadata as the extension.",
    tokens: "cw721: tokens of an owner, paginated.",
    all_tokens: "cw721: all tokens, paginated.",
    extension: ModelInfo,
}
then {
    /// cw721: the primary minter (the contract owner).
    #[returns(MinterResponse)]
    Minter {},
    /// cw-ownable: contract ownership (owner, pending owner, expiry).
    #[returns(Ownership<Addr>)]
    Ownership {},
}
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older registry version, keeping all state.
    Migrate {},
}

#[cw_serde]
pub struct ConfigResponse {
    pub owner: Option<Addr>,
    pub royalty_limits: RoyaltyLimits,
}

/// A model's royalty as stored.
#[cw_serde]
pub struct RoyaltyInfo {
    pub payment_address: Addr,
    pub share_bps: u16,
    /// When the royalty was last set (mint or `set_royalty`).
    pub updated_at: Timestamp,
}

/// One entry of a model's version log.
#[cw_serde]
pub struct ModelVersion {
    /// 1-based position in the log.
    pub index: u32,
    /// Version label, unique per model.
    pub version: String,
    /// sha256 of the artifact, lower-case hex.
    pub content_hash: String,
    /// Storage URI of the artifact.
    pub uri: String,
    pub notes: Option<String>,
    /// Who published it (the minter for version 1, then the NFT owner).
    pub published_by: Addr,
    pub published_at: Timestamp,
    pub height: u64,
}

/// The model metadata, answered as the cw721 `nft_info` extension.
#[cw_serde]
pub struct ModelInfo {
    pub name: String,
    pub description: String,
    /// A picture of the model, when one was given at mint.
    pub image: Option<String>,
    pub license: License,
    /// Who minted the model.
    pub minted_by: Addr,
    pub minted_at: Timestamp,
    /// Number of entries in the version log.
    pub version_count: u32,
    /// The newest version.
    pub latest: ModelVersion,
    pub royalty: Option<RoyaltyInfo>,
}

#[cw_serde]
pub struct ModelResponse {
    pub token_id: String,
    /// Current NFT owner; `None` once the model was burned.
    pub owner: Option<Addr>,
    pub token_uri: Option<String>,
    pub info: ModelInfo,
}

#[cw_serde]
pub struct VersionsResponse {
    pub versions: Vec<ModelVersion>,
}

#[cw_serde]
pub struct MintersResponse {
    /// The owner, who is always allowed to mint.
    pub owner: Option<String>,
    /// Additional minters, paginated.
    pub minters: Vec<String>,
}
