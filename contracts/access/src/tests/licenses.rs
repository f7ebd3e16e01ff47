use cosmwasm_std::{coins, to_json_binary, Addr, Empty, Uint128};
use cw721::error::Cw721ContractError;
use cw721::msg::{
    AllNftInfoResponse, ApprovalsResponse, NftInfoResponse, NumTokensResponse, OperatorsResponse,
    OwnerOfResponse, TokensResponse,
};
use cw721::receiver::Cw721ReceiveMsg;
use cw721::Expiration;
use cw_utils::PaymentError;
use modelfund::access::{
    CheckRoyaltiesResponse, ContractInfoResponse, ExecuteMsg, LicenseInfo, LicenseResponse,
    LicensesResponse, ModelLicensesResponse, QueryMsg, RoyaltiesInfoResponse, MODEL_LICENSES_SCAN,
};

use super::suite::*;
use crate::ContractError;

fn not_owner() -> ContractError {
    ContractError::Cw721(Cw721ContractError::Ownership(
        cw721::OwnershipError::NotOwner,
    ))
}

fn transfer(to: &cosmwasm_std::Addr, token_id: &str) -> ExecuteMsg {
    ExecuteMsg::TransferNft {
        recipient: to.to_string(),
        token_id: token_id.into(),
    }
}

fn owner_of(suite: &Suite, token_id: &str) -> String {
    let res: OwnerOfResponse = suite
        .query(&QueryMsg::OwnerOf {
            token_id: token_id.into(),
            include_expired: None,
        })
        .unwrap();
    res.owner
}

/// Every operator `owner` approved (`all_operators`, expired ones left out).
fn operators(suite: &Suite, owner: &Addr) -> Vec<cw721::Approval> {
    let res: OperatorsResponse = suite
        .query(&QueryMsg::AllOperators {
            owner: owner.to_string(),
            include_expired: None,
            start_after: None,
            limit: None,
        })
        .unwrap();
    res.operators
}

#[test]
fn a_transferred_lease_moves_its_rights() {
    let mut suite = Suite::new();
    let (alice, bob, gateway) = suite.parties();
    let lic = suite.buy_lease(&alice);
    suite.grant(&alice, &gateway, 100);
    suite.grant(&bob, &gateway, 100);
    suite
        .exec(&gateway, &Suite::consume_msg(&alice, 10, "a1", Some(&lic)))
        .unwrap();

    let res = suite.exec(&alice, &transfer(&bob, &lic)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "transfer_nft");
    assert_eq!(wasm_attr(&res, "sender"), alice.to_string());
    assert_eq!(wasm_attr(&res, "recipient"), bob.to_string());
    assert_eq!(wasm_attr(&res, "token_id"), lic);
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(owner_of(&suite, &lic), bob.to_string());

    // alice lost the rights, bob has them with the calls left
    assert_eq!(
        suite.fail(
            &gateway,
            &Suite::consume_msg(&alice, 1, "a2", Some(&lic)),
            &[]
        ),
        ContractError::LicenseNotOwned {
            license_id: lic.clone(),
            user: alice.to_string()
        }
    );
    assert!(suite.access_of(&alice).leases.is_empty());
    assert!(!suite.access_of(&alice).allowed_now);
    let b = suite.access_of(&bob);
    assert_eq!(b.leases.len(), 1);
    assert_eq!(b.leases[0].calls_left, LEASE_CAP - 10);
    suite
        .exec(&gateway, &Suite::consume_msg(&bob, 5, "b1", Some(&lic)))
        .unwrap();
    let l: LicenseResponse = suite
        .query(&QueryMsg::License {
            token_id: lic.clone(),
        })
        .unwrap();
    assert_eq!((l.owner, l.info.calls_left), (bob.clone(), LEASE_CAP - 15));
    // no funds moved on transfer
    suite.assert_access_empty();
}

