"""Usage and revenue on a real node through the chain CLI: the DAO sets a pricing plan and
approves a gateway by proposal, a user buys credits with `--amount` and grants the gateway,
the gateway consumes, a replayed request id is rejected, the payment reached the shares
contract in the same tx, and two holders claim exactly their pro-rata revenue."""

import time

import chain
from test_presale import node_time

HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
PACK_PRICE = 10**18          # 1 INJ per pack of 100 calls
TIMELOCK = 5


def fee_paid(tx):
    return sum(int(c["amount"]) for c in tx["tx"]["auth_info"]["fee"]["amount"] if c["denom"] == "inj")


def test_dao_prices_usage_and_holders_claim_revenue(artifacts):
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("registry", "shares", "governance", "access")}
    alice, bob, carol, gateway, contributor = (
        chain.addr_of(k) for k in ("alice", "bob", "carol", "gateway", "contributor"))

    registry = chain.instantiate(codes["registry"], {
        "name": "Models", "symbol": "MODEL", "owner": carol, "minters": None, "royalty_limits": None,
    }, "rev-registry", "--from", "carol")
    access = chain.instantiate(codes["access"], {
        "registry": registry, "admin": carol, "registrars": [carol],
        "name": "Model licenses", "symbol": "LIC",
    }, "rev-access", "--from", "carol")
    # alice holds 600 shares, bob 400; carol administers revenue until the DAO exists
    shares = chain.instantiate(codes["shares"], {
        "name": "Revenue model shares", "symbol": "REVM", "decimals": 0,
        "initial_balances": [{"address": alice, "amount": "600"}, {"address": bob, "amount": "400"}],
        "mint": None, "marketing": None,
        "revenue": {"admin": carol, "denoms": ["inj"], "splits": []},
    }, "rev-shares", "--from", "carol")
    dao = chain.instantiate(codes["governance"], {
        "shares": shares, "registry": registry, "model_id": "rev-model", "access": access,
        "params": {"voting_period_seconds": 300, "quorum": "0.3", "threshold": "0.5",
                   "timelock_seconds": TIMELOCK, "deposit": None,
                   "min_propose_power": "1", "max_actions": 5},
    }, "rev-dao", "--from", "carol")
    chain.execute(shares, {"update_revenue_admin": {"admin": dao}}, "--from", "carol")
    chain.execute(registry, {"mint": {
        "token_id": "rev-model", "owner": dao, "token_uri": None,
        "model": {"name": "Revenue model", "description": "", "content_hash": HASH,
                  "storage_uri": "ipfs://bafy-rev-model", "license": {"id": "mit", "uri": None},
                  "version": "v1.0.0", "notes": None},
        "royalty": None}}, "--from", "carol")
    chain.execute(access, {"register_model": {"model_id": "rev-model", "shares": shares,
                                              "license_royalty_bps": 500}}, "--from", "carol")

    # the DAO prices usage, approves the gateway and sets a 10 % contributor split, by proposal
    tx = chain.execute(dao, {"propose": {"title": "Open usage", "description": "", "actions": [
        {"set_pricing_plan": {"plan": {"plan_id": "pack-100", "price": {"denom": "inj", "amount": str(PACK_PRICE)},
                                       "kind": {"credits": {"calls_per_pack": 100}}}}},
        {"approve_gateway": {"gateway": gateway}},
        {"set_royalty_splits": {"splits": [{"address": contributor, "bps": 1000, "label": "dataset"}]}},
    ]}}, "--from", "alice")
    pid = int(chain.wasm_attr(tx, "proposal_id"))
    tx = chain.execute(dao, {"vote": {"proposal_id": pid, "vote": "yes"}}, "--from", "alice")
    assert chain.wasm_attr(tx, "status") == "passed"
    # rounded up: the node must be past the timelock, not just in its last second
    executable_at = -(-int(chain.query(dao, {"proposal": {"proposal_id": pid}})["executable_at"]) // 10**9)
    while node_time() < executable_at:
        time.sleep(0.5)
    chain.execute(dao, {"execute": {"proposal_id": pid}}, "--from", "bob")
    assert chain.query(dao, {"proposal": {"proposal_id": pid}})["status"] == "executed"

    # a user buys 2 packs with --amount and grants the gateway 150 calls in the same tx
    user = carol
    tx = chain.execute(access, {"buy_credits": {"model_id": "rev-model", "plan_id": "pack-100", "packs": 2,
                                                "grant": {"gateway": gateway, "calls": 150}}},
                       "--from", "carol", "--amount", f"{2 * PACK_PRICE}inj")
    chain.record_gas("access/buy_credits", tx["gas_used"])
    assert chain.bank_balance(access, "inj") == 0, "access never keeps funds"
    view = chain.query(access, {"access": {"model_id": "rev-model", "user": user}})
    assert view["allowed_now"] and view["credits"] == 200

    tx = chain.execute(access, {"consume": {"model_id": "rev-model", "user": user, "calls": 40,
                                            "request_id": "req-0001", "license_id": None}}, "--from", "gateway")
    chain.record_gas("access/consume", tx["gas_used"])
    err = chain.execute_fails(access, {"consume": {"model_id": "rev-model", "user": user, "calls": 1,
                                                   "request_id": "req-0001", "license_id": None}},
                              "--from", "gateway", "--gas", "500000")
    assert "req-0001" in err or "already" in err
    assert chain.query(access, {"credits": {"model_id": "rev-model", "user": user}})["credits"] == 160
    # beyond the grant (150 - 40 = 110 left)
    err = chain.execute_fails(access, {"consume": {"model_id": "rev-model", "user": user, "calls": 111,
                                                   "request_id": "req-0002", "license_id": None}},
                              "--from", "gateway", "--gas", "500000")
    assert "grant" in err

    # 2 INJ of revenue: 10 % to the contributor, the rest 60/40 to alice and bob
    paid = 2 * PACK_PRICE
    expected = {"contributor": paid // 10, "alice": paid * 9 // 10 * 600 // 1000,
                "bob": paid * 9 // 10 * 400 // 1000}
    for key, amount in expected.items():
        who = chain.addr_of(key)
        claimable = chain.query(shares, {"claimable_revenue": {"address": who}})["claimable"]
        assert claimable == [{"denom": "inj", "amount": str(amount)}], (key, claimable)
        before = chain.bank_balance(who, "inj")
        tx = chain.execute(shares, {"claim_revenue": {}}, "--from", key)
        chain.record_gas("shares/claim_revenue", tx["gas_used"])
        assert chain.bank_balance(who, "inj") == before + amount - fee_paid(tx), key
    err = chain.execute_fails(shares, {"claim_revenue": {}}, "--from", "alice", "--gas", "400000")
    assert "claim" in err.lower()
