use cosmwasm_std::{coin, coins, Decimal, Timestamp, Uint128};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::presale::{ContributionsResponse, ExecuteMsg, InstantiateMsg, Phase, QueryMsg};

use super::config_check::assert_invalid_config;
use super::suite::*;
use crate::ContractError;

#[test]
fn instantiate_rejects_each_bad_config() {
    let mut s = Suite::new();
    type Edit = fn(&mut InstantiateMsg, Timestamp);
    let cases: Vec<(&str, Edit)> = vec![
        ("zero price", |m, _| m.price = Uint128::zero()),
        ("zero soft cap", |m, _| m.soft_cap = Uint128::zero()),
        ("soft above hard", |m, _| {
            m.soft_cap = m.hard_cap + Uint128::one()
        }),
        ("start after end", |m, _| m.start = m.end.plus_seconds(1)),
        ("start equals end", |m, _| m.start = m.end),
        ("start in the past", |m, now| m.start = now.minus_seconds(1)),
        ("min below price", |m, _| {
            m.min_per_address = m.price - Uint128::one()
        }),
        ("min above max", |m, _| {
            m.min_per_address = m.max_per_address + Uint128::one()
        }),
        ("min above hard cap", |m, _| {
            m.min_per_address = m.hard_cap + Uint128::one();
            m.max_per_address = m.hard_cap + Uint128::one();
        }),
        ("empty denom", |m, _| m.denom = "".into()),
        ("denom with space", |m, _| m.denom = "u inj".into()),
    ];
    let now = s.app.block_info().time;
    for (name, edit) in cases {
        let mut msg = instantiate_msg(&s);
        edit(&mut msg, now);
        assert_invalid_config(&mut s, &msg, name);
    }
    let mut msg = instantiate_msg(&s);
    msg.treasury = "not an address".into();
    assert!(s
        .app
        .instantiate_contract(s.code_id, s.creator.clone(), &msg, &[], "p", None)
        .is_err());
    // denoms of other chains are fine
    for denom in [
        "untrn",
        "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
        "factory/inj1abc/share",
    ] {
        let mut msg = instantiate_msg(&s);
        msg.denom = denom.into();
        s.app
            .instantiate_contract(s.code_id, s.creator.clone(), &msg, &[], "p", None)
            .unwrap();
    }
}

#[test]
fn contribute_records_the_backer_and_emits_event() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    assert_eq!(s.state().phase, Phase::Upcoming);
    s.open();
    assert_eq!(s.state().phase, Phase::Open);

    let res = s.contribute(&alice, 500).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "contribute");
    assert_eq!(wasm_attr(&res, "backer"), alice.to_string());
    assert_eq!(wasm_attr(&res, "accepted"), "500");
    assert_eq!(wasm_attr(&res, "returned"), "0");
    assert_eq!(wasm_attr(&res, "raised"), "500");

    let c = s.contribution(&alice);
    assert_eq!(c.amount, Uint128::new(500));
    assert_eq!(c.shares, Uint128::new(50));
    assert!(!c.claimed && !c.refunded);
    assert_eq!(s.balance(&alice), WALLET - 500);
    assert_eq!(s.balance(&s.presale.clone()), 500);

    // a second contribution adds up; the backer is counted once
    s.contribute(&alice, 250).unwrap();
    let st = s.state();
    assert_eq!(st.raised, Uint128::new(750));
    assert_eq!(st.backers, 1);
    assert_eq!(st.soft_cap_progress, Decimal::percent(75));
    assert_eq!(st.hard_cap_progress, Decimal::percent(25));
    assert_eq!(st.seconds_left, DURATION);
    assert_eq!(st.shares_sold, Uint128::new(75));
}

/// The escrow minted at `finalize` must equal what the backers can claim: each backer's
/// floor(total / price), not the sum of the floors of its separate contributions.
#[test]
fn shares_sold_counts_each_backers_floor_of_its_total() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.open();
    s.contribute(&alice, 105).unwrap(); // 10.5 shares: 10
    assert_eq!(s.state().shares_sold, Uint128::new(10));
    s.contribute(&alice, 107).unwrap(); // 21.2 in all: 21, not 10 + 10
    assert_eq!(s.state().shares_sold, Uint128::new(21));
    s.contribute(&bob, 109).unwrap(); // 10.9: 10
    assert_eq!(s.state().shares_sold, Uint128::new(31));
    let claimable: u128 = [&alice, &bob]
        .iter()
        .map(|a| s.contribution(a).shares.u128())
        .sum();
    assert_eq!(claimable, 31);
}

#[test]
fn contribute_rejects_bad_payments() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.open();
    let contribute = ExecuteMsg::Contribute {
        proof: None,
        cap: None,
    };
    for (funds, expected) in [
        (vec![], PaymentError::NoFunds {}),
        (
            coins(500, "uother"),
            PaymentError::MissingDenom(DENOM.into()),
        ),
        (
            vec![coin(500, DENOM), coin(500, "uother")],
            PaymentError::MultipleDenoms {},
        ),
    ] {
        assert_eq!(
            s.exec(&alice, &contribute, &funds).unwrap_err(),
            ContractError::Payment(expected)
        );
    }
    assert_eq!(
        s.contribute(&alice, MIN - 1).unwrap_err(),
        ContractError::BelowMinimum {
            min: coin(MIN, DENOM)
        }
    );
    assert_eq!(s.state().raised, Uint128::zero());
    assert_eq!(s.balance(&alice), WALLET);
}

