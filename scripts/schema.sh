#!/usr/bin/env bash
# Regenerate schema/<contract>/ from the message types (each contract's `<contract>-schema`
# binary, src/bin/<contract>-schema.rs).
#
#   scripts/schema.sh           # write schema/
#   scripts/schema.sh --check   # fail when the committed schema/ is stale (CI runs this)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mode=write
if [[ "${1:-}" == "--check" ]]; then mode=check; elif [[ $# -gt 0 ]]; then die "usage: scripts/schema.sh [--check]"; fi

cd "$MF_ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stale=()
for dir in contracts/*/; do
    c=$(basename "$dir")
    [[ -f "$dir/src/bin/$c-schema.rs" ]] || die "contracts/$c has no src/bin/$c-schema.rs."
    # run the executable cargo reports for this build rather than a guessed path in the target dir
    bin=$(cargo build --quiet --locked -p "modelfund-$c" --bin "$c-schema" --message-format=json \
        | jq -r 'select(.reason == "compiler-artifact" and .executable != null) | .executable' \
        | tail -n 1)
    [[ -x "$bin" ]] || die "could not build the schema binary of $c."
    mkdir -p "$tmp/$c"
    (cd "$tmp/$c" && "$bin" >/dev/null) || die "the schema binary of $c failed."
    # write_api! writes ./schema/<name>.json and ./schema/raw/*.json
    if [[ $mode == write ]]; then
        rm -rf "schema/$c"
        mkdir -p schema
        cp -r "$tmp/$c/schema" "schema/$c"
        log "schema/$c written"
    elif ! diff -r -q "$tmp/$c/schema" "schema/$c" >/dev/null 2>&1; then
        stale+=("$c")
        diff -r "$tmp/$c/schema" "schema/$c" | head -20 >&2 || true
    fi
done

if [[ $mode == check ]]; then
    # a schema folder whose contract no longer exists is stale too
    for dir in schema/*/; do
        [[ -d "$dir" ]] || continue
        c=$(basename "$dir")
        [[ -d "contracts/$c" ]] || stale+=("$c (no such contract)")
    done
    if [[ ${#stale[@]} -gt 0 ]]; then
        die "schema/ is stale for: ${stale[*]}. Run scripts/schema.sh and commit the result."
    fi
    log "schema/ is up to date"
fi
