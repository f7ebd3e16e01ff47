//! The presale against the real shares contract: contributions, settlement, claims minting
//! real cw20 shares, and the height snapshots that governance will vote with.

use cosmwasm_std::coin;
use modelfund::presale::{self, Phase};
use modelfund_integration_tests::standalone::SharesSpec;
use modelfund_integration_tests::*;

const WALLET: u128 = 1_000_000;

/// A launched model: 10 inj per share, caps `soft_cap` / 3,000 inj, 100 to 2,000 inj per
/// address, open 1,000 s, 20 shares to the creator (20 % of what a 1,000 inj soft cap sells).
fn launch(soft_cap: u128) -> (Protocol, Launched) {
    let spec = ModelSpec::new("tiny-llm")
        .caps(soft_cap, 3_000)
        .per_address(100, 2_000)
        .window(0, 1_000)
        .creator_allocation(20)
        .decimals(6);
    let p = Protocol::builder().funds(WALLET).model(spec).build();
    let m = p.model();
    (p, m)
}

#[test]
fn every_sold_share_votes_from_the_block_after_finalize_claimed_or_not() {
    let (mut p, m) = launch(1_000);
    let Actors {
        alice,
        bob,
        carol,
        creator,
        ..
    } = p.actors.clone();
    p.contribute(&m, &alice, 1_205).unwrap();
    p.contribute(&m, &bob, 800).unwrap();
    p.advance(1_000);
    let finalize_height = p.height();
    p.finalize(&m, &carol).unwrap();
    assert_eq!(
        p.balance(&m.governance),
        2_005,
        "the DAO treasury got the raise"
    );
    assert_eq!(p.shares_of(&m, &creator), 20);
    // nothing counts in the finalize block itself; from the next one the whole final supply
    // does: the creator's 20 are 9 % of it, never all of it
    assert_eq!(p.total_power(&m, finalize_height), 0);
    assert_eq!(p.total_power(&m, finalize_height + 1), 220);
    assert_eq!(p.voting_power(&m, &creator, finalize_height + 1), 20);

    p.next_block();
    let claim_height = p.height();
    p.claim(&m, &alice).unwrap();
    assert_eq!(p.shares_of(&m, &alice), 120);
    // alice's shares vote at every height since finalize, before her claim too
    assert_eq!(p.voting_power(&m, &alice, finalize_height), 0);
    assert_eq!(p.voting_power(&m, &alice, finalize_height + 1), 120);
    assert_eq!(p.voting_power(&m, &alice, claim_height), 120);
    assert_eq!(p.total_power(&m, claim_height), 220);
    p.next_block();
    // bob claims later; his power at the earlier heights is there once he claimed
    p.claim(&m, &bob).unwrap();
    assert_eq!(p.shares_of(&m, &bob), 80);
    assert_eq!(p.voting_power(&m, &bob, claim_height), 80);
    p.next_block();
    assert_eq!(p.voting_power(&m, &alice, claim_height + 1), 120);
    assert_eq!(p.total_power(&m, claim_height + 1), 220);

    // shares received after a height do not count at it
    let transfer_height = p.height();
    p.transfer(&m, &alice, &carol, 20).unwrap();
    p.next_block();
    assert_eq!(p.voting_power(&m, &carol, transfer_height), 0);
    assert_eq!(p.voting_power(&m, &alice, transfer_height), 120);
    assert_eq!(p.voting_power(&m, &carol, transfer_height + 1), 20);
    assert_eq!(p.voting_power(&m, &alice, transfer_height + 1), 100);
    assert_eq!(p.total_power(&m, transfer_height + 1), 220);

    let state = p.presale_state(&m);
    assert_eq!(state.phase, Phase::Succeeded);
    assert_eq!(state.shares_claimed.u128(), 200);
}

