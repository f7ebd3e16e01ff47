//! transfer, send, burn: happy paths with their events, and every bad input changing nothing.

use cosmwasm_std::{Binary, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_multi_test::Executor;
use modelfund::shares::ExecuteMsg;

use super::suite::*;
use crate::ContractError;

fn transfer(to: &str, n: u128) -> ExecuteMsg {
    ExecuteMsg::Transfer {
        recipient: to.to_string(),
        amount: amount(n),
    }
}

fn send(to: &str, n: u128, msg: &[u8]) -> ExecuteMsg {
    ExecuteMsg::Send {
        contract: to.to_string(),
        amount: amount(n),
        msg: Binary::from(msg),
    }
}

#[test]
fn transfer_moves_balance_and_emits_event() {
    let mut suite = Suite::new();
    let (alice, carol) = (suite.alice.clone(), suite.carol.clone());
    let res = suite.exec(&alice, &transfer(carol.as_str(), 300)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "transfer");
    assert_eq!(wasm_attr(&res, "from"), alice.to_string());
    assert_eq!(wasm_attr(&res, "to"), carol.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "300");
    assert_eq!(suite.balance(&alice), ALICE_START - 300);
    assert_eq!(suite.balance(&carol), 300);
    assert_eq!(suite.supply(), ALICE_START + BOB_START);

    // the whole balance may move
    suite.exec(&carol, &transfer(alice.as_str(), 300)).unwrap();
    assert_eq!(suite.balance(&carol), 0);
    assert_eq!(suite.balance(&alice), ALICE_START);
}

#[test]
fn transfer_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    suite.assert_rejected(
        &alice,
        &transfer(bob.as_str(), 0),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &alice,
        &transfer(bob.as_str(), ALICE_START + 1),
        ContractError::InsufficientFunds {
            balance: Uint128::new(ALICE_START),
            amount: amount(ALICE_START + 1),
        },
    );
    // an account without shares is "unauthorized" by its empty balance
    suite.assert_rejected(
        &carol,
        &transfer(bob.as_str(), 1),
        ContractError::InsufficientFunds {
            balance: Uint128::zero(),
            amount: amount(1),
        },
    );
    suite.assert_rejected_with(&alice, &transfer(BAD_ADDRESS, 1), is_bad_address);
    // self-transfers are refused: no effect, no misleading event
    suite.assert_rejected(
        &alice,
        &transfer(alice.as_str(), 1),
        ContractError::CannotTransferToSelf {},
    );
    suite.assert_nonpayable(&alice, &transfer(bob.as_str(), 1));
}

#[test]
fn send_moves_tokens_and_calls_the_receive_hook() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let receiver = suite.receiver();
    let res = suite
        .exec(&alice, &send(receiver.as_str(), 250, b"{\"buy\":{}}"))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "send");
    assert_eq!(wasm_attr(&res, "from"), alice.to_string());
    assert_eq!(wasm_attr(&res, "to"), receiver.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "250");
    assert_eq!(suite.balance(&alice), ALICE_START - 250);
    assert_eq!(suite.balance(&receiver), 250);
    assert_eq!(
        suite.received(&receiver),
        Some(Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: amount(250),
            msg: Binary::from(b"{\"buy\":{}}".as_slice()),
        })
    );
}

#[test]
fn send_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (alice, carol) = (suite.alice.clone(), suite.carol.clone());
    let receiver = suite.receiver();
    let r = receiver.to_string();
    suite.assert_rejected(
        &alice,
        &send(&r, 0, b"{}"),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &alice,
        &send(&r, ALICE_START + 1, b"{}"),
        ContractError::InsufficientFunds {
            balance: Uint128::new(ALICE_START),
            amount: amount(ALICE_START + 1),
        },
    );
    suite.assert_rejected_with(&alice, &send(BAD_ADDRESS, 1, b"{}"), is_bad_address);
    suite.assert_nonpayable(&alice, &send(&r, 1, b"{}"));

    // a hook that fails, or a recipient that is no contract, reverts the whole send
    for to in [r.clone(), carol.to_string()] {
        let before = suite.fingerprint();
        let res = suite.app.execute_contract(
            alice.clone(),
            suite.shares.clone(),
            &send(&to, 10, b"fail"),
            &[],
        );
        assert!(res.is_err());
        assert_eq!(suite.fingerprint(), before);
        assert_eq!(suite.balance(&receiver), 0);
    }
    assert_eq!(suite.received(&receiver), None);
}

#[test]
fn burn_destroys_tokens_and_lowers_supply() {
    let mut suite = Suite::new();
    let bob = suite.bob.clone();
    let res = suite
        .exec(
            &bob,
            &ExecuteMsg::Burn {
                amount: amount(200),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "burn");
    assert_eq!(wasm_attr(&res, "from"), bob.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "200");
    assert_eq!(suite.balance(&bob), BOB_START - 200);
    assert_eq!(suite.supply(), ALICE_START + BOB_START - 200);
}

#[test]
fn burn_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (bob, carol) = (suite.bob.clone(), suite.carol.clone());
    suite.assert_rejected(
        &bob,
        &ExecuteMsg::Burn { amount: amount(0) },
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &bob,
        &ExecuteMsg::Burn {
            amount: amount(BOB_START + 1),
        },
        ContractError::InsufficientFunds {
            balance: Uint128::new(BOB_START),
            amount: amount(BOB_START + 1),
        },
    );
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Burn { amount: amount(1) },
        ContractError::InsufficientFunds {
            balance: Uint128::zero(),
            amount: amount(1),
        },
    );
    suite.assert_nonpayable(&bob, &ExecuteMsg::Burn { amount: amount(1) });
}
