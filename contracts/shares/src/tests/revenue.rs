//! Revenue: distribute, sweep, claim_revenue, set_splits, set_revenue_denoms,
//! update_revenue_admin and their queries; revenue following the holder through every balance
//! change; zero supply; rounding; lazy settlement writes.

use std::cell::Cell;

use cosmwasm_std::testing::{mock_dependencies, MockApi, MockStorage};
use cosmwasm_std::{coins, from_json, Addr, Binary, Coin, Order, Record, Storage, Uint128};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::revenue::{RevenueError, Split, MAX_REVENUE_DENOMS, MAX_SPLITS};
use modelfund::shares::{
    ClaimableRevenueResponse, ExecuteMsg, InstantiateMsg, QueryMsg, RevenueConfigResponse,
    RevenueInit,
};

use super::msgs::{mint, transfer};
use super::suite::*;
use crate::revenue::{ACCRUALS, REVENUE_INDEX};
use crate::state::move_balance;
use crate::ContractError;

fn claimable(suite: &Suite, addr: &Addr) -> Vec<Coin> {
    suite
        .query::<ClaimableRevenueResponse>(&QueryMsg::ClaimableRevenue {
            address: addr.to_string(),
        })
        .unwrap()
        .claimable
}

fn config(suite: &Suite) -> RevenueConfigResponse {
    suite.query(&QueryMsg::RevenueConfig {}).unwrap()
}

fn bank(suite: &Suite, addr: &Addr, denom: &str) -> u128 {
    suite
        .app
        .wrap()
        .query_balance(addr, denom)
        .unwrap()
        .amount
        .u128()
}

fn inj(n: u128) -> Vec<Coin> {
    coins(n, DENOM)
}

fn distribute(suite: &mut Suite, funds: &[Coin]) -> cw_multi_test::AppResponse {
    let carol = suite.carol.clone();
    suite
        .exec_funds(&carol, &ExecuteMsg::Distribute {}, funds)
        .unwrap()
}

fn claim(suite: &mut Suite, who: &Addr) -> Result<cw_multi_test::AppResponse, ContractError> {
    suite.exec(who, &ExecuteMsg::ClaimRevenue {})
}

fn set_splits(splits: Vec<Split>) -> ExecuteMsg {
    ExecuteMsg::SetSplits { splits }
}

fn split(addr: &Addr, bps: u16) -> Split {
    Split {
        address: addr.to_string(),
        bps,
        label: "contribution".into(),
    }
}

/// Runs `msg` with `funds` from `sender`, expects `expected`, and checks nothing changed.
fn assert_rejected_funds(
    suite: &mut Suite,
    sender: &Addr,
    msg: &ExecuteMsg,
    funds: &[Coin],
    expected: ContractError,
) {
    let before = suite.fingerprint();
    let err = suite.exec_funds(sender, msg, funds).unwrap_err();
    assert_eq!(err, expected, "{msg:?} with {funds:?}");
    assert_eq!(suite.fingerprint(), before, "state changed by {msg:?}");
}

#[test]
fn instantiate_with_revenue_and_old_json_without_it() {
    let suite = Suite::with_revenue();
    let (admin, dataset, finetuner) = (
        suite.admin.clone(),
        suite.addr("dataset"),
        suite.addr("finetuner"),
    );
    assert_eq!(
        config(&suite),
        RevenueConfigResponse {
            admin: Some(admin.clone()),
            denoms: vec![DENOM.into(), USDC.into()],
            splits: revenue_init(&admin, &dataset, &finetuner).splits,
            distributed: vec![Coin::new(0u128, DENOM), Coin::new(0u128, USDC)],
            owed: vec![Coin::new(0u128, DENOM), Coin::new(0u128, USDC)],
        }
    );

    // the JSON of the previous version (no `revenue` field) still instantiates: no revenue
    let mut app = funded_app();
    let code = app.store_code(shares_contract());
    let alice = app.api().addr_make("alice");
    let json = format!(
        r#"{{"name":"Tiny LLM shares","symbol":"TLLM","decimals":6,
            "initial_balances":[{{"address":"{alice}","amount":"10"}}],"mint":null,"marketing":null}}"#
    );
    let msg: InstantiateMsg = from_json(json.as_bytes()).unwrap();
    assert_eq!(msg.revenue, None);
    let (old, res) = instantiate(&mut app, code, &alice, &msg, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "revenue_denoms"), "None");
    let cfg: RevenueConfigResponse = app
        .wrap()
        .query_wasm_smart(&old, &QueryMsg::RevenueConfig {})
        .unwrap();
    assert_eq!(
        cfg,
        RevenueConfigResponse {
            admin: None,
            denoms: vec![],
            splits: vec![],
            distributed: vec![],
            owed: vec![],
        }
    );
    let err = app
        .execute_contract(
            alice.clone(),
            old.clone(),
            &ExecuteMsg::Distribute {},
            &inj(5),
        )
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap();
    assert_eq!(
        err,
        ContractError::NotRevenueDenom {
            denom: DENOM.into()
        }
    );
    let err = app
        .execute_contract(alice.clone(), old, &ExecuteMsg::ClaimRevenue {}, &[])
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap();
    assert_eq!(err, ContractError::NothingToClaim {});
}

