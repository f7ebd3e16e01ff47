"""Node gas per operation for docs/benchmarks: our contracts and the crate-registry anchors run
the same operations on one local node, each tx with the same fixed gas limit and fee so the
tx bytes (10 gas each) do not differ between runs. Writes {"<contract>/<op>": gas_used}."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "chain"))
import chain  # noqa: E402

STORE_GAS = "9500000"
TX_GAS = "800000"
CLAIM_GAS = "9000000"
ROOT = Path(__file__).resolve().parents[2]
HASH_1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
HASH_2 = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"
URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"


def node_seconds():
    """The latest block time of the node, in whole seconds."""
    from datetime import datetime
    stamp = chain._run_cli("status")["sync_info"]["latest_block_time"]
    return int(datetime.fromisoformat(stamp[:19] + "+00:00").timestamp())


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


def modelfund_cli():
    """The `modelfund` client binary, built by cargo (a no-op when it is fresh)."""
    proc = subprocess.run(
        ["cargo", "build", "--locked", "-q", "-p", "modelfund-cli", "--bin", "modelfund",
         "--message-format=json"], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"building the modelfund client failed:\n{proc.stderr[-3000:]}")
    exes = [json.loads(line).get("executable") for line in proc.stdout.splitlines() if line.startswith("{")]
    return [e for e in exes if e and e.endswith("/modelfund")][-1]


def channels_gas(gas, artifacts, acc, dao="bob", user="alice", gateway="carol"):
    """Payment channels on the access model above: the DAO sets a metered plan, the user opens
    113 channels to the approved gateway with one session key, the client signs one voucher per
    channel, and the gateway claims them: single claims whose voucher covers 1, 100 and 10,000
    calls, then batches of 10 and 100 channels (docs/channels.md)."""
    price = 1000
    run("wasm", "execute", acc, json.dumps({"set_plan": {"model_id": "tiny-llm", "plan": {
        "plan_id": "per-call", "price": {"denom": "inj", "amount": str(price)},
        "kind": {"metered": {"unit": "call"}}}}}), sender=dao)
    ch = store_and_instantiate(gas, "channels", Path(artifacts) / "channels.wasm", {
        "access": acc, "grace_period_seconds": 3600, "max_claims_per_tx": 100})
    binary = modelfund_cli()
    config = Path(tempfile.mkdtemp(prefix="mf-bench-cli-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFUND_")}
    env["MODELFUND_CONFIG_DIR"] = str(config)

    def cli(*args):
        proc = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"modelfund {' '.join(args[:2])}: {proc.stderr}")
        return proc.stdout

    shown = cli("key", "new")
    voucher_key = next(l.split(":", 1)[1].strip() for l in shown.splitlines() if l.startswith("voucher_key"))
    expires = str((node_seconds() + 3 * 3600) * 10**9)
    deposit = f"{10_000 * price}inj"
    open_msg = {"open": {"model_id": "tiny-llm", "plan_id": "per-call", "gateway": chain.addr_of(gateway),
                         "voucher_key": voucher_key, "expires_at": expires}}
    tx = run("wasm", "execute", ch, json.dumps(open_msg), "--amount", deposit, sender=user)
    gas["channels/open"] = int(tx["gas_used"])
    for _ in range(112):
        run("wasm", "execute", ch, json.dumps(open_msg), "--amount", deposit, sender=user)
    tx = run("wasm", "execute", ch, json.dumps({"top_up": {"channel_id": 1}}), "--amount", f"{price}inj",
             sender=user)
    gas["channels/top_up"] = int(tx["gas_used"])
    chain_id = os.environ["MF_CHAIN_ID"]

    def voucher(channel_id, calls):
        return json.loads(cli("voucher", "--channel", str(channel_id), "--amount", str(calls * price),
                              "--chain-id", chain_id, "--contract", ch))

    def claim(vouchers):
        tx = run("wasm", "execute", ch, json.dumps({"claim": {"vouchers": vouchers}}), sender=gateway,
                 gas=CLAIM_GAS)
        return int(tx["gas_used"])

    for channel_id, calls in ((1, 1), (2, 100), (3, 10_000)):
        gas[f"channels/claim_1_voucher_{calls}_calls"] = claim([voucher(channel_id, calls)])
    gas["channels/claim_10"] = claim([voucher(c, 100) for c in range(4, 14)])
    gas["channels/claim_100"] = claim([voucher(c, 100) for c in range(14, 114)])
    home = os.environ.get("MF_HOME")
    if home:
        genesis = json.loads((Path(home) / "config" / "genesis.json").read_text())
        gas["block/max_gas"] = int(genesis["consensus"]["params"]["block"]["max_gas"])


def main(artifacts, anchors, out):
    gas = {}
    alice, bob = chain.addr_of("alice"), chain.addr_of("bob")
    carol = chain.addr_of("carol")

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

    # shares vs cw20-base: the same token, the same transfer
    token = {"name": "Tiny LLM shares", "symbol": "TINY", "decimals": 6,
             "initial_balances": [{"address": alice, "amount": "1000000"}],
             "mint": {"minter": alice, "cap": None}, "marketing": None}
    shares = store_and_instantiate(gas, "shares", Path(artifacts) / "shares.wasm", token)
    cw20 = store_and_instantiate(gas, "cw20_base", Path(anchors) / "cw20_base.wasm", token)
    for name, contract in (("shares", shares), ("cw20_base", cw20)):
        execute(gas, name, "mint", contract, {"mint": {"recipient": bob, "amount": "500"}})
        execute(gas, name, "transfer", contract, {"transfer": {"recipient": bob, "amount": "300"}})

    # delegation: alice's vote goes through carol, then a transfer of the delegating alice moves
    # carol's power with it; then bob delegates too (to the contributor key), so the transfer
    # moves two delegates' power (a transfer's worst case with delegation)
    del_shares = store_and_instantiate(gas, "del_shares", Path(artifacts) / "shares.wasm", token)
    run("wasm", "execute", del_shares, json.dumps({"mint": {"recipient": bob, "amount": "500"}}))
    execute(gas, "shares", "delegate", del_shares, {"delegate": {"to": carol}})
    execute(gas, "shares", "transfer_with_delegation", del_shares,
            {"transfer": {"recipient": bob, "amount": "300"}})
    run("wasm", "execute", del_shares, json.dumps({"delegate": {"to": chain.addr_of("contributor")}}),
        sender="bob")
    execute(gas, "shares", "transfer_both_delegating", del_shares,
            {"transfer": {"recipient": bob, "amount": "300"}})

    # the same token with revenue on (one denom): a distribution right before the transfer moves
    # the index, so both sides settle and write their revenue record (a transfer's worst case)
    rev_token = dict(token, revenue={"admin": None, "denoms": ["inj"], "splits": []})
    rev_shares = store_and_instantiate(gas, "rev_shares", Path(artifacts) / "shares.wasm", rev_token)
    run("wasm", "execute", rev_shares, json.dumps({"mint": {"recipient": bob, "amount": "500"}}))
    tx = run("wasm", "execute", rev_shares, json.dumps({"distribute": {}}), "--amount", "1000inj")
    gas["shares/distribute"] = int(tx["gas_used"])
    execute(gas, "shares", "transfer_with_revenue", rev_shares,
            {"transfer": {"recipient": bob, "amount": "300"}})
    execute(gas, "shares", "claim_revenue", rev_shares, {"claim_revenue": {}})

    # access: bob owns the registry's model NFT (transferred above), so he is its DAO; alice is
    # a registrar and buys usage, carol is the gateway; payments go to rev_shares
    acc = store_and_instantiate(gas, "access", Path(artifacts) / "access.wasm", {
        "registry": reg, "admin": alice, "registrars": [alice], "name": "Licenses", "symbol": "LIC"})
    run("wasm", "execute", acc, json.dumps({"register_model": {
        "model_id": "tiny-llm", "shares": rev_shares, "license_royalty_bps": 500}}))
    run("wasm", "execute", acc, json.dumps({"set_plan": {"model_id": "tiny-llm", "plan": {
        "plan_id": "pack-100", "price": {"denom": "inj", "amount": "1000"},
        "kind": {"credits": {"calls_per_pack": 100}}}}}), sender="bob")
    run("wasm", "execute", acc, json.dumps({"approve_gateway": {"model_id": "tiny-llm", "gateway": carol}}),
        sender="bob")
    tx = run("wasm", "execute", acc, json.dumps({"buy_credits": {
        "model_id": "tiny-llm", "plan_id": "pack-100", "packs": 2,
        "grant": {"gateway": carol, "calls": 150}}}), "--amount", "2000inj")
    gas["access/buy_credits"] = int(tx["gas_used"])
    execute(gas, "access", "consume", acc, {"consume": {
        "model_id": "tiny-llm", "user": alice, "calls": 40, "request_id": "bench-0001",
        "license_id": None}}, sender="carol")

    channels_gas(gas, artifacts, acc)

    # a presale: contribute, finalize at the hard cap, claim
    token["initial_balances"] = []
    sale_shares = store_and_instantiate(gas, "sale_shares", Path(artifacts) / "shares.wasm", token)
    now = node_seconds() + 6
    tx = run("wasm", "store", str(Path(artifacts) / "presale.wasm"), gas=STORE_GAS)
    gas["presale/store"] = int(tx["gas_used"])
    code_id = chain.tx_attr(tx, "store_code", "code_id")
    msg = {"denom": "inj", "price": "1000", "soft_cap": "100000", "hard_cap": "300000",
           "start": str(now * 10**9), "end": str((now + 3600) * 10**9),
           "min_per_address": "1000", "max_per_address": "200000", "treasury": alice,
           "creator": alice, "creator_allocation": "10", "shares": sale_shares}
    tx = run("wasm", "instantiate", code_id, json.dumps(msg), "--label", "bench-presale", "--no-admin")
    gas["presale/instantiate"] = int(tx["gas_used"])
    sale = chain.tx_attr(tx, "instantiate", "_contract_address")
    run("wasm", "execute", sale_shares, json.dumps({"update_minter": {"new_minter": sale}}))
    while node_seconds() < now:
        time.sleep(0.5)
    tx = run("wasm", "execute", sale, json.dumps({"contribute": {}}), "--amount", "200000inj")
    gas["presale/contribute"] = int(tx["gas_used"])
    run("wasm", "execute", sale, json.dumps({"contribute": {}}), "--amount", "100000inj", sender="bob")
    tx = run("wasm", "execute", sale, json.dumps({"finalize": {}}))
    gas["presale/finalize"] = int(tx["gas_used"])
    tx = run("wasm", "execute", sale, json.dumps({"claim": {}}))
    gas["presale/claim"] = int(tx["gas_used"])

    # governance vs cw3-fixed-multisig: the same proposal (one bank send), the same voter
    payout = {"bank": {"send": {"to_address": carol, "amount": [{"denom": "inj", "amount": "100"}]}}}
    title, description = "Pay the fine-tune", "Milestone 1"
    vote_token = {"name": "Vote shares", "symbol": "VOTE", "decimals": 6,
                  "initial_balances": [{"address": a, "amount": "1000000"} for a in (alice, bob, carol)],
                  "mint": None, "marketing": None}
    vote_shares = store_and_instantiate(gas, "vote_shares", Path(artifacts) / "shares.wasm", vote_token)
    dao = store_and_instantiate(gas, "governance", Path(artifacts) / "governance.wasm", {
        "shares": vote_shares, "registry": None, "model_id": None,
        "params": {"voting_period_seconds": 3600, "quorum": "0.1", "threshold": "0.5",
                   "timelock_seconds": 1, "deposit": None, "min_propose_power": "1", "max_actions": 5}})
    run("bank", "send", alice, dao, "1000inj", gas="200000")
    cw3 = store_and_instantiate(gas, "cw3_fixed_multisig", Path(anchors) / "cw3_fixed_multisig.wasm", {
        "voters": [{"addr": a, "weight": 1} for a in (alice, bob, carol)],
        "threshold": {"absolute_count": {"weight": 2}}, "max_voting_period": {"time": 3600}})
    run("bank", "send", alice, cw3, "1000inj", gas="200000")
    execute(gas, "governance", "propose", dao, {"propose": {
        "title": title, "description": description,
        "actions": [{"custom": payout}]}})
    execute(gas, "cw3_fixed_multisig", "propose", cw3, {"propose": {
        "title": title, "description": description, "msgs": [payout], "latest": None}})
    # bob's yes passes both (cw3: alice's proposal counts as her yes)
    execute(gas, "governance", "vote", dao, {"vote": {"proposal_id": 1, "vote": "yes"}}, sender="bob")
    execute(gas, "governance", "vote_second", dao, {"vote": {"proposal_id": 1, "vote": "yes"}}, sender="alice")
    execute(gas, "cw3_fixed_multisig", "vote", cw3, {"vote": {"proposal_id": 1, "vote": "yes"}}, sender="bob")
    # the DAO's timelock is at least 1 s (ParamBounds::ABSOLUTE): wait it out on the node's clock
    ready = node_seconds() + 2
    while node_seconds() < ready:
        time.sleep(0.5)
    execute(gas, "governance", "execute", dao, {"execute": {"proposal_id": 1}}, sender="carol")
    execute(gas, "cw3_fixed_multisig", "execute", cw3, {"execute": {"proposal_id": 1}}, sender="carol")

    # a vote with delegated power: the gateway key gets 10 shares and delegates them to bob, so
    # bob's checkpoint carries received power; bob votes on a second proposal (not passing it
    # alone, like his first vote)
    gateway = chain.addr_of("gateway")
    run("wasm", "execute", vote_shares, json.dumps({"transfer": {"recipient": gateway, "amount": "10"}}))
    run("wasm", "execute", vote_shares, json.dumps({"delegate": {"to": bob}}), sender="gateway")
    execute(gas, "governance", "propose_second", dao, {"propose": {
        "title": title, "description": description,
        "actions": [{"custom": payout}]}})
    execute(gas, "governance", "vote_with_delegation", dao, {"vote": {"proposal_id": 2, "vote": "yes"}},
            sender="bob")

    Path(out).write_text(json.dumps(gas, indent=2, sort_keys=True))
    print(json.dumps(gas, indent=2, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:4])
