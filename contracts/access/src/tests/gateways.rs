use cosmwasm_std::coins;
use cw_utils::PaymentError;
use modelfund::access::{ExecuteMsg, GatewaysResponse, QueryMsg};

use super::metering::*;
use super::suite::*;
use crate::ContractError;

fn gateways(suite: &Suite, start_after: Option<String>, limit: Option<u32>) -> Vec<String> {
    let res: GatewaysResponse = suite
        .query(&QueryMsg::Gateways {
            model_id: MODEL.into(),
            start_after,
            limit,
        })
        .unwrap();
    res.gateways.into_iter().map(|a| a.into_string()).collect()
}

#[test]
fn dao_approves_and_revokes_gateways_with_events() {
    let mut suite = Suite::new();
    let (dao, g2) = (suite.dao.clone(), suite.gateway2.clone());
    let res = suite.exec(&dao, &approve_gateway_msg(g2.as_str())).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "approve_gateway");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "gateway"), g2.to_string());
    assert_eq!(gateways(&suite, None, None).len(), 2);
    assert_eq!(
        suite.fail(&dao, &approve_gateway_msg(g2.as_str()), &[]),
        ContractError::GatewayAlreadyApproved {
            model_id: MODEL.into(),
            gateway: g2.to_string()
        }
    );
    let res = suite.exec(&dao, &revoke_gateway_msg(g2.as_str())).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "revoke_gateway");
    assert_eq!(wasm_attr(&res, "gateway"), g2.to_string());
    assert_eq!(
        gateways(&suite, None, None),
        vec![suite.gateway.to_string()]
    );
    assert_eq!(
        suite.fail(&dao, &revoke_gateway_msg(g2.as_str()), &[]),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: g2.to_string()
        }
    );
}

#[test]
fn gateway_management_is_dao_only_and_rejects_bad_input() {
    let mut suite = Suite::new();
    let (dao, alice, g2, gateway, launchpad) = (
        suite.dao.clone(),
        suite.alice.clone(),
        suite.gateway2.clone(),
        suite.gateway.clone(),
        suite.launchpad.clone(),
    );
    for sender in [&alice, &gateway, &launchpad] {
        assert_eq!(
            suite.fail(sender, &approve_gateway_msg(g2.as_str()), &[]),
            ContractError::NotModelDao {
                model_id: MODEL.into()
            }
        );
        assert_eq!(
            suite.fail(sender, &revoke_gateway_msg(gateway.as_str()), &[]),
            ContractError::NotModelDao {
                model_id: MODEL.into()
            }
        );
    }
    assert!(matches!(
        suite.fail(&dao, &approve_gateway_msg("bad address"), &[]),
        ContractError::Std(_)
    ));
    assert!(matches!(
        suite.fail(&dao, &revoke_gateway_msg("bad address"), &[]),
        ContractError::Std(_)
    ));
    for msg in [
        approve_gateway_msg(g2.as_str()),
        revoke_gateway_msg(gateway.as_str()),
    ] {
        assert_eq!(
            suite.fail(&dao, &msg, &coins(1, DENOM)),
            ContractError::Payment(PaymentError::NonPayable {})
        );
    }
    let dao2 = suite.dao2.clone();
    assert_eq!(
        suite.fail(
            &dao2,
            &ExecuteMsg::ApproveGateway {
                model_id: MODEL2.into(),
                gateway: g2.to_string()
            },
            &[]
        ),
        ContractError::ModelNotRegistered {
            model_id: MODEL2.into()
        }
    );
    // pagination of gateways
    for i in 0..6 {
        let g = suite.addr(&format!("gw{i}"));
        suite.exec(&dao, &approve_gateway_msg(g.as_str())).unwrap();
    }
    let first = gateways(&suite, None, Some(4));
    let rest = gateways(&suite, Some(first[3].clone()), None);
    assert_eq!(first.len() + rest.len(), 7);
    assert!(!rest.contains(&first[3]));
}

#[test]
fn users_grant_and_revoke_with_events_and_pagination() {
    let mut suite = Suite::new();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let res = suite
        .exec(&alice, &grant_msg_with_key(&gateway, 50, None))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "grant");
    assert_eq!(wasm_attr(&res, "user"), alice.to_string());
    assert_eq!(wasm_attr(&res, "gateway"), gateway.to_string());
    assert_eq!(wasm_attr(&res, "calls"), "50");
    let g = grants(&suite, &alice, None, None).grants;
    assert_eq!(g.len(), 1);
    assert_eq!((g[0].gateway.clone(), g[0].calls), (gateway.clone(), 50));
    // a new grant replaces the old cap
    suite.grant(&alice, &gateway, 7);
    assert_eq!(grants(&suite, &alice, None, None).grants[0].calls, 7);
    // bob's grants are his own
    assert!(grants(&suite, &suite.bob.clone(), None, None)
        .grants
        .is_empty());

    let res = suite
        .exec(&alice, &revoke_grant_msg(gateway.as_str()))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "revoke_grant");
    assert_eq!(wasm_attr(&res, "gateway"), gateway.to_string());
    assert!(grants(&suite, &alice, None, None).grants.is_empty());

    // pagination over 12 grants (gateways need not be approved to be granted)
    for i in 0..12 {
        let g = suite.addr(&format!("gw{i}"));
        suite.grant(&alice, &g, i + 1);
    }
    let first = grants(&suite, &alice, None, None).grants;
    assert_eq!(first.len(), 10);
    let rest = grants(&suite, &alice, Some(first[9].gateway.to_string()), None).grants;
    assert_eq!(rest.len(), 2);
    assert!(rest
        .iter()
        .all(|g| first.iter().all(|f| f.gateway != g.gateway)));
}

#[test]
fn grant_errors_change_nothing() {
    let mut suite = Suite::new();
    let (alice, bob, gateway) = suite.parties();
    suite.grant(&alice, &gateway, 10);
    let grant = |model: &str, gw: &str, calls: u64| ExecuteMsg::Grant {
        model_id: model.into(),
        gateway: gw.into(),
        calls,
        session_key: None,
    };
    assert_eq!(
        suite.fail(&alice, &grant(MODEL, gateway.as_str(), 0), &[]),
        ContractError::Zero {
            field: "calls".into()
        }
    );
    assert!(matches!(
        suite.fail(&alice, &grant(MODEL, "bad address", 5), &[]),
        ContractError::Std(_)
    ));
    assert_eq!(
        suite.fail(&alice, &grant(MODEL2, gateway.as_str(), 5), &[]),
        ContractError::ModelNotRegistered {
            model_id: MODEL2.into()
        }
    );
    assert_eq!(
        suite.fail(&alice, &grant(MODEL, gateway.as_str(), 5), &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    // a user can only revoke their own grant: bob revoking "his" grant to gateway fails
    let revoke = revoke_grant_msg(gateway.as_str());
    assert_eq!(
        suite.fail(&bob, &revoke, &[]),
        ContractError::NoGrant {
            model_id: MODEL.into(),
            user: bob.to_string(),
            gateway: gateway.to_string()
        }
    );
    assert_eq!(
        suite.fail(&alice, &revoke, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert!(matches!(
        suite.fail(&alice, &revoke_grant_msg("bad address"), &[]),
        ContractError::Std(_)
    ));
    assert_eq!(grants(&suite, &alice, None, None).grants[0].calls, 10);
}
