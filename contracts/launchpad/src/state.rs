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

/// A commitment waiting for its reveal (keyed by committer and commitment).
#[cw_serde]
pub struct Commitment {
    /// The block it was recorded in: the reveal must come in a later one.
    pub height: u64,
    pub expires_at: Timestamp,
}

/// A reserved model id.
#[cw_serde]
pub struct Reservation {
    pub holder: Addr,
    pub expires_at: Timestamp,
}

/// (committer, commitment hex) -> commitment. Keyed by the committer too, so copying someone
/// else's commitment neither blocks theirs nor lets the copier reveal it.
pub const COMMITMENTS: Map<(&Addr, &str), Commitment> = Map::new("commitments");
/// model id -> reservation (expired ones are removed when next touched)
pub const RESERVATIONS: Map<&str, Reservation> = Map::new("reservations");
