//! `consume_batch` and grants with a session key: the metering path of a gateway that serves
//! credits and leases off chain and settles them in batches.

use cosmwasm_std::{coins, Addr, Binary};
use cw_utils::PaymentError;
use modelfund::access::{
    ExecuteMsg, GrantInfo, GrantMsg, QueryMsg, UsageMsg, UsageRecord, UsageSource,
    MAX_CONSUME_BATCH,
};
use modelfund::validate::ValidationError;

use super::metering::*;
use super::suite::*;
use crate::ContractError;

fn key(byte: u8) -> Binary {
    let mut k = vec![byte; 33];
    k[0] = 2;
    Binary::from(k)
}

fn one_grant(suite: &Suite, user: &Addr, gateway: &Addr) -> Option<GrantInfo> {
    suite
        .query(&QueryMsg::Grant {
            model_id: MODEL.into(),
            user: user.to_string(),
            gateway: gateway.to_string(),
        })
        .unwrap()
}

fn usage(user: &Addr, calls: u64, request_id: &str, license: Option<&str>) -> UsageMsg {
    UsageMsg {
        user: user.to_string(),
        calls,
        request_id: request_id.into(),
        license_id: license.map(String::from),
    }
}

fn batch(usages: Vec<UsageMsg>) -> ExecuteMsg {
    ExecuteMsg::ConsumeBatch {
        model_id: MODEL.into(),
        usages,
    }
}

fn log(suite: &Suite) -> Vec<UsageRecord> {
    usage_log(suite, None, Some(30))
}

/// alice: 20 credits, one lease, grant of 100 to `gateway`; bob: 10 credits, grant of 50.
fn funded_with_bob() -> (Suite, String) {
    let (mut suite, license) = funded();
    let (bob, gateway) = (suite.bob.clone(), suite.gateway.clone());
    suite.buy_credits(&bob, 1);
    suite.grant(&bob, &gateway, 50);
    (suite, license)
}

#[test]
fn a_grant_carries_a_session_key_that_the_queries_answer() {
    let mut suite = Suite::new();
    let (alice, _, gateway, g2) = alice_dao_and_gateways(&suite);
    let res = suite
        .exec(&alice, &grant_msg_with_key(&gateway, 7, Some(key(1))))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "grant");
    assert_eq!(wasm_attr(&res, "session_key"), key(1).to_base64());
    let expected = GrantInfo {
        gateway: gateway.clone(),
        calls: 7,
        session_key: Some(key(1)),
    };
    assert_eq!(one_grant(&suite, &alice, &gateway), Some(expected.clone()));
    assert_eq!(grants(&suite, &alice, None, None).grants, vec![expected]);
    assert_eq!(one_grant(&suite, &alice, &g2), None);

    // a new grant replaces the key too (here: with none)
    let res = suite
        .exec(&alice, &grant_msg_with_key(&gateway, 9, None))
        .unwrap();
    assert_eq!(wasm_attr(&res, "session_key"), "");
    let g = one_grant(&suite, &alice, &gateway).unwrap();
    assert_eq!((g.calls, g.session_key), (9, None));

    // a consume keeps the key
    suite
        .exec(&alice, &grant_msg_with_key(&gateway, 9, Some(key(2))))
        .unwrap();
    suite.buy_credits(&alice, 1);
    consume(&mut suite, &alice, 1, "r1", None);
    let g = one_grant(&suite, &alice, &gateway).unwrap();
    assert_eq!((g.calls, g.session_key), (8, Some(key(2))));

    // revoking removes grant and key; a grant without a key afterwards has none
    suite
        .exec(&alice, &revoke_grant_msg(gateway.as_str()))
        .unwrap();
    assert_eq!(one_grant(&suite, &alice, &gateway), None);
    suite.grant(&alice, &gateway, 3);
    assert_eq!(
        one_grant(&suite, &alice, &gateway).unwrap().session_key,
        None
    );
}

