#!/usr/bin/env bash
# Regenerate docs/reference.md (every contract's messages) from schema/ with scripts/docs.py.
#
#   scripts/docs.sh           # write docs/reference.md
#   scripts/docs.sh --check   # fail when the committed docs/reference.md is stale (CI runs this)
#
# Run scripts/schema.sh first when the message types changed: the reference is made from the
# committed schema/, not from the Rust code.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

mode="write"
if [[ "${1:-}" == "--check" ]]; then mode=check; elif [[ $# -gt 0 ]]; then die "usage: scripts/docs.sh [--check]"; fi

cd "$MF_ROOT"
need_cmd python3 "install Python 3"
out=docs/reference.md
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

python3 scripts/docs.py schema >"$tmp" || die "scripts/docs.py could not render schema/ into $out."

if [[ $mode == write ]]; then
    mkdir -p docs
    cp "$tmp" "$out"
    log "$out written"
elif ! cmp -s "$tmp" "$out"; then
    diff -u "$out" "$tmp" 2>&1 | head -20 >&2 || true
    die "$out is stale. Run scripts/docs.sh and commit the result."
else
    log "$out is up to date"
fi
