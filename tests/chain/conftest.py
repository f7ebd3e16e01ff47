"""Chain-layer fixtures: a real local injectived node, started for the session when it is
not already running and stopped (by pid, through scripts/localnet.sh) at the end — also when a
test fails. scripts/test.sh gives the tests their own node home and ports."""

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
