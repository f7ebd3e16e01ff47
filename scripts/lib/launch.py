#!/usr/bin/env python3
"""The one launch message of the non-Rust callers: scripts/lib/launch.json, plus each caller's
few values.

scripts/lib/launch.json is a complete launchpad `launch` message: the demo model that
scripts/up.sh launches on the local node (priced in inj, 18 decimals). Its `content_hash` is the
sha256 of the artifact scripts/model.sh builds (the one packages/tinylm/tests/model.rs pins) and
its `storage_uri` that artifact's IPFS address (a CIDv1 of one raw block: the same sha256), so
the gateway scripts/up.sh starts serves exactly it. Every caller starts from it and changes only
what its story needs:

    scripts/up.sh               the demo model, in the network's fee denom, with its caps and window
    web/test/chain.sh           the browser test's two models
    tests/chain/test_lifecycle  the whole story on the launchpad

    python3 scripts/lib/launch.py [--denom DENOM --decimals N] [OVERRIDES_JSON]
        prints the message (compact JSON). --denom/--decimals first re-denominate the template
        (every inj amount becomes the same value in DENOM with N decimals), then OVERRIDES_JSON
        (already in DENOM) is merged in: objects merge key by key, anything else (a string,
        null, an array such as `plans`) replaces the template's value. An override may only name
        fields the template has, so a renamed or misspelt field fails here, before any tx. The
        presale window (`presale.start`, `presale.end`) is per launch and must be given.
    python3 scripts/lib/launch.py --check [SCHEMA]
        validates the template, and its re-denomination for every preset of scripts/networks/,
        against schema/launchpad/raw/execute.json (needs the `jsonschema` package: scripts/test.sh
        static runs it with the venv's python), and checks its content_hash against the pinned
        hash of the demo artifact and its storage_uri against that hash (and the v1.1.0 that
        docs/cli-guide.md's walkthrough publishes against the second pinned artifact).

From Python: `launch_msg(overrides, denom=None, decimals=None)` returns the message as a dict.
"""

import base64
import copy
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEMPLATE = HERE / "launch.json"
SCHEMA = ROOT / "schema" / "launchpad" / "raw" / "execute.json"
# the template's prices, caps and coins are in this denom, with this many decimals
TEMPLATE_DENOM = "inj"
TEMPLATE_DECIMALS = 18
# presale fields that are amounts of the presale denom
PRESALE_AMOUNTS = ("price", "soft_cap", "hard_cap", "min_per_address", "max_per_address")
# set by every caller: the template's "0" would open a presale in 1970
PER_LAUNCH = (("presale", "start"), ("presale", "end"))
# the test that pins the sha256 of the demo artifact scripts/model.sh builds
ARTIFACT_PIN = ROOT / "packages" / "tinylm" / "tests" / "model.rs"
GUIDE = ROOT / "docs" / "cli-guide.md"


class LaunchError(ValueError):
    """An override the template cannot take, or an amount that cannot be re-denominated."""


def template():
    return json.loads(TEMPLATE.read_text())


def _check_fields(value, examples, path):
    """Every object key in `value` must exist in one of `examples` (the template's values at the
    same place; for array elements, every element of the template's array). `path` is the
    dotted prefix of `value` ("" at the top, "presale." inside presale) for the error."""
    if isinstance(value, dict):
        shapes = [e for e in examples if isinstance(e, dict)]
        if not shapes:
            return  # the template has null or a scalar here: any value replaces it
        for key, sub in value.items():
            found = [s[key] for s in shapes if key in s]
            if not found:
                known = sorted({k for s in shapes for k in s})
                raise LaunchError(f"launch override: unknown field {path}{key} "
                                  f"(the template has {', '.join(known)})")
            _check_fields(sub, found, f"{path}{key}.")
    elif isinstance(value, list):
        elements = [x for e in examples if isinstance(e, list) for x in e]
        for i, sub in enumerate(value):
            _check_fields(sub, elements, f"{path[:-1]}[{i}].")


def _merge(base, override):
    if isinstance(base, dict) and isinstance(override, dict):
        out = dict(base)
        for key, value in override.items():
            out[key] = _merge(base[key], value)
        return out
    return copy.deepcopy(override)


def _scale(amount, decimals):
    """A base-unit amount of the template denom as the same value with `decimals` decimals."""
    shift = decimals - TEMPLATE_DECIMALS
    if shift >= 0 or amount == "0":
        return amount + "0" * shift
    if not amount.endswith("0" * -shift):
        raise LaunchError(f"{amount}{TEMPLATE_DENOM} has no exact value with {decimals} decimals")
    return amount[:shift] or "0"


def redenominate(msg, denom, decimals):
    """The message with every amount of the template denom written in `denom` (`decimals`)."""
    def walk(node):
        if isinstance(node, dict):
            node = {k: walk(v) for k, v in node.items()}
            if node.get("denom") == TEMPLATE_DENOM and isinstance(node.get("amount"), str):
                node["denom"], node["amount"] = denom, _scale(node["amount"], decimals)
            return node
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out = walk(msg)
    presale = out["launch"]["presale"]
    if presale["denom"] == TEMPLATE_DENOM:
        presale["denom"] = denom
        for field in PRESALE_AMOUNTS:
            presale[field] = _scale(presale[field], decimals)
    shares = out["launch"]["shares"]
    shares["revenue_denoms"] = [denom if d == TEMPLATE_DENOM else d for d in shares["revenue_denoms"]]
    return out


