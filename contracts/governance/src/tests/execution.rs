//! Executing passed proposals: once, within the execution window, all actions or none, never
//! beyond the free treasury, and a failure names the action that failed.

use cosmwasm_std::{coin, coins, to_json_binary, BankMsg, Decimal, WasmMsg};
use modelfund::governance::{
    Action, ConfigResponse, DepositStatus, ExecuteMsg, ProposalStatus, QueryMsg, VoteOption,
};

use super::outcomes::*;
use super::suite::*;
use crate::ContractError;

/// DAO DAO / cw3 bug class "double execution": a proposal executes once. A second `execute`
/// is refused and changes nothing, after a success and after a failure, and an action cannot
/// execute its own proposal again from inside.
#[test]
fn executing_a_passed_proposal_twice_is_refused() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let (id, res) = executed(&mut s, vec![spend(&dave, 300)]);
    // one action needing no deposit check (a spend is checked at `execute`) is the sub-call
    // itself: no call to the DAO's own execute_actions, no deposit check
    assert!(!has_wasm_attr(&res, "action", "execute_actions"));
    assert!(!has_wasm_attr(&res, "action", "check_deposits"));
    assert_eq!(wasm_attr(&res, "spend_recipient"), dave.to_string());
    assert!(!has_wasm_attr(&res, "action", "execution_failed"));
    let (dave_after, alice_after) = (s.balance(&dave), s.balance(&alice));
    assert_eq!(dave_after, WALLET + 300);
    assert_not_executable(&mut s, id, ProposalStatus::Executed);
    assert_eq!(s.balance(&dave), dave_after);
    assert_eq!(s.balance(&alice), alice_after, "no second refund");

    // after a failed execution
    let fail = failing(&s);
    let (failed, _) = executed(&mut s, vec![fail]);
    let alice_after = s.balance(&alice);
    assert_not_executable(&mut s, failed, ProposalStatus::ExecutionFailed);
    assert_eq!(s.balance(&alice), alice_after, "no second refund");

    // from inside: the proposal's own custom action executes it again
    let next = failed + 1;
    let again = Action::Custom(
        WasmMsg::Execute {
            contract_addr: s.dao.to_string(),
            msg: to_json_binary(&ExecuteMsg::Execute { proposal_id: next }).unwrap(),
            funds: vec![],
        }
        .into(),
    );
    let id = passed(&mut s, vec![spend(&dave, 100), again]);
    assert_eq!(id, next);
    s.next_block(TIMELOCK);
    execute(&mut s, id).unwrap();
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    assert!(p
        .execution_error
        .unwrap()
        .starts_with("action 1 (custom) failed: "));
    assert_eq!(s.balance(&dave), dave_after, "the spend did not apply");
}

