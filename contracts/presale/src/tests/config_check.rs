//! The instantiate refusal several test files check, written once.

use cw_multi_test::Executor;
use modelfund::presale::InstantiateMsg;

use super::suite::Suite;
use crate::ContractError;

/// Instantiating another presale from `msg` in `s`'s app is refused as an invalid config;
/// `case` names the case in a failure.
pub fn assert_invalid_config(s: &mut Suite, msg: &InstantiateMsg, case: &str) {
    let err = s
        .app
        .instantiate_contract(s.code_id, s.creator.clone(), msg, &[], "p", None)
        .unwrap_err();
    assert!(
        matches!(
            err.downcast::<ContractError>().unwrap(),
            ContractError::InvalidConfig { .. }
        ),
        "{case}"
    );
}
