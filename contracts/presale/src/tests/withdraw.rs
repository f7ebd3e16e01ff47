//! `withdraw`: a backer takes back part or all of its contribution while the raise is below the
//! goal and the presale is open; never more than it put in, never after the goal is reached.

use cosmwasm_std::{coin, coins, Uint128};
use cw_utils::PaymentError;
use modelfund::presale::{ContributionsResponse, ExecuteMsg, Phase, QueryMsg};

use super::suite::*;
use crate::ContractError;

#[test]
fn a_backer_withdraws_part_then_all_below_the_goal() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.open();
    s.contribute(&alice, 500).unwrap();
    s.contribute(&bob, 300).unwrap();

    let res = s.withdraw(&alice, 200).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "withdraw");
    assert_eq!(wasm_attr(&res, "backer"), alice.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "200");
    assert_eq!(wasm_attr(&res, "contribution"), "300");
    assert_eq!(wasm_attr(&res, "raised"), "600");
    assert_eq!(wasm_attr(&res, "backers"), "2");
    assert_eq!(s.balance(&alice), WALLET - 300);
    assert_eq!(s.contribution(&alice).amount, Uint128::new(300));
    let st = s.state();
    assert_eq!(st.raised, Uint128::new(600));
    assert_eq!(st.withdrawn, Uint128::new(200));
    assert_eq!(st.shares_sold, Uint128::new(60));
    assert_eq!(st.backers, 2);
    assert_eq!(s.balance(&s.presale.clone()), 600);

    // all of it: alice is no backer any more, in the count and in the list
    let res = s.withdraw(&alice, 300).unwrap();
    assert_eq!(wasm_attr(&res, "contribution"), "0");
    assert_eq!(wasm_attr(&res, "backers"), "1");
    assert_eq!(s.balance(&alice), WALLET);
    let st = s.state();
    assert_eq!(
        (st.raised, st.withdrawn),
        (Uint128::new(300), Uint128::new(500))
    );
    assert_eq!((st.backers, st.shares_sold), (1, Uint128::new(30)));
    assert_eq!(s.contribution(&alice).amount, Uint128::zero());
    let list: ContributionsResponse = s
        .query(&QueryMsg::Contributions {
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(list.contributions.len(), 1);
    assert_eq!(list.contributions[0].address, bob);

    // and may come back, counted once again
    s.contribute(&alice, 100).unwrap();
    assert_eq!(s.state().backers, 2);
    assert_eq!(s.balance(&s.presale.clone()), 400);
}

/// Attack: a large backer pushes the raise over the goal, others rely on the success, then it
/// withdraws so the presale fails after all. Once the goal is reached nothing can be withdrawn,
/// by anyone, so the goal stays reached (the raise can only grow).
#[test]
fn once_the_goal_is_reached_nothing_can_be_withdrawn() {
    let mut s = Suite::new();
    let (bob, whale) = (s.bob.clone(), s.carol.clone());
    s.open();
    s.contribute(&bob, 200).unwrap();
    s.contribute(&whale, SOFT_CAP - 201).unwrap();
    // one unit below the goal: still withdrawable
    s.withdraw(&whale, 100).unwrap();
    s.contribute(&whale, 101).unwrap();
    assert_eq!(s.state().raised, Uint128::new(SOFT_CAP));

    for (who, amount) in [(&whale, SOFT_CAP - 200), (&whale, 1), (&bob, 200)] {
        let before = s.balance(who);
        assert_eq!(
            s.withdraw(who, amount).unwrap_err(),
            ContractError::GoalReached {
                soft_cap: coin(SOFT_CAP, DENOM)
            }
        );
        assert_eq!(s.balance(who), before);
    }
    assert_eq!(
        s.withdraw(&bob, 200).unwrap_err().to_string(),
        "the goal of 1000uinj is reached: contributions can no longer be withdrawn"
    );
    // the raise stands: finalize succeeds with it
    s.close();
    s.exec(&bob, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(s.state().phase, Phase::Succeeded);
    assert_eq!(s.balance(&s.treasury.clone()), SOFT_CAP);
}

/// Every bad withdrawal is refused with its own error and moves nothing. Attacks: taking back
/// more than one put in, withdrawing someone else's (a non-contributor), leaving a dust
/// position worth no share, attaching coins.
#[test]
fn withdraw_refuses_each_bad_input_and_changes_nothing() {
    let mut s = Suite::new();
    let (alice, bob, carol) = (s.alice.clone(), s.bob.clone(), s.carol.clone());
    assert_eq!(
        s.withdraw(&alice, 1).unwrap_err(),
        ContractError::NotStarted { start: s.start }
    );
    s.open();
    s.contribute(&alice, 500).unwrap();
    s.contribute(&bob, 150).unwrap();
    let cases: Vec<(&str, _, u128, ContractError)> = vec![
        ("zero", &alice, 0, ContractError::ZeroWithdrawal {}),
        (
            "non-contributor",
            &carol,
            100,
            ContractError::NoContribution {},
        ),
        (
            "more than contributed",
            &alice,
            501,
            ContractError::WithdrawTooMuch {
                contribution: coin(500, DENOM),
            },
        ),
        (
            "far more than contributed (the presale holds 650)",
            &bob,
            600,
            ContractError::WithdrawTooMuch {
                contribution: coin(150, DENOM),
            },
        ),
        (
            "leaving less than the minimum",
            &alice,
            401,
            ContractError::WithdrawBelowMinimum {
                min: coin(MIN, DENOM),
            },
        ),
        (
            "leaving less than one share's price",
            &bob,
            141,
            ContractError::WithdrawBelowMinimum {
                min: coin(MIN, DENOM),
            },
        ),
    ];
    for (name, who, amount, want) in cases {
        let before = s.balance(who);
        assert_eq!(s.withdraw(who, amount).unwrap_err(), want, "{name}");
        assert_eq!(s.balance(who), before, "{name}");
    }
    assert_eq!(
        s.exec(
            &alice,
            &ExecuteMsg::Withdraw {
                amount: Uint128::new(100)
            },
            &coins(1, DENOM)
        )
        .unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    let st = s.state();
    assert_eq!(
        (st.raised, st.withdrawn, st.backers),
        (Uint128::new(650), Uint128::zero(), 2)
    );
    assert_eq!(s.contribution(&alice).amount, Uint128::new(500));
    assert_eq!(s.balance(&s.presale.clone()), 650);
    // the edge cases that are fine: down to exactly the minimum, then all of it
    s.withdraw(&alice, 500 - MIN).unwrap();
    s.withdraw(&alice, MIN).unwrap();
}

/// After the window, and once settled, withdrawal is closed; after a failure or a cancel the
/// refund returns the whole contribution instead, so nothing is paid twice.
#[test]
fn no_withdrawal_after_the_end_or_once_settled() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.open();
    s.contribute(&alice, 500).unwrap();
    s.close();
    assert_eq!(
        s.withdraw(&alice, 100).unwrap_err(),
        ContractError::Ended {}
    );
    s.exec(&alice, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(
        s.withdraw(&alice, 100).unwrap_err(),
        ContractError::UseRefund {
            phase: Phase::Failed
        }
    );
    assert_eq!(
        s.withdraw(&alice, 100).unwrap_err().to_string(),
        "the presale is failed: refund returns the whole contribution"
    );

    let mut s = Suite::new();
    let (alice, creator) = (s.alice.clone(), s.creator.clone());
    s.open();
    s.contribute(&alice, 500).unwrap();
    s.exec(&creator, &ExecuteMsg::Cancel {}, &[]).unwrap();
    assert_eq!(
        s.withdraw(&alice, 100).unwrap_err(),
        ContractError::UseRefund {
            phase: Phase::Cancelled
        }
    );

    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.open();
    s.contribute(&alice, SOFT_CAP).unwrap();
    s.close();
    s.exec(&alice, &ExecuteMsg::Finalize {}, &[]).unwrap();
    assert_eq!(
        s.withdraw(&alice, 100).unwrap_err(),
        ContractError::Closed {
            reason: "finalized".into()
        }
    );
    assert_eq!(s.balance(&alice), WALLET - SOFT_CAP);
}

/// Attack: withdraw part, then take the refund of the whole original contribution; or withdraw
/// everything and refund again. Each backer gets back exactly what it put in, and the presale
/// ends empty.
#[test]
fn withdrawals_and_refunds_never_pay_back_more_than_was_put_in() {
    let mut s = Suite::new();
    let (alice, bob, creator) = (s.alice.clone(), s.bob.clone(), s.creator.clone());
    s.open();
    s.contribute(&alice, 500).unwrap();
    s.withdraw(&alice, 200).unwrap();
    s.contribute(&alice, 150).unwrap();
    s.withdraw(&alice, 50).unwrap();
    s.contribute(&bob, 300).unwrap();
    s.withdraw(&bob, 300).unwrap();
    s.exec(&creator, &ExecuteMsg::Cancel {}, &[]).unwrap();

    let res = s.exec(&alice, &ExecuteMsg::Refund {}, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "amount"), "400");
    assert_eq!(s.balance(&alice), WALLET);
    assert_eq!(
        s.exec(&alice, &ExecuteMsg::Refund {}, &[]).unwrap_err(),
        ContractError::AlreadyRefunded {}
    );
    assert_eq!(
        s.exec(&bob, &ExecuteMsg::Refund {}, &[]).unwrap_err(),
        ContractError::NoContribution {}
    );
    assert_eq!(s.balance(&bob), WALLET);
    assert_eq!(s.balance(&s.presale.clone()), 0);
    let st = s.state();
    assert_eq!(
        (st.withdrawn, st.refunded),
        (Uint128::new(550), Uint128::new(400))
    );
}

/// The escrow minted at `finalize` stays equal to what the backers can claim through
/// withdrawals: each backer's floor(contribution / price) of what it holds at the end.
#[test]
fn shares_sold_follow_withdrawals_and_the_escrow_matches_the_claims() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    s.open();
    s.contribute(&alice, 212).unwrap(); // 21 shares
    s.withdraw(&alice, 2).unwrap(); // 210: 21
    assert_eq!(s.state().shares_sold, Uint128::new(21));
    s.withdraw(&alice, 11).unwrap(); // 199: 19
    assert_eq!(s.state().shares_sold, Uint128::new(19));
    s.contribute(&bob, 805).unwrap(); // 80; 1,004 raised: the goal
    assert_eq!(s.state().shares_sold, Uint128::new(99));
    s.close();
    s.exec(&bob, &ExecuteMsg::Finalize {}, &[]).unwrap();
    let (escrow, _) = s.escrow_and_supply();
    assert_eq!(escrow, 99);
    for who in [&alice, &bob] {
        s.exec(who, &ExecuteMsg::Claim {}, &[]).unwrap();
    }
    assert_eq!((s.shares_of(&alice), s.shares_of(&bob)), (19, 80));
    assert_eq!(s.escrow_and_supply().0, 0);
    assert_eq!(s.balance(&s.treasury.clone()), 1_004);
}
