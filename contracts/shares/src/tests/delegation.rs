//! `delegate`: voting power (not shares, not revenue) moved to another account, checkpointed
//! like balances so the power at a proposal's start height is exact; re-delegation, taking the
//! vote back, one level only, transfers and burns of a delegating holder, escrow claims, the
//! `delegation` and `delegators` queries, and a model check that the total power never changes.

use cosmwasm_std::{Addr, Uint128};
use modelfund::shares::{DelegationResponse, Delegator, DelegatorsResponse, ExecuteMsg, QueryMsg};

use super::msgs::transfer;
use super::suite::*;
use crate::ContractError;

fn delegate(to: &Addr) -> ExecuteMsg {
    ExecuteMsg::Delegate { to: to.to_string() }
}

/// Voting power of `addr` at `height`, as a number.
fn power(suite: &Suite, addr: &Addr, height: u64) -> u128 {
    suite.voting_power(addr, Some(height)).u128()
}

/// The voting power of (alice, bob, carol) at `height`.
fn powers(suite: &Suite, height: u64) -> (u128, u128, u128) {
    (
        power(suite, &suite.alice, height),
        power(suite, &suite.bob, height),
        power(suite, &suite.carol, height),
    )
}

fn delegators(suite: &Suite, delegate: &Addr, start_after: Option<&Addr>) -> Vec<Delegator> {
    suite
        .query::<DelegatorsResponse>(&QueryMsg::Delegators {
            delegate: delegate.to_string(),
            start_after: start_after.map(|a| a.to_string()),
            limit: None,
        })
        .unwrap()
        .delegators
}

/// alice 1,000 and bob 500, one block after instantiate (so both balances count).
fn started() -> Suite {
    let mut suite = Suite::new();
    suite.next_block();
    suite
}

#[test]
fn delegate_moves_voting_power_from_the_next_block_with_events() {
    let mut suite = started();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let height = suite.height();
    let res = suite.exec(&alice, &delegate(&bob)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "delegate");
    assert_eq!(wasm_attr(&res, "delegator"), alice.to_string());
    assert_eq!(wasm_attr(&res, "from"), alice.to_string());
    assert_eq!(wasm_attr(&res, "to"), bob.to_string());
    assert_eq!(wasm_attr(&res, "power"), "1000");

    // not in the block it happened in: a proposal started there keeps the old powers
    assert_eq!(power(&suite, &alice, height), 1_000);
    assert_eq!(power(&suite, &bob, height), 500);
    // from the next block on, bob votes with both
    assert_eq!(power(&suite, &alice, height + 1), 0);
    assert_eq!(power(&suite, &bob, height + 1), 1_500);
    assert_eq!(suite.supply_at(height + 1), 1_500);
    // shares do not move
    assert_eq!(suite.balance(&alice), 1_000);
    assert_eq!(suite.balance(&bob), 500);
    assert_eq!(suite.balance_at(&alice, height + 1), 1_000);

    assert_eq!(
        suite.delegation(&alice),
        DelegationResponse {
            delegate: Some(bob.clone()),
            delegated: amount(1_000),
            received: Uint128::zero(),
            power: Uint128::zero(),
        }
    );
    assert_eq!(
        suite.delegation(&bob),
        DelegationResponse {
            delegate: None,
            delegated: Uint128::zero(),
            received: amount(1_000),
            power: amount(1_500),
        }
    );
    assert_eq!(
        delegators(&suite, &bob, None),
        vec![Delegator {
            address: alice.clone(),
            balance: amount(1_000),
        }]
    );
    // later blocks see it too, and the past does not change
    suite.advance_blocks(3);
    assert_eq!(power(&suite, &bob, suite.height()), 1_500);
    assert_eq!(power(&suite, &bob, height), 500);
}

