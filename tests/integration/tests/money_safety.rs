//! The security review's attacks on a launched model, with the real launchpad and all six
//! contracts: each reproduced the theft on the code before the fix and now shows it fails.
//!
//! 1. The creator allocation (10 % of the final supply) proposes to spend the whole raise on
//!    itself right after `finalize`, before any backer claims, and votes alone.
//! 2. With no allocation, the first backer to claim (10 % of the raise) does the same.
//! 3. Revenue paid before the backers claim goes to the creator with a 1-unit distribution.
//! 4. A failed presale strands purchases; its DAO can do nothing with what it holds.

use cosmwasm_std::{coin, coins, Addr};
use modelfund::access::SalesStatus;
use modelfund::governance::{self, Action, ProposalStatus, VoteOption};
use modelfund_integration_tests::*;

/// The raise goes to the DAO: 90 % of the supply is sold for 90,000 inj, the creator holds
/// the other 10 % (1,000 shares); quorum 30 %, threshold 50 %.
fn creator_with_a_tenth() -> (Protocol, Launched) {
    let spec = ModelSpec::default()
        .caps(50_000, 100_000)
        .per_address(10, 100_000)
        .creator_allocation(1_000)
        .quorum_threshold(30, 50);
    let mut p = Protocol::builder().funds(200_000).model(spec).build();
    let m = p.model();
    let Actors {
        alice, bob, carol, ..
    } = p.actors.clone();
    p.contribute(&m, &alice, 45_000).unwrap();
    p.contribute(&m, &bob, 45_000).unwrap();
    p.advance_to(m.end);
    p.finalize(&m, &carol).unwrap();
    p.next_block();
    (p, m)
}

fn spend_all(to: &Addr, amount: u128) -> Vec<Action> {
    vec![Action::SpendTreasury {
        recipient: to.to_string(),
        amount: coins(amount, DENOM),
    }]
}

/// Waits out the voting period, the timelock and the execution window of `id`.
fn wait_out(p: &mut Protocol, m: &Launched, id: u64) {
    let proposal = p.proposal(m, id);
    p.advance_to(proposal.expires_at);
    p.advance(m.spec.governance.timelock_seconds + 1);
}

#[test]
fn the_creator_allocation_cannot_spend_the_raise_alone() {
    let (mut p, m) = creator_with_a_tenth();
    let Actors { creator, alice, .. } = p.actors.clone();
    assert_eq!(p.balance(&m.governance), 90_000);
    // nobody has claimed: the whole final supply already counts, the creator has a tenth of it
    let now = p.height();
    assert_eq!(p.total_power(&m, now), 10_000);
    assert_eq!(p.voting_power(&m, &creator, now), 1_000);

    let id = p.propose_id(&m, &creator, "pay me", spend_all(&creator, 90_000));
    p.vote(&m, &creator, id, VoteOption::Yes).unwrap();
    let proposal = p.proposal(&m, id);
    assert_eq!(proposal.total_power.u128(), 10_000);
    assert_eq!(
        proposal.status,
        ProposalStatus::Open,
        "a tenth passes nothing early"
    );

    // a backer who claims after the proposal started votes with the shares it had at the start
    p.claim(&m, &alice).unwrap();
    p.vote(&m, &alice, id, VoteOption::No).unwrap();
    assert_eq!(p.proposal(&m, id).tally.no.u128(), 4_500);

    wait_out(&mut p, &m, id);
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Rejected);
    let err = p.execute_proposal(&m, &creator, id).unwrap_err();
    assert!(
        contract_err::<modelfund_governance::ContractError>(err)
            .to_string()
            .contains("cannot be executed"),
        "a rejected proposal does not execute"
    );
    assert_eq!(
        p.balance(&m.governance),
        90_000 + 100,
        "the raise (and the deposit) stay"
    );
}

#[test]
fn the_creator_allocation_alone_cannot_even_reach_quorum() {
    let (mut p, m) = creator_with_a_tenth();
    let creator = p.actors.creator.clone();
    let id = p.propose_id(&m, &creator, "pay me", spend_all(&creator, 90_000));
    p.vote(&m, &creator, id, VoteOption::Yes).unwrap();
    // nobody else votes: at the end it is rejected for want of quorum (10 % < 30 %)
    wait_out(&mut p, &m, id);
    let proposal = p.proposal(&m, id);
    assert_eq!(proposal.status, ProposalStatus::Rejected);
    assert!(p.execute_proposal(&m, &creator, id).is_err());
    // the spam-class outcome: the deposit is forfeited to the treasury, the raise intact
    p.close_proposal(&m, &creator, id).unwrap();
    assert_eq!(p.treasury(&m).balances, coins(90_100, DENOM));
}

