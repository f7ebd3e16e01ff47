use cosmwasm_std::{coin, coins};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::launchpad::{
    CodeIds, ConfigResponse, ExecuteMsg, Fee, FeeUpdate, InstantiateMsg, LaunchFee, QueryMsg,
};

use super::steps::{config_at, launch_now, second_launchpad};
use super::suite::*;
use crate::ContractError;

fn config(suite: &Suite) -> ConfigResponse {
    suite.query(&QueryMsg::Config {}).unwrap()
}

fn update(owner: Option<String>, code_ids: Option<CodeIds>, fee: Option<FeeUpdate>) -> ExecuteMsg {
    ExecuteMsg::UpdateConfig {
        owner,
        code_ids,
        fee,
        bounds: None,
        reservation_periods: None,
    }
}

#[test]
fn instantiate_sets_config_and_rejects_bad_input() {
    let mut suite = Suite::with_fee(Some(FEE));
    let c = config(&suite);
    assert_eq!(c.owner, suite.owner);
    assert_eq!(c.code_ids, suite.code_ids);
    // absent in the instantiate message: production bounds, 1 day / 30 day periods
    assert_eq!(c.bounds, modelfund::launchpad::LaunchBounds::PRODUCTION);
    assert_eq!(c.reservation_periods.commitment_seconds, 86_400);
    assert_eq!(c.reservation_periods.reservation_seconds, 30 * 86_400);
    assert_eq!(c.registry, suite.registry);
    assert_eq!(c.access, suite.access);
    assert_eq!(
        c.fee,
        Some(Fee {
            amount: coin(FEE, DENOM),
            treasury: suite.treasury.clone(),
        })
    );

    let good = second_launchpad(&suite, Some(suite.creator.to_string()), None);
    let (code, owner) = (suite.launchpad_code, suite.owner.clone());
    let addr = suite
        .app
        .instantiate_contract(code, owner.clone(), &good, &[], "good", None)
        .unwrap();
    let c = config_at(&suite, &addr);
    assert_eq!(c.owner, suite.creator);
    assert_eq!(c.fee, None);

    let treasury = suite.treasury.to_string();
    let bad = [
        InstantiateMsg {
            owner: Some("not an address".into()),
            ..good.clone()
        },
        InstantiateMsg {
            registry: "not an address".into(),
            ..good.clone()
        },
        InstantiateMsg {
            access: "not an address".into(),
            ..good.clone()
        },
        InstantiateMsg {
            code_ids: CodeIds {
                presale: 0,
                ..suite.code_ids.clone()
            },
            ..good.clone()
        },
        InstantiateMsg {
            fee: Some(LaunchFee {
                amount: coin(0, DENOM),
                treasury: treasury.clone(),
            }),
            ..good.clone()
        },
        InstantiateMsg {
            fee: Some(LaunchFee {
                amount: coin(1, "x"),
                treasury: treasury.clone(),
            }),
            ..good.clone()
        },
        InstantiateMsg {
            fee: Some(LaunchFee {
                amount: coin(1, DENOM),
                treasury: "not an address".into(),
            }),
            ..good.clone()
        },
    ];
    for msg in bad {
        assert!(suite
            .app
            .instantiate_contract(code, owner.clone(), &msg, &[], "bad", None)
            .is_err());
    }
    let creator = suite.creator.clone();
    let err = suite
        .app
        .instantiate_contract(code, creator, &good, &coins(1, DENOM), "paid", None)
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
}

