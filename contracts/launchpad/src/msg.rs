//! The launchpad messages, defined in the `modelfund` interface package.
pub use modelfund::launchpad::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
