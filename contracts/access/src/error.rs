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
    Migrate(#[from] modelfund::migrate::MigrateError),

    #[error("only the access admin may do this")]
    NotAdmin {},

    #[error("only the DAO of model {model_id} (the model NFT's owner) may do this")]
    NotModelDao { model_id: String },

    #[error("only the DAO of model {model_id} or a registrar may register it")]
    NotRegistrar { model_id: String },

    #[error("model {model_id} is already registered; only its DAO may update it")]
    AlreadyRegistered { model_id: String },

    #[error("the registry does not know model {model_id}")]
    ModelNotInRegistry { model_id: String },

    #[error("model {model_id} is not registered")]
    ModelNotRegistered { model_id: String },

    #[error("{address} is already a registrar")]
    RegistrarExists { address: String },

    #[error("{address} is not a registrar")]
    RegistrarNotFound { address: String },

    #[error("at most {max} registrars")]
    TooManyRegistrars { max: u32 },

    #[error("model {model_id} has no plan {plan_id}")]
    PlanNotFound { model_id: String, plan_id: String },

    #[error("plan {plan_id} is retired")]
    PlanRetired { plan_id: String },

    #[error("at most {max} active plans per model")]
    TooManyPlans { max: u32 },

    #[error("plan {plan_id} is not a {expected} plan")]
    WrongPlanKind { plan_id: String, expected: String },

    #[error(
        "plan {plan_id} is metered: pay for it through a payment channel (the channels contract)"
    )]
    MeteredPlan { plan_id: String },

    #[error("invalid plan: {reason}")]
    InvalidPlan { reason: String },

    #[error("the model's shares contract {shares} does not accept {denom} as revenue, so nobody could buy this plan")]
    DenomNotAccepted { denom: String, shares: String },

    #[error("{shares} did not answer as a Modelfund shares contract (revenue_config)")]
    NotShares { shares: String },

    #[error("{field} must be greater than zero")]
    Zero { field: String },

    #[error("wrong payment: send exactly {expected} (received {received})")]
    WrongPayment { expected: String, received: String },

    #[error("gateway {gateway} is already approved for model {model_id}")]
    GatewayAlreadyApproved { model_id: String, gateway: String },

    #[error("gateway {gateway} is not approved for model {model_id}")]
    GatewayNotApproved { model_id: String, gateway: String },

    #[error("{user} has no grant for gateway {gateway} on model {model_id}")]
    NoGrant {
        model_id: String,
        user: String,
        gateway: String,
    },

    #[error("{requested} calls exceed the user's grant to this gateway ({granted} left)")]
    OverGrant { granted: u64, requested: u64 },

    #[error("{requested} calls exceed the user's credits ({available})")]
    InsufficientCredits { available: u64, requested: u64 },

    #[error("{requested} calls exceed the calls left on license {license_id} ({left})")]
    InsufficientLeaseCalls {
        license_id: String,
        left: u64,
        requested: u64,
    },

    #[error("a session key must be a {expected}-byte compressed secp256k1 public key (starting with 02 or 03)")]
    InvalidSessionKey { expected: usize },

    #[error("a batch meters 1 to {max} usages, not {got}")]
    BatchSize { max: u32, got: u64 },

    #[error("request id {request_id} was already used by this gateway")]
    RequestReplayed { request_id: String },

    #[error("license {license_id} not found")]
    LicenseNotFound { license_id: String },

    #[error("license {license_id} is not held by {user}")]
    LicenseNotOwned { license_id: String, user: String },

    #[error("license {license_id} is not for model {model_id}")]
    LicenseWrongModel {
        license_id: String,
        model_id: String,
    },

    #[error("license {license_id} expired at {}", modelfund::display::time(.expired_at))]
    LicenseExpired {
        license_id: String,
        expired_at: Timestamp,
    },

    #[error("model {model_id} is not on sale yet: its presale has not succeeded")]
    SalesNotOpen { model_id: String },

    #[error("model {model_id} is closed for sales: its presale failed or was cancelled")]
    SalesClosed { model_id: String },

    #[error("the presale of model {model_id} is fixed at its first registration (by a registrar); leave it out")]
    PresaleFixed { model_id: String },

    #[error("{presale} did not answer as a Modelfund presale (state)")]
    PresaleQueryFailed { presale: String },

    #[error("arithmetic overflow in {what}")]
    Overflow { what: String },
}
