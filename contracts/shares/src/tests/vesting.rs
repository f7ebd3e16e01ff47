//! `mint_vesting`: shares minted locked (a launch's creator allocation). Nothing leaves the
//! account before the cliff, then it unlocks linearly until the end; locked shares vote and earn
//! revenue. Every way out of an account is checked: transfer, send, burn, transfer_from,
//! send_from, burn_from.

use cosmwasm_std::{Binary, Uint128};
use modelfund::shares::{ExecuteMsg, QueryMsg, VestingResponse, MAX_VESTING_SECONDS};

use super::msgs::transfer;
use super::suite::*;
use crate::ContractError;

const CLIFF: u64 = 1_000;
const DURATION: u64 = 4_000;

fn mint_vesting(to: &str, n: u128, cliff_seconds: u64, duration_seconds: u64) -> ExecuteMsg {
    ExecuteMsg::MintVesting {
        recipient: to.to_string(),
        amount: amount(n),
        cliff_seconds,
        duration_seconds,
    }
}

fn vesting(suite: &Suite, who: &cosmwasm_std::Addr) -> Option<VestingResponse> {
    suite
        .query(&QueryMsg::Vesting {
            address: who.to_string(),
        })
        .unwrap()
}

fn wait(suite: &mut Suite, seconds: u64) {
    suite.app.update_block(|b| {
        b.height += 1;
        b.time = b.time.plus_seconds(seconds);
    });
}

fn locked(locked: u128, unlocked: u128, n: u128) -> ContractError {
    ContractError::Locked {
        locked: Uint128::new(locked),
        unlocked: Uint128::new(unlocked),
        amount: Uint128::new(n),
    }
}

/// carol gets 4,000 locked shares: a 1,000 s cliff in a 4,000 s schedule.
fn vested_suite() -> Suite {
    let mut suite = Suite::new();
    let (minter, carol) = (suite.minter.clone(), suite.carol.clone());
    let res = suite
        .exec(
            &minter,
            &mint_vesting(carol.as_str(), 4_000, CLIFF, DURATION),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "mint_vesting");
    assert_eq!(wasm_attr(&res, "to"), carol.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "4000");
    let start = suite.app.block_info().time.seconds();
    assert_eq!(wasm_attr(&res, "cliff"), (start + CLIFF).to_string());
    assert_eq!(wasm_attr(&res, "end"), (start + DURATION).to_string());
    suite
}

#[test]
fn nothing_moves_before_the_cliff_then_the_schedule_unlocks_linearly() {
    let mut suite = vested_suite();
    let (carol, bob) = (suite.carol.clone(), suite.bob.clone());
    assert_eq!(suite.balance(&carol), 4_000);
    assert_eq!(suite.supply(), 1_500 + 4_000);
    assert_eq!(vesting(&suite, &carol).unwrap().locked, Uint128::new(4_000));
    suite.assert_rejected(&carol, &transfer(&bob, 1), locked(4_000, 0, 1));

    // the last second before the cliff: still all locked
    wait(&mut suite, CLIFF - 1);
    suite.assert_rejected(&carol, &transfer(&bob, 1), locked(4_000, 0, 1));
    // at the cliff a quarter of the schedule has unlocked (1,000 of 4,000 s)
    wait(&mut suite, 1);
    assert_eq!(vesting(&suite, &carol).unwrap().locked, Uint128::new(3_000));
    suite.assert_rejected(&carol, &transfer(&bob, 1_001), locked(3_000, 1_000, 1_001));
    suite.exec(&carol, &transfer(&bob, 1_000)).unwrap();
    assert_eq!(suite.balance(&carol), 3_000);
    suite.assert_rejected(&carol, &transfer(&bob, 1), locked(3_000, 0, 1));
    // half way: 2,000 unlocked in all, 1,000 of them already moved
    wait(&mut suite, 1_000);
    suite.exec(&carol, &transfer(&bob, 1_000)).unwrap();
    suite.assert_rejected(&carol, &transfer(&bob, 1), locked(2_000, 0, 1));
    // received shares are never locked
    suite.exec(&bob, &transfer(&carol, 500)).unwrap();
    suite.exec(&carol, &transfer(&bob, 500)).unwrap();
    // from the end on everything moves
    wait(&mut suite, 2_000);
    assert_eq!(vesting(&suite, &carol).unwrap().locked, Uint128::zero());
    suite.exec(&carol, &transfer(&bob, 2_000)).unwrap();
    assert_eq!(suite.balance(&carol), 0);
}

