use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Coin, Decimal, Storage, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use modelfund::governance::{
    Action, DepositStatus, GovernanceParams, ParamBounds, ProposalStatus, Tally, VoteOption,
    DEFAULT_EXECUTION_WINDOW_SECONDS,
};

use crate::error::ContractError;

#[cw_serde]
pub struct Config {
    pub shares: Addr,
    pub registry: Option<Addr>,
    pub model_id: Option<String>,
    #[serde(default)]
    pub access: Option<Addr>,
    pub params: GovernanceParams,
    /// The model's presale, for `reclaim`.
    #[serde(default)]
    pub presale: Option<Addr>,
    /// Fixed at instantiate; every params change must respect them.
    #[serde(default = "absolute_bounds")]
    pub bounds: ParamBounds,
    /// May veto passed proposals during their timelock; fixed at instantiate.
    #[serde(default)]
    pub vetoer: Option<Addr>,
}

impl Config {
    /// The access contract and the model id, which the pricing and gateway actions need.
    pub fn access(&self) -> Result<(&Addr, &String), ContractError> {
        match (&self.access, &self.model_id) {
            (Some(access), Some(model_id)) => Ok((access, model_id)),
            _ => Err(ContractError::NoAccess {}),
        }
    }

    /// The registry and the model id, which `publish_model_version` needs.
    pub fn registry(&self) -> Result<(&Addr, &String), ContractError> {
        match (&self.registry, &self.model_id) {
            (Some(registry), Some(model_id)) => Ok((registry, model_id)),
            _ => Err(ContractError::NoRegistry {}),
        }
    }
}

fn absolute_bounds() -> ParamBounds {
    ParamBounds::ABSOLUTE
}

fn default_window() -> u64 {
    DEFAULT_EXECUTION_WINDOW_SECONDS
}

fn held() -> DepositStatus {
    DepositStatus::Held
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
    /// How long it stays executable after the timelock (captured at propose).
    #[serde(default = "default_window")]
    pub execution_window: u64,
    pub tally: Tally,
    pub passed_at: Option<Timestamp>,
    /// What became of the deposit; changes once, from `held` to `refunded` or `forfeited`.
    #[serde(default = "held")]
    pub deposit_status: DepositStatus,
}

#[cw_serde]
pub struct Ballot {
    pub vote: VoteOption,
    pub power: Uint128,
}

/// Where the search for a failed execution's failing step stands (the reply payload): steps
/// `0..lo` are known to succeed, the prefix `0..=hi` to fail; `error` is the execution's error.
#[cw_serde]
pub struct Search {
    pub proposal_id: u64,
    pub lo: u32,
    pub hi: u32,
    pub mid: u32,
    pub error: String,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const PROPOSAL_COUNT: Item<u64> = Item::new("count");
pub const BODIES: Map<u64, ProposalBody> = Map::new("bodies");
pub const CORES: Map<u64, ProposalCore> = Map::new("cores");
pub const BALLOTS: Map<(u64, &Addr), Ballot> = Map::new("ballots");
pub const EXECUTION_ERRORS: Map<u64, String> = Map::new("exec_errors");
/// Deposits of unsettled proposals, per denom: never spendable, not part of the treasury.
/// At most `MAX_DEPOSIT_DENOMS` entries (a denom leaves the map when its total reaches zero).
pub const DEPOSITS_HELD: Map<&str, Uint128> = Map::new("deposits_held");
/// The proposal whose actions `execute` is dispatching right now. `execute_actions` and
/// `probe_actions` run only for it, and `execute_actions` clears it before any action runs, so
/// an action cannot make the DAO run another proposal's actions (or its own twice).
pub const EXECUTING: Item<u64> = Item::new("executing");
/// (proposal id, holder) -> shares the holder exited with against that proposal (`exit`): what
/// bounds their further exits to the shares they held at its start height.
pub const EXITED: Map<(u64, &Addr), Uint128> = Map::new("exited");

/// A proposal's core, or `ProposalNotFound`.
pub fn load_proposal(storage: &dyn Storage, id: u64) -> Result<ProposalCore, ContractError> {
    CORES
        .may_load(storage, id)?
        .ok_or(ContractError::ProposalNotFound { id })
}
