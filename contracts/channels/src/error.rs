use cosmwasm_std::{Timestamp, Uint128};
use cw_utils::PaymentError;
use modelfund::validate::ValidationError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] cosmwasm_std::StdError),

    #[error(transparent)]
    Validation(#[from] ValidationError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Migrate(#[from] modelfund::migrate::MigrateError),

    #[error("invalid {field}: {reason}")]
    InvalidConfig { field: String, reason: String },

    #[error("access does not know model {model_id}")]
    ModelNotRegistered { model_id: String },

    #[error("model {model_id} is not on sale yet: its presale has not succeeded")]
    SalesNotOpen { model_id: String },

    #[error("model {model_id} is closed for sales: its presale failed or was cancelled")]
    SalesClosed { model_id: String },

    #[error("model {model_id} has no plan {plan_id}")]
    PlanNotFound { model_id: String, plan_id: String },

    #[error("plan {plan_id} is retired")]
    PlanRetired { plan_id: String },

    #[error("plan {plan_id} is not a metered plan")]
    NotMeteredPlan { plan_id: String },

    #[error(
        "plan {plan_id} changed since the channel opened: open a new channel at the new terms"
    )]
    PlanChanged { plan_id: String },

    #[error("gateway {gateway} is not approved for model {model_id}")]
    GatewayNotApproved { model_id: String, gateway: String },

    #[error("invalid voucher key: {reason}")]
    InvalidVoucherKey { reason: String },

    #[error("invalid expires_at: {reason}")]
    InvalidExpiry { reason: String },

    #[error("wrong deposit: send one non-zero coin of {denom} (received {received})")]
    WrongDeposit { denom: String, received: String },

    #[error("channel {channel_id} not found")]
    ChannelNotFound { channel_id: u64 },

    #[error("only the user of channel {channel_id} may do this")]
    NotChannelUser { channel_id: u64 },

    #[error("channel {channel_id} belongs to another gateway")]
    NotChannelGateway { channel_id: u64 },

    #[error("channel {channel_id} is closed")]
    ChannelClosed { channel_id: u64 },

    #[error("channel {channel_id} expired at {expires_at}: extend it first")]
    ChannelExpired {
        channel_id: u64,
        expires_at: Timestamp,
    },

    #[error("the claim window of channel {channel_id} ended at {deadline}")]
    ClaimWindowOver {
        channel_id: u64,
        deadline: Timestamp,
    },

    #[error(
        "channel {channel_id} can be closed from {closable_at} on (or once its gateway is revoked)"
    )]
    CloseTooEarly {
        channel_id: u64,
        closable_at: Timestamp,
    },

    #[error("voucher of {amount} on channel {channel_id} exceeds its deposit ({deposit})")]
    AmountAboveDeposit {
        channel_id: u64,
        amount: Uint128,
        deposit: Uint128,
    },

    #[error("the voucher signature on channel {channel_id} does not verify")]
    InvalidSignature { channel_id: u64 },

    #[error("a claim needs at least one voucher")]
    NoVouchers {},

    #[error("at most {max} vouchers per claim")]
    TooManyVouchers { max: u32 },

    #[error("arithmetic overflow in {what}")]
    Overflow { what: String },
}
