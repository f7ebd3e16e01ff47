use cosmwasm_std::{coins, Decimal, Uint128};
use modelfund::governance::{
    BallotResponse, ProposalStatus, ProposalsWithBallotResponse, QueryMsg, Tally, VoteOption,
    VotesResponse,
};

use super::suite::*;
use crate::ContractError;

#[test]
fn votes_are_tallied_with_events_and_ballots() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![publish("v2")]).unwrap();
    let res = s.vote(&bob, id, VoteOption::No).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "vote");
    assert_eq!(wasm_attr(&res, "proposal_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "voter"), bob.to_string());
    assert_eq!(wasm_attr(&res, "vote"), "no");
    assert_eq!(wasm_attr(&res, "power"), "30");
    assert_eq!(wasm_attr(&res, "status"), "open");
    s.vote(&alice, id, VoteOption::Abstain).unwrap();
    assert_eq!(
        s.proposal(id).tally,
        Tally {
            yes: Uint128::zero(),
            no: Uint128::new(30),
            abstain: Uint128::new(40)
        }
    );
    let ballot: Option<BallotResponse> = s
        .query(&QueryMsg::Vote {
            proposal_id: id,
            voter: bob.to_string(),
        })
        .unwrap();
    assert_eq!(ballot.unwrap().vote, VoteOption::No);
    let none: Option<BallotResponse> = s
        .query(&QueryMsg::Vote {
            proposal_id: id,
            voter: s.dave.to_string(),
        })
        .unwrap();
    assert!(none.is_none());
}

#[test]
fn one_vote_per_address() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    assert_eq!(
        s.vote(&bob, id, VoteOption::No).unwrap_err(),
        ContractError::AlreadyVoted { id }
    );
    assert_eq!(s.proposal(id).tally.yes, Uint128::new(30));
}

/// DAO DAO bug class "double voting through transfers": power is read at the proposal's start
/// height, so shares that move after the start cannot vote a second time, and shares bought
/// after the start do not vote at all.
#[test]
fn moving_shares_after_the_start_cannot_vote_twice() {
    let mut s = Suite::new();
    let (alice, bob, dave) = (s.alice.clone(), s.bob.clone(), s.dave.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::No).unwrap();
    // bob sells his 30 shares to dave after voting
    s.set_power(&bob, 0);
    s.set_power(&dave, 30);
    s.next_block(5);
    assert_eq!(
        s.vote(&dave, id, VoteOption::No).unwrap_err(),
        ContractError::NoVotingPower {
            height: s.proposal(id).start_height
        }
    );
    // shares bought in the proposal's own block do not count either
    let id2 = s.propose(&alice, vec![]).unwrap();
    s.set_power(&alice, 0); // alice sells in the same block she proposed
    let carol = s.carol.clone();
    s.set_power(&carol, 70);
    s.next_block(5);
    s.vote(&carol, id2, VoteOption::Yes).unwrap();
    assert_eq!(s.proposal(id2).tally.yes, Uint128::new(30));
    s.vote(&alice, id2, VoteOption::Yes).unwrap();
    assert_eq!(s.proposal(id2).tally.yes, Uint128::new(70));
}

#[test]
fn no_vote_after_the_period_or_on_unknown_proposals() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.next_block(PERIOD);
    assert_eq!(
        s.vote(&bob, id, VoteOption::Yes).unwrap_err(),
        ContractError::NotOpen {
            id,
            status: ProposalStatus::Rejected
        }
    );
    assert_eq!(
        s.vote(&bob, 99, VoteOption::Yes).unwrap_err(),
        ContractError::ProposalNotFound { id: 99 }
    );
    assert!(s
        .exec(
            &bob,
            &modelfund::governance::ExecuteMsg::Vote {
                proposal_id: id,
                vote: VoteOption::Yes
            },
            &coins(1, DENOM)
        )
        .is_err());
}

