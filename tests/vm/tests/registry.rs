//! The optimized registry wasm in cosmwasm-vm: instantiate, mint, publish_version, transfer,
//! the queries, a rejected publish, and gas per operation.

use cosmwasm_std::Uint128;
use modelfund::registry::{
    ExecuteMsg, InstantiateMsg, License, ModelMetadata, ModelResponse, ModelVersion, QueryMsg,
    RoyaltiesInfoResponse, RoyaltyMsg, VersionsResponse,
};
use modelfund_vm_tests::*;

const HASH_1: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const HASH_2: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

fn mint_msg(owner: &str) -> ExecuteMsg {
    ExecuteMsg::Mint {
        token_id: "tiny-llm".into(),
        owner: owner.into(),
        token_uri: None,
        model: ModelMetadata {
            name: "Tiny LLM".into(),
            description: "A 1B parameter chat model".into(),
            content_hash: HASH_1.into(),
            storage_uri: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
                .into(),
            license: License {
                id: "apache-2.0".into(),
                uri: None,
            },
            version: "v1.0.0".into(),
            notes: None,
            image: None,
        },
        royalty: Some(RoyaltyMsg {
            payment_address: owner.into(),
            share_bps: 500,
        }),
    }
}

#[test]
fn registry_lifecycle_in_the_vm() {
    let wasm = artifact("registry");
    let mut vm = instance(&wasm);
    let (owner, alice, bob) = (addr("owner"), addr("alice"), addr("bob"));

    let (res, gas) = instantiate(
        &mut vm,
        env_at(100, 1_000),
        info(&owner, &[]),
        &InstantiateMsg {
            name: "Modelfund models".into(),
            symbol: "MODEL".into(),
            owner: None,
            minters: None,
            royalty_limits: None,
        },
    );
    ok(res, "instantiate");
    record_gas("registry", "instantiate", gas);

    let (res, gas) = execute(
        &mut vm,
        env_at(101, 1_005),
        info(&owner, &[]),
        &mint_msg(&alice),
    );
    let res = ok(res, "mint");
    assert_eq!(attr(&res, "action"), "mint");
    assert_eq!(attr(&res, "token_id"), "tiny-llm");
    record_gas("registry", "mint", gas);

    let publish = ExecuteMsg::PublishVersion {
        token_id: "tiny-llm".into(),
        version: "v2.0.0".into(),
        content_hash: HASH_2.into(),
        uri: "ar://model-v2".into(),
        notes: Some("distilled".into()),
    };
    // not the owner: rejected, the log stays at one entry
    let (res, _) = execute(&mut vm, env_at(102, 1_010), info(&bob, &[]), &publish);
    err_contains(res, "only the current owner of model tiny-llm");

    let (res, gas) = execute(&mut vm, env_at(102, 1_010), info(&alice, &[]), &publish);
    let res = ok(res, "publish_version");
    assert_eq!(attr(&res, "index"), "2");
    record_gas("registry", "publish_version", gas);

    let versions: VersionsResponse = query(
        &mut vm,
        env_at(103, 1_015),
        &QueryMsg::Versions {
            token_id: "tiny-llm".into(),
            start_after: None,
            limit: None,
        },
    );
    let labels: Vec<_> = versions
        .versions
        .iter()
        .map(|v| v.version.as_str())
        .collect();
    assert_eq!(labels, ["v1.0.0", "v2.0.0"]);
    let latest: ModelVersion = query(
        &mut vm,
        env_at(103, 1_015),
        &QueryMsg::LatestVersion {
            token_id: "tiny-llm".into(),
        },
    );
    assert_eq!(latest.content_hash, HASH_2);
    assert_eq!(latest.height, 102);

    let royalty: RoyaltiesInfoResponse = query(
        &mut vm,
        env_at(103, 1_015),
        &QueryMsg::RoyaltyInfo {
            token_id: "tiny-llm".into(),
            sale_price: Uint128::new(1_000),
        },
    );
    assert_eq!(royalty.royalty_amount, Uint128::new(50));
    assert_eq!(royalty.address, alice);

    let (res, gas) = execute(
        &mut vm,
        env_at(104, 1_020),
        info(&alice, &[]),
        &ExecuteMsg::TransferNft {
            recipient: bob.clone(),
            token_id: "tiny-llm".into(),
        },
    );
    ok(res, "transfer_nft");
    record_gas("registry", "transfer_nft", gas);

    let model: ModelResponse = query(
        &mut vm,
        env_at(105, 1_025),
        &QueryMsg::Model {
            token_id: "tiny-llm".into(),
        },
    );
    assert_eq!(model.owner.map(|a| a.into_string()), Some(bob));
    assert_eq!(model.info.version_count, 2);
}

#[test]
fn every_artifact_fits_the_upload_limit() {
    let dir = artifacts_dir();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("artifacts/ exists (run scripts/build.sh)") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let size = std::fs::metadata(&path).expect("metadata").len();
            assert!(
                size <= MAX_WASM_BYTES,
                "{} is {size} bytes, over the 800 KiB upload limit",
                path.display()
            );
            seen += 1;
        }
    }
    assert!(seen >= 1, "no artifacts in {}", dir.display());
}
