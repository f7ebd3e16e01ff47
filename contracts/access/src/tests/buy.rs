use cosmwasm_std::{coin, coins, Coin};
use cw_multi_test::Executor;
use modelfund::access::{ExecuteMsg, LicenseResponse, QueryMsg};

use super::doubles::Distribution;
use super::metering::*;
use super::plans::{retire, set};
use super::suite::*;
use crate::ContractError;

fn wrong_payment(expected: &str, received: &str) -> ContractError {
    ContractError::WrongPayment {
        expected: expected.into(),
        received: received.into(),
    }
}

#[test]
fn buy_credits_forwards_the_payment_and_adds_calls() {
    let mut suite = Suite::new();
    let (alice, shares) = (suite.alice.clone(), suite.shares.clone());
    let res = suite.buy_credits(&alice, 3);
    assert_eq!(wasm_attr(&res, "action"), "buy_credits");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "plan_id"), "pack");
    assert_eq!(wasm_attr(&res, "buyer"), alice.to_string());
    assert_eq!(wasm_attr(&res, "packs"), "3");
    assert_eq!(wasm_attr(&res, "calls"), "30");
    assert_eq!(wasm_attr(&res, "credits"), "30");
    assert_eq!(wasm_attr(&res, "paid"), "300uusdc");
    assert_eq!(wasm_attr(&res, "shares"), shares.to_string());
    assert_eq!(suite.credits(&alice), 30);

    // the payment went to the shares contract as distribute {} in the same tx
    assert_eq!(
        suite.distributions(&shares),
        vec![Distribution {
            sender: suite.access.clone(),
            funds: coins(300, DENOM)
        }]
    );
    assert_eq!(suite.balance(&shares, DENOM), 300);
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - 300);
    suite.assert_access_empty();

    // credits accumulate
    suite.buy_credits(&alice, 1);
    assert_eq!(suite.credits(&alice), 40);
    assert_eq!(suite.distributions(&shares).len(), 2);
    assert_eq!(suite.balance(&shares, DENOM), 400);
    suite.assert_access_empty();
}

#[test]
fn buy_with_a_grant_grants_the_gateway() {
    let mut suite = Suite::new();
    let (alice, _, gateway, g2) = alice_dao_and_gateways(&suite);
    let res = suite
        .exec_funds(
            &alice,
            &buy_credits_granting(2, grant_msg(&gateway, 15)),
            &coins(200, DENOM),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "grant_gateway"), gateway.to_string());
    assert_eq!(wasm_attr(&res, "grant_calls"), "15");
    let res = suite
        .exec_funds(
            &alice,
            &buy_lease_granting(grant_msg(&g2, 99)),
            &coins(LEASE_PRICE, DENOM),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "grant_gateway"), g2.to_string());
    let mut got: Vec<(String, u64)> = grants(&suite, &alice, None, None)
        .grants
        .into_iter()
        .map(|g| (g.gateway.into_string(), g.calls))
        .collect();
    got.sort();
    let mut want = vec![(gateway.to_string(), 15), (g2.to_string(), 99)];
    want.sort();
    assert_eq!(got, want);
    suite.assert_access_empty();
}