/// cw3 bug class "spend beyond the treasury": the spends of a proposal (spend_treasury and
/// release_milestone, summed per denom) larger than the free treasury mark it
/// `execution_failed` with a typed error, and change nothing else: balances, the other
/// proposals, the config and the treasury stay as they were (its own deposit is refunded).
#[test]
fn a_spend_larger_than_the_treasury_fails_the_proposal_and_changes_nothing() {
    let mut s = Suite::new();
    let (alice, bob, dave) = (s.alice.clone(), s.bob.clone(), s.dave.clone());
    let other = s.propose(&bob, vec![]).unwrap();
    // 4,000 + 1,001 > 5,000 free (the 100 held for bob's proposal are not free)
    let id = passed(
        &mut s,
        vec![
            Action::ReleaseMilestone {
                recipient: dave.to_string(),
                amount: coin(4_000, DENOM),
                memo: "m1".into(),
            },
            spend(&dave, 1_001),
        ],
    );
    s.next_block(TIMELOCK);
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    let other_before = s.proposal(other);
    let treasury = s.treasury();
    let (alice_before, dave_before, dao_before) = (
        s.balance(&alice),
        s.balance(&dave),
        s.balance(&s.dao.clone()),
    );

    let res = execute(&mut s, id).unwrap();
    let error = ContractError::InsufficientTreasury {
        denom: DENOM.into(),
        free: TREASURY.into(),
        requested: 5_001u128.into(),
    }
    .to_string();
    assert_eq!(wasm_attr(&res, "status"), "execution_failed");
    assert_eq!(wasm_attr(&res, "error"), error);
    assert_eq!(wasm_attr(&res, "deposit"), "refunded");
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    assert_eq!(p.execution_error, Some(error));
    assert_eq!(p.deposit_status, DepositStatus::Refunded);
    assert_eq!(s.balance(&dave), dave_before);
    assert_eq!(s.balance(&alice), alice_before + DEPOSIT);
    assert_eq!(s.balance(&s.dao.clone()), dao_before - DEPOSIT);
    assert_eq!(s.proposal(other), other_before);
    assert_eq!(
        s.query::<ConfigResponse>(&QueryMsg::Config {}).unwrap(),
        config
    );
    let after = s.treasury();
    assert_eq!(after.balances, treasury.balances);
    assert_eq!(
        after.deposits,
        coins(DEPOSIT, DENOM),
        "only bob's deposit held"
    );

    // exactly the free balance is fine
    let (id, _) = executed(&mut s, vec![spend(&dave, 4_000), spend(&dave, 1_000)]);
    assert_eq!(s.status(id), ProposalStatus::Executed);
    assert_eq!(s.balance(&dave), dave_before + TREASURY);
    // bob's deposit is still there to settle (his proposal ended without quorum)
    let res = s
        .exec(&bob, &ExecuteMsg::Close { proposal_id: other }, &[])
        .unwrap();
    assert_eq!(wasm_attr(&res, "deposit"), "forfeited");
    assert_eq!(s.treasury().balances, coins(DEPOSIT, DENOM));
    assert!(s.treasury().deposits.is_empty());
}

/// The search for the failing action finds it wherever it is among the steps (each action,
/// then the deposit check), and nothing of the proposal applies.
#[test]
fn a_failed_execution_names_the_failing_action_at_every_position() {
    for f in 0..5 {
        let mut s = Suite::new();
        let dave = s.dave.clone();
        let actions: Vec<Action> = (0..5)
            .map(|i| if i == f { failing(&s) } else { spend(&dave, 1) })
            .collect();
        let (id, res) = executed(&mut s, actions);
        assert_eq!(wasm_attr(&res, "failed_step"), f.to_string());
        let error = s.proposal(id).execution_error.unwrap();
        assert!(
            error.starts_with(&format!("action {f} (custom) failed: ")),
            "{f}: {error}"
        );
        assert!(error.contains("no_such_message"), "{error}");
        assert_eq!(s.balance(&dave), WALLET, "{f}");
        assert_eq!(s.balance(&s.dao.clone()), TREASURY, "{f}");
    }
    // a single failing action
    let mut s = Suite::new();
    let fail = failing(&s);
    let (id, _) = executed(&mut s, vec![fail]);
    assert!(s
        .proposal(id)
        .execution_error
        .unwrap()
        .starts_with("action 0 (custom) failed: "));
}

/// A proposal of one action that needs no deposit check runs it as `execute`'s sub-call itself,
/// with no call to the DAO's own `execute_actions`: when it fails, nothing of it applies, the
/// proposal is `execution_failed` naming action 0, the deposit still goes back, and it cannot be
/// executed again. Two actions still run together through `execute_actions`.
#[test]
fn one_action_runs_as_the_sub_call_and_its_failure_is_recorded() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let alice_before = s.balance(&alice);
    let (id, res) = executed(&mut s, vec![publish(REFUSED_VERSION)]);
    assert!(!has_wasm_attr(&res, "action", "execute_actions"));
    assert_eq!(wasm_attr(&res, "failed_step"), "0");
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    assert_eq!(p.deposit_status, DepositStatus::Refunded);
    let error = p.execution_error.unwrap();
    assert!(
        error.starts_with("action 0 (publish_model_version) failed: "),
        "{error}"
    );
    assert!(error.contains("version refused"), "{error}");
    assert!(s.published().is_empty());
    assert_eq!(s.balance(&alice), alice_before, "the deposit came back");
    assert_not_executable(&mut s, id, ProposalStatus::ExecutionFailed);

    // the same action succeeds on its own; with a second one both run in execute_actions
    let (id, res) = executed(&mut s, vec![publish("v2")]);
    assert!(!has_wasm_attr(&res, "action", "execute_actions"));
    assert_eq!(wasm_attr(&res, "published_version"), "v2");
    assert_eq!(s.status(id), ProposalStatus::Executed);
    let (_, res) = executed(&mut s, vec![publish("v3"), publish(REFUSED_VERSION)]);
    // (the failed execute_actions left no event; the search found its second step)
    assert_eq!(wasm_attr(&res, "failed_step"), "1");
    assert_eq!(s.published().len(), 1, "v3 did not apply either");
}