#[test]
fn locked_shares_cannot_leave_by_send_burn_or_an_allowance() {
    let mut suite = vested_suite();
    let (carol, bob, alice) = (suite.carol.clone(), suite.bob.clone(), suite.alice.clone());
    let receiver = suite.receiver();
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Send {
            contract: receiver.to_string(),
            amount: amount(1),
            msg: Binary::default(),
        },
        locked(4_000, 0, 1),
    );
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Burn { amount: amount(1) },
        locked(4_000, 0, 1),
    );
    suite
        .exec(
            &carol,
            &ExecuteMsg::IncreaseAllowance {
                spender: bob.to_string(),
                amount: amount(4_000),
                expires: None,
            },
        )
        .unwrap();
    for msg in [
        ExecuteMsg::TransferFrom {
            owner: carol.to_string(),
            recipient: alice.to_string(),
            amount: amount(1),
        },
        ExecuteMsg::SendFrom {
            owner: carol.to_string(),
            contract: receiver.to_string(),
            amount: amount(1),
            msg: Binary::default(),
        },
        ExecuteMsg::BurnFrom {
            owner: carol.to_string(),
            amount: amount(1),
        },
    ] {
        suite.assert_rejected(&bob, &msg, locked(4_000, 0, 1));
    }
}

#[test]
fn locked_shares_vote_from_the_next_block() {
    let mut suite = vested_suite();
    let carol = suite.carol.clone();
    let minted_at = suite.height();
    suite.next_block();
    assert_eq!(
        suite.voting_power(&carol, Some(minted_at + 1)),
        Uint128::new(4_000)
    );
}

#[test]
fn only_the_minter_mints_vesting_and_every_bad_schedule_is_refused() {
    let mut suite = Suite::new();
    let [alice, carol] = suite.addrs(["alice", "carol"]);
    let minter = suite.minter.clone();
    suite.assert_rejected(
        &alice,
        &mint_vesting(carol.as_str(), 10, CLIFF, DURATION),
        ContractError::Unauthorized {},
    );
    let bad = |reason: &str| ContractError::InvalidVesting {
        reason: reason.into(),
    };
    suite.assert_rejected(
        &minter,
        &mint_vesting(carol.as_str(), 10, 0, 0),
        bad("the duration must be above zero (mint without vesting instead)"),
    );
    suite.assert_rejected(
        &minter,
        &mint_vesting(carol.as_str(), 10, 11, 10),
        bad("the cliff cannot come after the end"),
    );
    suite.assert_rejected(
        &minter,
        &mint_vesting(carol.as_str(), 10, 0, MAX_VESTING_SECONDS + 1),
        bad(&format!(
            "the duration is at most {MAX_VESTING_SECONDS} seconds"
        )),
    );
    suite.assert_rejected(
        &minter,
        &mint_vesting(carol.as_str(), 0, CLIFF, DURATION),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &minter,
        &mint_vesting(carol.as_str(), CAP, CLIFF, DURATION),
        ContractError::CannotExceedCap {},
    );
    suite.assert_rejected_with(
        &minter,
        &mint_vesting(BAD_ADDRESS, 10, CLIFF, DURATION),
        is_bad_address,
    );
    suite.assert_nonpayable(&minter, &mint_vesting(carol.as_str(), 10, CLIFF, DURATION));
    // one schedule per account: a second grant would rewrite the first
    suite
        .exec(&minter, &mint_vesting(carol.as_str(), 10, 0, DURATION))
        .unwrap();
    suite.assert_rejected(
        &minter,
        &mint_vesting(carol.as_str(), 10, 0, DURATION),
        ContractError::VestingExists {},
    );
    assert_eq!(vesting(&suite, &alice), None);
}
