#!/usr/bin/env bash
# Build every contract to optimized wasm in artifacts/ and check each with cosmwasm-check
# and the 800 KiB upload limit.
#
#   scripts/build.sh              # all contracts
#   scripts/build.sh registry     # only the named ones
#   scripts/build.sh --reproduce  # all contracts, then presale (the smallest) once more from a
#                                 # copy of the sources in another folder, with another HOME,
#                                 # CARGO_HOME, RUSTUP_HOME path and target dir: fails when the
#                                 # two presale.wasm are not byte-identical
#
# Reproducible: the toolchain is pinned (rust-toolchain.toml), the dependencies (Cargo.lock,
# --locked) and wasm-opt (binaryen 132) too, and every machine-specific path rustc could write
# into the wasm is remapped (wasm_rustflags in scripts/lib/wasm.sh). The same sources give the
# same checksums on any machine: compare a deployed code with scripts/verify.sh.
#
# Idempotent: installs the pinned toolchain with its wasm target, binaryen (npm) and
# cosmwasm-check into $MF_CACHE when missing; cargo only rebuilds what changed. --reproduce keeps
# its second build in $MF_CACHE/repro/<checkout hash> (MF_REPRO_DIR), so a later check rebuilds
# only what changed there too. MF_REPRO_CONTRACT names another contract for it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$MF_ROOT/scripts/lib/wasm.sh"

