//! Exit (ragequit) with the real contracts: while a passed spend waits in its timelock, a holder
//! who did not vote yes sends shares to the DAO, which burns them and pays the same fraction of
//! its free treasury; revenue accrued before the exit stays claimable and the spend runs
//! against what is left.

use cosmwasm_std::coin;
use modelfund::governance::{ProposalStatus, VoteOption};
use modelfund_integration_tests::*;

#[test]
fn a_holder_exits_during_the_timelock_keeps_their_revenue_and_the_spend_runs_on_the_rest() {
    let (mut p, m) = funded_dao();
    let Actors {
        alice,
        bob,
        carol,
        creator,
        ..
    } = p.actors.clone();
    let dao = m.governance.clone();
    assert_eq!(p.balance(&dao), 10_000);
    // revenue before the exit: bob's 40 % of it stays his
    p.distribute(&m, &carol, &[coin(1_000, DENOM)]).unwrap();
    assert_eq!(p.claimable(&m, &bob), 400);

    let id = p.propose_id(&m, &alice, "pay the creator", vec![spend(&creator, 2_000)]);
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap(); // 600 of 1,000: passed at once
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Passed);
    let everyone = [&alice, &bob, &carol, &creator, &dao, &m.shares];
    let coins_before: u128 = everyone.iter().map(|a| p.balance(a)).sum();

    let bob_before = p.balance(&bob);
    let res = p.exit(&m, &bob, id, 400, &[DENOM]).unwrap();
    // 400 of 1,000 shares: 40 % of the 10,000 free inj (the 10 inj deposit is held apart)
    assert_eq!(p.balance(&bob) - bob_before, 4_000);
    assert_eq!(wasm_attr(&res, &dao, "action").as_deref(), Some("exit"));
    assert_eq!(wasm_attr(&res, &dao, "paid").as_deref(), Some("4000inj"));
    assert_eq!(p.shares_of(&m, &bob), 0);
    assert_eq!(p.total_supply(&m), 600, "the exited shares are burned");
    // coins only moved between these accounts
    assert_eq!(
        everyone.iter().map(|a| p.balance(a)).sum::<u128>(),
        coins_before
    );
    // the revenue bob earned before the exit is still his
    assert_eq!(p.claimable(&m, &bob), 400);
    p.claim_revenue(&m, &bob).unwrap();

    // the spend runs against what is left
    p.advance(DAY);
    p.execute_proposal(&m, &carol, id).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Executed);
    assert_eq!(p.balance(&dao), 4_000);
    // and alice, alone now, holds all the power of the next proposal
    p.next_block();
    let next = p.propose_id(&m, &alice, "t", vec![]);
    assert_eq!(p.proposal(&m, next).total_power.u128(), 600);
}

/// Attack: the yes voter moves shares to a fresh address after the proposal started to exit
/// with them. Only shares held at the start height (by an address that did not vote yes) exit.
#[test]
fn a_yes_voter_cannot_exit_through_another_address() {
    let (mut p, m) = funded_dao();
    let Actors {
        alice,
        carol,
        creator,
        ..
    } = p.actors.clone();
    let id = p.propose_id(&m, &alice, "t", vec![spend(&creator, 2_000)]);
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap();
    let err = p.exit(&m, &alice, id, 100, &[DENOM]).unwrap_err();
    assert_eq!(
        contract_err::<modelfund_governance::ContractError>(err),
        modelfund_governance::ContractError::VotedYes { id }
    );
    p.transfer(&m, &alice, &carol, 300).unwrap();
    p.next_block();
    p.assert_exit_above_stake(&m, &carol, id, 300, 0);
    assert_eq!(p.balance(&m.governance), 10_010);
}
