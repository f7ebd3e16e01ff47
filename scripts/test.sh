#!/usr/bin/env bash
# The README's test command: every layer, from a fresh clone, installing what it needs.
#
#   scripts/test.sh            # all layers
#   scripts/test.sh static unit vm chain web   # any subset, in this order
#
# Layers
#   static  cargo fmt --check, clippy -D warnings, schema/ and docs/reference.md not stale, the
#           launch template scripts/lib/launch.json valid against schema/launchpad, the structure
#           of contracts/ (scripts/lib/structure.py: fn length, no import of crate::contract),
#           every network preset scripts/networks/*.json complete (scripts/networks.sh check),
#           and the summary line printed when a layer dies
#   unit    cargo test: unit tests and the cw-multi-test suites
#   vm      scripts/build.sh --reproduce (optimized wasm + cosmwasm-check, then presale built a
#           second time in another folder with another HOME and CARGO_HOME: byte-identical), the
#           README's published checksums (scripts/checksums.sh --check), then the wasm in
#           cosmwasm-vm
#   chain   a fresh local injectived node (own home and ports), CLI flows through pytest
#   web     scripts/web.sh test: the web app's unit tests, then headless Chromium driving the
#           page (with a Keplr stand-in) against its own fresh local node
#   fuzz    (not in the default run) the cross-contract property test with many sequences:
#           MODELFUND_FUZZ_CASES (default 1000) random sequences; CI runs 64 in `unit`
#
# A layer that cannot run fails the command; nothing is skipped silently. The last line is
# the total over all layers: "modelfund: N passed, M failed", also when a layer fails or dies
# midway (an EXIT trap prints it; the layer that died counts as one failure and the layers
# after it do not run). MF_TEST_FORCE_FAIL=LAYER makes that layer die at its start (the static
# layer uses it to check this line).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$MF_ROOT"

