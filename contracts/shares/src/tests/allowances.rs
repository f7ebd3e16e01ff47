//! Allowances: increase / decrease, transfer_from / send_from / burn_from, expiry, pagination.

use cosmwasm_std::{Addr, Binary, Uint128};
use cw20::{
    AllAllowancesResponse, AllSpenderAllowancesResponse, AllowanceInfo, AllowanceResponse,
    Cw20ReceiveMsg, Expiration, SpenderAllowanceInfo,
};
use cw_multi_test::AppResponse;
use modelfund::shares::{ExecuteMsg, QueryMsg};

use super::suite::*;
use crate::ContractError;

fn increase(spender: &str, n: u128, expires: Option<Expiration>) -> ExecuteMsg {
    ExecuteMsg::IncreaseAllowance {
        spender: spender.to_string(),
        amount: amount(n),
        expires,
    }
}

fn decrease(spender: &str, n: u128, expires: Option<Expiration>) -> ExecuteMsg {
    ExecuteMsg::DecreaseAllowance {
        spender: spender.to_string(),
        amount: amount(n),
        expires,
    }
}

fn transfer_from(owner: &str, to: &str, n: u128) -> ExecuteMsg {
    ExecuteMsg::TransferFrom {
        owner: owner.to_string(),
        recipient: to.to_string(),
        amount: amount(n),
    }
}

fn send_from(owner: &str, to: &str, n: u128) -> ExecuteMsg {
    ExecuteMsg::SendFrom {
        owner: owner.to_string(),
        contract: to.to_string(),
        amount: amount(n),
        msg: Binary::from(b"{\"stake\":{}}".as_slice()),
    }
}

fn burn_from(owner: &str, n: u128) -> ExecuteMsg {
    ExecuteMsg::BurnFrom {
        owner: owner.to_string(),
        amount: amount(n),
    }
}

fn allowance(n: u128, expires: Expiration) -> AllowanceResponse {
    AllowanceResponse {
        allowance: Uint128::new(n),
        expires,
    }
}

/// A page of the allowances `owner` granted.
fn by_owner(
    suite: &Suite,
    owner: &Addr,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Vec<AllowanceInfo> {
    suite
        .query::<AllAllowancesResponse>(&QueryMsg::AllAllowances {
            owner: owner.to_string(),
            start_after,
            limit,
        })
        .unwrap()
        .allowances
}

/// A page of the allowances `spender` holds.
fn by_spender(
    suite: &Suite,
    spender: &Addr,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Vec<SpenderAllowanceInfo> {
    suite
        .query::<AllSpenderAllowancesResponse>(&QueryMsg::AllSpenderAllowances {
            spender: spender.to_string(),
            start_after,
            limit,
        })
        .unwrap()
        .allowances
}

#[test]
fn increase_and_decrease_allowance_with_events() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let never = Expiration::Never {};
    assert_eq!(suite.allowance(&alice, &bob), AllowanceResponse::default());

    let res = suite
        .exec(&alice, &increase(bob.as_str(), 300, None))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "increase_allowance");
    assert_eq!(wasm_attr(&res, "owner"), alice.to_string());
    assert_eq!(wasm_attr(&res, "spender"), bob.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "300");
    assert_eq!(wasm_attr(&res, "allowance"), "300");
    assert_eq!(suite.allowance(&alice, &bob), allowance(300, never));

    // a second increase adds and may set an expiration
    let later = Expiration::AtHeight(suite.height() + 100);
    suite
        .exec(&alice, &increase(bob.as_str(), 200, Some(later)))
        .unwrap();
    assert_eq!(suite.allowance(&alice, &bob), allowance(500, later));

    let res = suite
        .exec(&alice, &decrease(bob.as_str(), 120, None))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "decrease_allowance");
    assert_eq!(wasm_attr(&res, "owner"), alice.to_string());
    assert_eq!(wasm_attr(&res, "spender"), bob.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "120");
    assert_eq!(suite.allowance(&alice, &bob), allowance(380, later));

    // the owner's and the spender's listings agree
    let granted = by_owner(&suite, &alice, None, None);
    assert_eq!(granted.len(), 1);
    assert_eq!(granted[0].spender, bob.to_string());
    assert_eq!(granted[0].allowance.u128(), 380);
    let held = by_spender(&suite, &bob, None, None);
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].owner, alice.to_string());
    assert_eq!(held[0].expires, later);

    // decreasing by more than is left removes the allowance everywhere
    let res = suite
        .exec(&alice, &decrease(bob.as_str(), 10_000, None))
        .unwrap();
    assert_eq!(wasm_attr(&res, "allowance"), "0");
    assert_eq!(suite.allowance(&alice, &bob), AllowanceResponse::default());
    assert!(by_spender(&suite, &bob, None, None).is_empty());
    // balances never moved
    assert_eq!(suite.balance(&alice), ALICE_START);
}

