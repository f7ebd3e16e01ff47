//! The channels contract's messages, defined in the `modelfund` interface package. The one message
//! it sends besides bank refunds is the shares contract's `distribute {}`
//! (`modelfund::shares::ExecuteMsg::Distribute`), with the claimed coins attached.
pub use modelfund::channels::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
pub use modelfund::shares::ExecuteMsg as SharesMsg;
