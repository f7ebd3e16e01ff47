//! The `access` answer comes from an index of usable leases (security review: it read only the
//! holder's first 50 licenses, expired and used-up ones included, so a valid lease could be
//! missed).

use cosmwasm_std::{Addr, Empty, Order};
use cw_multi_test::Executor;
use modelfund::access::ExecuteMsg;

use super::suite::*;
use crate::state::{LEGACY_HOLDINGS, USABLE_LEASES};

/// One entry of the usable-lease index: (model id, holder, expires_at nanos, token id).
type IndexEntry = (String, Addr, (u64, String));

fn listed(suite: &Suite, user: &Addr) -> Vec<String> {
    suite
        .access_of(user)
        .leases
        .into_iter()
        .map(|l| l.token_id)
        .collect()
}

/// The whole index, read from the contract's storage.
fn index(suite: &Suite) -> Vec<IndexEntry> {
    let storage = suite.app.contract_storage(&suite.access);
    USABLE_LEASES
        .keys(&*storage, None, None, Order::Ascending)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn holders_in_index(suite: &Suite, token_id: &str) -> Vec<Addr> {
    index(suite)
        .into_iter()
        .filter(|(_, _, (_, t))| t == token_id)
        .map(|(_, holder, _)| holder)
        .collect()
}

fn use_up(suite: &mut Suite, user: &Addr, token_id: &str) {
    let gateway = suite.gateway.clone();
    suite
        .exec(
            &gateway,
            &Suite::consume_msg(
                user,
                LEASE_CAP,
                &format!("use-up-{token_id}"),
                Some(token_id),
            ),
        )
        .unwrap();
}

#[test]
fn a_valid_lease_behind_more_than_50_expired_and_used_up_ones_is_found() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let gateway = suite.gateway.clone();
    suite.grant(&alice, &gateway, 100 * LEASE_CAP);
    // 30 leases that expire ...
    for _ in 0..30 {
        suite.buy_lease(&alice);
    }
    suite.advance_seconds(LEASE_SECONDS + 1);
    // ... and 30 whose calls are all used
    for _ in 0..30 {
        let token_id = suite.buy_lease(&alice);
        use_up(&mut suite, &alice, &token_id);
    }
    let before = suite.access_of(&alice);
    assert!(!before.allowed_now);
    assert!(before.leases.is_empty());
    // the 61st license is the only usable one; its id sorts after the first 50 others ("1",
    // "10".."19", "2", …, "54"), where the old scan stopped
    let valid = suite.buy_lease(&alice);
    assert_eq!(valid, "61");
    let a = suite.access_of(&alice);
    assert!(a.allowed_now, "{a:?}");
    assert_eq!(listed(&suite, &alice), vec![valid.clone()]);
    assert_eq!(a.calls_left, LEASE_CAP);
    assert!(!a.more_leases);
    // the index holds only what can still be used: the 30 expired ones (bought with calls
    // left) and the valid one; never the used-up ones
    let entries = index(&suite);
    assert_eq!(entries.len(), 31);
    assert!(entries
        .iter()
        .all(|(_, _, (_, t))| t.parse::<u64>().unwrap() <= 30 || *t == valid));
}

