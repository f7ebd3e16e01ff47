use cosmwasm_std::{coin, coins, to_json_binary, Decimal, Uint128, WasmMsg};
use cw_multi_test::Executor;
use modelfund::governance::{
    Action, ConfigResponse, ExecuteMsg, MigrateMsg, ProposalStatus, ProposalsResponse, QueryMsg,
    TreasuryResponse, VoteOption,
};

use super::outcomes::*;
use super::suite::*;
use crate::ContractError;

#[test]
fn a_passed_proposal_executes_after_the_timelock_once() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let before = s.balance(&alice);
    let id = passed(
        &mut s,
        vec![
            publish("v2.0.0"),
            Action::ReleaseMilestone {
                recipient: dave.to_string(),
                amount: coin(700, DENOM),
                memo: "milestone 1: fine-tune".into(),
            },
            spend(&dave, 300),
        ],
    );
    assert_eq!(s.balance(&alice), before - DEPOSIT);
    let executable_at = s.proposal(id).executable_at.unwrap();
    s.next_block(TIMELOCK - 1);
    assert_eq!(
        execute(&mut s, id).unwrap_err(),
        ContractError::Timelocked { id, executable_at }
    );
    s.next_block(1);
    let res = execute(&mut s, id).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "execute");
    assert_eq!(wasm_attr(&res, "proposal_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "milestone_memo"), "milestone 1: fine-tune");
    assert_eq!(s.status(id), ProposalStatus::Executed);
    assert_eq!(
        s.published(),
        vec![("tiny-llm".to_string(), "v2.0.0".to_string())]
    );
    assert_eq!(s.balance(&dave), WALLET + 1_000);
    assert_eq!(s.balance(&s.dao.clone()), TREASURY - 1_000);
    // the deposit came back to the proposer
    assert_eq!(s.balance(&alice), before);
    assert_not_executable(&mut s, id, ProposalStatus::Executed);
}

/// DAO DAO bug class "vetoer bypass": an early pass (before the voting period ends) does not
/// shorten the timelock, the window in which holders can react or exit.
#[test]
fn an_early_pass_still_waits_out_the_timelock() {
    let mut s = Suite::new();
    let bob = s.bob.clone();
    let id = passed(&mut s, vec![spend(&bob, 1)]);
    assert!(s.proposal(id).expires_at > s.app.block_info().time);
    assert!(matches!(
        execute(&mut s, id).unwrap_err(),
        ContractError::Timelocked { .. }
    ));
    s.next_block(TIMELOCK);
    execute(&mut s, id).unwrap();
}

#[test]
fn execution_cannot_happen_while_open_or_after_rejection() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![spend(&bob, 1)]).unwrap();
    assert_not_executable(&mut s, id, ProposalStatus::Open);
    s.next_block(PERIOD + TIMELOCK);
    assert_not_executable(&mut s, id, ProposalStatus::Rejected);
}

/// DAO DAO bug class "failing hooks" (a failing message bricks the proposal): a failing action
/// marks the proposal `execution_failed`, applies none of its actions, and still refunds the
/// deposit, instead of reverting `execute` forever. The recorded error names the action.
#[test]
fn a_failing_action_is_recorded_and_nothing_is_applied() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let before = s.balance(&alice);
    // the spend alone would succeed; the second action fails in another contract
    let fail = failing(&s);
    let (id, res) = executed(&mut s, vec![spend(&dave, 100), fail]);
    assert_eq!(wasm_attr(&res, "action"), "execute");
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    let error = p.execution_error.unwrap();
    assert!(error.starts_with("action 1 (custom) failed: "), "{error}");
    assert_eq!(
        s.balance(&dave),
        WALLET,
        "no action of a failed execution applies"
    );
    assert_eq!(s.balance(&s.dao.clone()), TREASURY);
    assert_eq!(s.balance(&alice), before, "deposit refunded");
    assert_not_executable(&mut s, id, ProposalStatus::ExecutionFailed);
}

