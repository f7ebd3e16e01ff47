use cosmwasm_std::coins;
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::access::{ConfigResponse, ExecuteMsg, InstantiateMsg, ModelResponse, QueryMsg};
use modelfund::validate::ValidationError;

use super::suite::*;
use crate::ContractError;

#[test]
fn instantiate_sets_config_and_rejects_bad_input() {
    let mut suite = Suite::bare();
    let config: ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.registry, suite.registry);
    assert_eq!(config.admin, suite.admin);
    assert_eq!(config.licenses_issued, 0);

    let admin = suite.admin.clone();
    let good = InstantiateMsg {
        registry: suite.registry.to_string(),
        admin: None,
        registrars: None,
        name: "Licenses".into(),
        symbol: "LIC".into(),
    };
    let bad = [
        InstantiateMsg {
            registry: "not an address".into(),
            ..good.clone()
        },
        InstantiateMsg {
            name: "  ".into(),
            ..good.clone()
        },
        InstantiateMsg {
            registrars: Some(
                (0..11)
                    .map(|i| suite.addr(&format!("r{i}")).to_string())
                    .collect(),
            ),
            ..good.clone()
        },
    ];
    for msg in bad {
        assert!(suite
            .app
            .instantiate_contract(suite.code_id, admin.clone(), &msg, &[], "bad", None)
            .is_err());
    }
    // funds are refused
    let err = suite
        .app
        .instantiate_contract(
            suite.code_id,
            suite.alice.clone(),
            &good,
            &coins(1, DENOM),
            "paid",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}

#[test]
fn dao_registers_and_updates_with_events() {
    let mut suite = Suite::bare();
    let (dao, shares, shares2) = (
        suite.dao.clone(),
        suite.shares.clone(),
        suite.shares2.clone(),
    );
    let res = suite
        .exec(&dao, &register_msg(MODEL, shares.as_str(), ROYALTY_BPS))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "register_model");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "shares"), shares.to_string());
    assert_eq!(wasm_attr(&res, "license_royalty_bps"), "500");
    assert_eq!(wasm_attr(&res, "updated"), "false");
    assert_eq!(wasm_attr(&res, "presale"), "none");
    let m = suite.model(MODEL);
    assert_eq!(m.shares, shares);
    assert_eq!(m.dao, Some(dao.clone()));
    assert_eq!(m.registered_by, dao);
    assert_eq!(m.license_royalty_bps, ROYALTY_BPS);
    assert_eq!(m.active_plans, 0);

    // re-registering by the DAO updates shares and royalty
    let res = suite
        .exec(&dao, &register_msg(MODEL, shares2.as_str(), 0))
        .unwrap();
    assert_eq!(wasm_attr(&res, "updated"), "true");
    let m = suite.model(MODEL);
    assert_eq!(m.shares, shares2);
    assert_eq!(m.license_royalty_bps, 0);
    assert_eq!(m.registered_by, dao);
}

#[test]
fn registrar_registers_once_and_strangers_cannot() {
    let mut suite = Suite::bare();
    let (launchpad, alice, shares) = (
        suite.launchpad.clone(),
        suite.alice.clone(),
        suite.shares.to_string(),
    );
    assert_eq!(
        suite.fail(&alice, &register_msg(MODEL, &shares, 0), &[]),
        ContractError::NotRegistrar {
            model_id: MODEL.into()
        }
    );
    // the DAO of another model is a stranger here
    let dao2 = suite.dao2.clone();
    assert_eq!(
        suite.fail(&dao2, &register_msg(MODEL, &shares, 0), &[]),
        ContractError::NotRegistrar {
            model_id: MODEL.into()
        }
    );
    let res = suite
        .exec(&launchpad, &register_msg(MODEL, &shares, 100))
        .unwrap();
    assert_eq!(wasm_attr(&res, "sender"), launchpad.to_string());
    assert_eq!(suite.model(MODEL).registered_by, launchpad);
    // a registrar may not overwrite a registered model; only its DAO may
    assert_eq!(
        suite.fail(&launchpad, &register_msg(MODEL, &shares, 200), &[]),
        ContractError::AlreadyRegistered {
            model_id: MODEL.into()
        }
    );
    let dao = suite.dao.clone();
    suite
        .exec(&dao, &register_msg(MODEL, &shares, 200))
        .unwrap();
    assert_eq!(suite.model(MODEL).license_royalty_bps, 200);
}

