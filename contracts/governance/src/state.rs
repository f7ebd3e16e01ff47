use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Coin, Decimal, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use modelfund::governance::{Action, GovernanceParams, ProposalStatus, Tally, VoteOption};

#[cw_serde]
pub struct Config {
    pub shares: Addr,
    pub registry: Option<Addr>,
    pub model_id: Option<String>,
    #[serde(default)]
    pub access: Option<Addr>,
    pub params: GovernanceParams,
}

/// What a proposal says and does; written once at propose.
#[cw_serde]
pub struct ProposalBody {
    pub title: String,
    pub description: String,
    pub proposer: Addr,
    pub actions: Vec<Action>,
    pub deposit: Option<Coin>,
    pub start_time: Timestamp,
}

/// The small record a vote reads and writes: snapshot, rules captured at propose, tally, status.
/// Kept apart from the body so a vote never rewrites the title, description and actions.
#[cw_serde]
pub struct ProposalCore {
    pub status: ProposalStatus,
    pub start_height: u64,
    pub expires_at: Timestamp,
    pub total_power: Uint128,
    pub quorum: Decimal,
    pub threshold: Decimal,
    pub timelock: u64,
    pub tally: Tally,
    pub passed_at: Option<Timestamp>,
}

#[cw_serde]
pub struct Ballot {
    pub vote: VoteOption,
    pub power: Uint128,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PROPOSAL_COUNT: Item<u64> = Item::new("count");
pub const BODIES: Map<u64, ProposalBody> = Map::new("bodies");
pub const CORES: Map<u64, ProposalCore> = Map::new("cores");
pub const BALLOTS: Map<(u64, &Addr), Ballot> = Map::new("ballots");
pub const EXECUTION_ERRORS: Map<u64, String> = Map::new("exec_errors");
