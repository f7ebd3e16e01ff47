use cosmwasm_std::coins;
use cw_utils::PaymentError;
use modelfund::access::{AccessResponse, ExecuteMsg, QueryMsg, UsageSource};
use modelfund::validate::ValidationError;

use super::metering::*;
use super::suite::*;
use crate::ContractError;

fn grant_left(suite: &Suite, user: &cosmwasm_std::Addr) -> Option<u64> {
    grants(suite, user, None, None)
        .grants
        .into_iter()
        .find(|g| g.gateway == suite.gateway)
        .map(|g| g.calls)
}

#[test]
fn consume_credits_with_events_and_usage_log() {
    let (mut suite, _) = funded();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let res = consume(&mut suite, &alice, 3, "req-1", None);
    assert_eq!(wasm_attr(&res, "action"), "consume");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "gateway"), gateway.to_string());
    assert_eq!(wasm_attr(&res, "user"), alice.to_string());
    assert_eq!(wasm_attr(&res, "calls"), "3");
    assert_eq!(wasm_attr(&res, "request_id"), "req-1");
    assert_eq!(wasm_attr(&res, "source"), "credits");
    assert_eq!(wasm_attr(&res, "license_id"), "");
    assert_eq!(wasm_attr(&res, "seq"), "1");
    assert_eq!(wasm_attr(&res, "rights_left"), "17");
    assert_eq!(wasm_attr(&res, "grant_left"), "97");
    assert_eq!(suite.credits(&alice), 17);
    assert_eq!(grant_left(&suite, &alice), Some(97));

    let log = usage_log(&suite, None, None);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].seq, 1);
    assert_eq!(log[0].gateway, gateway);
    assert_eq!(log[0].user, alice);
    assert_eq!(log[0].calls, 3);
    assert_eq!(log[0].request_id, "req-1");
    assert_eq!(log[0].source, UsageSource::Credits);
    assert_eq!(log[0].height, suite.app.block_info().height);
    assert_eq!(request(&suite, &gateway, "req-1"), Some(log[0].clone()));
    let m = suite.model(MODEL);
    assert_eq!((m.usage_count, m.calls_consumed), (1, 3));

    // using up all credits exactly is fine; then they are gone
    consume(&mut suite, &alice, 17, "req-2", None);
    assert_eq!(suite.credits(&alice), 0);
    suite.assert_access_empty();
}

#[test]
fn consume_a_named_lease() {
    let (mut suite, lic) = funded();
    let alice = suite.alice.clone();
    let res = consume(&mut suite, &alice, 40, "req-1", Some(&lic));
    assert_eq!(wasm_attr(&res, "source"), "lease");
    assert_eq!(wasm_attr(&res, "license_id"), lic);
    assert_eq!(wasm_attr(&res, "rights_left"), (LEASE_CAP - 40).to_string());
    // the lease was used, credits untouched
    assert_eq!(suite.license(&lic).info.calls_left, LEASE_CAP - 40);
    assert_eq!(suite.credits(&alice), 20);
    assert_eq!(grant_left(&suite, &alice), Some(60));
    assert_eq!(
        usage_log(&suite, None, None)[0].source,
        UsageSource::Lease {
            license_id: lic.clone()
        }
    );
    let a = suite.access_of(&alice);
    assert!(a.allowed_now);
    assert_eq!(a.credits, 20);
    assert_eq!(a.leases.len(), 1);
    assert_eq!(a.leases[0].calls_left, LEASE_CAP - 40);
    assert_eq!(a.calls_left, 20 + LEASE_CAP - 40);
    assert!(!a.more_leases);
}

#[test]
fn consume_is_for_approved_gateways_only() {
    let (mut suite, _) = funded();
    let (alice, dao, gateway, g2) = alice_dao_and_gateways(&suite);
    // an unapproved gateway, even with the user's grant
    suite.grant(&alice, &g2, 100);
    assert_eq!(
        suite.fail(&g2, &Suite::consume_msg(&alice, 1, "r", None), &[]),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: g2.to_string()
        }
    );
    // the user or the DAO cannot consume themselves
    for sender in [&alice, &dao] {
        assert!(matches!(
            suite.fail(sender, &Suite::consume_msg(&alice, 1, "r", None), &[]),
            ContractError::GatewayNotApproved { .. }
        ));
    }
    // a revoked gateway
    consume(&mut suite, &alice, 1, "r0", None);
    suite
        .exec(&dao, &revoke_gateway_msg(gateway.as_str()))
        .unwrap();
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "r1", None),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: gateway.to_string()
        }
    );
    // gateway approval is per model
    assert_eq!(
        suite.fail(
            &gateway,
            &ExecuteMsg::Consume {
                model_id: MODEL2.into(),
                user: alice.to_string(),
                calls: 1,
                request_id: "r2".into(),
                license_id: None
            },
            &[]
        ),
        ContractError::ModelNotRegistered {
            model_id: MODEL2.into()
        }
    );
}

