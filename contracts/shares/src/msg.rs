//! The shares contract's messages, defined in the `modelfund` interface package.
pub use modelfund::shares::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
