//! `reclaim`: after the model's presale failed or was cancelled the model can never have
//! holders, so anyone may send the DAO's coins and the model NFT back to the presale's creator.

use cosmwasm_std::{coin, coins, Coin};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::governance::{ExecuteMsg, MAX_RECLAIM_DENOMS};
use modelfund::presale::Phase;
use modelfund::validate::ValidationError;

use super::suite::*;
use crate::ContractError;

fn reclaim(denoms: &[&str]) -> ExecuteMsg {
    ExecuteMsg::Reclaim {
        denoms: denoms.iter().map(|d| d.to_string()).collect(),
    }
}

/// Security review, Medium ("purchases after a failed presale are locked forever", governance
/// part): the DAO of a model whose presale failed held the model NFT and any coins sent to it
/// forever. Now anyone can return them to the creator, who can relaunch the model; deposits of
/// open proposals stay held so those proposals can still be settled.
#[test]
fn reclaim_after_a_failed_or_cancelled_presale_returns_coins_and_the_model_to_the_creator() {
    for (phase, name) in [(Phase::Failed, "failed"), (Phase::Cancelled, "cancelled")] {
        let mut s = Suite::new();
        let (alice, bob, dave, creator) = (
            s.alice.clone(),
            s.bob.clone(),
            s.dave.clone(),
            s.creator.clone(),
        );
        let dao = s.dao.clone();
        s.app
            .send_tokens(alice.clone(), dao.clone(), &coins(700, "other"))
            .unwrap();
        let open = s.propose(&bob, vec![]).unwrap();
        s.set_presale_phase(phase);
        assert_eq!(s.nft_owner(), dao);
        // anyone may call it
        let res = s
            .exec(&dave, &reclaim(&["other", DENOM, "third"]), &[])
            .unwrap();
        assert_eq!(wasm_attr(&res, "action"), "reclaim");
        assert_eq!(wasm_attr(&res, "phase"), name);
        assert_eq!(wasm_attr(&res, "creator"), creator.to_string());
        assert_eq!(wasm_attr(&res, "presale"), s.presale.to_string());
        assert_eq!(
            wasm_attr(&res, "coins"),
            format!("{TREASURY}{DENOM},700other")
        );
        assert_eq!(wasm_attr(&res, "model_nft"), "transferred");
        assert_eq!(s.nft_owner(), creator);
        assert_eq!(s.balance_of(&creator, DENOM), TREASURY);
        assert_eq!(s.balance_of(&creator, "other"), 700);
        // only the held deposit is left, and bob's proposal settles as usual
        assert_eq!(s.balance(&dao), DEPOSIT);
        assert_eq!(s.treasury().deposits, coins(DEPOSIT, DENOM));
        s.exec(&bob, &ExecuteMsg::Cancel { proposal_id: open }, &[])
            .unwrap();
        assert_eq!(s.balance(&dao), 0);
        // later coins can be reclaimed again; the NFT is gone
        s.app
            .send_tokens(alice.clone(), dao.clone(), &coins(5, DENOM))
            .unwrap();
        let res = s.exec(&dave, &reclaim(&[DENOM]), &[]).unwrap();
        assert_eq!(wasm_attr(&res, "coins"), format!("5{DENOM}"));
        assert_eq!(wasm_attr(&res, "model_nft"), "not_held");
        assert_eq!(s.balance_of(&creator, DENOM), TREASURY + 5);
        assert_eq!(
            s.exec(&dave, &reclaim(&[DENOM, "other"]), &[]).unwrap_err(),
            ContractError::NothingToReclaim {}
        );
    }
}

#[test]
fn reclaim_with_no_denoms_returns_only_the_model() {
    let mut s = Suite::new();
    let (dave, creator) = (s.dave.clone(), s.creator.clone());
    s.set_presale_phase(Phase::Failed);
    let res = s.exec(&dave, &reclaim(&[]), &[]).unwrap();
    assert_eq!(wasm_attr(&res, "coins"), "none");
    assert_eq!(wasm_attr(&res, "model_nft"), "transferred");
    assert_eq!(s.nft_owner(), creator);
    assert_eq!(s.balance(&s.dao.clone()), TREASURY);
}

/// While the presale can still succeed, or did, the DAO's treasury and model stay put.
#[test]
fn reclaim_is_refused_unless_the_presale_failed() {
    for phase in [Phase::Upcoming, Phase::Open, Phase::Ended, Phase::Succeeded] {
        let mut s = Suite::new();
        let dave = s.dave.clone();
        s.set_presale_phase(phase);
        assert_eq!(
            s.exec(&dave, &reclaim(&[DENOM]), &[]).unwrap_err(),
            ContractError::PresaleNotFailed { phase }
        );
        assert_eq!(s.balance(&s.dao.clone()), TREASURY);
        assert_eq!(s.nft_owner(), s.dao);
    }
}

#[test]
fn reclaim_refuses_bad_denoms_funds_and_a_dao_without_presale() {
    let mut s = Suite::new();
    let dave = s.dave.clone();
    s.set_presale_phase(Phase::Failed);
    let many: Vec<String> = (0..=MAX_RECLAIM_DENOMS)
        .map(|i| format!("denom{i}"))
        .collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    assert!(matches!(
        s.exec(&dave, &reclaim(&many), &[]).unwrap_err(),
        ContractError::InvalidDenoms { .. }
    ));
    assert_eq!(
        s.exec(&dave, &reclaim(&[DENOM, "other", DENOM]), &[])
            .unwrap_err(),
        ContractError::InvalidDenoms {
            reason: format!("{DENOM} appears twice")
        }
    );
    assert!(matches!(
        s.exec(&dave, &reclaim(&["1nj"]), &[]).unwrap_err(),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    assert_eq!(
        s.exec(&dave, &reclaim(&[DENOM]), &[coin(1, DENOM)])
            .unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert_eq!(s.balance(&s.dao.clone()), TREASURY, "nothing moved");
    assert_eq!(s.nft_owner(), s.dao);

    // a DAO without a presale (its shares existed before it) never reclaims
    let dao = s.bare_dao(params(), None).unwrap();
    let err = s
        .app
        .execute_contract(dave, dao, &reclaim(&[DENOM]), &[] as &[Coin])
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::NoPresale {}
    );
}