#[test]
fn allowance_changes_reject_bad_inputs_and_change_nothing() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let b = bob.to_string();
    suite.exec(&alice, &increase(&b, 100, None)).unwrap();
    let now_height = Expiration::AtHeight(suite.height());
    let past_height = Expiration::AtHeight(suite.height() - 1);
    let now_time = Expiration::AtTime(suite.app.block_info().time);

    for msg in [increase(&b, 1, None), decrease(&b, 1, None)] {
        let on_self = match &msg {
            ExecuteMsg::IncreaseAllowance { .. } => increase(alice.as_str(), 1, None),
            _ => decrease(alice.as_str(), 1, None),
        };
        suite.assert_rejected(&alice, &on_self, ContractError::CannotSetOwnAccount {});
        suite.assert_nonpayable(&alice, &msg);
    }
    suite.assert_rejected(
        &alice,
        &increase(&b, 0, None),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &alice,
        &decrease(&b, 0, None),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected_with(&alice, &increase(BAD_ADDRESS, 1, None), is_bad_address);
    suite.assert_rejected_with(&alice, &decrease(BAD_ADDRESS, 1, None), is_bad_address);
    // an expiration that is already past (or reached in this very block) is refused
    for exp in [now_height, past_height, now_time] {
        suite.assert_rejected(
            &alice,
            &increase(&b, 1, Some(exp)),
            ContractError::InvalidExpiration {},
        );
        suite.assert_rejected(
            &alice,
            &decrease(&b, 1, Some(exp)),
            ContractError::InvalidExpiration {},
        );
        // also when the decrease would remove the allowance
        suite.assert_rejected(
            &alice,
            &decrease(&b, 500, Some(exp)),
            ContractError::InvalidExpiration {},
        );
    }
    // nothing to decrease
    let carol = suite.carol.clone();
    suite.assert_rejected(
        &alice,
        &decrease(carol.as_str(), 1, None),
        ContractError::NoAllowance {},
    );
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 100);
}

/// Alice allows bob 300, and bob sends `spend`; the answer.
fn grant_300_and_spend(suite: &mut Suite, spend: ExecuteMsg) -> AppResponse {
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite
        .exec(&alice, &increase(bob.as_str(), 300, None))
        .unwrap();
    suite.exec(&bob, &spend).unwrap()
}

/// Checks what the event of every spending message names: the action, whose shares, the
/// spender and the amount (the recipient, where there is one, is checked by the caller).
fn assert_spend_event(res: &AppResponse, action: &str, from: &Addr, by: &Addr, n: u128) {
    assert_eq!(wasm_attr(res, "action"), action);
    assert_eq!(wasm_attr(res, "from"), from.to_string());
    assert_eq!(wasm_attr(res, "by"), by.to_string());
    assert_eq!(wasm_attr(res, "amount"), n.to_string());
}

/// The refusals transfer_from, send_from and burn_from share, with bob holding an allowance of
/// `granted` from alice: carol has none, zero, more than allowed, more than alice holds (when the
/// allowance covers that; the allowance is not spent either), a bad owner, attached funds. The
/// allowance is untouched afterwards.
fn assert_spend_refusals(
    suite: &mut Suite,
    granted: u128,
    spend: impl Fn(&str, u128) -> ExecuteMsg,
) {
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    let a = alice.to_string();
    suite
        .exec(&alice, &increase(bob.as_str(), granted, None))
        .unwrap();
    suite.assert_rejected(&carol, &spend(&a, 1), ContractError::NoAllowance {});
    suite.assert_rejected(&bob, &spend(&a, 0), ContractError::InvalidZeroAmount {});
    suite.assert_rejected(
        &bob,
        &spend(&a, granted + 1),
        ContractError::InsufficientAllowance {
            allowance: amount(granted),
            amount: amount(granted + 1),
        },
    );
    if granted > ALICE_START {
        suite.assert_rejected(
            &bob,
            &spend(&a, ALICE_START + 1),
            ContractError::InsufficientFunds {
                balance: amount(ALICE_START),
                amount: amount(ALICE_START + 1),
            },
        );
    }
    suite.assert_rejected_with(&bob, &spend(BAD_ADDRESS, 1), is_bad_address);
    suite.assert_nonpayable(&bob, &spend(&a, 1));
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), granted);
}

