//! Modelfund launchpad: launches a tokenized model in one transaction and keeps the model index.
//!
//! `launch` instantiates the model's shares, governance (the DAO) and presale contracts, mints
//! the model NFT to the DAO, registers the model and its initial plans in access, records the
//! launch and forwards the optional launch fee. Message types live in `modelfund::launchpad`.
//!
//! ## Why instantiate2 (and not replies)
//!
//! The three contracts point at each other: the shares' minter is the presale and its revenue
//! admin the DAO; the presale's treasury is the DAO and it mints the shares; the DAO votes with
//! the shares. With `instantiate2` every address is computed before anything is instantiated —
//! `instantiate2_address(checksum, launchpad, salt)` with the code's checksum from the chain's
//! `code_info` and `salt = sha256("modelfund/<kind>/<model_id>")` — so each contract is
//! instantiated once with its final configuration: no reply chain, no temporary minter, no
//! `update_minter` / admin hand-over step that could be forgotten or front-run. The addresses
//! are also known off-chain before the launch (query `predict_addresses`). A model id is never
//! reused, so the salts never repeat. Needs `cosmwasm_1_2` on the chain (wasmd ≥ 0.31).
//!
//! Chains differ in how long a contract address is: wasmd's are the 32-byte hash, Injective's
//! are 20 bytes (its first 20). The launchpad predicts with the length of its own address, and
//! one reply, after the last instantiate2, checks that each contract exists at its predicted
//! address with the expected code; otherwise the launch reverts with `AddressMismatch` instead
//! of wiring the contracts to addresses nobody controls (found on injectived 1.20.1, where the
//! 32-byte prediction left the shares' minter and the NFT owner pointing at empty addresses).
//!
//! The DAO (governance) is the wasm admin of all three, so holders can migrate them through a
//! proposal (`custom` action). None of the three needs its own address at instantiate.
//!
//! ## Bounds and reservations
//!
//! Each launch is checked against the config's `LaunchBounds` (governance periods, quorum,
//! threshold, presale window, creator allocation; the quorum must exceed the creator's largest
//! share of the supply), and the DAO receives the governance part as its own bounds. Model ids
//! can be reserved by commit–reveal (`commit_model_id`, then `reserve_model_id` in a later
//! block); a reserved id launches only for its holder. The interface docs in
//! `modelfund::launchpad` explain why a one-step reservation would itself be front-run.
//!
//! Gotcha (wasm): serde's visitor for `launch` is large; the interface package deserializes its
//! big fields out of line so no function exceeds the 100 wasm locals cosmwasm-check allows.

mod addresses;
pub mod contract;
pub mod error;
mod execute;
mod launch;
pub mod msg;
mod query;
pub mod state;
mod summary;
mod validate;

#[cfg(test)]
mod tests;

pub use crate::error::ContractError;
