"""Governance on a real node through the chain CLI: holders from a finished presale propose a
new model version, vote with `tx wasm execute`, wait out the timelock, execute, and the
registry's `latest_version` shows the new version."""

import time

import chain
from test_presale import INJ, PRICE, node_time

HASH_1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HASH_2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
TIMELOCK = 8


def test_holders_vote_a_new_model_version_from_the_cli(artifacts):
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("registry", "shares", "presale", "governance")}
    alice, bob, carol = (chain.addr_of(k) for k in ("alice", "bob", "carol"))

    registry = chain.instantiate(codes["registry"], {
        "name": "Models", "symbol": "MODEL", "owner": carol, "minters": None, "royalty_limits": None,
    }, "gov-registry", "--from", "carol")
    shares = chain.instantiate(codes["shares"], {
        "name": "CLI model shares", "symbol": "CLIM", "decimals": 6, "initial_balances": [],
        "mint": {"minter": carol, "cap": None}, "marketing": None,
    }, "gov-shares", "--from", "carol")
    dao = chain.instantiate(codes["governance"], {
        "shares": shares, "registry": registry, "model_id": "cli-model",
        "params": {"voting_period_seconds": 300, "quorum": "0.3", "threshold": "0.5",
                   "timelock_seconds": TIMELOCK, "deposit": {"denom": "inj", "amount": str(INJ)},
                   "min_propose_power": "1", "max_actions": 5},
    }, "gov-dao", "--from", "carol")
    # the DAO owns the model NFT
    chain.execute(registry, {"mint": {
        "token_id": "cli-model", "owner": dao, "token_uri": None,
        "model": {"name": "CLI model", "description": "", "content_hash": HASH_1,
                  "storage_uri": "ipfs://bafy-cli-model", "license": {"id": "mit", "uri": None},
                  "version": "v1.0.0", "notes": None},
        "royalty": None}}, "--from", "carol")

    # a presale fills the treasury and makes alice (6 INJ) and bob (4 INJ) the holders;
    # it reaches its hard cap, so it settles at once
    start = node_time() + 6
    sale = chain.instantiate(codes["presale"], {
        "denom": "inj", "price": str(PRICE), "soft_cap": str(5 * INJ), "hard_cap": str(10 * INJ),
        "start": str(start * 10**9), "end": str((start + 600) * 10**9),
        "min_per_address": str(INJ), "max_per_address": str(10 * INJ),
        "treasury": dao, "creator": carol, "creator_allocation": "0", "shares": shares,
    }, "gov-presale", "--from", "carol")
    chain.execute(shares, {"update_minter": {"new_minter": sale}}, "--from", "carol")
    while node_time() < start:
        time.sleep(0.5)
    chain.execute(sale, {"contribute": {}}, "--from", "alice", "--amount", f"{6 * INJ}inj")
    chain.execute(sale, {"contribute": {}}, "--from", "bob", "--amount", f"{4 * INJ}inj")
    chain.execute(sale, {"finalize": {}}, "--from", "carol")
    chain.execute(sale, {"claim": {}}, "--from", "alice")
    chain.execute(sale, {"claim": {}}, "--from", "bob")
    assert chain.bank_balance(dao, "inj") == 10 * INJ

    # propose (with the deposit), list, vote, wait, execute
    tx = chain.execute(dao, {"propose": {
        "title": "Publish v2.0.0", "description": "Distilled and faster",
        "actions": [{"publish_model_version": {"version": "v2.0.0", "content_hash": HASH_2,
                                               "uri": "ar://cli-model-v2", "notes": "distilled"}}],
    }}, "--from", "bob", "--amount", f"{INJ}inj")
    pid = int(chain.wasm_attr(tx, "proposal_id"))
    chain.record_gas("governance/propose", tx["gas_used"])
    listed = chain.query(dao, {"proposals": {"start_after": None, "limit": 10, "descending": True}})
    assert listed["proposals"][0]["id"] == pid and listed["proposals"][0]["status"] == "open"

    tx = chain.execute(dao, {"vote": {"proposal_id": pid, "vote": "no"}}, "--from", "bob")
    chain.record_gas("governance/vote", tx["gas_used"])
    err = chain.execute_fails(dao, {"vote": {"proposal_id": pid, "vote": "yes"}},
                              "--from", "bob", "--gas", "400000")
    assert "already voted" in err
    tx = chain.execute(dao, {"vote": {"proposal_id": pid, "vote": "yes"}}, "--from", "alice")
    assert chain.wasm_attr(tx, "status") == "passed"   # 6 of 10 yes: nothing can change it
    ballot = chain.query(dao, {"vote": {"proposal_id": pid, "voter": alice}})
    assert ballot["vote"] == "yes" and ballot["power"] == str(6 * INJ // PRICE)

    err = chain.execute_fails(dao, {"execute": {"proposal_id": pid}}, "--from", "carol", "--gas", "500000")
    assert "timelock" in err
    proposal = chain.query(dao, {"proposal": {"proposal_id": pid}})
    # rounded up: the node must be past the timelock, not just in its last second
    executable_at = -(-int(proposal["executable_at"]) // 10**9)
    while node_time() < executable_at:
        time.sleep(0.5)
    tx = chain.execute(dao, {"execute": {"proposal_id": pid}}, "--from", "carol")
    chain.record_gas("governance/execute", tx["gas_used"])
    assert chain.query(dao, {"proposal": {"proposal_id": pid}})["status"] == "executed"

    latest = chain.query(registry, {"latest_version": {"token_id": "cli-model"}})
    assert latest["version"] == "v2.0.0"
    assert latest["content_hash"] == HASH_2
    assert latest["published_by"] == dao