#[test]
fn a_delegating_holders_transfers_and_burns_move_its_delegates_power() {
    let mut suite = started();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    suite.exec(&alice, &delegate(&bob)).unwrap();
    suite.next_block();

    // alice gives carol 300: bob loses their vote, carol (not delegating) gains it
    suite.exec(&alice, &transfer(&carol, 300)).unwrap();
    suite.next_block();
    let h = suite.height();
    assert_eq!(powers(&suite, h), (0, 1_200, 300));

    // carol delegates to bob as well: a move between two of bob's delegators leaves bob as he is
    suite.exec(&carol, &delegate(&bob)).unwrap();
    suite.next_block();
    assert_eq!(power(&suite, &bob, suite.height()), 1_500);
    suite.exec(&alice, &transfer(&carol, 100)).unwrap();
    suite.next_block();
    let h = suite.height();
    assert_eq!(power(&suite, &bob, h), 1_500);
    assert_eq!(suite.delegation(&bob).received, amount(1_000));

    // alice pays bob himself: his balance grows, what he received shrinks, his power stays
    suite.exec(&alice, &transfer(&bob, 100)).unwrap();
    suite.next_block();
    let h = suite.height();
    assert_eq!(power(&suite, &bob, h), 1_500);
    assert_eq!(suite.balance(&bob), 600);
    assert_eq!(suite.delegation(&bob).received, amount(900));

    // bob pays alice back: his own balance falls, her delegated balance (his power) rises
    suite.exec(&bob, &transfer(&alice, 50)).unwrap();
    suite.next_block();
    assert_eq!(power(&suite, &bob, suite.height()), 1_500);

    // a burn of a delegating holder lowers the delegate's power and the total alike
    suite
        .exec(&alice, &ExecuteMsg::Burn { amount: amount(50) })
        .unwrap();
    suite.next_block();
    let h = suite.height();
    assert_eq!(power(&suite, &bob, h), 1_450);
    assert_eq!(suite.supply_at(h), 1_450);
    assert_eq!(suite.delegation(&alice).delegated, amount(500));
}

#[test]
fn redelegation_moves_the_whole_vote_and_self_delegation_takes_it_back() {
    let mut suite = started();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    suite.exec(&alice, &delegate(&bob)).unwrap();
    suite.next_block();
    let res = suite.exec(&alice, &delegate(&carol)).unwrap();
    assert_eq!(wasm_attr(&res, "from"), bob.to_string());
    assert_eq!(wasm_attr(&res, "to"), carol.to_string());
    suite.next_block();
    let h = suite.height();
    assert_eq!(powers(&suite, h), (0, 500, 1_000));
    assert_eq!(delegators(&suite, &bob, None), vec![]);
    assert_eq!(delegators(&suite, &carol, None).len(), 1);

    // delegating to oneself ends the delegation
    let res = suite.exec(&alice, &delegate(&alice)).unwrap();
    assert_eq!(wasm_attr(&res, "from"), carol.to_string());
    assert_eq!(wasm_attr(&res, "to"), alice.to_string());
    suite.next_block();
    let h = suite.height();
    assert_eq!(powers(&suite, h), (1_000, 500, 0));
    assert_eq!(suite.delegation(&alice).delegate, None);
    assert_eq!(delegators(&suite, &carol, None), vec![]);
}

#[test]
fn delegation_is_one_level_deep() {
    let mut suite = started();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    suite.exec(&alice, &delegate(&bob)).unwrap();
    // bob delegates his own 500 to carol; what alice gave him stays his to vote
    suite.exec(&bob, &delegate(&carol)).unwrap();
    suite.next_block();
    let h = suite.height();
    assert_eq!(powers(&suite, h), (0, 1_000, 500));
    assert_eq!(
        suite.delegation(&bob),
        DelegationResponse {
            delegate: Some(carol.clone()),
            delegated: amount(500),
            received: amount(1_000),
            power: amount(1_000),
        }
    );
}

#[test]
fn delegate_and_transfer_in_one_block_count_once_from_the_next() {
    let mut suite = started();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    let h = suite.height();
    suite.exec(&alice, &transfer(&carol, 400)).unwrap();
    suite.exec(&alice, &delegate(&bob)).unwrap();
    suite.exec(&carol, &transfer(&alice, 100)).unwrap();
    suite.exec(&alice, &delegate(&carol)).unwrap();
    assert_eq!(power(&suite, &alice, h), 1_000);
    assert_eq!(power(&suite, &carol, h), 0);
    let next = h + 1;
    assert_eq!(powers(&suite, next), (0, 500, 1_000));
    assert_eq!(suite.supply_at(next), 1_500);
}