#[test]
fn transfer_from_spends_allowance_with_event() {
    let mut suite = Suite::new();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    let res = grant_300_and_spend(
        &mut suite,
        transfer_from(alice.as_str(), carol.as_str(), 120),
    );
    assert_spend_event(&res, "transfer_from", &alice, &bob, 120);
    assert_eq!(wasm_attr(&res, "to"), carol.to_string());
    assert_eq!(suite.balance(&alice), ALICE_START - 120);
    assert_eq!(suite.balance(&carol), 120);
    assert_eq!(suite.balance(&bob), BOB_START);
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 180);

    // the spender may send to itself, and use the allowance up exactly
    suite
        .exec(&bob, &transfer_from(alice.as_str(), bob.as_str(), 180))
        .unwrap();
    assert_eq!(suite.balance(&bob), BOB_START + 180);
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 0);
}

#[test]
fn transfer_from_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    let (a, c) = (alice.to_string(), carol.to_string());
    // an allowance larger than alice's balance
    assert_spend_refusals(&mut suite, 5_000, |owner, n| transfer_from(owner, &c, n));
    suite.assert_rejected(
        &bob,
        &transfer_from(&a, &a, 1),
        ContractError::CannotTransferToSelf {},
    );
    suite.assert_rejected_with(&bob, &transfer_from(&a, BAD_ADDRESS, 1), is_bad_address);
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 5_000);
}

#[test]
fn send_from_spends_allowance_and_calls_the_hook() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let receiver = suite.receiver();
    let res = grant_300_and_spend(
        &mut suite,
        send_from(alice.as_str(), receiver.as_str(), 100),
    );
    assert_spend_event(&res, "send_from", &alice, &bob, 100);
    assert_eq!(wasm_attr(&res, "to"), receiver.to_string());
    assert_eq!(suite.balance(&alice), ALICE_START - 100);
    assert_eq!(suite.balance(&receiver), 100);
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 200);
    // cw20-base semantics: the hook names the spender as the sender
    assert_eq!(
        suite.received(&receiver),
        Some(Cw20ReceiveMsg {
            sender: bob.to_string(),
            amount: amount(100),
            msg: Binary::from(b"{\"stake\":{}}".as_slice()),
        })
    );
}

#[test]
fn send_from_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let receiver = suite.receiver();
    let (a, r) = (alice.to_string(), receiver.to_string());
    assert_spend_refusals(&mut suite, 50, |owner, n| send_from(owner, &r, n));
    suite.assert_rejected_with(&bob, &send_from(&a, BAD_ADDRESS, 1), is_bad_address);
    assert_eq!(suite.received(&receiver), None);
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 50);
}

#[test]
fn burn_from_spends_allowance_and_lowers_supply() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let res = grant_300_and_spend(&mut suite, burn_from(alice.as_str(), 100));
    assert_spend_event(&res, "burn_from", &alice, &bob, 100);
    assert_eq!(suite.balance(&alice), ALICE_START - 100);
    assert_eq!(suite.balance(&bob), BOB_START);
    assert_eq!(suite.supply(), ALICE_START + BOB_START - 100);
    assert_eq!(suite.allowance(&alice, &bob).allowance.u128(), 200);
}

#[test]
fn burn_from_rejects_bad_inputs_and_changes_nothing() {
    let mut suite = Suite::new();
    assert_spend_refusals(&mut suite, 2_000, burn_from);
}

