"""The whole story on a real node through the chain CLI, with the protocol deployed by the
README's main command (the `protocol` fixture: scripts/up.sh --network against this node):

launch (one tx) → two backers contribute → finalize → claim shares → one proposal publishes
version 2, sets a pricing plan, approves a gateway and sets a contributor split → votes →
execute after the timelock → a user buys credits and grants the gateway → the gateway
consumes → a license-resale royalty arrives by bank send and is swept → the contributor and
both holders claim exact amounts → a milestone is released to the creator by proposal.

Every bank balance change is asserted exactly (fees taken from each tx's own fee). The gas of
the launch and of the whole story is recorded for docs/benchmarks.md.
"""

import time

import chain
from test_presale import fee_paid, node_time

INJ = 10**18
PRICE = 10**12                  # 1 INJ buys 1 share (6 decimals)
SHARE = 10**6
MODEL = "story-llm"
HASH_2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
TIMELOCK = 5


class Story:
    """Sends txs, remembering every gas_used and what each key paid in fees."""

    def __init__(self):
        self.gas = []
        self.fees = {}

    def exec(self, key, contract, msg, *flags):
        tx = chain.execute(contract, msg, "--from", key, *flags)
        self._count(key, tx)
        return tx

    def send(self, key, to, amount):
        tx = chain.tx("bank", "send", key, to, f"{amount}inj", "--from", key)
        self._count(key, tx)
        return tx

    def _count(self, key, tx):
        self.gas.append(int(tx["gas_used"]))
        self.fees[key] = self.fees.get(key, 0) + fee_paid(tx)

    def pass_proposal(self, dao, proposer, title, actions, voters):
        tx = self.exec(proposer, dao, {"propose": {"title": title, "description": "", "actions": actions}})
        pid = int(chain.wasm_attr(tx, "proposal_id"))
        for key, vote in voters:
            self.exec(key, dao, {"vote": {"proposal_id": pid, "vote": vote}})
        proposal = chain.query(dao, {"proposal": {"proposal_id": pid}})
        assert proposal["status"] == "passed", proposal
        executable_at = -(-int(proposal["executable_at"]) // 10**9)
        while node_time() < executable_at:
            time.sleep(0.5)
        self.exec("gateway", dao, {"execute": {"proposal_id": pid}})
        assert chain.query(dao, {"proposal": {"proposal_id": pid}})["status"] == "executed"
        return pid


def test_launch_to_revenue_to_milestone(protocol):
    registry, access, launchpad = (protocol["contracts"][c]["address"] for c in ("registry", "access", "launchpad"))
    keys = ("validator", "alice", "bob", "carol", "gateway", "contributor")
    addr = {k: chain.addr_of(k) for k in keys}
    start_bank = {k: chain.bank_balance(addr[k], "inj") for k in keys}
    story = Story()

    # ---- 1. carol launches the model in one transaction ----
    predicted = chain.query(launchpad, {"predict_addresses": {"model_id": MODEL}})
    start = node_time() + 8
    # the launch template (scripts/lib/launch.json) with this story's caps, window and rules:
    # no deposit, a short timelock, and one lease plan (a credit pack comes by proposal)
    tx = story.exec("carol", launchpad, chain.launch_msg({
        "model": {"token_id": MODEL, "metadata": {"name": "Story LLM"}},
        "presale": {"price": str(PRICE), "soft_cap": str(5 * INJ), "hard_cap": str(9 * INJ),
                    "start": str(start * 10**9), "end": str((start + 600) * 10**9),
                    "max_per_address": str(9 * INJ), "creator_allocation": str(1 * SHARE)},
        "shares": {"name": "Story LLM shares", "symbol": "STORY"},
        "governance": {"timelock_seconds": TIMELOCK, "deposit": None},
        "plans": [{"plan_id": "lease-1d", "price": {"denom": "inj", "amount": str(5 * INJ)},
                   "kind": {"lease": {"duration_seconds": 86400, "call_cap": 1000,
                                      "terms": {"commercial_use": False, "attribution_required": True,
                                                "notes": None}}}}]}))
    chain.record_gas("launchpad/launch (story)", tx["gas_used"])
    model = chain.query(launchpad, {"model": {"model_id": MODEL}})
    shares, presale, dao = model["shares"], model["presale"], model["governance"]
    assert (shares, presale, dao) == (predicted["shares"], predicted["presale"], predicted["governance"])
    assert model["creator"] == addr["carol"]
    assert chain.query(registry, {"owner_of": {"token_id": MODEL}})["owner"] == dao
    mine = chain.query(launchpad, {"models_by_creator": {"creator": addr["carol"]}})["models"]
    assert [m["model_id"] for m in mine] == [MODEL]

    # nothing is on sale before the presale succeeds: the lease priced at launch is refused
    buy_lease = {"buy_lease": {"model_id": MODEL, "plan_id": "lease-1d", "grant": None}}
    # (refused in the gas simulation: nothing is broadcast, no fee is paid)
    err = chain.execute_fails(access, buy_lease, "--from", "validator", "--amount", f"{5 * INJ}inj")
    assert "not on sale yet" in err, err
    assert chain.query(access, {"model": {"model_id": MODEL}})["sales"] == "awaiting_presale"

    # ---- 2. alice and bob fill the presale; finalize; both claim ----
    while node_time() < start:
        time.sleep(0.5)
    story.exec("alice", presale, {"contribute": {}}, "--amount", f"{5 * INJ}inj")
    story.exec("bob", presale, {"contribute": {}}, "--amount", f"{4 * INJ}inj")
    story.exec("gateway", presale, {"finalize": {}})
    # every sold share exists from finalize on, in escrow until claimed: 5 + 4 sold, 1 for carol
    assert chain.query(shares, {"token_info": {}})["total_supply"] == str(10 * SHARE)
    assert chain.query(shares, {"escrow": {}})["amount"] == str(9 * SHARE)
    for key in ("alice", "bob"):
        story.exec(key, presale, {"claim": {}})
    assert chain.bank_balance(dao, "inj") == 9 * INJ, "the raise went to the DAO treasury"
    balance = {k: int(chain.query(shares, {"balance": {"address": addr[k]}})["balance"]) for k in ("alice", "bob", "carol")}
    assert balance == {"alice": 5 * SHARE, "bob": 4 * SHARE, "carol": 1 * SHARE}

    # ---- 3. one proposal (alice's 50 % alone does not pass it: bob's vote does): version 2, a pricing plan, the gateway, a 10 % contributor split ----
    story.pass_proposal(dao, "alice", "v2, pricing, gateway, split", [
        {"publish_model_version": {"version": "v2.0.0", "content_hash": HASH_2, "uri": "ar://story-llm-v2",
                                   "notes": "distilled"}},
        {"set_pricing_plan": {"plan": {"plan_id": "pack-100", "price": {"denom": "inj", "amount": str(INJ)},
                                       "kind": {"credits": {"calls_per_pack": 100}}}}},
        {"approve_gateway": {"gateway": addr["gateway"]}},
        {"set_royalty_splits": {"splits": [{"address": addr["contributor"], "bps": 1000, "label": "dataset"}]}},
    ], [("alice", "yes"), ("bob", "yes")])
    latest = chain.query(registry, {"latest_version": {"token_id": MODEL}})
    assert (latest["version"], latest["published_by"]) == ("v2.0.0", dao)
    plans = chain.query(access, {"plans": {"model_id": MODEL}})["plans"]
    assert sorted(p["plan_id"] for p in plans) == ["lease-1d", "pack-100"]

    # ---- 4. the validator buys 2 packs and grants the gateway; the gateway consumes ----
    story.exec("validator", access, {"buy_credits": {"model_id": MODEL, "plan_id": "pack-100", "packs": 2,
                                                     "grant": {"gateway": addr["gateway"], "calls": 150}}},
               "--amount", f"{2 * INJ}inj")
    story.exec("gateway", access, {"consume": {"model_id": MODEL, "user": addr["validator"], "calls": 120,
                                               "request_id": "req-1", "license_id": None}})
    assert chain.query(access, {"access": {"model_id": MODEL, "user": addr["validator"]}})["credits"] == 80
    assert chain.bank_balance(access, "inj") == 0

    # ---- 5. a license resale royalty arrives by bank send and is swept ----
    story.send("validator", shares, INJ)
    story.exec("gateway", shares, {"sweep": {"denom": "inj"}})

    # ---- 6. claims: splits first (10 %), then pro rata over 10 shares, exact ----
    # usage 2 INJ: 0.2 contributor, 1.8 → alice 0.9, bob 0.72, carol 0.18
    # royalty 1 INJ: 0.1 contributor, 0.9 → alice 0.45, bob 0.36, carol 0.09
    due = {"contributor": 30 * INJ // 100, "alice": 135 * INJ // 100, "bob": 108 * INJ // 100, "carol": 27 * INJ // 100}
    for key, amount in due.items():
        tx = story.exec(key, shares, {"claim_revenue": {}})
        assert chain.wasm_attr(tx, "amount") == f"{amount}inj", key
    assert chain.bank_balance(shares, "inj") == 0, "everything owed was paid"

    # ---- 7. a milestone of 2.5 INJ to the creator, by proposal ----
    story.pass_proposal(dao, "bob", "milestone 1", [
        {"release_milestone": {"recipient": addr["carol"], "amount": {"denom": "inj", "amount": str(25 * INJ // 10)},
                               "memo": "v2 shipped"}},
    ], [("alice", "yes"), ("bob", "yes")])
    assert chain.bank_balance(dao, "inj") == 9 * INJ - 25 * INJ // 10

    # ---- every balance, exact: what moved, minus each key's own fees ----
    moved = {"validator": -2 * INJ - INJ, "alice": -5 * INJ + due["alice"], "bob": -4 * INJ + due["bob"],
             "carol": due["carol"] + 25 * INJ // 10, "gateway": 0, "contributor": due["contributor"]}
    for key in keys:
        expected = start_bank[key] + moved[key] - story.fees.get(key, 0)
        assert chain.bank_balance(addr[key], "inj") == expected, key
    for contract in (launchpad, access, presale, shares):
        assert chain.bank_balance(contract, "inj") == 0, contract

    chain.record_gas("lifecycle/whole story", sum(story.gas))
    chain.record_gas("lifecycle/transactions", len(story.gas))
