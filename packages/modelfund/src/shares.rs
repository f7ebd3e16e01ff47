//! The share token of a model: a cw20 token of fractional co-ownership whose balances and total
//! supply are also kept per block height, so governance can count votes at a proposal's start
//! height (DAO DAO `voting_power_at_height` / `total_power_at_height`).
//!
//! Every cw20 message and query keeps the `cw20` crate's JSON shape (`{"transfer":{"recipient",
//! "amount"}}`, `{"balance":{"address"}}` → `{"balance":"..."}`, ...), so wallets, explorers and
//! DEXes that speak cw20 work unchanged. The Modelfund additions are the height queries.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Binary, Uint128};
use cw20::{Cw20Coin, Expiration, Logo, MinterResponse};

/// Most entries accepted in `initial_balances` (instantiate stays bounded).
pub const MAX_INITIAL_BALANCES: usize = 50;
/// Most decimals a share token may have.
pub const MAX_DECIMALS: u8 = 18;
/// Page size of `all_accounts`, `all_allowances` and `all_spender_allowances` when no limit is
/// given (the cw20-base values).
pub const DEFAULT_LIMIT: u32 = 10;
/// Largest page of `all_accounts`, `all_allowances` and `all_spender_allowances`.
pub const MAX_LIMIT: u32 = 30;

/// Marketing metadata given at instantiate (the cw20-base shape).
#[cw_serde]
pub struct InstantiateMarketingInfo {
    /// A URL pointing to the project behind this token.
    pub project: Option<String>,
    /// A longer description of the token and its utility.
    pub description: Option<String>,
    /// Who may update the marketing metadata and the logo.
    pub marketing: Option<String>,
    /// A logo URL, or an embedded SVG / PNG of at most 5 KB.
    pub logo: Option<Logo>,
}

#[cw_serde]
pub struct InstantiateMsg {
    /// Token name: 3 to 50 bytes.
    pub name: String,
    /// Ticker: 3 to 12 characters of `[a-zA-Z-]`.
    pub symbol: String,
    /// Decimal places shown by clients, at most 18.
    pub decimals: u8,
    /// Starting balances: at most 50 entries, distinct addresses, non-zero amounts.
    pub initial_balances: Vec<Cw20Coin>,
    /// Who may mint, and the optional hard cap on the total supply.
    pub mint: Option<MinterResponse>,
    /// Optional marketing metadata and logo.
    pub marketing: Option<InstantiateMarketingInfo>,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// cw20: move `amount` from the sender to `recipient` (not to the sender itself).
    Transfer { recipient: String, amount: Uint128 },
    /// cw20: destroy `amount` of the sender's tokens (lowers the total supply).
    Burn { amount: Uint128 },
    /// cw20: move `amount` to `contract` and call its `receive` hook with a `Cw20ReceiveMsg`.
    Send {
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// cw20: let `spender` move `amount` more of the sender's tokens. `expires`, when given,
    /// replaces the allowance's expiration and must not be past already; an expired allowance
    /// is only raised together with a new expiration.
    IncreaseAllowance {
        spender: String,
        amount: Uint128,
        expires: Option<Expiration>,
    },
    /// cw20: lower `spender`'s allowance by `amount` (removed when it reaches zero). `expires`,
    /// when given, replaces the expiration and must not be past already.
    DecreaseAllowance {
        spender: String,
        amount: Uint128,
        expires: Option<Expiration>,
    },
    /// cw20: move `amount` from `owner` to `recipient` using the sender's allowance.
    TransferFrom {
        owner: String,
        recipient: String,
        amount: Uint128,
    },
    /// cw20: move `amount` from `owner` to `contract` using the sender's allowance and call the
    /// contract's `receive` hook.
    SendFrom {
        owner: String,
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// cw20: destroy `amount` of `owner`'s tokens using the sender's allowance.
    BurnFrom { owner: String, amount: Uint128 },
    /// cw20: create `amount` new tokens for `recipient`. Minter only, never above the cap.
    Mint { recipient: String, amount: Uint128 },
    /// cw20: hand the minter role to `new_minter` (the cap stays); `None` removes it forever.
    /// Minter only.
    UpdateMinter { new_minter: Option<String> },
    /// cw20: update the marketing metadata. Marketing address only. `None` leaves a field
    /// unchanged, `Some("")` clears it.
    UpdateMarketing {
        /// A URL pointing to the project behind this token.
        project: Option<String>,
        /// A longer description of the token and its utility.
        description: Option<String>,
        /// The address allowed to update the marketing metadata.
        marketing: Option<String>,
    },
    /// cw20: set the logo (URL, or SVG / PNG of at most 5 KB). Marketing address only.
    UploadLogo(Logo),
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// cw20: current balance of `address` (0 if unknown).
    #[returns(cw20::BalanceResponse)]
    Balance { address: String },
    /// cw20: name, symbol, decimals and current total supply.
    #[returns(cw20::TokenInfoResponse)]
    TokenInfo {},
    /// cw20: the minter and the supply cap; `null` when minting is disabled.
    #[returns(Option<MinterResponse>)]
    Minter {},
    /// cw20: how much `spender` may still move from `owner`, and until when.
    #[returns(cw20::AllowanceResponse)]
    Allowance { owner: String, spender: String },
    /// cw20: allowances granted by `owner`, paginated by spender address.
    #[returns(cw20::AllAllowancesResponse)]
    AllAllowances {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw20: allowances granted to `spender`, paginated by owner address.
    #[returns(cw20::AllSpenderAllowancesResponse)]
    AllSpenderAllowances {
        spender: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw20: every address that ever held a balance, paginated.
    #[returns(cw20::AllAccountsResponse)]
    AllAccounts {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw20: project, description, marketing address and logo info.
    #[returns(cw20::MarketingInfoResponse)]
    MarketingInfo {},
    /// cw20: the embedded logo (fails when the logo is a URL or unset).
    #[returns(cw20::DownloadLogoResponse)]
    DownloadLogo {},
    /// Balance of `address` at the start of block `height`: changes made in block `height`
    /// count only from `height + 1` on. A height above the current one answers the current
    /// balance, which may still change.
    #[returns(cw20::BalanceResponse)]
    BalanceAtHeight { address: String, height: u64 },
    /// Total supply at the start of block `height`.
    #[returns(TotalSupplyResponse)]
    TotalSupplyAtHeight { height: u64 },
    /// DAO DAO voting module: balance of `address` at `height` (current balance when `None`).
    #[returns(VotingPowerAtHeightResponse)]
    VotingPowerAtHeight {
        address: String,
        height: Option<u64>,
    },
    /// DAO DAO voting module: total supply at `height` (current supply when `None`).
    #[returns(TotalPowerAtHeightResponse)]
    TotalPowerAtHeight { height: Option<u64> },
}

#[cw_serde]
pub enum MigrateMsg {
    /// Migrate from an older shares version, keeping all state.
    Migrate {},
}

/// `total_supply_at_height` answer.
#[cw_serde]
pub struct TotalSupplyResponse {
    pub total_supply: Uint128,
}

/// DAO DAO `voting_power_at_height` answer.
#[cw_serde]
pub struct VotingPowerAtHeightResponse {
    pub power: Uint128,
    /// The height the power was read at (the current block height when none was asked).
    pub height: u64,
}

/// DAO DAO `total_power_at_height` answer.
#[cw_serde]
pub struct TotalPowerAtHeightResponse {
    pub power: Uint128,
    /// The height the power was read at (the current block height when none was asked).
    pub height: u64,
}
