//! The presale's messages, defined in the `modelfund` interface package.
pub use modelfund::presale::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
