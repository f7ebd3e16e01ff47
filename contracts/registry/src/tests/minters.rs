use cw721::error::Cw721ContractError;
use cw_ownable::{Action, Ownership};
use modelfund::registry::{ExecuteMsg, MintersResponse, QueryMsg};

use super::suite::*;
use crate::ContractError;

fn minters(suite: &Suite, start_after: Option<String>, limit: Option<u32>) -> MintersResponse {
    suite
        .query(&QueryMsg::Minters { start_after, limit })
        .unwrap()
}

#[test]
fn owner_adds_and_removes_minters_with_events() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let dave = suite.addr("dave");
    let alice = suite.alice.clone();

    assert_eq!(
        suite.exec(&dave, &mint_msg(MODEL, &alice)).unwrap_err(),
        ContractError::NotMinter {}
    );
    let res = suite
        .exec(
            &owner,
            &ExecuteMsg::AddMinter {
                minter: dave.to_string(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "add_additional_minter");
    assert_eq!(wasm_attr(&res, "minter"), dave.to_string());
    suite.exec(&dave, &mint_msg(MODEL, &alice)).unwrap();

    let list = minters(&suite, None, None);
    assert_eq!(list.owner, Some(owner.to_string()));
    assert_eq!(list.minters.len(), 2);
    assert!(list.minters.contains(&dave.to_string()));

    let res = suite
        .exec(
            &owner,
            &ExecuteMsg::RemoveMinter {
                minter: dave.to_string(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "remove_additional_minter");
    assert_eq!(
        suite.exec(&dave, &mint_msg("second", &alice)).unwrap_err(),
        ContractError::NotMinter {}
    );
    assert_eq!(
        minters(&suite, None, None).minters,
        vec![suite.minter.to_string()]
    );
}

#[test]
fn only_the_owner_manages_minters_and_duplicates_fail() {
    let mut suite = Suite::new();
    let (owner, minter, bob) = (suite.owner.clone(), suite.minter.clone(), suite.bob.clone());
    // not even an additional minter may add minters
    for sender in [&bob, &minter] {
        assert_eq!(
            suite
                .exec(
                    sender,
                    &ExecuteMsg::AddMinter {
                        minter: bob.to_string()
                    }
                )
                .unwrap_err(),
            ContractError::Cw721(Cw721ContractError::NotMinterOwner {})
        );
    }
    assert_eq!(
        suite
            .exec(
                &bob,
                &ExecuteMsg::RemoveMinter {
                    minter: minter.to_string()
                }
            )
            .unwrap_err(),
        ContractError::Cw721(Cw721ContractError::NotMinterOwner {})
    );
    assert_eq!(
        suite
            .exec(
                &owner,
                &ExecuteMsg::AddMinter {
                    minter: minter.to_string()
                }
            )
            .unwrap_err(),
        ContractError::Cw721(Cw721ContractError::MinterAlreadyExists {})
    );
    assert_eq!(
        suite
            .exec(
                &owner,
                &ExecuteMsg::RemoveMinter {
                    minter: bob.to_string()
                }
            )
            .unwrap_err(),
        ContractError::Cw721(Cw721ContractError::MinterNotFound {})
    );
    assert_eq!(minters(&suite, None, None).minters.len(), 1);
}

#[test]
fn minters_paginate() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    for i in 0..5 {
        let m = suite.addr(&format!("minter{i}"));
        suite
            .exec(
                &owner,
                &ExecuteMsg::AddMinter {
                    minter: m.to_string(),
                },
            )
            .unwrap();
    }
    let first = minters(&suite, None, Some(4));
    assert_eq!(first.minters.len(), 4);
    let rest = minters(&suite, first.minters.last().cloned(), Some(4));
    assert_eq!(rest.minters.len(), 2);
    assert!(first.minters.iter().all(|m| !rest.minters.contains(m)));
}

#[test]
fn ownership_moves_in_two_steps_and_clears_minters() {
    let mut suite = Suite::new();
    let (owner, bob, minter, alice) = (
        suite.owner.clone(),
        suite.bob.clone(),
        suite.minter.clone(),
        suite.alice.clone(),
    );
    assert!(suite
        .exec(
            &bob,
            &ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
                new_owner: bob.to_string(),
                expiry: None
            })
        )
        .is_err());
    suite
        .exec(
            &owner,
            &ExecuteMsg::UpdateOwnership(Action::TransferOwnership {
                new_owner: bob.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    let pending: Ownership<cosmwasm_std::Addr> = suite.query(&QueryMsg::Ownership {}).unwrap();
    assert_eq!(pending.owner, Some(owner.clone()));
    assert_eq!(pending.pending_owner, Some(bob.clone()));

    suite
        .exec(&bob, &ExecuteMsg::UpdateOwnership(Action::AcceptOwnership))
        .unwrap();
    let now: Ownership<cosmwasm_std::Addr> = suite.query(&QueryMsg::Ownership {}).unwrap();
    assert_eq!(now.owner, Some(bob.clone()));
    // the old owner's delegates lose minting rights
    assert!(minters(&suite, None, None).minters.is_empty());
    assert_eq!(
        suite.exec(&minter, &mint_msg(MODEL, &alice)).unwrap_err(),
        ContractError::NotMinter {}
    );
    assert_eq!(
        suite.exec(&owner, &mint_msg(MODEL, &alice)).unwrap_err(),
        ContractError::NotMinter {}
    );
    suite.exec(&bob, &mint_msg(MODEL, &alice)).unwrap();
}