#[test]
fn a_claimed_escrow_votes_for_its_backer_before_the_claim_and_through_its_delegate_after() {
    let mut suite = started();
    let (minter, bob, carol) = (suite.minter.clone(), suite.bob.clone(), suite.carol.clone());
    suite
        .exec(
            &minter,
            &ExecuteMsg::MintEscrowed {
                amount: amount(300),
            },
        )
        .unwrap();
    let since = suite.height() + 1;
    suite.next_block();
    // carol, who holds nothing yet, delegates to bob, then claims 300 escrowed shares
    let res = suite.exec(&carol, &delegate(&bob)).unwrap();
    assert_eq!(wasm_attr(&res, "power"), "0");
    suite.next_block();
    let delegated_at = suite.height();
    suite.advance_blocks(2);
    suite
        .exec(
            &minter,
            &ExecuteMsg::ReleaseEscrowed {
                recipient: carol.to_string(),
                amount: amount(300),
            },
        )
        .unwrap();
    let claimed = suite.height() + 1;
    suite.next_block();
    // before the claim, the escrowed shares counted for carol herself (her entitlement) ...
    assert_eq!(power(&suite, &carol, since), 300);
    assert_eq!(power(&suite, &carol, delegated_at), 300);
    assert_eq!(power(&suite, &bob, delegated_at), 500);
    // ... from the claim on, they vote through bob; never twice
    assert_eq!(power(&suite, &carol, claimed), 0);
    assert_eq!(power(&suite, &bob, claimed), 800);
    for h in since..=claimed {
        let total: u128 = [&suite.alice, &bob, &carol]
            .iter()
            .map(|a| power(&suite, a, h))
            .sum();
        assert_eq!(total, suite.supply_at(h), "at {h}");
    }
}

#[test]
fn vesting_shares_delegate_their_vote() {
    let mut suite = started();
    let (minter, bob, carol) = (suite.minter.clone(), suite.bob.clone(), suite.carol.clone());
    suite
        .exec(
            &minter,
            &ExecuteMsg::MintVesting {
                recipient: carol.to_string(),
                amount: amount(400),
                cliff_seconds: 100,
                duration_seconds: 1_000,
            },
        )
        .unwrap();
    suite.exec(&carol, &delegate(&bob)).unwrap();
    suite.next_block();
    assert_eq!(power(&suite, &bob, suite.height()), 900);
    // and they still cannot be transferred
    let err = suite.exec(&carol, &transfer(&bob, 1)).unwrap_err();
    assert!(matches!(err, ContractError::Locked { .. }), "{err:?}");
}

#[test]
fn a_delegation_only_moves_the_senders_own_vote() {
    let mut suite = started();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    // carol holds nothing: her delegation to bob is recorded but moves no power, and nobody
    // else's vote
    let res = suite.exec(&carol, &delegate(&bob)).unwrap();
    assert_eq!(wasm_attr(&res, "power"), "0");
    suite.next_block();
    let h = suite.height();
    assert_eq!(powers(&suite, h), (1_000, 500, 0));
    // once she receives shares, they vote through bob
    suite.exec(&alice, &transfer(&carol, 10)).unwrap();
    suite.next_block();
    assert_eq!(power(&suite, &bob, suite.height()), 510);
}

#[test]
fn bad_delegations_change_nothing() {
    let mut suite = started();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite.assert_rejected_with(
        &alice,
        &ExecuteMsg::Delegate {
            to: BAD_ADDRESS.to_string(),
        },
        is_bad_address,
    );
    // taking back a vote never given
    suite.assert_rejected(
        &alice,
        &delegate(&alice),
        ContractError::DelegationUnchanged {
            delegate: alice.to_string(),
        },
    );
    let shares = suite.shares.clone();
    suite.assert_rejected(
        &alice,
        &delegate(&shares),
        ContractError::CannotDelegateToContract {},
    );
    suite.assert_nonpayable(&alice, &delegate(&bob));
    suite.exec(&alice, &delegate(&bob)).unwrap();
    // the same delegation twice
    suite.assert_rejected(
        &alice,
        &delegate(&bob),
        ContractError::DelegationUnchanged {
            delegate: bob.to_string(),
        },
    );
}

