//! Owning a model id before launching it: commit, reveal a block later, launch (security
//! review: `launch` is permissionless and the addresses depend only on the id, so a watcher
//! could launch an announced id first).

use cosmwasm_std::{coins, Addr};
use cw_multi_test::AppResponse;
use cw_utils::PaymentError;
use modelfund::launchpad::{
    commitment, CommitmentResponse, ExecuteMsg, QueryMsg, ReservationPeriods, ReservationResponse,
    MAX_COMMITMENTS_PER_ADDRESS,
};

use super::steps::launch_now;
use super::suite::*;
use crate::ContractError;

const ID: &str = "tiny-llm";
const NONCE: &str = "f3a91c07d55e42b8a0c6e1d2b7f9a4c3";
const DAY: u64 = 86_400;

fn commit(hash: &str) -> ExecuteMsg {
    ExecuteMsg::CommitModelId {
        commitment: hash.into(),
    }
}

fn reserve(model_id: &str, nonce: &str) -> ExecuteMsg {
    ExecuteMsg::ReserveModelId {
        model_id: model_id.into(),
        nonce: nonce.into(),
    }
}

fn release(model_id: &str) -> ExecuteMsg {
    ExecuteMsg::ReleaseModelId {
        model_id: model_id.into(),
    }
}

fn reservation(suite: &Suite, model_id: &str) -> Option<ReservationResponse> {
    suite
        .query(&QueryMsg::Reservation {
            model_id: model_id.into(),
        })
        .unwrap()
}

fn reserved_by(suite: &Suite, model_id: &str, who: &Addr) -> ContractError {
    let r = reservation(suite, model_id).unwrap();
    assert_eq!(&r.holder, who);
    ContractError::ModelIdReserved {
        model_id: model_id.into(),
        holder: who.to_string(),
        expires_at: modelfund::display::time(&r.expires_at).to_string(),
    }
}

/// `creator` commits to ID with NONCE, and reveals it a block later.
fn reserve_for_creator(suite: &mut Suite) {
    let creator = suite.creator.clone();
    let hash = commitment(creator.as_str(), ID, NONCE);
    suite.exec(&creator, &commit(&hash), &[]).unwrap();
    suite.advance(5);
    suite.exec(&creator, &reserve(ID, NONCE), &[]).unwrap();
}

/// The commitment `committer` made with `hash`, if it is still there.
fn commitment_of(suite: &Suite, committer: &Addr, hash: &str) -> Option<CommitmentResponse> {
    suite
        .query(&QueryMsg::Commitment {
            committer: committer.to_string(),
            commitment: hash.into(),
        })
        .unwrap()
}

/// ID is free again after `holder`'s reservation ended: none is shown, releasing it is refused,
/// and `other` launches it.
fn assert_free_again(suite: &mut Suite, holder: &Addr, other: &Addr) -> AppResponse {
    assert_eq!(reservation(suite, ID), None);
    assert_eq!(
        suite.fail(holder, &release(ID), &[]),
        ContractError::NoReservation {
            model_id: ID.into()
        }
    );
    launch_now(suite, other, ID)
}

