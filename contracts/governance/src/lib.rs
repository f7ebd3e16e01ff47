//! Modelfund governance: one DAO per model.
//!
//! Share holders propose and vote with the shares they held at the proposal's start height
//! (read from the shares contract's published checkpoints with raw queries), a passed proposal
//! waits out a timelock and then executes its typed actions atomically. The DAO owns the model
//! NFT and holds the treasury. Message types live in `modelfund::governance`.

pub mod contract;
pub mod error;
mod execute;
mod execution;
mod exit;
pub mod msg;
mod proposal;
mod query;
pub mod state;
mod treasury;
mod validate;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
