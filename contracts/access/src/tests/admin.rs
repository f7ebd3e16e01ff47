use cosmwasm_std::coins;
use cw_utils::PaymentError;
use modelfund::access::{ConfigResponse, ExecuteMsg, QueryMsg, RegistrarsResponse};

use super::suite::*;
use crate::ContractError;

fn registrars(suite: &Suite, start_after: Option<String>, limit: Option<u32>) -> Vec<String> {
    let res: RegistrarsResponse = suite
        .query(&QueryMsg::Registrars { start_after, limit })
        .unwrap();
    res.registrars
        .into_iter()
        .map(|a| a.into_string())
        .collect()
}

#[test]
fn admin_adds_and_removes_registrars() {
    let mut suite = Suite::bare();
    let (admin, dave) = (suite.admin.clone(), suite.addr("dave"));
    let res = suite
        .exec(
            &admin,
            &ExecuteMsg::AddRegistrar {
                registrar: dave.to_string(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "add_registrar");
    assert_eq!(wasm_attr(&res, "registrar"), dave.to_string());
    assert_eq!(registrars(&suite, None, None).len(), 2);
    assert!(registrars(&suite, None, None).contains(&dave.to_string()));
    // a new registrar can register a model
    let shares = suite.shares.to_string();
    suite.exec(&dave, &register_msg(MODEL, &shares, 0)).unwrap();

    let res = suite
        .exec(
            &admin,
            &ExecuteMsg::RemoveRegistrar {
                registrar: dave.to_string(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "remove_registrar");
    assert_eq!(
        registrars(&suite, None, None),
        vec![suite.launchpad.to_string()]
    );
    let shares2 = suite.shares2.to_string();
    assert_eq!(
        suite.fail(&dave, &register_msg(MODEL2, &shares2, 0), &[]),
        ContractError::NotRegistrar {
            model_id: MODEL2.into()
        }
    );
}

#[test]
fn registrar_management_errors_change_nothing() {
    let mut suite = Suite::bare();
    let (admin, alice, launchpad) = (
        suite.admin.clone(),
        suite.alice.clone(),
        suite.launchpad.clone(),
    );
    let add = |a: &str| ExecuteMsg::AddRegistrar {
        registrar: a.to_string(),
    };
    let remove = |a: &str| ExecuteMsg::RemoveRegistrar {
        registrar: a.to_string(),
    };
    // unauthorized: not even a registrar manages registrars
    for sender in [&alice, &launchpad] {
        assert_eq!(
            suite.fail(sender, &add(alice.as_str()), &[]),
            ContractError::NotAdmin {}
        );
        assert_eq!(
            suite.fail(sender, &remove(launchpad.as_str()), &[]),
            ContractError::NotAdmin {}
        );
    }
    assert_eq!(
        suite.fail(&admin, &add(launchpad.as_str()), &[]),
        ContractError::RegistrarExists {
            address: launchpad.to_string()
        }
    );
    assert_eq!(
        suite.fail(&admin, &remove(alice.as_str()), &[]),
        ContractError::RegistrarNotFound {
            address: alice.to_string()
        }
    );
    assert!(matches!(
        suite.fail(&admin, &add("bad address"), &[]),
        ContractError::Std(_)
    ));
    assert_eq!(
        suite.fail(&admin, &add(alice.as_str()), &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    // at most 10
    for i in 1..10 {
        let r = suite.addr(&format!("registrar{i}"));
        suite.exec(&admin, &add(r.as_str())).unwrap();
    }
    assert_eq!(
        suite.fail(&admin, &add(alice.as_str()), &[]),
        ContractError::TooManyRegistrars { max: 10 }
    );
    // pagination
    let first = registrars(&suite, None, Some(4));
    assert_eq!(first.len(), 4);
    let rest = registrars(&suite, Some(first[3].clone()), Some(30));
    assert_eq!(rest.len(), 6);
    assert!(!rest.contains(&first[3]));
}

#[test]
fn update_admin_hands_over_the_role() {
    let mut suite = Suite::bare();
    let (admin, alice, bob) = (suite.admin.clone(), suite.alice.clone(), suite.bob.clone());
    let msg = ExecuteMsg::UpdateAdmin {
        admin: alice.to_string(),
    };
    assert_eq!(suite.fail(&bob, &msg, &[]), ContractError::NotAdmin {});
    assert!(matches!(
        suite.fail(
            &admin,
            &ExecuteMsg::UpdateAdmin {
                admin: "bad address".into()
            },
            &[]
        ),
        ContractError::Std(_)
    ));
    assert_eq!(
        suite.fail(&admin, &msg, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    let res = suite.exec(&admin, &msg).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "update_admin");
    assert_eq!(wasm_attr(&res, "admin"), alice.to_string());
    let config: ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.admin, alice);
    // the old admin lost the role
    assert_eq!(
        suite.fail(
            &admin,
            &ExecuteMsg::AddRegistrar {
                registrar: bob.to_string()
            },
            &[]
        ),
        ContractError::NotAdmin {}
    );
    suite
        .exec(
            &alice,
            &ExecuteMsg::AddRegistrar {
                registrar: bob.to_string(),
            },
        )
        .unwrap();
}

#[test]
fn migrate_keeps_state_and_refuses_other_contracts() {
    use cw_multi_test::Executor;
    let mut suite = Suite::new();
    let admin = suite.admin.clone();
    let access = suite.access.clone();
    let code = suite.code_id;
    suite
        .app
        .migrate_contract(
            admin,
            access,
            &modelfund::access::MigrateMsg::Migrate {},
            code,
        )
        .unwrap();
    let plans: modelfund::access::PlansResponse = suite
        .query(&QueryMsg::Plans {
            model_id: MODEL.into(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(plans.plans.len(), 2);
}
