//! Launch parameters stay within the protocol's bounds (security review: a timelock of 0 and a
//! quorum of 0.0001 % were accepted, and nothing stopped a creator allocation that reaches quorum
//! alone).

use cosmwasm_std::{Decimal, Uint128};
use cw_multi_test::Executor;
use modelfund::launchpad::{ConfigResponse, ExecuteMsg, InstantiateMsg, LaunchBounds, QueryMsg};

use super::steps::{config_at, second_launchpad};
use super::suite::*;
use crate::ContractError;

const DAY: u64 = 86_400;

/// Bounds for a test network: votes from 60 s, a timelock from 1 s, a quorum from 1 %.
fn test_network_bounds() -> LaunchBounds {
    LaunchBounds {
        min_voting_period_seconds: 60,
        min_timelock_seconds: 1,
        min_quorum: Decimal::percent(1),
        ..LaunchBounds::PRODUCTION
    }
}

/// `launch_msg("tiny-llm")` changed by `change`.
fn launch_with(suite: &Suite, change: impl FnOnce(&mut ExecuteMsg)) -> ExecuteMsg {
    let mut msg = launch_msg("tiny-llm", suite.now());
    change(&mut msg);
    msg
}

fn gov(msg: &mut ExecuteMsg) -> &mut modelfund::governance::GovernanceParams {
    match msg {
        ExecuteMsg::Launch { governance, .. } => governance,
        _ => unreachable!(),
    }
}

fn presale(msg: &mut ExecuteMsg) -> &mut modelfund::launchpad::PresaleLaunch {
    match msg {
        ExecuteMsg::Launch { presale, .. } => presale,
        _ => unreachable!(),
    }
}

/// A change to a launch message.
type Change = Box<dyn FnOnce(&mut ExecuteMsg)>;

fn below(field: &str, value: &str, min: &str) -> ContractError {
    ContractError::BelowMin {
        field: field.into(),
        value: value.into(),
        min: min.into(),
    }
}

fn above(field: &str, value: &str, max: &str) -> ContractError {
    ContractError::AboveMax {
        field: field.into(),
        value: value.into(),
        max: max.into(),
    }
}

