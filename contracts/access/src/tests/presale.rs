//! Sales follow the model's presale (security review: purchases after a failed or cancelled
//! presale were stranded in a shares contract that would never have holders).

use cosmwasm_std::{coins, Addr};
use cw_multi_test::Executor;
use modelfund::access::{ExecuteMsg, SalesStatus};
use modelfund::presale::Phase;

use super::doubles::{presale_double, PresaleExec, PresaleInit};
use super::suite::*;
use crate::ContractError;

/// MODEL registered by the launchpad (a registrar) with a presale double in `phase` and the
/// plans `pack` and `lease`; returns the suite and the presale's address.
fn with_presale(phase: Phase) -> (Suite, Addr) {
    let mut suite = Suite::bare();
    let code = suite.app.store_code(presale_double());
    let presale = suite
        .app
        .instantiate_contract(
            code,
            suite.admin.clone(),
            &PresaleInit { phase },
            &[],
            "presale",
            None,
        )
        .unwrap();
    let (launchpad, shares) = (suite.launchpad.clone(), suite.shares.to_string());
    let res = suite
        .exec(
            &launchpad,
            &ExecuteMsg::RegisterModel {
                model_id: MODEL.into(),
                shares,
                license_royalty_bps: ROYALTY_BPS,
                plans: vec![credits_plan("pack"), lease_plan("lease")],
                presale: Some(presale.to_string()),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "presale"), presale.to_string());
    (suite, presale)
}

fn set_phase(suite: &mut Suite, presale: &Addr, phase: Phase) {
    let admin = suite.admin.clone();
    suite
        .app
        .execute_contract(
            admin,
            presale.clone(),
            &PresaleExec::SetPhase { phase },
            &[],
        )
        .unwrap();
}

/// Both purchases fail with `expected`, leaving every balance and the whole access state as
/// they were (`Suite::fail`): the buyer keeps the money.
fn both_purchases_fail(suite: &mut Suite, expected: &ContractError) {
    let alice = suite.alice.clone();
    let before = suite.balance(&alice, DENOM);
    assert_eq!(
        &suite.fail(
            &alice,
            &buy_credits_msg(1, "pack"),
            &coins(PACK_PRICE, DENOM)
        ),
        expected
    );
    assert_eq!(
        &suite.fail(&alice, &buy_lease_msg("lease"), &coins(LEASE_PRICE, DENOM)),
        expected
    );
    assert_eq!(suite.balance(&alice, DENOM), before);
    assert!(suite.distributions(&suite.shares.clone()).is_empty());
}

#[test]
fn nothing_sells_before_the_presale_succeeds_then_sales_open_once_and_for_all() {
    let (mut suite, presale) = with_presale(Phase::Upcoming);
    let m = suite.model(MODEL);
    assert_eq!(m.presale, Some(presale.clone()));
    assert_eq!(m.sales, SalesStatus::AwaitingPresale);
    let not_open = ContractError::SalesNotOpen {
        model_id: MODEL.into(),
    };
    // the attack: paying while the presale is upcoming, open, or ended but not finalized
    for phase in [Phase::Upcoming, Phase::Open, Phase::Ended] {
        set_phase(&mut suite, &presale, phase);
        both_purchases_fail(&mut suite, &not_open);
        assert_eq!(suite.model(MODEL).sales, SalesStatus::AwaitingPresale);
    }

    // finalized with the soft cap met: the model query sees it before any purchase records it
    set_phase(&mut suite, &presale, Phase::Succeeded);
    assert_eq!(suite.model(MODEL).sales, SalesStatus::Open);
    let alice = suite.alice.clone();
    let res = suite
        .exec_funds(
            &alice,
            &buy_credits_msg(1, "pack"),
            &coins(PACK_PRICE, DENOM),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "buy_credits");
    assert_eq!(suite.credits(&alice), CALLS_PER_PACK);
    assert_eq!(
        suite.distributions(&suite.shares.clone())[0].funds,
        coins(PACK_PRICE, DENOM)
    );

    // the first purchase recorded that sales are open: later ones do not ask the presale (a
    // presale that no longer answers, or even answers `failed`, changes nothing)
    let admin = suite.admin.clone();
    suite
        .app
        .execute_contract(admin, presale.clone(), &PresaleExec::Break {}, &[])
        .unwrap();
    assert_eq!(suite.model(MODEL).sales, SalesStatus::Open);
    let token_id = suite.buy_lease(&alice);
    assert_eq!(token_id, "1");
    suite.buy_credits(&alice, 2);
    assert_eq!(suite.credits(&alice), 3 * CALLS_PER_PACK);
    assert_eq!(suite.distributions(&suite.shares.clone()).len(), 3);
    suite.assert_access_empty();
}

