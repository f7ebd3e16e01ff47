use cosmwasm_std::{OverflowError, StdError, Uint128};
use cw_utils::PaymentError;
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error("unauthorized")]
    Unauthorized {},

    #[error("amount must not be zero")]
    InvalidZeroAmount {},

    #[error("cannot move tokens from an account to itself")]
    CannotTransferToSelf {},

    #[error("insufficient balance: {balance} available, {amount} needed")]
    InsufficientFunds { balance: Uint128, amount: Uint128 },

    #[error(
        "{locked} of these shares are still vesting: {unlocked} can move now, {amount} requested"
    )]
    Locked {
        locked: Uint128,
        unlocked: Uint128,
        amount: Uint128,
    },

    #[error("invalid vesting: {reason}")]
    InvalidVesting { reason: String },

    #[error("this account already has a vesting schedule")]
    VestingExists {},

    #[error("cannot set an allowance on your own account")]
    CannotSetOwnAccount {},

    #[error("no allowance for this account")]
    NoAllowance {},

    #[error("allowance is expired")]
    Expired {},

    #[error("allowance too small: {allowance} left, {amount} needed")]
    InsufficientAllowance { allowance: Uint128, amount: Uint128 },

    #[error("expiration is already past")]
    InvalidExpiration {},

    #[error("minting cannot exceed the cap")]
    CannotExceedCap {},

    #[error("initial supply {supply} is greater than the cap {cap}")]
    InitialSupplyOverCap { supply: Uint128, cap: Uint128 },

    #[error("name must be 3 to 50 bytes")]
    InvalidName {},

    #[error("symbol must be 3 to 12 characters of [a-zA-Z-]")]
    InvalidSymbol {},

    #[error("decimals must not exceed {max}")]
    InvalidDecimals { max: u8 },

    #[error("at most {max} initial balances")]
    TooManyInitialBalances { max: usize },

    #[error("duplicate initial balance addresses")]
    DuplicateInitialBalanceAddresses {},

    #[error("logo binary data exceeds the 5 KB limit")]
    LogoTooBig {},

    #[error("invalid xml preamble for SVG")]
    InvalidXmlPreamble {},

    #[error("invalid png header")]
    InvalidPngHeader {},

    #[error(transparent)]
    Migrate(#[from] modelfund::migrate::MigrateError),

    #[error(transparent)]
    Revenue(#[from] modelfund::revenue::RevenueError),

    #[error("{denom} is not an accepted revenue denom")]
    NotRevenueDenom { denom: String },

    #[error("no new {denom} to sweep")]
    NothingToSweep { denom: String },

    #[error("no revenue to claim")]
    NothingToClaim {},

    #[error("revenue denom {denom} cannot be removed")]
    RevenueDenomRemoved { denom: String },

    #[error("nobody holds shares yet: revenue would belong to nobody")]
    NoHolders {},

    #[error("the shares contract cannot hold its own shares")]
    CannotHoldOwnShares {},

    #[error("the escrow was already minted")]
    EscrowExists {},

    #[error("no shares were minted into escrow")]
    NoEscrow {},

    #[error("only {escrowed} shares are in escrow, {amount} asked")]
    InsufficientEscrow { escrowed: Uint128, amount: Uint128 },

    #[error("{recipient} already received its escrowed shares")]
    AlreadyReleased { recipient: String },

    #[error("these shares have no DAO: no revenue admin is set")]
    NoDao {},

    #[error("the vote already goes through {delegate}")]
    DelegationUnchanged { delegate: String },

    #[error("cannot delegate to the shares contract: it never votes")]
    CannotDelegateToContract {},
}

/// The cw20-base helpers this contract reuses (marketing update) report cw20-base errors; they
/// map onto the variants above so callers see one error type.
impl From<cw20_base::ContractError> for ContractError {
    #[allow(deprecated)]
    fn from(err: cw20_base::ContractError) -> Self {
        use cw20_base::ContractError as Base;
        match err {
            Base::Std(e) => Self::Std(e),
            Base::Unauthorized {} => Self::Unauthorized {},
            Base::CannotSetOwnAccount {} => Self::CannotSetOwnAccount {},
            Base::InvalidZeroAmount {} => Self::InvalidZeroAmount {},
            Base::Expired {} => Self::Expired {},
            Base::NoAllowance {} => Self::NoAllowance {},
            Base::CannotExceedCap {} => Self::CannotExceedCap {},
            Base::LogoTooBig {} => Self::LogoTooBig {},
            Base::InvalidXmlPreamble {} => Self::InvalidXmlPreamble {},
            Base::InvalidPngHeader {} => Self::InvalidPngHeader {},
            Base::InvalidExpiration {} => Self::InvalidExpiration {},
            Base::DuplicateInitialBalanceAddresses {} => Self::DuplicateInitialBalanceAddresses {},
        }
    }
}