reproduce=0
if [[ "${1:-}" == "--reproduce" ]]; then
    [[ $# -eq 1 ]] || die "usage: scripts/build.sh --reproduce (it builds every contract, then one again elsewhere)."
    reproduce=1
    shift
fi

ensure_wasm_tools

cd "$MF_ROOT"
if [[ $# -gt 0 ]]; then
    contracts=("$@")
else
    contracts=()
    for dir in contracts/*/; do contracts+=("$(basename "$dir")"); done
fi
[[ ${#contracts[@]} -gt 0 ]] || die "no contracts found under contracts/."

for c in "${contracts[@]}"; do
    [[ -f "contracts/$c/Cargo.toml" ]] || die "unknown contract '$c' (no contracts/$c/Cargo.toml)."
done

# Reproducible: the toolchain is pinned (rust-toolchain.toml), the dependencies too (--locked),
# and every machine-specific path is remapped (wasm_rustflags), so two builds in different
# folders and homes give byte-identical artifacts (scripts/build.sh --reproduce checks it).
# The flags go to the wasm target only (cargo passes CARGO_ENCODED_RUSTFLAGS to --target units,
# not to build scripts and proc-macros); they replace RUSTFLAGS from the environment.
[[ "$CARGO_TARGET_DIR" == /* ]] || CARGO_TARGET_DIR="$MF_ROOT/$CARGO_TARGET_DIR"
if [[ -n "${RUSTFLAGS:-}" ]]; then
    log "note: RUSTFLAGS='$RUSTFLAGS' is ignored for the wasm build (it would change the artifacts)."
fi
mapfile -t rustflags < <(wasm_rustflags "$MF_ROOT")
[[ ${#rustflags[@]} -gt 0 ]] || die "could not compute the wasm rustflags."
encoded=$(printf '%s\x1f' "${rustflags[@]}")
export CARGO_ENCODED_RUSTFLAGS="${encoded%$'\x1f'}"

# One cargo build per contract, never several -p at once: cargo unifies the features of the
# dependencies over the packages of one build (launchpad turns on cosmwasm-std's instantiate2,
# so a presale built together with it differs from a presale built alone). Alone, each artifact
# depends only on its own dependency graph: `scripts/build.sh presale` and `scripts/build.sh`
# give the same presale.wasm, as the optimizer of CosmWasm does it.
for c in "${contracts[@]}"; do
    log "cargo build --release --target wasm32-unknown-unknown -p modelfund-$c"
    cargo build --release --lib --locked --target wasm32-unknown-unknown -p "modelfund-$c"
done

mkdir -p artifacts
# wasm-opt (binaryen.js: one thread each, ~15 s a contract) for several contracts at once,
# MF_JOBS (default: the number of cores) at a time
jobs_max="${MF_JOBS:-$(nproc 2>/dev/null || echo 2)}"
failed_dir=$(mktemp -d)
trap 'rm -rf "$failed_dir"' EXIT
for c in "${contracts[@]}"; do
    raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/modelfund_${c//-/_}.wasm"
    [[ -f "$raw" ]] || die "cargo produced no $raw."
    while (( $(jobs -rp | wc -l) >= jobs_max )); do wait -n || true; done
    { optimize_wasm "$raw" "artifacts/$c.wasm" || : >"$failed_dir/$c"; } &
done
wait
for c in "${contracts[@]}"; do
    [[ ! -e "$failed_dir/$c" ]] || die "wasm-opt failed on $c (see above)."
done

# no machine-specific path in any artifact (the remap covers them all; a new one fails here,
# on this machine, before the --reproduce comparison or a verifier on another machine would)
for c in "${contracts[@]}"; do
    for dir in "$HOME" "$MF_ROOT" "${CARGO_HOME:-$HOME/.cargo}" "$CARGO_TARGET_DIR"; do
        if grep -qaF "$dir/" "artifacts/$c.wasm"; then
            die "artifacts/$c.wasm contains the path $dir/ of this machine (see: strings artifacts/$c.wasm | grep -F '$dir/'); remap it in wasm_rustflags (scripts/lib/wasm.sh)."
        fi
    done
done

# checksums of every artifact present (so partial builds keep the others listed)
(cd artifacts && sha256sum ./*.wasm | sed 's| \./| |' > checksums.txt)

for c in "${contracts[@]}"; do
    check_wasm "artifacts/$c.wasm"
done
log "artifacts:"
while read -r sum file; do
    printf '    %-22s %8d bytes  sha256 %s\n' "$file" "$(wc -c <"artifacts/$file" | tr -d ' ')" "$sum" >&2
done < artifacts/checksums.txt

(( reproduce )) || exit 0

# ---- --reproduce: one contract built again elsewhere, as another machine would build it ----
# One contract, not all: a second build of all six costs minutes of wasm-opt and cargo on two
# cores; presale is the smallest and embedded 25 paths of the builder's home before the remap.
# Every contract shares the same flags, dependencies and toolchain, so a path that leaks leaks
# into presale too (the crate-registry sources of cosmwasm-std, serde, cw-storage-plus, ...).
repro="${MF_REPRO_CONTRACT:-presale}"
[[ -f "artifacts/$repro.wasm" ]] || die "artifacts/$repro.wasm was not built."
# one place per checkout, so two checkouts on one machine do not build over each other; the
# folder names differ in length and spelling from every path of this machine
where="${MF_REPRO_DIR:-$MF_CACHE/repro/$(printf '%s' "$MF_ROOT" | sha256sum | cut -c1-12)}"
copy="$where/elsewhere/src/modelfund" home="$where/home/builder" target="$where/target-elsewhere"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
need_cmd git "install git (the sources are copied with git ls-files)"
git rev-parse --git-dir >/dev/null 2>&1 || die "--reproduce copies the sources with git, and $MF_ROOT is not a git checkout."
[[ -d "$cargo_home/registry" ]] || die "no cargo download cache at $cargo_home/registry (set CARGO_HOME)."

log "reproduce: copying the sources to $copy"
# the files of this checkout, committed or not (ignored ones such as artifacts/ stay behind),
# with their modification times, so cargo there rebuilds only what changed since the last check
rm -rf "$copy"
mkdir -p "$copy" "$home/.cargo"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do if [[ -f "$f" ]]; then printf '%s\0' "$f"; fi; done \
    | tar --null -T - -cf - | tar -xf - -C "$copy"
# another home whose cargo reads the same download cache (nothing is downloaded again, offline)
# and whose rustup is this one under another path: rustc sees the crate-registry sources and the
# toolchain under this home's paths
for d in registry git; do
    if [[ -e "$cargo_home/$d" ]]; then ln -sfn "$cargo_home/$d" "$home/.cargo/$d"; fi
done
ln -sfn "$rustup_home" "$home/.rustup"
# cargo and rustc of the toolchain, not the rustup proxies of the old home's .cargo/bin
toolchain_bin="$(dirname "$(rustup which rustc)")"

log "reproduce: building $repro there (HOME=$home, target dir $target)"
t0=$SECONDS
env -u MF_ROOT -u MF_LOCALNET -u MF_VENV -u MF_CACHE -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
    -u MF_COMMON_SOURCED -u RUSTUP_TOOLCHAIN \
    HOME="$home" CARGO_HOME="$home/.cargo" RUSTUP_HOME="$home/.rustup" \
    PATH="$home/.cargo/bin:$toolchain_bin:$PATH" \
    MODELFUND_CACHE="$MF_CACHE" CARGO_TARGET_DIR="$target" CARGO_NET_OFFLINE=true \
    "$copy/scripts/build.sh" "$repro" >&2 || die "the second build (in $copy) failed; see above."
took=$((SECONDS - t0))

here=$(sha256sum "artifacts/$repro.wasm" | cut -d' ' -f1)
there=$(sha256sum "$copy/artifacts/$repro.wasm" | cut -d' ' -f1)
log "reproduce: $repro.wasm sha256 here ($MF_ROOT) $here"
log "reproduce: $repro.wasm sha256 there ($copy) $there"
if [[ "$here" != "$there" ]]; then
    die "not reproducible: artifacts/$repro.wasm built in $copy (another HOME, CARGO_HOME and target dir) differs from the one built here; look for machine-specific paths with: strings artifacts/$repro.wasm | grep -e /home -e /root -e /Users -e /tmp"
fi
log "reproducible: $repro.wasm built in another folder with another HOME, CARGO_HOME and target dir is byte-identical (second build: ${took} s)."
