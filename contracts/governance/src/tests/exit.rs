//! `exit` (ragequit): while a passed proposal that spends the treasury waits in its timelock, a
//! holder who did not vote yes sends shares to the DAO and receives the same fraction of the
//! free treasury; the shares are burned. alice 40, bob 30, carol 30 of 100; the treasury holds
//! 5,000 inj (plus the held deposits of 100 inj per proposal, never part of an exit).

use cosmwasm_std::{coin, coins, to_json_binary, Addr, Binary, Coin, Uint128};
use cw_multi_test::{AppResponse, Executor};
use modelfund::governance::{
    ExecuteMsg, ExitQuoteResponse, ProposalStatus, QueryMsg, ReceiveMsg, VoteOption,
    MAX_RECLAIM_DENOMS,
};

use super::suite::*;
use crate::ContractError;

fn hook(id: u64, denoms: &[&str]) -> ReceiveMsg {
    ReceiveMsg::Exit {
        proposal_id: id,
        denoms: denoms.iter().map(|d| d.to_string()).collect(),
    }
}

/// `holder` sends `shares` to the DAO through the shares stand-in (cw20 `send`) with `msg`.
fn send_exit(
    s: &mut Suite,
    holder: &Addr,
    shares: u128,
    msg: &ReceiveMsg,
) -> Result<AppResponse, ContractError> {
    send_to_dao(s, holder, shares, to_json_binary(msg).unwrap())
}

/// The same send with any hook bytes, an exit's or not.
fn send_to_dao(
    s: &mut Suite,
    holder: &Addr,
    shares: u128,
    msg: Binary,
) -> Result<AppResponse, ContractError> {
    let send = PowerExec::Send {
        contract: s.dao.to_string(),
        amount: Uint128::new(shares),
        msg,
    };
    s.app
        .execute_contract(holder.clone(), s.power.clone(), &send, &[])
        .map_err(|e| e.downcast::<ContractError>().unwrap())
}

fn quote(s: &Suite, id: u64, holder: &Addr, shares: u128, denoms: &[&str]) -> ExitQuoteResponse {
    s.query(&QueryMsg::ExitQuote {
        proposal_id: id,
        holder: holder.to_string(),
        shares: Uint128::new(shares),
        denoms: denoms.iter().map(|d| d.to_string()).collect(),
    })
    .unwrap()
}

/// A suite in which alice's proposal to pay `amount` of the treasury to dave has passed (alice
/// and bob voted yes; carol did not vote): it waits in its timelock, open to exits.
fn spend_passed(amount: u128) -> (Suite, u64) {
    let mut s = Suite::new();
    let dave = s.dave.clone();
    let id = passed(&mut s, vec![spend(&dave, amount)]);
    (s, id)
}

/// Everything an exit could move: the DAO's and the holders' coins, and the stand-in's log.
fn snapshot(s: &Suite) -> (Vec<u128>, Vec<String>) {
    let who = [&s.dao, &s.alice, &s.bob, &s.carol, &s.dave];
    let coins = who
        .iter()
        .flat_map(|a| [s.balance_of(a, DENOM), s.balance_of(a, "other")])
        .collect();
    (coins, s.recorded().1)
}

