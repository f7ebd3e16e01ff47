//! Governance: one DAO per model. It owns the model NFT and holds the treasury; share holders
//! propose, vote with their shares at the proposal's start height, and execute typed actions
//! after a timelock.
//!
//! Rules, in short:
//! - voting power = the voter's shares at the start of the proposal's block (read from the
//!   shares contract's published checkpoints), so shares bought or received after a proposal
//!   starts cannot vote on it, and moving shares after voting cannot vote twice; the total power
//!   is read at the same height and frozen for the proposal's life;
//! - quorum: (yes + no + abstain) / total power at the start height >= `quorum`;
//!   threshold: yes > `threshold` x (yes + no) — abstain counts toward quorum only;
//! - early outcomes need quorum: a proposal passes early once quorum is reached and the power
//!   that has not voted cannot stop it, and is rejected early once quorum is reached and the
//!   power that has not voted cannot make it pass; otherwise it stays open until the end of the
//!   voting period (a minority "no" before quorum never ends the vote for everybody else);
//! - a passed proposal can be executed from `passed_at + timelock_seconds` (also after an early
//!   pass) until `passed_at + timelock_seconds + execution_window_seconds` (exclusive), once, by
//!   anyone; after that it is `expired` and can only be closed. All its actions run atomically:
//!   a failure applies none of them and is recorded as `execution_failed` with the failing
//!   action's index and kind;
//! - deposits are held apart from the treasury: actions can never spend them (spends, custom bank
//!   sends and burns included, beyond the free balance fail the execution; any other custom
//!   message is followed by a check that the deposits are still there) and `treasury` does not
//!   count them. Each deposit is settled
//!   exactly once: refunded when the proposal passed (at `execute`, even if execution then
//!   fails, or at `close` once it expired unexecuted), when it is rejected after reaching quorum
//!   (an honest "no"), and when the proposer cancels before any vote; forfeited to the treasury
//!   only when the proposal ends without reaching quorum (nobody cared enough to vote: the
//!   spam-class outcome);
//! - the params always stay within [`ParamBounds::ABSOLUTE`] and within the bounds the DAO was
//!   instantiated with (a launchpad passes protocol-wide ones), `update_config` included;
//! - if the model's presale failed or was cancelled the model can never have holders: anyone may
//!   `reclaim` the DAO's coins and the model NFT for the presale's creator.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Coin, CosmosMsg, Decimal, Timestamp, Uint128};

/// Hard ceiling on `max_actions`, so no proposal can grow too large to execute in one block.
pub const ABSOLUTE_MAX_ACTIONS: u32 = 20;
pub const MAX_TITLE_LEN: usize = 128;
pub const MAX_DESCRIPTION_LEN: usize = 4_096;
pub const MAX_MEMO_LEN: usize = 256;
/// A passed proposal stays executable this long after its timelock unless the params say
/// otherwise: 7 days.
pub const DEFAULT_EXECUTION_WINDOW_SECONDS: u64 = 7 * DAY;
/// Most denoms in which a DAO holds proposal deposits at once (the current deposit denom and
/// older ones of proposals still open): an `update_config` introducing one more is refused.
pub const MAX_DEPOSIT_DENOMS: usize = 3;
/// Most denoms one `reclaim` or `exit` may name.
pub const MAX_RECLAIM_DENOMS: usize = 10;

const DAY: u64 = 86_400;
const YEAR: u64 = 365 * DAY;

fn default_execution_window_seconds() -> u64 {
    DEFAULT_EXECUTION_WINDOW_SECONDS
}

fn default_min_execution_window_seconds() -> u64 {
    ParamBounds::ABSOLUTE.min_execution_window_seconds
}

fn default_max_execution_window_seconds() -> u64 {
    ParamBounds::ABSOLUTE.max_execution_window_seconds
}

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
    /// How long a passed proposal stays executable after its timelock; then it expires.
    /// Default 7 days.
    #[serde(default = "default_execution_window_seconds")]
    pub execution_window_seconds: u64,
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
    /// An optional guardian (e.g. the contributors' multisig) that may veto a passed proposal
    /// while it waits in its timelock. Fixed for the DAO's life. Absent: no veto.
    #[serde(default)]
    pub vetoer: Option<String>,
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
    /// Default: the absolute minimum, 60 s.
    #[serde(default = "default_min_execution_window_seconds")]
    pub min_execution_window_seconds: u64,
    /// Default: the absolute maximum, 365 days.
    #[serde(default = "default_max_execution_window_seconds")]
    pub max_execution_window_seconds: u64,
}

