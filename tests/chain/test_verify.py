"""scripts/verify.sh on a real node: a backer checks a deployed code against this checkout's build.

- every code the protocol deployment stored is a "match" with its own artifact, by code id on
  `local` and by contract address through a network preset;
- a code of another contract, a tampered build that says it is the registry (cw2 name) and a
  code that is none of ours are each a "mismatch" naming the contract and both checksums;
- what prevents a check (no such code, no such contract) is one `error:` sentence.
"""

import hashlib
import os
import subprocess

import chain
from conftest import ROOT, write_preset

VERIFY = ROOT / "scripts" / "verify.sh"
CONTRACTS = ("registry", "access", "launchpad", "shares", "presale", "governance")


def verify(*args, env=None):
    full = os.environ.copy()
    full.update(env or {})
    return subprocess.run([str(VERIFY), *map(str, args)], capture_output=True, text=True, env=full)


def local_sums(artifacts):
    """artifacts/checksums.txt as {contract: sha256}, checked against the files themselves."""
    sums = {}
    for line in (artifacts / "checksums.txt").read_text().splitlines():
        digest, name = line.split()
        sums[name.removesuffix(".wasm")] = digest
    for name in CONTRACTS:
        assert hashlib.sha256((artifacts / f"{name}.wasm").read_bytes()).hexdigest() == sums[name]
    return sums


def one_line(res, rc):
    """The stdout of a finished check: exactly one sentence, and the expected exit code."""
    assert res.returncode == rc, (res.stdout, res.stderr)
    lines = [line for line in res.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, res.stdout
    assert lines[0].endswith("."), lines[0]
    return lines[0]


def tampered(artifacts, tmp_path, name, note):
    """The artifact of `name` with one more custom section: a valid wasm the chain accepts and
    runs like the original, with another checksum (a build that is not this checkout's)."""
    payload = b"modelfund-test" + note.encode()
    section = bytes([len(b"note")]) + b"note" + payload
    assert len(section) < 128             # one-byte LEB128 size
    data = (artifacts / f"{name}.wasm").read_bytes() + bytes([0, len(section)]) + section
    path = tmp_path / f"{name}-{note}.wasm"
    path.write_bytes(data)
    return path, hashlib.sha256(data).hexdigest()


def test_every_deployed_code_matches_its_artifact(protocol, artifacts):
    sums = local_sums(artifacts)
    for name in CONTRACTS:
        code = protocol["codes"][name]
        assert code["checksum"].lower() == sums[name]   # what the store tx reported
        line = one_line(verify("local", code["code_id"]), 0)
        assert line.startswith(f"match: code {code['code_id']} on injective-777 is {name}: "), line
        assert line.count(sums[name]) == 2 and f"artifacts/{name}.wasm" in line, line


def test_a_contract_address_through_a_network_preset(protocol, artifacts, tmp_path):
    sums = local_sums(artifacts)
    write_preset(tmp_path / "testnode.json")
    launchpad = protocol["contracts"]["launchpad"]["address"]
    line = one_line(verify("testnode", launchpad, env={"MF_NETWORKS_DIR": str(tmp_path)}), 0)
    code_id = protocol["codes"]["launchpad"]["code_id"]
    assert line.startswith(f"match: code {code_id} on injective-777 (contract {launchpad}) is launchpad: "), line
    assert line.count(sums["launchpad"]) == 2, line
    # a contract the launchpad made: the demo model's presale
    presale = protocol["demo"]["presale"]
    line = one_line(verify("testnode", presale, env={"MF_NETWORKS_DIR": str(tmp_path)}), 0)
    assert f"(contract {presale}) is presale: " in line and line.count(sums["presale"]) == 2, line


def test_the_code_of_another_contract_is_a_mismatch(protocol, artifacts):
    sums = local_sums(artifacts)
    registry_code = protocol["codes"]["registry"]["code_id"]
    line = one_line(verify("local", registry_code, "--contract", "presale"), 1)
    assert line.startswith(f"mismatch: code {registry_code} on injective-777 should be presale (as you said), "), line
    assert f"its sha256 on chain is {sums['registry']}" in line, line
    assert f"artifacts/presale.wasm (commit " in line and f"has {sums['presale']}" in line, line
    assert line.endswith("the code on chain is artifacts/registry.wasm."), line


def test_a_tampered_build_that_calls_itself_registry_is_a_mismatch(protocol, artifacts, tmp_path):
    sums = local_sums(artifacts)
    wasm, digest = tampered(artifacts, tmp_path, "registry", "instantiated")
    code_id = chain.store(wasm)
    owner = chain.addr_of("validator")
    address = chain.instantiate(code_id, {"name": "Tampered", "symbol": "TMP", "owner": owner,
                                          "minters": None, "royalty_limits": None}, "tampered-registry")
    # by address and by code id (its instance's cw2 name says which contract it claims to be)
    for target in (address, code_id):
        line = one_line(verify("local", target), 1)
        assert line.startswith(f"mismatch: code {code_id} on injective-777"), line
        assert f"should be registry (per the cw2 name crates.io:modelfund-registry of {address})" in line, line
        assert f"its sha256 on chain is {digest} and artifacts/registry.wasm" in line, line
        assert f"has {sums['registry']}." in line, line


def test_a_code_that_is_none_of_ours_is_a_mismatch(protocol, artifacts, tmp_path):
    wasm, digest = tampered(artifacts, tmp_path, "presale", "stored-only")
    stored = chain.tx("wasm", "store", wasm)
    code_id = int(chain.tx_attr(stored, "store_code", "code_id"))
    # the chain's own checksum of the stored bytes is the one verify.sh computes from the download
    assert chain.tx_attr(stored, "store_code", "code_checksum").lower() == digest
    line = one_line(verify("local", code_id), 1)
    assert line.startswith(f"mismatch: code {code_id} on injective-777 (sha256 {digest} on chain) "
                           f"matches none of the "), line
    assert "artifacts/checksums.txt" in line and "--contract NAME" in line, line


def test_what_prevents_a_check_is_one_sentence(protocol):
    for args, expected in (
        (("local", 999999), "could not download code 999999"),
        (("local", "inj1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"), "there is no contract"),
        (("local", "latest"), "neither a code id"),
        (("nowhere", 1), "unknown network 'nowhere'"),
    ):
        res = verify(*args)
        assert res.returncode != 0 and res.stdout == "", (args, res.stdout)
        lines = [line for line in res.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], (args, res.stderr)