#[test]
fn a_holder_who_did_not_vote_exits_with_their_fraction_and_the_spend_runs_against_the_rest() {
    let (mut s, id) = spend_passed(1_000);
    let (carol, dave) = (s.carol.clone(), s.dave.clone());
    let before = s.balance(&carol);
    let q = quote(&s, id, &carol, 30, &[DENOM]);
    assert!(q.allowed, "{:?}", q.reason);
    assert_eq!(q.exitable, Uint128::new(30));
    assert_eq!(q.payout, coins(1_500, DENOM));

    let res = send_exit(&mut s, &carol, 30, &hook(id, &[DENOM])).unwrap();
    // 30 of 100 shares: 30 % of the 5,000 free inj (the 100 inj deposit is held apart)
    assert_eq!(s.balance(&carol), before + 1_500);
    assert_eq!(wasm_attr(&res, "action"), "exit");
    assert_eq!(wasm_attr(&res, "proposal_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "holder"), carol.to_string());
    assert_eq!(wasm_attr(&res, "shares"), "30");
    assert_eq!(wasm_attr(&res, "paid"), "1500inj");
    // the shares went to the DAO and were burned there
    assert_eq!(s.recorded().1, vec!["send:30", "burn:30"]);
    assert_eq!(s.treasury().balances, coins(3_500, DENOM));

    // the proposal then runs against what is left
    s.next_block(TIMELOCK);
    execute(&mut s, id).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Executed);
    assert_eq!(s.balance(&dave), WALLET + 1_000);
    assert_eq!(s.treasury().balances, coins(2_500, DENOM));
}

#[test]
fn a_spend_the_exits_left_uncovered_fails_cleanly_at_execute() {
    let (mut s, id) = spend_passed(4_000);
    let (carol, dave) = (s.carol.clone(), s.dave.clone());
    send_exit(&mut s, &carol, 30, &hook(id, &[DENOM])).unwrap();
    s.next_block(TIMELOCK);
    let res = execute(&mut s, id).unwrap();
    assert_eq!(s.status(id), ProposalStatus::ExecutionFailed);
    assert_eq!(
        wasm_attr(&res, "error"),
        ContractError::InsufficientTreasury {
            denom: DENOM.into(),
            free: Uint128::new(3_500),
            requested: Uint128::new(4_000),
        }
        .to_string()
    );
    assert_eq!(s.balance(&dave), WALLET);
    assert_eq!(s.treasury().balances, coins(3_500, DENOM));
}

#[test]
fn no_and_abstain_voters_may_exit_a_yes_voter_may_not() {
    let mut s = Suite::new();
    let (alice, bob, carol, dave) = s.holders();
    let id = s.propose(&alice, vec![spend(&dave, 100)]).unwrap();
    s.vote(&carol, id, VoteOption::No).unwrap();
    s.vote(&alice, id, VoteOption::Yes).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Passed);
    let before = snapshot(&s);
    for yes in [&alice, &bob] {
        let err = send_exit(&mut s, yes, 10, &hook(id, &[DENOM])).unwrap_err();
        assert_eq!(err, ContractError::VotedYes { id });
        let q = quote(&s, id, yes, 10, &[DENOM]);
        assert!(!q.allowed && q.payout.is_empty());
        assert_eq!(q.exitable, Uint128::zero());
        assert!(q.reason.unwrap().contains("voted yes"));
    }
    assert_eq!(snapshot(&s), before, "a refused exit changes nothing");
    send_exit(&mut s, &carol, 30, &hook(id, &[DENOM])).unwrap();

    // abstain: a second proposal, carol abstains
    let mut s = Suite::new();
    let (alice, carol) = (s.alice.clone(), s.carol.clone());
    let id = s.propose(&alice, vec![spend(&alice, 100)]).unwrap();
    s.vote(&carol, id, VoteOption::Abstain).unwrap();
    // 40 yes, 0 no, 30 abstain: passed whatever the remaining 30 vote
    s.vote(&alice, id, VoteOption::Yes).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Passed);
    send_exit(&mut s, &carol, 30, &hook(id, &[DENOM])).unwrap();
    assert_eq!(s.balance(&carol), WALLET + 1_500);
}

/// Attack: a yes voter moves shares to a fresh address after the proposal started, and that
/// address exits. The exit is bounded by the power held at the start height, so it cannot.
#[test]
fn shares_received_after_the_start_height_cannot_exit() {
    let mut s = Suite::new();
    let (alice, carol, dave) = (s.alice.clone(), s.carol.clone(), s.dave.clone());
    let id = passed(&mut s, vec![spend(&carol, 100)]);
    s.set_power(&alice, 0);
    s.set_power(&dave, 40);
    s.next_block(5);
    let before = snapshot(&s);
    let err = send_exit(&mut s, &dave, 40, &hook(id, &[DENOM])).unwrap_err();
    assert_eq!(
        err,
        ContractError::ExitAboveStake {
            id,
            exitable: Uint128::zero(),
            requested: Uint128::new(40),
        }
    );
    assert_eq!(snapshot(&s), before);
}