#[test]
fn instantiate_rejects_bad_revenue_config() {
    let mut app = funded_app();
    let code = app.store_code(shares_contract());
    let api = MockApi::default();
    let (admin, alice, bob) = (
        api.addr_make("admin"),
        api.addr_make("alice"),
        api.addr_make("bob"),
    );
    let (minter, marketing) = (api.addr_make("presale"), api.addr_make("marketing"));
    let good = revenue_init(&admin, &alice, &bob);
    let cases: Vec<(RevenueInit, ContractError)> = vec![
        (
            RevenueInit {
                denoms: vec![],
                ..good.clone()
            },
            RevenueError::InvalidDenomCount {
                max: MAX_REVENUE_DENOMS,
            }
            .into(),
        ),
        (
            RevenueInit {
                denoms: (0..=MAX_REVENUE_DENOMS)
                    .map(|i| format!("denom{i}"))
                    .collect(),
                ..good.clone()
            },
            RevenueError::InvalidDenomCount {
                max: MAX_REVENUE_DENOMS,
            }
            .into(),
        ),
        (
            RevenueInit {
                denoms: vec!["inj".into(), "inj".into()],
                ..good.clone()
            },
            RevenueError::DuplicateDenom {
                denom: "inj".into(),
            }
            .into(),
        ),
        (
            RevenueInit {
                denoms: vec!["1nj".into()],
                ..good.clone()
            },
            RevenueError::InvalidDenom {
                denom: "1nj".into(),
            }
            .into(),
        ),
        (
            RevenueInit {
                splits: vec![split(&alice, 6_000), split(&bob, 4_001)],
                ..good.clone()
            },
            RevenueError::SplitsOverTotal { total: 10_001 }.into(),
        ),
        (
            RevenueInit {
                splits: vec![split(&alice, 0)],
                ..good.clone()
            },
            RevenueError::ZeroSplitBps {
                address: alice.to_string(),
            }
            .into(),
        ),
    ];
    for (revenue, expected) in cases {
        let mut msg = instantiate_msg(&alice, &bob, &minter, &marketing);
        msg.revenue = Some(revenue);
        let err = instantiate(&mut app, code, &admin, &msg, &[]).unwrap_err();
        assert_eq!(err, expected);
    }
    let mut msg = instantiate_msg(&alice, &bob, &minter, &marketing);
    msg.revenue = Some(RevenueInit {
        admin: Some(BAD_ADDRESS.into()),
        ..good
    });
    assert!(is_bad_address(
        &instantiate(&mut app, code, &admin, &msg, &[]).unwrap_err()
    ));
}

