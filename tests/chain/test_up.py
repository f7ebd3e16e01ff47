"""The README's main command (scripts/up.sh) on a real node.

- `--network` with a preset pointing at this node deploys the protocol through the launchpad
  exactly as an operator deploys to a testnet, and a second run changes nothing;
- `--dry-run` of every shipped preset prints commands naming its chain id, binary and fee denom;
- each way a deployment cannot start (unknown network, missing binary, unreachable RPC, wrong
  chain, missing key, unfunded key) is one sentence;
- the local mode deploys and launches the demo model and points to the walkthrough of
  docs/cli-guide.md, which runs as written there (after the shell lines up.sh prints, as
  printed): contribute, finalize, claim, propose, vote, execute, buy, consume, claim revenue,
  open a payment channel and ask the model;
- the local mode also starts the inference gateway for the demo model: /healthz and /v1/models
  answer on the printed URL with the artifact scripts/model.sh builds (the launch's
  content_hash), an unpaid call is refused, the walkthrough's proposal approves it, a paid call
  made with the printed `modelfund ask` line answers; the v1.1.0 the DAO publishes in the
  walkthrough is what the gateway serves next (its sha256 checked); a second run reuses the gateway;
  `scripts/localnet.sh stop` stops it (it settles first: the chain claims every answered call)
  and leaves no gateway process; a run after that starts it again;
- the presets are scripts/networks/*.json, read through scripts/networks.sh (jq); a testnet
  deployment logs the explorer page (tx_page) of every tx and prints next steps that keep its
  keyring backend and home;
- web/README.md's funding step runs as written in bash and zsh, the guide's shell variables
  work in zsh (arrays), and --dry-run needs no GNU-only tool (dpkg, date -d, stat -c, ...).
"""

import hashlib
import json
import os
import re
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

import chain
from conftest import LOCALNET, ROOT, TEST_EXPLORER, up, write_preset
from test_channels_cli import modelfund_bin  # noqa: F401  (fixture)
from test_gateway import gateway_bin, http  # noqa: F401  (fixture)
from test_presale import node_time

PRICE = 10**15  # the demo's per-call plan: 0.001 INJ a call
PRESETS = {"injective-888": ("injectived", "inj"), "pion-1": ("neutrond", "untrn"),
           "uni-7": ("junod", "ujunox")}


def preset_values(name):
    """The NET_* variables of scripts/networks/NAME.json as the scripts read them (jq)."""
    res = subprocess.run([str(ROOT / "scripts" / "networks.sh"), "env", name], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return dict(re.match(r"^(NET_[A-Z_]+)='(.*)'$", line).groups() for line in res.stdout.splitlines())


def one_sentence(res):
    """The stderr of a failed run: exactly one line, an `error:` sentence, no stack trace."""
    assert res.returncode != 0, res.stdout
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ") and lines[0].rstrip().endswith((".", ")")), lines[0]
    return lines[0]