/// A `custom` message other than a bank send or burn (here a wasm call with funds) can send
/// anything, so an execution with one ends by checking that the deposits held for other
/// proposals are still there; otherwise nothing applies.
#[test]
fn a_custom_action_spending_held_deposits_fails_at_the_deposit_check() {
    let mut s = Suite::new();
    let (bob, dave) = (s.bob.clone(), s.dave.clone());
    let held = s.propose(&bob, vec![]).unwrap();
    let custom = Action::Custom(
        WasmMsg::Execute {
            contract_addr: s.registry.to_string(),
            msg: to_json_binary(&modelfund::registry::ExecuteMsg::PublishVersion {
                token_id: "m".into(),
                version: "v2".into(),
                content_hash: HASH.into(),
                uri: "ipfs://v2".into(),
                notes: None,
            })
            .unwrap(),
            funds: coins(TREASURY + 1, DENOM),
        }
        .into(),
    );
    let registry = s.registry.clone();
    let (id, res) = executed(&mut s, vec![spend(&dave, 10), custom]);
    assert_eq!(wasm_attr(&res, "failed_step"), "2");
    let error = s.proposal(id).execution_error.unwrap();
    assert!(
        error.starts_with("the actions spent held proposal deposits ("),
        "{error}"
    );
    assert!(
        error.contains(
            &ContractError::DepositsSpent {
                denom: DENOM.into(),
                held: DEPOSIT.into(),
                balance: (DEPOSIT - 11).into(),
            }
            .to_string()
        ),
        "{error}"
    );
    assert_eq!(s.balance(&dave), WALLET);
    assert_eq!(s.balance(&registry), 0);
    s.exec(&bob, &ExecuteMsg::Cancel { proposal_id: held }, &[])
        .unwrap();
    assert_eq!(s.balance(&s.dao.clone()), TREASURY);
}

/// A custom bank send or burn pays out exactly its coins: it counts against the free treasury
/// at `execute` like `spend_treasury` (no deposit check needed afterwards), so one that would
/// reach the held deposits fails there with a typed error and moves nothing.
#[test]
fn a_custom_bank_send_or_burn_beyond_the_free_treasury_is_refused_at_execute() {
    let send = |to: &cosmwasm_std::Addr, n: u128| {
        Action::Custom(
            BankMsg::Send {
                to_address: to.to_string(),
                amount: coins(n, DENOM),
            }
            .into(),
        )
    };
    let burn = |n: u128| {
        Action::Custom(
            BankMsg::Burn {
                amount: coins(n, DENOM),
            }
            .into(),
        )
    };
    for (name, custom) in [
        ("send", send(&Suite::new().dave, TREASURY - 9)),
        ("burn", burn(TREASURY - 9)),
    ] {
        let mut s = Suite::new();
        let (bob, dave) = (s.bob.clone(), s.dave.clone());
        let held = s.propose(&bob, vec![]).unwrap();
        let (id, res) = executed(&mut s, vec![spend(&dave, 10), custom]);
        assert!(!has_wasm_attr(&res, "action", "execute_actions"), "{name}");
        let p = s.proposal(id);
        assert_eq!(p.status, ProposalStatus::ExecutionFailed, "{name}");
        assert_eq!(
            p.execution_error.unwrap(),
            ContractError::InsufficientTreasury {
                denom: DENOM.into(),
                free: TREASURY.into(),
                requested: (TREASURY + 1).into(),
            }
            .to_string(),
            "{name}"
        );
        assert_eq!(s.balance(&dave), WALLET, "{name}");
        s.exec(&bob, &ExecuteMsg::Cancel { proposal_id: held }, &[])
            .unwrap();
        assert_eq!(s.balance(&s.dao.clone()), TREASURY, "{name}");

        // within the free treasury it runs, without a deposit check
        let mut s = Suite::new();
        let dave = s.dave.clone();
        let (id, res) = executed(&mut s, vec![spend(&dave, 10), send(&dave, 20)]);
        assert!(!has_wasm_attr(&res, "action", "check_deposits"));
        assert_eq!(s.proposal(id).status, ProposalStatus::Executed);
        assert_eq!(s.balance(&dave), WALLET + 30);
    }
}

