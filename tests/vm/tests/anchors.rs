//! The crates.io anchors (built by scripts/anchors.sh with our pipeline) run the same
//! operations in the same VM, so docs/benchmarks compares like with like.

use modelfund_vm_tests::*;
use serde_json::json;

#[test]
fn cw721_base_mint_and_transfer() {
    let wasm = anchor("cw721_base");
    assert!(wasm.len() as u64 <= MAX_WASM_BYTES);
    let mut vm = instance(&wasm);
    let (owner, alice, bob) = (addr("owner"), addr("alice"), addr("bob"));

    let (res, gas) = instantiate(
        &mut vm,
        env_at(100, 1_000),
        info(&owner, &[]),
        &json!({"name": "Models", "symbol": "MODEL", "collection_info_extension": null,
                "minter": null, "creator": null, "withdraw_address": null}),
    );
    ok(res, "cw721-base instantiate");
    record_gas("cw721_base", "instantiate", gas);

    let (res, gas) = execute(
        &mut vm,
        env_at(101, 1_005),
        info(&owner, &[]),
        &json!({"mint": {"token_id": "tiny-llm", "owner": alice,
                         "token_uri": "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
                         "extension": null}}),
    );
    assert_eq!(attr(&ok(res, "cw721-base mint"), "action"), "mint");
    record_gas("cw721_base", "mint", gas);

    let (res, gas) = execute(
        &mut vm,
        env_at(102, 1_010),
        info(&alice, &[]),
        &json!({"transfer_nft": {"recipient": bob, "token_id": "tiny-llm"}}),
    );
    ok(res, "cw721-base transfer_nft");
    record_gas("cw721_base", "transfer_nft", gas);

    let owner_of: serde_json::Value = query(
        &mut vm,
        env_at(103, 1_015),
        &json!({"owner_of": {"token_id": "tiny-llm", "include_expired": null}}),
    );
    assert_eq!(owner_of["owner"], json!(bob));
}