impl ParamBounds {
    /// The limits every DAO obeys: voting period 60 s to 365 days, timelock 1 s to 365 days,
    /// execution window 60 s to 365 days, quorum at least 1 % (at most 100 %), threshold from
    /// 50 % up to (not including) 100 %.
    pub const ABSOLUTE: ParamBounds = ParamBounds {
        min_voting_period_seconds: 60,
        max_voting_period_seconds: YEAR,
        min_timelock_seconds: 1,
        max_timelock_seconds: YEAR,
        min_quorum: Decimal::percent(1),
        min_threshold: Decimal::percent(50),
        min_execution_window_seconds: 60,
        max_execution_window_seconds: YEAR,
    };

    /// These bounds lie within [`ParamBounds::ABSOLUTE`] and each minimum is at most its
    /// maximum; the error names the first one that does not.
    pub fn validate(&self) -> Result<(), String> {
        let abs = &Self::ABSOLUTE;
        let ranges = [
            (
                "voting period",
                self.min_voting_period_seconds,
                self.max_voting_period_seconds,
                abs.min_voting_period_seconds,
                abs.max_voting_period_seconds,
            ),
            (
                "timelock",
                self.min_timelock_seconds,
                self.max_timelock_seconds,
                abs.min_timelock_seconds,
                abs.max_timelock_seconds,
            ),
            (
                "execution window",
                self.min_execution_window_seconds,
                self.max_execution_window_seconds,
                abs.min_execution_window_seconds,
                abs.max_execution_window_seconds,
            ),
        ];
        for (name, min, max, abs_min, abs_max) in ranges {
            if min < abs_min || max > abs_max || min > max {
                return Err(format!(
                    "{name} bounds must satisfy {abs_min} <= min <= max <= {abs_max} seconds"
                ));
            }
        }
        if self.min_quorum < abs.min_quorum || self.min_quorum > Decimal::one() {
            return Err(format!("min quorum must be in [{}, 1]", abs.min_quorum));
        }
        if self.min_threshold < abs.min_threshold || self.min_threshold >= Decimal::one() {
            return Err(format!(
                "min threshold must be in [{}, 1)",
                abs.min_threshold
            ));
        }
        Ok(())
    }

    /// `params` lie within these bounds (and within [`ParamBounds::ABSOLUTE`]): periods, quorum
    /// and threshold. The error says which one does not.
    pub fn check(&self, params: &GovernanceParams) -> Result<(), String> {
        for b in [self, &Self::ABSOLUTE] {
            let periods = [
                (
                    "voting period",
                    params.voting_period_seconds,
                    b.min_voting_period_seconds,
                    b.max_voting_period_seconds,
                ),
                (
                    "timelock",
                    params.timelock_seconds,
                    b.min_timelock_seconds,
                    b.max_timelock_seconds,
                ),
                (
                    "execution window",
                    params.execution_window_seconds,
                    b.min_execution_window_seconds,
                    b.max_execution_window_seconds,
                ),
            ];
            for (name, value, min, max) in periods {
                if value < min || value > max {
                    return Err(format!(
                        "{name} must be {min} to {max} seconds (got {value})"
                    ));
                }
            }
            if params.quorum < b.min_quorum || params.quorum > Decimal::one() {
                return Err(format!(
                    "quorum must be in [{}, 1] (got {})",
                    b.min_quorum, params.quorum
                ));
            }
            if params.threshold < b.min_threshold || params.threshold >= Decimal::one() {
                return Err(format!(
                    "threshold must be in [{}, 1) (got {})",
                    b.min_threshold, params.threshold
                ));
            }
        }
        Ok(())
    }
}

