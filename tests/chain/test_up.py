"""The README's main command (scripts/up.sh) on a real node.

- `--network` with a preset pointing at this node deploys the protocol through the launchpad
  exactly as an operator deploys to a testnet, and a second run changes nothing;
- `--dry-run` of every shipped preset prints commands naming its chain id, binary and fee denom;
- each way a deployment cannot start (unknown network, missing binary, unreachable RPC, wrong
  chain, missing key, unfunded key) is one sentence;
- the local mode deploys and launches the demo model and points to the walkthrough of
  docs/cli-guide.md, which runs as written there (after the shell lines up.sh prints, as
  printed): contribute, finalize, claim, propose, vote, execute, buy, consume, claim revenue.
"""

import json
import os
import re
import subprocess
import time

import chain
from conftest import ROOT, up, write_preset
from test_presale import node_time

PRESETS = {"injective-888": ("injectived", "inj"), "pion-1": ("neutrond", "untrn"),
           "uni-7": ("junod", "ujunox")}


def preset_values(name):
    values = {}
    for line in (ROOT / "scripts" / "networks" / f"{name}.env").read_text().splitlines():
        m = re.match(r'^(NET_[A-Z_]+)=("?)(.*)\2$', line)
        if m:
            values[m.group(1)] = m.group(3)
    return values


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
    assert sorted(p["plan_id"] for p in plans["plans"]) == ["lease-30d", "pack-100"]
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


def test_network_redeploy_changes_nothing(protocol, tmp_path):
    write_preset(tmp_path / "testnode.env")
    record = tmp_path / "deployment.json"
    record.write_text(json.dumps({k: v for k, v in protocol.items() if k != "stdout"}))
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
            assert "--from deployer " in c and f"--home {values['NET_HOME'].replace('$HOME', os.environ['HOME'])} " in c, c
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

    write_preset(tmp_path / "offline.env", NET_RPC="http://127.0.0.1:9")
    write_preset(tmp_path / "wrongchain.env", NET_CHAIN_ID="pion-1")
    write_preset(tmp_path / "testnode.env")
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


def _run(blocks):
    script = "set -euo pipefail\ncd {}\n{}\n".format(ROOT, "\n".join(blocks))
    res = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=os.environ.copy())
    assert res.returncode == 0, f"walkthrough failed:\n{res.stderr[-2000:]}"
    for raw in re.findall(r"^code: (\d+)$|\"code\":(\d+)", res.stdout, re.M):
        assert "".join(raw) == "0", res.stdout[-2000:]
    return res.stdout


def test_main_command_local_demo_and_its_walkthrough(artifacts, tmp_path):
    record = tmp_path / "local.json"
    res = up("--no-build", "--no-web", env={"MF_DEPLOYMENT": str(record)})
    assert res.returncode == 0, res.stderr
    demo = json.loads(record.read_text())["demo"]
    presale, dao, shares = demo["presale"], demo["governance"], demo["shares"]
    registry = json.loads(record.read_text())["contracts"]["registry"]["address"]
    access = json.loads(record.read_text())["contracts"]["access"]["address"]
    # up.sh points to the guide's walkthrough and prints the shell lines to start with (the
    # deployment record is not the default one here, so it exports MF_DEPLOYMENT too)
    walkthrough = "Walkthrough: the demo model from backing to revenue"
    assert f"docs/cli-guide.md#{_slug(walkthrough)}" in res.stdout, res.stdout
    assert f"docs/cli-guide.md#{_slug('The shell variables')}" in res.stdout, res.stdout
    setup = _printed_setup(res.stdout)
    assert setup == ['eval "$(scripts/localnet.sh env)"', f"export MF_DEPLOYMENT={record}"], setup
    # then the guide's variables block and its walkthrough, as written
    setup += _guide_blocks("The shell variables")[:1]
    steps = _guide_blocks(walkthrough)
    split = next(i for i, b in enumerate(steps) if '{"execute":{"proposal_id":1}}' in b)

    # the presale opens a few seconds after the launch
    start = -(-int(chain.query(presale, {"config": {}})["start"]) // 10**9)
    while node_time() < start:
        time.sleep(0.5)
    _run(setup + steps[:split])
    assert chain.query(presale, {"state": {}})["phase"] == "succeeded"
    proposal = chain.query(dao, {"proposal": {"proposal_id": 1}})
    assert proposal["status"] == "passed"
    executable_at = -(-int(proposal["executable_at"]) // 10**9)
    while node_time() < executable_at:
        time.sleep(0.5)
    # the same shell set-up again, then the rest of the story
    _run(setup + steps[split:])

    versions = chain.query(registry, {"versions": {"token_id": "demo-llm"}})
    assert [v["version"] for v in versions["versions"]] == ["v1.0.0", "v1.1.0"]
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