#[test]
fn the_index_follows_transfers_sends_consumption_and_expiry() {
    let mut suite = Suite::new();
    let (alice, bob, gateway) = suite.parties();
    let a = suite.buy_lease(&alice);
    suite.advance_seconds(60);
    let b = suite.buy_lease(&alice);
    // soonest expiry first
    assert_eq!(listed(&suite, &alice), vec![a.clone(), b.clone()]);

    // a transfer moves the lease to the new owner
    suite
        .exec(
            &alice,
            &ExecuteMsg::TransferNft {
                recipient: bob.to_string(),
                token_id: a.clone(),
            },
        )
        .unwrap();
    assert_eq!(listed(&suite, &alice), vec![b.clone()]);
    assert_eq!(listed(&suite, &bob), vec![a.clone()]);
    assert_eq!(holders_in_index(&suite, &a), vec![bob.clone()]);

    // consuming part of a lease keeps it; using its last call removes it
    suite.grant(&alice, &gateway, 2 * LEASE_CAP);
    suite
        .exec(&gateway, &Suite::consume_msg(&alice, 1, "part", Some(&b)))
        .unwrap();
    assert_eq!(suite.access_of(&alice).calls_left, LEASE_CAP - 1);
    suite
        .exec(
            &gateway,
            &Suite::consume_msg(&alice, LEASE_CAP - 1, "rest", Some(&b)),
        )
        .unwrap();
    assert!(listed(&suite, &alice).is_empty());
    assert!(!suite.access_of(&alice).allowed_now);
    assert!(holders_in_index(&suite, &b).is_empty());

    // a used-up lease stays out of the index when it moves
    suite
        .exec(
            &alice,
            &ExecuteMsg::TransferNft {
                recipient: bob.to_string(),
                token_id: b.clone(),
            },
        )
        .unwrap();
    assert_eq!(listed(&suite, &bob), vec![a.clone()]);
    assert!(holders_in_index(&suite, &b).is_empty());

    // send_nft moves it to the receiving contract
    let receiver = suite.receiver();
    suite
        .exec(
            &bob,
            &ExecuteMsg::SendNft {
                contract: receiver.to_string(),
                token_id: a.clone(),
                msg: cosmwasm_std::to_json_binary(&Empty {}).unwrap(),
            },
        )
        .unwrap();
    assert!(listed(&suite, &bob).is_empty());
    assert_eq!(listed(&suite, &receiver), vec![a.clone()]);
    assert_eq!(holders_in_index(&suite, &a), vec![receiver.clone()]);

    // an expired lease drops out of the answer at once, and out of the index when it moves
    let c = suite.buy_lease(&bob);
    suite.advance_seconds(LEASE_SECONDS);
    assert!(listed(&suite, &bob).is_empty());
    assert!(listed(&suite, &receiver).is_empty());
    assert_eq!(holders_in_index(&suite, &c), vec![bob.clone()]);
    suite
        .exec(
            &bob,
            &ExecuteMsg::TransferNft {
                recipient: alice.to_string(),
                token_id: c.clone(),
            },
        )
        .unwrap();
    assert!(holders_in_index(&suite, &c).is_empty());
    assert!(listed(&suite, &alice).is_empty());
}

#[test]
fn migrating_from_the_holder_index_rebuilds_the_usable_leases() {
    let mut suite = Suite::new();
    let (alice, bob, gateway) = suite.parties();
    let expired = suite.buy_lease(&alice);
    suite.advance_seconds(LEASE_SECONDS + 1);
    let used_up = suite.buy_lease(&alice);
    suite.grant(&alice, &gateway, LEASE_CAP);
    use_up(&mut suite, &alice, &used_up);
    let usable = suite.buy_lease(&bob);
    // the state an older version left: every license in the holder index, no usable-lease index
    {
        let contract = suite.access.clone();
        let mut storage = suite.app.contract_storage_mut(&contract);
        let entries: Vec<IndexEntry> = USABLE_LEASES
            .keys(&*storage, None, None, Order::Ascending)
            .collect::<Result<_, _>>()
            .unwrap();
        for (model_id, holder, (expires, token_id)) in entries {
            USABLE_LEASES.remove(&mut *storage, (&model_id, &holder, (expires, &token_id)));
        }
        for (holder, token_id) in [(&alice, &expired), (&alice, &used_up), (&bob, &usable)] {
            LEGACY_HOLDINGS
                .save(&mut *storage, (MODEL, holder, token_id), &Empty {})
                .unwrap();
        }
    }
    assert!(listed(&suite, &bob).is_empty());

    let (admin, contract, code) = (suite.admin.clone(), suite.access.clone(), suite.code_id);
    let res = suite
        .app
        .migrate_contract(
            admin,
            contract,
            &modelfund::access::MigrateMsg::Migrate {},
            code,
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "usable_leases_indexed"), "1");
    assert_eq!(listed(&suite, &bob), vec![usable.clone()]);
    assert!(listed(&suite, &alice).is_empty());
    assert_eq!(index(&suite).len(), 1);
    let storage = suite.app.contract_storage(&suite.access);
    assert_eq!(
        LEGACY_HOLDINGS
            .keys(&*storage, None, None, Order::Ascending)
            .count(),
        0
    );
    drop(storage);
    // and the rebuilt index is maintained as usual
    suite.buy_credits(&bob, 1);
    assert_eq!(suite.access_of(&bob).calls_left, LEASE_CAP + CALLS_PER_PACK);
}