/// What a proposal does when executed. Add variants here to give the DAO new typed powers.
//
// Adding a typed action (the compiler finds every place but the first and the last; see
// docs/architecture.md, "Recipes"):
//  1. a variant here, with doc comments (they become the schema and docs/reference.md);
//  2. governance `validate.rs::validate_action`: what can be refused at propose;
//  3. governance `execution.rs::action_message` (the message and attributes) and `action_kind`;
//  4. governance `treasury.rs::spent` and `spends_unchecked`: what it pays out;
//  5. the stand-in it reaches in governance's test suite (`tests/suite.rs`), which matches its
//     messages exhaustively, and tests: happy path, each refusal at propose, the attributes;
//  6. `scripts/schema.sh`, `scripts/docs.sh`, `scripts/web.sh codegen`.
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
    /// Execute a passed proposal after its timelock and before its execution window ends
    /// (anyone, once); refunds its deposit.
    Execute { proposal_id: u64 },
    /// Settle a rejected or expired proposal's deposit (anyone): refunded after an expiry or a
    /// rejection that reached quorum, forfeited to the treasury when quorum was not reached.
    Close { proposal_id: u64 },
    /// Withdraw an open proposal nobody voted on yet (the proposer only); refunds the deposit.
    Cancel { proposal_id: u64 },
    /// Change the rules. Only the DAO itself may send it, through an `update_config` action.
    UpdateConfig { params: GovernanceParams },
    /// After the model's presale failed or was cancelled (so the model can never have holders):
    /// send the DAO's whole free balance of each listed denom, and the model NFT if the DAO still
    /// owns it, to the presale's creator. Anyone may call it.
    Reclaim {
        /// At most 10 distinct native denoms (may be empty to return only the NFT).
        denoms: Vec<String>,
    },
    /// Internal: runs a proposal's actions atomically, then, when a `custom` action other than a
    /// bank send or burn could spend beyond the checks of `execute`, checks that the held
    /// deposits are intact. With `upto`, a dry run of the steps `0..=upto` only (step `n` = the
    /// deposit check) used to find the failing action. Only the DAO itself may send it, during
    /// `execute`.
    ExecuteActions {
        proposal_id: u64,
        #[serde(default)]
        upto: Option<u32>,
    },
    /// Internal: succeeds exactly when the dry run of steps `0..=upto` fails, and reverts
    /// whatever the dry run did. Only the DAO itself may send it, during `execute`.
    ProbeActions { proposal_id: u64, upto: u32 },
    /// Internal: fails when the bank balance of a denom is below the deposits held in it (the
    /// last step of an execution with such a `custom` action). Only the DAO itself may send it.
    CheckDeposits {},
    /// Veto a passed proposal while it waits in its timelock (the DAO's vetoer only): it becomes
    /// `vetoed`, none of its actions will run, its deposit is refunded.
    Veto { proposal_id: u64 },
    /// Shares sent to the DAO with a [`ReceiveMsg`] hook (the shares contract's cw20 `send`):
    /// only the DAO's own shares contract may call it. The hook says what the shares are for:
    /// `exit`.
    Receive(cw20::Cw20ReceiveMsg),
}

/// The hook of a shares `send` to the DAO (`Cw20ReceiveMsg.msg`, base64 JSON).
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ReceiveMsg {
    /// Exit (ragequit) while `proposal_id`, passed and spending the treasury, waits in its
    /// timelock: the sent shares are burned and the sender receives the same fraction of the
    /// DAO's free balance of each listed denom (free = bank balance minus held proposal
    /// deposits), `free × shares / total shares`, rounded down. Only a holder who did not vote
    /// yes on the proposal, with at most the shares they held at its start height (minus what
    /// they already exited with against it). See `exit_quote`.
    Exit {
        proposal_id: u64,
        /// 1 to 10 distinct native denoms (the `treasury` query lists them); a denom left out
        /// stays in the treasury.
        denoms: Vec<String>,
    },
}

impl crate::validate::TakesFunds for ExecuteMsg {
    /// Only `propose` takes coins (the DAO's deposit, checked exactly by the handler).
    fn takes_funds(&self) -> bool {
        match self {
            ExecuteMsg::Propose { .. } => true,
            ExecuteMsg::Vote { .. }
            | ExecuteMsg::Execute { .. }
            | ExecuteMsg::Close { .. }
            | ExecuteMsg::Cancel { .. }
            | ExecuteMsg::UpdateConfig { .. }
            | ExecuteMsg::Reclaim { .. }
            | ExecuteMsg::ExecuteActions { .. }
            | ExecuteMsg::ProbeActions { .. }
            | ExecuteMsg::CheckDeposits {}
            | ExecuteMsg::Veto { .. }
            | ExecuteMsg::Receive(_) => false,
        }
    }
}