#[test]
fn transfer_errors_change_nothing() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let lic = suite.buy_lease(&alice);
    assert_eq!(suite.fail(&bob, &transfer(&bob, &lic), &[]), not_owner());
    assert_eq!(
        suite.fail(&alice, &transfer(&bob, "42"), &[]),
        ContractError::LicenseNotFound {
            license_id: "42".into()
        }
    );
    assert!(matches!(
        suite.fail(
            &alice,
            &ExecuteMsg::TransferNft {
                recipient: "bad address".into(),
                token_id: lic.clone()
            },
            &[]
        ),
        ContractError::Std(_)
    ));
    assert_eq!(
        suite.fail(&alice, &transfer(&bob, &lic), &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert_eq!(owner_of(&suite, &lic), alice.to_string());
}

#[test]
fn send_nft_calls_the_receiver_and_moves_rights() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let lic = suite.buy_lease(&alice);
    let receiver = suite.receiver();
    let send = ExecuteMsg::SendNft {
        contract: receiver.to_string(),
        token_id: lic.clone(),
        msg: to_json_binary("hello").unwrap(),
    };
    assert_eq!(suite.fail(&bob, &send, &[]), not_owner());
    assert_eq!(
        suite.fail(&alice, &send, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::SendNft {
                contract: receiver.to_string(),
                token_id: "9".into(),
                msg: to_json_binary("x").unwrap()
            },
            &[]
        ),
        ContractError::LicenseNotFound {
            license_id: "9".into()
        }
    );
    let res = suite.exec(&alice, &send).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "send_nft");
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(owner_of(&suite, &lic), receiver.to_string());
    let received: Option<Cw721ReceiveMsg> = suite
        .app
        .wrap()
        .query_wasm_smart(receiver.clone(), &Empty {})
        .unwrap();
    let received = received.unwrap();
    assert_eq!(received.sender, alice.to_string());
    assert_eq!(received.token_id, lic);
    assert!(suite.access_of(&alice).leases.is_empty());
    assert_eq!(suite.access_of(&receiver).leases.len(), 1);
}

