//! The presale escrow: `mint_escrowed` and `release_escrowed` (minter only), the revenue
//! escrowed shares earn and carry to their backer, and the voting power a backer's
//! entitlement gives at every height since the escrow began, claimed or not.

use cosmwasm_std::{coins, Addr, Coin, Uint128};
use modelfund::shares::{ClaimableRevenueResponse, EscrowResponse, ExecuteMsg, QueryMsg};

use super::suite::*;
use crate::ContractError;

fn mint_escrowed(n: u128) -> ExecuteMsg {
    ExecuteMsg::MintEscrowed { amount: amount(n) }
}

fn release(to: &Addr, n: u128) -> ExecuteMsg {
    ExecuteMsg::ReleaseEscrowed {
        recipient: to.to_string(),
        amount: amount(n),
    }
}

fn inj(n: u128) -> Vec<Coin> {
    coins(n, DENOM)
}

fn claimable(suite: &Suite, addr: &Addr) -> u128 {
    suite
        .query::<ClaimableRevenueResponse>(&QueryMsg::ClaimableRevenue {
            address: addr.to_string(),
        })
        .unwrap()
        .claimable
        .iter()
        .find(|c| c.denom == DENOM)
        .map_or(0, |c| c.amount.u128())
}

fn distribute(suite: &mut Suite, n: u128) {
    let carol = suite.carol.clone();
    suite
        .exec_funds(&carol, &ExecuteMsg::Distribute {}, &inj(n))
        .unwrap();
}

/// The revenue suite (alice 1,000, bob 500, splits 10 % + 5 %) with 3,000 shares minted into
/// escrow in the next block; answers the height the escrow counts from.
fn with_escrow() -> (Suite, u64) {
    let mut suite = Suite::with_revenue();
    suite.next_block();
    let minter = suite.minter.clone();
    suite.exec(&minter, &mint_escrowed(3_000)).unwrap();
    let since = suite.height() + 1;
    suite.next_block();
    (suite, since)
}

#[test]
fn mint_escrowed_grows_the_supply_not_any_account_with_events() {
    let mut suite = Suite::with_revenue();
    suite.next_block();
    let minter = suite.minter.clone();
    let height = suite.height();
    let res = suite.exec(&minter, &mint_escrowed(3_000)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "mint_escrowed");
    assert_eq!(wasm_attr(&res, "by"), minter.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "3000");
    assert_eq!(wasm_attr(&res, "since_height"), (height + 1).to_string());
    assert_eq!(wasm_attr(&res, "total_supply"), "4500");
    assert_eq!(
        suite.escrow(),
        EscrowResponse {
            amount: amount(3_000),
            since_height: Some(height + 1),
            revenue: vec![],
        }
    );
    // the total power counts the escrow from the next block, like every change
    assert_eq!(suite.supply(), 4_500);
    assert_eq!(suite.supply_at(height), 1_500);
    assert_eq!(suite.supply_at(height + 1), 4_500);
    // nobody's balance or power moved
    assert_eq!(suite.balance(&minter), 0);
    assert_eq!(suite.voting_power(&minter, None), Uint128::zero());
}

#[test]
fn escrow_messages_are_for_the_minter_only_and_bad_inputs_change_nothing() {
    let mut suite = Suite::with_revenue();
    let [alice, carol] = suite.addrs(["alice", "carol"]);
    let minter = suite.minter.clone();
    // not the minter
    suite.assert_rejected(&alice, &mint_escrowed(10), ContractError::Unauthorized {});
    // nothing escrowed yet
    suite.assert_rejected(&minter, &release(&carol, 1), ContractError::NoEscrow {});
    // zero, over the cap (10,000 with 1,500 out)
    suite.assert_rejected(
        &minter,
        &mint_escrowed(0),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &minter,
        &mint_escrowed(8_501),
        ContractError::CannotExceedCap {},
    );
    // funds attached
    suite.assert_nonpayable(&minter, &mint_escrowed(10));

    suite.exec(&minter, &mint_escrowed(3_000)).unwrap();
    // only once: a second escrow would mix shares that entered at different indexes
    suite.assert_rejected(&minter, &mint_escrowed(1), ContractError::EscrowExists {});
    // release: not the minter, zero, more than escrowed, bad address, to the contract itself,
    // funds attached
    suite.assert_rejected(&alice, &release(&alice, 1), ContractError::Unauthorized {});
    suite.assert_rejected(
        &minter,
        &release(&carol, 0),
        ContractError::InvalidZeroAmount {},
    );
    suite.assert_rejected(
        &minter,
        &release(&carol, 3_001),
        ContractError::InsufficientEscrow {
            escrowed: amount(3_000),
            amount: amount(3_001),
        },
    );
    suite.assert_rejected_with(
        &minter,
        &ExecuteMsg::ReleaseEscrowed {
            recipient: BAD_ADDRESS.into(),
            amount: amount(1),
        },
        is_bad_address,
    );
    let shares = suite.shares.clone();
    suite.assert_rejected(
        &minter,
        &release(&shares, 1),
        ContractError::CannotHoldOwnShares {},
    );
    suite.assert_nonpayable(&minter, &release(&carol, 1));
    // once per recipient
    suite.exec(&minter, &release(&carol, 1_000)).unwrap();
    suite.assert_rejected(
        &minter,
        &release(&carol, 1),
        ContractError::AlreadyReleased {
            recipient: carol.to_string(),
        },
    );
}