#[test]
fn buy_lease_mints_a_license_and_forwards_the_payment() {
    let mut suite = Suite::new();
    let (alice, shares) = (suite.alice.clone(), suite.shares.clone());
    let now = suite.app.block_info().time;
    let res = suite
        .exec_funds(&alice, &buy_lease_msg("lease"), &coins(LEASE_PRICE, DENOM))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "buy_lease");
    assert_eq!(wasm_attr(&res, "token_id"), "1");
    assert_eq!(wasm_attr(&res, "buyer"), alice.to_string());
    assert_eq!(wasm_attr(&res, "call_cap"), LEASE_CAP.to_string());
    assert_eq!(wasm_attr(&res, "paid"), "1000uusdc");
    assert_eq!(
        wasm_attr(&res, "expires_at"),
        now.plus_seconds(LEASE_SECONDS).to_string()
    );
    let license: LicenseResponse = suite
        .query(&QueryMsg::License {
            token_id: "1".into(),
        })
        .unwrap();
    assert_eq!(license.owner, alice);
    assert!(!license.expired);
    assert_eq!(license.info.model_id, MODEL);
    assert_eq!(license.info.plan_id, "lease");
    assert_eq!(license.info.calls_left, LEASE_CAP);
    assert_eq!(license.info.call_cap, LEASE_CAP);
    assert_eq!(license.info.terms, terms());
    assert_eq!(license.info.price, coin(LEASE_PRICE, DENOM));
    assert_eq!(license.info.expires_at, now.plus_seconds(LEASE_SECONDS));
    assert_eq!(
        suite.distributions(&shares),
        vec![Distribution {
            sender: suite.access.clone(),
            funds: coins(LEASE_PRICE, DENOM)
        }]
    );
    suite.assert_access_empty();
    // a second lease gets the next id
    let bob = suite.bob.clone();
    assert_eq!(suite.buy_lease(&bob), "2");
    assert_eq!(suite.balance(&shares, DENOM), 2 * LEASE_PRICE);
    suite.assert_access_empty();
}

#[test]
fn payment_must_be_exact_and_nothing_changes_otherwise() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    // 2 packs (200uusdc) and a lease (1000uusdc), each with every kind of wrong payment
    for (msg, price) in [
        (buy_credits_msg(2, "pack"), 2 * PACK_PRICE),
        (buy_lease_msg("lease"), LEASE_PRICE),
    ] {
        let cases: Vec<(Vec<Coin>, String)> = vec![
            (vec![], "nothing".into()),
            (coins(price - 1, DENOM), format!("{}uusdc", price - 1)),
            (coins(price + 1, DENOM), format!("{}uusdc", price + 1)),
            (coins(price, OTHER_DENOM), format!("{price}uatom")),
            (
                vec![coin(price, OTHER_DENOM), coin(price, DENOM)],
                format!("{price}uatom,{price}uusdc"),
            ),
        ];
        for (funds, received) in cases {
            assert_eq!(
                suite.fail(&alice, &msg, &funds),
                wrong_payment(&format!("{price}uusdc"), &received),
                "{funds:?}"
            );
        }
    }
    assert_eq!(suite.credits(&alice), 0);
    assert!(suite.distributions(&suite.shares.clone()).is_empty());
    suite.assert_access_empty();
}

#[test]
fn bad_purchases_change_nothing() {
    let mut suite = Suite::new();
    let (alice, dao) = (suite.alice.clone(), suite.dao.clone());
    let pay = coins(PACK_PRICE, DENOM);
    assert_eq!(
        suite.fail(&alice, &buy_credits_msg(0, "pack"), &[]),
        ContractError::Zero {
            field: "packs".into()
        }
    );
    assert_eq!(
        suite.fail(&alice, &buy_credits_msg(1, "nope"), &pay),
        ContractError::PlanNotFound {
            model_id: MODEL.into(),
            plan_id: "nope".into()
        }
    );
    assert_eq!(
        suite.fail(&alice, &buy_credits_msg(1, "lease"), &pay),
        ContractError::WrongPlanKind {
            plan_id: "lease".into(),
            expected: "credits".into()
        }
    );
    assert_eq!(
        suite.fail(&alice, &buy_lease_msg("pack"), &pay),
        ContractError::WrongPlanKind {
            plan_id: "pack".into(),
            expected: "lease".into()
        }
    );
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::BuyCredits {
                model_id: MODEL2.into(),
                plan_id: "pack".into(),
                packs: 1,
                grant: None
            },
            &pay
        ),
        ContractError::ModelNotRegistered {
            model_id: MODEL2.into()
        }
    );
    // a bad grant in the buy message rejects the whole purchase
    assert_eq!(
        suite.fail(
            &alice,
            &buy_credits_granting(1, grant_msg(&suite.gateway.clone(), 0)),
            &pay
        ),
        ContractError::Zero {
            field: "calls".into()
        }
    );
    assert!(matches!(
        suite.fail(
            &alice,
            &buy_lease_granting(Some(modelfund::access::GrantMsg {
                gateway: "bad address".into(),
                calls: 1,
                session_key: None,
            })),
            &coins(LEASE_PRICE, DENOM)
        ),
        ContractError::Std(_)
    ));
    // packs × price overflowing is rejected, not wrapped
    suite
        .exec(
            &dao,
            &set(modelfund::access::PlanMsg {
                price: coin(u128::MAX / 2, DENOM),
                ..credits_plan("huge")
            }),
        )
        .unwrap();
    assert_eq!(
        suite.fail(&alice, &buy_credits_msg(3, "huge"), &pay),
        ContractError::Overflow {
            what: "price".into()
        }
    );
    suite.assert_access_empty();
}