layers=("$@")
[[ ${#layers[@]} -gt 0 ]] || layers=(static unit vm chain web)
for l in "${layers[@]}"; do
    case "$l" in static|unit|vm|chain|web|fuzz) ;; *) die "unknown layer '$l' (static, unit, vm, chain, web, fuzz)." ;; esac
done

out="$MF_ROOT/tests/output"
mkdir -p "$out"
passed=0
failed=0
results=()
current=""          # the layer running now (for the summary when it dies)
cleanup=""          # a command the running layer needs run when it dies (the chain layer's node)

# The summary, whatever happens: after the last layer, or when a layer dies (set -e, die).
summary() {
    local rc=$?
    trap - EXIT
    if [[ -n "$cleanup" ]]; then eval "$cleanup" || true; fi
    if [[ -n "$current" ]]; then
        failed=$((failed + 1))
        results+=("$current: stopped (exit code $rc)")
    fi
    printf '\n' >&2
    if ((${#results[@]})); then printf '  %s\n' "${results[@]}"; fi
    echo "modelfund: $passed passed, $failed failed"
    if ((rc == 0 && failed > 0)); then rc=1; fi
    exit "$rc"
}
trap summary EXIT

# count_cargo NAME LOG: add the "test result:" lines of a cargo test log to the totals
# (runs in this shell, not a subshell, so the totals stick)
count_cargo() {
    local p f
    p=$(grep -E '^test result:' "$2" | sed -E 's/.* ([0-9]+) passed.*/\1/' | paste -sd+ | bc)
    f=$(grep -E '^test result:' "$2" | sed -E 's/.* ([0-9]+) failed.*/\1/' | paste -sd+ | bc)
    p=${p:-0}; f=${f:-0}
    (( p > 0 )) || die "$1 ran no test."
    passed=$((passed + p)); failed=$((failed + f))
    results+=("$1: $p passed, $f failed")
}

run_static() {
    log "static: cargo fmt --check"
    cargo fmt --all -- --check
    log "static: cargo clippy --all-targets -- -D warnings"
    cargo clippy --locked --workspace --all-targets -- -D warnings
    log "static: schema/ up to date"
    scripts/schema.sh --check
    log "static: docs/reference.md up to date"
    scripts/docs.sh --check
    log "static: the launch template (scripts/lib/launch.json) matches schema/launchpad"
    ensure_venv_pkgs "jsonschema==$MF_JSONSCHEMA_VERSION" >/dev/null
    "$MF_VENV/bin/python" scripts/lib/launch.py --check
    log "static: contracts/ structure (fn length, no import of crate::contract)"
    python3 scripts/lib/structure.py
    log "static: the network presets (scripts/networks/*.json) have every field the scripts and the page read"
    scripts/networks.sh check
    log "static: scripts/test.sh prints its summary when a layer dies (MF_TEST_FORCE_FAIL=unit)"
    local self rc=0
    self=$(MF_TEST_FORCE_FAIL=unit scripts/test.sh unit 2>/dev/null) || rc=$?
    [[ $rc -ne 0 && "$(tail -n 1 <<<"$self")" == "modelfund: 0 passed, 1 failed" ]] \
        || die "scripts/test.sh with a dying layer exited $rc and ended with '$(tail -n 1 <<<"$self")', not 'modelfund: 0 passed, 1 failed'."
    passed=$((passed + 8))
    results+=("static: fmt, clippy, schema, docs, launch template, structure, network presets, summary on failure ok")
}

run_unit() {
    log "unit: cargo test (unit + cw-multi-test)"
    local logf="$out/unit.log"
    cargo test --locked --workspace --exclude modelfund-vm-tests 2>&1 | tee "$logf"
    count_cargo "unit (cw-multi-test)" "$logf"
}

run_fuzz() {
    local cases="${MODELFUND_FUZZ_CASES:-1000}"
    log "fuzz: the protocol property test, $cases random sequences"
    local logf="$out/fuzz.log"
    MODELFUND_FUZZ_CASES="$cases" cargo test --locked -p modelfund-integration-tests \
        --test protocol_properties 2>&1 | tee "$logf"
    count_cargo "fuzz ($cases sequences)" "$logf"
}

run_vm() {
    log "vm: optimized wasm, then presale again in another folder and HOME: byte-identical"
    scripts/build.sh --reproduce
    log "vm: the README's published checksums are those of this build"
    scripts/checksums.sh --check
    passed=$((passed + 2))
    results+=("vm: reproducible build (presale built twice, byte-identical), README checksums ok")
    log "vm: crate-registry anchors (cw20-base, cw721-base, cw3-fixed-multisig), same pipeline"
    scripts/anchors.sh
    log "vm: the wasm in cosmwasm-vm"
    local logf="$out/vm.log"
    cargo test --locked -p modelfund-vm-tests --profile vm 2>&1 | tee "$logf"
    count_cargo "vm (cosmwasm-vm)" "$logf"
}

run_chain() {
    [[ -f artifacts/registry.wasm ]] || die "chain layer: no artifacts; run the vm layer (scripts/build.sh) first."
    ensure_venv
    ensure_tools zsh          # the guide's and web/README.md's shell blocks also run in zsh
    # The test node has its own home and ports, so a developer's node keeps running untouched.
    export MODELFUND_LOCALNET="$MF_ROOT/.localnet-test"
    export MF_RPC_PORT=26757 MF_API_PORT=1417 MF_GRPC_PORT=9190 MF_P2P_PORT=26756
    export MF_PPROF_PORT=6160 MF_PROXY_PORT=26758
    # and the gateway scripts/up.sh starts (test_up.py): not the 8088 of a developer's up.sh
    export MF_GATEWAY_PORT=8188
    scripts/localnet.sh reset >&2
    scripts/localnet.sh start >&2
    # stop it (by pid) whatever happens next (summary runs this when the layer dies)
    cleanup='MODELFUND_LOCALNET="$MF_ROOT/.localnet-test" scripts/localnet.sh stop >&2 || true'
    eval "$(scripts/localnet.sh env)"
    log "chain: CLI flows on the local node"
    local xml="$out/chain.xml" rc=0
    "$MF_VENV/bin/pytest" -q -p no:cacheprovider --junitxml="$xml" tests/chain || rc=$?
    scripts/localnet.sh stop >&2
    cleanup=""
    local counts
    counts=$(python3 - "$xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
t = sum(int(s.get("tests", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
sk = sum(int(s.get("skipped", 0)) for s in suites)
print(t - f - sk, f, sk)
PY
)
    read -r p f sk <<<"$counts"
    passed=$((passed + p)); failed=$((failed + f))
    results+=("chain (local injectived): $p passed, $f failed")
    (( sk == 0 )) || die "chain layer skipped $sk tests; a skipped test is not a pass."
    (( p > 0 )) || die "chain layer ran no test."
    # pytest failing without a failed test (an internal error) still fails the run
    (( rc == 0 || f > 0 )) || { failed=$((failed + 1)); results+=("chain: pytest exited $rc"); }
    return 0
}

run_web() {
    [[ -f artifacts/registry.wasm ]] || die "web layer: no artifacts; run the vm layer (scripts/build.sh) first."
    log "web: unit tests and the page in headless Chromium against a local node"
    local logf="$out/web.log" rc=0
    # scripts/web.sh stops everything it starts (node, static server, Chromium), also on failure
    scripts/web.sh test 2>&1 | tee "$logf" || rc=$?
    local line p f
    line=$(grep -E '^web: [0-9]+ passed, [0-9]+ failed$' "$logf" | tail -n 1 || true)
    [[ -n "$line" ]] || die "web layer ran no test (scripts/web.sh test exited $rc before its summary)."
    p=$(sed -E 's/^web: ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
    (( p > 0 )) || die "web layer ran no test."
    passed=$((passed + p)); failed=$((failed + f))
    results+=("web (unit + Chromium): $p passed, $f failed")
    (( rc == 0 || f > 0 )) || { failed=$((failed + 1)); results+=("web: scripts/web.sh test exited $rc"); }
    return 0
}

ensure_tools jq bc
for l in "${layers[@]}"; do
    current="$l"
    if [[ "${MF_TEST_FORCE_FAIL:-}" == "$l" ]]; then die "$l: forced to fail (MF_TEST_FORCE_FAIL=$l)."; fi
    # called plainly (not in an `if` or `||`, which would turn off set -e inside it): a command
    # that fails in the layer ends the run here, and summary counts the layer as failed
    "run_$l"
    current=""
done
# summary (the EXIT trap) prints the results and the total line
