use modelfund::registry::{ExecuteMsg, ModelVersion, QueryMsg, VersionsResponse, VERSIONS_PAGE};
use modelfund::validate::ValidationError;

use super::msgs::{approve, transfer_nft};
use super::suite::*;
use crate::ContractError;

fn publish(version: &str, hash: &str, uri: &str) -> ExecuteMsg {
    ExecuteMsg::PublishVersion {
        token_id: MODEL.into(),
        version: version.into(),
        content_hash: hash.into(),
        uri: uri.into(),
        notes: Some(format!("notes for {version}")),
    }
}

fn versions(suite: &Suite, start_after: Option<u32>, limit: Option<u32>) -> Vec<ModelVersion> {
    suite
        .query::<VersionsResponse>(&QueryMsg::Versions {
            token_id: MODEL.into(),
            start_after,
            limit,
        })
        .unwrap()
        .versions
}

fn latest(suite: &Suite) -> ModelVersion {
    suite
        .query(&QueryMsg::LatestVersion {
            token_id: MODEL.into(),
        })
        .unwrap()
}

/// A hash that differs per `i`.
fn hash_n(i: u32) -> String {
    format!("{i:064x}")
}

#[test]
fn owner_publishes_a_version_with_event() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    suite.advance_seconds(10);

    let res = suite
        .exec(&alice, &publish("v2.0.0", HASH_2, URI_2))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "publish_version");
    assert_eq!(wasm_attr(&res, "token_id"), MODEL);
    assert_eq!(wasm_attr(&res, "version"), "v2.0.0");
    assert_eq!(wasm_attr(&res, "index"), "2");
    assert_eq!(wasm_attr(&res, "content_hash"), HASH_2);
    assert_eq!(wasm_attr(&res, "uri"), URI_2);

    let log = versions(&suite, None, None);
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].version, "v1.0.0");
    assert_eq!(log[0].content_hash, HASH_1);
    assert_eq!(log[1].version, "v2.0.0");
    assert_eq!(log[1].published_by, alice);
    assert_eq!(log[1].notes.as_deref(), Some("notes for v2.0.0"));
    assert!(log[1].published_at > log[0].published_at);
    assert_eq!(latest(&suite), log[1]);
    assert_eq!(suite.model(MODEL).info.version_count, 2);
    assert_eq!(suite.model(MODEL).info.latest, log[1]);
}

#[test]
fn only_the_current_owner_publishes() {
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let (owner, minter) = (suite.owner.clone(), suite.minter.clone());
    suite.mint(MODEL, &alice);

    for stranger in [&bob, &owner, &minter] {
        let err = suite
            .exec(stranger, &publish("v2", HASH_2, URI_2))
            .unwrap_err();
        assert_eq!(
            err,
            ContractError::NotModelOwner {
                token_id: MODEL.into()
            }
        );
    }

    // an approved spender may move the NFT but not publish versions
    suite
        .exec(&alice, &approve(bob.as_str(), MODEL, None))
        .unwrap();
    assert!(matches!(
        suite.exec(&bob, &publish("v2", HASH_2, URI_2)).unwrap_err(),
        ContractError::NotModelOwner { .. }
    ));
    assert_eq!(versions(&suite, None, None).len(), 1);

    // after a transfer the new owner publishes, the old one no longer can
    suite
        .exec(&alice, &transfer_nft(bob.as_str(), MODEL))
        .unwrap();
    assert!(matches!(
        suite
            .exec(&alice, &publish("v2", HASH_2, URI_2))
            .unwrap_err(),
        ContractError::NotModelOwner { .. }
    ));
    suite.exec(&bob, &publish("v2", HASH_2, URI_2)).unwrap();
    assert_eq!(latest(&suite).published_by, bob);
}

