//! Proposal deposits are held apart from the treasury: no action can spend them, and every
//! deposit is refunded or forfeited exactly once.

use cosmwasm_std::{coin, coins, Addr, BankMsg, Decimal, Uint128};
use modelfund::governance::{
    Action, DepositStatus, ExecuteMsg, ProposalStatus, QueryMsg, TreasuryResponse, VoteOption,
    MAX_DEPOSIT_DENOMS,
};

use super::suite::*;
use crate::ContractError;

/// Security review "Safe to put money in", Medium: a spend of the whole bank balance (the
/// treasury plus the deposits of open proposals) used to pay the deposits out, after which the
/// open proposal's refund failed ("Cannot Sub") and it could never be cancelled, closed or
/// executed. Each way of spending (spend_treasury, release_milestone, custom) is tried.
#[test]
fn actions_cannot_spend_held_deposits_and_strand_a_proposal() {
    let whole = TREASURY + 2 * DEPOSIT;
    type Drain = fn(&Addr) -> Action;
    let drains: [(&str, Drain); 3] = [
        ("spend_treasury", |to| spend(to, TREASURY + DEPOSIT)),
        ("release_milestone", |to| Action::ReleaseMilestone {
            recipient: to.to_string(),
            amount: coin(TREASURY + DEPOSIT, DENOM),
            memo: "all of it".into(),
        }),
        ("custom", |to| {
            Action::Custom(
                BankMsg::Send {
                    to_address: to.to_string(),
                    amount: coins(TREASURY + DEPOSIT, DENOM),
                }
                .into(),
            )
        }),
    ];
    for (name, drain) in drains {
        let mut s = Suite::new();
        let (alice, bob, dave) = (s.alice.clone(), s.bob.clone(), s.dave.clone());
        // bob's proposal holds a deposit while it is open
        let victim = s.propose(&bob, vec![]).unwrap();
        let bob_before = s.balance(&bob);
        // alice's proposal asks for everything the DAO's bank account holds (minus her own
        // deposit, refunded first at execution)
        let drain = s.propose(&alice, vec![drain(&dave)]).unwrap();
        assert_eq!(s.balance(&s.dao.clone()), whole, "{name}");
        s.vote(&alice, drain, VoteOption::Yes).unwrap();
        s.vote(&bob, drain, VoteOption::Yes).unwrap();
        s.next_block(TIMELOCK);
        s.exec(&dave, &ExecuteMsg::Execute { proposal_id: drain }, &[])
            .unwrap();
        assert_eq!(
            s.status(drain),
            ProposalStatus::ExecutionFailed,
            "{name}: the drain must fail"
        );
        assert_eq!(s.balance(&dave), WALLET, "{name}: nothing paid out");
        // the victim's deposit is still there: bob can withdraw his proposal
        s.exec(
            &bob,
            &ExecuteMsg::Cancel {
                proposal_id: victim,
            },
            &[],
        )
        .unwrap_or_else(|e| panic!("{name}: cancel failed: {e}"));
        assert_eq!(s.balance(&bob), bob_before + DEPOSIT, "{name}");
        assert_eq!(s.balance(&s.dao.clone()), TREASURY, "{name}");
    }
}

/// The `treasury` query shows what proposals can spend: the bank balance minus the deposits
/// held for open proposals.
#[test]
fn the_treasury_query_excludes_held_deposits() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.propose(&alice, vec![]).unwrap();
    s.propose(&bob, vec![]).unwrap();
    let t: TreasuryResponse = s.query(&QueryMsg::Treasury {}).unwrap();
    assert_eq!(t.balances, coins(TREASURY, DENOM));
}