#[test]
fn a_purchase_grant_may_carry_the_session_key() {
    let mut suite = Suite::new();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let res = suite
        .exec_funds(
            &alice,
            &buy_credits_granting(
                1,
                Some(GrantMsg {
                    gateway: gateway.to_string(),
                    calls: 4,
                    session_key: Some(key(3)),
                }),
            ),
            &coins(PACK_PRICE, DENOM),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "grant_session_key"), key(3).to_base64());
    let g = one_grant(&suite, &alice, &gateway).unwrap();
    assert_eq!((g.calls, g.session_key), (4, Some(key(3))));
    // the grant JSON of earlier clients (no session_key) still parses
    suite
        .exec_funds(
            &alice,
            &cosmwasm_std::from_json::<ExecuteMsg>(format!(
                r#"{{"buy_credits": {{"model_id": "{MODEL}", "plan_id": "pack", "packs": 1,
                   "grant": {{"gateway": "{gateway}", "calls": 2}}}}}}"#
            ))
            .unwrap(),
            &coins(PACK_PRICE, DENOM),
        )
        .unwrap();
    assert_eq!(
        one_grant(&suite, &alice, &gateway).unwrap().session_key,
        None
    );
}

#[test]
fn a_malformed_session_key_is_refused_and_changes_nothing() {
    let mut suite = Suite::new();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    suite
        .exec(&alice, &grant_msg_with_key(&gateway, 7, Some(key(1))))
        .unwrap();
    let uncompressed = {
        let mut k = vec![9u8; 65];
        k[0] = 4;
        Binary::from(k)
    };
    let mut wrong_prefix = key(1).to_vec();
    wrong_prefix[0] = 4;
    for bad in [
        Binary::from(vec![2u8; 32]),
        Binary::from(vec![2u8; 34]),
        Binary::default(),
        uncompressed,
        Binary::from(wrong_prefix),
    ] {
        assert_eq!(
            suite.fail(&alice, &grant_msg_with_key(&gateway, 5, Some(bad)), &[]),
            ContractError::InvalidSessionKey { expected: 33 }
        );
    }
    let g = one_grant(&suite, &alice, &gateway).unwrap();
    assert_eq!((g.calls, g.session_key), (7, Some(key(1))));
}

#[test]
fn a_batch_meters_credits_and_leases_in_order_with_its_events() {
    let (mut suite, lic) = funded_with_bob();
    let (alice, bob, gateway) = suite.parties();
    let res = suite
        .exec(
            &gateway,
            &batch(vec![
                usage(&alice, 3, "a-1", None),
                usage(&alice, 40, "a-2", Some(&lic)),
                usage(&bob, 2, "b-1", None),
                usage(&alice, 17, "a-3", None),
            ]),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "consume_batch");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "gateway"), gateway.to_string());
    assert_eq!(wasm_attr(&res, "consumed"), "4");
    assert_eq!(wasm_attr(&res, "skipped"), "0");
    assert_eq!(wasm_attr(&res, "calls"), "62");
    assert_eq!(wasm_attr(&res, "first_seq"), "1");
    assert_eq!(wasm_attr(&res, "last_seq"), "4");

    assert_eq!(suite.credits(&alice), 0);
    assert_eq!(suite.credits(&bob), 8);
    assert_eq!(suite.license(&lic).info.calls_left, LEASE_CAP - 40);
    assert_eq!(one_grant(&suite, &alice, &gateway).unwrap().calls, 40);
    assert_eq!(one_grant(&suite, &bob, &gateway).unwrap().calls, 48);
    let m = suite.model(MODEL);
    assert_eq!((m.usage_count, m.calls_consumed), (4, 62));
    let entries = log(&suite);
    let shape: Vec<_> = entries
        .iter()
        .map(|e| (e.seq, e.user.clone(), e.calls, e.request_id.as_str()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (1, alice.clone(), 3, "a-1"),
            (2, alice.clone(), 40, "a-2"),
            (3, bob.clone(), 2, "b-1"),
            (4, alice.clone(), 17, "a-3"),
        ]
    );
    assert_eq!(
        entries[1].source,
        UsageSource::Lease {
            license_id: lic.clone()
        }
    );
    // each request id is recorded for the gateway, as consume records it
    assert_eq!(request(&suite, &gateway, "b-1"), Some(entries[2].clone()));
    assert_eq!(
        consume_refused(&mut suite, &bob, 2, "b-1", None),
        ContractError::RequestReplayed {
            request_id: "b-1".into()
        }
    );
}

