# shellcheck shell=bash
# Wasm toolchain helpers (source after common.sh): target, wasm-opt, cosmwasm-check.

BINARYEN_VERSION="${BINARYEN_VERSION:-132}"
COSMWASM_CHECK_VERSION="${COSMWASM_CHECK_VERSION:-2.3.5}"
WASM_OPT="$MF_CACHE/npm/binaryen/node_modules/.bin/wasm-opt"
COSMWASM_CHECK="$MF_CACHE/cargo/bin/cosmwasm-check"
# wasmd's default upload limit (800 KiB): a larger artifact will not store on most chains.
MAX_WASM_BYTES=819200

ensure_wasm_tools() {
    need_cmd cargo "install Rust with rustup (https://rustup.rs)"
    ensure_rust_toolchain
    if ! "$WASM_OPT" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
        need_cmd npm "install Node.js and npm (apt-get install -y nodejs npm)"
        log "installing binaryen@$BINARYEN_VERSION (wasm-opt) into $MF_CACHE/npm/binaryen"
        mkdir -p "$MF_CACHE/npm/binaryen"
        (cd "$MF_CACHE/npm/binaryen" && { [[ -f package.json ]] || npm init -y >/dev/null; } \
            && npm install --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >&2)
        "$WASM_OPT" --version >/dev/null || die "wasm-opt from binaryen@$BINARYEN_VERSION does not run."
    fi
    if ! "$COSMWASM_CHECK" --version 2>/dev/null | grep -q "$COSMWASM_CHECK_VERSION"; then
        log "installing cosmwasm-check $COSMWASM_CHECK_VERSION into $MF_CACHE/cargo (about 5 min the first time)"
        cargo install cosmwasm-check --version "$COSMWASM_CHECK_VERSION" --locked \
            --root "$MF_CACHE/cargo" >&2
    fi
}

# wasm_rustflags ROOT -> the rustflags of the wasm build, one per line: --remap-path-prefix for
# every machine-specific folder rustc could write into the wasm (panic locations and file!() of
# the crate-registry sources, build-script output, the checkout, the toolchain), so the artifact is
# byte-identical whoever builds it and wherever:
#   $CARGO_HOME (registry and git sources)   -> /cargo
#   $CARGO_TARGET_DIR (build-script OUT_DIR) -> /target
#   ROOT (this checkout)                     -> /modelfund
#   the toolchain's sysroot                  -> /rust-toolchain
# Both the given and the symlink-free form of each folder are mapped. rustc applies the last
# mapping that matches, so the longest (most specific) prefixes come last.
wasm_rustflags() {
    local root="$1" cargo_home="${CARGO_HOME:-$HOME/.cargo}" sysroot pair dir to
    sysroot="$(rustc --print sysroot)" || die "rustc --print sysroot failed."
    local pairs=()
    for pair in "$cargo_home=/cargo" "$CARGO_TARGET_DIR=/target" "$root=/modelfund" "$sysroot=/rust-toolchain"; do
        dir="${pair%=*}" to="${pair##*=}"
        [[ -n "$dir" ]] || continue
        pairs+=("$dir=$to")
        if [[ -e "$dir" ]] && [[ "$(cd "$dir" && pwd -P)" != "$dir" ]]; then
            pairs+=("$(cd "$dir" && pwd -P)=$to")
        fi
    done
    # shortest first: a mapping of a folder inside another (a target dir inside the checkout)
    # comes after the outer one and wins
    printf '%s\n' "${pairs[@]}" | awk -F= '{ print length($1) "\t" $0 }' | sort -n -s | cut -f2- \
        | sed 's/^/--remap-path-prefix=/'
}

# optimize_wasm IN OUT: lower the post-MVP opcodes Rust 1.95 emits (sign extension,
# bulk memory) so chains accept the module, and shrink it.
optimize_wasm() {
    "$WASM_OPT" -Oz --signext-lowering --llvm-memory-copy-fill-lowering \
        --strip-debug --strip-producers "$1" -o "$2"
}

# check_wasm FILE: cosmwasm-check plus the upload-size limit.
check_wasm() {
    local size
    size=$(wc -c <"$1" | tr -d ' ')
    if (( size > MAX_WASM_BYTES )); then
        die "$1 is $size bytes, over the 800 KiB ($MAX_WASM_BYTES bytes) upload limit of wasmd chains."
    fi
    "$COSMWASM_CHECK" "$1" >&2 || die "cosmwasm-check rejected $1."
}