def test_network_deploy_launches_the_demo_model(protocol):
    contracts = protocol["contracts"]
    registry, access, launchpad = (contracts[c]["address"] for c in ("registry", "access", "launchpad"))
    demo = protocol["demo"]
    model = chain.query(launchpad, {"model": {"model_id": "demo-llm"}})
    assert (model["shares"], model["presale"], model["governance"]) == (demo["shares"], demo["presale"], demo["governance"])
    assert model["creator"] == chain.addr_of("validator")
    # the DAO owns the model NFT, the presale mints the shares and pays the DAO, access knows it
    assert chain.query(registry, {"owner_of": {"token_id": "demo-llm"}})["owner"] == model["governance"]
    assert chain.query(model["shares"], {"minter": {}})["minter"] == model["presale"]
    assert chain.query(model["presale"], {"config": {}})["treasury"] == model["governance"]
    assert chain.query(access, {"model": {"model_id": "demo-llm"}})["shares"] == model["shares"]
    plans = chain.query(access, {"plans": {"model_id": "demo-llm", "start_after": None, "limit": None}})
    assert sorted(p["plan_id"] for p in plans["plans"]) == ["lease-30d", "pack-100", "per-call"]
    # the metered plan payment channels open on: 0.001 INJ a call
    per_call = next(p for p in plans["plans"] if p["plan_id"] == "per-call")
    assert (per_call["kind"], per_call["price"]) == ({"metered": {"unit": "call"}}, {"denom": "inj", "amount": str(PRICE)})
    # the launchpad launches with the code just stored
    codes = {k: v["code_id"] for k, v in protocol["codes"].items()}
    assert chain.query(launchpad, {"config": {}})["code_ids"] == {
        k: codes[k] for k in ("shares", "presale", "governance")}
    assert demo["launch_gas_used"] > 0
    chain.record_gas("launchpad/launch", demo["launch_gas_used"])
    # the payment channels read models, plans and gateways from this access contract
    channels = contracts["channels"]["address"]
    assert chain.query(channels, {"config": {}}) == {
        "access": access, "grace_period_seconds": 3600, "max_claims_per_tx": 100, "channels_opened": 0}
    for addr in (registry, access, launchpad, channels, model["shares"], model["presale"], model["governance"]):
        assert addr in protocol["stdout"]
    # the explorer page (the preset's tx_page) of every tx it sent, and of the launch in the summary
    for record in (*protocol["codes"].values(), *protocol["contracts"].values()):
        assert f"{TEST_EXPLORER}tx/{record['tx_hash']}" in protocol["stderr"], record
    assert f"(launch tx {demo['launch_tx']}: {TEST_EXPLORER}tx/{demo['launch_tx']})" in protocol["stdout"]
    # the next steps keep the keyring, home, node and gas price this deployment used
    home = os.environ["MF_HOME"]
    assert 'eval "$(scripts/networks.sh env testnode)"' in protocol["stdout"]
    assert (f"  TX=(--from validator --keyring-backend test --home {home} --chain-id injective-777 "
            f"--node {os.environ['MF_NODE']} --gas auto --gas-adjustment 1.4 --gas-prices 160000000inj -y)"
            ) in protocol["stdout"].splitlines(), protocol["stdout"]


def test_network_redeploy_changes_nothing(protocol, tmp_path):
    write_preset(tmp_path / "testnode.json")
    record = tmp_path / "deployment.json"
    record.write_text(json.dumps({k: v for k, v in protocol.items() if k not in ("stdout", "stderr")}))
    models = chain.query(protocol["contracts"]["launchpad"]["address"], {"models": {}})
    res = up("--network", "testnode", "--from", "validator", "--no-build",
             env={"MF_NETWORKS_DIR": str(tmp_path), "MF_DEPLOYMENT": str(record)})
    assert res.returncode == 0, res.stderr
    for name in ("registry", "access", "launchpad", "channels"):
        assert f"{name} already deployed" in res.stderr
    assert "demo model demo-llm already launched" in res.stderr
    again = json.loads(record.read_text())
    assert again["codes"] == protocol["codes"] and again["contracts"] == protocol["contracts"]
    assert chain.query(protocol["contracts"]["launchpad"]["address"], {"models": {}}) == models