#[test]
fn retired_plans_cannot_be_bought_but_bought_rights_keep_working() {
    let mut suite = Suite::new();
    let (alice, dao, gateway, _) = alice_dao_and_gateways(&suite);
    suite.buy_credits(&alice, 1);
    let license = suite.buy_lease(&alice);
    for plan_id in ["pack", "lease"] {
        suite.exec(&dao, &retire(plan_id)).unwrap();
    }
    assert_eq!(
        suite.fail(
            &alice,
            &buy_credits_msg(1, "pack"),
            &coins(PACK_PRICE, DENOM)
        ),
        ContractError::PlanRetired {
            plan_id: "pack".into()
        }
    );
    assert_eq!(
        suite.fail(&alice, &buy_lease_msg("lease"), &coins(LEASE_PRICE, DENOM)),
        ContractError::PlanRetired {
            plan_id: "lease".into()
        }
    );
    suite.grant(&alice, &gateway, 100);
    suite
        .exec(&gateway, &Suite::consume_msg(&alice, 5, "r1", None))
        .unwrap();
    suite
        .exec(
            &gateway,
            &Suite::consume_msg(&alice, 5, "r2", Some(&license)),
        )
        .unwrap();
    assert_eq!(suite.credits(&alice), 5);
}

#[test]
fn changing_a_plan_does_not_touch_bought_rights() {
    let mut suite = Suite::new();
    let (alice, dao) = (suite.alice.clone(), suite.dao.clone());
    let license = suite.buy_lease(&alice);
    suite.buy_credits(&alice, 1);
    suite
        .exec(
            &dao,
            &set(modelfund::access::PlanMsg {
                price: coin(5, DENOM),
                kind: modelfund::access::PlanKind::Lease {
                    duration_seconds: 1,
                    call_cap: 1,
                    terms: modelfund::access::LeaseTerms {
                        commercial_use: false,
                        attribution_required: true,
                        notes: None,
                    },
                },
                plan_id: "lease".into(),
            }),
        )
        .unwrap();
    let l: LicenseResponse = suite
        .query(&QueryMsg::License { token_id: license })
        .unwrap();
    assert_eq!(l.info.call_cap, LEASE_CAP);
    assert_eq!(l.info.terms, terms());
    assert_eq!(suite.credits(&alice), CALLS_PER_PACK);
}

#[test]
fn a_misspelled_field_is_refused_by_name_and_changes_nothing() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let gateway = suite.gateway.to_string();
    // `grnat` instead of `grant`: dropped silently, the buyer would pay without granting
    let json = format!(
        r#"{{"buy_credits":{{"model_id":"{MODEL}","plan_id":"pack","packs":1,"grnat":{{"gateway":"{gateway}","calls":10}}}}}}"#
    );
    let err = suite.fail_json(&alice, &json, &coins(PACK_PRICE, DENOM));
    assert!(err.contains("unknown field `grnat`"), "{err}");
    assert_eq!(suite.credits(&alice), 0);
    // the same JSON with the field spelled right goes through
    let json = json.replace("grnat", "grant");
    suite
        .app
        .execute(
            alice.clone(),
            cosmwasm_std::WasmMsg::Execute {
                contract_addr: suite.access.to_string(),
                msg: cosmwasm_std::Binary::from(json.as_bytes()),
                funds: coins(PACK_PRICE, DENOM),
            }
            .into(),
        )
        .unwrap();
    assert_eq!(suite.credits(&alice), CALLS_PER_PACK);
}