#[test]
fn replayed_request_ids_are_rejected_per_gateway() {
    let (mut suite, _) = funded();
    let (alice, dao, _, g2) = alice_dao_and_gateways(&suite);
    consume(&mut suite, &alice, 1, "same-id", None);
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "same-id", None),
        ContractError::RequestReplayed {
            request_id: "same-id".into()
        }
    );
    // also with different calls or source: the id itself is spent
    let lic = "1";
    assert_eq!(
        consume_refused(&mut suite, &alice, 2, "same-id", Some(lic)),
        ContractError::RequestReplayed {
            request_id: "same-id".into()
        }
    );
    // another gateway has its own id space
    suite.exec(&dao, &approve_gateway_msg(g2.as_str())).unwrap();
    suite.grant(&alice, &g2, 5);
    suite
        .exec(&g2, &Suite::consume_msg(&alice, 1, "same-id", None))
        .unwrap();
    // a failed consume does not spend its id
    assert!(matches!(
        consume_refused(&mut suite, &alice, 1000, "fresh", None),
        ContractError::OverGrant { .. }
    ));
    consume(&mut suite, &alice, 1, "fresh", None);
    assert_eq!(suite.credits(&alice), 17);
}

#[test]
fn consume_stays_within_the_users_grant() {
    let (mut suite, lic) = funded();
    let (alice, bob, gateway) = suite.parties();
    suite.grant(&alice, &gateway, 5);
    assert_eq!(
        consume_refused(&mut suite, &alice, 6, "r1", None),
        ContractError::OverGrant {
            granted: 5,
            requested: 6
        }
    );
    assert_eq!(
        consume_refused(&mut suite, &alice, 6, "r1", Some(&lic)),
        ContractError::OverGrant {
            granted: 5,
            requested: 6
        }
    );
    consume(&mut suite, &alice, 5, "r1", None);
    assert_eq!(grant_left(&suite, &alice), Some(0));
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "r2", None),
        ContractError::OverGrant {
            granted: 0,
            requested: 1
        }
    );
    // no grant at all: bob has credits but granted nothing
    suite.buy_credits(&bob, 1);
    assert_eq!(
        consume_refused(&mut suite, &bob, 1, "r3", None),
        ContractError::NoGrant {
            model_id: MODEL.into(),
            user: bob.to_string(),
            gateway: gateway.to_string()
        }
    );
    // a revoked grant
    suite.grant(&bob, &gateway, 5);
    suite
        .exec(&bob, &revoke_grant_msg(gateway.as_str()))
        .unwrap();
    assert!(matches!(
        consume_refused(&mut suite, &bob, 1, "r3", None),
        ContractError::NoGrant { .. }
    ));
}

#[test]
fn consume_never_exceeds_owned_calls() {
    let (mut suite, lic) = funded();
    let (alice, bob, gateway) = suite.parties();
    suite.grant(&alice, &gateway, 10_000);
    assert_eq!(
        consume_refused(&mut suite, &alice, 21, "r", None),
        ContractError::InsufficientCredits {
            available: 20,
            requested: 21
        }
    );
    assert_eq!(
        consume_refused(&mut suite, &alice, LEASE_CAP + 1, "r", Some(&lic)),
        ContractError::InsufficientLeaseCalls {
            license_id: lic.clone(),
            left: LEASE_CAP,
            requested: LEASE_CAP + 1
        }
    );
    // no split between sources: 20 credits + 500 lease calls do not cover 501 from the lease
    consume(&mut suite, &alice, LEASE_CAP, "all", Some(&lic));
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "r", Some(&lic)),
        ContractError::InsufficientLeaseCalls {
            license_id: lic.clone(),
            left: 0,
            requested: 1
        }
    );
    // a user with nothing
    suite.grant(&bob, &gateway, 10);
    assert_eq!(
        consume_refused(&mut suite, &bob, 1, "r", None),
        ContractError::InsufficientCredits {
            available: 0,
            requested: 1
        }
    );
    let a = suite.access_of(&bob);
    assert!(!a.allowed_now);
    assert_eq!(a.calls_left, 0);
}

