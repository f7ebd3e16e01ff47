//! The registry's messages, defined in the `modelfund` interface package.
pub use modelfund::registry::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
