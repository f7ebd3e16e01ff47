//! Height snapshots: balance_at_height, total_supply_at_height and the DAO DAO voting queries;
//! all_accounts pagination.

use cw20::AllAccountsResponse;
use modelfund::paging::PAGE;
use modelfund::shares::{
    ExecuteMsg, QueryMsg, TotalPowerAtHeightResponse, VotingPowerAtHeightResponse,
};

use super::msgs::{mint, transfer};
use super::suite::*;

fn power(
    suite: &Suite,
    addr: &cosmwasm_std::Addr,
    height: Option<u64>,
) -> VotingPowerAtHeightResponse {
    suite
        .query(&QueryMsg::VotingPowerAtHeight {
            address: addr.to_string(),
            height,
        })
        .unwrap()
}

fn total_power(suite: &Suite, height: Option<u64>) -> TotalPowerAtHeightResponse {
    suite
        .query(&QueryMsg::TotalPowerAtHeight { height })
        .unwrap()
}

#[test]
fn a_change_in_block_h_counts_from_h_plus_1() {
    let mut suite = Suite::new();
    let (alice, carol) = (suite.alice.clone(), suite.carol.clone());
    // instantiated at `start`: the initial balances count from start + 1
    let start = suite.height();
    assert_eq!(suite.balance_at(&alice, start), 0);
    assert_eq!(suite.supply_at(start), 0);
    assert_eq!(suite.balance_at(&alice, start - 100), 0);
    suite.next_block();
    let h = suite.height();
    assert_eq!(suite.balance_at(&alice, h), ALICE_START);
    assert_eq!(suite.supply_at(h), 1_500);

    // block h: two transfers to carol
    suite.exec(&alice, &transfer(&carol, 100)).unwrap();
    suite.exec(&alice, &transfer(&carol, 50)).unwrap();
    assert_eq!(suite.balance(&carol), 150);
    assert_eq!(suite.balance_at(&carol, h), 0);
    assert_eq!(suite.balance_at(&alice, h), ALICE_START);

    suite.next_block();
    assert_eq!(suite.balance_at(&carol, h + 1), 150);
    assert_eq!(suite.balance_at(&alice, h + 1), ALICE_START - 150);
    // the past does not move
    assert_eq!(suite.balance_at(&carol, h), 0);
    assert_eq!(suite.balance_at(&alice, h), ALICE_START);
    assert_eq!(suite.balance_at(&alice, start), 0);

    // carol passes some on in block h + 1: each height keeps its own value
    suite.exec(&carol, &transfer(&alice, 40)).unwrap();
    suite.advance_blocks(3);
    assert_eq!(suite.balance_at(&carol, h), 0);
    assert_eq!(suite.balance_at(&carol, h + 1), 150);
    assert_eq!(suite.balance_at(&carol, h + 2), 110);
    assert_eq!(suite.balance_at(&carol, h + 4), 110);
    assert_eq!(suite.balance_at(&alice, h + 2), ALICE_START - 110);
    // transfers never change the supply at any height
    for height in h..=h + 4 {
        assert_eq!(suite.supply_at(height), 1_500);
    }
}

#[test]
fn voting_power_ignores_tokens_received_after_the_height() {
    let mut suite = Suite::new();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    suite.next_block();
    // a proposal starts at `snapshot`
    let snapshot = suite.height();
    suite.next_block();
    // shares bought (or moved) after the start do not vote
    suite.exec(&alice, &transfer(&carol, 600)).unwrap();
    suite.next_block();

    assert_eq!(
        power(&suite, &carol, Some(snapshot)),
        VotingPowerAtHeightResponse {
            power: amount(0),
            height: snapshot,
        }
    );
    assert_eq!(
        power(&suite, &alice, Some(snapshot)).power,
        amount(ALICE_START)
    );
    assert_eq!(power(&suite, &bob, Some(snapshot)).power, amount(BOB_START));
    // so alice cannot vote twice by passing her shares on
    let counted: u128 = [&alice, &bob, &carol]
        .iter()
        .map(|a| power(&suite, a, Some(snapshot)).power.u128())
        .sum();
    assert_eq!(counted, total_power(&suite, Some(snapshot)).power.u128());
    assert_eq!(
        total_power(&suite, Some(snapshot)),
        TotalPowerAtHeightResponse {
            power: amount(1_500),
            height: snapshot,
        }
    );

    // no height: the current balance, answered at the current block height
    let now = suite.height();
    assert_eq!(
        power(&suite, &carol, None),
        VotingPowerAtHeightResponse {
            power: amount(600),
            height: now,
        }
    );
    assert_eq!(power(&suite, &alice, None).power, amount(ALICE_START - 600));
    assert_eq!(
        total_power(&suite, None),
        TotalPowerAtHeightResponse {
            power: amount(1_500),
            height: now,
        }
    );
    // a bad address is an error, not zero power
    assert!(suite
        .query::<VotingPowerAtHeightResponse>(&QueryMsg::VotingPowerAtHeight {
            address: BAD_ADDRESS.into(),
            height: None,
        })
        .is_err());
}

