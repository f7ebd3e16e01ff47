use cosmwasm_std::StdError;
use cw_utils::PaymentError;
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
    Instantiate2(#[from] cosmwasm_std::Instantiate2AddressError),

    #[error(transparent)]
    Migrate(#[from] modelfund::migrate::MigrateError),

    #[error("only the launchpad owner may do this")]
    Unauthorized {},

    #[error("invalid launchpad config: {reason}")]
    InvalidConfig { reason: String },

    #[error("model {model_id} was already launched")]
    ModelExists { model_id: String },

    #[error("model {model_id} was not launched here")]
    ModelNotFound { model_id: String },

    #[error("launching needs a fee of exactly {expected}")]
    WrongFee { expected: String },

    #[error("no {kind} contract at its predicted address {address}: this chain derives instantiate2 addresses differently")]
    AddressMismatch { kind: String, address: String },

    #[error("unknown reply id {id}")]
    UnknownReply { id: u64 },

    #[error("{kind} code {code_id} not found on the chain")]
    CodeNotFound { kind: String, code_id: u64 },

    #[error("invalid launch bounds: {field} {reason}")]
    InvalidBounds { field: String, reason: String },

    #[error("{field} is {value}, below the protocol's minimum {min}")]
    BelowMin {
        field: String,
        value: String,
        min: String,
    },

    #[error("{field} is {value}, above the protocol's maximum {max}")]
    AboveMax {
        field: String,
        value: String,
        max: String,
    },

    #[error("presale.creator_allocation {allocation} is more than {max_bps} bps of the supply at the soft cap ({supply} share units)")]
    CreatorAllocationTooLarge {
        allocation: String,
        supply: String,
        max_bps: u16,
    },

    #[error("governance.quorum {quorum} must exceed the creator's largest share of the supply ({creator_fraction}), so the creator alone can never reach quorum")]
    QuorumReachableByCreator {
        quorum: String,
        creator_fraction: String,
    },

    #[error("model id {model_id} is reserved by {holder} until {expires_at}")]
    ModelIdReserved {
        model_id: String,
        holder: String,
        expires_at: String,
    },

    #[error("model id {model_id} has no reservation")]
    NoReservation { model_id: String },

    #[error("only the holder of the reservation of {model_id} may release it")]
    NotReservationHolder { model_id: String },

    #[error("invalid commitment: {reason}")]
    InvalidCommitment { reason: String },

    #[error("this commitment was already made and is waiting for its reveal")]
    CommitmentExists {},

    #[error("at most {max} unrevealed commitments per address")]
    TooManyCommitments { max: u32 },

    #[error("no commitment of the sender matches sha256(\"<sender>/{model_id}/<nonce>\")")]
    CommitmentNotFound { model_id: String },

    #[error("the commitment was made in block {height}: reveal it in a later block")]
    CommitmentTooRecent { height: u64 },

    #[error("the commitment expired at {expired_at}; commit again")]
    CommitmentExpired { expired_at: String },

    #[error("arithmetic overflow in {what}")]
    Overflow { what: String },
}
