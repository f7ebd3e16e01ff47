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
}
