use cosmwasm_std::{coins, testing::mock_env, Addr, Uint128};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::presale::{ExecuteMsg, MigrateMsg, Phase};

use super::config_check::assert_invalid_config;
use super::suite::*;
use crate::ContractError;

/// Opens the sale and has alice and bob contribute.
fn raise(s: &mut Suite, from_alice: u128, from_bob: u128) {
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.open();
    s.contribute(&alice, from_alice).unwrap();
    s.contribute(&bob, from_bob).unwrap();
}

/// alice 1,205 and bob 800: 2,005 raised, above the soft cap.
fn funded() -> Suite {
    let mut s = Suite::new();
    raise(&mut s, 1_205, 800);
    s
}

/// alice 300 and bob 200: 500 raised, below the soft cap.
fn underfunded() -> Suite {
    let mut s = Suite::new();
    raise(&mut s, 300, 200);
    s
}

/// The error `who` gets for `msg` (sent without funds).
fn refused(s: &mut Suite, who: &Addr, msg: ExecuteMsg) -> ContractError {
    s.exec(who, &msg, &[]).unwrap_err()
}

/// The vesting schedule the shares contract holds for `who`, if any.
fn vesting_of(s: &Suite, who: &Addr) -> Option<modelfund::shares::VestingResponse> {
    s.app
        .wrap()
        .query_wasm_smart(
            s.shares.clone(),
            &modelfund::shares::QueryMsg::Vesting {
                address: who.to_string(),
            },
        )
        .unwrap()
}

#[test]
fn success_sends_funds_to_the_treasury_and_mints_every_sold_share_into_escrow() {
    let mut s = funded();
    let carol = s.carol.clone();
    // floor(1205 / 10) + floor(800 / 10): counted as contributions arrive
    assert_eq!(s.state().shares_sold, Uint128::new(200));
    assert_eq!(
        refused(&mut s, &carol, ExecuteMsg::Finalize {}),
        ContractError::FinalizeTooEarly { end: s.end }
    );
    s.close();
    // anyone may finalize
    let res = s.exec(&carol, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "finalize");
    assert_eq!(wasm_attr(&res, "outcome"), "succeeded");
    assert_eq!(wasm_attr(&res, "raised"), "2005");
    assert_eq!(wasm_attr(&res, "shares_sold"), "200");
    assert_eq!(s.balance(&s.treasury.clone()), 2_005);
    assert_eq!(s.balance(&s.presale.clone()), 0);
    assert_eq!(s.shares_of(&s.creator.clone()), ALLOCATION);
    // the whole final supply exists from finalize on: the creator holds only its allocation
    // of it, the backers' 200 wait in escrow (they vote and earn from there)
    assert_eq!(s.escrow_and_supply(), (200, 200 + ALLOCATION));
    assert_eq!(s.state().phase, Phase::Succeeded);
    assert_eq!(
        refused(&mut s, &carol, ExecuteMsg::Finalize {}),
        ContractError::AlreadySettled {}
    );
}