def test_dry_run_of_each_preset_names_chain_binary_and_fee_denom():
    for name, (binary, denom) in PRESETS.items():
        values = preset_values(name)
        assert (values["NET_CHAIN_ID"], values["NET_BINARY"], values["NET_FEE_DENOM"]) == (name, binary, denom)
        res = up("--network", name, "--from", "deployer", "--dry-run")
        assert res.returncode == 0, res.stderr
        commands = [line for line in res.stdout.splitlines() if line and not line.startswith("#")]
        stores = [c for c in commands if " tx wasm store " in c]
        assert [c.split()[4] for c in stores] == [f"artifacts/{c}.wasm" for c in
                                                  ("registry", "access", "launchpad", "shares", "presale", "governance",
                                                   "channels")]
        txs = [c for c in commands if " tx " in c]
        assert len(txs) == 7 + 4 + 3, commands      # stores, instantiates, add_minter/add_registrar/launch
        for c in commands:
            assert c.startswith(f"{binary} "), c
            assert f"--node {values['NET_RPC']}" in c, c
        for c in txs:
            assert f"--chain-id {name} " in c and f"--gas-prices {values['NET_GAS_PRICE']}{denom} " in c, c
            assert "--from deployer " in c and f"--home {values['NET_HOME']} " in c, c
            assert values["NET_HOME"].startswith(os.environ["HOME"] + "/"), values  # $HOME expanded
        launch = json.loads(re.search(r"'(\{\"launch\".*?)'", txs[-1]).group(1))["launch"]
        assert launch["presale"]["denom"] == denom and launch["shares"]["revenue_denoms"] == [denom]
        assert all(p["price"]["denom"] == denom for p in launch["plans"])
        # the launch template re-denominated: 1 token buys 1 share, the deposit and the pack cost 1 token
        one = 10 ** int(values["NET_DECIMALS"])
        assert launch["presale"]["price"] == str(one // 10**6)
        assert launch["governance"]["deposit"] == {"denom": denom, "amount": str(one)}
        assert launch["plans"][0]["price"] == {"denom": denom, "amount": str(one)}
        assert launch["presale"]["hard_cap"] == str(int(values["NET_DEMO_HARD_CAP"]) * one)


def test_each_failure_is_one_sentence(tmp_path):
    err = one_sentence(up("--network", "nowhere", "--from", "k"))
    assert "unknown network 'nowhere'" in err and "injective-888, pion-1, uni-7" in err

    err = one_sentence(up("--network", "pion-1", "--from", "k", env={"PATH": "/usr/bin:/bin"}))
    assert "neutrond is not installed" in err

    write_preset(tmp_path / "offline.json", rpc="http://127.0.0.1:9")
    write_preset(tmp_path / "wrongchain.json", chain_id="pion-1")
    write_preset(tmp_path / "testnode.json")
    env = {"MF_NETWORKS_DIR": str(tmp_path), "MF_DEPLOYMENT": str(tmp_path / "d.json")}
    err = one_sentence(up("--network", "offline", "--from", "validator", env=env))
    assert "RPC endpoint http://127.0.0.1:9" in err and "unreachable" in err
    err = one_sentence(up("--network", "wrongchain", "--from", "validator", env=env))
    assert "serves chain 'injective-777', not pion-1" in err
    err = one_sentence(up("--network", "testnode", "--from", "nobody-here", env=env))
    assert "key 'nobody-here' is not in the test keyring" in err

    pauper = f"pauper{time.time_ns()}"     # a new key, never funded
    subprocess.run([os.environ["INJECTIVED"], "keys", "add", pauper, "--keyring-backend", "test",
                    "--home", os.environ["MF_HOME"], "--output", "json"], capture_output=True, check=True)
    err = one_sentence(up("--network", "testnode", "--from", pauper, env=env))
    assert "holds 0inj on injective-777" in err and "fund it from the validator" in err
    assert not (tmp_path / "d.json").exists(), "nothing was deployed"


GUIDE = ROOT / "docs" / "cli-guide.md"


def _slug(heading):
    """The anchor GitHub gives a markdown heading."""
    return re.sub(r"[^a-z0-9 -]", "", heading.strip().lower()).replace(" ", "-")


def _guide_blocks(heading):
    """The ```sh blocks of one `## heading` section of docs/cli-guide.md, as written."""
    sections = re.split(r"^## ", GUIDE.read_text(), flags=re.M)
    section = next(s for s in sections if s.startswith(heading + "\n"))
    return re.findall(r"^```sh\n(.*?)^```$", section, re.S | re.M)


def _printed_setup(stdout):
    """The shell lines of up.sh's "What to try next" (indented by two spaces), as printed."""
    tail = stdout.split("What to try next", 1)[1]
    return [line[2:] for line in tail.splitlines() if line.startswith("  ")]


def _run(blocks, env=None):
    script = "set -euo pipefail\ncd {}\n{}\n".format(ROOT, "\n".join(blocks))
    res = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert res.returncode == 0, f"walkthrough failed:\n{res.stderr[-2000:]}"
    for raw in re.findall(r"^code: (\d+)$|\"code\":(\d+)", res.stdout, re.M):
        assert "".join(raw) == "0", res.stdout[-2000:]
    return res.stdout


@pytest.fixture(scope="module")
def demo_artifact():
    """The demo model's artifact as scripts/model.sh builds it (into artifacts/model/, where
    `scripts/up.sh --no-build` takes it); returns (path, sha256 hex)."""
    proc = subprocess.run([str(ROOT / "scripts" / "model.sh")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    path = ROOT / "artifacts" / "model" / "modelfund-tinylm.mflm"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert proc.stdout.strip() == digest
    return path, digest


def _printed_block(stdout, heading):
    """The lines indented by two spaces of the paragraph of up.sh's output that starts with
    `heading`, as printed."""
    tail = stdout.split("\n" + heading, 1)[1].split("\n\n", 1)[0]
    return [line[2:] for line in tail.splitlines() if line.startswith("  ")]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by its parent) is gone too
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


def test_main_command_local_demo_and_its_walkthrough(artifacts, gateway_bin, modelfund_bin, demo_artifact,  # noqa: F811
                                                     tmp_path):
    record = tmp_path / "local.json"
    # the client's session keys and vouchers of this test, not the developer's ~/.config/modelfund
    client_env = {"MODELFUND_CONFIG_DIR": str(tmp_path / "modelfund")}
    res = up("--no-build", "--no-web", env={"MF_DEPLOYMENT": str(record)})
    assert res.returncode == 0, res.stderr
    deployment = json.loads(record.read_text())
    demo = deployment["demo"]
    presale, dao, shares = demo["presale"], demo["governance"], demo["shares"]
    registry = deployment["contracts"]["registry"]["address"]
    access = deployment["contracts"]["access"]["address"]
    channels = deployment["contracts"]["channels"]["address"]
    # up.sh points to the guide's walkthrough and prints the shell lines to start with (the
    # deployment record is not the default one here, so it exports MF_DEPLOYMENT too)
    walkthrough = "Walkthrough: the demo model from backing to revenue"
    assert f"docs/cli-guide.md#{_slug(walkthrough)}" in res.stdout, res.stdout
    assert f"docs/cli-guide.md#{_slug('The shell variables')}" in res.stdout, res.stdout
    setup = _printed_setup(res.stdout)
    assert setup == ['eval "$(scripts/localnet.sh env)"', f"export MF_DEPLOYMENT={record}"], setup

    # the gateway: on the test's own port, serving the artifact scripts/model.sh built, whose
    # sha256 the demo model was launched with; its own funded key; not approved yet
    artifact, digest = demo_artifact
    gw = deployment["gateway"]
    url = f"http://127.0.0.1:{os.environ.get('MF_GATEWAY_PORT', '8088')}"
    assert (gw["url"], gw["model_id"], gw["client"]) == (url, "demo-llm", modelfund_bin), gw
    assert f"\n  gateway         {url}   (serves demo-llm v1.0.0 (sha256 {digest[:12]}…) on the built-in runtime; " \
           f"key {gw['address']}, not approved yet;" in res.stdout, res.stdout
    pid = int(Path(gw["pid_file"]).read_text())
    assert _alive(pid) and "modelfund-gateway" in Path(f"/proc/{pid}/cmdline").read_text(), pid
    latest = chain.query(registry, {"latest_version": {"token_id": "demo-llm"}})
    assert latest["content_hash"] == digest and latest["version"] == "v1.0.0", latest
    status, health, _ = http("GET", f"{url}/healthz")
    assert status == 200 and health["serving"]["content_hash"] == digest, health
    assert health["gateway"] == gw["address"] and health["last_error"] is None, health
    status, models, _ = http("GET", f"{url}/v1/models")
    assert status == 200 and models["data"][0]["id"] == "demo-llm", models
    assert models["data"][0]["modelfund"] == {"gateway": gw["address"], "channels": channels, "access": access,
                                              "chain_id": os.environ["MF_CHAIN_ID"], "version": "v1.0.0",
                                              "content_hash": digest}, models
    body = {"prompt": "What does a model DAO do?", "max_tokens": 8}
    status, err, _ = http("POST", f"{url}/v1/completions", body)
    assert status == 401 and err["error"]["code"] == "voucher_missing", err
    assert chain.bank_balance(gw["address"], "inj") == 10 * 10**18
    # how to call it, as printed
    ask_lines = _printed_block(res.stdout, "Ask the model")
    assert ask_lines == [
        f"curl -s {url}/v1/models",
        f'{modelfund_bin} ask "What does a model DAO do?" --gateway {url} --channel 1 --chain-id '
        f'{os.environ["MF_CHAIN_ID"]} --contract {channels} --rest {os.environ["MF_REST_URL"]}'], ask_lines

    # then the guide's variables block and its walkthrough, as written
    setup += _guide_blocks("The shell variables")[:1]
    steps = _guide_blocks(walkthrough)
    split = next(i for i, b in enumerate(steps) if '{"execute":{"proposal_id":1}}' in b)
    ask_step = next(i for i, b in enumerate(steps) if '"open":{' in b and "$MF ask " in b)

    # the presale opens a few seconds after the launch
    start = -(-int(chain.query(presale, {"config": {}})["start"]) // 10**9)
    while node_time() < start:
        time.sleep(0.5)
    _run(setup + steps[:split], client_env)
    assert chain.query(presale, {"state": {}})["phase"] == "succeeded"
    proposal = chain.query(dao, {"proposal": {"proposal_id": 1}})
    assert proposal["status"] == "passed"
    executable_at = -(-int(proposal["executable_at"]) // 10**9)
    while node_time() < executable_at:
        time.sleep(0.5)
    # the same shell set-up again, then the story up to the revenue
    _run(setup + steps[split:ask_step], client_env)

    versions = chain.query(registry, {"versions": {"token_id": "demo-llm"}})
    assert [v["version"] for v in versions["versions"]] == ["v1.0.0", "v1.1.0"]
    # the DAO's vote changed what users get: the running gateway picks v1.1.0 up from the
    # registry (it checks every 10 s) and serves it once its artifact matched the content_hash
    v11 = ROOT / "artifacts" / "model" / "modelfund-tinylm-v1.1.mflm"
    v11_digest = hashlib.sha256(v11.read_bytes()).hexdigest()
    assert versions["versions"][1]["content_hash"] == v11_digest
    deadline = time.time() + 60
    while True:
        status, health, _ = http("GET", f"{url}/healthz")
        if status == 200 and health["serving"]["version"] == "v1.1.0":
            break
        assert time.time() < deadline, f"the gateway did not switch to v1.1.0: {status} {health}"
        time.sleep(1)
    assert health["serving"]["content_hash"] == v11_digest, health
    carol = chain.addr_of("carol")
    assert chain.query(access, {"access": {"model_id": "demo-llm", "user": carol}})["credits"] == 160
    # 2 INJ of usage went to the whole final supply of 210 shares: alice's 150 (claimed in the
    # walkthrough), the creator's 10 and bob's 50, still in the presale escrow, which earn
    # their part there and hand it to bob when he claims
    assert int(chain.query(shares, {"token_info": {}})["total_supply"]) == 210 * 10**6

    def claimable(key):
        answer = chain.query(shares, {"claimable_revenue": {"address": chain.addr_of(key)}})
        return sum(int(c["amount"]) for c in answer["claimable"] if c["denom"] == "inj")

    assert claimable("validator") == 2 * 10**18 * 10 // 210      # the creator: 0.0952 INJ
    assert claimable("alice") == 0 and claimable("bob") == 0
    escrow = chain.query(shares, {"escrow": {}})
    assert escrow["amount"] == str(50 * 10**6)
    assert escrow["revenue"] == [{"denom": "inj", "amount": str(2 * 10**18 * 50 // 210)}]
    chain.execute(presale, {"claim": {}}, "--from", "bob")
    assert claimable("bob") == 2 * 10**18 * 50 // 210
    assert chain.query(shares, {"escrow": {}})["amount"] == "0"
    creator_before = claimable("validator")

    # the proposal approved the gateway; the walkthrough's last step opens channel 1 and asks
    assert gw["address"] in chain.query(access, {"gateways": {"model_id": "demo-llm"}})["gateways"]
    out = _run(setup + steps[ask_step:], client_env).splitlines()
    assert out[-1] == f"cost: {PRICE} inj for this call; {PRICE} of {10**18} inj spent on channel 1", out
    assert out[-2].strip(), out
    # the lines up.sh printed, as printed: a second paid call on the same channel
    printed = subprocess.run(["bash", "-c", "set -euo pipefail\n" + "\n".join(ask_lines)], capture_output=True,
                             text=True, env={**os.environ, **client_env})
    assert printed.returncode == 0, printed.stderr
    listed, _ = json.JSONDecoder().raw_decode(printed.stdout)  # curl's JSON, then the answer
    assert listed["data"][0]["modelfund"]["gateway"] == gw["address"], printed.stdout
    answer = printed.stdout.splitlines()
    assert answer[-1] == f"cost: {PRICE} inj for this call; {2 * PRICE} of {10**18} inj spent on channel 1", answer
    # ... answered by v1.1.0, the version the DAO published
    status, health, _ = http("GET", f"{url}/healthz")
    assert status == 200 and health["serving"]["version"] == "v1.1.0", health

    # up.sh again: the running gateway (same config, same binary) is reused, now approved
    again = up("--no-build", "--no-web", env={"MF_DEPLOYMENT": str(record)})
    assert again.returncode == 0, again.stderr
    assert f"gateway already running (pid {pid}, {url})" in again.stderr, again.stderr
    assert f"key {gw['address']}, approved by the DAO;" in again.stdout, again.stdout
    assert _alive(pid)

    # localnet.sh stop stops the gateway by its pid (it settles first), then the node
    stop = subprocess.run([str(LOCALNET), "stop"], capture_output=True, text=True)
    assert stop.returncode == 0, stop.stderr
    assert f"stopping the gateway (pid {pid}" in stop.stderr and "gateway stopped" in stop.stderr, stop.stderr
    assert not _alive(pid), f"gateway {pid} still running"
    assert not Path(gw["pid_file"]).exists()
    log = Path(gw["log"]).read_text()
    assert "final settlement done" in log, log[-3000:]
    start_node = subprocess.run([str(LOCALNET), "start"], capture_output=True, text=True)
    assert start_node.returncode == 0, start_node.stderr
    # what the chain claimed is the price of the two answered calls, paid to the holders
    assert chain.query(channels, {"channel": {"channel_id": 1}})["claimed"] == str(2 * PRICE)
    assert abs(claimable("validator") - creator_before - 2 * PRICE * 10 // 210) <= 1

    # and up.sh after that starts it again, serving the registry's latest version, v1.1.0
    third = up("--no-build", "--no-web", env={"MF_DEPLOYMENT": str(record)})
    assert third.returncode == 0, third.stderr
    assert "gateway up (pid " in third.stderr, third.stderr
    assert f"(serves demo-llm v1.1.0 (sha256 {v11_digest[:12]}…) on the built-in runtime;" in third.stdout, \
        third.stdout
    new_pid = int(Path(gw["pid_file"]).read_text())
    assert new_pid != pid and _alive(new_pid)
    status, health, _ = http("GET", f"{url}/healthz")
    assert status == 200 and health["serving"]["content_hash"] == v11_digest, health
    # the chain session's teardown (scripts/localnet.sh stop) stops it with the node


def test_local_gateway_port_taken_is_one_sentence(artifacts, gateway_bin, modelfund_bin, demo_artifact,  # noqa: F811
                                                   tmp_path):
    """Another process on the gateway's port: up.sh says so in one sentence before any tx."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        record = tmp_path / "d.json"
        err = one_sentence(up("--no-build", "--no-web", env={"MF_GATEWAY_PORT": str(port),
                                                              "MF_DEPLOYMENT": str(record)}))
    assert f"port 127.0.0.1:{port} is already in use by another process" in err and "MF_GATEWAY_PORT" in err, err
    assert not record.exists(), "nothing was deployed"


def _fresh_address(prefix):
    """The address of a new key of the test keyring (never funded before)."""
    name = f"{prefix}{time.time_ns()}"
    out = subprocess.run([os.environ["INJECTIVED"], "keys", "add", name, "--keyring-backend", "test",
                          "--home", os.environ["MF_HOME"], "--output", "json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout or out.stderr)["address"]


def _wait_balance(address, amount, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if chain.bank_balance(address, "inj") == amount:
            return
        time.sleep(0.5)
    assert chain.bank_balance(address, "inj") == amount


WEB_README = ROOT / "web" / "README.md"


def test_web_readme_funding_step_runs_as_written_in_bash_and_zsh():
    """web/README.md's step 4: fund your Keplr address from alice, the block as written (with a
    fresh address for ME), in bash and in zsh."""
    blocks = [textwrap.dedent(b) for b in re.findall(r"^ *```sh\n(.*?)^ *```$", WEB_README.read_text(), re.S | re.M)]
    block = next(b for b in blocks if "tx bank send alice" in b)
    assert "ME=inj1...\n" in block, block
    for shell in ("bash", "zsh"):
        me = _fresh_address(f"keplr-{shell}-")
        script = "set -euo pipefail\ncd {}\n{}".format(ROOT, block.replace("ME=inj1...\n", f"ME={me}\n"))
        res = subprocess.run([shell, "-c", script], capture_output=True, text=True, env=os.environ.copy())
        assert res.returncode == 0, (shell, res.stderr[-2000:])
        assert re.search(r'"code":\s*0\b|^code: 0$', res.stdout, re.M), (shell, res.stdout[-2000:])
        _wait_balance(me, 10 * 10**18)


def test_guide_variables_work_in_zsh(protocol, tmp_path):
    """The guide's shell variables in zsh: TX and Q are arrays, so each flag is its own word (an
    unquoted string would be one word there and the CLI would refuse it)."""
    record = tmp_path / "deployment.json"
    record.write_text(json.dumps({k: v for k, v in protocol.items() if k not in ("stdout", "stderr")}))
    variables = _guide_blocks("The shell variables")[0]
    bob = chain.addr_of("bob")
    before = chain.bank_balance(bob, "inj")
    script = "\n".join([
        "set -euo pipefail", f"cd {ROOT}", f"export MF_DEPLOYMENT={record}", variables,
        # a query and a tx of the guide's shape, through the arrays
        """$INJECTIVED query wasm contract-state smart $DAO '{"config":{}}' "${Q[@]}" | jq -e .data.params.quorum""",
        """$INJECTIVED query wait-tx "$($INJECTIVED tx bank send alice $BOB 7inj "${TX[@]}" -o json | jq -r .txhash)" --timeout 60s "${Q[@]}" """
        """| jq -e '.code == 0'""",
        'echo "presale=$PRESALE dao=$DAO"',
    ])
    res = subprocess.run(["zsh", "-c", script], capture_output=True, text=True, env=os.environ.copy())
    assert res.returncode == 0, res.stderr[-2000:]
    assert f"presale={protocol['demo']['presale']} dao={protocol['demo']['governance']}" in res.stdout
    assert chain.bank_balance(bob, "inj") == before + 7


# GNU-only forms the --dry-run path must not need (macOS has BSD date/stat/find/readlink, no
# dpkg, no sha256sum): a shim of each fails and logs when it is called in that form
GNU_ONLY = {
    "dpkg": "true", "apt-get": "true", "sha256sum": "true",
    "date": '[[ " $* " == *" -d "* || "$*" == *--date* ]]',
    "stat": '[[ " $* " == *" -c "* || "$*" == *--format* ]]',
    "find": '[[ "$*" == *-printf* ]]',
    "readlink": '[[ " $* " == *" -f "* ]]',
}


def test_dry_run_needs_no_gnu_only_tools(tmp_path):
    shims, log = tmp_path / "shims", tmp_path / "gnu-calls.log"
    shims.mkdir()
    for name, gnu_only in GNU_ONLY.items():
        real = subprocess.run(["bash", "-c", f"command -v {name} || true"], capture_output=True, text=True).stdout.strip()
        (shims / name).write_text(
            "#!/bin/bash\n"
            f"if {gnu_only}; then echo \"{name} $*\" >>{log}; exit 127; fi\n"
            + (f'exec {real} "$@"\n' if real else "exit 127\n"))
        (shims / name).chmod(0o755)
    path = f"{shims}:{os.environ['PATH']}"
    for args in (("--network", "pion-1", "--from", "k"), ("--network", "injective-888", "--from", "k"), ()):
        res = up(*args, "--dry-run", env={"PATH": path})
        assert res.returncode == 0, (args, res.stderr[-1500:])
        assert " tx wasm store " in res.stdout, (args, res.stdout[-500:])
    assert not log.exists(), log.read_text()
