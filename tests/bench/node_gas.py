"""Node gas per operation for docs/benchmarks: our contracts and the crates.io anchors run
the same operations on one local node, each tx with the same fixed gas limit and fee so the
tx bytes (10 gas each) do not differ between runs. Writes {"<contract>/<op>": gas_used}."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "chain"))
import chain  # noqa: E402

STORE_GAS = "9500000"
TX_GAS = "800000"
HASH_1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HASH_2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"


def run(*args, sender="alice", gas=TX_GAS):
    return chain.tx(*args, "--from", sender, "--gas", gas)


def store_and_instantiate(gas, name, wasm, msg):
    tx = run("wasm", "store", str(wasm), gas=STORE_GAS)
    gas[f"{name}/store"] = int(tx["gas_used"])
    code_id = chain.tx_attr(tx, "store_code", "code_id")
    tx = run("wasm", "instantiate", code_id, json.dumps(msg), "--label", f"bench-{name}", "--no-admin")
    gas[f"{name}/instantiate"] = int(tx["gas_used"])
    return chain.tx_attr(tx, "instantiate", "_contract_address")


def execute(gas, name, op, contract, msg, sender="alice"):
    tx = run("wasm", "execute", contract, json.dumps(msg), sender=sender)
    gas[f"{name}/{op}"] = int(tx["gas_used"])
    return tx


def main(artifacts, anchors, out):
    gas = {}
    alice, bob = chain.addr_of("alice"), chain.addr_of("bob")

    tx = run("bank", "send", alice, bob, "1000inj", gas="200000")
    gas["bank/send"] = int(tx["gas_used"])

    reg = store_and_instantiate(gas, "registry", Path(artifacts) / "registry.wasm",
                                {"name": "Models", "symbol": "MODEL", "owner": alice,
                                 "minters": None, "royalty_limits": None})
    execute(gas, "registry", "mint", reg, {"mint": {
        "token_id": "tiny-llm", "owner": alice, "token_uri": None,
        "model": {"name": "Tiny LLM", "description": "A 1B parameter chat model",
                  "content_hash": HASH_1, "storage_uri": URI,
                  "license": {"id": "apache-2.0", "uri": None}, "version": "v1.0.0", "notes": None},
        "royalty": None}})
    execute(gas, "registry", "publish_version", reg, {"publish_version": {
        "token_id": "tiny-llm", "version": "v2.0.0", "content_hash": HASH_2,
        "uri": "ar://tiny-llm-v2", "notes": None}})
    execute(gas, "registry", "transfer_nft", reg, {"transfer_nft": {"recipient": bob, "token_id": "tiny-llm"}})

    nft = store_and_instantiate(gas, "cw721_base", Path(anchors) / "cw721_base.wasm",
                                {"name": "Models", "symbol": "MODEL", "collection_info_extension": None,
                                 "minter": alice, "creator": None, "withdraw_address": None})
    execute(gas, "cw721_base", "mint", nft, {"mint": {
        "token_id": "tiny-llm", "owner": alice, "token_uri": URI, "extension": None}})
    execute(gas, "cw721_base", "transfer_nft", nft, {"transfer_nft": {"recipient": bob, "token_id": "tiny-llm"}})

    Path(out).write_text(json.dumps(gas, indent=2, sort_keys=True))
    print(json.dumps(gas, indent=2, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:4])
