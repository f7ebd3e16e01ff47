use cosmwasm_std::{coin, coins};
use cw_utils::PaymentError;
use modelfund::access::{
    ExecuteMsg, ModelResponse, Plan, PlanKind, PlanMsg, PlansResponse, QueryMsg,
};
use modelfund::validate::ValidationError;

use super::suite::*;
use crate::ContractError;

/// MODEL's DAO sets `plan` (also used by the buy and metered tests).
pub(super) fn set(plan: PlanMsg) -> ExecuteMsg {
    ExecuteMsg::SetPlan {
        model_id: MODEL.into(),
        plan,
    }
}

pub(super) fn retire(plan_id: &str) -> ExecuteMsg {
    ExecuteMsg::RetirePlan {
        model_id: MODEL.into(),
        plan_id: plan_id.into(),
    }
}

fn plans(suite: &Suite, start_after: Option<&str>, limit: Option<u32>) -> Vec<Plan> {
    let res: PlansResponse = suite
        .query(&QueryMsg::Plans {
            model_id: MODEL.into(),
            start_after: start_after.map(String::from),
            limit,
        })
        .unwrap();
    res.plans
}

fn active_plans(suite: &Suite) -> u32 {
    let m: ModelResponse = suite
        .query(&QueryMsg::Model {
            model_id: MODEL.into(),
        })
        .unwrap();
    m.active_plans
}

#[test]
fn dao_sets_changes_and_retires_plans_with_events() {
    let mut suite = Suite::new();
    let dao = suite.dao.clone();
    assert_eq!(active_plans(&suite), 2);

    let res = suite.exec(&dao, &set(credits_plan("bulk"))).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "set_plan");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "plan_id"), "bulk");
    assert_eq!(wasm_attr(&res, "kind"), "credits");
    assert_eq!(wasm_attr(&res, "price"), "100uusdc");
    assert_eq!(wasm_attr(&res, "created"), "true");
    assert_eq!(active_plans(&suite), 3);

    // change: price and calls per pack
    let changed = PlanMsg {
        price: coin(250, DENOM),
        kind: PlanKind::Credits { calls_per_pack: 40 },
        ..credits_plan("bulk")
    };
    let res = suite.exec(&dao, &set(changed)).unwrap();
    assert_eq!(wasm_attr(&res, "created"), "false");
    assert_eq!(active_plans(&suite), 3);
    let plan: Plan = suite
        .query(&QueryMsg::Plan {
            model_id: MODEL.into(),
            plan_id: "bulk".into(),
        })
        .unwrap();
    assert_eq!(plan.price, coin(250, DENOM));
    assert_eq!(plan.kind, PlanKind::Credits { calls_per_pack: 40 });
    assert!(!plan.retired);

    let res = suite.exec(&dao, &retire("bulk")).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "retire_plan");
    assert_eq!(wasm_attr(&res, "plan_id"), "bulk");
    assert_eq!(active_plans(&suite), 2);
    let plan: Plan = suite
        .query(&QueryMsg::Plan {
            model_id: MODEL.into(),
            plan_id: "bulk".into(),
        })
        .unwrap();
    assert!(plan.retired);
    // retiring twice fails; setting it again revives it
    assert_eq!(
        suite.fail(&dao, &retire("bulk"), &[]),
        ContractError::PlanRetired {
            plan_id: "bulk".into()
        }
    );
    suite.exec(&dao, &set(lease_plan("bulk"))).unwrap();
    assert_eq!(active_plans(&suite), 3);
}

#[test]
fn only_the_dao_manages_plans() {
    let mut suite = Suite::new();
    let (alice, admin, launchpad, dao2, gateway) = (
        suite.alice.clone(),
        suite.admin.clone(),
        suite.launchpad.clone(),
        suite.dao2.clone(),
        suite.gateway.clone(),
    );
    for sender in [&alice, &admin, &launchpad, &dao2, &gateway] {
        assert_eq!(
            suite.fail(sender, &set(credits_plan("x")), &[]),
            ContractError::NotModelDao {
                model_id: MODEL.into()
            }
        );
        assert_eq!(
            suite.fail(sender, &retire("pack"), &[]),
            ContractError::NotModelDao {
                model_id: MODEL.into()
            }
        );
    }
    // a model that is not registered
    let dao2 = suite.dao2.clone();
    assert_eq!(
        suite.fail(
            &dao2,
            &ExecuteMsg::SetPlan {
                model_id: MODEL2.into(),
                plan: credits_plan("x")
            },
            &[]
        ),
        ContractError::ModelNotRegistered {
            model_id: MODEL2.into()
        }
    );
}