#[test]
fn distribute_pays_splits_first_then_holders_pro_rata_with_events() {
    let mut suite = Suite::with_revenue();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    let (dataset, finetuner) = (suite.addr("dataset"), suite.addr("finetuner"));
    let res = distribute(&mut suite, &inj(10_000));
    assert_eq!(wasm_attr(&res, "action"), "distribute");
    assert_eq!(wasm_attr(&res, "by"), carol.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "10000inj");
    // 10 % + 5 % to the contributors, 8,500 to alice (1000/1500) and bob (500/1500)
    assert_eq!(wasm_attr(&res, "to_splits"), "1500inj");
    assert_eq!(wasm_attr(&res, "to_holders"), "8500inj");
    assert_eq!(claimable(&suite, &dataset), inj(1_000));
    assert_eq!(claimable(&suite, &finetuner), inj(500));
    assert_eq!(claimable(&suite, &alice), inj(5_666));
    assert_eq!(claimable(&suite, &bob), inj(2_833));
    assert_eq!(claimable(&suite, &carol), vec![]);
    assert_eq!(bank(&suite, &suite.shares.clone(), DENOM), 10_000);

    // two denoms at once
    let funds = vec![Coin::new(3_000u128, DENOM), Coin::new(300u128, USDC)];
    let res = distribute(&mut suite, &funds);
    assert_eq!(wasm_attr(&res, "amount"), "3000inj,300uusdc");
    assert_eq!(wasm_attr(&res, "to_splits"), "450inj,45uusdc");
    assert_eq!(wasm_attr(&res, "to_holders"), "2550inj,255uusdc");
    assert_eq!(
        claimable(&suite, &alice),
        vec![
            Coin::new(5_666u128 + 1_700, DENOM),
            Coin::new(170u128, USDC)
        ]
    );
    assert_eq!(
        claimable(&suite, &bob),
        // 2,833.33 + 850 = 3,683.33
        vec![Coin::new(3_683u128, DENOM), Coin::new(85u128, USDC)]
    );
    let cfg = config(&suite);
    assert_eq!(
        cfg.distributed,
        vec![Coin::new(13_000u128, DENOM), Coin::new(300u128, USDC)]
    );
    // everything accounted is owed until claimed (nothing was claimed yet)
    assert_eq!(
        cfg.owed,
        vec![Coin::new(13_000u128, DENOM), Coin::new(300u128, USDC)]
    );
}

#[test]
fn distribute_rejects_bad_funds_and_changes_nothing() {
    let mut suite = Suite::with_revenue();
    let carol = suite.carol.clone();
    let msg = ExecuteMsg::Distribute {};
    assert_rejected_funds(
        &mut suite,
        &carol,
        &msg,
        &[],
        ContractError::Payment(PaymentError::NoFunds {}),
    );
    assert_rejected_funds(
        &mut suite,
        &carol,
        &msg,
        &coins(10, ATOM),
        ContractError::NotRevenueDenom { denom: ATOM.into() },
    );
    // one accepted denom and an extra one: nothing is accounted
    assert_rejected_funds(
        &mut suite,
        &carol,
        &msg,
        &[Coin::new(10u128, ATOM), Coin::new(10u128, DENOM)],
        ContractError::NotRevenueDenom { denom: ATOM.into() },
    );
    assert_eq!(config(&suite).distributed[0].amount, Uint128::zero());
    // the other messages take no funds
    for msg in [
        ExecuteMsg::ClaimRevenue {},
        ExecuteMsg::Sweep {
            denom: DENOM.into(),
        },
        ExecuteMsg::UpdateRevenueAdmin { admin: None },
    ] {
        suite.assert_nonpayable(&carol, &msg);
    }
}

#[test]
fn claim_pays_holder_and_split_revenue_once() {
    let mut suite = Suite::with_revenue();
    let [admin, alice, carol] = suite.addrs(["admin", "alice", "carol"]);
    let dataset = suite.addr("dataset");
    distribute(&mut suite, &inj(10_000));
    distribute(&mut suite, &coins(1_000, USDC));

    let before = bank(&suite, &alice, DENOM);
    let res = claim(&mut suite, &alice).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "claim_revenue");
    assert_eq!(wasm_attr(&res, "to"), alice.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "5666inj,566uusdc");
    assert_eq!(bank(&suite, &alice, DENOM), before + 5_666);
    assert_eq!(claimable(&suite, &alice), vec![]);
    // the second claim pays nothing and changes nothing
    suite.assert_rejected(
        &alice,
        &ExecuteMsg::ClaimRevenue {},
        ContractError::NothingToClaim {},
    );
    assert_eq!(bank(&suite, &alice, DENOM), before + 5_666);
    // nobody else can claim alice's or the contributors' revenue
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::ClaimRevenue {},
        ContractError::NothingToClaim {},
    );

    // a contributor claims its split
    let res = claim(&mut suite, &dataset).unwrap();
    assert_eq!(wasm_attr(&res, "amount"), "1000inj,100uusdc");
    assert_eq!(bank(&suite, &dataset, DENOM), 1_000);
    suite.assert_rejected(
        &dataset,
        &ExecuteMsg::ClaimRevenue {},
        ContractError::NothingToClaim {},
    );

    // a contributor who also holds shares gets both in one claim
    suite
        .exec(&admin, &set_splits(vec![split(&alice, 2_000)]))
        .unwrap();
    distribute(&mut suite, &inj(1_500));
    // 300 split + 1,200 × 1000/1500 = 800 as a holder
    assert_eq!(claimable(&suite, &alice), inj(1_100));
    let res = claim(&mut suite, &alice).unwrap();
    assert_eq!(wasm_attr(&res, "amount"), "1100inj");
}