/// The internal steps run only as the DAO, during its own `execute`.
#[test]
fn internal_messages_are_refused_from_outside_and_from_actions() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let id = s.propose(&alice, vec![spend(&dave, 1)]).unwrap();
    for msg in [
        ExecuteMsg::ExecuteActions {
            proposal_id: id,
            upto: Some(0),
        },
        ExecuteMsg::ProbeActions {
            proposal_id: id,
            upto: 0,
        },
        ExecuteMsg::CheckDeposits {},
    ] {
        assert_eq!(
            s.exec(&dave, &msg, &[]).unwrap_err(),
            ContractError::Unauthorized {},
            "{msg:?}"
        );
    }
    // a dry run started from an action finds no execution in progress
    let probe = Action::Custom(
        WasmMsg::Execute {
            contract_addr: s.dao.to_string(),
            msg: to_json_binary(&ExecuteMsg::ProbeActions {
                proposal_id: id,
                upto: 0,
            })
            .unwrap(),
            funds: vec![],
        }
        .into(),
    );
    let (sneaky, _) = executed(&mut s, vec![probe]);
    assert_eq!(s.status(sneaky), ProposalStatus::ExecutionFailed);
    assert_eq!(s.balance(&dave), WALLET);
    assert_eq!(s.status(id), ProposalStatus::Open);
}

/// Security review, Info: a passed proposal never expired. Now it can be executed from
/// `executable_at` until `executable_until` (exclusive); then it is `expired`, can only be
/// closed, and closing refunds the deposit (it passed).
#[test]
fn a_passed_proposal_expires_after_its_execution_window() {
    let mut s = Suite::new();
    let (alice, bob, dave) = (s.alice.clone(), s.bob.clone(), s.dave.clone());
    let before = s.balance(&alice);
    let on_time = passed(&mut s, vec![spend(&dave, 1)]);
    let late = passed(&mut s, vec![spend(&dave, 2)]);
    let p = s.proposal(late);
    let passed_at = p.passed_at.unwrap();
    assert_eq!(p.executable_at, Some(passed_at.plus_seconds(TIMELOCK)));
    assert_eq!(
        p.executable_until,
        Some(passed_at.plus_seconds(TIMELOCK + WINDOW))
    );
    s.next_block(TIMELOCK + WINDOW - 1);
    assert_eq!(s.status(late), ProposalStatus::Passed);
    // the last second of the window
    execute(&mut s, on_time).unwrap();
    assert_eq!(s.status(on_time), ProposalStatus::Executed);
    s.next_block(1);
    assert_eq!(s.status(late), ProposalStatus::Expired);
    assert_not_executable(&mut s, late, ProposalStatus::Expired);
    assert!(matches!(
        s.vote(&s.carol.clone(), late, VoteOption::No).unwrap_err(),
        ContractError::NotOpen {
            status: ProposalStatus::Expired,
            ..
        }
    ));
    assert_eq!(
        s.exec(&alice, &ExecuteMsg::Cancel { proposal_id: late }, &[])
            .unwrap_err(),
        ContractError::CannotCancel {}
    );
    let res = s
        .exec(&bob, &ExecuteMsg::Close { proposal_id: late }, &[])
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "close");
    assert_eq!(wasm_attr(&res, "outcome"), "expired");
    assert_eq!(wasm_attr(&res, "deposit"), "refunded");
    let p = s.proposal(late);
    assert_eq!(p.status, ProposalStatus::Closed);
    assert_eq!(
        p.passed_at,
        Some(passed_at),
        "a closed expired proposal had passed"
    );
    assert_eq!(p.deposit_status, DepositStatus::Refunded);
    assert_eq!(s.balance(&alice), before, "both deposits came back");
    assert_eq!(s.balance(&dave), WALLET + 1);
    assert!(matches!(
        s.exec(&bob, &ExecuteMsg::Close { proposal_id: late }, &[])
            .unwrap_err(),
        ContractError::NotRejected {
            status: ProposalStatus::Closed,
            ..
        }
    ));
}

