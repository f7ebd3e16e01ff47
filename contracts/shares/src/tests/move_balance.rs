//! The single balance path, called directly: its guards, the supply invariant and the
//! checkpoints it writes.

use cosmwasm_std::testing::{mock_dependencies, MockApi};
use cosmwasm_std::{Addr, StdError, Storage, Uint128};
use modelfund::shares::checkpoints::{Checkpoint, CHECKPOINTS, CHECKPOINT_COUNT};

use crate::state::{balance, balance_at_height, move_balance, total_supply};
use crate::ContractError;

/// A block at `height` (the time does not matter without vesting).
fn at(height: u64) -> cosmwasm_std::BlockInfo {
    cosmwasm_std::BlockInfo {
        height,
        ..cosmwasm_std::testing::mock_env().block
    }
}

#[test]
fn move_balance_guards_and_keeps_supply_equal_to_the_sum_of_balances() {
    let mut deps = mock_dependencies();
    let api = MockApi::default();
    let (a, b) = (api.addr_make("a"), api.addr_make("b"));
    let s = deps.as_mut().storage;
    let n = Uint128::new;

    move_balance(s, &at(10), None, Some(&a), n(100)).unwrap();
    move_balance(s, &at(10), Some(&a), Some(&b), n(30)).unwrap();
    move_balance(s, &at(11), Some(&b), None, n(10)).unwrap();
    assert_eq!(
        (balance(s, &a).unwrap(), balance(s, &b).unwrap()),
        (n(70), n(20))
    );
    assert_eq!(total_supply(s).unwrap(), n(90));
    assert_eq!(balance_at_height(s, &b, 11).unwrap(), n(30));

    // a move to the same account would otherwise credit without a debit: refused
    assert_eq!(
        move_balance(s, &at(12), Some(&a), Some(&a), n(1)),
        Err(ContractError::CannotTransferToSelf {})
    );
    assert_eq!(
        move_balance(s, &at(12), None, Some(&a), n(0)),
        Err(ContractError::InvalidZeroAmount {})
    );
    assert_eq!(
        move_balance(s, &at(12), Some(&b), None, n(21)),
        Err(ContractError::InsufficientFunds {
            balance: n(20),
            amount: n(21)
        })
    );
    assert!(matches!(
        move_balance(s, &at(12), None, None, n(1)),
        Err(ContractError::Std(StdError::GenericErr { .. }))
    ));
    assert!(matches!(
        move_balance(s, &at(12), None, Some(&b), Uint128::MAX),
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

/// Every checkpoint of `addr`, in index order, as (height, balance).
fn checkpoints(s: &dyn Storage, addr: &Addr) -> Vec<(u64, u128)> {
    let count = CHECKPOINT_COUNT.may_load(s, addr).unwrap().unwrap_or(0);
    (0..count)
        .map(|i| {
            let Checkpoint {
                height, balance, ..
            } = CHECKPOINTS.load(s, (addr, i)).unwrap();
            (height, balance.u128())
        })
        .collect()
}

#[test]
fn move_balance_writes_one_checkpoint_per_account_per_block() {
    let mut deps = mock_dependencies();
    let api = MockApi::default();
    let (a, b, c) = (api.addr_make("a"), api.addr_make("b"), api.addr_make("c"));
    let s = deps.as_mut().storage;
    let n = Uint128::new;

    // block 10: a is minted to three times and pays b twice; b passes some to c
    move_balance(s, &at(10), None, Some(&a), n(100)).unwrap();
    move_balance(s, &at(10), None, Some(&a), n(50)).unwrap();
    move_balance(s, &at(10), Some(&a), Some(&b), n(30)).unwrap();
    move_balance(s, &at(10), Some(&b), Some(&c), n(10)).unwrap();
    move_balance(s, &at(10), Some(&a), Some(&b), n(5)).unwrap();
    move_balance(s, &at(10), None, Some(&a), n(1)).unwrap();
    assert_eq!(checkpoints(s, &a), vec![(11, 116)]);
    assert_eq!(checkpoints(s, &b), vec![(11, 25)]);
    assert_eq!(checkpoints(s, &c), vec![(11, 10)]);

    // block 11: a second checkpoint for a and b, updated in place by each later change
    move_balance(s, &at(11), Some(&a), Some(&b), n(6)).unwrap();
    move_balance(s, &at(11), Some(&b), None, n(20)).unwrap();
    move_balance(s, &at(11), Some(&b), Some(&a), n(1)).unwrap();
    assert_eq!(checkpoints(s, &a), vec![(11, 116), (12, 111)]);
    assert_eq!(checkpoints(s, &b), vec![(11, 25), (12, 10)]);
    assert_eq!(checkpoints(s, &c), vec![(11, 10)]);

    // a refused move writes no checkpoint; blocks without a change write none either
    assert!(move_balance(s, &at(15), Some(&c), Some(&a), n(11)).is_err());
    assert_eq!(checkpoints(s, &c), vec![(11, 10)]);
    move_balance(s, &at(20), Some(&c), Some(&a), n(10)).unwrap();
    assert_eq!(checkpoints(s, &a), vec![(11, 116), (12, 111), (21, 121)]);
    // back to zero is a checkpoint too (the power is gone from then on)
    assert_eq!(checkpoints(s, &c), vec![(11, 10), (21, 0)]);

    // the last checkpoint is the current balance; the history answers every height
    for addr in [&a, &b, &c] {
        let last = checkpoints(s, addr).last().map_or(0, |cp| cp.1);
        assert_eq!(balance(s, addr).unwrap().u128(), last);
    }
    let at = |addr: &Addr, h: u64| balance_at_height(s, addr, h).unwrap().u128();
    assert_eq!(
        (0..=22).map(|h| at(&a, h)).collect::<Vec<_>>(),
        [vec![0; 11], vec![116], vec![111; 9], vec![121; 2]].concat()
    );
    assert_eq!(
        (at(&c, 10), at(&c, 11), at(&c, 20), at(&c, 21)),
        (0, 10, 10, 0)
    );
    assert_eq!(total_supply(s).unwrap(), n(131));
}
