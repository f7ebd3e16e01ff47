//! Metered plans: set and retired by the model's DAO like every plan, never sold by access (a
//! payment channel pays for them), and the published gateway key the channels contract reads.

use cosmwasm_std::{coin, coins, Addr};
use modelfund::access::{ExecuteMsg, MeteredUnit, Plan, PlanKind, PlanMsg, QueryMsg};

use super::plans::set;
use super::suite::*;
use crate::ContractError;

const UNIT_PRICE: u128 = 3;

fn metered_plan(plan_id: &str, unit: MeteredUnit) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(UNIT_PRICE, DENOM),
        kind: PlanKind::Metered { unit },
    }
}

fn set_metered(suite: &mut Suite, plan_id: &str, unit: MeteredUnit) {
    let dao = suite.dao.clone();
    let res = suite.exec(&dao, &set(metered_plan(plan_id, unit))).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "set_plan");
    assert_eq!(wasm_attr(&res, "plan_id"), plan_id);
    assert_eq!(wasm_attr(&res, "kind"), "metered");
    assert_eq!(wasm_attr(&res, "price"), "3uusdc");
}

#[test]
fn the_dao_sets_and_retires_metered_plans() {
    let mut suite = Suite::new();
    set_metered(&mut suite, "per-call", MeteredUnit::Call);
    set_metered(&mut suite, "per-1k", MeteredUnit::KiloTokens);
    let plan: Plan = suite
        .query(&QueryMsg::Plan {
            model_id: MODEL.into(),
            plan_id: "per-1k".into(),
        })
        .unwrap();
    assert_eq!(
        plan.kind,
        PlanKind::Metered {
            unit: MeteredUnit::KiloTokens
        }
    );
    assert_eq!(plan.price, coin(UNIT_PRICE, DENOM));
    assert!(!plan.retired);

    // the JSON shape clients send
    assert_eq!(
        cosmwasm_std::to_json_string(&plan.kind).unwrap(),
        r#"{"metered":{"unit":"kilo_tokens"}}"#
    );

    let dao = suite.dao.clone();
    let res = suite
        .exec(
            &dao,
            &ExecuteMsg::RetirePlan {
                model_id: MODEL.into(),
                plan_id: "per-call".into(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "retire_plan");
    let plan: Plan = suite
        .query(&QueryMsg::Plan {
            model_id: MODEL.into(),
            plan_id: "per-call".into(),
        })
        .unwrap();
    assert!(plan.retired);
}

#[test]
fn only_the_dao_sets_a_metered_plan_and_a_zero_price_is_refused() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let err = suite.fail(
        &alice,
        &set(metered_plan("per-call", MeteredUnit::Call)),
        &[],
    );
    assert_eq!(
        err,
        ContractError::NotModelDao {
            model_id: MODEL.into()
        }
    );
    let dao = suite.dao.clone();
    let mut free = metered_plan("per-call", MeteredUnit::Call);
    free.price = coin(0, DENOM);
    let err = suite.fail(&dao, &set(free), &[]);
    assert_eq!(
        err,
        ContractError::Zero {
            field: "price".into()
        }
    );
}

#[test]
fn a_metered_plan_cannot_be_bought_as_credits_or_as_a_lease() {
    let mut suite = Suite::new();
    set_metered(&mut suite, "per-call", MeteredUnit::Call);
    let alice = suite.alice.clone();
    let err = suite.fail(
        &alice,
        &buy_credits_msg(1, "per-call"),
        &coins(UNIT_PRICE, DENOM),
    );
    assert_eq!(
        err,
        ContractError::MeteredPlan {
            plan_id: "per-call".into()
        }
    );
    let err = suite.fail(
        &alice,
        &buy_lease_msg("per-call"),
        &coins(UNIT_PRICE, DENOM),
    );
    assert_eq!(
        err,
        ContractError::MeteredPlan {
            plan_id: "per-call".into()
        }
    );
    // the other kinds still name the kind they expected
    let err = suite.fail(&alice, &buy_lease_msg("pack"), &coins(PACK_PRICE, DENOM));
    assert!(matches!(err, ContractError::WrongPlanKind { .. }), "{err}");
    suite.assert_access_empty();
}

/// The channels contract reads gateway approvals raw at `modelfund::access::raw::gateway_key`:
/// the key must be where access really keeps them, and disappear on revoke.
#[test]
fn the_published_gateway_key_follows_approve_and_revoke() {
    let mut suite = Suite::new();
    let read = |suite: &Suite, gateway: &Addr| {
        suite
            .app
            .wrap()
            .query_wasm_raw(
                suite.access.clone(),
                modelfund::access::raw::gateway_key(MODEL, gateway),
            )
            .unwrap()
    };
    let (gateway, gateway2, dao) = (
        suite.gateway.clone(),
        suite.gateway2.clone(),
        suite.dao.clone(),
    );
    assert_eq!(read(&suite, &gateway), Some(b"{}".to_vec()));
    assert_eq!(read(&suite, &gateway2), None);
    suite
        .exec(&dao, &revoke_gateway_msg(gateway.as_str()))
        .unwrap();
    assert_eq!(read(&suite, &gateway), None);
    // and it is the very map the contract writes
    assert_eq!(
        modelfund::access::raw::gateway_key(MODEL, &gateway2),
        crate::state::GATEWAYS.key((MODEL, &gateway2)).to_vec()
    );
}
