"""Presale + shares on a real node through the chain CLI: two backers contribute with
`--amount`, the window ends, finalize, both claim; cw20 balances and the treasury balance are
exact. A second presale that misses its soft cap refunds each backer exactly (fees accounted
from each tx's own fee)."""

import json
import time
from datetime import datetime

import chain

INJ = 10**18            # inj has 18 decimals
PRICE = 10**12          # base units of inj per share unit: 1 INJ buys 1,000,000 units = 1 share (6 decimals)


def node_time():
    status = chain._run_cli("status")
    info = status.get("sync_info") or status.get("SyncInfo")
    stamp = info["latest_block_time"]
    # RFC 3339 with nanoseconds: keep seconds
    return int(datetime.fromisoformat(stamp[:19] + "+00:00").timestamp())


def wait_until(seconds):
    deadline = time.time() + 120
    while node_time() < seconds:
        assert time.time() < deadline, "the node's clock did not reach the presale end"
        time.sleep(0.5)


def fee_paid(tx):
    coins = tx["tx"]["auth_info"]["fee"]["amount"]
    return sum(int(c["amount"]) for c in coins if c["denom"] == "inj")


def launch(codes, label, soft_cap, hard_cap, start, end, creator, treasury):
    shares = chain.instantiate(codes["shares"], {
        "name": f"{label} shares", "symbol": "SHARE", "decimals": 6, "initial_balances": [],
        "mint": {"minter": creator, "cap": None}, "marketing": None,
    }, f"{label}-shares", "--from", "carol")
    presale = chain.instantiate(codes["presale"], {
        "denom": "inj", "price": str(PRICE), "soft_cap": str(soft_cap), "hard_cap": str(hard_cap),
        "start": str(start * 10**9), "end": str(end * 10**9),
        "min_per_address": str(INJ), "max_per_address": str(10 * INJ),
        "treasury": treasury, "creator": creator, "creator_allocation": "1000000", "shares": shares,
    }, f"{label}-presale", "--from", "carol")
    chain.execute(shares, {"update_minter": {"new_minter": presale}}, "--from", "carol")
    return presale, shares


def cw20_balance(shares, who):
    return int(chain.query(shares, {"balance": {"address": who}})["balance"])


def contribute(presale, who_key, amount):
    who = chain.addr_of(who_key)
    before = chain.bank_balance(who, "inj")
    tx = chain.execute(presale, {"contribute": {}}, "--from", who_key, "--amount", f"{amount}inj")
    assert chain.bank_balance(who, "inj") == before - amount - fee_paid(tx)
    return tx


def test_presale_success_and_failure_on_chain(artifacts):
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("shares", "presale")}
    alice, bob, carol = (chain.addr_of(k) for k in ("alice", "bob", "carol"))
    treasury = chain.addr_of("contributor")   # never signs here, so only the presale moves its balance

    # the window opens 20 s from now: the first launch (3 txs) and the early contribution fit
    # before it even on a busy machine (a 12 s lead with both launches first did not, once)
    start = node_time() + 20
    end = start + 30
    ok_sale, ok_shares = launch(codes, "funded", 5 * INJ, 20 * INJ, start, end, carol, treasury)

    # before the window: rejected in a block, nothing recorded
    assert node_time() < start - 2, "the launch took the whole lead: the window is already open"
    err = chain.execute_fails(ok_sale, {"contribute": {}}, "--from", "alice",
                              "--amount", f"{INJ}inj", "--gas", "400000")
    assert "has not started yet" in err
    bad_sale, _ = launch(codes, "unfunded", 50 * INJ, 100 * INJ, start, end, carol, treasury)
    wait_until(start)

    tx = contribute(ok_sale, "alice", 4 * INJ)
    chain.record_gas("presale/contribute", tx["gas_used"])
    contribute(ok_sale, "bob", 3 * INJ)
    contribute(bad_sale, "alice", 2 * INJ)
    contribute(bad_sale, "bob", 1 * INJ)
    state = chain.query(ok_sale, {"state": {}})
    assert state["raised"] == str(7 * INJ) and state["backers"] == 2

    wait_until(end)
    treasury_before = chain.bank_balance(treasury, "inj")
    tx = chain.execute(ok_sale, {"finalize": {}}, "--from", "carol")
    assert chain.wasm_attr(tx, "outcome") == "succeeded"
    chain.record_gas("presale/finalize", tx["gas_used"])
    assert chain.bank_balance(treasury, "inj") == treasury_before + 7 * INJ
    assert chain.bank_balance(ok_sale, "inj") == 0

    tx = chain.execute(ok_sale, {"claim": {}}, "--from", "alice")
    chain.record_gas("presale/claim", tx["gas_used"])
    chain.execute(ok_sale, {"claim": {}}, "--from", "bob")
    assert cw20_balance(ok_shares, alice) == 4 * INJ // PRICE
    assert cw20_balance(ok_shares, bob) == 3 * INJ // PRICE
    assert cw20_balance(ok_shares, carol) == 1_000_000
    info = chain.query(ok_shares, {"token_info": {}})
    assert info["total_supply"] == str(8_000_000)
    err = chain.execute_fails(ok_sale, {"claim": {}}, "--from", "alice", "--gas", "400000")
    assert "already claimed" in err

    tx = chain.execute(bad_sale, {"finalize": {}}, "--from", "carol")
    assert chain.wasm_attr(tx, "outcome") == "failed"
    assert chain.bank_balance(treasury, "inj") == treasury_before + 7 * INJ
    for key, amount in (("alice", 2 * INJ), ("bob", 1 * INJ)):
        who = chain.addr_of(key)
        before = chain.bank_balance(who, "inj")
        tx = chain.execute(bad_sale, {"refund": {}}, "--from", key)
        assert chain.bank_balance(who, "inj") == before + amount - fee_paid(tx)
    chain.record_gas("presale/refund", tx["gas_used"])
    assert chain.bank_balance(bad_sale, "inj") == 0
    err = chain.execute_fails(bad_sale, {"refund": {}}, "--from", "bob", "--gas", "400000")
    assert "already refunded" in err
    assert json.dumps(chain.query(bad_sale, {"state": {}})["refunded"]) == json.dumps(str(3 * INJ))
