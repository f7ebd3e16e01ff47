//! `veto`: an optional guardian named at instantiate (e.g. the contributors' multisig) stops a
//! passed proposal during its timelock; nothing of it runs and its deposit comes back.

use cosmwasm_std::{coins, Addr};
use modelfund::governance::{ConfigResponse, DepositStatus, ExecuteMsg, ProposalStatus, QueryMsg};

use super::outcomes::*;
use super::suite::*;
use crate::ContractError;

fn veto(s: &mut Suite, who: &Addr, id: u64) -> Result<cw_multi_test::AppResponse, ContractError> {
    s.exec(who, &ExecuteMsg::Veto { proposal_id: id }, &[])
}

#[test]
fn the_vetoer_stops_a_passed_proposal_in_its_timelock_and_the_deposit_comes_back() {
    let mut s = Suite::with_vetoer("guardian");
    let guardian = s.app.api().addr_make("guardian");
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let cfg: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(cfg.vetoer, Some(guardian.clone()));
    let id = passed(&mut s, vec![spend(&dave, 1_000)]);
    let alice_before = s.balance(&alice);

    let res = veto(&mut s, &guardian, id).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "veto");
    assert_eq!(wasm_attr(&res, "proposal_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "vetoer"), guardian.to_string());
    assert_eq!(wasm_attr(&res, "deposit"), "refunded");
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::Vetoed);
    assert_eq!(p.deposit_status, DepositStatus::Refunded);
    assert_eq!(s.balance(&alice), alice_before + DEPOSIT);

    // nothing of it runs, ever; it cannot be vetoed, closed or exited against again
    s.next_block(TIMELOCK);
    assert_not_executable(&mut s, id, ProposalStatus::Vetoed);
    assert_eq!(s.balance(&dave), WALLET);
    assert_eq!(s.treasury().balances, coins(TREASURY, DENOM));
    assert_eq!(
        veto(&mut s, &guardian, id).unwrap_err(),
        ContractError::NotVetoable {
            id,
            status: ProposalStatus::Vetoed
        }
    );
    assert!(matches!(
        s.exec(&alice, &ExecuteMsg::Close { proposal_id: id }, &[])
            .unwrap_err(),
        ContractError::NotRejected { .. }
    ));
}

#[test]
fn only_the_vetoer_may_veto_and_a_dao_without_one_has_no_veto() {
    let mut s = Suite::with_vetoer("guardian");
    let (alice, carol, dave) = (s.alice.clone(), s.carol.clone(), s.dave.clone());
    let id = passed(&mut s, vec![spend(&dave, 100)]);
    for who in [&alice, &carol, &s.dao.clone()] {
        assert_eq!(
            veto(&mut s, who, id).unwrap_err(),
            ContractError::NotVetoer {}
        );
    }
    assert_eq!(s.status(id), ProposalStatus::Passed);

    let mut plain = Suite::new();
    let cfg: ConfigResponse = plain.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(cfg.vetoer, None);
    let dave = plain.dave.clone();
    let id = passed(&mut plain, vec![spend(&dave, 100)]);
    let guardian = plain.app.api().addr_make("guardian");
    assert_eq!(
        veto(&mut plain, &guardian, id).unwrap_err(),
        ContractError::NotVetoer {}
    );
}

#[test]
fn a_veto_is_refused_outside_the_timelock_of_a_passed_proposal() {
    let mut s = Suite::with_vetoer("guardian");
    let guardian = s.app.api().addr_make("guardian");
    let (alice, bob, dave) = (s.alice.clone(), s.bob.clone(), s.dave.clone());
    // unknown
    assert_eq!(
        veto(&mut s, &guardian, 9).unwrap_err(),
        ContractError::ProposalNotFound { id: 9 }
    );
    // open
    let open = s.propose(&alice, vec![spend(&dave, 100)]).unwrap();
    assert_eq!(
        veto(&mut s, &guardian, open).unwrap_err(),
        ContractError::NotVetoable {
            id: open,
            status: ProposalStatus::Open
        }
    );
    // rejected
    s.vote(&alice, open, modelfund::governance::VoteOption::No)
        .unwrap();
    s.vote(&bob, open, modelfund::governance::VoteOption::No)
        .unwrap();
    assert_eq!(
        veto(&mut s, &guardian, open).unwrap_err(),
        ContractError::NotVetoable {
            id: open,
            status: ProposalStatus::Rejected
        }
    );
    // the last second of the timelock still counts; from its end on it is too late
    let id = passed(&mut s, vec![spend(&dave, 100)]);
    let passed_at = s.proposal(id).passed_at.unwrap();
    s.next_block(TIMELOCK);
    assert_eq!(
        veto(&mut s, &guardian, id).unwrap_err(),
        ContractError::VetoWindowOver {
            id,
            ends_at: passed_at.plus_seconds(TIMELOCK)
        }
    );
    execute(&mut s, id).unwrap();
    assert_eq!(
        veto(&mut s, &guardian, id).unwrap_err(),
        ContractError::NotVetoable {
            id,
            status: ProposalStatus::Executed
        }
    );
    let last = passed(&mut s, vec![spend(&dave, 100)]);
    s.next_block(TIMELOCK - 1);
    veto(&mut s, &guardian, last).unwrap();
    assert_eq!(s.status(last), ProposalStatus::Vetoed);
}