fn nothing_launched(suite: &Suite) {
    let models: modelfund::launchpad::ModelsResponse = suite
        .query(&QueryMsg::Models {
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert!(models.models.is_empty());
    assert!(suite
        .calls::<modelfund::access::ExecuteMsg>(&suite.access)
        .is_empty());
}

#[test]
fn governance_and_presale_params_outside_the_bounds_are_refused_by_name() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    let cases: Vec<(Change, ContractError)> = vec![
        // the review's examples: no timelock, a quorum of 0.0001 %
        (
            Box::new(|m| gov(m).timelock_seconds = 0),
            below("governance.timelock_seconds", "0", "86400"),
        ),
        (
            Box::new(|m| gov(m).quorum = Decimal::from_ratio(1u128, 1_000_000u128)),
            below("governance.quorum", "0.000001", "0.1"),
        ),
        (
            Box::new(|m| gov(m).timelock_seconds = 30 * DAY + 1),
            above("governance.timelock_seconds", "2592001", "2592000"),
        ),
        (
            Box::new(|m| gov(m).voting_period_seconds = DAY - 1),
            below("governance.voting_period_seconds", "86399", "86400"),
        ),
        (
            Box::new(|m| gov(m).voting_period_seconds = 30 * DAY + 1),
            above("governance.voting_period_seconds", "2592001", "2592000"),
        ),
        (
            Box::new(|m| gov(m).threshold = Decimal::percent(40)),
            below("governance.threshold", "0.4", "0.5"),
        ),
        (
            Box::new(|m| {
                let p = presale(m);
                p.end = p.start.plus_seconds(90 * DAY + 1);
            }),
            above("presale.end - presale.start", "7776001", "7776000"),
        ),
        (
            Box::new(|m| presale(m).price = Uint128::zero()),
            below("presale.price", "0", "1"),
        ),
        // 100 shares at the soft cap: 26 of 126 is 20.6 %, above the 20 % cap
        (
            Box::new(|m| presale(m).creator_allocation = Uint128::new(26)),
            ContractError::CreatorAllocationTooLarge {
                allocation: "26".into(),
                supply: "126".into(),
                max_bps: 2_000,
            },
        ),
        // 20 of 120 is 16.7 %: a 15 % quorum could be reached by the creator alone
        (
            Box::new(|m| gov(m).quorum = Decimal::percent(15)),
            ContractError::QuorumReachableByCreator {
                quorum: "0.15".into(),
                creator_fraction: "0.166666666666666666".into(),
            },
        ),
        // 25 of 125 is exactly 20 %: allowed as an allocation, but a 20 % quorum is not above it
        (
            Box::new(|m| presale(m).creator_allocation = Uint128::new(25)),
            ContractError::QuorumReachableByCreator {
                quorum: "0.2".into(),
                creator_fraction: "0.2".into(),
            },
        ),
    ];
    for (change, expected) in cases {
        let msg = launch_with(&suite, change);
        assert_eq!(suite.fail(&creator, &msg, &[]), expected);
    }
    nothing_launched(&suite);

    // at the edges it launches: 25 of 125 with a quorum just above 20 %
    let msg = launch_with(&suite, |m| {
        presale(m).creator_allocation = Uint128::new(25);
        gov(m).quorum = Decimal::percent(20) + Decimal::raw(1);
        gov(m).timelock_seconds = DAY;
        gov(m).voting_period_seconds = 30 * DAY;
        let p = presale(m);
        p.end = p.start.plus_seconds(90 * DAY);
    });
    suite.launch(&creator, &msg, &[]).unwrap();
}

#[test]
fn the_owner_sets_bounds_for_later_launches_and_the_dao_gets_them() {
    let mut suite = Suite::new();
    let (owner, creator) = (suite.owner.clone(), suite.creator.clone());
    // a test network's short timings are refused under the production bounds
    let quick = |suite: &Suite, id: &str| {
        let mut msg = launch_msg(id, suite.now());
        gov(&mut msg).voting_period_seconds = 60;
        gov(&mut msg).timelock_seconds = 5;
        msg
    };
    let msg = quick(&suite, "quick-llm");
    assert_eq!(
        suite.fail(&creator, &msg, &[]),
        below("governance.voting_period_seconds", "60", "86400")
    );

    let update = |bounds: LaunchBounds| ExecuteMsg::UpdateConfig {
        owner: None,
        code_ids: None,
        fee: None,
        bounds: Some(bounds),
        reservation_periods: None,
    };
    // only the owner, and only sensible bounds
    assert_eq!(
        suite.fail(&creator, &update(test_network_bounds()), &[]),
        ContractError::Unauthorized {}
    );
    let bad = [
        LaunchBounds {
            min_voting_period_seconds: 0,
            ..test_network_bounds()
        },
        LaunchBounds {
            min_timelock_seconds: 31 * DAY,
            ..test_network_bounds()
        },
        LaunchBounds {
            min_quorum: Decimal::zero(),
            ..test_network_bounds()
        },
        LaunchBounds {
            min_quorum: Decimal::percent(101),
            ..test_network_bounds()
        },
        LaunchBounds {
            min_threshold: Decimal::percent(49),
            ..test_network_bounds()
        },
        LaunchBounds {
            max_presale_seconds: 0,
            ..test_network_bounds()
        },
        LaunchBounds {
            max_creator_allocation_bps: 10_001,
            ..test_network_bounds()
        },
    ];
    for bounds in bad {
        assert!(matches!(
            suite.fail(&owner, &update(bounds), &[]),
            ContractError::InvalidBounds { .. }
        ));
    }

    let res = suite
        .exec(&owner, &update(test_network_bounds()), &[])
        .unwrap();
    let lp = suite.launchpad.clone();
    assert_eq!(wasm_attr(&res, &lp, "bounds_changed").unwrap(), "true");
    let c: ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(c.bounds, test_network_bounds());
    let msg = quick(&suite, "quick-llm");
    let res = suite.launch(&creator, &msg, &[]).unwrap();
    let dao = wasm_attr(&res, &lp, "governance").unwrap();
    let gov_init = suite
        .instantiated::<modelfund::governance::InstantiateMsg>(&cosmwasm_std::Addr::unchecked(dao));
    assert_eq!(
        gov_init.msg.bounds,
        Some(test_network_bounds().governance())
    );
    // the creator-allocation rule holds whatever the bounds
    let mut msg = quick(&suite, "greedy-llm");
    presale(&mut msg).creator_allocation = Uint128::new(100);
    assert!(matches!(
        suite.fail(&creator, &msg, &[]),
        ContractError::CreatorAllocationTooLarge { .. }
    ));
}

#[test]
fn bounds_given_at_instantiate_are_checked_and_shown() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let good = second_launchpad(&suite, None, Some(test_network_bounds()));
    let code = suite.launchpad_code;
    let addr = suite
        .app
        .instantiate_contract(code, owner.clone(), &good, &[], "test-net", None)
        .unwrap();
    assert_eq!(config_at(&suite, &addr).bounds, test_network_bounds());
    let bad = InstantiateMsg {
        bounds: Some(LaunchBounds {
            max_voting_period_seconds: 59,
            ..test_network_bounds()
        }),
        ..good
    };
    let err = suite
        .app
        .instantiate_contract(code, owner, &bad, &[], "bad", None)
        .unwrap_err();
    assert!(matches!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::InvalidBounds { .. }
    ));
}