#[test]
fn delegators_are_listed_in_pages() {
    let mut suite = started();
    let bob = suite.bob.clone();
    let alice = suite.alice.clone();
    let mut holders: Vec<Addr> = (0..12).map(|i| suite.addr(&format!("holder{i}"))).collect();
    for (i, holder) in holders.iter().enumerate() {
        suite
            .exec(&alice, &transfer(holder, i as u128 + 1))
            .unwrap();
        suite.exec(holder, &delegate(&bob)).unwrap();
    }
    holders.sort();
    let first = delegators(&suite, &bob, None);
    assert_eq!(first.len(), 10, "the default page");
    let rest = delegators(&suite, &bob, Some(&first[9].address));
    let listed: Vec<Addr> = first
        .iter()
        .chain(&rest)
        .map(|d| d.address.clone())
        .collect();
    assert_eq!(listed, holders);
    let total: u128 = first.iter().chain(&rest).map(|d| d.balance.u128()).sum();
    assert_eq!(total, (1..=12).sum::<u128>());
    assert_eq!(suite.delegation(&bob).received.u128(), total);
}

/// A deterministic random walk of transfers, burns, delegations and re-delegations among five
/// accounts, checked against a plain model at every height: each account's power is what it
/// received plus its own balance unless it delegates, and the powers always sum to the supply.
#[test]
fn power_matches_the_model_and_sums_to_the_supply_at_every_height() {
    let mut suite = started();
    let people: Vec<Addr> = vec![
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        suite.addr("dave"),
        suite.addr("erin"),
    ];
    let mut balances = [1_000u128, 500, 0, 0, 0];
    let mut delegates: [Option<usize>; 5] = [None; 5];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut expected: Vec<(u64, [u128; 5])> = vec![];
    for _ in 0..60 {
        let who = next(5) as usize;
        match next(3) {
            0 => {
                let to = next(5) as usize;
                let n = next(200) as u128 + 1;
                let res = suite.exec(&people[who], &transfer(&people[to], n));
                if to != who && balances[who] >= n {
                    res.unwrap();
                    balances[who] -= n;
                    balances[to] += n;
                } else {
                    assert!(res.is_err());
                }
            }
            1 => {
                let to = next(5) as usize;
                let target = (to != who).then_some(to);
                let res = suite.exec(&people[who], &delegate(&people[to]));
                if target != delegates[who] {
                    res.unwrap();
                    delegates[who] = target;
                } else {
                    assert!(res.is_err());
                }
            }
            _ => {
                let n = next(50) as u128 + 1;
                let res = suite.exec(&people[who], &ExecuteMsg::Burn { amount: amount(n) });
                if balances[who] >= n {
                    res.unwrap();
                    balances[who] -= n;
                } else {
                    assert!(res.is_err());
                }
            }
        }
        let mut powers = [0u128; 5];
        for i in 0..5 {
            match delegates[i] {
                Some(d) => powers[d] += balances[i],
                None => powers[i] += balances[i],
            }
        }
        expected.push((suite.height() + 1, powers));
        if next(2) == 0 {
            suite.next_block();
        }
    }
    suite.next_block();
    // the last state of each height is what that height's successor sees
    for (height, powers) in
        expected
            .iter()
            .rev()
            .fold(Vec::<(u64, [u128; 5])>::new(), |mut acc, e| {
                if acc.last().map(|l| l.0) != Some(e.0) {
                    acc.push(*e);
                }
                acc
            })
    {
        let got: Vec<u128> = people.iter().map(|p| power(&suite, p, height)).collect();
        assert_eq!(got, powers.to_vec(), "powers at {height}");
        assert_eq!(
            got.iter().sum::<u128>(),
            suite.supply_at(height),
            "total at {height}"
        );
    }
}
