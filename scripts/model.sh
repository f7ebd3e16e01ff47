#!/usr/bin/env bash
# Build the demo model's artifact from the corpus the project ships, and print its sha256 (the
# demo model's content_hash in the registry) on stdout; everything else goes to stderr. Its
# second version (v1.1.0, which the DAO publishes in docs/cli-guide.md's walkthrough: the same
# corpus with a shorter context) is built next to it.
#
#   scripts/model.sh                 # artifacts/model/modelfund-tinylm.mflm and
#                                    #   modelfund-tinylm-v1.1.mflm (each + .sha256)
#   scripts/model.sh OUT_DIR         # the same into OUT_DIR
#   hash=$(scripts/model.sh)         # for scripts that register the model
#
# Deterministic: the same corpus (packages/tinylm/corpus/modelfund.txt) and the same crate give
# the same bytes on every machine (packages/tinylm/tests/model.rs pins the hash). The artifact is
# a build output (artifacts/ is git-ignored): never commit it, rebuild it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

[[ $# -le 1 ]] || die "usage: scripts/model.sh [OUT_DIR]"
out_dir="${1:-$MF_ROOT/artifacts/model}"
corpus="$MF_ROOT/packages/tinylm/corpus/modelfund.txt"
name=modelfund-tinylm
[[ -f "$corpus" ]] || die "the corpus $corpus is missing."

cd "$MF_ROOT"
log "model: building the modelfund-tinylm tool"
cargo build --quiet --locked -p modelfund-tinylm --bin modelfund-tinylm
bin="$CARGO_TARGET_DIR/debug/modelfund-tinylm"
[[ "$bin" == /* ]] || bin="$MF_ROOT/$bin"

mkdir -p "$out_dir"
tmp=""
trap 'rm -f "$tmp"' EXIT
# build NAME [train flags]: trains $out_dir/NAME.mflm (+ NAME.mflm.sha256); prints its sha256
build() {
    local file="$1" artifact hash check
    shift
    artifact="$out_dir/$file.mflm"
    tmp="$artifact.tmp.$$"
    log "model: training $file from ${corpus#"$MF_ROOT"/}"
    hash=$("$bin" train --corpus "$corpus" --out "$tmp" "$@")
    # the tool's hash must be the file's, as any sha256 tool computes it
    check=$(sha256sum "$tmp" | cut -d' ' -f1)
    [[ "$hash" == "$check" ]] || die "the tool printed sha256 $hash but the file hashes to $check."
    mv -f "$tmp" "$artifact"
    printf '%s  %s\n' "$hash" "$file.mflm" >"$artifact.sha256"
    log "model: ${artifact#"$MF_ROOT"/} ($(wc -c <"$artifact") bytes)"
    echo "$hash"
}
build "$name" >/dev/null
# v1.1.0: the parameters packages/tinylm/tests/model.rs pins (second_version_artifact_hash_is_pinned)
build "$name-v1.1" --order 2 --name "$name-v1.1" >/dev/null
cut -d' ' -f1 "$out_dir/$name.mflm.sha256"