/// Runs the expiry scenario for one expiration: usable before, refused from the expiry on
/// (by every spending message), still refused much later, not revived by a plain increase.
fn expiry_scenario(make: impl Fn(&Suite, u64) -> Expiration) {
    let mut suite = Suite::new();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    let receiver = suite.receiver();
    let (a, c, r) = (alice.to_string(), carol.to_string(), receiver.to_string());
    let expires = make(&suite, 2);
    suite
        .exec(&alice, &increase(bob.as_str(), 100, Some(expires)))
        .unwrap();

    // usable in this block and the next
    suite.exec(&bob, &transfer_from(&a, &c, 10)).unwrap();
    suite.next_block();
    suite.exec(&bob, &send_from(&a, &r, 10)).unwrap();
    suite.exec(&bob, &burn_from(&a, 10)).unwrap();
    assert_eq!(suite.allowance(&alice, &bob), allowance(70, expires));

    // expired from the expiry block on, and it stays expired
    for blocks in [1, 100] {
        suite.advance_blocks(blocks);
        for msg in [
            transfer_from(&a, &c, 1),
            send_from(&a, &r, 1),
            burn_from(&a, 1),
        ] {
            suite.assert_rejected(&bob, &msg, ContractError::Expired {});
        }
        // raising it without a new expiration does not revive it
        suite.assert_rejected(
            &alice,
            &increase(bob.as_str(), 5, None),
            ContractError::Expired {},
        );
    }
    // still listed, with its expiration
    assert_eq!(suite.allowance(&alice, &bob), allowance(70, expires));

    // the owner may renew it with a future expiration: an expired allowance counts as zero,
    // so the renewal starts from nothing and the old 70 never come back
    let renewed = make(&suite, 10);
    suite
        .exec(&alice, &increase(bob.as_str(), 5, Some(renewed)))
        .unwrap();
    assert_eq!(suite.allowance(&alice, &bob), allowance(5, renewed));
    suite.assert_rejected(
        &bob,
        &transfer_from(&a, &c, 6),
        ContractError::InsufficientAllowance {
            allowance: amount(5),
            amount: amount(6),
        },
    );
    suite.exec(&bob, &transfer_from(&a, &c, 5)).unwrap();
    assert_eq!(suite.balance(&carol), 10 + 5);
    suite
        .exec(&alice, &decrease(bob.as_str(), 1, None))
        .unwrap();
    assert_eq!(suite.allowance(&alice, &bob), AllowanceResponse::default());
}

#[test]
fn allowance_expires_at_height() {
    expiry_scenario(|suite, blocks| Expiration::AtHeight(suite.height() + blocks));
}

#[test]
fn allowance_expires_at_time() {
    expiry_scenario(|suite, blocks| {
        Expiration::AtTime(
            suite
                .app
                .block_info()
                .time
                .plus_seconds(blocks * BLOCK_SECONDS),
        )
    });
}

#[test]
fn allowances_paginate_by_owner_and_by_spender() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let spenders: Vec<_> = (0..5).map(|i| suite.addr(&format!("spender{i}"))).collect();
    for s in &spenders {
        suite.exec(&alice, &increase(s.as_str(), 10, None)).unwrap();
    }
    let owners: Vec<_> = (0..5).map(|i| suite.addr(&format!("owner{i}"))).collect();
    for o in &owners {
        suite.exec(o, &increase(bob.as_str(), 7, None)).unwrap();
    }

    let page = |suite: &Suite, start_after: Option<String>, limit| -> Vec<String> {
        let page = by_owner(suite, &alice, start_after, Some(limit));
        page.into_iter().map(|a| a.spender).collect()
    };
    let first = page(&suite, None, 2);
    let second = page(&suite, first.last().cloned(), 2);
    let third = page(&suite, second.last().cloned(), 2);
    assert_eq!((first.len(), second.len(), third.len()), (2, 2, 1));
    let mut all: Vec<_> = [first, second, third].concat();
    let mut expected: Vec<_> = spenders.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(all, expected);
    all.dedup();
    assert_eq!(all.len(), 5);

    let spender_page = |suite: &Suite, start_after: Option<String>, limit| -> Vec<String> {
        let page = by_spender(suite, &bob, start_after, Some(limit));
        page.into_iter().map(|a| a.owner).collect()
    };
    let first = spender_page(&suite, None, 3);
    let rest = spender_page(&suite, first.last().cloned(), 3);
    assert_eq!((first.len(), rest.len()), (3, 2));
    let mut expected: Vec<_> = owners.iter().map(|o| o.to_string()).collect();
    expected.sort();
    assert_eq!([first, rest].concat(), expected);
}

#[test]
fn allowance_pages_are_capped() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    for i in 0..35 {
        let s = suite.addr(&format!("spender{i}"));
        suite.exec(&alice, &increase(s.as_str(), 1, None)).unwrap();
    }
    assert_eq!(
        by_owner(&suite, &alice, None, Some(1_000)).len(),
        modelfund::paging::PAGE.max as usize
    );
    assert_eq!(
        by_owner(&suite, &alice, None, None).len(),
        modelfund::paging::PAGE.default as usize
    );
}
