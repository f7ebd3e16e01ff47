use cosmwasm_std::{StdError, Timestamp};
use cw721::error::Cw721ContractError;
use cw_utils::PaymentError;
use modelfund::validate::ValidationError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Cw721(#[from] Cw721ContractError),

    #[error(transparent)]
    Validation(#[from] ValidationError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Ownership(#[from] cw_ownable::OwnershipError),

    #[error("sender is not a minter of this registry")]
    NotMinter {},

    #[error("only the current owner of model {token_id} may do this")]
    NotModelOwner { token_id: String },

    #[error("model id {token_id} is already taken")]
    TokenIdTaken { token_id: String },

    #[error("model {token_id} not found")]
    ModelNotFound { token_id: String },

    #[error("model {token_id} was burned")]
    ModelBurned { token_id: String },

    #[error("model {token_id} already has a version labelled {version}")]
    DuplicateVersion { token_id: String, version: String },

    #[error("royalty share {share_bps} bps is over the cap of {max_bps} bps")]
    RoyaltyOverCap { share_bps: u16, max_bps: u16 },

    #[error(
        "royalty may rise by at most {max_raise_bps} bps per change ({from_bps} -> {to_bps} bps)"
    )]
    RoyaltyRaiseTooLarge {
        from_bps: u16,
        to_bps: u16,
        max_raise_bps: u16,
    },

    #[error("royalty was changed recently; next change allowed at {}", modelfund::display::time(.next_change_at))]
    RoyaltyChangeTooSoon { next_change_at: Timestamp },

    #[error("royalty is already set to these values")]
    RoyaltyUnchanged {},

    #[error("invalid royalty limits: {reason}")]
    InvalidRoyaltyLimits { reason: String },

    #[error("at most {max} additional minters")]
    TooManyMinters { max: u32 },

    #[error(transparent)]
    Migrate(#[from] modelfund::migrate::MigrateError),
}
