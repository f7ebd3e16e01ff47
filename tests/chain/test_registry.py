"""The registry on a real node, through the chain CLI: store, instantiate, mint, publish a
version, query the log; an unauthorized publish is rejected in a block and changes nothing."""

import pytest

import chain

HASH_1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HASH_2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"


@pytest.fixture(scope="module")
def registry(artifacts):
    tx = chain.tx("wasm", "store", str(artifacts / "registry.wasm"), "--from", "validator")
    code_id = int(chain.tx_attr(tx, "store_code", "code_id"))
    chain.record_gas("registry/store", tx["gas_used"])
    alice = chain.addr_of("alice")
    msg = {"name": "Modelfund models", "symbol": "MODEL", "owner": alice,
           "minters": None, "royalty_limits": None}
    tx = chain.tx("wasm", "instantiate", str(code_id), chain.json.dumps(msg),
                  "--label", "modelfund-registry-test", "--no-admin", "--from", "alice")
    chain.record_gas("registry/instantiate", tx["gas_used"])
    return chain.tx_attr(tx, "instantiate", "_contract_address")


def mint_msg(token_id, owner):
    return {"mint": {
        "token_id": token_id, "owner": owner, "token_uri": None,
        "model": {
            "name": "Tiny LLM", "description": "A 1B parameter chat model",
            "content_hash": HASH_1,
            "storage_uri": "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
            "license": {"id": "apache-2.0", "uri": None},
            "version": "v1.0.0", "notes": "first release",
        },
        "royalty": {"payment_address": owner, "share_bps": 500},
    }}


def versions(registry, token_id):
    res = chain.query(registry, {"versions": {"token_id": token_id, "start_after": None, "limit": None}})
    return res["versions"]


def test_mint_publish_and_query_the_log(registry):
    alice = chain.addr_of("alice")
    tx = chain.execute(registry, mint_msg("tiny-llm", alice), "--from", "alice")
    assert chain.wasm_attr(tx, "action") == "mint"
    assert chain.wasm_attr(tx, "token_id") == "tiny-llm"
    chain.record_gas("registry/mint", tx["gas_used"])

    owner = chain.query(registry, {"owner_of": {"token_id": "tiny-llm", "include_expired": None}})
    assert owner["owner"] == alice

    publish = {"publish_version": {"token_id": "tiny-llm", "version": "v2.0.0",
                                   "content_hash": HASH_2, "uri": "ar://tiny-llm-v2",
                                   "notes": "distilled"}}
    tx = chain.execute(registry, publish, "--from", "alice")
    assert chain.wasm_attr(tx, "index") == "2"
    chain.record_gas("registry/publish_version", tx["gas_used"])

    log = versions(registry, "tiny-llm")
    assert [v["version"] for v in log] == ["v1.0.0", "v2.0.0"]
    assert [v["content_hash"] for v in log] == [HASH_1, HASH_2]
    assert log[1]["published_by"] == alice
    latest = chain.query(registry, {"latest_version": {"token_id": "tiny-llm"}})
    assert latest == log[1]

    royalty = chain.query(registry, {"royalty_info": {"token_id": "tiny-llm", "sale_price": "1000000"}})
    assert royalty == {"address": alice, "royalty_amount": "50000"}


def test_unauthorized_publish_is_rejected_in_a_block(registry):
    alice = chain.addr_of("alice")
    chain.execute(registry, mint_msg("guarded", alice), "--from", "alice")
    before = versions(registry, "guarded")
    bad = {"publish_version": {"token_id": "guarded", "version": "v9", "content_hash": HASH_2,
                               "uri": "ar://evil", "notes": None}}
    # A fixed gas limit skips simulation: the tx is broadcast and fails inside a block.
    err = chain.execute_fails(registry, bad, "--from", "bob", "--gas", "400000")
    assert "only the current owner of model guarded" in err
    assert versions(registry, "guarded") == before


def test_transfer_moves_publishing_rights(registry):
    alice, bob = chain.addr_of("alice"), chain.addr_of("bob")
    chain.execute(registry, mint_msg("moving", alice), "--from", "alice")
    tx = chain.execute(registry, {"transfer_nft": {"recipient": bob, "token_id": "moving"}}, "--from", "alice")
    chain.record_gas("registry/transfer_nft", tx["gas_used"])
    info = chain.query(registry, {"all_nft_info": {"token_id": "moving", "include_expired": None}})
    assert info["access"]["owner"] == bob
    assert info["info"]["extension"]["latest"]["version"] == "v1.0.0"
    publish = {"publish_version": {"token_id": "moving", "version": "v2", "content_hash": HASH_2,
                                   "uri": "ipfs://bafk-moving-v2", "notes": None}}
    err = chain.execute_fails(registry, publish, "--from", "alice", "--gas", "400000")
    assert "only the current owner" in err
    chain.execute(registry, publish, "--from", "bob")
    assert [v["version"] for v in versions(registry, "moving")] == ["v1.0.0", "v2"]
