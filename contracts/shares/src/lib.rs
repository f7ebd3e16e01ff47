//! Modelfund shares.
//!
//! The co-ownership token of one model: a cw20 token (every cw20 message and query in cw20's
//! JSON shapes) whose balances and total supply are also kept per block height, so governance
//! counts votes at a proposal's start height (DAO DAO `voting_power_at_height` /
//! `total_power_at_height`) and shares bought after that height do not vote. Balance history is
//! kept as per-account voting-power checkpoints in a published storage layout
//! (`modelfund::shares::checkpoints`) that governance reads with raw queries; the total supply
//! is a height snapshot.
//!
//! Every balance change — transfer, send, mint, burn and their allowance variants — goes through
//! one function, [`state::move_balance`]. Allowance bookkeeping and marketing metadata use
//! cw20-base's storage keys and, where they touch no balance, its `library` helpers.
//! Revenue (payments from the access contract, royalties swept from bank sends) pays the
//! contributor splits first, then accrues pro-rata to the holders through a per-denom
//! accumulator that `move_balance` settles lazily; see [`revenue`].
//!
//! Message types live in the `modelfund` package (`modelfund::shares`).

pub mod contract;
pub mod error;
mod execute;
pub mod msg;
mod query;
pub mod revenue;
pub mod state;
mod validate;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
