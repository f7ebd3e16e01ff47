//! Modelfund model registry.
//!
//! One cw721 NFT per AI model. Built on the `cw721` 0.22 library (the engine of `cw721-base`):
//! ownership, approvals, operators, transfers and the standard queries are cw721's own code;
//! this contract adds model metadata, an append-only version log and cw2981-style royalties.
//! Message types live in the `modelfund` package (`modelfund::registry`).

mod collection;
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