#[test]
fn commit_then_reveal_reserves_the_id_for_its_holder_only() {
    let mut suite = Suite::new();
    let (creator, watcher) = (suite.creator.clone(), suite.creator2.clone());
    let lp = suite.launchpad.clone();
    // step 1: only a hash goes on chain
    let hash = commitment(creator.as_str(), ID, NONCE);
    assert_eq!(hash.len(), 64);
    let res = suite.exec(&creator, &commit(&hash), &[]).unwrap();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "commit_model_id");
    assert_eq!(
        wasm_attr(&res, &lp, "committer").unwrap(),
        creator.to_string()
    );
    assert_eq!(wasm_attr(&res, &lp, "commitment").unwrap(), hash);
    let height = suite.app.block_info().height;
    let expires_at = suite.now().plus_seconds(DAY);
    let c = commitment_of(&suite, &creator, &hash);
    assert_eq!(
        c,
        Some(CommitmentResponse {
            committer: creator.clone(),
            commitment: hash.clone(),
            height,
            expires_at,
        })
    );
    // the reveal needs a later block
    assert_eq!(
        suite.fail(&creator, &reserve(ID, NONCE), &[]),
        ContractError::CommitmentTooRecent { height }
    );
    suite.advance(5);
    let res = suite.exec(&creator, &reserve(ID, NONCE), &[]).unwrap();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "reserve_model_id");
    assert_eq!(wasm_attr(&res, &lp, "model_id").unwrap(), ID);
    assert_eq!(wasm_attr(&res, &lp, "holder").unwrap(), creator.to_string());
    let r = reservation(&suite, ID).unwrap();
    assert_eq!(r.holder, creator);
    assert_eq!(r.expires_at, suite.now().plus_seconds(30 * DAY));
    assert_eq!(
        wasm_attr(&res, &lp, "expires_at").unwrap(),
        r.expires_at.to_string()
    );
    // the commitment is used up
    let c = commitment_of(&suite, &creator, &hash);
    assert_eq!(c, None);

    // the attack: the watcher launches the announced id first
    let now = suite.now();
    let expected = reserved_by(&suite, ID, &creator);
    assert_eq!(suite.fail(&watcher, &launch_msg(ID, now), &[]), expected);
    // the holder launches it, which consumes the reservation
    let res = suite.launch(&creator, &launch_msg(ID, now), &[]).unwrap();
    assert_eq!(wasm_attr(&res, &lp, "reservation").unwrap(), "consumed");
    assert_eq!(reservation(&suite, ID), None);
    // an unreserved id still launches in one transaction
    let res = suite
        .launch(&watcher, &launch_msg("other-llm", now), &[])
        .unwrap();
    assert_eq!(wasm_attr(&res, &lp, "reservation").unwrap(), "none");
}

#[test]
fn copied_commitments_and_reveals_get_a_watcher_nothing() {
    let mut suite = Suite::new();
    let (creator, watcher) = (suite.creator.clone(), suite.creator2.clone());
    let hash = commitment(creator.as_str(), ID, NONCE);
    // the watcher copies the creator's commitment from the mempool, even ahead of it: it is
    // recorded under the watcher and blocks nothing
    suite.exec(&watcher, &commit(&hash), &[]).unwrap();
    suite.exec(&creator, &commit(&hash), &[]).unwrap();
    suite.advance(5);
    // revealing the creator's id and nonce does not match the watcher's address
    assert_eq!(
        suite.fail(&watcher, &reserve(ID, NONCE), &[]),
        ContractError::CommitmentNotFound {
            model_id: ID.into()
        }
    );
    // a reveal without any older commitment is refused
    assert_eq!(
        suite.fail(&watcher, &reserve("fresh-llm", NONCE), &[]),
        ContractError::CommitmentNotFound {
            model_id: "fresh-llm".into()
        }
    );
    suite.exec(&creator, &reserve(ID, NONCE), &[]).unwrap();
    // seeing the reveal, the watcher commits and reveals the id itself: too late
    let nonce2 = "0123456789abcdef0123";
    suite
        .exec(
            &watcher,
            &commit(&commitment(watcher.as_str(), ID, nonce2)),
            &[],
        )
        .unwrap();
    suite.advance(5);
    let expected = reserved_by(&suite, ID, &creator);
    assert_eq!(suite.fail(&watcher, &reserve(ID, nonce2), &[]), expected);
    // the holder may renew with a new commitment
    let nonce3 = "renewal-renewal-renewal";
    suite
        .exec(
            &creator,
            &commit(&commitment(creator.as_str(), ID, nonce3)),
            &[],
        )
        .unwrap();
    suite.advance(3_600);
    suite.exec(&creator, &reserve(ID, nonce3), &[]).unwrap();
    assert_eq!(
        reservation(&suite, ID).unwrap().expires_at,
        suite.now().plus_seconds(30 * DAY)
    );
}

