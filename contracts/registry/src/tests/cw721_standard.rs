use cosmwasm_std::{to_json_binary, Addr};
use cw721::error::Cw721ContractError;
use cw721::msg::{
    AllNftInfoResponse, ApprovalResponse, ApprovalsResponse, MinterResponse, NumTokensResponse,
    OperatorResponse, OperatorsResponse, OwnerOfResponse, TokensResponse,
};
use cw721::Expiration;
use modelfund::registry::{ContractInfoResponse, ExecuteMsg, ModelInfo, QueryMsg};

use super::msgs::{approve, transfer_nft};
use super::suite::*;
use crate::ContractError;

fn owner_of(suite: &Suite, token_id: &str) -> OwnerOfResponse {
    suite
        .query(&QueryMsg::OwnerOf {
            token_id: token_id.into(),
            include_expired: None,
        })
        .unwrap()
}

fn approvals(suite: &Suite, token_id: &str) -> ApprovalsResponse {
    suite
        .query(&QueryMsg::Approvals {
            token_id: token_id.into(),
            include_expired: None,
        })
        .unwrap()
}

fn operators(suite: &Suite, owner: &Addr) -> OperatorsResponse {
    suite
        .query(&QueryMsg::AllOperators {
            owner: owner.to_string(),
            include_expired: None,
            start_after: None,
            limit: None,
        })
        .unwrap()
}

#[test]
fn transfer_nft_moves_the_model_and_emits_event() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite.mint(MODEL, &alice);

    // a stranger cannot move it
    let err = suite
        .exec(&bob, &transfer_nft(bob.as_str(), MODEL))
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::Cw721(Cw721ContractError::Ownership(
            cw_ownable::OwnershipError::NotOwner
        ))
    );
    assert_eq!(owner_of(&suite, MODEL).owner, alice.to_string());

    let res = suite
        .exec(&alice, &transfer_nft(bob.as_str(), MODEL))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "transfer_nft");
    assert_eq!(wasm_attr(&res, "recipient"), bob.to_string());
    assert_eq!(wasm_attr(&res, "token_id"), MODEL);
    assert_eq!(owner_of(&suite, MODEL).owner, bob.to_string());
    assert_eq!(suite.model(MODEL).owner, Some(bob.clone()));

    // unknown token and bad recipient are typed errors
    assert_eq!(
        suite
            .exec(&bob, &transfer_nft(alice.as_str(), "nope"))
            .unwrap_err(),
        ContractError::ModelNotFound {
            token_id: "nope".into()
        }
    );
    assert!(matches!(
        suite
            .exec(&bob, &transfer_nft("bad recipient", MODEL))
            .unwrap_err(),
        ContractError::Std(_)
    ));
}