#[test]
fn set_splits_by_the_admin_only_and_for_later_distributions() {
    let mut suite = Suite::with_revenue();
    let [admin, alice, carol] = suite.addrs(["admin", "alice", "carol"]);
    let dataset = suite.addr("dataset");
    distribute(&mut suite, &inj(1_000));
    let res = suite
        .exec(&admin, &set_splits(vec![split(&carol, 10_000)]))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "set_splits");
    assert_eq!(wasm_attr(&res, "by"), admin.to_string());
    assert_eq!(wasm_attr(&res, "splits"), "1");
    assert_eq!(wasm_attr(&res, "total_bps"), "10000");
    assert_eq!(config(&suite).splits, vec![split(&carol, 10_000)]);
    // the dataset provider keeps what it accrued; 100 % now goes to carol
    distribute(&mut suite, &inj(1_000));
    assert_eq!(claimable(&suite, &dataset), inj(100));
    assert_eq!(claimable(&suite, &carol), inj(1_000));
    assert_eq!(claimable(&suite, &alice), inj(566));
    // no splits at all
    suite.exec(&admin, &set_splits(vec![])).unwrap();
    assert_eq!(config(&suite).splits, vec![]);
}

#[test]
fn set_splits_rejects_bad_input_and_changes_nothing() {
    let mut suite = Suite::with_revenue();
    let (admin, alice, bob) = (suite.admin.clone(), suite.alice.clone(), suite.bob.clone());
    for sender in [&alice, &suite.minter.clone(), &suite.addr("dataset")] {
        suite.assert_rejected(
            sender,
            &set_splits(vec![split(&alice, 1)]),
            ContractError::Unauthorized {},
        );
    }
    suite.assert_rejected(
        &admin,
        &set_splits(vec![split(&alice, 5_000), split(&bob, 5_001)]),
        RevenueError::SplitsOverTotal { total: 10_001 }.into(),
    );
    suite.assert_rejected(
        &admin,
        &set_splits(vec![split(&alice, 1), split(&alice, 2)]),
        RevenueError::DuplicateSplitAddress {
            address: alice.to_string(),
        }
        .into(),
    );
    let many = (0..=MAX_SPLITS)
        .map(|i| split(&suite.addr(&format!("c{i}")), 1))
        .collect();
    suite.assert_rejected(
        &admin,
        &set_splits(many),
        RevenueError::TooManySplits { max: MAX_SPLITS }.into(),
    );
    suite.assert_rejected(
        &admin,
        &set_splits(vec![split(&alice, 0)]),
        RevenueError::ZeroSplitBps {
            address: alice.to_string(),
        }
        .into(),
    );
    suite.assert_rejected(
        &admin,
        &set_splits(vec![Split {
            address: BAD_ADDRESS.into(),
            bps: 1,
            label: String::new(),
        }]),
        RevenueError::InvalidSplitAddress {
            address: BAD_ADDRESS.into(),
        }
        .into(),
    );
    suite.assert_nonpayable(&admin, &set_splits(vec![]));
    // a token without revenue has no admin
    let mut plain = Suite::new();
    let admin = plain.admin.clone();
    plain.assert_rejected(&admin, &set_splits(vec![]), ContractError::Unauthorized {});
}