#[test]
fn backers_claim_their_shares_once_rounded_down() {
    let mut s = funded();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    assert_eq!(
        refused(&mut s, &alice, ExecuteMsg::Claim {}),
        ContractError::ClaimNotOpen {}
    );
    s.close();
    s.exec(&carol, &ExecuteMsg::Finalize {}, &[]).unwrap();

    let res = s.exec(&alice, &ExecuteMsg::Claim {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "claim");
    assert_eq!(wasm_attr(&res, "shares"), "120"); // floor(1205 / 10)
    assert_eq!(s.shares_of(&alice), 120);
    assert_eq!(s.escrow_and_supply(), (80, 200 + ALLOCATION));
    assert!(s.contribution(&alice).claimed);
    assert_eq!(
        refused(&mut s, &alice, ExecuteMsg::Claim {}),
        ContractError::AlreadyClaimed {}
    );
    assert_eq!(s.shares_of(&alice), 120);

    s.exec(&bob, &ExecuteMsg::Claim {}, &[]).unwrap();
    assert_eq!(s.shares_of(&bob), 80);
    assert_eq!(
        refused(&mut s, &carol, ExecuteMsg::Claim {}),
        ContractError::NoContribution {}
    );
    assert_eq!(s.state().shares_claimed, Uint128::new(200));
    // claims come out of escrow: the supply never changed
    assert_eq!(s.escrow_and_supply(), (0, 200 + ALLOCATION));
    // no refunds after success
    assert_eq!(
        refused(&mut s, &bob, ExecuteMsg::Refund {}),
        ContractError::RefundNotOpen {}
    );
}

#[test]
fn failure_refunds_each_backer_exactly_once() {
    let mut s = underfunded();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    assert_eq!(
        refused(&mut s, &alice, ExecuteMsg::Refund {}),
        ContractError::RefundNotOpen {}
    );
    s.close();
    let res = s.exec(&carol, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "outcome"), "failed");
    assert_eq!(s.state().phase, Phase::Failed);
    assert_eq!(s.balance(&s.treasury.clone()), 0);
    assert_eq!(s.shares_of(&s.creator.clone()), 0);
    // no share ever exists after a failure
    assert_eq!(s.escrow_and_supply(), (0, 0));

    let res = s.exec(&alice, &ExecuteMsg::Refund {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "refund");
    assert_eq!(wasm_attr(&res, "amount"), "300");
    assert_eq!(s.balance(&alice), WALLET);
    assert_eq!(
        refused(&mut s, &alice, ExecuteMsg::Refund {}),
        ContractError::AlreadyRefunded {}
    );
    s.exec(&bob, &ExecuteMsg::Refund {}, &[]).unwrap();
    assert_eq!(s.balance(&bob), WALLET);
    assert_eq!(s.balance(&s.presale.clone()), 0);
    assert_eq!(s.state().refunded, Uint128::new(500));
    assert_eq!(
        refused(&mut s, &carol, ExecuteMsg::Refund {}),
        ContractError::NoContribution {}
    );
    assert_eq!(
        refused(&mut s, &alice, ExecuteMsg::Claim {}),
        ContractError::ClaimNotOpen {}
    );
}

#[test]
fn reaching_the_hard_cap_allows_finalizing_early() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    s.open();
    s.contribute(&alice, 2_000).unwrap();
    s.contribute(&bob, 1_000).unwrap();
    let res = s.exec(&carol, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "outcome"), "succeeded");
    assert_eq!(s.balance(&s.treasury.clone()), HARD_CAP);
    assert_eq!(
        s.contribute(&carol, 100).unwrap_err(),
        ContractError::Closed {
            reason: "finalized".into()
        }
    );
}