#[test]
fn exits_add_up_to_at_most_the_stake_at_the_start_height() {
    let (mut s, id) = spend_passed(100);
    let carol = s.carol.clone();
    send_exit(&mut s, &carol, 10, &hook(id, &[DENOM])).unwrap();
    // 10 of 100 shares: 500 of 5,000
    assert_eq!(s.balance(&carol), WALLET + 500);
    assert_eq!(
        quote(&s, id, &carol, 20, &[DENOM]).exitable,
        Uint128::new(20)
    );
    // 20 of the 90 shares left: 20 × 4,500 / 90 = 1,000
    send_exit(&mut s, &carol, 20, &hook(id, &[DENOM])).unwrap();
    assert_eq!(s.balance(&carol), WALLET + 1_500);
    // carol gets one more share after the start: it cannot exit against this proposal
    s.set_power(&carol, 1);
    s.next_block(5);
    let err = send_exit(&mut s, &carol, 1, &hook(id, &[DENOM])).unwrap_err();
    assert_eq!(
        err,
        ContractError::ExitAboveStake {
            id,
            exitable: Uint128::zero(),
            requested: Uint128::new(1),
        }
    );
}

#[test]
fn every_listed_denom_pays_its_fraction_rounded_down() {
    let mut s = Suite::new();
    let (alice, carol, dave) = (s.alice.clone(), s.carol.clone(), s.dave.clone());
    let dao = s.dao.clone();
    s.app
        .send_tokens(
            alice.clone(),
            dao.clone(),
            &[coin(1, DENOM), coin(7, "other")],
        )
        .unwrap();
    let id = passed(&mut s, vec![spend(&dave, 100)]);
    let before_third = s.balance_of(&carol, "third");
    // 30 % of 5,001 inj = 1,500.3 -> 1,500; of 7 other = 2.1 -> 2; no "third" in the treasury
    let res = send_exit(&mut s, &carol, 30, &hook(id, &["other", DENOM, "third"])).unwrap();
    assert_eq!(wasm_attr(&res, "paid"), "1500inj,2other");
    assert_eq!(s.balance(&carol), WALLET + 1_500);
    assert_eq!(s.balance_of(&carol, "other"), WALLET + 2);
    assert_eq!(s.balance_of(&carol, "third"), before_third);
    // the remainders stay with the holders who remain
    assert_eq!(
        s.treasury().balances,
        vec![coin(3_501, DENOM), coin(5, "other")]
    );
}

#[test]
fn held_deposits_are_never_part_of_an_exit() {
    let mut s = Suite::new();
    let (alice, carol, dave) = (s.alice.clone(), s.carol.clone(), s.dave.clone());
    // two more open proposals hold 200 inj of deposits next to the passed one's 100
    s.propose(&alice, vec![]).unwrap();
    s.propose(&alice, vec![]).unwrap();
    let id = passed(&mut s, vec![spend(&dave, 100)]);
    assert_eq!(s.treasury().deposits, coins(300, DENOM));
    send_exit(&mut s, &carol, 30, &hook(id, &[DENOM])).unwrap();
    assert_eq!(s.balance(&carol), WALLET + 1_500);
    assert_eq!(s.balance_of(&s.dao.clone(), DENOM), 3_500 + 300);
}

#[test]
fn exits_are_open_only_during_the_timelock_of_a_passed_spending_proposal() {
    let mut s = Suite::new();
    let (alice, bob, carol, dave) = s.holders();
    // open: not passed yet
    let open = s.propose(&alice, vec![spend(&dave, 100)]).unwrap();
    let before = snapshot(&s);
    let err = send_exit(&mut s, &carol, 30, &hook(open, &[DENOM])).unwrap_err();
    assert_eq!(
        err,
        ContractError::ExitNotOpen {
            id: open,
            status: ProposalStatus::Open
        }
    );
    // unknown proposal
    let err = send_exit(&mut s, &carol, 30, &hook(99, &[DENOM])).unwrap_err();
    assert_eq!(err, ContractError::ProposalNotFound { id: 99 });
    // passed but spends nothing
    let publish_only = passed(&mut s, vec![publish("v2.0.0")]);
    let err = send_exit(&mut s, &carol, 30, &hook(publish_only, &[DENOM])).unwrap_err();
    assert_eq!(err, ContractError::NoTreasurySpend { id: publish_only });
    // rejected
    s.vote(&alice, open, VoteOption::No).unwrap();
    s.vote(&bob, open, VoteOption::No).unwrap();
    let err = send_exit(&mut s, &carol, 30, &hook(open, &[DENOM])).unwrap_err();
    assert!(matches!(
        err,
        ContractError::ExitNotOpen {
            status: ProposalStatus::Rejected,
            ..
        }
    ));
    assert_eq!(snapshot(&s).1, before.1, "nothing sent or burned");

    // the last second of the timelock is still open; from its end on, exits are closed
    let id = passed(&mut s, vec![spend(&dave, 100)]);
    let ends_at = quote(&s, id, &carol, 1, &[DENOM]).window_ends_at.unwrap();
    s.next_block(TIMELOCK - 1);
    send_exit(&mut s, &carol, 1, &hook(id, &[DENOM])).unwrap();
    s.next_block(1);
    let err = send_exit(&mut s, &carol, 1, &hook(id, &[DENOM])).unwrap_err();
    assert_eq!(err, ContractError::ExitWindowOver { id, ends_at });
    // executed: closed for good
    execute(&mut s, id).unwrap();
    let err = send_exit(&mut s, &carol, 1, &hook(id, &[DENOM])).unwrap_err();
    assert!(matches!(
        err,
        ContractError::ExitNotOpen {
            status: ProposalStatus::Executed,
            ..
        }
    ));
}