#[test]
fn expired_leases_cannot_be_used() {
    let (mut suite, lic) = funded();
    let alice = suite.alice.clone();
    suite.advance_seconds(LEASE_SECONDS - 1);
    consume(&mut suite, &alice, 1, "last", Some(&lic));
    suite.advance_seconds(1);
    let expires_at = suite.license(&lic).info.expires_at;
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "late", Some(&lic)),
        ContractError::LicenseExpired {
            license_id: lic.clone(),
            expired_at: expires_at
        }
    );
    assert!(suite.license(&lic).expired);
    let a = suite.access_of(&alice);
    assert!(a.leases.is_empty());
    // credits still work
    assert!(a.allowed_now);
    consume(&mut suite, &alice, 1, "late", None);
}

#[test]
fn the_named_license_must_be_the_users_and_for_this_model() {
    let (mut suite, lic) = funded();
    let (alice, bob, gateway) = suite.parties();
    let shares2 = suite.shares2.clone();
    // bob names alice's license
    suite.grant(&bob, &gateway, 10);
    assert_eq!(
        consume_refused(&mut suite, &bob, 1, "r", Some(&lic)),
        ContractError::LicenseNotOwned {
            license_id: lic.clone(),
            user: bob.to_string()
        }
    );
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "r", Some("999")),
        ContractError::LicenseNotFound {
            license_id: "999".into()
        }
    );
    // a license of another model
    suite.register_model2();
    let other = suite.buy_model2_lease(&alice);
    // the MODEL2 payment went to MODEL2's shares
    assert_eq!(suite.distributions(&shares2).len(), 1);
    assert_eq!(
        consume_refused(&mut suite, &alice, 1, "r", Some(&other)),
        ContractError::LicenseWrongModel {
            license_id: other,
            model_id: MODEL.into()
        }
    );
    suite.assert_access_empty();
}

#[test]
fn bad_consume_inputs_change_nothing() {
    let (mut suite, _) = funded();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    assert_eq!(
        consume_refused(&mut suite, &alice, 0, "r", None),
        ContractError::Zero {
            field: "calls".into()
        }
    );
    for bad_id in ["", "has space", "slash/es", &"x".repeat(129)] {
        assert!(
            matches!(
                consume_refused(&mut suite, &alice, 1, bad_id, None),
                ContractError::Validation(ValidationError::InvalidText { .. })
            ),
            "{bad_id}"
        );
    }
    // 128 characters is the longest id
    consume(&mut suite, &alice, 1, &"x".repeat(128), None);
    assert!(matches!(
        suite.fail(
            &gateway,
            &ExecuteMsg::Consume {
                model_id: MODEL.into(),
                user: "bad address".into(),
                calls: 1,
                request_id: "r".into(),
                license_id: None
            },
            &[]
        ),
        ContractError::Std(_)
    ));
    assert_eq!(
        suite.fail(
            &gateway,
            &Suite::consume_msg(&alice, 1, "r", None),
            &coins(1, DENOM)
        ),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}

#[test]
fn usage_log_paginates() {
    let (mut suite, _) = funded();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    for i in 0..14 {
        consume(&mut suite, &alice, 1, &format!("r{i}"), None);
    }
    let first = usage_log(&suite, None, None);
    assert_eq!(first.len(), 10);
    assert_eq!(
        first.iter().map(|u| u.seq).collect::<Vec<_>>(),
        (1..=10).collect::<Vec<_>>()
    );
    let rest = usage_log(&suite, Some(10), Some(10));
    assert_eq!(
        rest.iter().map(|u| u.seq).collect::<Vec<_>>(),
        vec![11, 12, 13, 14]
    );
    assert_eq!(rest[3].request_id, "r13");
    assert_eq!(usage_log(&suite, None, Some(100)).len(), 14);
    assert!(usage_log(&suite, Some(14), None).is_empty());
    assert_eq!(request(&suite, &gateway, "never"), None);
}

#[test]
fn access_lists_at_most_10_usable_leases() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    for _ in 0..12 {
        suite.buy_lease(&alice);
    }
    let a = suite.access_of(&alice);
    assert_eq!(a.leases.len(), 10);
    assert!(a.more_leases);
    assert_eq!(a.credits, 0);
    assert_eq!(a.calls_left, 10 * LEASE_CAP);
    assert!(a.allowed_now);
    assert!(suite
        .query::<AccessResponse>(&QueryMsg::Access {
            model_id: MODEL2.into(),
            user: alice.to_string()
        })
        .is_err());
}
