"""Thin Python face of scripts/lib/chain.sh for the chain-layer tests.

Every call runs the real chain CLI (injectived) through the same bash helpers the deploy
scripts use, so the tests exercise exactly what an operator types.
"""

import importlib.util
import json
import os
import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAIN_SH = ROOT / "scripts" / "lib" / "chain.sh"

_spec = importlib.util.spec_from_file_location("launch", ROOT / "scripts" / "lib" / "launch.py")
_launch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_launch)
# launch_msg(overrides) -> the launchpad `launch` message of scripts/lib/launch.json (the one
# template of every non-Rust caller) with `overrides` merged into its fields
launch_msg = _launch.launch_msg


class ChainError(Exception):
    """A chain CLI call failed; the message is the helper's one-sentence error."""


def _run(fn, *args, check=True):
    cmd = f"source {shlex.quote(str(CHAIN_SH))}; {fn} " + " ".join(shlex.quote(str(a)) for a in args)
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=os.environ.copy())
    if check and proc.returncode != 0:
        raise ChainError(proc.stderr.strip() or proc.stdout.strip())
    return proc


def addr_of(key):
    return _run("addr_of", key).stdout.strip()


def store(wasm, *flags):
    return int(_run("chain_store", wasm, *flags).stdout.strip())


def instantiate(code_id, msg, label, *flags):
    return _run("chain_instantiate", code_id, json.dumps(msg), label, *flags).stdout.strip()


def execute(contract, msg, *flags):
    """Broadcasts an execute and returns the tx JSON (raises ChainError when it fails)."""
    return json.loads(_run("chain_execute", contract, json.dumps(msg), *flags).stdout)


def execute_fails(contract, msg, *flags):
    """Broadcasts an execute that must fail and returns the error text."""
    proc = _run("chain_execute", contract, json.dumps(msg), *flags, check=False)
    assert proc.returncode != 0, f"expected failure, got tx {proc.stdout[:300]}"
    return proc.stderr


def query(contract, msg):
    return json.loads(_run("chain_query_smart", contract, json.dumps(msg)).stdout)


def tx(*args):
    return json.loads(_run("chain_tx", *args).stdout)


def bank_balance(address, denom):
    out = _run_cli("query", "bank", "balance", address, denom)
    return int(out["balance"]["amount"])


def _run_cli(*args):
    binary = os.environ.get("INJECTIVED")
    node = os.environ.get("MF_NODE", "tcp://127.0.0.1:26657")
    proc = subprocess.run([binary, *args, "--node", node, "-o", "json"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise ChainError(proc.stderr.strip())
    return json.loads(proc.stdout)


def tx_attr(txjson, event_type, key):
    """First value of `key` in the tx's events of `event_type`."""
    for event in txjson.get("events", []):
        if event["type"] == event_type:
            for a in event["attributes"]:
                if a["key"] == key:
                    return a["value"]
    raise KeyError(f"no {event_type} attribute {key}")


def wasm_attr(txjson, key):
    """First value of `key` in the tx's wasm events."""
    for event in txjson.get("events", []):
        if event["type"] == "wasm":
            for a in event["attributes"]:
                if a["key"] == key:
                    return a["value"]
    raise KeyError(f"no wasm attribute {key}")


def record_gas(name, gas):
    """Merges {name: gas} into $MF_CHAIN_GAS_OUT (read by scripts/bench.sh)."""
    out = os.environ.get("MF_CHAIN_GAS_OUT")
    assert int(gas) > 0
    if not out:
        return
    path = Path(out)
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = int(gas)
    path.write_text(json.dumps(data, indent=2, sort_keys=True))
