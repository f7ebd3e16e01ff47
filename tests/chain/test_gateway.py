"""The inference gateway (services/gateway) on a real node. The model's artifact is published
as ipfs://<cid> and fetched through a local stand-in IPFS gateway; its sha256 is the registry's
content_hash. The DAO sets a metered plan and approves the gateway's own plain secp256k1 key;
the user opens two channels with the `modelfund` client and pays each call with a voucher
printed by `modelfund voucher`. Bad vouchers get their statuses; the gateway settles with one
batched claim signed in process; then the gateway is killed with SIGKILL under load from two
clients, restarted on the same database, and at the end what the chain claimed on each channel
equals the price of every answered request. Then a user who bought credits grants the gateway
calls with a session key (`modelfund grant`) and asks with signed nonces (`modelfund ask
--access`); the gateway is killed with SIGKILL after answering, restarted, and its final
settlement meters exactly the answered calls with one `consume_batch`. Last, oversized requests
get 413 and the DAO, in one vote, publishes a version whose artifact does not match its
content_hash (refused: the verified version keeps serving, /healthz and /metrics say why) and
revokes the gateway (paid calls: 403); nothing refused is settled. The backend is the
built-in runtime running the demo
model (scripts/model.sh builds its artifact from the shipped corpus); the OpenAI-compatible proxy
backend is tested by the gateway's Rust tests."""

import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import chain
from test_channels_cli import cli, modelfund_bin  # noqa: F401  (fixture)
from test_presale import node_time, wait_until

ROOT = Path(__file__).resolve().parents[2]

PRICE = 10**12          # 0.000001 INJ per call
PACK_PRICE = 10**15     # 0.001 INJ for a pack of CALLS_PER_PACK credits
CALLS_PER_PACK = 10
DEPOSIT = 100_000 * PRICE
MAX_CALLS = 20_000      # per client in the load phase, far below what the deposit covers
TIMELOCK = 5


