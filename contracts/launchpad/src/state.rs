use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp};
use cw_storage_plus::{Item, Map};

/// The configuration, stored in the shape the `config` query answers.
pub type Config = modelfund::launchpad::ConfigResponse;

/// One launched model.
#[cw_serde]
pub struct LaunchRecord {
    pub creator: Addr,
    pub shares: Addr,
    pub presale: Addr,
    pub governance: Addr,
    pub registry: Addr,
    pub access: Addr,
    pub launched_at: Timestamp,
    pub launched_height: u64,
}

pub const CONFIG: Item<Config> = Item::new("config");
/// model id -> launch
pub const MODELS: Map<&str, LaunchRecord> = Map::new("models");
/// (creator, model id) -> () : the creator index
pub const MODELS_BY_CREATOR: Map<(&Addr, &str), ()> = Map::new("by_creator");