#[test]
fn register_bad_inputs_change_nothing() {
    let mut suite = Suite::bare();
    let (dao, shares) = (suite.dao.clone(), suite.shares.to_string());
    assert!(matches!(
        suite.fail(&dao, &register_msg("bad id", &shares, 0), &[]),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    assert!(matches!(
        suite.fail(&dao, &register_msg(MODEL, "not-an-address", 0), &[]),
        ContractError::Std(_)
    ));
    assert_eq!(
        suite.fail(&dao, &register_msg(MODEL, &shares, 10_001), &[]),
        ContractError::Validation(ValidationError::BpsOverMax { value: 10_001 })
    );
    assert_eq!(
        suite.fail(&dao, &register_msg("unknown-model", &shares, 0), &[]),
        ContractError::ModelNotInRegistry {
            model_id: "unknown-model".into()
        }
    );
    assert_eq!(
        suite.fail(&dao, &register_msg(MODEL, &shares, 0), &coins(5, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert!(suite
        .query::<ModelResponse>(&QueryMsg::Model {
            model_id: MODEL.into()
        })
        .is_err());
}

#[test]
fn a_new_dao_takes_over_when_the_model_nft_moves() {
    let mut suite = Suite::new();
    let (dao, new_dao) = (suite.dao.clone(), suite.addr("new-dao"));
    suite.set_model_owner(MODEL, &new_dao);
    let msg = ExecuteMsg::RetirePlan {
        model_id: MODEL.into(),
        plan_id: "pack".into(),
    };
    assert_eq!(
        suite.fail(&dao, &msg, &[]),
        ContractError::NotModelDao {
            model_id: MODEL.into()
        }
    );
    suite.exec(&new_dao, &msg).unwrap();
    assert_eq!(suite.model(MODEL).dao, Some(new_dao));
}

fn register_with_plans(
    model_id: &str,
    shares: &str,
    plans: Vec<modelfund::access::PlanMsg>,
) -> ExecuteMsg {
    ExecuteMsg::RegisterModel {
        model_id: model_id.into(),
        shares: shares.into(),
        license_royalty_bps: ROYALTY_BPS,
        plans,
        presale: None,
    }
}

fn plans_of(suite: &Suite, model_id: &str) -> Vec<modelfund::access::Plan> {
    suite
        .query::<modelfund::access::PlansResponse>(&QueryMsg::Plans {
            model_id: model_id.into(),
            start_after: None,
            limit: Some(30),
        })
        .unwrap()
        .plans
}

#[test]
fn a_registrar_sets_initial_plans_at_registration() {
    let mut suite = Suite::bare();
    let (launchpad, shares) = (suite.launchpad.clone(), suite.shares.to_string());
    let res = suite
        .exec(
            &launchpad,
            &register_with_plans(
                MODEL,
                &shares,
                vec![credits_plan("pack"), lease_plan("lease")],
            ),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "register_model");
    assert_eq!(wasm_attr(&res, "plans"), "pack,lease");
    let m = suite.model(MODEL);
    assert_eq!(m.active_plans, 2);
    assert_eq!(m.registered_by, launchpad);
    let plans = plans_of(&suite, MODEL);
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].plan_id, "lease");
    assert_eq!(plans[1].plan_id, "pack");
    assert_eq!(plans[1].price, credits_plan("pack").price);
    assert!(plans.iter().all(|p| !p.retired));

    // a registrar cannot re-register, with or without plans: nothing changes
    assert_eq!(
        suite.fail(
            &launchpad,
            &register_with_plans(MODEL, &shares, vec![credits_plan("other")]),
            &[]
        ),
        ContractError::AlreadyRegistered {
            model_id: MODEL.into()
        }
    );
    assert_eq!(plans_of(&suite, MODEL).len(), 2);

    // the DAO may pass plans when it re-registers: they add or change plans like set_plan
    let dao = suite.dao.clone();
    let mut changed = credits_plan("pack");
    changed.price.amount = 7u128.into();
    suite
        .exec(
            &dao,
            &register_with_plans(MODEL, &shares, vec![changed, credits_plan("more")]),
        )
        .unwrap();
    assert_eq!(suite.model(MODEL).active_plans, 3);
    let plans = plans_of(&suite, MODEL);
    assert_eq!(plans.len(), 3);
    let pack = plans.iter().find(|p| p.plan_id == "pack").unwrap();
    assert_eq!(pack.price.amount.u128(), 7);
    // the JSON field is optional
    let json = format!(
        r#"{{"register_model":{{"model_id":"{MODEL2}","shares":"{shares}","license_royalty_bps":0}}}}"#
    );
    let msg: ExecuteMsg = cosmwasm_std::from_json(json).unwrap();
    assert!(matches!(msg, ExecuteMsg::RegisterModel { plans, .. } if plans.is_empty()));
}

#[test]
fn registration_plans_are_checked_and_a_bad_one_changes_nothing() {
    let mut suite = Suite::bare();
    let (launchpad, shares) = (suite.launchpad.clone(), suite.shares.to_string());
    // too many: 21 plans
    let too_many: Vec<_> = (0..=20).map(|i| credits_plan(&format!("p{i}"))).collect();
    assert_eq!(
        suite.fail(
            &launchpad,
            &register_with_plans(MODEL, &shares, too_many),
            &[]
        ),
        ContractError::TooManyPlans { max: 20 }
    );
    // exactly 20 are fine elsewhere; here an invalid one among good ones rejects all
    let mut zero_price = credits_plan("free");
    zero_price.price.amount = 0u128.into();
    assert_eq!(
        suite.fail(
            &launchpad,
            &register_with_plans(MODEL, &shares, vec![credits_plan("pack"), zero_price]),
            &[]
        ),
        ContractError::Zero {
            field: "price".into()
        }
    );
    let mut bad_id = credits_plan("pack");
    bad_id.plan_id = "bad id".into();
    assert!(matches!(
        suite.fail(
            &launchpad,
            &register_with_plans(MODEL, &shares, vec![bad_id]),
            &[]
        ),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    assert!(matches!(
        suite.fail(
            &launchpad,
            &register_with_plans(
                MODEL,
                &shares,
                vec![credits_plan("pack"), lease_plan("pack")]
            ),
            &[]
        ),
        ContractError::InvalidPlan { .. }
    ));
    // nothing was registered by the failed attempts
    assert!(suite
        .query::<ModelResponse>(&QueryMsg::Model {
            model_id: MODEL.into()
        })
        .is_err());
    // twenty plans at once are allowed
    let twenty: Vec<_> = (0..20).map(|i| credits_plan(&format!("p{i}"))).collect();
    suite
        .exec(&launchpad, &register_with_plans(MODEL, &shares, twenty))
        .unwrap();
    assert_eq!(suite.model(MODEL).active_plans, 20);
    // the DAO cannot push the model over 20 active plans by re-registering
    let dao = suite.dao.clone();
    assert_eq!(
        suite.fail(
            &dao,
            &register_with_plans(MODEL, &shares, vec![credits_plan("p21")]),
            &[]
        ),
        ContractError::TooManyPlans { max: 20 }
    );
    assert_eq!(plans_of(&suite, MODEL).len(), 20);
}

#[test]
fn initial_plans_must_be_buyable_through_the_shares_contract() {
    let mut suite = Suite::bare();
    let (launchpad, shares, registry) = (
        suite.launchpad.clone(),
        suite.shares.to_string(),
        suite.registry.to_string(),
    );
    let atom = modelfund::access::PlanMsg {
        price: cosmwasm_std::coin(PACK_PRICE, OTHER_DENOM),
        ..credits_plan("atom-pack")
    };
    assert_eq!(
        suite.fail(
            &launchpad,
            &register_with_plans(MODEL, &shares, vec![credits_plan("pack"), atom]),
            &[]
        ),
        ContractError::DenomNotAccepted {
            denom: OTHER_DENOM.into(),
            shares: shares.clone(),
        }
    );
    // a "shares" address that is no Modelfund shares contract cannot carry plans
    assert_eq!(
        suite.fail(
            &launchpad,
            &register_with_plans(MODEL, &registry, vec![credits_plan("pack")]),
            &[]
        ),
        ContractError::NotShares {
            shares: registry.clone(),
        }
    );
    assert!(suite
        .query::<ModelResponse>(&QueryMsg::Model {
            model_id: MODEL.into()
        })
        .is_err());
    // without plans nothing is asked of the shares contract
    suite
        .exec(&launchpad, &register_with_plans(MODEL, &registry, vec![]))
        .unwrap();
}