/// DAO DAO bug class "unrefundable deposits": every outcome has a deposit path, tested here for
/// the rejected ones (passed and execution-failed proposals refund in the tests above).
#[test]
fn deposits_are_refunded_after_an_honest_no_and_forfeited_without_quorum() {
    let mut s = Suite::new();
    let (alice, bob, carol, dave) = s.holders();
    let before = s.balance(&alice);

    // an honest "no": quorum reached, rejected
    let honest = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, honest, VoteOption::No).unwrap();
    s.vote(&carol, honest, VoteOption::No).unwrap();
    assert_eq!(s.status(honest), ProposalStatus::Rejected);
    // nobody votes: quorum missed (spam class)
    let ignored = s.propose(&alice, vec![]).unwrap();
    s.next_block(PERIOD);
    assert_eq!(s.status(ignored), ProposalStatus::Rejected);
    assert_eq!(s.balance(&alice), before - 2 * DEPOSIT);

    assert_eq!(
        s.exec(&dave, &ExecuteMsg::Close { proposal_id: 99 }, &[])
            .unwrap_err(),
        ContractError::ProposalNotFound { id: 99 }
    );
    let res = s
        .exec(
            &dave,
            &ExecuteMsg::Close {
                proposal_id: honest,
            },
            &[],
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "close");
    assert_eq!(wasm_attr(&res, "deposit"), "refunded");
    let res = s
        .exec(
            &dave,
            &ExecuteMsg::Close {
                proposal_id: ignored,
            },
            &[],
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "deposit"), "forfeited");
    assert_eq!(wasm_attr(&res, "outcome"), "rejected");
    assert_eq!(s.balance(&alice), before - DEPOSIT);
    assert_eq!(s.balance(&s.dao.clone()), TREASURY + DEPOSIT);
    assert_eq!(s.status(honest), ProposalStatus::Closed);
    assert!(matches!(
        s.exec(
            &dave,
            &ExecuteMsg::Close {
                proposal_id: honest
            },
            &[]
        )
        .unwrap_err(),
        ContractError::NotRejected {
            status: ProposalStatus::Closed,
            ..
        }
    ));
}

/// cw3 bug class "closing a passed proposal": `close` settles only rejected (and expired)
/// proposals. A passed one, in its timelock or executable, cannot be closed (which would take
/// it away from execution and settle its deposit a second time after execution), nor can an
/// open, executed or cancelled one; a refused close changes nothing.
#[test]
fn closing_a_passed_proposal_is_refused() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = passed(&mut s, vec![spend(&bob, 1)]);
    let before = (s.balance(&alice), s.treasury(), s.proposal(id));
    let close = |s: &mut Suite, id: u64| {
        s.exec(&bob, &ExecuteMsg::Close { proposal_id: id }, &[])
            .unwrap_err()
    };
    assert_eq!(
        close(&mut s, id),
        ContractError::NotRejected {
            id,
            status: ProposalStatus::Passed
        }
    );
    s.next_block(TIMELOCK);
    assert!(matches!(
        close(&mut s, id),
        ContractError::NotRejected {
            status: ProposalStatus::Passed,
            ..
        }
    ));
    assert_eq!(
        (s.balance(&alice), s.treasury(), s.proposal(id)),
        before,
        "nothing changed"
    );
    execute(&mut s, id).unwrap();
    assert!(matches!(
        close(&mut s, id),
        ContractError::NotRejected {
            status: ProposalStatus::Executed,
            ..
        }
    ));
    let open = s.propose(&alice, vec![]).unwrap();
    assert!(matches!(
        close(&mut s, open),
        ContractError::NotRejected {
            status: ProposalStatus::Open,
            ..
        }
    ));
    s.exec(&alice, &ExecuteMsg::Cancel { proposal_id: open }, &[])
        .unwrap();
    assert!(matches!(
        close(&mut s, open),
        ContractError::NotRejected {
            status: ProposalStatus::Cancelled,
            ..
        }
    ));
}

#[test]
fn the_proposer_cancels_before_any_vote_and_gets_the_deposit_back() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let before = s.balance(&alice);
    let id = s.propose(&alice, vec![]).unwrap();
    assert_eq!(
        s.exec(&bob, &ExecuteMsg::Cancel { proposal_id: id }, &[])
            .unwrap_err(),
        ContractError::CannotCancel {}
    );
    let res = s
        .exec(&alice, &ExecuteMsg::Cancel { proposal_id: id }, &[])
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "cancel");
    assert_eq!(s.status(id), ProposalStatus::Cancelled);
    assert_eq!(s.balance(&alice), before);
    // once someone voted, it can no longer be withdrawn
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::No).unwrap();
    assert_eq!(
        s.exec(&alice, &ExecuteMsg::Cancel { proposal_id: id }, &[])
            .unwrap_err(),
        ContractError::CannotCancel {}
    );
    assert!(matches!(
        s.vote(&alice, 1, VoteOption::Yes).unwrap_err(),
        ContractError::NotOpen {
            status: ProposalStatus::Cancelled,
            ..
        }
    ));
}

