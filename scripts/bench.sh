#!/usr/bin/env bash
# Regenerate docs/benchmarks.json and docs/benchmarks.md: wasm sizes and gas per operation
# (cosmwasm-vm and node gas_used) of our contracts next to crate-registry anchors, and the
# gateway's load figures (built-in model called directly vs through the gateway), all measured in
# this one run. Starts its own local node (own home and ports) and stops it by pid at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$MF_ROOT"

ensure_apt jq curl
ensure_venv
scripts/build.sh
scripts/anchors.sh

out="$MF_ROOT/tests/output/bench"
mkdir -p "$out" docs
rm -f "$out/vm-gas.json" "$out/node-gas.json" "$out/story-gas.json" "$out/gateway-load.json"

log "bench: cosmwasm-vm gas"
MF_VM_GAS_OUT="$out/vm-gas.json" cargo test --locked -p modelfund-vm-tests --profile vm >&2

log "bench: gateway load, the built-in model directly vs through the gateway (services/gateway/tests/load.rs)"
MF_GATEWAY_LOAD_OUT="$out/gateway-load.json" \
  cargo test --release --locked -p modelfund-gateway --test load -- --ignored --nocapture >&2

log "bench: node gas on a fresh local node"
export MODELFUND_LOCALNET="$MF_ROOT/.localnet-bench"
export MF_RPC_PORT=26857 MF_API_PORT=1517 MF_GRPC_PORT=9290 MF_P2P_PORT=26856
export MF_PPROF_PORT=6260 MF_PROXY_PORT=26858
scripts/localnet.sh reset >&2
scripts/localnet.sh start >&2
trap 'scripts/localnet.sh stop >&2 || true' EXIT
eval "$(scripts/localnet.sh env)"
"$MF_VENV/bin/python" tests/bench/node_gas.py artifacts "$MF_CACHE/anchors" "$out/node-gas.json" >&2
log "bench: launch and the whole lifecycle (tests/chain/test_lifecycle.py) on the same node"
MF_CHAIN_GAS_OUT="$out/story-gas.json" "$MF_VENV/bin/pytest" -q -p no:cacheprovider tests/chain/test_lifecycle.py >&2
scripts/localnet.sh stop >&2
trap - EXIT

python3 tests/bench/report.py artifacts "$MF_CACHE/anchors" "$out/vm-gas.json" "$out/node-gas.json" docs "$out/story-gas.json" \
  "$out/gateway-load.json"
