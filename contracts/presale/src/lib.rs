//! Modelfund presale: one all-or-nothing crowdfunding campaign per model.
//!
//! Backers contribute native coins in a time window; on success the funds go to the model's
//! DAO treasury and backers claim shares (minted by this contract, the shares token's minter);
//! on failure or cancel they refund. An optional merkle allowlist limits who contributes and how
//! much; below the goal backers may withdraw. Message types live in `modelfund::presale`.

mod allowlist;
pub mod contract;
pub mod error;
mod execute;
pub mod msg;
mod query;
pub mod state;
mod validate;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