#[test]
fn bad_versions_are_rejected_and_the_log_is_unchanged() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);

    assert_eq!(
        suite
            .exec(&alice, &publish("v1.0.0", HASH_2, URI_2))
            .unwrap_err(),
        ContractError::DuplicateVersion {
            token_id: MODEL.into(),
            version: "v1.0.0".into()
        }
    );
    assert_eq!(
        suite
            .exec(&alice, &publish("v2", &HASH_2[..10], URI_2))
            .unwrap_err(),
        ContractError::Validation(ValidationError::InvalidContentHash { len: 10 })
    );
    assert!(matches!(
        suite
            .exec(&alice, &publish("v2", HASH_2, "http://plain.example.com"))
            .unwrap_err(),
        ContractError::Validation(ValidationError::InvalidUri { .. })
    ));
    assert!(matches!(
        suite.exec(&alice, &publish("", HASH_2, URI_2)).unwrap_err(),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    let long_notes = ExecuteMsg::PublishVersion {
        token_id: MODEL.into(),
        version: "v2".into(),
        content_hash: HASH_2.into(),
        uri: URI_2.into(),
        notes: Some("x".repeat(1_025)),
    };
    assert!(matches!(
        suite.exec(&alice, &long_notes).unwrap_err(),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    let unknown = ExecuteMsg::PublishVersion {
        token_id: "no-such-model".into(),
        version: "v2".into(),
        content_hash: HASH_2.into(),
        uri: URI_2.into(),
        notes: None,
    };
    assert_eq!(
        suite.exec(&alice, &unknown).unwrap_err(),
        ContractError::ModelNotFound {
            token_id: "no-such-model".into()
        }
    );

    let log = versions(&suite, None, None);
    assert_eq!(log.len(), 1);
    assert_eq!(latest(&suite).version, "v1.0.0");
    assert_eq!(suite.model(MODEL).info.version_count, 1);
}

#[test]
fn the_same_label_is_fine_on_another_model() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    suite.mint("other-model", &alice);
    let msg = ExecuteMsg::PublishVersion {
        token_id: "other-model".into(),
        version: "v2".into(),
        content_hash: HASH_2.into(),
        uri: URI_2.into(),
        notes: None,
    };
    suite.exec(&alice, &msg).unwrap();
    suite.exec(&alice, &publish("v2", HASH_2, URI_2)).unwrap();
    assert_eq!(latest(&suite).index, 2);
}

#[test]
fn versions_paginate_in_order_and_cap_the_page() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    let total = VERSIONS_PAGE.max + 5; // 55 entries, v1 included
    for i in 2..=total {
        suite
            .exec(&alice, &publish(&format!("v{i}"), &hash_n(i), URI_2))
            .unwrap();
    }

    // default page
    let first = versions(&suite, None, None);
    assert_eq!(first.len(), 10);
    assert_eq!(first[0].index, 1);
    assert_eq!(first[9].index, 10);

    // walk the whole log 7 at a time; every index once, in order
    let mut seen = vec![];
    let mut start_after = None;
    loop {
        let page = versions(&suite, start_after, Some(7));
        if page.is_empty() {
            break;
        }
        start_after = page.last().map(|v| v.index);
        seen.extend(page.into_iter().map(|v| v.index));
    }
    assert_eq!(seen, (1..=total).collect::<Vec<_>>());

    // an oversized limit is capped
    assert_eq!(
        versions(&suite, None, Some(1_000)).len(),
        VERSIONS_PAGE.max as usize
    );
    assert_eq!(latest(&suite).version, format!("v{total}"));
    assert_eq!(latest(&suite).content_hash, hash_n(total));
}

#[test]
fn versions_of_unknown_model_is_an_error() {
    let suite = Suite::new();
    assert!(suite
        .query::<VersionsResponse>(&QueryMsg::Versions {
            token_id: "nope".into(),
            start_after: None,
            limit: None
        })
        .is_err());
    assert!(suite
        .query::<ModelVersion>(&QueryMsg::LatestVersion {
            token_id: "nope".into()
        })
        .is_err());
}