#[test]
fn a_failed_or_cancelled_presale_closes_sales_for_good() {
    for outcome in [Phase::Failed, Phase::Cancelled] {
        let (mut suite, presale) = with_presale(Phase::Open);
        set_phase(&mut suite, &presale, outcome);
        let closed = ContractError::SalesClosed {
            model_id: MODEL.into(),
        };
        // the attack: a purchase after the failure would pay a shares contract with no holders
        both_purchases_fail(&mut suite, &closed);
        assert_eq!(suite.model(MODEL).sales, SalesStatus::Closed);
        // forever: time passing, or the DAO re-registering, changes nothing
        suite.advance_seconds(365 * 86_400);
        let (dao, shares) = (suite.dao.clone(), suite.shares.to_string());
        suite.exec(&dao, &register_msg(MODEL, &shares, 0)).unwrap();
        assert_eq!(suite.model(MODEL).presale, Some(presale));
        both_purchases_fail(&mut suite, &closed);
        assert_eq!(suite.model(MODEL).sales, SalesStatus::Closed);
    }
}

#[test]
fn a_model_registered_without_a_presale_sells_at_once() {
    let mut suite = Suite::new();
    let m = suite.model(MODEL);
    assert_eq!(m.presale, None);
    assert_eq!(m.sales, SalesStatus::Open);
    let alice = suite.alice.clone();
    suite.buy_credits(&alice, 1);
    suite.buy_lease(&alice);
    assert_eq!(suite.credits(&alice), CALLS_PER_PACK);
}

#[test]
fn only_a_registrars_first_registration_sets_the_presale() {
    let mut suite = Suite::bare();
    let (dao, shares) = (suite.dao.clone(), suite.shares.to_string());
    let other = suite.addr("other-presale").to_string();
    let register = |presale: Option<String>| ExecuteMsg::RegisterModel {
        model_id: MODEL.into(),
        shares: shares.clone(),
        license_royalty_bps: 0,
        plans: vec![],
        presale,
    };
    let fixed = ContractError::PresaleFixed {
        model_id: MODEL.into(),
    };
    // the DAO cannot set one at its own first registration
    assert_eq!(suite.fail(&dao, &register(Some(other.clone())), &[]), fixed);
    // a bad address is refused
    let launchpad = suite.launchpad.clone();
    assert!(matches!(
        suite.fail(&launchpad, &register(Some("not an address".into())), &[]),
        ContractError::Std(_)
    ));

    let (mut suite, presale) = with_presale(Phase::Open);
    let (dao, shares2) = (suite.dao.clone(), suite.shares2.to_string());
    let reregister = |presale: Option<String>| ExecuteMsg::RegisterModel {
        model_id: MODEL.into(),
        shares: shares2.clone(),
        license_royalty_bps: 0,
        plans: vec![],
        presale,
    };
    // the DAO can neither change nor (by naming it again) touch the recorded presale
    assert_eq!(suite.fail(&dao, &reregister(Some(other)), &[]), fixed);
    assert_eq!(
        suite.fail(&dao, &reregister(Some(presale.to_string())), &[]),
        fixed
    );
    // leaving it out updates the rest and keeps the presale (and its hold on sales)
    let res = suite.exec(&dao, &reregister(None)).unwrap();
    assert_eq!(wasm_attr(&res, "updated"), "true");
    assert_eq!(wasm_attr(&res, "presale"), presale.to_string());
    let m = suite.model(MODEL);
    assert_eq!(m.shares, suite.shares2);
    assert_eq!(m.presale, Some(presale));
    assert_eq!(m.sales, SalesStatus::AwaitingPresale);
    both_purchases_fail(
        &mut suite,
        &ContractError::SalesNotOpen {
            model_id: MODEL.into(),
        },
    );
}

#[test]
fn a_presale_that_does_not_answer_keeps_sales_shut() {
    let (mut suite, presale) = with_presale(Phase::Open);
    let admin = suite.admin.clone();
    suite
        .app
        .execute_contract(admin, presale.clone(), &PresaleExec::Break {}, &[])
        .unwrap();
    both_purchases_fail(
        &mut suite,
        &ContractError::PresaleQueryFailed {
            presale: presale.to_string(),
        },
    );
    assert_eq!(suite.model(MODEL).sales, SalesStatus::AwaitingPresale);
}