#[test]
fn config_changes_only_through_a_proposal() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let mut new = params();
    new.quorum = Decimal::percent(50);
    new.timelock_seconds = 10;
    assert_eq!(
        s.exec(
            &alice,
            &ExecuteMsg::UpdateConfig {
                params: new.clone()
            },
            &[]
        )
        .unwrap_err(),
        ContractError::Unauthorized {}
    );
    let open = s.propose(&alice, vec![]).unwrap();
    let id = passed(
        &mut s,
        vec![Action::UpdateConfig {
            params: new.clone(),
        }],
    );
    s.next_block(TIMELOCK);
    execute(&mut s, id).unwrap();
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.params, new);
    // the open proposal keeps the rules it started with
    assert_eq!(s.proposal(open).quorum, Decimal::percent(30));
    let later = s.propose(&bob, vec![]).unwrap();
    assert_eq!(s.proposal(later).quorum, Decimal::percent(50));
}

#[test]
fn nobody_can_run_a_proposals_actions_directly() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let victim = s.propose(&alice, vec![spend(&dave, 1_000)]).unwrap();
    assert_eq!(
        s.exec(
            &dave,
            &ExecuteMsg::ExecuteActions {
                proposal_id: victim,
                upto: None,
            },
            &[]
        )
        .unwrap_err(),
        ContractError::Unauthorized {}
    );
    // not even the DAO itself, from another proposal's custom action
    let sneaky = Action::Custom(
        WasmMsg::Execute {
            contract_addr: s.dao.to_string(),
            msg: to_json_binary(&ExecuteMsg::ExecuteActions {
                proposal_id: victim,
                upto: None,
            })
            .unwrap(),
            funds: vec![],
        }
        .into(),
    );
    let (id, _) = executed(&mut s, vec![sneaky]);
    assert_eq!(s.status(id), ProposalStatus::ExecutionFailed);
    assert_eq!(s.balance(&dave), WALLET);
    assert_eq!(s.status(victim), ProposalStatus::Open);
}

#[test]
fn custom_messages_are_sent_by_the_dao() {
    let mut s = Suite::new();
    let dave = s.dave.clone();
    let custom = Action::Custom(
        cosmwasm_std::BankMsg::Send {
            to_address: dave.to_string(),
            amount: coins(42, DENOM),
        }
        .into(),
    );
    executed(&mut s, vec![custom]);
    assert_eq!(s.balance(&dave), WALLET + 42);
}

#[test]
fn proposals_paginate_both_ways_and_treasury_shows_balances() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    for _ in 0..5 {
        s.propose(&alice, vec![]).unwrap();
    }
    let asc: ProposalsResponse = s
        .query(&QueryMsg::Proposals {
            start_after: Some(1),
            limit: Some(2),
            descending: None,
        })
        .unwrap();
    assert_eq!(
        asc.proposals.iter().map(|p| p.id).collect::<Vec<_>>(),
        [2, 3]
    );
    let desc: ProposalsResponse = s
        .query(&QueryMsg::Proposals {
            start_after: Some(4),
            limit: Some(10),
            descending: Some(true),
        })
        .unwrap();
    assert_eq!(
        desc.proposals.iter().map(|p| p.id).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    let newest: ProposalsResponse = s
        .query(&QueryMsg::Proposals {
            start_after: None,
            limit: Some(1),
            descending: Some(true),
        })
        .unwrap();
    assert_eq!(newest.proposals[0].id, 5);
    // the deposits are held apart: the treasury is what proposals can spend
    let treasury: TreasuryResponse = s.query(&QueryMsg::Treasury {}).unwrap();
    assert_eq!(treasury.balances, coins(TREASURY, DENOM));
    assert_eq!(treasury.deposits, coins(5 * DEPOSIT, DENOM));
}

#[test]
fn migrate_keeps_proposals() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.propose(&alice, vec![]).unwrap();
    let admin = s.app.api().addr_make("admin");
    let res = s
        .app
        .migrate_contract(admin, s.dao.clone(), &MigrateMsg::Migrate {}, s.code_id)
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "migrate");
    assert_eq!(s.proposal(1).total_power, Uint128::new(100));
}