/// Security review, Low: with quorum 40 % and threshold 67 %, a 34 % "no" used to reject a
/// proposal early, before quorum; nobody could vote any more and `close` kept the deposit of
/// the 66 % proposer. Now a proposal is rejected early only once quorum is reached.
#[test]
fn a_minority_no_before_quorum_neither_rejects_nor_costs_the_deposit() {
    let mut p = params();
    p.quorum = Decimal::percent(40);
    p.threshold = Decimal::percent(67);
    let mut s = Suite::with_params(p);
    let (alice, bob, carol, dave) = s.holders();
    s.set_power(&alice, 66);
    s.set_power(&bob, 34);
    s.set_power(&carol, 0);
    s.next_block(5);
    let before = s.balance(&alice);
    let id = s.propose(&alice, vec![]).unwrap();
    assert_eq!(s.proposal(id).total_power, Uint128::new(100));
    s.vote(&bob, id, VoteOption::No).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Open, "34 % is below quorum");
    // alice can still vote; 66 of 100 is not above 67 %: rejected, after quorum
    s.vote(&alice, id, VoteOption::Yes).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Rejected);
    s.exec(&dave, &ExecuteMsg::Close { proposal_id: id }, &[])
        .unwrap();
    assert_eq!(
        s.balance(&alice),
        before,
        "an honest no refunds the deposit"
    );
    assert_eq!(s.balance(&s.dao.clone()), TREASURY);
}

/// DAO DAO bug class "unrefundable / double-refunded deposits": on every path a proposal can
/// end, its deposit is settled exactly once (refunded or forfeited), leaves the held deposits,
/// and no later `execute`, `close` or `cancel` settles it again.
#[test]
fn a_deposit_is_refunded_or_forfeited_exactly_once_on_every_path() {
    type Path = fn(&mut Suite) -> u64;
    let paths: [(&str, Path, ProposalStatus, DepositStatus); 7] = [
        (
            "executed",
            |s| {
                let dave = s.dave.clone();
                let id = passed(s, vec![spend(&dave, 1)]);
                s.next_block(TIMELOCK);
                execute(s, id).unwrap();
                id
            },
            ProposalStatus::Executed,
            DepositStatus::Refunded,
        ),
        (
            "execution failed in an action",
            |s| {
                let fail = failing(s);
                let id = passed(s, vec![fail]);
                s.next_block(TIMELOCK);
                execute(s, id).unwrap();
                id
            },
            ProposalStatus::ExecutionFailed,
            DepositStatus::Refunded,
        ),
        (
            "execution failed on the treasury",
            |s| {
                let dave = s.dave.clone();
                let id = passed(s, vec![spend(&dave, TREASURY + 1)]);
                s.next_block(TIMELOCK);
                execute(s, id).unwrap();
                id
            },
            ProposalStatus::ExecutionFailed,
            DepositStatus::Refunded,
        ),
        (
            "closed after a rejection with quorum",
            |s| {
                let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
                let id = s.propose(&alice, vec![]).unwrap();
                s.vote(&bob, id, VoteOption::No).unwrap();
                s.vote(&carol, id, VoteOption::No).unwrap();
                s.exec(&carol, &ExecuteMsg::Close { proposal_id: id }, &[])
                    .unwrap();
                id
            },
            ProposalStatus::Closed,
            DepositStatus::Refunded,
        ),
        (
            "closed after a rejection without quorum",
            |s| {
                let (alice, carol) = (s.alice.clone(), s.carol.clone());
                let id = s.propose(&alice, vec![]).unwrap();
                s.next_block(PERIOD);
                s.exec(&carol, &ExecuteMsg::Close { proposal_id: id }, &[])
                    .unwrap();
                id
            },
            ProposalStatus::Closed,
            DepositStatus::Forfeited,
        ),
        (
            "closed after expiry",
            |s| {
                let carol = s.carol.clone();
                let id = passed(s, vec![]);
                s.next_block(TIMELOCK + WINDOW);
                s.exec(&carol, &ExecuteMsg::Close { proposal_id: id }, &[])
                    .unwrap();
                id
            },
            ProposalStatus::Closed,
            DepositStatus::Refunded,
        ),
        (
            "cancelled",
            |s| {
                let alice = s.alice.clone();
                let id = s.propose(&alice, vec![]).unwrap();
                s.exec(&alice, &ExecuteMsg::Cancel { proposal_id: id }, &[])
                    .unwrap();
                id
            },
            ProposalStatus::Cancelled,
            DepositStatus::Refunded,
        ),
    ];
    for (name, path, status, outcome) in paths {
        let mut s = Suite::new();
        let (alice, carol) = (s.alice.clone(), s.carol.clone());
        let before = s.balance(&alice);
        let spent = s.balance(&s.dave.clone()) - WALLET;
        let id = path(&mut s);
        let p = s.proposal(id);
        assert_eq!(p.status, status, "{name}");
        assert_eq!(p.deposit_status, outcome, "{name}");
        let refunded = outcome == DepositStatus::Refunded;
        let expected = if refunded { before } else { before - DEPOSIT };
        assert_eq!(s.balance(&alice), expected, "{name}");
        let t = s.treasury();
        assert!(t.deposits.is_empty(), "{name}: nothing held any more");
        let dave_got = s.balance(&s.dave.clone()) - WALLET - spent;
        let free = TREASURY - dave_got + if refunded { 0 } else { DEPOSIT };
        assert_eq!(t.balances, coins(free, DENOM), "{name}");
        // no second settlement, whoever asks
        s.next_block(1);
        for (who, msg) in [
            (&carol, ExecuteMsg::Execute { proposal_id: id }),
            (&carol, ExecuteMsg::Close { proposal_id: id }),
            (&alice, ExecuteMsg::Cancel { proposal_id: id }),
        ] {
            assert!(s.exec(who, &msg, &[]).is_err(), "{name}: {msg:?}");
        }
        assert_eq!(s.balance(&alice), expected, "{name}");
        assert_eq!(s.proposal(id).deposit_status, outcome, "{name}");
    }
}

