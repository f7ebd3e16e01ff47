"""Exit (ragequit) on a real node with the chain CLI: alice (600 of 1,000 shares) proposes to
spend 2 INJ of the DAO's 10 and passes it alone; during the timelock bob, who did not vote yes,
sends 400 shares to the DAO with an `exit` hook built in the shell as the CLI guide shows. The
DAO burns them and pays bob exactly 40 % of its free treasury; a yes voter's exit is refused; the
proposal then executes against what is left."""

import base64
import json

import chain
from test_presale import fee_paid, node_time, wait_until

TIMELOCK = 20
INJ = 10**18


def shares_balance(shares, who):
    return int(chain.query(shares, {"balance": {"address": who}})["balance"])


def test_a_holder_exits_during_the_timelock_with_the_chain_cli(artifacts):
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("shares", "governance")}
    alice, bob, carol = (chain.addr_of(k) for k in ("alice", "bob", "carol"))
    shares = chain.instantiate(codes["shares"], {
        "name": "Exit model shares", "symbol": "EXIT", "decimals": 0,
        "initial_balances": [{"address": alice, "amount": "600"}, {"address": bob, "amount": "400"}],
        "mint": None, "marketing": None,
    }, "exit-shares", "--from", "carol")
    dao = chain.instantiate(codes["governance"], {
        "shares": shares, "registry": None, "model_id": None,
        "params": {"voting_period_seconds": 300, "quorum": "0.3", "threshold": "0.5",
                   "timelock_seconds": TIMELOCK, "deposit": None,
                   "min_propose_power": "1", "max_actions": 5},
    }, "exit-dao", "--from", "carol")
    chain.tx("bank", "send", carol, dao, f"{10 * INJ}inj", "--from", "carol")

    tx = chain.execute(dao, {"propose": {"title": "Pay carol", "description": "", "actions": [
        {"spend_treasury": {"recipient": carol, "amount": [{"denom": "inj", "amount": str(2 * INJ)}]}},
    ]}}, "--from", "alice")
    pid = int(chain.wasm_attr(tx, "proposal_id"))
    chain.execute(dao, {"vote": {"proposal_id": pid, "vote": "yes"}}, "--from", "alice")
    assert chain.query(dao, {"proposal": {"proposal_id": pid}})["status"] == "passed"

    def hook(proposal_id):
        return base64.b64encode(json.dumps(
            {"exit": {"proposal_id": proposal_id, "denoms": ["inj"]}}).encode()).decode()

    # the yes voter cannot exit
    err = chain.execute_fails(shares, {"send": {"contract": dao, "amount": "100", "msg": hook(pid)}},
                              "--from", "alice")
    assert "voted yes" in err, err

    quote = chain.query(dao, {"exit_quote": {"proposal_id": pid, "holder": bob, "shares": "400",
                                             "denoms": ["inj"]}})
    assert quote["allowed"] and quote["exitable"] == "400"
    assert quote["payout"] == [{"denom": "inj", "amount": str(4 * INJ)}]
    assert node_time() < -(-int(quote["window_ends_at"]) // 10**9)

    bob_before = chain.bank_balance(bob, "inj")
    tx = chain.execute(shares, {"send": {"contract": dao, "amount": "400", "msg": hook(pid)}}, "--from", "bob")
    assert chain.wasm_attr(tx, "paid") == f"{4 * INJ}inj"
    assert chain.bank_balance(bob, "inj") == bob_before + 4 * INJ - fee_paid(tx)
    assert chain.bank_balance(dao, "inj") == 6 * INJ
    assert shares_balance(shares, bob) == 0 and shares_balance(shares, dao) == 0
    assert chain.query(shares, {"token_info": {}})["total_supply"] == "600"

    # after the timelock the spend runs against what is left
    executable_at = -(-int(chain.query(dao, {"proposal": {"proposal_id": pid}})["executable_at"]) // 10**9)
    wait_until(executable_at)
    carol_before = chain.bank_balance(carol, "inj")
    tx = chain.execute(dao, {"execute": {"proposal_id": pid}}, "--from", "alice")
    assert chain.query(dao, {"proposal": {"proposal_id": pid}})["status"] == "executed"
    assert chain.bank_balance(carol, "inj") == carol_before + 2 * INJ
    assert chain.bank_balance(dao, "inj") == 4 * INJ
