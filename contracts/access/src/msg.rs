//! The access contract's messages, defined in the `modelfund` interface package. The one message
//! it sends is the shares contract's `distribute {}` (`modelfund::shares::ExecuteMsg::Distribute`),
//! with every payment attached.
pub use modelfund::access::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
pub use modelfund::shares::ExecuteMsg as SharesMsg;

#[cfg(test)]
mod tests {
    use super::SharesMsg;

    #[test]
    fn distribute_is_the_plain_json_the_shares_contract_expects() {
        assert_eq!(
            cosmwasm_std::to_json_string(&SharesMsg::Distribute {}).unwrap(),
            r#"{"distribute":{}}"#
        );
    }
}