#[test]
fn the_deposit_status_is_held_while_unsettled_and_none_without_a_deposit() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let id = s.propose(&alice, vec![]).unwrap();
    assert_eq!(s.proposal(id).deposit_status, DepositStatus::Held);
    let t = s.treasury();
    assert_eq!(t.deposits, coins(DEPOSIT, DENOM));
    let mut p = params();
    p.deposit = None;
    let mut s = Suite::with_params(p);
    let id = s
        .exec(
            &alice.clone(),
            &ExecuteMsg::Propose {
                title: "t".into(),
                description: "".into(),
                actions: vec![],
            },
            &[],
        )
        .map(|r| wasm_attr(&r, "proposal_id").parse::<u64>().unwrap())
        .unwrap();
    assert_eq!(s.proposal(id).deposit_status, DepositStatus::None);
    let res = s
        .exec(&alice, &ExecuteMsg::Cancel { proposal_id: id }, &[])
        .unwrap();
    assert_eq!(wasm_attr(&res, "deposit"), "none");
    assert!(s.treasury().deposits.is_empty());
}

/// Deposits are held per denom in a map that must stay small: a params change that would make
/// the DAO hold deposits in more than `MAX_DEPOSIT_DENOMS` denoms at once is refused, at
/// propose and again when it executes.
#[test]
fn deposit_denoms_with_held_deposits_are_bounded() {
    let s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let with_deposit = |denom: &str| {
        let mut p = params();
        p.deposit = Some(coin(DEPOSIT, denom));
        p
    };
    // runs an update_config proposal (deposit in `paid`) to a deposit in `next`
    let switch = |s: &mut Suite, paid: &str, next: &str| -> Result<u64, ContractError> {
        let id = s.exec(
            &alice,
            &ExecuteMsg::Propose {
                title: "switch".into(),
                description: "".into(),
                actions: vec![Action::UpdateConfig {
                    params: with_deposit(next),
                }],
            },
            &coins(DEPOSIT, paid),
        )?;
        Ok(wasm_attr(&id, "proposal_id").parse().unwrap())
    };
    let propose_in = |s: &mut Suite, who: &Addr, denom: &str| -> u64 {
        let res = s
            .exec(
                who,
                &ExecuteMsg::Propose {
                    title: "held".into(),
                    description: "".into(),
                    actions: vec![],
                },
                &coins(DEPOSIT, denom),
            )
            .unwrap();
        wasm_attr(&res, "proposal_id").parse().unwrap()
    };
    let vote_and_run = |s: &mut Suite, id: u64| {
        s.vote(&alice, id, VoteOption::Yes).unwrap();
        s.vote(&bob, id, VoteOption::Yes).unwrap();
        s.next_block(TIMELOCK);
        execute(s, id).unwrap();
    };

    let custom_switch = |s: &Suite, next: &str| {
        Action::Custom(
            cosmwasm_std::WasmMsg::Execute {
                contract_addr: s.dao.to_string(),
                msg: cosmwasm_std::to_json_binary(&ExecuteMsg::UpdateConfig {
                    params: with_deposit(next),
                })
                .unwrap(),
                funds: vec![],
            }
            .into(),
        )
    };

    // inj held (carol's open proposal), then the deposit switches to "other", and with
    // "other" held too, to "third"
    let mut s = Suite::new();
    propose_in(&mut s, &carol, DENOM);
    let id = switch(&mut s, DENOM, "other").unwrap();
    vote_and_run(&mut s, id);
    assert_eq!(s.status(id), ProposalStatus::Executed);
    propose_in(&mut s, &carol, "other");
    let id = switch(&mut s, "other", "third").unwrap();
    vote_and_run(&mut s, id);
    assert_eq!(s.status(id), ProposalStatus::Executed);
    // proposed while inj and other are held: a switch to "fourth" is within the bound (the
    // switch's own deposit in "third" goes back before it applies) ...
    let fourth = switch(&mut s, "third", "fourth").unwrap();
    // ... but then carol's proposal holds a deposit in "third" as well: three denoms held
    propose_in(&mut s, &carol, "third");
    assert_eq!(s.treasury().deposits.len(), MAX_DEPOSIT_DENOMS);
    // now a switch to a fourth denom is refused at propose
    assert_eq!(
        switch(&mut s, "third", "fourth").unwrap_err(),
        ContractError::TooManyDepositDenoms {
            max: MAX_DEPOSIT_DENOMS
        }
    );
    // and the one proposed earlier fails at execution, typed, naming the action
    vote_and_run(&mut s, fourth);
    let p = s.proposal(fourth);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    assert_eq!(
        p.execution_error.unwrap(),
        ContractError::ActionFailed {
            index: 0,
            kind: "update_config".into(),
            error: ContractError::TooManyDepositDenoms {
                max: MAX_DEPOSIT_DENOMS
            }
            .to_string()
        }
        .to_string()
    );
    // the update_config handler itself refuses it too (here reached by a custom self-call)
    let action = custom_switch(&s, "fourth");
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::Propose {
                title: "sneaky".into(),
                description: "".into(),
                actions: vec![action],
            },
            &coins(DEPOSIT, "third"),
        )
        .unwrap();
    let id: u64 = wasm_attr(&res, "proposal_id").parse().unwrap();
    vote_and_run(&mut s, id);
    let error = s.proposal(id).execution_error.unwrap();
    assert!(error.starts_with("action 0 (custom) failed: "), "{error}");
    assert!(error.contains("held in 3 denoms already"), "{error}");
    let config: modelfund::governance::ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.params.deposit, Some(coin(DEPOSIT, "third")));
    // switching back to a denom already held stays possible
    let back = switch(&mut s, "third", DENOM).unwrap();
    vote_and_run(&mut s, back);
    assert_eq!(s.status(back), ProposalStatus::Executed);
}