#[test]
fn bad_exits_are_refused_and_change_nothing() {
    let (mut s, id) = spend_passed(100);
    let carol = s.carol.clone();
    // carol holds one share more than at the proposal's start
    s.set_power(&carol, 31);
    s.next_block(5);
    let before = snapshot(&s);
    let cases: Vec<(u128, ReceiveMsg, ContractError)> = vec![
        (0, hook(id, &[DENOM]), ContractError::ZeroExit {}),
        (30, hook(id, &[]), ContractError::NoExitDenoms {}),
        (
            30,
            hook(id, &[DENOM, DENOM]),
            ContractError::InvalidDenoms {
                reason: "inj appears twice".into(),
            },
        ),
        (
            31,
            hook(id, &[DENOM]),
            ContractError::ExitAboveStake {
                id,
                exitable: Uint128::new(30),
                requested: Uint128::new(31),
            },
        ),
        (
            30,
            hook(id, &["fourth"]),
            ContractError::ExitPaysNothing {
                shares: Uint128::new(30),
            },
        ),
    ];
    for (shares, msg, expected) in cases {
        assert_eq!(
            send_exit(&mut s, &carol, shares, &msg).unwrap_err(),
            expected
        );
    }
    let many: Vec<String> = (0..=MAX_RECLAIM_DENOMS).map(|i| format!("d{i}")).collect();
    let msg = ReceiveMsg::Exit {
        proposal_id: id,
        denoms: many,
    };
    assert!(matches!(
        send_exit(&mut s, &carol, 30, &msg).unwrap_err(),
        ContractError::InvalidDenoms { .. }
    ));
    // a hook that is not an exit
    let not_an_exit = Binary::from(br#"{"vote":{}}"#.as_slice());
    assert!(matches!(
        send_to_dao(&mut s, &carol, 30, not_an_exit).unwrap_err(),
        ContractError::Std(_)
    ));
    assert_eq!(snapshot(&s), before);
}

/// Attack: anyone can call `receive` directly, claiming to have sent shares. Only the DAO's
/// shares contract may.
#[test]
fn receive_from_anyone_but_the_shares_contract_is_refused() {
    let (mut s, id) = spend_passed(100);
    let carol = s.carol.clone();
    let before = snapshot(&s);
    let forged = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: carol.to_string(),
        amount: Uint128::new(30),
        msg: to_json_binary(&hook(id, &[DENOM])).unwrap(),
    });
    assert_eq!(
        s.exec(&carol, &forged, &[]).unwrap_err(),
        ContractError::NotShares {}
    );
    // with coins attached too
    let err = s
        .exec(&carol, &forged, &[Coin::new(1u128, DENOM)])
        .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)));
    assert_eq!(snapshot(&s), before);
}

#[test]
fn the_quote_matches_the_exit_and_explains_a_refusal() {
    let (mut s, id) = spend_passed(100);
    let carol = s.carol.clone();
    let q = quote(&s, id, &carol, 31, &[DENOM]);
    assert!(!q.allowed);
    assert_eq!(q.exitable, Uint128::new(30));
    assert!(q.reason.unwrap().contains("at most 30 shares"));
    assert!(q.window_ends_at.is_some());
    let q = quote(&s, id, &carol, 7, &[DENOM, "other"]);
    let before = s.balance(&carol);
    send_exit(&mut s, &carol, 7, &hook(id, &[DENOM, "other"])).unwrap();
    assert_eq!(q.payout, coins(350, DENOM));
    assert_eq!(s.balance(&carol), before + 350);
}