#[test]
fn send_nft_calls_the_receiver_hook() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    let receiver = suite.receiver();
    let payload = to_json_binary(&"list it").unwrap();
    let res = suite
        .exec(
            &alice,
            &ExecuteMsg::SendNft {
                contract: receiver.to_string(),
                token_id: MODEL.into(),
                msg: payload.clone(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "send_nft");
    let got = suite.received(&receiver).expect("hook was called");
    assert_eq!(got.token_id, MODEL);
    assert_eq!(got.sender, alice.to_string());
    assert_eq!(got.msg, payload);
    assert_eq!(owner_of(&suite, MODEL).owner, receiver.to_string());
}

#[test]
fn approvals_let_a_spender_transfer_until_revoked() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let carol = suite.addr("carol");
    suite.mint(MODEL, &alice);
    suite.mint("second", &alice);

    let res = suite
        .exec(&alice, &approve(bob.as_str(), MODEL, None))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "approve");
    let approval: ApprovalResponse = suite
        .query(&QueryMsg::Approval {
            token_id: MODEL.into(),
            spender: bob.to_string(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(approval.approval.spender, bob);
    let approvals = approvals(&suite, MODEL);
    assert_eq!(approvals.approvals.len(), 1);

    // revoke, then bob can no longer move it
    let res = suite
        .exec(
            &alice,
            &ExecuteMsg::Revoke {
                spender: bob.to_string(),
                token_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "revoke");
    assert!(suite
        .exec(&bob, &transfer_nft(carol.as_str(), MODEL))
        .is_err());

    // approve again and transfer on alice's behalf
    suite
        .exec(
            &alice,
            &approve(bob.as_str(), MODEL, Some(Expiration::Never {})),
        )
        .unwrap();
    suite
        .exec(&bob, &transfer_nft(carol.as_str(), MODEL))
        .unwrap();
    assert_eq!(owner_of(&suite, MODEL).owner, carol.to_string());
    // approvals are cleared by the transfer
    assert!(owner_of(&suite, MODEL).approvals.is_empty());

    // approving a token one does not own is refused
    assert!(suite
        .exec(&bob, &approve(bob.as_str(), "second", None))
        .is_err());
}

#[test]
fn operators_control_all_tokens_until_revoked() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite.mint(MODEL, &alice);
    let res = suite
        .exec(
            &alice,
            &ExecuteMsg::ApproveAll {
                operator: bob.to_string(),
                expires: None,
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "approve_all");
    let op: OperatorResponse = suite
        .query(&QueryMsg::Operator {
            owner: alice.to_string(),
            operator: bob.to_string(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(op.approval.spender, bob);
    let ops = operators(&suite, &alice);
    assert_eq!(ops.operators.len(), 1);

    let res = suite
        .exec(
            &alice,
            &ExecuteMsg::RevokeAll {
                operator: bob.to_string(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "revoke_all");
    let ops = operators(&suite, &alice);
    assert!(ops.operators.is_empty());

    // an already expired operator grant is refused
    let height = suite.app.block_info().height;
    assert!(suite
        .exec(
            &alice,
            &ExecuteMsg::ApproveAll {
                operator: bob.to_string(),
                expires: Some(Expiration::AtHeight(height)),
            }
        )
        .is_err());
}

#[test]
fn burn_keeps_history_and_reserves_the_id() {
    let mut suite = Suite::new();
    let (alice, bob, minter) = (suite.alice.clone(), suite.bob.clone(), suite.minter.clone());
    suite.mint(MODEL, &alice);

    assert!(suite
        .exec(
            &bob,
            &ExecuteMsg::Burn {
                token_id: MODEL.into()
            }
        )
        .is_err());
    let res = suite
        .exec(
            &alice,
            &ExecuteMsg::Burn {
                token_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "burn");
    let count: NumTokensResponse = suite.query(&QueryMsg::NumTokens {}).unwrap();
    assert_eq!(count.count, 0);

    let model = suite.model(MODEL);
    assert_eq!(model.owner, None);
    assert_eq!(model.info.version_count, 1);
    assert_eq!(
        suite.exec(&minter, &mint_msg(MODEL, &alice)).unwrap_err(),
        ContractError::TokenIdTaken {
            token_id: MODEL.into()
        }
    );
    let publish = ExecuteMsg::PublishVersion {
        token_id: MODEL.into(),
        version: "v2".into(),
        content_hash: HASH_2.into(),
        uri: URI_2.into(),
        notes: None,
    };
    assert_eq!(
        suite.exec(&alice, &publish).unwrap_err(),
        ContractError::ModelBurned {
            token_id: MODEL.into()
        }
    );
}

#[test]
fn standard_queries_answer_in_cw721_shapes() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    for id in ["a-model", "b-model", "c-model"] {
        suite.mint(id, &alice);
    }
    suite.mint("d-model", &bob);

    let info: ContractInfoResponse = suite.query(&QueryMsg::ContractInfo {}).unwrap();
    assert_eq!(info.name, "Modelfund models");
    assert_eq!(info.symbol, "MODEL");
    let minter: MinterResponse = suite.query(&QueryMsg::Minter {}).unwrap();
    assert_eq!(minter.minter, Some(suite.owner.to_string()));

    let all: TokensResponse = suite
        .query(&QueryMsg::AllTokens {
            start_after: None,
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(all.tokens, vec!["a-model", "b-model"]);
    let rest: TokensResponse = suite
        .query(&QueryMsg::AllTokens {
            start_after: Some("b-model".into()),
            limit: None,
        })
        .unwrap();
    assert_eq!(rest.tokens, vec!["c-model", "d-model"]);
    let alices: TokensResponse = suite
        .query(&QueryMsg::Tokens {
            owner: alice.to_string(),
            start_after: Some("a-model".into()),
            limit: None,
        })
        .unwrap();
    assert_eq!(alices.tokens, vec!["b-model", "c-model"]);

    let all_info: AllNftInfoResponse<ModelInfo> = suite
        .query(&QueryMsg::AllNftInfo {
            token_id: "d-model".into(),
            include_expired: None,
        })
        .unwrap();
    assert_eq!(all_info.access.owner, bob.to_string());
    assert_eq!(all_info.info.extension.latest.content_hash, HASH_1);
    assert_eq!(all_info.info.extension.name, "Tiny LLM");
}

/// The registry and access share one cw721 surface (`modelfund::nft`): a spender or operator
/// that is not an address is refused before cw721 looks at the sender's permission, and
/// nothing changes. (The registry used to answer a stranger's bad spender with `NotOwner`.)
#[test]
fn a_bad_spender_or_operator_is_refused_before_the_permission_check() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite.mint(MODEL, &alice);
    let bad = "not an address".to_string();
    for msg in [
        ExecuteMsg::Approve {
            spender: bad.clone(),
            token_id: MODEL.into(),
            expires: None,
        },
        ExecuteMsg::Revoke {
            spender: bad.clone(),
            token_id: MODEL.into(),
        },
        ExecuteMsg::ApproveAll {
            operator: bad.clone(),
            expires: None,
        },
        ExecuteMsg::RevokeAll {
            operator: bad.clone(),
        },
    ] {
        let err = suite.exec(&bob, &msg).unwrap_err();
        assert!(
            matches!(err, ContractError::Std(_)),
            "{msg:?} by a stranger: {err:?}"
        );
    }
    let approvals = approvals(&suite, MODEL);
    assert!(approvals.approvals.is_empty());
    // an unknown model is named as such before the address is looked at
    let err = suite
        .exec(
            &alice,
            &ExecuteMsg::Approve {
                spender: bad,
                token_id: "no-such-model".into(),
                expires: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::ModelNotFound {
            token_id: "no-such-model".into()
        }
    );
}