#[test]
fn approvals_and_operators_follow_cw721() {
    let mut suite = Suite::new();
    let (alice, bob, dave) = (suite.alice.clone(), suite.bob.clone(), suite.addr("dave"));
    let lic = suite.buy_lease(&alice);
    let approve = ExecuteMsg::Approve {
        spender: bob.to_string(),
        token_id: lic.clone(),
        expires: None,
    };
    assert_eq!(suite.fail(&bob, &approve, &[]), not_owner());
    assert_eq!(
        suite.fail(&alice, &approve, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::Approve {
                spender: bob.to_string(),
                token_id: "77".into(),
                expires: None
            },
            &[]
        ),
        ContractError::LicenseNotFound {
            license_id: "77".into()
        }
    );
    let height = suite.app.block_info().height;
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::Approve {
                spender: bob.to_string(),
                token_id: lic.clone(),
                expires: Some(Expiration::AtHeight(height))
            },
            &[]
        ),
        ContractError::Cw721(Cw721ContractError::Expired {})
    );
    let res = suite.exec(&alice, &approve).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "approve");
    assert_eq!(wasm_attr(&res, "spender"), bob.to_string());
    let approvals: ApprovalsResponse = suite
        .query(&QueryMsg::Approvals {
            token_id: lic.clone(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(approvals.approvals.len(), 1);

    let revoke = ExecuteMsg::Revoke {
        spender: bob.to_string(),
        token_id: lic.clone(),
    };
    assert_eq!(suite.fail(&bob, &revoke, &[]), not_owner());
    assert_eq!(
        suite.fail(&alice, &revoke, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    let res = suite.exec(&alice, &revoke).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "revoke");
    assert_eq!(suite.fail(&bob, &transfer(&bob, &lic), &[]), not_owner());

    // approved spender moves the license; approvals are cleared on transfer
    suite.exec(&alice, &approve).unwrap();
    suite.exec(&bob, &transfer(&dave, &lic)).unwrap();
    assert_eq!(owner_of(&suite, &lic), dave.to_string());
    assert_eq!(suite.access_of(&dave).leases.len(), 1);

    // operators
    let approve_all = ExecuteMsg::ApproveAll {
        operator: alice.to_string(),
        expires: None,
    };
    assert_eq!(
        suite.fail(&dave, &approve_all, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert_eq!(
        suite.fail(
            &dave,
            &ExecuteMsg::ApproveAll {
                operator: alice.to_string(),
                expires: Some(Expiration::AtHeight(1))
            },
            &[]
        ),
        ContractError::Cw721(Cw721ContractError::Expired {})
    );
    let res = suite.exec(&dave, &approve_all).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "approve_all");
    assert_eq!(operators(&suite, &dave).len(), 1);
    suite.exec(&alice, &transfer(&alice, &lic)).unwrap();
    assert_eq!(owner_of(&suite, &lic), alice.to_string());
    let revoke_all = ExecuteMsg::RevokeAll {
        operator: alice.to_string(),
    };
    assert_eq!(
        suite.fail(&dave, &revoke_all, &coins(1, DENOM)),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    assert!(matches!(
        suite.fail(
            &dave,
            &ExecuteMsg::RevokeAll {
                operator: "bad address".into()
            },
            &[]
        ),
        ContractError::Std(_)
    ));
    let res = suite.exec(&dave, &revoke_all).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "revoke_all");
    assert!(operators(&suite, &dave).is_empty());
}

#[test]
fn cw721_queries_show_licenses() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let lic = suite.buy_lease(&alice);
    suite.buy_lease(&bob);
    let info: ContractInfoResponse = suite.query(&QueryMsg::ContractInfo {}).unwrap();
    assert_eq!(info.symbol, "MFLIC");
    let num: NumTokensResponse = suite.query(&QueryMsg::NumTokens {}).unwrap();
    assert_eq!(num.count, 2);
    let nft: NftInfoResponse<LicenseInfo> = suite
        .query(&QueryMsg::NftInfo {
            token_id: lic.clone(),
        })
        .unwrap();
    assert_eq!(nft.extension.model_id, MODEL);
    assert_eq!(nft.token_uri, None);
    let all: AllNftInfoResponse<LicenseInfo> = suite
        .query(&QueryMsg::AllNftInfo {
            token_id: lic.clone(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(all.access.owner, alice.to_string());
    assert_eq!(all.info.extension.calls_left, LEASE_CAP);
    let tokens: TokensResponse = suite
        .query(&QueryMsg::Tokens {
            owner: alice.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(tokens.tokens, vec![lic.clone()]);
    let tokens: TokensResponse = suite
        .query(&QueryMsg::AllTokens {
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(tokens.tokens.len(), 2);
    assert!(suite
        .query::<LicenseResponse>(&QueryMsg::License {
            token_id: "404".into()
        })
        .is_err());
}

#[test]
fn licenses_of_an_owner_paginate() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    for _ in 0..13 {
        suite.buy_lease(&alice);
    }
    suite.buy_lease(&bob);
    let page = |start_after: Option<String>, limit: Option<u32>| -> Vec<LicenseResponse> {
        let res: LicensesResponse = suite
            .query(&QueryMsg::Licenses {
                owner: alice.to_string(),
                start_after,
                limit,
            })
            .unwrap();
        res.licenses
    };
    let first = page(None, None);
    assert_eq!(first.len(), 10);
    assert!(first.iter().all(|l| l.owner == alice));
    let rest = page(Some(first[9].token_id.clone()), None);
    assert_eq!(rest.len(), 3);
    assert!(rest
        .iter()
        .all(|r| first.iter().all(|f| f.token_id != r.token_id)));
    assert_eq!(page(None, Some(1000)).len(), 13);
}

#[test]
fn royalty_info_points_to_the_models_shares() {
    let mut suite = Suite::new();
    let (alice, dao, shares) = (suite.alice.clone(), suite.dao.clone(), suite.shares.clone());
    let lic = suite.buy_lease(&alice);
    let check: CheckRoyaltiesResponse = suite.query(&QueryMsg::CheckRoyalties {}).unwrap();
    assert!(check.royalty_payments);
    let royalty = |suite: &Suite, price: u128| -> RoyaltiesInfoResponse {
        suite
            .query(&QueryMsg::RoyaltyInfo {
                token_id: lic.clone(),
                sale_price: Uint128::new(price),
            })
            .unwrap()
    };
    let r = royalty(&suite, 10_000);
    assert_eq!(r.address, shares.to_string());
    assert_eq!(r.royalty_amount, Uint128::new(500));
    // floor
    assert_eq!(royalty(&suite, 39).royalty_amount, Uint128::new(1));
    // a zero royalty answers an empty address
    suite
        .exec(&dao, &register_msg(MODEL, shares.as_str(), 0))
        .unwrap();
    let r = royalty(&suite, 10_000);
    assert_eq!(
        (r.address.as_str(), r.royalty_amount),
        ("", Uint128::zero())
    );
    assert!(suite
        .query::<RoyaltiesInfoResponse>(&QueryMsg::RoyaltyInfo {
            token_id: "404".into(),
            sale_price: Uint128::new(1)
        })
        .is_err());
}

/// cw-nfts' `cw2981-royalties` shape: the same answers inside the cw721 `extension` query.
#[test]
fn royalty_info_answers_the_cw2981_royalties_extension_shape() {
    let mut suite = Suite::new();
    let (alice, shares) = (suite.alice.clone(), suite.shares.clone());
    let lic = suite.buy_lease(&alice);
    let ask = format!(
        r#"{{"extension":{{"msg":{{"royalty_info":{{"token_id":"{lic}","sale_price":"10000"}}}}}}}}"#
    );
    assert_eq!(
        suite.query_json(&ask).unwrap(),
        format!(r#"{{"address":"{shares}","royalty_amount":"500"}}"#)
    );
    assert_eq!(
        suite
            .query_json(&format!(
                r#"{{"royalty_info":{{"token_id":"{lic}","sale_price":"10000"}}}}"#
            ))
            .unwrap(),
        suite.query_json(&ask).unwrap()
    );
    assert_eq!(
        suite
            .query_json(r#"{"extension":{"msg":{"check_royalties":{}}}}"#)
            .unwrap(),
        r#"{"royalty_payments":true}"#
    );
    let missing = suite
        .query_json(r#"{"extension":{"msg":{"royalty_info":{"token_id":"404","sale_price":"1"}}}}"#)
        .unwrap_err()
        .to_string();
    assert!(missing.contains("404"), "{missing}");
}

/// Registers MODEL2 with a lease plan `l2`.
fn model_licenses(
    suite: &Suite,
    model_id: &str,
    owner: &Addr,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ModelLicensesResponse {
    suite
        .query(&QueryMsg::ModelLicenses {
            model_id: model_id.into(),
            owner: owner.to_string(),
            start_after,
            limit,
        })
        .unwrap()
}

#[test]
fn model_licenses_lists_one_owners_licenses_of_one_model() {
    let mut suite = Suite::new();
    suite.register_model2();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let a1 = suite.buy_lease(&alice);
    let other = suite.buy_model2_lease(&alice);
    let a2 = suite.buy_lease(&alice);
    let a3 = suite.buy_lease(&alice);
    suite.buy_lease(&bob);
    // a transferred license is listed under its new owner
    suite
        .exec(
            &alice,
            &ExecuteMsg::TransferNft {
                recipient: bob.to_string(),
                token_id: a3.clone(),
            },
        )
        .unwrap();

    let all = model_licenses(&suite, MODEL, &alice, None, None);
    let ids: Vec<&str> = all.licenses.iter().map(|l| l.token_id.as_str()).collect();
    assert_eq!(ids, vec![a1.as_str(), a2.as_str()]);
    assert!(all.licenses.iter().all(|l| l.owner == alice));
    assert!(all.licenses.iter().all(|l| l.info.model_id == MODEL));
    assert_eq!(all.next_start_after, None);
    // each is the `license` answer
    let one: LicenseResponse = suite
        .query(&QueryMsg::License {
            token_id: a1.clone(),
        })
        .unwrap();
    assert_eq!(all.licenses[0], one);
    let theirs = model_licenses(&suite, MODEL2, &alice, None, None);
    assert_eq!(theirs.licenses.len(), 1);
    assert_eq!(theirs.licenses[0].token_id, other);
    assert_eq!(
        model_licenses(&suite, MODEL, &bob, None, None)
            .licenses
            .len(),
        2
    );

    // paginated: a full page says where to go on
    let first = model_licenses(&suite, MODEL, &alice, None, Some(1));
    assert_eq!(first.licenses[0].token_id, a1);
    assert_eq!(first.next_start_after, Some(a1.clone()));
    let second = model_licenses(&suite, MODEL, &alice, Some(a1), Some(1));
    assert_eq!(second.licenses[0].token_id, a2);

    // an unregistered model is a typed error
    let err = suite
        .query::<ModelLicensesResponse>(&QueryMsg::ModelLicenses {
            model_id: "nope".into(),
            owner: alice.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope"), "{err}");
}

/// However many licenses of other models the owner holds, one query reads at most
/// MODEL_LICENSES_SCAN of them and says where to continue.
#[test]
fn model_licenses_reads_a_bounded_number_of_the_owners_licenses() {
    let mut suite = Suite::new();
    suite.register_model2();
    let alice = suite.alice.clone();
    let mut theirs = vec![];
    for _ in 0..MODEL_LICENSES_SCAN + 5 {
        theirs.push(suite.buy_model2_lease(&alice));
    }
    let mine = suite.buy_lease(&alice);
    theirs.sort(); // token ids in the owner index's (string) order
    let first = model_licenses(&suite, MODEL, &alice, None, None);
    // the first 100 ids in string order are "1", "10", "100", "101", ... : MODEL's lease is
    // "106", after "105" and before "11", so it is read in the first scan
    assert_eq!(mine, "106");
    assert_eq!(first.licenses.len(), 1);
    assert_eq!(first.licenses[0].token_id, mine);
    let last_read = first.next_start_after.clone().unwrap();
    let mut all = theirs.clone();
    all.push(mine.clone());
    all.sort();
    assert_eq!(last_read, all[MODEL_LICENSES_SCAN as usize - 1]);
    let rest = model_licenses(&suite, MODEL, &alice, Some(last_read), None);
    assert!(rest.licenses.is_empty());
    assert_eq!(rest.next_start_after, None);
}