#[test]
fn early_pass_once_the_rest_cannot_change_it() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&alice, id, VoteOption::Yes).unwrap(); // 40 of 100: 60 could still say no
    assert_eq!(s.status(id), ProposalStatus::Open);
    let res = s.vote(&bob, id, VoteOption::Yes).unwrap(); // 70 > 0.5 x 100
    assert_eq!(wasm_attr(&res, "status"), "passed");
    assert_eq!(s.status(id), ProposalStatus::Passed);
    assert!(s.proposal(id).passed_at.is_some());
}

#[test]
fn early_reject_once_yes_cannot_win() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&alice, id, VoteOption::No).unwrap(); // 40 no: yes can still reach 60
    assert_eq!(s.status(id), ProposalStatus::Open);
    s.vote(&bob, id, VoteOption::No).unwrap(); // 70 no: yes at most 30
    assert_eq!(s.status(id), ProposalStatus::Rejected);
    assert!(matches!(
        s.vote(&carol, id, VoteOption::Yes).unwrap_err(),
        ContractError::NotOpen { .. }
    ));
}

#[test]
fn a_tie_is_not_a_majority() {
    // yes 30, no 30, abstain 40 at the end: quorum met, 30 > 0.5 x 60 is false
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    s.vote(&carol, id, VoteOption::No).unwrap();
    s.vote(&alice, id, VoteOption::Abstain).unwrap();
    s.next_block(PERIOD);
    assert_eq!(s.status(id), ProposalStatus::Rejected);
}

#[test]
fn abstain_counts_toward_quorum_only() {
    // quorum 30 %: yes 30 alone is exactly the quorum; with alice's abstain the proposal has a
    // larger turnout but the same yes/no ratio
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&alice, id, VoteOption::Abstain).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    // 30 yes, 0 no, 40 abstain, 30 not voted: could 30 no still block it? 30 > 0.5 x 60 is
    // false, so it stays open until the end
    assert_eq!(s.status(id), ProposalStatus::Open);
    s.next_block(PERIOD);
    assert_eq!(s.status(id), ProposalStatus::Passed);
    assert_eq!(s.proposal(id).passed_at, Some(s.proposal(id).expires_at));
}

#[test]
fn quorum_not_met_rejects_at_the_end() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    s.set_power(&dave, 20);
    s.next_block(5);
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&dave, id, VoteOption::Yes).unwrap(); // 20 of 120 < 30 %
    s.next_block(PERIOD);
    assert_eq!(s.status(id), ProposalStatus::Rejected);
}

#[test]
fn thresholds_above_a_majority_are_exact() {
    let mut p = params();
    p.threshold = Decimal::percent(60);
    let mut s = Suite::with_params(p);
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    // 60 yes / 100 is not > 60 %
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    s.vote(&carol, id, VoteOption::Yes).unwrap();
    s.vote(&alice, id, VoteOption::No).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Rejected);
    // 70 yes / 100 is
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&alice, id, VoteOption::Yes).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Passed);
}

