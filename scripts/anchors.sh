#!/usr/bin/env bash
# Build the benchmark anchors from their crate-registry sources with exactly our pipeline
# (same release profile, same wasm-opt lowering, cosmwasm-check):
#   cw20-base 2.0.0, cw721-base 0.22.0, cw3-fixed-multisig 2.0.0
# into $MF_CACHE/anchors/<crate_name>.wasm. Cached: a built anchor is not rebuilt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$MF_ROOT/scripts/lib/wasm.sh"

ANCHORS=("cw20-base@2.0.0" "cw721-base@0.22.0" "cw3-fixed-multisig@2.0.0")
out_dir="$MF_CACHE/anchors"
# the cosmwasm-std our workspace locks (Cargo.lock), used for the anchors too
COSMWASM_STD_VERSION=$(awk '/^name = "cosmwasm-std"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$MF_ROOT/Cargo.lock")
[[ -n "$COSMWASM_STD_VERSION" ]] || die "cannot read the cosmwasm-std version from Cargo.lock."
stamp_of() { echo "$1 cosmwasm-std $COSMWASM_STD_VERSION"; }
src_root="$MF_CACHE/anchors-src"
export CARGO_TARGET_DIR="$MF_CACHE/anchors-target"
mkdir -p "$out_dir" "$src_root"

ensure_wasm_tools
# the pinned toolchain of this checkout also outside it (the anchors build in $MF_CACHE)
export RUSTUP_TOOLCHAIN="$(mf_rust_toolchain)"

# Fetch the crate sources through cargo (the crate registry), once.
fetch_dir="$src_root/fetch"
mkdir -p "$fetch_dir/src"
{
    printf '[package]\nname = "anchor-fetch"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\n'
    for a in "${ANCHORS[@]}"; do printf '%s = "=%s"\n' "${a%@*}" "${a#*@}"; done
} > "$fetch_dir/Cargo.toml"
: > "$fetch_dir/src/lib.rs"

for a in "${ANCHORS[@]}"; do
    crate="${a%@*}"; version="${a#*@}"; lib="${crate//-/_}"
    out="$out_dir/$lib.wasm"
    if [[ -f "$out" && -f "$out.version" && "$(cat "$out.version")" == "$(stamp_of "$version")" ]]; then
        log "anchor $crate $version: cached ($out)"
        continue
    fi
    log "anchor $crate $version: building from the crate-registry source"
    src=$(cd "$fetch_dir" && cargo metadata --format-version 1 --quiet \
        | python3 -c "import json,sys; d=json.load(sys.stdin); print(next(p['manifest_path'] for p in d['packages'] if p['name']=='$crate' and p['version']=='$version'))")
    [[ -f "$src" ]] || die "could not fetch $crate $version from the crate registry."
    build="$src_root/$crate-$version"
    rm -rf "$build"
    cp -r "$(dirname "$src")" "$build"
    # The published crates ship a Cargo.lock pinning cosmwasm-std 2.0/2.2 (2.0.x panics in
    # dlmalloc under Rust 1.95). Resolve afresh and pin cosmwasm-std to ours, so the comparison
    # differs only in contract code.
    rm -f "$build/Cargo.lock"
    (cd "$build" && cargo generate-lockfile --quiet \
        && cargo update --quiet -p cosmwasm-std --precise "$COSMWASM_STD_VERSION")
    # same profile as our workspace (cw-plus style)
    (cd "$build" && \
        CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=true \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
        CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true CARGO_PROFILE_RELEASE_DEBUG=false \
        CARGO_PROFILE_RELEASE_INCREMENTAL=false \
        cargo build --release --lib --target wasm32-unknown-unknown >&2)
    optimize_wasm "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$lib.wasm" "$out"
    check_wasm "$out"
    stamp_of "$version" > "$out.version"
done

for a in "${ANCHORS[@]}"; do
    lib="${a%@*}"; lib="${lib//-/_}"
    printf '    %-26s %8d bytes\n' "$lib.wasm" "$(stat -c %s "$out_dir/$lib.wasm")" >&2
done