#[test]
fn set_revenue_denoms_only_adds() {
    let mut suite = Suite::with_revenue();
    let (admin, alice) = (suite.admin.clone(), suite.alice.clone());
    distribute(&mut suite, &inj(1_500));
    let denoms = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let res = suite
        .exec(
            &admin,
            &ExecuteMsg::SetRevenueDenoms {
                denoms: denoms(&[ATOM, DENOM, USDC]),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "set_revenue_denoms");
    assert_eq!(wasm_attr(&res, "by"), admin.to_string());
    assert_eq!(wasm_attr(&res, "added"), ATOM);
    assert_eq!(wasm_attr(&res, "denoms"), "inj,uusdc,uatom");
    assert_eq!(config(&suite).denoms, denoms(&[DENOM, USDC, ATOM]));
    // accrued revenue is untouched; the new denom is accepted from now on
    assert_eq!(claimable(&suite, &alice), inj(850));
    distribute(&mut suite, &coins(1_500, ATOM));
    assert_eq!(
        claimable(&suite, &alice),
        vec![Coin::new(850u128, DENOM), Coin::new(850u128, ATOM)]
    );

    let set = |d: Vec<String>| ExecuteMsg::SetRevenueDenoms { denoms: d };
    suite.assert_rejected(
        &alice,
        &set(denoms(&[DENOM, USDC, ATOM, "ufoo"])),
        ContractError::Unauthorized {},
    );
    suite.assert_rejected(
        &admin,
        &set(denoms(&[DENOM, ATOM])),
        ContractError::RevenueDenomRemoved { denom: USDC.into() },
    );
    suite.assert_rejected(
        &admin,
        &set(denoms(&[DENOM, USDC, ATOM, "aaa", "bbb", "ccc"])),
        RevenueError::InvalidDenomCount {
            max: MAX_REVENUE_DENOMS,
        }
        .into(),
    );
    suite.assert_rejected(
        &admin,
        &set(denoms(&[DENOM, USDC, ATOM, "x!"])),
        RevenueError::InvalidDenom { denom: "x!".into() }.into(),
    );
    suite.assert_rejected(
        &admin,
        &set(denoms(&[DENOM, USDC, ATOM, ATOM])),
        RevenueError::DuplicateDenom { denom: ATOM.into() }.into(),
    );
    suite.assert_nonpayable(&admin, &set(denoms(&[DENOM, USDC, ATOM])));
}

#[test]
fn update_revenue_admin_hands_over_and_can_renounce() {
    let mut suite = Suite::with_revenue();
    let (admin, alice) = (suite.admin.clone(), suite.alice.clone());
    let dao = suite.addr("dao");
    let to = |a: Option<&Addr>| ExecuteMsg::UpdateRevenueAdmin {
        admin: a.map(|a| a.to_string()),
    };
    suite.assert_rejected(&alice, &to(Some(&alice)), ContractError::Unauthorized {});
    suite.assert_rejected_with(
        &admin,
        &ExecuteMsg::UpdateRevenueAdmin {
            admin: Some(BAD_ADDRESS.into()),
        },
        is_bad_address,
    );
    let res = suite.exec(&admin, &to(Some(&dao))).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "update_revenue_admin");
    assert_eq!(wasm_attr(&res, "by"), admin.to_string());
    assert_eq!(wasm_attr(&res, "admin"), dao.to_string());
    assert_eq!(config(&suite).admin, Some(dao.clone()));
    suite.assert_rejected(&admin, &set_splits(vec![]), ContractError::Unauthorized {});
    let res = suite.exec(&dao, &to(None)).unwrap();
    assert_eq!(wasm_attr(&res, "admin"), "None");
    assert_eq!(config(&suite).admin, None);
    suite.assert_rejected(&dao, &to(Some(&dao)), ContractError::Unauthorized {});
}

