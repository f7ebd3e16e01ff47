//! mint within the cap, update_minter.

use cosmwasm_std::Uint128;
use cw20::MinterResponse;
use modelfund::shares::{ExecuteMsg, QueryMsg};

use super::suite::*;
use crate::ContractError;

fn mint(to: &str, n: u128) -> ExecuteMsg {
    ExecuteMsg::Mint {
        recipient: to.to_string(),
        amount: amount(n),
    }
}

fn minter(suite: &Suite) -> Option<MinterResponse> {
    suite.query(&QueryMsg::Minter {}).unwrap()
}

#[test]
fn minter_mints_up_to_the_cap_with_events() {
    let mut suite = Suite::new();
    let (minter_addr, carol) = (suite.minter.clone(), suite.carol.clone());
    let res = suite
        .exec(&minter_addr, &mint(carol.as_str(), 700))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "mint");
    assert_eq!(wasm_attr(&res, "to"), carol.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "700");
    assert_eq!(suite.balance(&carol), 700);
    assert_eq!(suite.supply(), 1_500 + 700);

    // exactly up to the cap, then not one more
    let room = CAP - suite.supply();
    suite
        .exec(&minter_addr, &mint(carol.as_str(), room))
        .unwrap();
    assert_eq!(suite.supply(), CAP);
    suite.assert_rejected(
        &minter_addr,
        &mint(carol.as_str(), 1),
        ContractError::CannotExceedCap {},
    );
    // burning makes room again: the cap bounds the supply, not the amount ever minted
    suite
        .exec(&carol, &ExecuteMsg::Burn { amount: amount(5) })
        .unwrap();
    suite.exec(&minter_addr, &mint(carol.as_str(), 5)).unwrap();
    assert_eq!(suite.supply(), CAP);
}

#[test]
fn mint_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (minter_addr, alice, carol) = (
        suite.minter.clone(),
        suite.alice.clone(),
        suite.carol.clone(),
    );
    let c = carol.to_string();
    for sender in [
        &alice,
        &carol,
        &suite.admin.clone(),
        &suite.marketing.clone(),
    ] {
        suite.assert_rejected(sender, &mint(&c, 1), ContractError::Unauthorized {});
    }
    suite.assert_rejected(
        &minter_addr,
        &mint(&c, 0),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &minter_addr,
        &mint(&c, CAP - 1_500 + 1),
        ContractError::CannotExceedCap {},
    );
    suite.assert_rejected_with(&minter_addr, &mint(BAD_ADDRESS, 1), is_bad_address);
    suite.assert_nonpayable(&minter_addr, &mint(&c, 1));
}

#[test]
fn without_cap_or_minter() {
    let mut uncapped = Suite::with(|msg| msg.mint.as_mut().unwrap().cap = None);
    let (minter_addr, carol) = (uncapped.minter.clone(), uncapped.carol.clone());
    uncapped
        .exec(&minter_addr, &mint(carol.as_str(), u128::MAX - 1_500))
        .unwrap();
    assert_eq!(uncapped.supply(), u128::MAX);
    // the supply cannot overflow
    let err = uncapped
        .exec(&minter_addr, &mint(carol.as_str(), 1))
        .unwrap_err();
    assert!(matches!(err, ContractError::Overflow(_)), "{err:?}");

    let mut fixed = Suite::with(|msg| msg.mint = None);
    let (minter_addr, carol) = (fixed.minter.clone(), fixed.carol.clone());
    fixed.assert_rejected(
        &minter_addr,
        &mint(carol.as_str(), 1),
        ContractError::Unauthorized {},
    );
    fixed.assert_rejected(
        &minter_addr,
        &ExecuteMsg::UpdateMinter {
            new_minter: Some(carol.to_string()),
        },
        ContractError::Unauthorized {},
    );
}

#[test]
fn update_minter_hands_over_keeps_the_cap_and_can_remove_it() {
    let mut suite = Suite::new();
    let (old, carol) = (suite.minter.clone(), suite.carol.clone());
    let launchpad = suite.addr("launchpad");
    let res = suite
        .exec(
            &old,
            &ExecuteMsg::UpdateMinter {
                new_minter: Some(launchpad.to_string()),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "update_minter");
    assert_eq!(wasm_attr(&res, "by"), old.to_string());
    assert_eq!(wasm_attr(&res, "new_minter"), launchpad.to_string());
    assert_eq!(
        minter(&suite),
        Some(MinterResponse {
            minter: launchpad.to_string(),
            cap: Some(Uint128::new(CAP)),
        })
    );
    suite.assert_rejected(
        &old,
        &mint(carol.as_str(), 1),
        ContractError::Unauthorized {},
    );
    suite.exec(&launchpad, &mint(carol.as_str(), 1)).unwrap();

    // None removes the minter for good
    let res = suite
        .exec(&launchpad, &ExecuteMsg::UpdateMinter { new_minter: None })
        .unwrap();
    assert_eq!(wasm_attr(&res, "new_minter"), "None");
    assert_eq!(minter(&suite), None);
    suite.assert_rejected(
        &launchpad,
        &mint(carol.as_str(), 1),
        ContractError::Unauthorized {},
    );
    suite.assert_rejected(
        &launchpad,
        &ExecuteMsg::UpdateMinter {
            new_minter: Some(launchpad.to_string()),
        },
        ContractError::Unauthorized {},
    );
}

#[test]
fn update_minter_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (minter_addr, alice) = (suite.minter.clone(), suite.alice.clone());
    let to_alice = ExecuteMsg::UpdateMinter {
        new_minter: Some(alice.to_string()),
    };
    suite.assert_rejected(&alice, &to_alice, ContractError::Unauthorized {});
    suite.assert_rejected(
        &alice,
        &ExecuteMsg::UpdateMinter { new_minter: None },
        ContractError::Unauthorized {},
    );
    suite.assert_rejected_with(
        &minter_addr,
        &ExecuteMsg::UpdateMinter {
            new_minter: Some(BAD_ADDRESS.into()),
        },
        is_bad_address,
    );
    suite.assert_nonpayable(&minter_addr, &to_alice);
    assert_eq!(minter(&suite).unwrap().minter, minter_addr.to_string());
}