#[test]
fn release_moves_shares_with_events_and_keeps_the_supply() {
    let (mut suite, _) = with_escrow();
    let (minter, carol) = (suite.minter.clone(), suite.carol.clone());
    let res = suite.exec(&minter, &release(&carol, 1_200)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "release_escrowed");
    assert_eq!(wasm_attr(&res, "by"), minter.to_string());
    assert_eq!(wasm_attr(&res, "to"), carol.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "1200");
    assert_eq!(wasm_attr(&res, "escrow_left"), "1800");
    assert_eq!(suite.balance(&carol), 1_200);
    assert_eq!(suite.escrow().amount, amount(1_800));
    assert_eq!(suite.supply(), 4_500);
    // the rest leaves in the end, and the escrow is empty
    let bob = suite.bob.clone();
    suite.exec(&minter, &release(&bob, 1_800)).unwrap();
    assert_eq!(suite.escrow().amount, Uint128::zero());
    assert_eq!(suite.balance(&bob), 500 + 1_800);
    assert_eq!(suite.supply(), 4_500);
}

/// The review's revenue attack: revenue that arrives before backers claim must not go only to
/// those who already hold shares. Escrowed shares earn their part and hand it to their backer.
#[test]
fn escrowed_shares_earn_their_part_and_carry_it_to_the_backer() {
    let (mut suite, _) = with_escrow();
    let [alice, bob, carol] = suite.addrs(["alice", "bob", "carol"]);
    let minter = suite.minter.clone();
    let dave = suite.addr("dave");
    // supply 4,500: alice 1,000, bob 500, escrow 3,000; holders get 85 % of 9,000 = 7,650
    distribute(&mut suite, 9_000);
    assert_eq!(claimable(&suite, &alice), 1_700);
    assert_eq!(claimable(&suite, &bob), 850);
    assert_eq!(suite.escrow().revenue, inj(5_100));

    // carol claims 1,000 of the escrow: she receives exactly its third of the escrow's revenue
    suite.exec(&minter, &release(&carol, 1_000)).unwrap();
    assert_eq!(claimable(&suite, &carol), 1_700);
    assert_eq!(suite.escrow().revenue, inj(3_400));

    // more revenue: carol now earns as a holder, the escrow for the 2,000 left
    distribute(&mut suite, 4_500);
    // 3,825 to holders: 0.85 per share
    assert_eq!(claimable(&suite, &carol), 1_700 + 850);
    assert_eq!(suite.escrow().revenue, inj(3_400 + 1_700));

    // bob, who already holds 500, claims 2,000: his own revenue stays exact, the escrow's
    // part for 2,000 shares joins it
    suite.exec(&minter, &release(&bob, 2_000)).unwrap();
    assert_eq!(claimable(&suite, &bob), 850 + 425 + 5_100);
    assert_eq!(suite.escrow().revenue, vec![]);

    // everything paid out matches what the holders' parts were, to the unit
    let holders_total = 7_650 + 3_825;
    let paid: u128 = [&alice, &bob, &carol, &dave]
        .iter()
        .map(|a| claimable(&suite, a))
        .sum();
    assert_eq!(paid, holders_total);
    for who in [&alice, &bob, &carol] {
        suite.exec(who, &ExecuteMsg::ClaimRevenue {}).unwrap();
    }
}

/// Rounding: the escrow's record is always `escrowed × (index − index at mint)`, so a release
/// moves an exact fraction: a share earns the same in escrow as in an account.
#[test]
fn escrow_revenue_is_exact_with_awkward_amounts() {
    let mut suite = Suite::with_revenue();
    let (minter, alice) = (suite.minter.clone(), suite.alice.clone());
    suite.exec(&minter, &mint_escrowed(7)).unwrap();
    suite.next_block();
    let backers: Vec<Addr> = (0..7).map(|i| suite.addr(&format!("backer{i}"))).collect();
    // 1,507 shares; each round 8,585 to the holders: 5.6967... per share, never a whole number
    for backer in &backers {
        distribute(&mut suite, 10_100);
        suite.exec(&minter, &release(backer, 1)).unwrap();
        suite.next_block();
    }
    distribute(&mut suite, 10_100);
    assert_eq!(suite.escrow().amount, Uint128::zero());
    assert_eq!(suite.escrow().revenue, vec![]);
    // every backer held one share from the escrow's start, in escrow and then in its account:
    // each earned exactly one share's part, the same as every other backer, and alice (1,000
    // shares all along) earned 1,000 times that before flooring
    let per_share = claimable(&suite, &backers[0]);
    assert_eq!(per_share, 8 * 8_585 / 1_507);
    for b in &backers {
        assert_eq!(claimable(&suite, b), per_share, "{b}");
    }
    let alice_total = claimable(&suite, &alice);
    assert!(
        per_share * 1_000 <= alice_total && alice_total < (per_share + 1) * 1_000,
        "alice {alice_total} vs one share {per_share}"
    );
}

