"""Payment channels with the `modelfund` client on a real node. The test stores the codes and
builds its own small protocol (scripts/up.sh deploys channels next to the launchpad) so its DAO
can act within seconds. The
model's DAO sets a metered plan (0.001 INJ per call) and approves a gateway by proposal; the
user creates a session key and opens a channel with `modelfund channel open` (signed by the
user's own key through injectived), `modelfund voucher` signs 1,000 cumulative vouchers, the
gateway claims the last one in one tx, and the holders' claimable revenue rises by exactly the
claimed amount minus the 10 % split. The chain's `voucher_message` equals the documented bytes
(computed here independently). A close before the deadline is refused; from the deadline on it
returns the rest to the user."""

import base64
import hashlib
import json
import os
import struct
import subprocess
import time
from pathlib import Path

import pytest

import chain
from test_presale import node_time, wait_until

ROOT = Path(__file__).resolve().parents[2]

HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
CALL_PRICE = 10**15          # 0.001 INJ per call
CALLS = 1000
DEPOSIT = 2 * CALLS * CALL_PRICE
TIMELOCK = 5
GRACE = 2


@pytest.fixture(scope="module")
def modelfund_bin():
    """The `modelfund` binary, built by cargo (a no-op when the unit layer built it)."""
    proc = subprocess.run(
        ["cargo", "build", "--locked", "-p", "modelfund-cli", "--bin", "modelfund", "--message-format=json"],
        cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    exes = [json.loads(line).get("executable") for line in proc.stdout.splitlines() if line.startswith("{")]
    exes = [e for e in exes if e and e.endswith("/modelfund")]
    assert exes, proc.stdout[-2000:]
    return exes[-1]


def cli(binary, config, *args, check=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELFUND_")}
    env["MODELFUND_CONFIG_DIR"] = str(config)
    proc = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
    if check:
        assert proc.returncode == 0, f"modelfund {' '.join(args[:3])}: {proc.stderr}"
    return proc


def voucher_message(chain_id, contract, channel_id, amount):
    """The documented layout (docs/channels.md), written out independently of the Rust code."""
    c, a = chain_id.encode(), contract.encode()
    return (b"modelfund/channels/voucher/v1" + struct.pack(">I", len(c)) + c + struct.pack(">I", len(a)) + a
            + struct.pack(">Q", channel_id) + amount.to_bytes(16, "big"))


def test_a_channel_opened_with_the_cli_settles_1000_vouchers_in_one_claim(artifacts, modelfund_bin, tmp_path):
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("registry", "shares", "governance", "access", "channels")}
    alice, bob, carol, gateway, contributor = (
        chain.addr_of(k) for k in ("alice", "bob", "carol", "gateway", "contributor"))
    registry = chain.instantiate(codes["registry"], {
        "name": "Models", "symbol": "MODEL", "owner": carol, "minters": None, "royalty_limits": None,
    }, "ch-registry", "--from", "carol")
    access = chain.instantiate(codes["access"], {
        "registry": registry, "admin": carol, "registrars": [carol],
        "name": "Model licenses", "symbol": "LIC",
    }, "ch-access", "--from", "carol")
    shares = chain.instantiate(codes["shares"], {
        "name": "Metered model shares", "symbol": "METM", "decimals": 0,
        "initial_balances": [{"address": alice, "amount": "600"}, {"address": bob, "amount": "400"}],
        "mint": None, "marketing": None,
        "revenue": {"admin": carol, "denoms": ["inj"], "splits": []},
    }, "ch-shares", "--from", "carol")
    dao = chain.instantiate(codes["governance"], {
        "shares": shares, "registry": registry, "model_id": "metered-model", "access": access,
        "params": {"voting_period_seconds": 300, "quorum": "0.3", "threshold": "0.5",
                   "timelock_seconds": TIMELOCK, "deposit": None,
                   "min_propose_power": "1", "max_actions": 5},
    }, "ch-dao", "--from", "carol")
    chain.execute(shares, {"update_revenue_admin": {"admin": dao}}, "--from", "carol")
    chain.execute(registry, {"mint": {
        "token_id": "metered-model", "owner": dao, "token_uri": None,
        "model": {"name": "Metered model", "description": "", "content_hash": HASH,
                  "storage_uri": "ipfs://bafy-metered", "license": {"id": "mit", "uri": None},
                  "version": "v1.0.0", "notes": None},
        "royalty": None}}, "--from", "carol")
    chain.execute(access, {"register_model": {"model_id": "metered-model", "shares": shares,
                                              "license_royalty_bps": 500}}, "--from", "carol")
    channels = chain.instantiate(codes["channels"], {
        "access": access, "grace_period_seconds": GRACE, "max_claims_per_tx": 50,
    }, "ch-channels", "--from", "carol")

    # the DAO sets a metered plan, approves the gateway and a 10 % contributor split
    tx = chain.execute(dao, {"propose": {"title": "Metered usage", "description": "", "actions": [
        {"set_pricing_plan": {"plan": {"plan_id": "per-call", "price": {"denom": "inj", "amount": str(CALL_PRICE)},
                                       "kind": {"metered": {"unit": "call"}}}}},
        {"approve_gateway": {"gateway": gateway}},
        {"set_royalty_splits": {"splits": [{"address": contributor, "bps": 1000, "label": "dataset"}]}},
    ]}}, "--from", "alice")
    pid = int(chain.wasm_attr(tx, "proposal_id"))
    chain.execute(dao, {"vote": {"proposal_id": pid, "vote": "yes"}}, "--from", "alice")
    executable_at = -(-int(chain.query(dao, {"proposal": {"proposal_id": pid}})["executable_at"]) // 10**9)
    wait_until(executable_at)
    chain.execute(dao, {"execute": {"proposal_id": pid}}, "--from", "bob")

    # the user's session key, in its own config directory
    config = tmp_path / "modelfund"
    shown = cli(modelfund_bin, config, "key", "new").stdout
    assert oct((config / "keys" / "default.key").stat().st_mode & 0o777) == "0o600"
    voucher_key = next(l.split(":", 1)[1].strip() for l in shown.splitlines() if l.startswith("voucher_key"))

    chain_id = os.environ["MF_CHAIN_ID"]
    rest = os.environ["MF_REST_URL"]
    tx_flags = ["--contract", channels, "--from", "carol", "--keyring-backend", "test", "--home", os.environ["MF_HOME"],
                "--node", os.environ["MF_NODE"], "--chain-id", chain_id, "--gas", "auto", "--gas-adjustment", "1.5",
                "--gas-prices", "160000000inj", "--yes", "--injectived", os.environ["INJECTIVED"]]
    expires_at = node_time() + 60
    cli(modelfund_bin, config, "channel", "open", "--model", "metered-model", "--plan", "per-call",
        "--gateway", gateway, "--deposit", f"{DEPOSIT}inj", "--expires-at", str(expires_at), *tx_flags)

    def show():
        proc = cli(modelfund_bin, config, "channel", "show", "1", "--contract", channels, "--rest", rest, check=False)
        return json.loads(proc.stdout) if proc.returncode == 0 else None

    deadline = time.time() + 30
    while (view := show()) is None:
        assert time.time() < deadline, "the channel did not appear"
        time.sleep(0.5)
    assert view["user"] == carol and view["gateway"] == gateway
    assert view["voucher_key"] == voucher_key
    assert view["deposit"] == str(DEPOSIT) and view["claimed"] == "0" and view["status"] == "open"
    assert view["terms"]["price"] == {"denom": "inj", "amount": str(CALL_PRICE)}

    # the chain signs the documented bytes
    answer = chain.query(channels, {"voucher_message": {"channel_id": 1, "amount": str(CALLS * CALL_PRICE)}})
    expected = voucher_message(chain_id, channels, 1, CALLS * CALL_PRICE)
    assert base64.b64decode(answer["message"]) == expected
    assert base64.b64decode(answer["digest"]) == hashlib.sha256(expected).digest()

    # one voucher per call, cumulative; a lower one is refused by the client
    vouchers = []
    for call in range(1, CALLS + 1):
        out = cli(modelfund_bin, config, "voucher", "--channel", "1", "--amount", str(call * CALL_PRICE),
                  "--chain-id", chain_id, "--contract", channels).stdout
        vouchers.append(json.loads(out))
    assert vouchers[-1]["amount"] == str(CALLS * CALL_PRICE)
    refused = cli(modelfund_bin, config, "voucher", "--channel", "1", "--amount", str(CALL_PRICE),
                  "--chain-id", chain_id, "--contract", channels, check=False)
    assert refused.returncode == 1 and "below" in refused.stderr

    # the user cannot close before the deadline (simulation fails: injectived and the CLI exit non-zero)
    early = cli(modelfund_bin, config, "channel", "close", "1", *tx_flags, check=False)
    assert early.returncode == 1, early.stdout + early.stderr

    def claimable(key):
        coins = chain.query(shares, {"claimable_revenue": {"address": chain.addr_of(key)}})["claimable"]
        return sum(int(c["amount"]) for c in coins if c["denom"] == "inj")

    before = {k: claimable(k) for k in ("alice", "bob", "contributor")}
    tx = chain.execute(channels, {"claim": {"vouchers": [vouchers[-1]]}}, "--from", "gateway")
    paid = CALLS * CALL_PRICE
    assert chain.wasm_attr(tx, "action") == "claim"
    assert chain.bank_balance(channels, "inj") == DEPOSIT - paid
    expected_gain = {"contributor": paid // 10, "alice": paid * 9 // 10 * 600 // 1000,
                     "bob": paid * 9 // 10 * 400 // 1000}
    for key, gain in expected_gain.items():
        assert claimable(key) == before[key] + gain, key
    # an older voucher pays nothing and is no error
    chain.execute(channels, {"claim": {"vouchers": [vouchers[499]]}}, "--from", "gateway")
    assert chain.bank_balance(channels, "inj") == DEPOSIT - paid

    # from the deadline on the user's close returns the rest
    wait_until(expires_at + GRACE + 1)
    cli(modelfund_bin, config, "channel", "close", "1", *tx_flags)
    deadline = time.time() + 30
    while (view := show())["status"] != "closed":
        assert time.time() < deadline, f"the channel did not close: {view}"
        time.sleep(0.5)
    assert view["claimed"] == str(paid) and view["refunded"] == str(DEPOSIT - paid)
    assert chain.bank_balance(channels, "inj") == 0