#[test]
fn bad_plans_change_nothing() {
    let mut suite = Suite::new();
    let dao = suite.dao.clone();
    let zero = |field: &str| ContractError::Zero {
        field: field.into(),
    };
    let cases: Vec<(PlanMsg, Option<ContractError>)> = vec![
        (
            PlanMsg {
                price: coin(0, DENOM),
                ..credits_plan("p")
            },
            Some(zero("price")),
        ),
        (
            PlanMsg {
                kind: PlanKind::Credits { calls_per_pack: 0 },
                ..credits_plan("p")
            },
            Some(zero("calls_per_pack")),
        ),
        (
            PlanMsg {
                kind: PlanKind::Lease {
                    duration_seconds: 0,
                    call_cap: 1,
                    terms: terms(),
                },
                ..lease_plan("p")
            },
            Some(zero("duration_seconds")),
        ),
        (
            PlanMsg {
                kind: PlanKind::Lease {
                    duration_seconds: 1,
                    call_cap: 0,
                    terms: terms(),
                },
                ..lease_plan("p")
            },
            Some(zero("call_cap")),
        ),
        (
            PlanMsg {
                kind: PlanKind::Lease {
                    duration_seconds: u64::MAX,
                    call_cap: 1,
                    terms: terms(),
                },
                ..lease_plan("p")
            },
            None,
        ),
        (
            PlanMsg {
                kind: PlanKind::Lease {
                    duration_seconds: 1,
                    call_cap: 1,
                    terms: modelfund::access::LeaseTerms {
                        notes: Some("x".repeat(513)),
                        ..terms()
                    },
                },
                ..lease_plan("p")
            },
            None,
        ),
        (credits_plan("bad id"), None),
        (credits_plan(&"p".repeat(33)), None),
        (
            PlanMsg {
                price: coin(1, "u"),
                ..credits_plan("p")
            },
            None,
        ),
        (
            PlanMsg {
                price: coin(1, "1abc"),
                ..credits_plan("p")
            },
            None,
        ),
        (
            PlanMsg {
                price: coin(1, "ab c"),
                ..credits_plan("p")
            },
            None,
        ),
    ];
    for (plan, expected) in cases {
        let err = suite.fail(&dao, &set(plan.clone()), &[]);
        match expected {
            Some(e) => assert_eq!(err, e, "{plan:?}"),
            None => assert!(
                matches!(
                    err,
                    ContractError::InvalidPlan { .. }
                        | ContractError::Validation(ValidationError::InvalidText { .. })
                ),
                "{plan:?}: {err:?}"
            ),
        }
    }
    assert_eq!(
        suite.fail(&dao, &retire("missing"), &[]),
        ContractError::PlanNotFound {
            model_id: MODEL.into(),
            plan_id: "missing".into()
        }
    );
    for msg in [set(credits_plan("p")), retire("pack")] {
        assert_eq!(
            suite.fail(&dao, &msg, &coins(1, DENOM)),
            ContractError::Payment(PaymentError::NonPayable {})
        );
    }
    assert_eq!(plans(&suite, None, None).len(), 2);
}

#[test]
fn at_most_20_active_plans_and_pagination() {
    let mut suite = Suite::new();
    let dao = suite.dao.clone();
    for i in 0..18 {
        suite
            .exec(&dao, &set(credits_plan(&format!("p{i:02}"))))
            .unwrap();
    }
    assert_eq!(active_plans(&suite), 20);
    assert_eq!(
        suite.fail(&dao, &set(credits_plan("one-more")), &[]),
        ContractError::TooManyPlans { max: 20 }
    );
    // changing an active plan is still fine at the limit
    suite.exec(&dao, &set(lease_plan("p00"))).unwrap();
    // retiring frees a slot; reviving a retired plan needs one
    suite.exec(&dao, &retire("p01")).unwrap();
    suite.exec(&dao, &set(credits_plan("one-more"))).unwrap();
    assert_eq!(
        suite.fail(&dao, &set(credits_plan("p01")), &[]),
        ContractError::TooManyPlans { max: 20 }
    );

    // pagination over all 21 stored plans (retired included), by plan id
    let first = plans(&suite, None, Some(8));
    assert_eq!(first.len(), 8);
    let second = plans(&suite, Some(&first[7].plan_id), Some(8));
    assert_eq!(second.len(), 8);
    let third = plans(&suite, Some(&second[7].plan_id), Some(8));
    assert_eq!(third.len(), 5);
    let mut ids: Vec<String> = first
        .iter()
        .chain(&second)
        .chain(&third)
        .map(|p| p.plan_id.clone())
        .collect();
    let len = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), len);
    assert_eq!(len, 21);
    // default page 10, max page 30
    assert_eq!(plans(&suite, None, None).len(), 10);
    assert_eq!(plans(&suite, None, Some(1000)).len(), 21);
}

#[test]
fn a_plan_priced_in_a_denom_the_shares_refuse_changes_nothing() {
    // the shares double accepts DENOM only; a purchase would be forwarded to its `distribute`,
    // which refuses other denoms, so nobody could ever buy such a plan
    let mut suite = Suite::new();
    let (dao, shares) = (suite.dao.clone(), suite.shares.clone());
    let before = plans(&suite, None, None);
    for plan in [
        PlanMsg {
            price: coin(PACK_PRICE, OTHER_DENOM),
            ..credits_plan("atom-pack")
        },
        PlanMsg {
            price: coin(LEASE_PRICE, OTHER_DENOM),
            ..lease_plan("pack")
        },
    ] {
        assert_eq!(
            suite.fail(&dao, &set(plan), &[]),
            ContractError::DenomNotAccepted {
                denom: OTHER_DENOM.into(),
                shares: shares.to_string(),
            }
        );
    }
    assert_eq!(plans(&suite, None, None), before);
    assert_eq!(active_plans(&suite), 2);
}