/// A proposal that passes at the end of its period expires relative to that end, with the
/// window it was proposed under (a later config change does not move it).
#[test]
fn the_execution_window_is_captured_at_propose_and_counts_from_the_pass() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap(); // 30 of 100: quorum, but not yet a pass
    assert_eq!(s.status(id), ProposalStatus::Open);
    let mut longer = params();
    longer.execution_window_seconds = 10 * WINDOW;
    executed(&mut s, vec![Action::UpdateConfig { params: longer }]);
    assert_eq!(
        s.query::<ConfigResponse>(&QueryMsg::Config {})
            .unwrap()
            .params
            .execution_window_seconds,
        10 * WINDOW
    );
    s.next_block(PERIOD);
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::Passed);
    assert_eq!(p.passed_at, Some(p.expires_at));
    assert_eq!(
        p.executable_until,
        Some(p.expires_at.plus_seconds(TIMELOCK + WINDOW))
    );
    let left = p.executable_until.unwrap().seconds() - s.app.block_info().time.seconds();
    s.next_block(left);
    assert_eq!(s.status(id), ProposalStatus::Expired);
}

/// Quorum and threshold of the early outcomes: a proposal with quorum reached but yes still
/// able to win stays open; yes above the threshold before quorum does not pass it.
#[test]
fn no_early_outcome_before_quorum() {
    let mut p = params();
    p.quorum = Decimal::percent(50);
    let mut s = Suite::with_params(p);
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::No).unwrap(); // 30 no: below the 50 % quorum
    assert_eq!(s.status(id), ProposalStatus::Open);
    s.vote(&carol, id, VoteOption::No).unwrap(); // 60 no: quorum, yes at most 40
    assert_eq!(s.status(id), ProposalStatus::Rejected);
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&alice, id, VoteOption::Yes).unwrap(); // 40 yes: below quorum
    assert_eq!(s.status(id), ProposalStatus::Open);
    s.next_block(PERIOD);
    assert_eq!(
        s.status(id),
        ProposalStatus::Rejected,
        "quorum never reached"
    );
    let res = s
        .exec(&bob, &ExecuteMsg::Close { proposal_id: id }, &[])
        .unwrap();
    assert_eq!(wasm_attr(&res, "deposit"), "forfeited");
}

/// Coins attached to any message but `propose` are refused before its handler runs (one rule,
/// `modelfund::validate::refuse_funds`), also for the DAO-only and internal messages, and
/// nothing changes.
#[test]
fn every_message_but_propose_refuses_attached_coins() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let id = s.propose(&alice, vec![spend(&dave, 1)]).unwrap();
    let before = s.balance(&s.dao.clone());
    let params = s
        .query::<ConfigResponse>(&QueryMsg::Config {})
        .unwrap()
        .params;
    for msg in [
        ExecuteMsg::Vote {
            proposal_id: id,
            vote: VoteOption::Yes,
        },
        ExecuteMsg::Execute { proposal_id: id },
        ExecuteMsg::Close { proposal_id: id },
        ExecuteMsg::Cancel { proposal_id: id },
        ExecuteMsg::UpdateConfig { params },
        ExecuteMsg::Reclaim { denoms: vec![] },
        ExecuteMsg::ExecuteActions {
            proposal_id: id,
            upto: None,
        },
        ExecuteMsg::ProbeActions {
            proposal_id: id,
            upto: 0,
        },
        ExecuteMsg::CheckDeposits {},
    ] {
        assert_eq!(
            s.exec(&alice, &msg, &coins(1, DENOM)).unwrap_err(),
            ContractError::Payment(cw_utils::PaymentError::NonPayable {}),
            "{msg:?}"
        );
    }
    assert_eq!(s.balance(&s.dao.clone()), before);
    assert_eq!(s.proposal(id).status, ProposalStatus::Open);
    assert_eq!(s.proposal(id).tally.yes, cosmwasm_std::Uint128::zero());
}