#[test]
fn revenue_is_refused_while_nobody_holds_shares() {
    let mut suite = Suite::with_revenue();
    let [alice, bob, carol] = suite.addrs(["alice", "bob", "carol"]);
    let minter = suite.minter.clone();
    for (who, start) in [(&alice, ALICE_START), (&bob, BOB_START)] {
        suite
            .exec(
                who,
                &ExecuteMsg::Burn {
                    amount: amount(start),
                },
            )
            .unwrap();
    }
    assert_eq!(suite.supply(), 0);
    // nobody could ever claim it: refused, and nothing changes (the coins go back with the
    // failed transaction)
    suite.assert_rejected_with_funds(
        &carol,
        &ExecuteMsg::Distribute {},
        &inj(1_000),
        ContractError::NoHolders {},
    );
    // stray coins cannot be swept into revenue without holders either
    suite
        .app
        .send_tokens(carol.clone(), suite.shares.clone(), &inj(500))
        .unwrap();
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Sweep {
            denom: DENOM.into(),
        },
        ContractError::NoHolders {},
    );
    // a holder minted now receives the next distribution whole (after the splits), and the
    // stray coins with a sweep
    suite.exec(&minter, &mint(&carol, 100)).unwrap();
    let res = distribute(&mut suite, &inj(1_000));
    assert_eq!(wasm_attr(&res, "to_holders"), "850inj");
    let res = suite
        .exec(
            &carol,
            &ExecuteMsg::Sweep {
                denom: DENOM.into(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "amount"), "500inj");
    assert_eq!(claimable(&suite, &carol), inj(850 + 425));
    assert_eq!(config(&suite).distributed[0], Coin::new(1_500u128, DENOM));
}

#[test]
fn revenue_follows_the_holder_at_distribution_time() {
    // just before: the buyer earns it
    let mut suite = Suite::with_revenue();
    let (alice, bob, carol) = (suite.alice.clone(), suite.bob.clone(), suite.carol.clone());
    suite.exec(&alice, &transfer(&carol, ALICE_START)).unwrap();
    distribute(&mut suite, &inj(15_000));
    assert_eq!(claimable(&suite, &alice), vec![]);
    assert_eq!(claimable(&suite, &carol), inj(8_500));
    assert_eq!(claimable(&suite, &bob), inj(4_250));

    // just after (same block): the seller keeps it, the buyer earns only the next one
    let mut suite = Suite::with_revenue();
    distribute(&mut suite, &inj(15_000));
    suite.exec(&alice, &transfer(&carol, ALICE_START)).unwrap();
    assert_eq!(claimable(&suite, &alice), inj(8_500));
    assert_eq!(claimable(&suite, &carol), vec![]);
    distribute(&mut suite, &inj(15_000));
    assert_eq!(claimable(&suite, &alice), inj(8_500));
    assert_eq!(claimable(&suite, &carol), inj(8_500));
    assert_eq!(claimable(&suite, &bob), inj(8_500));
    // and back and forth between distributions changes nothing
    suite.exec(&carol, &transfer(&alice, 400)).unwrap();
    suite.exec(&alice, &transfer(&carol, 400)).unwrap();
    assert_eq!(claimable(&suite, &alice), inj(8_500));
    assert_eq!(claimable(&suite, &carol), inj(8_500));
}