#[test]
fn commitments_are_checked_bounded_and_expire() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    for bad in [
        "abc".to_string(),
        commitment(creator.as_str(), ID, NONCE).to_uppercase(),
        "g".repeat(64),
    ] {
        assert!(matches!(
            suite.fail(&creator, &commit(&bad), &[]),
            ContractError::InvalidCommitment { .. }
        ));
    }
    let hash = |i: u32| commitment(creator.as_str(), &format!("model-{i}"), NONCE);
    assert_eq!(
        suite.fail(&creator, &commit(&hash(0)), &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    for i in 0..MAX_COMMITMENTS_PER_ADDRESS {
        suite.exec(&creator, &commit(&hash(i)), &[]).unwrap();
    }
    assert_eq!(
        suite.fail(&creator, &commit(&hash(0)), &[]),
        ContractError::CommitmentExists {}
    );
    assert_eq!(
        suite.fail(&creator, &commit(&hash(99)), &[]),
        ContractError::TooManyCommitments {
            max: MAX_COMMITMENTS_PER_ADDRESS
        }
    );
    // a short nonce, or a bad id, is refused at the reveal
    suite.advance(5);
    assert!(matches!(
        suite.fail(&creator, &reserve("model-0", "short"), &[]),
        ContractError::InvalidCommitment { .. }
    ));
    assert!(matches!(
        suite.fail(&creator, &reserve("bad id", NONCE), &[]),
        ContractError::Validation(_)
    ));
    assert_eq!(
        suite.fail(&creator, &reserve("model-0", NONCE), &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    // after a day the commitments expire: they cannot be revealed, and free their places
    suite.advance(DAY);
    assert!(matches!(
        suite.fail(&creator, &reserve("model-0", NONCE), &[]),
        ContractError::CommitmentExpired { .. }
    ));
    suite.exec(&creator, &commit(&hash(99)), &[]).unwrap();
    suite.advance(5);
    suite
        .exec(&creator, &reserve("model-99", NONCE), &[])
        .unwrap();
    // a launched id cannot be reserved
    launch_now(&mut suite, &creator, "launched-llm");
    suite
        .exec(
            &creator,
            &commit(&commitment(creator.as_str(), "launched-llm", NONCE)),
            &[],
        )
        .unwrap();
    suite.advance(5);
    assert_eq!(
        suite.fail(&creator, &reserve("launched-llm", NONCE), &[]),
        ContractError::ModelExists {
            model_id: "launched-llm".into()
        }
    );
}

#[test]
fn reservations_expire_and_their_holder_may_release_them() {
    let mut suite = Suite::new();
    let (creator, other) = (suite.creator.clone(), suite.creator2.clone());
    let lp = suite.launchpad.clone();
    reserve_for_creator(&mut suite);
    // 30 days later it has lapsed: anyone may launch the id
    suite.advance(30 * DAY);
    let res = assert_free_again(&mut suite, &creator, &other);
    assert_eq!(wasm_attr(&res, &lp, "reservation").unwrap(), "expired");

    // release: the holder only, once
    let mut suite = Suite::new();
    reserve_for_creator(&mut suite);
    assert_eq!(
        suite.fail(&other, &release(ID), &[]),
        ContractError::NotReservationHolder {
            model_id: ID.into()
        }
    );
    assert_eq!(
        suite.fail(&creator, &release(ID), &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    let res = suite.exec(&creator, &release(ID), &[]).unwrap();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "release_model_id");
    assert_eq!(wasm_attr(&res, &lp, "model_id").unwrap(), ID);
    assert_eq!(wasm_attr(&res, &lp, "holder").unwrap(), creator.to_string());
    assert_free_again(&mut suite, &creator, &other);
}

#[test]
fn the_owner_sets_the_periods_for_later_commitments_and_reservations() {
    let mut suite = Suite::new();
    let (owner, creator) = (suite.owner.clone(), suite.creator.clone());
    let update = |periods: ReservationPeriods| ExecuteMsg::UpdateConfig {
        owner: None,
        code_ids: None,
        fee: None,
        bounds: None,
        reservation_periods: Some(periods),
    };
    for bad in [
        ReservationPeriods {
            commitment_seconds: 0,
            reservation_seconds: DAY,
        },
        ReservationPeriods {
            commitment_seconds: 31 * DAY,
            reservation_seconds: DAY,
        },
        ReservationPeriods {
            commitment_seconds: DAY,
            reservation_seconds: 366 * DAY,
        },
    ] {
        assert!(matches!(
            suite.fail(&owner, &update(bad), &[]),
            ContractError::InvalidConfig { .. }
        ));
    }
    let short = ReservationPeriods {
        commitment_seconds: 60,
        reservation_seconds: 3_600,
    };
    assert_eq!(
        suite.fail(&creator, &update(short.clone()), &[]),
        ContractError::Unauthorized {}
    );
    let res = suite.exec(&owner, &update(short.clone()), &[]).unwrap();
    let lp = suite.launchpad.clone();
    assert_eq!(wasm_attr(&res, &lp, "reservation_seconds").unwrap(), "3600");
    let c: modelfund::launchpad::ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(c.reservation_periods, short);
    reserve_for_creator(&mut suite);
    assert_eq!(
        reservation(&suite, ID).unwrap().expires_at,
        suite.now().plus_seconds(3_600)
    );
}