#[test]
fn total_supply_at_height_follows_mint_and_burn() {
    let mut suite = Suite::new();
    let [alice, bob, carol] = suite.addrs(["alice", "bob", "carol"]);
    let minter = suite.minter.clone();
    suite.next_block();
    let h0 = suite.height();
    suite.exec(&minter, &mint(&carol, 200)).unwrap();
    suite.next_block();
    let h1 = suite.height();
    suite
        .exec(&bob, &ExecuteMsg::Burn { amount: amount(50) })
        .unwrap();
    suite
        .exec(
            &alice,
            &ExecuteMsg::IncreaseAllowance {
                spender: bob.to_string(),
                amount: amount(30),
                expires: None,
            },
        )
        .unwrap();
    suite
        .exec(
            &bob,
            &ExecuteMsg::BurnFrom {
                owner: alice.to_string(),
                amount: amount(30),
            },
        )
        .unwrap();
    suite.next_block();
    let h2 = suite.height();

    assert_eq!(suite.supply_at(h0), 1_500);
    assert_eq!(suite.supply_at(h1), 1_700);
    assert_eq!(suite.supply_at(h2), 1_620);
    assert_eq!(suite.supply(), 1_620);
    assert_eq!(suite.balance_at(&carol, h0), 0);
    assert_eq!(suite.balance_at(&carol, h1), 200);
    assert_eq!(suite.balance_at(&bob, h1), BOB_START);
    assert_eq!(suite.balance_at(&bob, h2), BOB_START - 50);
    assert_eq!(suite.balance_at(&alice, h2), ALICE_START - 30);
    assert_eq!(total_power(&suite, Some(h1)).power, amount(1_700));

    // at every height the supply is the sum of the balances
    for height in [h0, h1, h2] {
        let sum: u128 = [&alice, &bob, &carol]
            .iter()
            .map(|a| suite.balance_at(a, height))
            .sum();
        assert_eq!(sum, suite.supply_at(height), "height {height}");
    }
}

#[test]
fn all_accounts_paginates_and_caps() {
    let mut suite = Suite::new();
    let minter = suite.minter.clone();
    let holders: Vec<_> = (0..35).map(|i| suite.addr(&format!("holder{i}"))).collect();
    for h in &holders {
        suite.exec(&minter, &mint(h, 1)).unwrap();
    }
    let page = |suite: &Suite, start_after: Option<String>, limit: Option<u32>| -> Vec<String> {
        suite
            .query::<AllAccountsResponse>(&QueryMsg::AllAccounts { start_after, limit })
            .unwrap()
            .accounts
    };
    assert_eq!(page(&suite, None, None).len(), PAGE.default as usize);
    assert_eq!(page(&suite, None, Some(1_000)).len(), PAGE.max as usize);

    // walk every page of 8: all 37 holders (alice, bob and the minted ones), sorted, once each
    let mut seen: Vec<String> = vec![];
    let mut start = None;
    loop {
        let accounts = page(&suite, start.clone(), Some(8));
        if accounts.is_empty() {
            break;
        }
        start = accounts.last().cloned();
        seen.extend(accounts);
    }
    let mut expected: Vec<String> = holders.iter().map(|h| h.to_string()).collect();
    expected.push(suite.alice.to_string());
    expected.push(suite.bob.to_string());
    expected.sort();
    assert_eq!(seen, expected);

    // an account that spent everything is still listed (cw20-base semantics)
    let (bob, alice) = (suite.bob.clone(), suite.alice.clone());
    suite.exec(&bob, &transfer(&alice, BOB_START)).unwrap();
    assert_eq!(suite.balance(&bob), 0);
    let all: Vec<String> = [
        page(&suite, None, Some(30)),
        page(&suite, Some(seen[29].clone()), Some(30)),
    ]
    .concat();
    assert!(all.contains(&bob.to_string()));

    assert!(suite
        .query::<AllAccountsResponse>(&QueryMsg::AllAccounts {
            start_after: Some(BAD_ADDRESS.into()),
            limit: None,
        })
        .is_err());
}