/// The review's governance attack: before backers claim, the creator allocation or the first
/// claimer must not hold all the voting power. Every sold share counts in the total from the
/// escrow's first block, and a backer's entitlement counts for it at every height since then,
/// claimed late or not at all.
#[test]
fn a_backer_votes_with_its_escrowed_shares_at_every_height_since_the_escrow() {
    let mut suite = Suite::with_revenue();
    suite.next_block();
    let (minter, carol) = (suite.minter.clone(), suite.carol.clone());
    let before = suite.height();
    suite.exec(&minter, &mint_escrowed(3_000)).unwrap();
    let since = before + 1;
    suite.advance_blocks(10);
    let proposal_height = suite.height();
    suite.advance_blocks(10);
    // carol claims 1,200 twenty blocks later
    suite.exec(&minter, &release(&carol, 1_200)).unwrap();
    let claimed_in = suite.height();
    suite.next_block();

    // total power: the whole final supply from `since` on
    assert_eq!(suite.supply_at(before), 1_500);
    assert_eq!(suite.supply_at(since), 4_500);
    // carol: nothing before the escrow, 1,200 at every height since, through and after her claim
    assert_eq!(suite.voting_power(&carol, Some(before)), Uint128::zero());
    for h in [since, proposal_height, claimed_in, claimed_in + 1] {
        assert_eq!(suite.voting_power(&carol, Some(h)), amount(1_200), "at {h}");
    }
    assert_eq!(suite.voting_power(&carol, None), amount(1_200));
    // her cw20 balance history is the plain one: the shares arrived with the claim
    assert_eq!(suite.balance_at(&carol, proposal_height), 0);
    assert_eq!(suite.balance_at(&carol, claimed_in + 1), 1_200);

    // moving the shares later cannot vote twice on the earlier proposal
    let dave = suite.addr("dave");
    suite
        .exec(
            &carol,
            &ExecuteMsg::Transfer {
                recipient: dave.to_string(),
                amount: amount(1_200),
            },
        )
        .unwrap();
    suite.next_block();
    assert_eq!(
        suite.voting_power(&dave, Some(proposal_height)),
        Uint128::zero()
    );
    assert_eq!(
        suite.voting_power(&carol, Some(proposal_height)),
        amount(1_200)
    );
    assert_eq!(suite.voting_power(&carol, None), Uint128::zero());
    assert_eq!(suite.voting_power(&dave, None), amount(1_200));
}

#[test]
fn nothing_can_be_sent_to_the_shares_contract_itself() {
    let mut suite = Suite::new();
    let (alice, bob, minter) = (suite.alice.clone(), suite.bob.clone(), suite.minter.clone());
    let me = suite.shares.clone();
    suite.assert_rejected(
        &alice,
        &ExecuteMsg::Transfer {
            recipient: me.to_string(),
            amount: amount(1),
        },
        ContractError::CannotHoldOwnShares {},
    );
    suite.assert_rejected(
        &alice,
        &ExecuteMsg::Send {
            contract: me.to_string(),
            amount: amount(1),
            msg: Default::default(),
        },
        ContractError::CannotHoldOwnShares {},
    );
    suite.assert_rejected(
        &minter,
        &ExecuteMsg::Mint {
            recipient: me.to_string(),
            amount: amount(1),
        },
        ContractError::CannotHoldOwnShares {},
    );
    suite
        .exec(
            &alice,
            &ExecuteMsg::IncreaseAllowance {
                spender: bob.to_string(),
                amount: amount(10),
                expires: None,
            },
        )
        .unwrap();
    suite.assert_rejected(
        &bob,
        &ExecuteMsg::TransferFrom {
            owner: alice.to_string(),
            recipient: me.to_string(),
            amount: amount(1),
        },
        ContractError::CannotHoldOwnShares {},
    );
    suite.assert_rejected(
        &bob,
        &ExecuteMsg::SendFrom {
            owner: alice.to_string(),
            contract: me.to_string(),
            amount: amount(1),
            msg: Default::default(),
        },
        ContractError::CannotHoldOwnShares {},
    );
}