#[test]
fn a_resent_batch_skips_what_it_already_metered() {
    let (mut suite, lic) = funded_with_bob();
    let (alice, bob, gateway) = suite.parties();
    // one request metered alone with consume, two in a batch
    consume(&mut suite, &alice, 1, "r-0", None);
    let first = vec![
        usage(&alice, 2, "r-1", None),
        usage(&alice, 5, "r-2", Some(&lic)),
    ];
    suite.exec(&gateway, &batch(first.clone())).unwrap();
    let credits = suite.credits(&alice);
    let before = (suite.model(MODEL).usage_count, log(&suite).len());

    // the same batch again (a crash before the gateway recorded the settlement): nothing moves
    let res = suite.exec(&gateway, &batch(first.clone())).unwrap();
    assert_eq!(wasm_attr(&res, "consumed"), "0");
    assert_eq!(wasm_attr(&res, "skipped"), "2");
    assert_eq!(wasm_attr(&res, "calls"), "0");
    assert_eq!(wasm_attr(&res, "first_seq"), "");
    assert_eq!(suite.credits(&alice), credits);
    assert_eq!(suite.license(&lic).info.calls_left, LEASE_CAP - 5);
    assert_eq!((suite.model(MODEL).usage_count, log(&suite).len()), before);

    // old and new mixed, the one consume sent included: only the new ones are metered
    let mut mixed = vec![usage(&alice, 1, "r-0", None)];
    mixed.extend(first);
    mixed.push(usage(&bob, 4, "r-3", None));
    mixed.push(usage(&bob, 4, "r-3", None)); // twice in one batch: the second is a re-send
    let res = suite.exec(&gateway, &batch(mixed)).unwrap();
    assert_eq!(wasm_attr(&res, "consumed"), "1");
    assert_eq!(wasm_attr(&res, "skipped"), "4");
    assert_eq!(wasm_attr(&res, "calls"), "4");
    assert_eq!(wasm_attr(&res, "first_seq"), "4");
    assert_eq!(wasm_attr(&res, "last_seq"), "4");
    assert_eq!(suite.credits(&bob), 6);
    assert_eq!(suite.credits(&alice), credits);
}

#[test]
fn a_request_id_used_for_another_usage_fails_the_whole_batch() {
    let (mut suite, lic) = funded_with_bob();
    let (alice, bob, gateway) = suite.parties();
    suite
        .exec(&gateway, &batch(vec![usage(&alice, 2, "r-1", None)]))
        .unwrap();
    let replayed = ContractError::RequestReplayed {
        request_id: "r-1".into(),
    };
    // another user, other calls, another source: each is a conflict, not a re-send
    for other in [
        usage(&bob, 2, "r-1", None),
        usage(&alice, 3, "r-1", None),
        usage(&alice, 2, "r-1", Some(&lic)),
    ] {
        assert_eq!(
            suite.fail(
                &gateway,
                &batch(vec![usage(&bob, 1, "fresh", None), other]),
                &[]
            ),
            replayed
        );
    }
}

