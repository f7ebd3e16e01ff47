//! The crate-registry anchors (built by scripts/anchors.sh with our pipeline) run the same
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

#[test]
fn cw20_base_transfer() {
    let wasm = anchor("cw20_base");
    let mut vm = instance(&wasm);
    let (alice, bob) = (addr("alice"), addr("bob"));
    let (res, gas) = instantiate(
        &mut vm,
        env_at(10, 1_000),
        info(&addr("creator"), &[]),
        &json!({"name": "Tiny LLM shares", "symbol": "TINY", "decimals": 6,
                "initial_balances": [{"address": alice, "amount": "1000"}],
                "mint": {"minter": addr("presale"), "cap": null}, "marketing": null}),
    );
    ok(res, "cw20-base instantiate");
    record_gas("cw20_base", "instantiate", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(11, 1_005),
        info(&addr("presale"), &[]),
        &json!({"mint": {"recipient": bob, "amount": "500"}}),
    );
    ok(res, "cw20-base mint");
    record_gas("cw20_base", "mint", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(12, 1_010),
        info(&alice, &[]),
        &json!({"transfer": {"recipient": bob, "amount": "300"}}),
    );
    ok(res, "cw20-base transfer");
    record_gas("cw20_base", "transfer", gas);
    let bal: serde_json::Value = query(
        &mut vm,
        env_at(13, 1_015),
        &json!({"balance": {"address": bob}}),
    );
    assert_eq!(bal["balance"], json!("800"));
}

#[test]
fn cw3_fixed_multisig_propose_vote_execute() {
    let wasm = anchor("cw3_fixed_multisig");
    let mut vm = instance(&wasm);
    let (alice, bob, carol) = (addr("alice"), addr("bob"), addr("carol"));
    let (res, gas) = instantiate(
        &mut vm,
        env_at(10, 1_000),
        info(&addr("creator"), &[]),
        &json!({"voters": [{"addr": alice, "weight": 10}, {"addr": bob, "weight": 10},
                           {"addr": carol, "weight": 10}],
                "threshold": {"absolute_count": {"weight": 20}},
                "max_voting_period": {"time": 1000}}),
    );
    ok(res, "cw3 instantiate");
    record_gas("cw3_fixed_multisig", "instantiate", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(10, 1_000),
        info(&alice, &[]),
        &json!({"propose": {"title": "Pay the fine-tune", "description": "Milestone 1",
                            "msgs": [{"bank": {"send": {"to_address": addr("creator"),
                                                         "amount": [{"denom": "inj", "amount": "100"}]}}}],
                            "latest": null}}),
    );
    ok(res, "cw3 propose");
    record_gas("cw3_fixed_multisig", "propose", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(11, 1_005),
        info(&bob, &[]),
        &json!({"vote": {"proposal_id": 1, "vote": "yes"}}),
    );
    ok(res, "cw3 vote");
    record_gas("cw3_fixed_multisig", "vote", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(12, 1_010),
        info(&carol, &[]),
        &json!({"execute": {"proposal_id": 1}}),
    );
    ok(res, "cw3 execute");
    record_gas("cw3_fixed_multisig", "execute", gas);
}