#[test]
fn votes_paginate_by_voter() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    let id = s.propose(&alice, vec![]).unwrap();
    s.vote(&alice, id, VoteOption::Abstain).unwrap();
    s.vote(&bob, id, VoteOption::Abstain).unwrap();
    s.vote(&carol, id, VoteOption::Abstain).unwrap();
    let first: VotesResponse = s
        .query(&QueryMsg::Votes {
            proposal_id: id,
            start_after: None,
            limit: Some(2),
        })
        .unwrap();
    let rest: VotesResponse = s
        .query(&QueryMsg::Votes {
            proposal_id: id,
            start_after: Some(first.votes[1].voter.to_string()),
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(first.votes.len() + rest.votes.len(), 3);
    let total: u128 = first
        .votes
        .iter()
        .chain(rest.votes.iter())
        .map(|v| v.power.u128())
        .sum();
    assert_eq!(total, 100);
}

/// DAO DAO bug class "total power read live": the total power is read at the start height and
/// frozen for the proposal's life. Shares minted after the start (here 100 more, to dave and to
/// alice) change neither the total nor anyone's power for that proposal, so they cannot push it
/// over (or under) quorum and threshold.
#[test]
fn total_power_is_frozen_for_a_proposals_life() {
    let mut s = Suite::new();
    let (alice, bob, carol, dave) = s.holders();
    let id = s.propose(&alice, vec![]).unwrap();
    let start = s.proposal(id);
    assert_eq!(start.total_power, Uint128::new(100));
    // minted after the start height
    s.set_power(&dave, 60);
    s.set_power(&alice, 80);
    s.next_block(5);
    // a new proposal sees the new supply ...
    let later = s.propose(&bob, vec![]).unwrap();
    assert_eq!(s.proposal(later).total_power, Uint128::new(200));
    // ... the first one does not
    assert_eq!(s.proposal(id).total_power, Uint128::new(100));
    assert_eq!(
        s.vote(&dave, id, VoteOption::Yes).unwrap_err(),
        ContractError::NoVotingPower {
            height: start.start_height
        }
    );
    let res = s.vote(&alice, id, VoteOption::Yes).unwrap();
    assert_eq!(wasm_attr(&res, "power"), "40", "alice's power at the start");
    // 40 + 30 of the frozen 100: passes early, as it would have before the mint
    s.vote(&carol, id, VoteOption::Yes).unwrap();
    let p = s.proposal(id);
    assert_eq!(p.tally.yes, Uint128::new(70));
    assert_eq!(p.total_power, Uint128::new(100));
    assert_eq!(p.status, ProposalStatus::Passed);
}

/// The DAO tab of one account in one query: every proposal with that account's ballot.
#[test]
fn proposals_with_ballot_pair_each_proposal_with_the_voters_ballot() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let first = s.propose(&alice, vec![]).unwrap();
    let second = s.propose(&alice, vec![]).unwrap();
    let third = s.propose(&alice, vec![]).unwrap();
    s.vote(&bob, first, VoteOption::No).unwrap();
    s.vote(&bob, third, VoteOption::Abstain).unwrap();
    s.vote(&alice, second, VoteOption::Yes).unwrap();

    let page = |s: &Suite, start_after, limit, descending| {
        s.query::<ProposalsWithBallotResponse>(&QueryMsg::ProposalsWithBallot {
            voter: bob.to_string(),
            start_after,
            limit,
            descending,
        })
        .unwrap()
        .proposals
    };
    let all = page(&s, None, None, None);
    let ids: Vec<u64> = all.iter().map(|p| p.proposal.id).collect();
    assert_eq!(ids, vec![first, second, third]);
    // bob's ballots, and none where only alice voted
    let votes: Vec<Option<VoteOption>> = all
        .iter()
        .map(|p| p.ballot.as_ref().map(|b| b.vote))
        .collect();
    assert_eq!(
        votes,
        vec![Some(VoteOption::No), None, Some(VoteOption::Abstain)]
    );
    let ballot = all[0].ballot.clone().unwrap();
    assert_eq!(
        (ballot.voter, ballot.power),
        (bob.clone(), Uint128::new(30))
    );
    // each proposal is the one `proposal` answers
    assert_eq!(all[1].proposal, s.proposal(second));

    // paginated both ways, like `proposals`
    let newest = page(&s, None, Some(1), Some(true));
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].proposal.id, third);
    let after_first = page(&s, Some(first), Some(1), None);
    assert_eq!(after_first[0].proposal.id, second);
    assert!(after_first[0].ballot.is_none());

    // a malformed voter address is an error, not an empty page
    assert!(s
        .query::<ProposalsWithBallotResponse>(&QueryMsg::ProposalsWithBallot {
            voter: "not-an-address".into(),
            start_after: None,
            limit: None,
            descending: None,
        })
        .is_err());
}
