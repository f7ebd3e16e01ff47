//! The single balance path, called directly: its guards and the supply invariant.

use cosmwasm_std::testing::{mock_dependencies, MockApi};
use cosmwasm_std::{StdError, Uint128};

use crate::state::{balance, balance_at_height, move_balance, total_supply};
use crate::ContractError;

#[test]
fn move_balance_guards_and_keeps_supply_equal_to_the_sum_of_balances() {
    let mut deps = mock_dependencies();
    let api = MockApi::default();
    let (a, b) = (api.addr_make("a"), api.addr_make("b"));
    let s = deps.as_mut().storage;
    let n = Uint128::new;

    move_balance(s, 10, None, Some(&a), n(100)).unwrap();
    move_balance(s, 10, Some(&a), Some(&b), n(30)).unwrap();
    move_balance(s, 11, Some(&b), None, n(10)).unwrap();
    assert_eq!(
        (balance(s, &a).unwrap(), balance(s, &b).unwrap()),
        (n(70), n(20))
    );
    assert_eq!(total_supply(s).unwrap(), n(90));
    assert_eq!(balance_at_height(s, &b, 11).unwrap(), n(30));

    // a move to the same account would otherwise credit without a debit: refused
    assert_eq!(
        move_balance(s, 12, Some(&a), Some(&a), n(1)),
        Err(ContractError::CannotTransferToSelf {})
    );
    assert_eq!(
        move_balance(s, 12, None, Some(&a), n(0)),
        Err(ContractError::InvalidZeroAmount {})
    );
    assert_eq!(
        move_balance(s, 12, Some(&b), None, n(21)),
        Err(ContractError::InsufficientFunds {
            balance: n(20),
            amount: n(21)
        })
    );
    assert!(matches!(
        move_balance(s, 12, None, None, n(1)),
        Err(ContractError::Std(StdError::GenericErr { .. }))
    ));
    assert!(matches!(
        move_balance(s, 12, None, Some(&b), Uint128::MAX),
        Err(ContractError::Overflow(_))
    ));
    // none of the refused moves changed a balance, the supply or a snapshot
    assert_eq!(
        (balance(s, &a).unwrap(), balance(s, &b).unwrap()),
        (n(70), n(20))
    );
    assert_eq!(total_supply(s).unwrap(), n(90));
    assert_eq!(balance_at_height(s, &a, 12).unwrap(), n(70));
    assert_eq!(balance_at_height(s, &a, 13).unwrap(), n(70));
}