#[test]
fn the_owner_updates_code_ids_fee_and_owner_with_events() {
    let mut suite = Suite::new();
    let (owner, treasury) = (suite.owner.clone(), suite.treasury.clone());
    let ids = CodeIds {
        shares: 11,
        presale: 12,
        governance: 13,
    };
    let res = suite
        .exec(
            &owner,
            &update(
                None,
                Some(ids.clone()),
                Some(FeeUpdate::Set(LaunchFee {
                    amount: coin(7, DENOM),
                    treasury: treasury.to_string(),
                })),
            ),
            &[],
        )
        .unwrap();
    let lp = suite.launchpad.clone();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "update_config");
    assert_eq!(wasm_attr(&res, &lp, "shares_code_id").unwrap(), "11");
    assert_eq!(wasm_attr(&res, &lp, "presale_code_id").unwrap(), "12");
    assert_eq!(wasm_attr(&res, &lp, "governance_code_id").unwrap(), "13");
    assert_eq!(wasm_attr(&res, &lp, "fee").unwrap(), "7inj");
    let c = config(&suite);
    assert_eq!(c.code_ids, ids);
    assert_eq!(
        c.fee,
        Some(Fee {
            amount: coin(7, DENOM),
            treasury: treasury.clone()
        })
    );
    // remove the fee; absent fields stay
    suite
        .exec(&owner, &update(None, None, Some(FeeUpdate::Remove {})), &[])
        .unwrap();
    let c = config(&suite);
    assert_eq!(c.fee, None);
    assert_eq!(c.code_ids, ids);
    // hand over the owner role: the old owner is out
    let new_owner = suite.addr("new-owner");
    let res = suite
        .exec(
            &owner,
            &update(Some(new_owner.to_string()), None, None),
            &[],
        )
        .unwrap();
    assert_eq!(
        wasm_attr(&res, &lp, "owner").unwrap(),
        new_owner.to_string()
    );
    assert_eq!(config(&suite).owner, new_owner);
    assert_eq!(
        suite
            .exec(&owner, &update(None, None, Some(FeeUpdate::Remove {})), &[])
            .unwrap_err(),
        ContractError::Unauthorized {}
    );
}

#[test]
fn update_config_refuses_strangers_and_bad_input_changing_nothing() {
    let mut suite = Suite::with_fee(Some(FEE));
    let (owner, creator) = (suite.owner.clone(), suite.creator.clone());
    let before = config(&suite);
    let stranger_msg = update(Some(creator.to_string()), None, Some(FeeUpdate::Remove {}));
    assert_eq!(
        suite.exec(&creator, &stranger_msg, &[]).unwrap_err(),
        ContractError::Unauthorized {}
    );
    assert_eq!(
        suite
            .exec(&owner, &update(None, None, None), &coins(1, DENOM))
            .unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    let zero_ids = CodeIds {
        shares: 0,
        presale: 1,
        governance: 1,
    };
    // a valid code id change together with a bad fee changes nothing either
    let ids = CodeIds {
        shares: 21,
        presale: 22,
        governance: 23,
    };
    let bad_fee = FeeUpdate::Set(LaunchFee {
        amount: coin(0, DENOM),
        treasury: suite.treasury.to_string(),
    });
    type Expected = fn(&ContractError) -> bool;
    let bad_owner: Expected = |e| matches!(e, ContractError::Std(_));
    let invalid: Expected = |e| matches!(e, ContractError::InvalidConfig { .. });
    for (msg, expected) in [
        (update(Some("bad owner".into()), None, None), bad_owner),
        (update(None, Some(zero_ids), None), invalid),
        (update(None, Some(ids), Some(bad_fee)), invalid),
    ] {
        let err = suite.exec(&owner, &msg, &[]).unwrap_err();
        assert!(expected(&err), "{msg:?}: {err:?}");
    }
    assert_eq!(config(&suite), before);
}

#[test]
fn migrate_keeps_state_and_refuses_other_contracts() {
    let mut suite = Suite::new();
    let (owner, creator) = (suite.owner.clone(), suite.creator.clone());
    launch_now(&mut suite, &creator, "tiny-llm");
    let lp = suite.launchpad.clone();
    let code = suite.launchpad_code;
    cw2::set_contract_version(
        suite.app.contract_storage_mut(&lp).as_mut(),
        crate::contract::CONTRACT_NAME,
        "0.0.1",
    )
    .unwrap();
    let res = suite
        .app
        .migrate_contract(
            owner.clone(),
            lp.clone(),
            &modelfund::launchpad::MigrateMsg::Migrate {},
            code,
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "migrate");
    assert_eq!(wasm_attr(&res, &lp, "from_version").unwrap(), "0.0.1");
    assert_eq!(
        cw2::query_contract_info(&suite.app.wrap(), &lp)
            .unwrap()
            .version,
        crate::contract::CONTRACT_VERSION
    );
    // the index survived
    let m: modelfund::launchpad::ModelResponse = suite
        .query(&QueryMsg::Model {
            model_id: "tiny-llm".into(),
        })
        .unwrap();
    assert_eq!(m.creator, creator);
    // another contract's state is refused
    cw2::set_contract_version(
        suite.app.contract_storage_mut(&lp).as_mut(),
        "crates.io:something-else",
        "0.0.1",
    )
    .unwrap();
    assert!(suite
        .app
        .migrate_contract(
            owner,
            lp,
            &modelfund::launchpad::MigrateMsg::Migrate {},
            code
        )
        .is_err());
}
