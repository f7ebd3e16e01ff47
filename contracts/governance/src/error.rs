use cosmwasm_std::{StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use modelfund::governance::ProposalStatus;
use modelfund::presale::Phase;
use modelfund::validate::ValidationError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Validation(#[from] ValidationError),

    #[error(transparent)]
    Overflow(#[from] cosmwasm_std::OverflowError),

    #[error(transparent)]
    MultiplyRatio(#[from] cosmwasm_std::CheckedMultiplyRatioError),

    #[error(transparent)]
    Migrate(#[from] modelfund::migrate::MigrateError),

    #[error("invalid governance params: {reason}")]
    InvalidParams { reason: String },

    #[error("invalid param bounds: {reason}")]
    InvalidBounds { reason: String },

    #[error("invalid action {index}: {reason}")]
    InvalidAction { index: usize, reason: String },

    #[error("a proposal may carry at most {max} actions")]
    TooManyActions { max: u32 },

    #[error("proposing needs a deposit of exactly {expected}")]
    WrongDeposit { expected: String },

    #[error("proposing needs at least {required} voting power (you have {power})")]
    NotEnoughPowerToPropose { required: Uint128, power: Uint128 },

    #[error("there are no shares to vote with")]
    NoVotingPowerSupply {},

    #[error("proposal {id} not found")]
    ProposalNotFound { id: u64 },

    #[error("proposal {id} is not open for voting (it is {status})")]
    NotOpen { id: u64, status: ProposalStatus },

    #[error("this address already voted on proposal {id}")]
    AlreadyVoted { id: u64 },

    #[error("no voting power at the proposal's start height {height}")]
    NoVotingPower { height: u64 },

    #[error("proposal {id} cannot be executed: it is {status}")]
    NotPassed { id: u64, status: ProposalStatus },

    #[error("proposal {id} is in its timelock until {}", modelfund::display::time(.executable_at))]
    Timelocked { id: u64, executable_at: Timestamp },

    #[error(
        "proposal {id} cannot be closed: it is {status} (only rejected or expired ones close)"
    )]
    NotRejected { id: u64, status: ProposalStatus },

    #[error("only the proposer may cancel, and only before any vote")]
    CannotCancel {},

    #[error("only the DAO itself may do this, through a proposal")]
    Unauthorized {},

    #[error("this DAO has no model registry configured")]
    NoRegistry {},

    #[error("this DAO has no access contract configured")]
    NoAccess {},

    #[error(transparent)]
    Revenue(#[from] modelfund::revenue::RevenueError),

    #[error("the treasury has {free}{denom} free, the actions spend {requested}{denom}")]
    InsufficientTreasury {
        denom: String,
        free: Uint128,
        requested: Uint128,
    },

    #[error("proposal deposits are held in {max} denoms already: no other deposit denom until they settle")]
    TooManyDepositDenoms { max: usize },

    #[error("the actions spent held proposal deposits: {balance}{denom} left, {held}{denom} held")]
    DepositsSpent {
        denom: String,
        held: Uint128,
        balance: Uint128,
    },

    #[error("action {index} ({kind}) failed: {error}")]
    ActionFailed {
        index: usize,
        kind: String,
        error: String,
    },

    #[error("the actions spent held proposal deposits ({error})")]
    DepositCheckFailed { error: String },

    #[error("the deposit of proposal {id} is already settled")]
    DepositSettled { id: u64 },

    #[error("the dry run succeeded; reverted on purpose")]
    ProbePassed {},

    #[error("unknown reply id {id}")]
    UnknownReply { id: u64 },

    #[error("this DAO has no presale configured")]
    NoPresale {},

    #[error("the presale has not failed (it is {phase}); reclaim needs it failed or cancelled")]
    PresaleNotFailed { phase: Phase },

    #[error("invalid denoms: {reason}")]
    InvalidDenoms { reason: String },

    #[error("nothing to reclaim: no free balance in these denoms and no model NFT")]
    NothingToReclaim {},

    #[error("only the DAO's shares contract may send shares here")]
    NotShares {},

    #[error("an exit needs a positive number of shares")]
    ZeroExit {},

    #[error("an exit needs at least one denom")]
    NoExitDenoms {},

    #[error("proposal {id} is {status}: exits are open only while a passed proposal waits in its timelock")]
    ExitNotOpen { id: u64, status: ProposalStatus },

    #[error("the exit window of proposal {id} ended at {} (its timelock is over)", modelfund::display::time(.ends_at))]
    ExitWindowOver { id: u64, ends_at: Timestamp },

    #[error("proposal {id} does not spend the treasury: there is nothing to exit from")]
    NoTreasurySpend { id: u64 },

    #[error(
        "you voted yes on proposal {id}: only holders who did not vote yes may exit against it"
    )]
    VotedYes { id: u64 },

    #[error("you may exit with at most {exitable} shares against proposal {id} (the shares you held at its start height, minus earlier exits); {requested} requested")]
    ExitAboveStake {
        id: u64,
        exitable: Uint128,
        requested: Uint128,
    },

    #[error("this DAO has no vetoer, or you are not it")]
    NotVetoer {},

    #[error("proposal {id} is {status}: only a passed proposal in its timelock can be vetoed")]
    NotVetoable { id: u64, status: ProposalStatus },

    #[error("the timelock of proposal {id} ended at {}: too late to veto", modelfund::display::time(.ends_at))]
    VetoWindowOver { id: u64, ends_at: Timestamp },

    #[error("this exit would pay nothing: no free balance in these denoms for {shares} shares")]
    ExitPaysNothing { shares: Uint128 },
}
