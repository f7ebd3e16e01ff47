//! Governance: one DAO per model. It owns the model NFT and holds the treasury; share holders
//! propose, vote with their shares at the proposal's start height, and execute typed actions
//! after a timelock.
//!
//! Rules, in short:
//! - voting power = the voter's shares at the start of the proposal's block (read from the
//!   shares contract's published checkpoints), so shares bought or received after a proposal
//!   starts cannot vote on it, and moving shares after voting cannot vote twice;
//! - quorum: (yes + no + abstain) / total power at the start height >= `quorum`;
//!   threshold: yes > `threshold` x (yes + no) — abstain counts toward quorum only;
//! - a proposal passes or is rejected early as soon as the remaining power cannot change the
//!   outcome; otherwise at the end of the voting period;
//! - a passed proposal executes after `timelock_seconds` (also after an early pass), once, by
//!   anyone; all its actions run atomically and a failure is recorded as `execution_failed`;
//! - deposit policy: refunded to the proposer when the proposal passes (even if execution then
//!   fails), when it is rejected after reaching quorum (an honest "no"), and when the proposer
//!   cancels before any vote; kept by the treasury when it is rejected without reaching quorum
//!   (the spam-class outcome: nobody cared enough to vote).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Coin, CosmosMsg, Decimal, Timestamp, Uint128};

/// Hard ceiling on `max_actions`, so no proposal can grow too large to execute in one block.
pub const ABSOLUTE_MAX_ACTIONS: u32 = 20;
pub const MAX_TITLE_LEN: usize = 128;
pub const MAX_DESCRIPTION_LEN: usize = 4_096;
pub const MAX_MEMO_LEN: usize = 256;
pub const DEFAULT_LIMIT: u32 = 10;
pub const MAX_LIMIT: u32 = 30;

/// The tunable rules of a DAO, set at instantiate and changed only by its own proposals.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct GovernanceParams {
    /// How long a proposal accepts votes.
    pub voting_period_seconds: u64,
    /// Share of the total power at the start height that must vote (yes, no or abstain).
    pub quorum: Decimal,
    /// A proposal passes when yes > threshold x (yes + no); e.g. 0.5 = a strict majority.
    pub threshold: Decimal,
    /// Delay between passing and execution, so holders who disagree can exit.
    pub timelock_seconds: u64,
    /// Native deposit required to propose (none: proposing is free).
    pub deposit: Option<Coin>,
    /// Smallest voting power (at the current height) that may propose.
    pub min_propose_power: Uint128,
    /// Most actions one proposal may carry (1 to 20, `ABSOLUTE_MAX_ACTIONS`).
    pub max_actions: u32,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// The model's shares contract: voting power comes from its checkpoints.
    pub shares: String,
    /// The model registry and the model's token id, for `publish_model_version` actions.
    pub registry: Option<String>,
    pub model_id: Option<String>,
    /// The access contract, for pricing-plan and gateway actions (needs `model_id`).
    #[serde(default)]
    pub access: Option<String>,
    pub params: GovernanceParams,
    /// The model's presale. When it fails or is cancelled the model can never have holders:
    /// `reclaim` then returns the model NFT and any coins the DAO holds to the presale's
    /// creator. Absent: no presale (the shares existed before the DAO).
    #[serde(default)]
    pub presale: Option<String>,
    /// Limits the params must stay within, at instantiate and in every later `update_config`
    /// (the launchpad passes its protocol-wide bounds). Absent: only the absolute limits of
    /// [`ParamBounds::ABSOLUTE`].
    #[serde(default)]
    pub bounds: Option<ParamBounds>,
}

/// The range a DAO's params must stay within. The governance contract always enforces
/// [`ParamBounds::ABSOLUTE`]; a launchpad passes tighter protocol-wide bounds to every DAO it
/// launches, and those hold for the DAO's whole life (its own `update_config` included).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct ParamBounds {
    pub min_voting_period_seconds: u64,
    pub max_voting_period_seconds: u64,
    pub min_timelock_seconds: u64,
    pub max_timelock_seconds: u64,
    /// Smallest quorum (share of the total power that must vote).
    pub min_quorum: Decimal,
    /// Smallest passing threshold (yes > threshold x (yes + no)); never below 0.5.
    pub min_threshold: Decimal,
}

/// What a proposal does when executed. Add variants here to give the DAO new typed powers.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum Action {
    /// Publish a new version of the model in the registry (the DAO owns the model NFT).
    PublishModelVersion {
        version: String,
        content_hash: String,
        uri: String,
        notes: Option<String>,
    },
    /// Pay a development milestone from the treasury (typically to the creator).
    ReleaseMilestone {
        recipient: String,
        amount: Coin,
        memo: String,
    },
    /// Send coins from the treasury.
    SpendTreasury {
        recipient: String,
        amount: Vec<Coin>,
    },
    /// Change the DAO's rules; open proposals keep the rules they started with.
    UpdateConfig { params: GovernanceParams },
    /// Add or change one of the model's pricing plans in the access contract.
    SetPricingPlan { plan: crate::access::PlanMsg },
    /// Retire a pricing plan; rights already bought keep working.
    RetirePricingPlan { plan_id: String },
    /// Let an inference gateway check access and meter calls of the model.
    ApproveGateway { gateway: String },
    /// Stop an inference gateway.
    RevokeGateway { gateway: String },
    /// Set the contributor royalty splits the shares contract pays first on every distribution.
    SetRoyaltySplits { splits: Vec<crate::revenue::Split> },
    /// Any other message, sent by the DAO.
    Custom(CosmosMsg),
}