@pytest.fixture(scope="module")
def gateway_bin():
    proc = subprocess.run(
        ["cargo", "build", "--locked", "-p", "modelfund-gateway", "--bin", "modelfund-gateway",
         "--message-format=json"],
        cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    exes = [json.loads(line).get("executable") for line in proc.stdout.splitlines() if line.startswith("{")]
    exes = [e for e in exes if e and e.endswith("/modelfund-gateway")]
    assert exes, proc.stdout[-2000:]
    return exes[-1]


@pytest.fixture(scope="module")
def demo_model(tmp_path_factory):
    """The demo model's artifact, built deterministically from the shipped corpus by
    scripts/model.sh (the built-in runtime's format); returns (bytes, sha256 hex)."""
    out = tmp_path_factory.mktemp("model")
    proc = subprocess.run([str(ROOT / "scripts" / "model.sh"), str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = next(out.glob("*.mflm")).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert proc.stdout.strip() == digest
    return data, digest


class Ipfs(BaseHTTPRequestHandler):
    """A stand-in IPFS HTTP gateway: GET /ipfs/<cid> answers the artifact published under it."""

    files = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        data = Ipfs.files.get(self.path.removeprefix("/ipfs/"))
        self.send_response(200 if data is not None else 404)
        self.send_header("content-length", str(len(data or b"")))
        self.end_headers()
        self.wfile.write(data or b"")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), dict(e.headers)


def http_text(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode(), dict(r.headers)


class Gateway:
    """The gateway process; always stopped by pid."""

    def __init__(self, binary, config, log):
        self.binary, self.config, self.log = binary, config, log
        self.proc = None

    def start(self):
        out = open(self.log, "ab")
        self.proc = subprocess.Popen([self.binary, "--config", str(self.config)], stdout=out, stderr=out)
        url = json.loads(Path(self.config).read_text())["listen"]
        deadline = time.time() + 60
        while True:
            assert self.proc.poll() is None, Path(self.log).read_text()[-3000:]
            try:
                status, body, _ = http("GET", f"http://{url}/healthz", timeout=2)
                if status == 200:
                    return body
            except OSError:
                pass
            assert time.time() < deadline, Path(self.log).read_text()[-3000:]
            time.sleep(0.2)

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        """SIGTERM: the gateway settles first, then exits (SIGKILL after two minutes)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def test_the_gateway_serves_paid_calls_settles_them_and_loses_nothing_to_kill_9(
        artifacts, modelfund_bin, gateway_bin, demo_model, tmp_path):  # noqa: F811
    data, digest = demo_model
    cid = "bafkreidemo" + digest[:24]
    Ipfs.files[cid] = data
    stub = ThreadingHTTPServer(("127.0.0.1", 0), Ipfs)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    stub_url = f"http://127.0.0.1:{stub.server_address[1]}"
    started = []  # the gateway process, stopped by pid here also when the scenario fails
    try:
        run_scenario(artifacts, modelfund_bin, gateway_bin, tmp_path, stub_url, cid, digest, started)
    finally:
        for gw in started:
            gw.stop()
        stub.shutdown()


def deploy(artifacts, gateway, cid, digest):
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("registry", "shares", "governance", "access", "channels")}
    alice, bob, carol = (chain.addr_of(k) for k in ("alice", "bob", "carol"))
    registry = chain.instantiate(codes["registry"], {
        "name": "Models", "symbol": "MODEL", "owner": carol, "minters": None, "royalty_limits": None,
    }, "gw-registry", "--from", "carol")
    access = chain.instantiate(codes["access"], {
        "registry": registry, "admin": carol, "registrars": [carol],
        "name": "Model licenses", "symbol": "LIC",
    }, "gw-access", "--from", "carol")
    shares = chain.instantiate(codes["shares"], {
        "name": "Served model shares", "symbol": "SRVM", "decimals": 0,
        "initial_balances": [{"address": alice, "amount": "600"}, {"address": bob, "amount": "400"}],
        "mint": None, "marketing": None,
        "revenue": {"admin": carol, "denoms": ["inj"], "splits": []},
    }, "gw-shares", "--from", "carol")
    dao = chain.instantiate(codes["governance"], {
        "shares": shares, "registry": registry, "model_id": "served-model", "access": access,
        "params": {"voting_period_seconds": 300, "quorum": "0.3", "threshold": "0.5",
                   "timelock_seconds": TIMELOCK, "deposit": None,
                   "min_propose_power": "1", "max_actions": 5},
    }, "gw-dao", "--from", "carol")
    chain.execute(shares, {"update_revenue_admin": {"admin": dao}}, "--from", "carol")
    chain.execute(registry, {"mint": {
        "token_id": "served-model", "owner": dao, "token_uri": None,
        "model": {"name": "Served model", "description": "", "content_hash": digest,
                  "storage_uri": f"ipfs://{cid}", "license": {"id": "mit", "uri": None},
                  "version": "v1.0.0", "notes": None},
        "royalty": None}}, "--from", "carol")
    chain.execute(access, {"register_model": {"model_id": "served-model", "shares": shares,
                                              "license_royalty_bps": 500}}, "--from", "carol")
    channels = chain.instantiate(codes["channels"], {
        "access": access, "grace_period_seconds": 60, "max_claims_per_tx": 50,
    }, "gw-channels", "--from", "carol")
    pass_proposal(dao, "Serve the model", [
        {"set_pricing_plan": {"plan": {"plan_id": "per-call", "price": {"denom": "inj", "amount": str(PRICE)},
                                       "kind": {"metered": {"unit": "call"}}}}},
        {"set_pricing_plan": {"plan": {"plan_id": "pack", "price": {"denom": "inj", "amount": str(PACK_PRICE)},
                                       "kind": {"credits": {"calls_per_pack": CALLS_PER_PACK}}}}},
        {"approve_gateway": {"gateway": gateway}},
    ])
    return registry, access, channels, dao


def pass_proposal(dao, title, actions):
    """alice (60 % of the shares) proposes and votes yes; bob executes after the timelock."""
    tx = chain.execute(dao, {"propose": {"title": title, "description": "", "actions": actions}}, "--from", "alice")
    pid = int(chain.wasm_attr(tx, "proposal_id"))
    chain.execute(dao, {"vote": {"proposal_id": pid, "vote": "yes"}}, "--from", "alice")
    executable_at = -(-int(chain.query(dao, {"proposal": {"proposal_id": pid}})["executable_at"]) // 10**9)
    wait_until(executable_at)
    chain.execute(dao, {"execute": {"proposal_id": pid}}, "--from", "bob")


def run_scenario(artifacts, modelfund_bin, gateway_bin, tmp_path, stub_url, cid, digest, started):  # noqa: F811
    # the gateway's own plain secp256k1 key, funded for fees
    key_file = tmp_path / "gateway.key"
    key_file.write_text(secrets.token_hex(32))
    key_file.chmod(0o600)
    gateway = subprocess.run([gateway_bin, "--print-address", "--key-file", str(key_file)],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert gateway.startswith("inj1")
    chain.tx("bank", "send", "validator", gateway, "10000000000000000000inj", "--from", "validator")

    registry, access, channels, dao = deploy(artifacts, gateway, cid, digest)
    chain_id, rest = os.environ["MF_CHAIN_ID"], os.environ["MF_REST_URL"]

    # two users' session keys and channels (opened by carol's chain key through the client)
    config_dir = tmp_path / "modelfund"
    tx_flags = ["--contract", channels, "--from", "carol", "--keyring-backend", "test", "--home", os.environ["MF_HOME"],
                "--node", os.environ["MF_NODE"], "--chain-id", chain_id, "--gas", "auto", "--gas-adjustment", "1.5",
                "--gas-prices", "160000000inj", "--yes", "--injectived", os.environ["INJECTIVED"]]
    expires_at = node_time() + 3600
    for n, name in ((1, "one"), (2, "two")):
        cli(modelfund_bin, config_dir, "key", "new", "--key", name)
        cli(modelfund_bin, config_dir, "channel", "open", "--key", name, "--model", "served-model", "--plan", "per-call",
            "--gateway", gateway, "--deposit", f"{DEPOSIT}inj", "--expires-at", str(expires_at), *tx_flags)
        deadline = time.time() + 30
        while True:
            try:
                chain.query(channels, {"channel": {"channel_id": n}})
                break
            except chain.ChainError:
                assert time.time() < deadline, f"channel {n} did not appear"
                time.sleep(0.5)

    def voucher(n, amount):
        out = cli(modelfund_bin, config_dir, "voucher", "--key", "one" if n == 1 else "two", "--channel", str(n),
                  "--amount", str(amount), "--chain-id", chain_id, "--contract", channels,
                  "--allow-lower").stdout
        v = json.loads(out)
        return f"{v['channel_id']}:{v['amount']}:{v['signature']}"

    def claimed(n):
        return int(chain.query(channels, {"channel": {"channel_id": n}})["claimed"])

    port = free_port()
    config = tmp_path / "gateway.json"
    config.write_text(json.dumps({
        "rest": rest, "chain_id": chain_id, "registry": registry, "access": access, "channels": channels,
        "model_id": "served-model", "key_file": str(key_file),
        "backend": {"kind": "builtin"},
        "settle_interval_seconds": 3, "listen": f"127.0.0.1:{port}",
        "database": str(tmp_path / "gateway.sqlite"), "cache_dir": str(tmp_path / "cache"),
        "ipfs_gateway": stub_url, "model_poll_seconds": 5, "channel_ttl_ms": 1000,
    }))
    gw = Gateway(gateway_bin, config, tmp_path / "gateway.log")
    started.append(gw)
    health = gw.start()
    assert health["serving"]["content_hash"] == digest
    assert health["gateway"] == gateway
    url = f"http://127.0.0.1:{port}"
    body = {"model": "served-model", "prompt": "The holders of a model", "max_tokens": 8}

    # bad inputs: no voucher, a foreign signature shape, underpaying, above the deposit
    assert http("POST", f"{url}/v1/completions", body)[0] == 401
    assert http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": "1:5:zz"})[0] == 400
    bad_sig = voucher(2, PRICE).replace("2:", "1:", 1)  # channel 2's voucher presented for channel 1
    assert http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": bad_sig})[0] == 401
    status, err, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": voucher(1, PRICE - 1)})
    assert status == 402 and err["error"]["code"] == "underpaid", err
    status, err, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": voucher(1, DEPOSIT + 1)})
    assert status == 402 and err["error"]["code"] == "above_deposit", err

    # ten paid calls on channel 1, each answered
    answered = {1: 0, 2: 0, 3: 0}
    for _ in range(10):
        status, answer, _ = http("POST", f"{url}/v1/completions", body,
                                 {"X-Modelfund-Voucher": voucher(1, (answered[1] + 1) * PRICE)})
        assert status == 200, answer
        assert isinstance(answer["choices"][0]["text"], str), answer
        assert answer["choices"][0]["finish_reason"] in ("length", "stop"), answer
        assert answer["modelfund"]["content_hash"] == digest
        answered[1] += 1
    # the newest voucher sent again (a client retry): the same answer, not a second call
    status, again, headers = http("POST", f"{url}/v1/completions", body,
                                  {"X-Modelfund-Voucher": voucher(1, 10 * PRICE)})
    assert status == 200 and again == answer, again
    assert {k.lower(): v for k, v in headers.items()}.get("x-modelfund-replayed") == "true"
    # an older voucher is a replay
    status, err, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": voucher(1, 5 * PRICE)})
    assert status == 409 and err["error"]["code"] == "voucher_replayed", err

    # the client's `ask` on channel 2: each call signs the next voucher (answered + one call's
    # price) and prints the answer and the running cost
    for n_calls in (1, 2):
        out = cli(modelfund_bin, config_dir, "ask", "The holders of a model", "--key", "two", "--gateway", url,
                  "--channel", "2", "--chain-id", chain_id, "--contract", channels, "--rest", rest,
                  "--max-tokens", "8").stdout.strip().splitlines()
        assert len(out) >= 2 and out[0].strip(), out
        assert out[-1] == f"cost: {PRICE} inj for this call; {n_calls * PRICE} of {DEPOSIT} inj spent on channel 2", out
        answered[2] += 1
    # a channel whose voucher key is not the session key is refused before any call
    refused = cli(modelfund_bin, config_dir, "ask", "hi", "--key", "one", "--gateway", url, "--channel", "2",
                  "--chain-id", chain_id, "--contract", channels, "--rest", rest, check=False)
    assert refused.returncode == 1 and "not this session key" in refused.stderr, refused.stderr

    # `ask` with no channel named: a third session key has none, so without --deposit it says how
    # to open one; with --deposit it opens channel 3 (carol's key, through injectived) on the
    # model's only per-call plan, read from the gateway's /v1/models, and pays the call with it;
    # the next `ask` finds channel 3 again instead of opening another
    cli(modelfund_bin, config_dir, "key", "new", "--key", "auto")
    open_flags = [f for f in tx_flags if f not in ("--contract", channels)]
    ask3 = ["ask", "The holders of a model", "--key", "auto", "--gateway", url, "--rest", rest, "--max-tokens", "8"]
    refused = cli(modelfund_bin, config_dir, *ask3, *open_flags, check=False)
    assert refused.returncode == 1 and "pass --deposit" in refused.stderr, refused.stderr
    opened = cli(modelfund_bin, config_dir, *ask3, "--deposit", f"{DEPOSIT}inj", *open_flags)
    assert "opened channel 3" in opened.stderr, opened.stderr
    assert opened.stdout.splitlines()[-1] == f"cost: {PRICE} inj for this call; {PRICE} of {DEPOSIT} inj spent on channel 3"
    again = cli(modelfund_bin, config_dir, *ask3, "--deposit", f"{DEPOSIT}inj", *open_flags)
    assert "opened" not in again.stderr, again.stderr
    assert again.stdout.splitlines()[-1] == f"cost: {PRICE} inj for this call; {2 * PRICE} of {DEPOSIT} inj spent on channel 3"
    assert int(chain.query(channels, {"config": {}})["channels_opened"]) == 3
    view = chain.query(channels, {"channel": {"channel_id": 3}})
    assert view["plan_id"] == "per-call" and view["gateway"] == gateway and view["user"] == chain.addr_of("carol")
    answered[3] = 2

    # settlement on the policy (every 3 s): one claim, signed in process
    deadline = time.time() + 60
    while claimed(1) != answered[1] * PRICE:
        assert time.time() < deadline, f"not settled: {claimed(1)} != {answered[1] * PRICE}"
        time.sleep(1)

    # kill -9 under load: two clients call in parallel, each retrying a failed call with the same
    # voucher until the gateway answers it
    stop = threading.Event()
    errors = []

    def client(n):
        try:
            while not stop.is_set() and answered[n] < MAX_CALLS:
                v = voucher(n, (answered[n] + 1) * PRICE)
                deadline = time.time() + 120
                while True:
                    try:
                        status, answer, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": v},
                                                 timeout=10)
                    except OSError:
                        status = None
                    if status == 200:
                        answered[n] += 1
                        break
                    assert status is None, f"channel {n}: {status} {answer}"
                    assert time.time() < deadline, f"channel {n}: the gateway did not come back"
                    time.sleep(0.2)
        except Exception as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=client, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    try:
        time.sleep(3)
        before_kill = dict(answered)
        gw.kill9()
        time.sleep(1)
        gw.start()
        time.sleep(3)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=180)
    assert not errors, errors
    assert answered[1] > before_kill[1] and answered[2] > 0, (before_kill, answered)

    # a graceful stop settles first; the chain then holds exactly the price of every answer
    gw.stop()
    assert gw.proc.returncode == 0, Path(gw.log).read_text()[-3000:]
    for n in (1, 2, 3):
        assert claimed(n) == answered[n] * PRICE, (n, claimed(n), answered)
    log = Path(gw.log).read_text()
    assert "settled" in log and "final settlement done" in log

    credits_flow(gw, config, access, gateway, modelfund_bin, config_dir, tx_flags, chain_id, rest, url, body)
    refusals_after_the_daos_vote(gw, dao, gateway, cid, digest, url, body, lambda: voucher(1, (answered[1] + 1) * PRICE))
    assert claimed(1) == answered[1] * PRICE, "a refused call was settled"


def refusals_after_the_daos_vote(gw, dao, gateway, cid, digest, url, body, next_voucher):
    """On the node: oversized requests (413) serve and record nothing; the DAO then publishes a
    version whose artifact does not match its content_hash and revokes the gateway in one vote:
    the gateway refuses that artifact (it keeps serving the verified version and says why) and
    refuses paid calls with 403."""
    gw.start()
    v = next_voucher()
    status, err, _ = http("POST", f"{url}/v1/completions", dict(body, max_tokens=10**6), {"X-Modelfund-Voucher": v})
    assert status == 413 and err["error"]["code"] == "max_tokens_too_large", err
    huge = dict(body, prompt="x" * (128 * 1024))  # above the default max_body_bytes (64 KiB)
    status, err, _ = http("POST", f"{url}/v1/completions", huge, {"X-Modelfund-Voucher": v})
    assert status == 413 and err["error"]["code"] == "request_too_large", err

    pass_proposal(dao, "A bad version, and no more serving", [
        {"publish_model_version": {"version": "v2.0.0", "content_hash": "00" * 32, "uri": f"ipfs://{cid}",
                                   "notes": "its artifact is v1.0.0's bytes"}},
        {"revoke_gateway": {"gateway": gateway}},
    ])
    # the registry's latest is v2.0.0 now; the gateway polls it every 5 s
    deadline = time.time() + 60
    while True:
        status, health, _ = http("GET", f"{url}/healthz")
        if "v2.0.0" in (health.get("last_error") or ""):
            break
        assert time.time() < deadline, health
        time.sleep(1)
    assert status == 200 and health["serving"]["version"] == "v1.0.0", health
    assert health["serving"]["content_hash"] == digest, health
    assert f"the registry says {'00' * 32}: refused" in health["last_error"], health
    status, text, _ = http_text(f"{url}/metrics")
    mismatches = re.search(r"^modelfund_gateway_artifact_mismatches_total (\d+)", text, re.M)
    assert mismatches and int(mismatches.group(1)) >= 1, text[-2000:]
    # revoked by the DAO: a paid call is refused before the model
    # (its channel cache lives 1 s; the version poll above took longer)
    status, err, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Voucher": v})
    assert status == 403 and err["error"]["code"] == "gateway_not_approved", (status, err)
    gw.stop()
    assert gw.proc.returncode == 0, Path(gw.log).read_text()[-3000:]


def credits_flow(gw, config, access, gateway, modelfund_bin, config_dir, tx_flags, chain_id, rest, url, body):  # noqa: F811
    """Credits through the gateway: buy, grant with the session key, ask with signed nonces,
    kill -9 after the answers, restart; the final settlement meters exactly the answered calls."""
    carol = chain.addr_of("carol")

    def credits():
        return int(chain.query(access, {"credits": {"model_id": "served-model", "user": carol}})["credits"])

    chain.execute(access, {"buy_credits": {"model_id": "served-model", "plan_id": "pack", "packs": 1,
                                           "grant": None}}, "--amount", f"{PACK_PRICE}inj", "--from", "carol")
    assert credits() == CALLS_PER_PACK
    cli(modelfund_bin, config_dir, "key", "new", "--key", "three")
    grant_flags = list(tx_flags)
    grant_flags[grant_flags.index("--contract"):grant_flags.index("--contract") + 2] = ["--access", access]
    cli(modelfund_bin, config_dir, "grant", "--key", "three", "--model", "served-model", "--gateway", gateway,
        "--calls", "5", *grant_flags)
    deadline = time.time() + 30
    while not chain.query(access, {"grant": {"model_id": "served-model", "user": carol, "gateway": gateway}}):
        assert time.time() < deadline, "the grant did not appear"
        time.sleep(0.5)
    grant = chain.query(access, {"grant": {"model_id": "served-model", "user": carol, "gateway": gateway}})
    assert grant["calls"] == 5 and len(grant["session_key"]) == 44, grant  # base64 of 33 bytes

    # settle only at shutdown, so the calls are pending when the gateway is killed
    cfg = json.loads(Path(config).read_text())
    cfg["settle_interval_seconds"] = 3600
    Path(config).write_text(json.dumps(cfg))
    gw.start()

    def ask(*extra, key="three", check=True):
        return cli(modelfund_bin, config_dir, "ask", "The holders of a model", "--key", key, "--gateway", url,
                   "--chain-id", chain_id, "--access", access, "--user", carol, "--rest", rest,
                   "--max-tokens", "8", *extra, check=check)

    for _ in range(2):
        out = ask().stdout.strip().splitlines()
        assert out[-1].startswith("paid from credits: 1 call, nonce "), out
    # a signature that does not verify, a user who granted nothing, a lease carol does not hold
    zero_sig = "A" * 86 + "=="
    status, err, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Access": f"{carol}:99:{zero_sig}"})
    assert status == 401 and err["error"]["code"] == "bad_signature", err
    alice = chain.addr_of("alice")
    status, err, _ = http("POST", f"{url}/v1/completions", body, {"X-Modelfund-Access": f"{alice}:1:{zero_sig}"})
    assert status == 403 and err["error"]["code"] == "no_grant", err
    # another session key than the grant's: the client refuses before any call
    refused = ask(key="one", check=False)
    assert refused.returncode == 1 and "does not name this session key" in refused.stderr, refused.stderr
    out = ask().stdout.strip().splitlines()
    assert out[-1].startswith("paid from credits"), out
    answered = 3
    # nothing metered yet; kill -9 now
    assert credits() == CALLS_PER_PACK
    gw.kill9()
    gw.start()
    # the grant allows 5: two more calls are served, the sixth is refused before the model
    for _ in range(2):
        ask()
        answered += 1
    refused = ask(check=False)
    assert refused.returncode == 1 and "(402)" in refused.stderr and "grant" in refused.stderr, refused.stderr
    assert credits() == CALLS_PER_PACK
    gw.stop()
    assert gw.proc.returncode == 0, Path(gw.log).read_text()[-3000:]
    # exactly the answered calls, from credits and from the grant
    assert credits() == CALLS_PER_PACK - answered, (credits(), answered)
    grant = chain.query(access, {"grant": {"model_id": "served-model", "user": carol, "gateway": gateway}})
    assert grant["calls"] == 0, grant
    usage = chain.query(access, {"usage": {"model_id": "served-model", "start_after": None, "limit": 30}})["usage"]
    assert [u["user"] for u in usage] == [carol] * answered, usage
    assert len({u["request_id"] for u in usage}) == answered
    # one consume_batch for the five (three from before the kill, two after)
    log = Path(gw.log).read_text()
    hashes = [re.search(r"[0-9A-F]{64}", line).group(0) for line in log.splitlines() if "usages metered" in line]
    assert len(hashes) == 1, log[-3000:]
    txjson = chain._run_cli("query", "tx", hashes[0])
    assert chain.wasm_attr(txjson, "action") == "consume_batch"
    assert chain.wasm_attr(txjson, "consumed") == str(answered)
    assert chain.wasm_attr(txjson, "skipped") == "0"
    chain.record_gas(f"access_consume_batch_{answered}", txjson["gas_used"])