#[test]
fn revenue_through_mint_burn_allowances_and_send() {
    let mut suite = Suite::with_revenue();
    let [alice, bob, carol] = suite.addrs(["alice", "bob", "carol"]);
    let minter = suite.minter.clone();
    let receiver = suite.receiver();
    distribute(&mut suite, &inj(1_500)); // 1,275 to holders: alice 850, bob 425
                                         // mint after: carol earns only later revenue
    suite.exec(&minter, &mint(&carol, 500)).unwrap();
    // burn after: bob keeps what he earned, then earns on what is left
    suite
        .exec(
            &bob,
            &ExecuteMsg::Burn {
                amount: amount(250),
            },
        )
        .unwrap();
    // transfer_from: alice's spender moves 250 of hers to carol
    suite
        .exec(
            &alice,
            &ExecuteMsg::IncreaseAllowance {
                spender: bob.to_string(),
                amount: amount(500),
                expires: None,
            },
        )
        .unwrap();
    suite
        .exec(
            &bob,
            &ExecuteMsg::TransferFrom {
                owner: alice.to_string(),
                recipient: carol.to_string(),
                amount: amount(250),
            },
        )
        .unwrap();
    // send: alice sends 250 to a contract, which holds shares like anyone
    suite
        .exec(
            &alice,
            &ExecuteMsg::Send {
                contract: receiver.to_string(),
                amount: amount(250),
                msg: Binary::from(b"{}".as_slice()),
            },
        )
        .unwrap();
    // burn_from: bob burns 250 of alice's
    suite
        .exec(
            &bob,
            &ExecuteMsg::BurnFrom {
                owner: alice.to_string(),
                amount: amount(250),
            },
        )
        .unwrap();
    assert_eq!(claimable(&suite, &alice), inj(850));
    assert_eq!(claimable(&suite, &bob), inj(425));
    assert_eq!(claimable(&suite, &carol), vec![]);
    assert_eq!(claimable(&suite, &receiver), vec![]);
    // now alice 250, bob 250, carol 750, receiver 250: supply 1,500
    assert_eq!(suite.supply(), 1_500);
    distribute(&mut suite, &inj(1_500 * 100 / 85));
    // 1,764 in: splits 176 + 88, holders 1,500 → 1 per share
    assert_eq!(claimable(&suite, &alice), inj(850 + 250));
    assert_eq!(claimable(&suite, &bob), inj(425 + 250));
    assert_eq!(claimable(&suite, &carol), inj(750));
    assert_eq!(claimable(&suite, &receiver), inj(250));
}

#[test]
fn sweep_accounts_bank_sent_royalties_once() {
    let mut suite = Suite::with_revenue();
    let (alice, carol) = (suite.alice.clone(), suite.carol.clone());
    let shares = suite.shares.clone();
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Sweep {
            denom: DENOM.into(),
        },
        ContractError::NothingToSweep {
            denom: DENOM.into(),
        },
    );
    distribute(&mut suite, &inj(1_500));
    // a marketplace pays a royalty by plain bank send
    suite
        .app
        .send_tokens(carol.clone(), shares.clone(), &inj(3_000))
        .unwrap();
    suite
        .app
        .send_tokens(carol.clone(), shares.clone(), &coins(7, ATOM))
        .unwrap();
    let res = suite
        .exec(
            &carol,
            &ExecuteMsg::Sweep {
                denom: DENOM.into(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "sweep");
    assert_eq!(wasm_attr(&res, "by"), carol.to_string());
    assert_eq!(wasm_attr(&res, "denom"), DENOM);
    assert_eq!(wasm_attr(&res, "amount"), "3000inj");
    assert_eq!(wasm_attr(&res, "to_splits"), "450inj");
    assert_eq!(wasm_attr(&res, "to_holders"), "2550inj");
    assert_eq!(claimable(&suite, &alice), inj(850 + 1_700));
    assert_eq!(config(&suite).distributed[0], Coin::new(4_500u128, DENOM));
    // nothing new: a typed error, nothing changes (also after claims lowered the balance)
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Sweep {
            denom: DENOM.into(),
        },
        ContractError::NothingToSweep {
            denom: DENOM.into(),
        },
    );
    claim(&mut suite, &alice).unwrap();
    suite.assert_rejected(
        &alice,
        &ExecuteMsg::Sweep {
            denom: DENOM.into(),
        },
        ContractError::NothingToSweep {
            denom: DENOM.into(),
        },
    );
    // an accepted denom with nothing sent, and a denom that is not accepted
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Sweep { denom: USDC.into() },
        ContractError::NothingToSweep { denom: USDC.into() },
    );
    suite.assert_rejected(
        &carol,
        &ExecuteMsg::Sweep { denom: ATOM.into() },
        ContractError::NotRevenueDenom { denom: ATOM.into() },
    );
}

/// A suite whose revenue has no splits (all of it goes to the holders), edited further by `edit`.
fn without_splits(edit: impl FnOnce(&mut InstantiateMsg, &MockApi)) -> Suite {
    Suite::with(|msg| {
        let api = MockApi::default();
        let mut revenue = revenue_init(
            &api.addr_make("admin"),
            &api.addr_make("d"),
            &api.addr_make("f"),
        );
        revenue.splits = vec![];
        msg.revenue = Some(revenue);
        edit(msg, &api);
    })
}

