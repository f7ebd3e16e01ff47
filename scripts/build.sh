#!/usr/bin/env bash
# Build every contract for wasm32, lower + optimize it with wasm-opt, write
# artifacts/<contract>.wasm and artifacts/checksums.txt, then run cosmwasm-check.
#
#   scripts/build.sh              # all contracts
#   scripts/build.sh registry     # only the named ones
#
# Idempotent: installs the wasm target, binaryen (npm) and cosmwasm-check into
# $MF_CACHE when missing; cargo only rebuilds what changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$MF_ROOT/scripts/lib/wasm.sh"

ensure_wasm_tools

cd "$MF_ROOT"
if [[ $# -gt 0 ]]; then
    contracts=("$@")
else
    contracts=()
    for dir in contracts/*/; do contracts+=("$(basename "$dir")"); done
fi
[[ ${#contracts[@]} -gt 0 ]] || die "no contracts found under contracts/."

pkgs=()
for c in "${contracts[@]}"; do
    [[ -f "contracts/$c/Cargo.toml" ]] || die "unknown contract '$c' (no contracts/$c/Cargo.toml)."
    pkgs+=(-p "modelfund-$c")
done

log "cargo build --release --target wasm32-unknown-unknown ${contracts[*]}"
cargo build --release --lib --locked --target wasm32-unknown-unknown "${pkgs[@]}"

mkdir -p artifacts
for c in "${contracts[@]}"; do
    raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/modelfund_${c//-/_}.wasm"
    [[ -f "$raw" ]] || die "cargo produced no $raw."
    optimize_wasm "$raw" "artifacts/$c.wasm"
done

# checksums of every artifact present (so partial builds keep the others listed)
(cd artifacts && sha256sum ./*.wasm | sed 's| \./| |' > checksums.txt)

for c in "${contracts[@]}"; do
    check_wasm "artifacts/$c.wasm"
done
log "artifacts:"
while read -r sum file; do
    printf '    %-22s %8d bytes  sha256 %s\n' "$file" "$(stat -c %s "artifacts/$file")" "$sum" >&2
done < artifacts/checksums.txt
