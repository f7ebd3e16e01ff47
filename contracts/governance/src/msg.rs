//! The governance messages, defined in the `modelfund` interface package.
pub use modelfund::governance::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