#[test]
fn the_first_claimer_cannot_spend_the_raise_alone() {
    // no creator allocation; alice backs 10 % of the raise, bob 90 %
    let spec = ModelSpec::default()
        .caps(50_000, 100_000)
        .per_address(10, 100_000)
        .creator_allocation(0);
    let mut p = Protocol::builder().funds(200_000).model(spec).build();
    let m = p.model();
    let Actors {
        alice, bob, carol, ..
    } = p.actors.clone();
    p.contribute(&m, &alice, 10_000).unwrap();
    p.contribute(&m, &bob, 90_000).unwrap();
    p.advance_to(m.end);
    p.finalize(&m, &carol).unwrap();
    p.next_block();

    // alice claims first and proposes to take everything
    p.claim(&m, &alice).unwrap();
    p.next_block();
    let id = p.propose_id(&m, &alice, "mine", spend_all(&alice, 100_000));
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap();
    let proposal = p.proposal(&m, id);
    assert_eq!(
        proposal.total_power.u128(),
        10_000,
        "bob's unclaimed 9,000 count"
    );
    assert_eq!(proposal.status, ProposalStatus::Open);
    wait_out(&mut p, &m, id);
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Rejected);
    assert!(p.execute_proposal(&m, &alice, id).is_err());
    assert_eq!(p.balance(&m.governance), 100_000 + 100);

    // bob, who claims late, still decides: his power at the start of a proposal is his
    let id = p.propose_id(&m, &alice, "mine again", spend_all(&alice, 100_000));
    p.next_block();
    p.claim(&m, &bob).unwrap();
    p.vote(&m, &bob, id, VoteOption::No).unwrap();
    assert_eq!(
        p.proposal(&m, id).status,
        ProposalStatus::Rejected,
        "rejected early, with quorum"
    );
}

#[test]
fn the_creator_gets_exactly_its_fraction_of_early_revenue() {
    let (mut p, m) = creator_with_a_tenth();
    let Actors {
        creator,
        alice,
        bob,
        user,
        ..
    } = p.actors.clone();
    // usage bought after finalize, before any backer claimed: 5,000 inj
    p.buy_credits(&m, &user, "pack", 50, None, &coins(5_000, DENOM))
        .unwrap();
    // the attack: a 1-unit distribution, then claim
    p.distribute(&m, &creator, &coins(1, DENOM)).unwrap();
    p.claim_revenue(&m, &creator).unwrap();
    // 5,001 over 10,000 shares: the creator's 1,000 get 500 (floor of 500.1), not 5,001
    assert_eq!(
        p.balance(&creator),
        p.initial_funds[&creator] - 1 + 500,
        "exactly its pro-rata part"
    );
    // the backers' parts waited in escrow and arrive with their shares, to the unit
    p.claim(&m, &alice).unwrap();
    p.claim(&m, &bob).unwrap();
    assert_eq!(p.claimable(&m, &alice), 2_250);
    assert_eq!(p.claimable(&m, &bob), 2_250);
}

#[test]
fn nothing_sells_and_no_revenue_counts_before_the_presale_succeeds() {
    let mut p = Protocol::new();
    let m = p.model();
    let Actors { alice, user, .. } = p.actors.clone();
    p.contribute(&m, &alice, 1_000).unwrap();
    // usage during the presale: refused, the buyer keeps the money
    let err = p
        .buy_credits(&m, &user, "pack", 1, None, &coins(100, DENOM))
        .unwrap_err();
    assert_eq!(
        contract_err::<modelfund_access::ContractError>(err),
        modelfund_access::ContractError::SalesNotOpen {
            model_id: m.id.clone()
        }
    );
    // revenue without holders is refused too: nobody could ever claim it fairly
    let err = p.distribute(&m, &user, &coins(1, DENOM)).unwrap_err();
    assert_eq!(
        contract_err::<modelfund_shares::ContractError>(err),
        modelfund_shares::ContractError::NoHolders {}
    );
    assert_eq!(p.balance(&user), p.initial_funds[&user]);
    assert_eq!(p.balance(&m.shares), 0);
}

/// The review: a model's plans were on sale from launch on, so a purchase after a failed
/// presale paid a shares contract that would never have holders, and the powerless DAO could
/// not recover anything. Now a failed presale closes sales for good, and `reclaim` returns the
/// model NFT and any coins the DAO holds to the creator.
#[test]
fn a_failed_presale_closes_sales_and_gives_the_creator_the_model_back() {
    let mut p = Protocol::new();
    let m = p.model();
    let Actors {
        alice,
        user,
        creator,
        marketplace,
        ..
    } = p.actors.clone();
    let reclaim = governance::ExecuteMsg::Reclaim {
        denoms: vec![DENOM.into()],
    };
    p.contribute(&m, &alice, 1_000).unwrap();
    // while the presale runs, nothing can be reclaimed
    let dao = m.governance.clone();
    assert!(p.exec(&user, &dao, &reclaim, &[]).is_err());
    // the soft cap is missed
    p.advance_to(m.end);
    p.finalize(&m, &user).unwrap();
    for _ in 0..2 {
        let err = p
            .buy_credits(&m, &user, "pack", 1, None, &coins(100, DENOM))
            .unwrap_err();
        assert_eq!(
            contract_err::<modelfund_access::ContractError>(err),
            modelfund_access::ContractError::SalesClosed {
                model_id: m.id.clone()
            }
        );
        p.advance(365 * DAY);
    }
    assert_eq!(p.access_model(&m).sales, SalesStatus::Closed);
    assert_eq!(p.balance(&user), p.initial_funds[&user]);
    // somebody sent coins to the failed model's DAO: they go back to the creator, with the NFT
    p.send_coins(&marketplace, &dao, &[coin(123, DENOM)])
        .unwrap();
    let before = p.balance(&creator);
    let res = p.exec(&user, &dao, &reclaim, &[]).unwrap();
    assert_eq!(wasm_attr(&res, &dao, "phase").as_deref(), Some("failed"));
    assert_eq!(
        wasm_attr(&res, &dao, "model_nft").as_deref(),
        Some("transferred")
    );
    assert_eq!(p.balance(&creator), before + 123);
    assert_eq!(p.balance(&dao), 0);
    assert_eq!(p.registry_model(&m.id).owner, Some(creator));
    // the backer still gets the whole contribution back from the presale
    p.refund(&m, &alice).unwrap();
    assert_eq!(p.balance(&alice), p.initial_funds[&alice]);
}
