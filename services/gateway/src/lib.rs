//! # modelfund-gateway
//!
//! The inference gateway: OpenAI-compatible endpoints paid per call with payment-channel
//! vouchers (docs/gateway.md). Each voucher is verified off chain against the channel read from
//! the chain, committed to SQLite before the answer leaves, and settled on chain in batched
//! `claim` transactions signed in process. Only a model artifact whose sha256 matches the
//! registry's latest version is served. Calls paid from credits or leases (a signed nonce per
//! call, checked against the user's grant) are committed the same way and metered in batched
//! `consume_batch` transactions (`access`).

pub mod access;
pub mod backend;
pub mod chain;
pub mod config;
pub mod cors;
pub mod metrics;
pub mod model;
pub mod server;
pub mod settle;
pub mod store;
