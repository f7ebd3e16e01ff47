//! Modelfund access.
//!
//! One contract serving every model: pricing plans set by each model's DAO, credit packs,
//! leases as transferable cw721 license NFTs, inference gateways approved by the DAO and granted
//! by users, and on-chain metering (`consume`) with replay protection per gateway. Every payment
//! is forwarded in the same transaction to the model's shares contract as `distribute {}`; the
//! contract never holds funds.
//!
//! Licenses are cw721 tokens built on the `cw721` 0.22 library: ownership, approvals, operators,
//! transfers and the standard queries are cw721's own code and storage; the license content
//! (model, expiry, calls left, terms) is this contract's map keyed by token id.
//! Message types live in the `modelfund` package (`modelfund::access`).
//!
//! A model registered with its presale (by the launchpad) sells nothing until that presale has
//! succeeded and nothing ever after it failed or was cancelled. The `access` query reads the
//! `USABLE_LEASES` index (licenses with calls left, by expiry) from the current time upward, so
//! it finds a valid lease in a bounded number of reads.

mod collection;
pub mod contract;
pub mod error;
mod execute;
mod model;
pub mod msg;
mod query;
pub mod state;
mod validate;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