#[test]
fn any_bad_usage_fails_the_whole_batch_and_changes_nothing() {
    let (mut suite, lic) = funded_with_bob();
    let (alice, bob, gateway) = suite.parties();
    let dave = suite.addr("dave");
    let good = || usage(&alice, 1, "good", None);
    let cases: Vec<(UsageMsg, ContractError)> = vec![
        (
            usage(&alice, 0, "z", None),
            ContractError::Zero {
                field: "calls".into(),
            },
        ),
        (
            usage(&dave, 1, "no-grant", None),
            ContractError::NoGrant {
                model_id: MODEL.into(),
                user: dave.to_string(),
                gateway: gateway.to_string(),
            },
        ),
        (
            usage(&bob, 51, "over-grant", None),
            ContractError::OverGrant {
                granted: 50,
                requested: 51,
            },
        ),
        (
            // bob has 10 credits: with the good usage first his second one is short
            usage(&bob, 11, "short", None),
            ContractError::InsufficientCredits {
                available: 10,
                requested: 11,
            },
        ),
        (
            usage(&bob, 1, "not-his", Some(&lic)),
            ContractError::LicenseNotOwned {
                license_id: lic.clone(),
                user: bob.to_string(),
            },
        ),
        (
            usage(&alice, 1, "no-license", Some("99")),
            ContractError::LicenseNotFound {
                license_id: "99".into(),
            },
        ),
    ];
    for (bad, err) in cases {
        assert_eq!(
            suite.fail(&gateway, &batch(vec![good(), bad.clone()]), &[]),
            err,
            "{bad:?}"
        );
    }
    // a usage whose calls the credits cover only without an earlier usage of the same batch
    assert_eq!(
        suite.fail(
            &gateway,
            &batch(vec![
                usage(&bob, 6, "b-1", None),
                usage(&bob, 6, "b-2", None)
            ]),
            &[]
        ),
        ContractError::InsufficientCredits {
            available: 4,
            requested: 6
        }
    );
    assert!(matches!(
        suite.fail(
            &gateway,
            &batch(vec![good(), usage(&alice, 1, "spaces are bad", None)]),
            &[]
        ),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    assert!(matches!(
        suite.fail(
            &gateway,
            &batch(vec![
                good(),
                usage(&Addr::unchecked("nobody"), 1, "x", None)
            ]),
            &[]
        ),
        ContractError::Std(_)
    ));
    // an expired lease
    suite.advance_seconds(LEASE_SECONDS);
    assert!(matches!(
        suite.fail(
            &gateway,
            &batch(vec![good(), usage(&alice, 1, "late", Some(&lic))]),
            &[]
        ),
        ContractError::LicenseExpired { .. }
    ));
    // nothing of the good usage was kept
    assert_eq!(suite.credits(&alice), 20);
    assert_eq!(suite.model(MODEL).usage_count, 0);
    // a failed batch does not spend its request ids
    suite.exec(&gateway, &batch(vec![good()])).unwrap();
    assert_eq!(suite.credits(&alice), 19);
}

#[test]
fn a_batch_is_for_approved_gateways_only_and_takes_no_funds() {
    let (mut suite, _) = funded_with_bob();
    let (alice, dao, gateway, g2) = alice_dao_and_gateways(&suite);
    suite.grant(&alice, &g2, 10);
    for sender in [&g2, &alice, &dao] {
        assert_eq!(
            suite.fail(sender, &batch(vec![usage(&alice, 1, "r", None)]), &[]),
            ContractError::GatewayNotApproved {
                model_id: MODEL.into(),
                gateway: sender.to_string()
            }
        );
    }
    assert_eq!(
        suite.fail(
            &gateway,
            &ExecuteMsg::ConsumeBatch {
                model_id: MODEL2.into(),
                usages: vec![usage(&alice, 1, "r", None)]
            },
            &[]
        ),
        ContractError::ModelNotRegistered {
            model_id: MODEL2.into()
        }
    );
    assert_eq!(
        suite.fail(
            &gateway,
            &batch(vec![usage(&alice, 1, "r", None)]),
            &coins(1, DENOM)
        ),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}

#[test]
fn a_batch_holds_one_to_max_usages() {
    let mut suite = Suite::new();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let max = u64::from(MAX_CONSUME_BATCH);
    suite.buy_credits(&alice, 11); // 110 calls
    suite.grant(&alice, &gateway, 200);
    let usages = |n: u64| -> Vec<UsageMsg> {
        (0..n)
            .map(|i| usage(&alice, 1, &format!("r-{i}"), None))
            .collect()
    };
    assert_eq!(
        suite.fail(&gateway, &batch(vec![]), &[]),
        ContractError::BatchSize {
            max: MAX_CONSUME_BATCH,
            got: 0
        }
    );
    assert_eq!(
        suite.fail(&gateway, &batch(usages(max + 1)), &[]),
        ContractError::BatchSize {
            max: MAX_CONSUME_BATCH,
            got: max + 1
        }
    );
    let res = suite.exec(&gateway, &batch(usages(max))).unwrap();
    assert_eq!(wasm_attr(&res, "consumed"), max.to_string());
    assert_eq!(suite.credits(&alice), 110 - max);
    assert_eq!(suite.model(MODEL).usage_count, max);
}
