//! Modelfund channels.
//!
//! Payment channels for metered model calls. A user deposits coins for one gateway on a model's
//! metered plan and signs vouchers over the cumulative amount it owes with a session key; the
//! gateway settles any number of channels in one `claim`, which verifies each voucher with
//! `secp256k1_verify` and forwards the new amounts to the models' shares contracts as
//! `distribute {}` in the same transaction. After the expiry plus a grace period the user closes
//! the channel and gets back what was never claimed.
//!
//! Models, metered plans and gateway approvals live in access: `open` asks access for the model
//! (sales open?) and the plan (smart queries) and copies the terms; gateway approvals are read
//! raw (`modelfund::access::raw`), once per model in a claim. Message types and the voucher byte
//! layout live in the `modelfund` package (`modelfund::channels`); docs/channels.md explains the
//! design.

pub mod contract;
pub mod error;
mod execute;
pub mod msg;
mod query;
pub mod state;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