def launch_msg(overrides=None, denom=None, decimals=None):
    """The template, re-denominated when `denom` is given, with `overrides` (the inner fields of
    `launch`) merged in."""
    overrides = overrides or {}
    msg = template()
    if denom is not None:
        msg = redenominate(msg, denom, TEMPLATE_DECIMALS if decimals is None else int(decimals))
    _check_fields(overrides, [msg["launch"]], "")
    for path in PER_LAUNCH:
        node = overrides
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            raise LaunchError(f"launch override: set {'.'.join(path)} (the presale window is per launch)")
    return {"launch": _merge(msg["launch"], overrides)}


def raw_cid(sha256_hex):
    """The IPFS CIDv1 (base32) of one raw block whose sha256 is `sha256_hex`: what
    `ipfs add --cid-version 1 --raw-leaves` gives a file of one chunk (256 KiB)."""
    digest = bytes.fromhex(sha256_hex)
    # version 1, codec raw (0x55), multihash sha2-256 (0x12) of 32 bytes
    return "b" + base64.b32encode(bytes([0x01, 0x55, 0x12, 0x20]) + digest).decode().lower().rstrip("=")


def pinned_artifact_hash(test="shipped_corpus_artifact_hash_is_pinned"):
    """The sha256 that packages/tinylm/tests/model.rs pins in `test`: the demo artifact's by
    default, `second_version_artifact_hash_is_pinned` for its v1.1.0."""
    text = ARTIFACT_PIN.read_text()
    m = re.search(r"fn " + test + r"\(\).*?\"([0-9a-f]{64})\"", text, re.S)
    if m is None:
        raise LaunchError(f"no pinned artifact hash in {test} of {ARTIFACT_PIN.relative_to(ROOT)}")
    return m.group(1)


def check_walkthrough_version():
    """The v1.1.0 that docs/cli-guide.md's walkthrough publishes is the second artifact
    scripts/model.sh builds: its pinned sha256, and that hash's IPFS address."""
    pinned = pinned_artifact_hash("second_version_artifact_hash_is_pinned")
    text = GUIDE.read_text()
    m = re.search(r'"version":"v1\.1\.0","content_hash":"([0-9a-f]{64})","uri":"([^"]+)"', text)
    if m is None:
        raise LaunchError(f"no v1.1.0 publish_model_version in {GUIDE.relative_to(ROOT)}")
    if m.group(1) != pinned or m.group(2) != "ipfs://" + raw_cid(pinned):
        raise LaunchError(f"{GUIDE.relative_to(ROOT)} publishes v1.1.0 as {m.group(1)} at {m.group(2)}, not the "
                          f"second demo artifact {pinned} at ipfs://{raw_cid(pinned)}")


def check_artifact(msg):
    """The demo model's content_hash is the demo artifact's pinned sha256, and its storage_uri
    that artifact's IPFS address."""
    meta = msg["launch"]["model"]["metadata"]
    pinned = pinned_artifact_hash()
    if meta["content_hash"] != pinned:
        raise LaunchError(f"the template's content_hash {meta['content_hash']} is not the demo artifact's sha256 "
                          f"{pinned} (pinned in {ARTIFACT_PIN.relative_to(ROOT)}; scripts/model.sh prints it)")
    want = "ipfs://" + raw_cid(pinned)
    if meta["storage_uri"] != want:
        raise LaunchError(f"the template's storage_uri {meta['storage_uri']} is not the demo artifact's "
                          f"IPFS address {want}")


def _preset_denoms():
    """(preset, fee denom, decimals) of every scripts/networks/*.json."""
    out = []
    for path in sorted((ROOT / "scripts" / "networks").glob("*.json")):
        fee = json.loads(path.read_text())["fees"]["fee_tokens"][0]
        out.append((path.stem, fee["denom"], int(fee["decimals"])))
    return out


def check(schema_path=SCHEMA):
    """Validates the template and its re-denomination for every preset; returns the count."""
    import jsonschema  # only this check needs it

    schema = json.loads(Path(schema_path).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)

    def valid(label, msg):
        error = jsonschema.exceptions.best_match(validator.iter_errors(msg))
        if error is not None:
            raise LaunchError(f"{label} ({TEMPLATE.relative_to(ROOT)}) does not match "
                              f"{Path(schema_path).relative_to(ROOT)}: at {error.json_path}: {error.message}")

    valid("the template", template())
    check_artifact(template())
    check_walkthrough_version()
    presets = _preset_denoms()
    for name, denom, decimals in presets:
        valid(f"the template in {denom} ({name})", redenominate(template(), denom, decimals))
    return 1 + len(presets)


def main(argv):
    args = list(argv)
    try:
        if args[:1] == ["--check"]:
            n = check(*args[1:2])
            print(f"launch fixture: {n} messages match {SCHEMA.relative_to(ROOT)}", file=sys.stderr)
            return 0
        denom = decimals = None
        while args[:1] in (["--denom"], ["--decimals"]):
            if len(args) < 2:
                raise LaunchError(f"{args[0]} needs a value")
            if args[0] == "--denom":
                denom = args[1]
            else:
                decimals = args[1]
            args = args[2:]
        if (denom is None) != (decimals is None):
            raise LaunchError("--denom and --decimals go together")
        if len(args) > 1:
            raise LaunchError("usage: launch.py [--denom DENOM --decimals N] [OVERRIDES_JSON] | --check [SCHEMA]")
        overrides = json.loads(args[0]) if args else {}
        print(json.dumps(launch_msg(overrides, denom, decimals), separators=(",", ":")))
        return 0
    except ValueError as e:  # LaunchError, bad JSON, a --decimals that is no number
        print(f"error: {e}.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