#[cw_serde]
#[derive(Copy)]
pub enum ProposalStatus {
    /// Accepting votes.
    Open,
    /// Passed; executable once the timelock is over, until the execution window ends.
    Passed,
    /// Rejected; `close` settles the deposit.
    Rejected,
    /// Executed; every action succeeded.
    Executed,
    /// Execution ran and an action failed; nothing of it was applied.
    ExecutionFailed,
    /// Rejected or expired, and settled (`deposit_status` says how).
    Closed,
    /// Withdrawn by the proposer before any vote.
    Cancelled,
    /// Passed but not executed before its execution window ended; `close` refunds the deposit.
    Expired,
    /// Passed, then vetoed by the DAO's vetoer during its timelock: nothing of it runs; the
    /// deposit is refunded.
    Vetoed,
}

/// The snake_case JSON name, e.g. in errors (see `modelfund::display`).
impl core::fmt::Display for ProposalStatus {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        crate::display::snake_case(self, f)
    }
}

/// What became of a proposal's deposit. Every deposit is settled exactly once.
#[cw_serde]
#[derive(Copy)]
pub enum DepositStatus {
    /// The DAO required no deposit.
    None,
    /// Held apart from the treasury until the proposal is settled.
    Held,
    /// Returned to the proposer.
    Refunded,
    /// Moved to the treasury (the proposal ended without reaching quorum).
    Forfeited,
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
    /// The DAO treasury: the balances proposals can spend, and the deposits held apart.
    #[returns(TreasuryResponse)]
    Treasury {},
    /// Proposals as in `proposals`, each with `voter`'s ballot on it (`null` where they did not
    /// vote): the DAO tab of one account in one query. Paginated like `proposals`.
    #[returns(ProposalsWithBallotResponse)]
    ProposalsWithBallot {
        voter: String,
        start_after: Option<u64>,
        limit: Option<u32>,
        descending: Option<bool>,
    },
    /// What `holder` would receive for exiting with `shares` against `proposal_id` now, or why
    /// they cannot (same checks and rounding as `exit`).
    #[returns(ExitQuoteResponse)]
    ExitQuote {
        proposal_id: u64,
        holder: String,
        shares: Uint128,
        denoms: Vec<String>,
    },
}

#[cw_serde]
pub struct ExitQuoteResponse {
    /// Whether an exit with these shares would be accepted now.
    pub allowed: bool,
    /// Why not (the error `exit` would return), when not allowed.
    pub reason: Option<String>,
    /// The most shares the holder may still exit with against this proposal.
    pub exitable: Uint128,
    /// What the exit pays, per denom (zero amounts left out); empty when not allowed.
    pub payout: Vec<Coin>,
    /// The end of the exit window (the proposal's timelock), when it passed.
    pub window_ends_at: Option<Timestamp>,
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
    /// The model's presale (for `reclaim`), if any.
    pub presale: Option<Addr>,
    /// The bounds every params change must respect.
    pub bounds: ParamBounds,
    /// The guardian that may veto passed proposals during their timelock, if any.
    pub vetoer: Option<Addr>,
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
    /// End of the execution window (exclusive): executable_at + execution window. From then
    /// on an unexecuted proposal is `expired`.
    pub executable_until: Option<Timestamp>,
    pub deposit: Option<Coin>,
    /// Held, refunded, forfeited, or none (no deposit).
    pub deposit_status: DepositStatus,
    /// The error of a failed execution.
    pub execution_error: Option<String>,
}

#[cw_serde]
pub struct ProposalsResponse {
    pub proposals: Vec<ProposalResponse>,
}

/// One proposal with one voter's ballot on it.
#[cw_serde]
pub struct ProposalWithBallot {
    /// The proposal, as `proposal` answers it.
    pub proposal: ProposalResponse,
    /// The voter's ballot; `None` when they did not vote on this proposal.
    pub ballot: Option<BallotResponse>,
}

/// `proposals_with_ballot` answer.
#[cw_serde]
pub struct ProposalsWithBallotResponse {
    /// The page of proposals, each with the voter's ballot.
    pub proposals: Vec<ProposalWithBallot>,
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
    /// What proposals can spend: the bank balances minus the held deposits.
    pub balances: Vec<Coin>,
    /// Deposits of unsettled proposals, held apart per denom (not spendable).
    pub deposits: Vec<Coin>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::from_json;

