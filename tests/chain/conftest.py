"""Chain-layer fixtures: a real local injectived node, started for the session when it is
not already running and stopped (by pid, through scripts/localnet.sh) at the end — also when a
test fails. scripts/test.sh gives the tests their own node home and ports."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALNET = ROOT / "scripts" / "localnet.sh"


def _localnet(*args, check=True):
    return subprocess.run([str(LOCALNET), *args], capture_output=True, text=True, check=check)


@pytest.fixture(scope="session", autouse=True)
def node():
    """Starts the node unless it runs already; stops it afterwards only if we started it."""
    started = _localnet("status", check=False).returncode != 0
    if started:
        res = _localnet("start", check=False)
        if res.returncode != 0:
            pytest.exit(f"local node did not start:\n{res.stderr}", returncode=1)
    for line in _localnet("env").stdout.splitlines():
        if line.startswith("export "):
            key, _, value = line[len("export "):].partition("=")
            os.environ[key] = value.strip("'\"")
    try:
        yield
    finally:
        if started:
            _localnet("stop", check=False)


@pytest.fixture(scope="session")
def artifacts():
    """Path of the optimized wasm artifacts; failing loudly when they are missing."""
    path = Path(os.environ.get("MF_ARTIFACTS", ROOT / "artifacts"))
    if not (path / "registry.wasm").exists():
        pytest.exit(f"no artifacts in {path}: run scripts/build.sh first", returncode=1)
    return path


def write_preset(path, chain_id=None, rpc=None):
    """A network preset (the scripts/networks/<chain-id>.json shape, the local node's file with
    this test node's endpoints, binary and home) that scripts/up.sh --network and
    scripts/verify.sh accept. Its explorer is a made-up one, so the printed links can be checked."""
    preset = json.loads((ROOT / "scripts" / "networks" / "injective-777.json").read_text())
    preset.update(pretty_name="test node", chain_id=chain_id or os.environ["MF_CHAIN_ID"],
                  network_type="testnet", daemon_name=os.environ["INJECTIVED"],
                  node_home=os.environ["MF_HOME"])
    preset["apis"]["rpc"] = [{"address": rpc or os.environ["MF_NODE"]}]
    preset["explorers"] = [{"kind": "test", "url": TEST_EXPLORER, "tx_page": TEST_EXPLORER + "tx/${txHash}"}]
    preset["modelfund"].update(keyring_backend="test", faucet="the validator",
                               install="scripts/localnet.sh install", demo_soft_cap=5, demo_hard_cap=10)
    path.write_text(json.dumps(preset, indent=2))


TEST_EXPLORER = "https://explorer.test/"


def up(*args, env=None):
    """Runs the README's main command (scripts/up.sh) and returns the finished process."""
    full = os.environ.copy()
    full.update(env or {})
    return subprocess.run([str(ROOT / "scripts" / "up.sh"), *args], capture_output=True, text=True, env=full)


@pytest.fixture(scope="session")
def protocol(artifacts, tmp_path_factory):
    """The protocol as an operator deploys it to a testnet: scripts/up.sh --network with a preset
    for this node, signed by a key of the (test) keyring. Returns the deployment record."""
    tmp = tmp_path_factory.mktemp("network")
    write_preset(tmp / "testnode.json")
    record = tmp / "deployment.json"
    res = up("--network", "testnode", "--from", "validator", "--no-build",
             env={"MF_NETWORKS_DIR": str(tmp), "MF_DEPLOYMENT": str(record)})
    assert res.returncode == 0, res.stderr
    data = json.loads(record.read_text())
    data["stdout"] = res.stdout
    data["stderr"] = res.stderr
    return data
