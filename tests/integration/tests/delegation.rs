//! Delegation with the real contracts: a delegate votes in governance with the power delegated
//! to it at the proposal's start height, a delegator cannot vote that power again, and an exit
//! counts only the exiting holder's own shares at the start height — never power delegated to
//! it.

use modelfund::governance::{ProposalStatus, VoteOption};
use modelfund_governance::ContractError as GovError;
use modelfund_integration_tests::*;

#[test]
fn a_delegate_votes_with_the_power_delegated_before_the_start_and_the_delegator_cannot() {
    let (mut p, m) = funded_dao();
    let Actors {
        alice, bob, carol, ..
    } = p.actors.clone();
    // bob's 400 vote through carol, who holds no shares
    p.delegate(&m, &bob, &carol).unwrap();
    p.next_block();
    let id = p.propose_id(&m, &alice, "text", vec![]);
    let start = p.proposal(&m, id).start_height;
    assert_eq!(p.voting_power(&m, &carol, start), 400);
    assert_eq!(
        p.total_power(&m, start),
        1_000,
        "delegation leaves the total as it is"
    );

    let err = p.vote(&m, &bob, id, VoteOption::Yes).unwrap_err();
    assert_eq!(
        contract_err::<GovError>(err),
        GovError::NoVotingPower { height: start }
    );
    p.vote(&m, &carol, id, VoteOption::No).unwrap();
    assert_eq!(p.proposal(&m, id).tally.no.u128(), 400);

    // a delegation after the start changes nothing for this proposal: bob takes his vote back,
    // yet still has no power on it, and carol's vote stands
    p.delegate(&m, &bob, &bob).unwrap();
    p.next_block();
    let err = p.vote(&m, &bob, id, VoteOption::Yes).unwrap_err();
    assert_eq!(
        contract_err::<GovError>(err),
        GovError::NoVotingPower { height: start }
    );
    // alice's 600 pass it; the next proposal sees bob's own vote again
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Passed);
    let next = p.propose_id(&m, &alice, "text", vec![]);
    let start = p.proposal(&m, next).start_height;
    assert_eq!(p.voting_power(&m, &bob, start), 400);
    assert_eq!(p.voting_power(&m, &carol, start), 0);
}

/// Attack: the yes voter hands shares, after the start, to a delegate that did not vote yes
/// and holds power delegated to it; the delegate tries to exit with them, its delegated power
/// counted as its stake. Only its own shares at the start height exit: none. (On the code that
/// counted voting power as the stake, this exit paid out.)
#[test]
fn a_delegate_cannot_exit_with_the_power_of_others_but_its_delegator_can_with_its_own() {
    let (mut p, m) = funded_dao();
    let Actors {
        alice,
        bob,
        carol,
        creator,
        ..
    } = p.actors.clone();
    // bob's 400 vote through carol, who holds no shares
    p.delegate(&m, &bob, &carol).unwrap();
    p.next_block();
    let id = p.propose_id(&m, &alice, "pay the creator", vec![spend(&creator, 2_000)]);
    let start = p.proposal(&m, id).start_height;
    assert_eq!(p.voting_power(&m, &carol, start), 400);
    // alice's 600 yes pass it at once; carol does not vote
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Passed);

    // the yes voter moves 100 shares to carol, who tries to exit with them
    p.transfer(&m, &alice, &carol, 100).unwrap();
    p.next_block();
    p.assert_exit_above_stake(&m, &carol, id, 100, 0);

    // bob did not vote yes himself: his own 400 shares may exit, though their vote was carol's,
    // for 40 % of the free treasury (the 10 inj deposit is held apart)
    let before = p.balance(&bob);
    p.exit(&m, &bob, id, 400, &[DENOM]).unwrap();
    assert_eq!(p.balance(&bob) - before, 4_000);
    assert_eq!(p.total_supply(&m), 600);
}
