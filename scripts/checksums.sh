#!/usr/bin/env bash
# The README's "Published checksums" table: the sha256 of every contract's artifact as
# scripts/build.sh makes it (byte-identical on every machine for the same sources).
#
#   scripts/build.sh && scripts/checksums.sh          # rewrite the table in README.md
#   scripts/checksums.sh --check                      # fail when the table is not the one of
#                                                     # artifacts/ (the vm layer, after the build)
#
# The table sits between the markers <!-- checksums:begin --> and <!-- checksums:end -->. It is
# made from artifacts/, so run scripts/build.sh first; a change to any contract, to Cargo.lock
# or to the toolchain changes it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$MF_ROOT/scripts/lib/wasm.sh"

mode=write
if [[ "${1:-}" == "--check" ]]; then mode=check; elif [[ $# -gt 0 ]]; then die "usage: scripts/checksums.sh [--check]"; fi

cd "$MF_ROOT"
readme=README.md
begin='<!-- checksums:begin -->' end='<!-- checksums:end -->'
[[ $(grep -cxF "$begin" "$readme") == 1 && $(grep -cxF "$end" "$readme") == 1 ]] \
    || die "$readme needs exactly one '$begin' line and one '$end' line around the checksums table."

version=$(awk '/^\[workspace.package\]/ {p=1; next} /^\[/ {p=0} p && /^version *=/ {gsub(/[^0-9A-Za-z.+-]/, "", $3); print $3; exit}' Cargo.toml)
rust=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
[[ -n "$version" && -n "$rust" ]] || die "cannot read the workspace version (Cargo.toml) or the toolchain (rust-toolchain.toml)."

table=$(mktemp)
trap 'rm -f "$table"' EXIT
{
    echo "$begin"
    echo "Release $version, built by \`scripts/build.sh\` with Rust $rust (\`rust-toolchain.toml\`) and binaryen $BINARYEN_VERSION:"
    echo
    echo "| contract | sha256 of \`artifacts/<contract>.wasm\` | bytes |"
    echo "|---|---|---|"
    for dir in contracts/*/; do
        c=$(basename "$dir")
        wasm="artifacts/$c.wasm"
        [[ -f "$wasm" ]] || die "$wasm is missing: run scripts/build.sh first."
        printf '| `%s` | `%s` | %s |\n' "$c" "$(mf_sha256 "$wasm")" "$(wc -c <"$wasm" | tr -d ' ')"
    done
    echo "$end"
} >"$table"

# README.md with the lines between the markers (markers included) replaced by the table
render() {
    awk -v tf="$table" -v b="$begin" -v e="$end" '
        $0 == b { while ((getline line < tf) > 0) print line; skip = 1; next }
        $0 == e { skip = 0; next }
        !skip { print }' "$readme"
}

if [[ $mode == write ]]; then
    render >"$readme.tmp" && mv "$readme.tmp" "$readme"
    log "$readme: checksums of $(grep -c '^| `' "$table") contracts written"
elif ! diff -u "$readme" <(render) >"$table.diff" 2>&1; then
    head -30 "$table.diff" >&2
    rm -f "$table.diff"
    die "the published checksums in $readme are not those of artifacts/ (just built from these sources): run scripts/checksums.sh and commit $readme."
else
    rm -f "$table.diff"
    log "$readme: the published checksums are those of artifacts/"
fi