#[test]
fn pricing_gateway_and_split_actions_reach_access_and_shares() {
    use modelfund::access::{PlanKind, PlanMsg};
    use modelfund::revenue::Split;
    let mut s = Suite::new();
    let (bob, carol) = (s.bob.clone(), s.carol.clone());
    let plan = PlanMsg {
        plan_id: "pack-100".into(),
        price: coin(1_000, DENOM),
        kind: PlanKind::Credits {
            calls_per_pack: 100,
        },
    };
    let splits = vec![Split {
        address: carol.to_string(),
        bps: 1_000,
        label: "dataset".into(),
    }];
    let id = passed(
        &mut s,
        vec![
            Action::SetPricingPlan { plan },
            Action::RetirePricingPlan {
                plan_id: "old".into(),
            },
            Action::ApproveGateway {
                gateway: bob.to_string(),
            },
            Action::RevokeGateway {
                gateway: carol.to_string(),
            },
            Action::SetRoyaltySplits { splits },
        ],
    );
    s.next_block(TIMELOCK);
    let res = execute(&mut s, id).unwrap();
    assert_eq!(wasm_attr(&res, "plan_set"), "pack-100");
    assert_eq!(wasm_attr(&res, "gateway_approved"), bob.to_string());
    assert_eq!(s.status(id), ProposalStatus::Executed);
    let (access, shares) = s.recorded();
    assert_eq!(
        access,
        vec![
            "set_plan:tiny-llm:pack-100",
            "retire_plan:tiny-llm:old",
            "approve_gateway:tiny-llm",
            "revoke_gateway:tiny-llm",
        ]
    );
    assert_eq!(shares, vec!["set_splits:1"]);
}

#[test]
fn pricing_and_split_actions_are_validated_at_propose() {
    use modelfund::revenue::Split;
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let over = vec![
        Split {
            address: bob.to_string(),
            bps: 6_000,
            label: "a".into(),
        },
        Split {
            address: alice.to_string(),
            bps: 4_001,
            label: "b".into(),
        },
    ];
    assert!(matches!(
        s.propose(&alice, vec![Action::SetRoyaltySplits { splits: over }])
            .unwrap_err(),
        ContractError::Revenue(_)
    ));
    assert!(s
        .propose(
            &alice,
            vec![Action::ApproveGateway {
                gateway: "not an address".into()
            }]
        )
        .is_err());
    // a DAO without an access contract cannot carry pricing actions
    let dao = s.bare_dao(params(), None).unwrap();
    let approve = Action::ApproveGateway {
        gateway: bob.to_string(),
    };
    assert_eq!(
        s.propose_to(&dao, &alice, vec![approve]).unwrap_err(),
        ContractError::NoAccess {}
    );
}

/// What a person reads on the CLI: times in RFC 3339 UTC (whole seconds, rounded up), statuses
/// in snake_case as in the JSON — not `secs.nanos` and Rust's `ExecutionFailed`.
#[test]
fn errors_read_with_utc_times_and_snake_case_statuses() {
    let mut s = Suite::new();
    let bob = s.bob.clone();
    let id = passed(&mut s, vec![spend(&bob, 1)]);
    let executable_at = s.proposal(id).executable_at.unwrap();
    assert!(
        executable_at.subsec_nanos() > 0,
        "the test block time has nanos"
    );
    let err = execute(&mut s, id).unwrap_err().to_string();
    // 1571797924.879305533 s after the epoch, rounded up to the next second
    assert_eq!(executable_at.nanos(), 1_571_797_924_879_305_533);
    assert_eq!(
        err,
        format!("proposal {id} is in its timelock until 2019-10-23T02:32:05Z")
    );
    let err = s.vote(&bob, id, VoteOption::Yes).unwrap_err().to_string();
    assert_eq!(
        err,
        format!("proposal {id} is not open for voting (it is passed)")
    );

    let action = failing(&s);
    let (failing_id, _) = executed(&mut s, vec![action]);
    assert_eq!(s.status(failing_id), ProposalStatus::ExecutionFailed);
    let err = execute(&mut s, failing_id).unwrap_err().to_string();
    assert_eq!(
        err,
        format!("proposal {failing_id} cannot be executed: it is execution_failed")
    );
}
