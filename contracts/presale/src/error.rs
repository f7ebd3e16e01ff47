use cosmwasm_std::{Coin, StdError, Timestamp};
use cw_utils::PaymentError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Overflow(#[from] cosmwasm_std::OverflowError),

    #[error("invalid presale config: {reason}")]
    InvalidConfig { reason: String },

    #[error("the presale has not started yet; it opens at {}", modelfund::display::time(.start))]
    NotStarted { start: Timestamp },

    #[error("the presale has ended")]
    Ended {},

    #[error("the presale is closed ({reason})")]
    Closed { reason: String },

    #[error("the hard cap is reached")]
    HardCapReached {},

    #[error("this address already contributed its maximum of {max}")]
    MaxPerAddressReached { max: Coin },

    #[error("contribution below the minimum of {min} per address")]
    BelowMinimum { min: Coin },

    #[error("the presale is not the minter of its shares contract yet")]
    NotSharesMinter {},

    #[error("the presale cannot be finalized before {} unless the hard cap is reached", modelfund::display::time(.end))]
    FinalizeTooEarly { end: Timestamp },

    #[error("the presale is already settled")]
    AlreadySettled {},

    #[error("claims are open only after a successful presale")]
    ClaimNotOpen {},

    #[error("refunds are open only after a failed or cancelled presale")]
    RefundNotOpen {},

    #[error("no contribution from this address")]
    NoContribution {},

    #[error("shares already claimed")]
    AlreadyClaimed {},

    #[error("contribution already refunded")]
    AlreadyRefunded {},

    #[error("only the creator may cancel the presale")]
    NotCreator {},

    #[error(transparent)]
    Allowlist(#[from] modelfund::allowlist::AllowlistError),

    #[error("this presale has an allowlist: contribute with your cap and its proof")]
    ProofRequired {},

    #[error("this presale has no allowlist: contribute without a proof or cap")]
    NoAllowlist {},

    #[error("this address and cap are not on the presale's allowlist")]
    NotAllowlisted {},

    #[error("this address already contributed its allowlist cap of {cap}")]
    AllowlistCapReached { cap: Coin },

    #[error("the amount to withdraw must be positive")]
    ZeroWithdrawal {},

    #[error("cannot withdraw more than the contribution of {contribution}")]
    WithdrawTooMuch { contribution: Coin },

    #[error("what stays after a withdrawal must be nothing or at least the minimum of {min} per address")]
    WithdrawBelowMinimum { min: Coin },

    #[error("the goal of {soft_cap} is reached: contributions can no longer be withdrawn")]
    GoalReached { soft_cap: Coin },

    #[error("the presale is {phase}: refund returns the whole contribution")]
    UseRefund { phase: modelfund::presale::Phase },

    #[error(transparent)]
    Migrate(#[from] modelfund::migrate::MigrateError),
}
