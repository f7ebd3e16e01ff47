//! # modelfund
//!
//! The interface package of the Modelfund protocol: every contract's instantiate, execute,
//! query and response types, plus the validation rules they share. Contracts depend on this
//! crate, never on each other, so a client (CLI script, web app, another contract) needs only
//! this package to speak to any of them.

pub mod access;
pub mod governance;
pub mod launchpad;
pub mod migrate;
pub mod presale;
pub mod registry;
pub mod revenue;
pub mod shares;
pub mod validate;