#[test]
fn contribute_only_inside_the_window() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let err = s.contribute(&alice, 500).unwrap_err();
    assert_eq!(err, ContractError::NotStarted { start: s.start });
    s.set_time(s.start.minus_seconds(1));
    assert!(matches!(
        s.contribute(&alice, 500).unwrap_err(),
        ContractError::NotStarted { .. }
    ));
    s.set_time(s.end.minus_seconds(1));
    s.contribute(&alice, 500).unwrap();
    s.close();
    assert_eq!(
        s.contribute(&alice, 500).unwrap_err(),
        ContractError::Ended {}
    );
    assert_eq!(s.state().phase, Phase::Ended);
    assert_eq!(s.state().raised, Uint128::new(500));
}

#[test]
fn above_the_per_address_maximum_is_returned_in_the_same_tx() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.open();
    s.contribute(&alice, 1_500).unwrap();
    let res = s.contribute(&alice, 800).unwrap();
    assert_eq!(wasm_attr(&res, "accepted"), "500");
    assert_eq!(wasm_attr(&res, "returned"), "300");
    assert_eq!(s.contribution(&alice).amount, Uint128::new(MAX));
    assert_eq!(s.balance(&alice), WALLET - MAX);
    assert_eq!(
        s.contribute(&alice, 100).unwrap_err(),
        ContractError::MaxPerAddressReached {
            max: coin(MAX, DENOM)
        }
    );
    assert_eq!(s.balance(&alice), WALLET - MAX);
}

#[test]
fn above_the_hard_cap_is_returned_and_then_the_presale_is_full() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    s.open();
    s.contribute(&alice, 2_000).unwrap();
    let res = s.contribute(&bob, 1_500).unwrap();
    assert_eq!(wasm_attr(&res, "accepted"), "1000");
    assert_eq!(wasm_attr(&res, "returned"), "500");
    assert_eq!(s.balance(&bob), WALLET - 1_000);
    assert_eq!(s.state().raised, Uint128::new(HARD_CAP));
    assert_eq!(s.state().phase, Phase::Ended);
    assert_eq!(
        s.contribute(&carol, 500).unwrap_err(),
        ContractError::HardCapReached {}
    );
    assert_eq!(s.balance(&s.presale.clone()), HARD_CAP);
}

#[test]
fn the_remaining_room_may_fall_below_the_minimum() {
    // 2,950 raised: a new backer can add only 50, below the minimum of 100
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    s.open();
    s.contribute(&alice, 2_000).unwrap();
    s.contribute(&bob, 950).unwrap();
    assert_eq!(
        s.contribute(&carol, 500).unwrap_err(),
        ContractError::BelowMinimum {
            min: coin(MIN, DENOM)
        }
    );
    // an existing backer may top up the last 50
    let res = s.contribute(&bob, 500).unwrap();
    assert_eq!(wasm_attr(&res, "accepted"), "50");
    assert_eq!(s.state().raised, Uint128::new(HARD_CAP));
}

#[test]
fn contributions_wait_until_the_presale_mints_the_shares() {
    let mut s = Suite::without_minter();
    let alice = s.alice.clone();
    s.open();
    assert_eq!(
        s.contribute(&alice, 500).unwrap_err(),
        ContractError::NotSharesMinter {}
    );
    assert_eq!(s.balance(&alice), WALLET);
}

#[test]
fn contributions_paginate_by_address() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    s.open();
    for (who, amount) in [(&alice, 100), (&bob, 200), (&carol, 300)] {
        s.contribute(who, amount).unwrap();
    }
    let first: ContributionsResponse = s
        .query(&QueryMsg::Contributions {
            start_after: None,
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(first.contributions.len(), 2);
    let rest: ContributionsResponse = s
        .query(&QueryMsg::Contributions {
            start_after: Some(first.contributions[1].address.to_string()),
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(rest.contributions.len(), 1);
    let total: u128 = first
        .contributions
        .iter()
        .chain(rest.contributions.iter())
        .map(|c| c.amount.u128())
        .sum();
    assert_eq!(total, 600);
    assert_eq!(s.state().backers, 3);
}

/// What a person reads on the CLI: amounts with their denom, times in RFC 3339 UTC.
#[test]
fn errors_read_with_denoms_and_utc_times() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    // the test chain's clock: 1571797419.879305533, the presale opens START_IN later
    assert_eq!(s.start.nanos(), 1_571_797_519_879_305_533);
    assert_eq!(
        s.contribute(&alice, 500).unwrap_err().to_string(),
        "the presale has not started yet; it opens at 2019-10-23T02:25:20Z"
    );
    s.open();
    assert_eq!(
        s.contribute(&alice, MIN - 1).unwrap_err().to_string(),
        "contribution below the minimum of 100uinj per address"
    );
    s.contribute(&alice, MAX).unwrap();
    assert_eq!(
        s.contribute(&alice, 1).unwrap_err().to_string(),
        "this address already contributed its maximum of 2000uinj"
    );
}

/// `state` says how long until the presale opens (the launchpad list shows "opens in …").
#[test]
fn state_counts_down_to_the_start_then_to_the_end() {
    let mut s = Suite::new();
    let state = s.state();
    assert_eq!(state.phase, Phase::Upcoming);
    assert_eq!(state.starts_in_seconds, START_IN);
    assert_eq!(state.seconds_left, START_IN + DURATION);
    s.set_time(s.start.minus_seconds(1));
    assert_eq!(s.state().starts_in_seconds, 1);
    s.open();
    let state = s.state();
    assert_eq!(state.phase, Phase::Open);
    assert_eq!(state.starts_in_seconds, 0);
    s.close();
    assert_eq!(s.state().starts_in_seconds, 0);
}