#[test]
fn a_failed_presale_refunds_and_mints_nothing() {
    let (mut p, m) = launch(2_500);
    let Actors { alice, bob, .. } = p.actors.clone();
    p.contribute(&m, &alice, 1_000).unwrap();
    p.contribute(&m, &bob, 500).unwrap();
    p.advance(1_000);
    p.finalize(&m, &alice).unwrap();
    p.refund(&m, &alice).unwrap();
    p.refund(&m, &bob).unwrap();
    assert_eq!(p.balance(&alice), WALLET);
    assert_eq!(p.balance(&bob), WALLET);
    assert_eq!(p.balance(&m.governance), 0);
    assert_eq!(p.total_supply(&m), 0);
}

/// Outside a launch: a presale over a token it does not mint yet refuses contributions (the
/// launchpad always makes the presale its shares' minter, so only a hand-wired presale can be
/// in this state).
#[test]
fn no_contribution_before_the_presale_mints_the_real_shares() {
    let mut p = Protocol::builder().funds(WALLET).no_model().build();
    let Actors { alice, creator, .. } = p.actors.clone();
    let treasury = p.addr("dao");
    let shares = p
        .instantiate_shares(&SharesSpec {
            decimals: 6,
            initial_balances: vec![],
            minter: creator.clone(),
            revenue: None,
        })
        .unwrap();
    let now = p.now();
    let msg = presale::InstantiateMsg {
        denom: DENOM.into(),
        price: 10u128.into(),
        soft_cap: 1_000u128.into(),
        hard_cap: 3_000u128.into(),
        start: now,
        end: now.plus_seconds(1_000),
        min_per_address: 100u128.into(),
        max_per_address: 2_000u128.into(),
        treasury: treasury.to_string(),
        creator: creator.to_string(),
        creator_allocation: 20u128.into(),
        shares: shares.to_string(),
        allowlist: None,
        creator_vesting: None,
    };
    let sale = p.instantiate_presale(&creator, &msg).unwrap();
    let err = p
        .exec(
            &alice,
            &sale,
            &presale::ExecuteMsg::Contribute {
                proof: None,
                cap: None,
            },
            &[coin(500, DENOM)],
        )
        .unwrap_err();
    assert_eq!(
        contract_err::<modelfund_presale::ContractError>(err),
        modelfund_presale::ContractError::NotSharesMinter {}
    );
    assert_eq!(p.balance(&alice), WALLET);
}

/// The creator allocation locked by the launch (a 1-day cliff in a 4-day vesting): the creator
/// votes and earns with it from finalize, but cannot sell any before the cliff, a quarter at the
/// cliff, and all of it at the end.
#[test]
fn a_vested_creator_allocation_votes_and_earns_but_unlocks_on_schedule() {
    let spec = ModelSpec::new("tiny-llm")
        .caps(5_000, 10_000)
        .window(0, 1_000)
        .creator_allocation(100)
        .creator_vesting(DAY, 4 * DAY);
    let mut p = Protocol::builder().model(spec).build();
    let m = p.model();
    let Actors {
        alice,
        bob,
        creator,
        carol,
        ..
    } = p.actors.clone();
    p.fund_presale(&m, &[(&alice, 6_000), (&bob, 4_000)]);
    p.next_block();
    assert_eq!(p.shares_of(&m, &creator), 100);
    let finalized = p.now();
    // it votes and earns like any holding
    assert_eq!(p.voting_power(&m, &creator, p.height()), 100);
    // 1,100 inj over 1,000 sold + 100 allocated shares: 100 of it is the creator's
    p.distribute(&m, &carol, &[coin(1_100, DENOM)]).unwrap();
    assert_eq!(p.claimable(&m, &creator), 100);
    // but none of it moves before the cliff
    let err = p.transfer(&m, &creator, &carol, 1).unwrap_err();
    assert!(matches!(
        contract_err::<modelfund_shares::ContractError>(err),
        modelfund_shares::ContractError::Locked { .. }
    ));
    p.advance_to(finalized.plus_seconds(DAY));
    p.transfer(&m, &creator, &carol, 25).unwrap();
    assert!(
        p.transfer(&m, &creator, &carol, 1).is_err(),
        "a quarter at the cliff"
    );
    p.advance_to(finalized.plus_seconds(4 * DAY));
    p.transfer(&m, &creator, &carol, 75).unwrap();
    assert_eq!(p.shares_of(&m, &creator), 0);
}