    fn params() -> GovernanceParams {
        GovernanceParams {
            voting_period_seconds: 3_600,
            quorum: Decimal::percent(20),
            threshold: Decimal::percent(50),
            timelock_seconds: 600,
            deposit: None,
            min_propose_power: Uint128::one(),
            max_actions: 5,
            execution_window_seconds: DEFAULT_EXECUTION_WINDOW_SECONDS,
        }
    }

    #[test]
    fn the_absolute_bounds_are_valid_and_hold_the_defaults() {
        ParamBounds::ABSOLUTE.validate().unwrap();
        ParamBounds::ABSOLUTE.check(&params()).unwrap();
    }

    #[test]
    fn bounds_outside_the_absolute_ones_or_inverted_are_refused() {
        type Edit = fn(&mut ParamBounds);
        let cases: [(&str, Edit); 9] = [
            ("voting period", |b| b.min_voting_period_seconds = 59),
            ("voting period", |b| b.max_voting_period_seconds = YEAR + 1),
            ("timelock", |b| b.min_timelock_seconds = 0),
            ("timelock", |b| {
                b.min_timelock_seconds = 100;
                b.max_timelock_seconds = 99
            }),
            ("execution window", |b| b.min_execution_window_seconds = 0),
            ("min quorum", |b| b.min_quorum = Decimal::permille(9)),
            ("min quorum", |b| b.min_quorum = Decimal::percent(101)),
            ("min threshold", |b| b.min_threshold = Decimal::percent(49)),
            ("min threshold", |b| b.min_threshold = Decimal::one()),
        ];
        for (name, edit) in cases {
            let mut b = ParamBounds::ABSOLUTE;
            edit(&mut b);
            let err = b.validate().unwrap_err();
            assert!(err.starts_with(name), "{name}: {err}");
        }
    }

    #[test]
    fn params_are_checked_against_the_bounds_and_the_absolute_ones() {
        let tight = ParamBounds {
            min_voting_period_seconds: 3_600,
            max_voting_period_seconds: 7 * DAY,
            min_timelock_seconds: 600,
            max_timelock_seconds: DAY,
            min_quorum: Decimal::percent(20),
            min_threshold: Decimal::percent(60),
            min_execution_window_seconds: DAY,
            max_execution_window_seconds: 30 * DAY,
        };
        let mut p = params();
        p.threshold = Decimal::percent(60);
        tight.check(&p).unwrap();
        type Edit = fn(&mut GovernanceParams);
        let cases: [(&str, Edit); 8] = [
            ("voting period", |p| p.voting_period_seconds = 3_599),
            ("voting period", |p| p.voting_period_seconds = 7 * DAY + 1),
            ("timelock", |p| p.timelock_seconds = 599),
            ("execution window", |p| p.execution_window_seconds = DAY - 1),
            ("quorum", |p| p.quorum = Decimal::percent(19)),
            ("quorum", |p| p.quorum = Decimal::percent(101)),
            ("threshold", |p| p.threshold = Decimal::percent(59)),
            ("threshold", |p| p.threshold = Decimal::one()),
        ];
        for (name, edit) in cases {
            let mut q = p.clone();
            edit(&mut q);
            let err = tight.check(&q).unwrap_err();
            assert!(err.starts_with(name), "{name}: {err}");
        }
        // the absolute bounds hold even when the DAO's own are looser (they cannot be, once
        // validated, but check does not rely on it)
        let mut loose = tight.clone();
        loose.min_timelock_seconds = 0;
        let mut q = p.clone();
        q.timelock_seconds = 0;
        assert!(loose.check(&q).unwrap_err().starts_with("timelock"));
    }

    #[test]
    fn launch_json_without_the_new_fields_still_parses() {
        let p: GovernanceParams = from_json(
            r#"{"voting_period_seconds":600,"quorum":"0.2","threshold":"0.5","timelock_seconds":60,
                "deposit":null,"min_propose_power":"1","max_actions":5}"#,
        )
        .unwrap();
        assert_eq!(p.execution_window_seconds, DEFAULT_EXECUTION_WINDOW_SECONDS);
        let b: ParamBounds = from_json(
            r#"{"min_voting_period_seconds":60,"max_voting_period_seconds":600,
                "min_timelock_seconds":1,"max_timelock_seconds":60,
                "min_quorum":"0.1","min_threshold":"0.5"}"#,
        )
        .unwrap();
        assert_eq!(b.min_execution_window_seconds, 60);
        assert_eq!(b.max_execution_window_seconds, YEAR);
    }
}