#[test]
fn the_creator_cancels_before_the_end_and_backers_refund() {
    let mut s = funded();
    let (alice, bob, creator) = (s.alice.clone(), s.bob.clone(), s.creator.clone());
    for stranger in [&alice, &bob] {
        assert_eq!(
            refused(&mut s, stranger, ExecuteMsg::Cancel {}),
            ContractError::NotCreator {}
        );
    }
    assert_eq!(s.state().phase, Phase::Open);
    let res = s.exec(&creator, &ExecuteMsg::Cancel {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "cancel");
    assert_eq!(wasm_attr(&res, "raised"), "2005");
    assert_eq!(s.state().phase, Phase::Cancelled);
    assert_eq!(
        s.contribute(&alice, 100).unwrap_err(),
        ContractError::Closed {
            reason: "cancelled".into()
        }
    );
    s.close();
    assert_eq!(
        refused(&mut s, &alice, ExecuteMsg::Finalize {}),
        ContractError::AlreadySettled {}
    );
    s.exec(&alice, &ExecuteMsg::Refund {}, &[]).unwrap();
    s.exec(&bob, &ExecuteMsg::Refund {}, &[]).unwrap();
    assert_eq!(s.balance(&alice), WALLET);
    assert_eq!(s.balance(&bob), WALLET);
    assert_eq!(s.balance(&s.treasury.clone()), 0);
}

#[test]
fn no_cancel_after_the_end_or_after_settling() {
    let mut s = funded();
    let creator = s.creator.clone();
    s.close();
    assert_eq!(
        refused(&mut s, &creator, ExecuteMsg::Cancel {}),
        ContractError::Ended {}
    );
    s.exec(&creator, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(
        refused(&mut s, &creator, ExecuteMsg::Cancel {}),
        ContractError::AlreadySettled {}
    );
    assert_eq!(s.state().phase, Phase::Succeeded);
}

#[test]
fn settling_messages_refuse_funds() {
    let mut s = funded();
    let (alice, creator) = (s.alice.clone(), s.creator.clone());
    let funds = coins(5, DENOM);
    for (who, msg) in [
        (&creator, ExecuteMsg::Cancel {}),
        (&alice, ExecuteMsg::Finalize {}),
        (&alice, ExecuteMsg::Claim {}),
        (&alice, ExecuteMsg::Refund {}),
    ] {
        assert_eq!(
            s.exec(who, &msg, &funds).unwrap_err(),
            ContractError::Payment(PaymentError::NonPayable {})
        );
    }
    assert_eq!(s.state().phase, Phase::Open);
}

#[test]
fn migrate_keeps_state_and_refuses_other_contracts() {
    let mut s = funded();
    let creator = s.creator.clone();
    let res = s
        .app
        .migrate_contract(
            creator,
            s.presale.clone(),
            &MigrateMsg::Migrate {},
            s.code_id,
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "migrate");
    assert_eq!(s.state().raised, Uint128::new(2_005));

    let mut deps = cosmwasm_std::testing::mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "2.0.0").unwrap();
    assert!(matches!(
        crate::contract::migrate(deps.as_mut(), mock_env(), MigrateMsg::Migrate {}).unwrap_err(),
        ContractError::Migrate(modelfund::migrate::MigrateError::CannotMigrate { .. })
    ));
}

/// A launch may lock the creator allocation: `finalize` then mints it with `mint_vesting`
/// (cliff and duration counted from finalize), so the creator cannot sell it at once.
#[test]
fn a_vested_creator_allocation_is_minted_locked_at_finalize() {
    let mut s = Suite::with(|m| {
        m.creator_vesting = Some(modelfund::presale::CreatorVesting {
            cliff_seconds: 86_400,
            duration_seconds: 4 * 86_400,
        });
    });
    let (carol, creator) = (s.carol.clone(), s.creator.clone());
    let cfg: modelfund::presale::ConfigResponse =
        s.query(&modelfund::presale::QueryMsg::Config {}).unwrap();
    assert_eq!(
        cfg.creator_vesting
            .map(|v| (v.cliff_seconds, v.duration_seconds)),
        Some((86_400, 4 * 86_400))
    );
    raise(&mut s, 1_205, 800);
    s.close();
    let finalized_at = s.app.block_info().time;
    s.exec(&carol, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(s.shares_of(&creator), ALLOCATION);
    let vesting = vesting_of(&s, &creator);
    let schedule = vesting.expect("the allocation is locked").schedule;
    assert_eq!(schedule.total, Uint128::new(ALLOCATION));
    assert_eq!(schedule.start, finalized_at);
    assert_eq!(schedule.cliff, finalized_at.plus_seconds(86_400));
    assert_eq!(schedule.end, finalized_at.plus_seconds(4 * 86_400));
}

#[test]
fn creator_vesting_is_checked_at_instantiate_and_a_zero_duration_means_none() {
    let s = Suite::new();
    for (cliff, duration) in [(11, 10), (0, modelfund::shares::MAX_VESTING_SECONDS + 1)] {
        let mut msg = instantiate_msg(&s);
        msg.creator_vesting = Some(modelfund::presale::CreatorVesting {
            cliff_seconds: cliff,
            duration_seconds: duration,
        });
        assert_invalid_config(
            &mut Suite::new(),
            &msg,
            &format!("cliff {cliff}, duration {duration}"),
        );
    }
    let mut s = Suite::with(|m| {
        m.creator_vesting = Some(modelfund::presale::CreatorVesting {
            cliff_seconds: 0,
            duration_seconds: 0,
        });
    });
    let cfg: modelfund::presale::ConfigResponse =
        s.query(&modelfund::presale::QueryMsg::Config {}).unwrap();
    assert_eq!(cfg.creator_vesting, None);
    let (carol, creator) = (s.carol.clone(), s.creator.clone());
    raise(&mut s, 1_205, 800);
    s.close();
    s.exec(&carol, &ExecuteMsg::Finalize {}, &[]).unwrap();
    let vesting = vesting_of(&s, &creator);
    assert_eq!(vesting, None, "a plain mint");
    assert_eq!(s.shares_of(&creator), ALLOCATION);
}
