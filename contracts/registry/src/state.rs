use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Storage, Timestamp};
use cw_storage_plus::{Item, Map};
use modelfund::registry::{License, ModelVersion, RoyaltyInfo, RoyaltyLimits};

use crate::error::ContractError;

/// Registry-wide settings (cw721 keeps ownership, minters and tokens under its own keys).
#[cw_serde]
pub struct Config {
    pub royalty_limits: RoyaltyLimits,
}

/// Everything the registry knows about a model beyond cw721's token record. Kept after a burn so
/// the id is never reused and the history stays readable.
#[cw_serde]
pub struct ModelRecord {
    pub name: String,
    pub description: String,
    /// Absent in records written before images were kept: none.
    #[serde(default)]
    pub image: Option<String>,
    pub license: License,
    pub minted_by: Addr,
    pub minted_at: Timestamp,
    pub version_count: u32,
    pub royalty: Option<RoyaltyInfo>,
    pub burned: bool,
}

pub const CONFIG: Item<Config> = Item::new("mf_config");
/// token id -> model record
pub const MODELS: Map<&str, ModelRecord> = Map::new("mf_models");
/// (token id, 1-based index) -> version; append-only
pub const VERSIONS: Map<(&str, u32), ModelVersion> = Map::new("mf_versions");
/// (token id, version label) -> index; makes labels unique per model
pub const VERSION_LABELS: Map<(&str, &str), u32> = Map::new("mf_version_labels");

/// A model's record (also after a burn), or `ModelNotFound`.
pub fn load_model(storage: &dyn Storage, token_id: &str) -> Result<ModelRecord, ContractError> {
    MODELS
        .may_load(storage, token_id)?
        .ok_or_else(|| ContractError::ModelNotFound {
            token_id: token_id.to_string(),
        })
}