#[test]
fn rounding_floors_and_carries_the_remainder() {
    let mut suite = without_splits(|msg, api| {
        msg.initial_balances = vec![
            coin(&api.addr_make("alice"), 1),
            coin(&api.addr_make("bob"), 1),
            coin(&api.addr_make("carol"), 1),
        ];
    });
    let people = [suite.alice.clone(), suite.bob.clone(), suite.carol.clone()];
    distribute(&mut suite, &inj(2));
    for p in &people {
        assert_eq!(claimable(&suite, p), vec![], "2/3 each floors to 0");
        suite.assert_rejected(
            p,
            &ExecuteMsg::ClaimRevenue {},
            ContractError::NothingToClaim {},
        );
    }
    distribute(&mut suite, &inj(1));
    for p in &people {
        assert_eq!(claimable(&suite, p), inj(1));
    }
    // a huge supply: 1 coin per 10^24 shares is carried until it adds up to something
    let mut suite = without_splits(|msg, api| {
        msg.mint = None;
        msg.initial_balances = vec![coin(&api.addr_make("alice"), 10u128.pow(24))];
    });
    let alice = suite.alice.clone();
    distribute(&mut suite, &inj(1));
    assert_eq!(
        claimable(&suite, &alice),
        vec![],
        "below the index's precision"
    );
    distribute(&mut suite, &inj(999_999));
    // together 10^6: exactly 10^-18 per share, so nothing was lost on the way
    assert_eq!(claimable(&suite, &alice), inj(1_000_000));
}

/// A storage that counts writes, to prove what a balance change writes.
struct CountingStorage {
    inner: MockStorage,
    writes: Cell<u32>,
}

impl Storage for CountingStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.inner.get(key)
    }
    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        self.inner.range(start, end, order)
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.writes.set(self.writes.get() + 1);
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.writes.set(self.writes.get() + 1);
        self.inner.remove(key)
    }
}

#[test]
fn a_transfer_writes_revenue_records_only_when_an_index_moved() {
    let api = MockApi::default();
    let (a, b) = (api.addr_make("a"), api.addr_make("b"));
    let n = Uint128::new;
    let mut s = CountingStorage {
        inner: mock_dependencies().storage,
        writes: Cell::new(0),
    };
    move_balance(
        &mut s,
        &cosmwasm_std::BlockInfo {
            height: 10,
            ..cosmwasm_std::testing::mock_env().block
        },
        None,
        Some(&a),
        n(100),
    )
    .unwrap();
    move_balance(
        &mut s,
        &cosmwasm_std::BlockInfo {
            height: 10,
            ..cosmwasm_std::testing::mock_env().block
        },
        None,
        Some(&b),
        n(100),
    )
    .unwrap();
    // without revenue: balance + checkpoint per side (in-place checkpoints in block 10)
    let count = |s: &mut CountingStorage, from: &Addr, to: &Addr| {
        let before = s.writes.get();
        move_balance(
            s,
            &cosmwasm_std::BlockInfo {
                height: 10,
                ..cosmwasm_std::testing::mock_env().block
            },
            Some(from),
            Some(to),
            n(1),
        )
        .unwrap();
        s.writes.get() - before
    };
    assert_eq!(count(&mut s, &a, &b), 4);
    // revenue configured, nothing distributed yet: the same writes
    REVENUE_INDEX
        .save(&mut s, &vec![(DENOM.to_string(), Default::default())])
        .unwrap();
    assert_eq!(count(&mut s, &a, &b), 4);
    // a distribution moved the index: the first move of each side settles it once
    REVENUE_INDEX
        .save(
            &mut s,
            &vec![(DENOM.to_string(), cosmwasm_std::Uint256::from(7u8))],
        )
        .unwrap();
    assert_eq!(count(&mut s, &a, &b), 6);
    assert_eq!(count(&mut s, &b, &a), 4);
    assert_eq!(count(&mut s, &a, &b), 4);
    let record = ACCRUALS.load(&s, (&a, DENOM)).unwrap();
    assert_eq!(record.index, cosmwasm_std::Uint256::from(7u8));
    // a had 98 shares when settled: 98 × 7
    assert_eq!(record.accrued, cosmwasm_std::Uint256::from(98u32 * 7));
}
