use cosmwasm_std::{StdError, Timestamp, Uint128};
use cw_utils::PaymentError;
use modelfund::governance::ProposalStatus;
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
    Migrate(#[from] modelfund::migrate::MigrateError),

    #[error("invalid governance params: {reason}")]
    InvalidParams { reason: String },

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

    #[error("proposal {id} is not open for voting (it is {status:?})")]
    NotOpen { id: u64, status: ProposalStatus },

    #[error("this address already voted on proposal {id}")]
    AlreadyVoted { id: u64 },

    #[error("no voting power at the proposal's start height {height}")]
    NoVotingPower { height: u64 },

    #[error("proposal {id} cannot be executed: it is {status:?}")]
    NotPassed { id: u64, status: ProposalStatus },

    #[error("proposal {id} is in its timelock until {executable_at}")]
    Timelocked { id: u64, executable_at: Timestamp },

    #[error("proposal {id} cannot be closed: it is {status:?}")]
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
}
