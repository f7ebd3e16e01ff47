//! A model's DAO with the real contracts, launched through the launchpad: the presale fills the
//! treasury and mints the shares, the DAO owns the model NFT, holders vote with their shares at
//! the proposal's start height, and executed proposals publish a new model version and pay a
//! milestone.

use cosmwasm_std::coin;
use modelfund::governance::{Action, ProposalStatus, VoteOption};
use modelfund_integration_tests::*;

#[test]
fn holders_publish_a_new_version_and_pay_a_milestone() {
    let (mut p, m) = funded_dao();
    let Actors {
        alice,
        bob,
        carol,
        creator,
        ..
    } = p.actors.clone();
    let dao = m.governance.clone();
    assert_eq!(p.balance(&dao), 10_000, "the presale filled the treasury");
    let creator_before = p.balance(&creator);

    let id = p.propose_id(
        &m,
        &alice,
        "t",
        vec![
            Action::PublishModelVersion {
                version: "v2.0.0".into(),
                content_hash: HASH_2.into(),
                uri: "ar://tiny-llm-v2".into(),
                notes: Some("distilled".into()),
            },
            Action::ReleaseMilestone {
                recipient: creator.to_string(),
                amount: coin(2_500, DENOM),
                memo: "milestone 1: distillation".into(),
            },
        ],
    );
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap(); // 600 of 1,000 shares: an early pass
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Passed);
    p.advance(DAY);
    p.execute_proposal(&m, &carol, id).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Executed);

    let latest = p.latest_version("tiny-llm");
    assert_eq!(latest.version, "v2.0.0");
    assert_eq!(latest.published_by, dao);
    assert_eq!(p.balance(&creator) - creator_before, 2_500);
    assert_eq!(p.balance(&dao), 7_500);
    // bob never voted: alice's 600 of 1,000 decided it
    assert!(p.proposal(&m, id).tally.no.is_zero() && bob != alice);
}

/// DAO DAO bug class "double voting through transfers", with real cw20 transfers: bob votes,
/// sends his shares to carol, and carol cannot vote with them on the same proposal.
#[test]
fn shares_moved_after_voting_cannot_vote_again() {
    let (mut p, m) = funded_dao();
    let Actors {
        alice, bob, carol, ..
    } = p.actors.clone();
    let id = p.propose_id(&m, &alice, "t", vec![]);
    p.vote(&m, &bob, id, VoteOption::No).unwrap();
    p.transfer(&m, &bob, &carol, 400).unwrap();
    p.next_block();
    let err = p.vote(&m, &carol, id, VoteOption::No).unwrap_err();
    assert_eq!(
        contract_err::<modelfund_governance::ContractError>(err),
        modelfund_governance::ContractError::NoVotingPower {
            height: p.proposal(&m, id).start_height
        }
    );
    assert_eq!(p.proposal(&m, id).tally.no.u128(), 400);
    // on a new proposal carol's shares count, bob's no longer do
    let id2 = p.propose_id(&m, &alice, "t", vec![]);
    p.vote(&m, &carol, id2, VoteOption::No).unwrap();
    assert_eq!(p.proposal(&m, id2).tally.no.u128(), 400);
    assert!(p.vote(&m, &bob, id2, VoteOption::No).is_err());
}

/// A launch names a guardian (the contributors' multisig): it vetoes a passed spend during the
/// timelock through the real launchpad-made DAO; the treasury stays whole and the deposit
/// comes back.
#[test]
fn a_guardian_named_at_launch_vetoes_a_passed_spend() {
    let guardian = cosmwasm_std::testing::MockApi::default().addr_make("guardian");
    let spec = dao_spec().vetoer(guardian.as_str());
    let (mut p, m) = funded_by_alice_and_bob(spec);
    let Actors { alice, carol, .. } = p.actors.clone();
    assert_eq!(p.governance_config(&m).vetoer, Some(guardian.clone()));
    let id = p.propose_id(&m, &alice, "take it all", vec![spend(&alice, 10_000)]);
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap();
    let alice_before = p.balance(&alice);
    let veto = modelfund::governance::ExecuteMsg::Veto { proposal_id: id };
    assert!(
        p.exec(&carol, &m.governance, &veto, &[]).is_err(),
        "only the guardian"
    );
    p.exec(&guardian, &m.governance, &veto, &[]).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Vetoed);
    assert_eq!(
        p.balance(&alice) - alice_before,
        10,
        "the deposit came back"
    );
    p.advance(DAY);
    assert!(p.execute_proposal(&m, &carol, id).is_err());
    assert_eq!(p.balance(&m.governance), 10_000);
}