#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(Copy)]
pub enum VoteOption {
    Yes,
    No,
    Abstain,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Open a proposal (attach the deposit, if the DAO requires one).
    Propose {
        /// 1 to 128 characters.
        title: String,
        /// Plain text, at most 4,096 characters.
        description: String,
        /// What the DAO does when the proposal passes, in order (at most `max_actions`).
        actions: Vec<Action>,
    },
    /// Vote once on an open proposal with the shares held at its start height.
    Vote { proposal_id: u64, vote: VoteOption },
    /// Execute a passed proposal after its timelock (anyone, once).
    Execute { proposal_id: u64 },
    /// Settle a rejected proposal's deposit (anyone).
    Close { proposal_id: u64 },
    /// Withdraw an open proposal nobody voted on yet (the proposer only); refunds the deposit.
    Cancel { proposal_id: u64 },
    /// Change the rules. Only the DAO itself may send it, through an `update_config` action.
    UpdateConfig { params: GovernanceParams },
    /// Internal: runs a proposal's actions atomically. Only the DAO itself may send it.
    ExecuteActions { proposal_id: u64 },
}

#[cw_serde]
#[derive(Copy)]
pub enum ProposalStatus {
    /// Accepting votes.
    Open,
    /// Passed; executable once the timelock is over.
    Passed,
    /// Rejected; `close` settles the deposit.
    Rejected,
    /// Executed; every action succeeded.
    Executed,
    /// Execution ran and an action failed; nothing of it was applied.
    ExecutionFailed,
    /// Rejected and settled.
    Closed,
    /// Withdrawn by the proposer before any vote.
    Cancelled,
}

#[cw_serde]
#[derive(Default)]
pub struct Tally {
    pub yes: Uint128,
    pub no: Uint128,
    pub abstain: Uint128,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// One proposal with its live status (a proposal whose period ended shows its outcome).
    #[returns(ProposalResponse)]
    Proposal { proposal_id: u64 },
    /// Proposals by id, oldest first (or newest first with `descending: true`), paginated.
    #[returns(ProposalsResponse)]
    Proposals {
        start_after: Option<u64>,
        limit: Option<u32>,
        descending: Option<bool>,
    },
    /// One voter's ballot on a proposal (`null` when they did not vote).
    #[returns(Option<BallotResponse>)]
    Vote { proposal_id: u64, voter: String },
    /// A proposal's ballots by voter address, paginated.
    #[returns(VotesResponse)]
    Votes {
        proposal_id: u64,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Number of proposals ever made.
    #[returns(u64)]
    ProposalCount {},
    /// The DAO treasury: the contract's native balances.
    #[returns(TreasuryResponse)]
    Treasury {},
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older governance version, keeping all state.
    Migrate {},
}

#[cw_serde]
pub struct ConfigResponse {
    pub shares: Addr,
    pub registry: Option<Addr>,
    pub model_id: Option<String>,
    pub access: Option<Addr>,
    pub params: GovernanceParams,
}

#[cw_serde]
pub struct ProposalResponse {
    pub id: u64,
    pub title: String,
    pub description: String,
    pub proposer: Addr,
    pub actions: Vec<Action>,
    pub status: ProposalStatus,
    /// Voting power is read at this height.
    pub start_height: u64,
    pub start_time: Timestamp,
    /// End of the voting period.
    pub expires_at: Timestamp,
    /// Total voting power at the start height.
    pub total_power: Uint128,
    pub quorum: Decimal,
    pub threshold: Decimal,
    pub tally: Tally,
    /// When it passed (early or at the end of the period).
    pub passed_at: Option<Timestamp>,
    /// When it can be executed (passed_at + timelock).
    pub executable_at: Option<Timestamp>,
    pub deposit: Option<Coin>,
    /// The error of a failed execution.
    pub execution_error: Option<String>,
}

#[cw_serde]
pub struct ProposalsResponse {
    pub proposals: Vec<ProposalResponse>,
}

#[cw_serde]
pub struct BallotResponse {
    pub voter: Addr,
    pub vote: VoteOption,
    pub power: Uint128,
}

#[cw_serde]
pub struct VotesResponse {
    pub votes: Vec<BallotResponse>,
}

#[cw_serde]
pub struct TreasuryResponse {
    pub balances: Vec<Coin>,
}
