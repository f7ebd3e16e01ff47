use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Empty, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use modelfund::channels::ChannelTerms;

/// Fixed at instantiate.
#[cw_serde]
pub struct Config {
    /// Models, metered plans and gateway approvals are read from it.
    pub access: Addr,
    pub grace_period_seconds: u64,
    pub max_claims_per_tx: u32,
}

/// A channel as stored. What a claim changes (the claimed amount) is kept apart in `CLAIMED`,
/// so settling a channel writes a few bytes, not the whole record (30 gas per written byte).
#[cw_serde]
pub struct Channel {
    pub user: Addr,
    pub gateway: Addr,
    pub model_id: String,
    pub plan_id: String,
    pub voucher_key: Binary,
    pub terms: ChannelTerms,
    pub deposit: Uint128,
    pub opened_at: Timestamp,
    pub expires_at: Timestamp,
    /// Set by `close`; a closed channel accepts nothing more.
    pub closed_at: Option<Timestamp>,
    pub refunded: Uint128,
}

pub const CONFIG: Item<Config> = Item::new("ch_config");
/// Channels ever opened; the next id is this plus one.
pub const CHANNEL_COUNT: Item<u64> = Item::new("ch_count");
/// channel id -> channel
pub const CHANNELS: Map<u64, Channel> = Map::new("ch_channels");
/// channel id -> the highest voucher amount claimed (all of it paid out); absent means zero
pub const CLAIMED: Map<u64, Uint128> = Map::new("ch_claimed");
/// (user, channel id) -> (): `channels_by_user`
pub const BY_USER: Map<(&Addr, u64), Empty> = Map::new("ch_by_user");
/// (gateway, channel id) -> (): `channels_by_gateway`
pub const BY_GATEWAY: Map<(&Addr, u64), Empty> = Map::new("ch_by_gateway");
