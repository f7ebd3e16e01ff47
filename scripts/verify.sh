#!/usr/bin/env bash
# Check that a code on a chain is exactly what this checkout builds: download the code from a
# node, hash it and compare it with the local artifact of the same contract
# (artifacts/checksums.txt, written by scripts/build.sh, whose output is byte-identical on every
# machine for the same sources).
#
#   scripts/build.sh                                     # first: the local artifacts
#   scripts/verify.sh local 3                            # code id 3 on the local node
#   scripts/verify.sh injective-888 inj1...              # the code of a contract on a testnet
#   scripts/verify.sh pion-1 1234 --contract presale     # say which contract the code should be
#
# NETWORK is `local` (the node of scripts/localnet.sh) or a preset of scripts/networks/ (as in
# scripts/up.sh --network). The second argument is a code id or a contract address (its code id
# is looked up).
#
# Options
#   --contract NAME   the contract the code should be (default: the cw2 name of a contract made
#                     from that code; a code without one is compared with every artifact)
#   --node URL        RPC endpoint (overrides the preset)
#   --binary PATH     chain CLI (overrides the preset)
#
# Prints one sentence on stdout: "match: ..." (exit 0) or "mismatch: ..." naming the contract and
# both checksums (exit 1). Anything that prevents the check is one "error: ..." sentence on
# stderr (exit 1). Environment: MF_NETWORKS_DIR (presets, default scripts/networks: the
# <chain-id>.json files of scripts/lib/network.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$MF_ROOT"

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

network="" target="" opt_contract="" opt_node="" opt_binary=""
while (($#)); do
    case "$1" in
        --contract | --node | --binary)
            (($# >= 2)) || die "option $1 needs a value (try --help)."
            case "$1" in
                --contract) opt_contract="$2" ;;
                --node) opt_node="$2" ;;
                --binary) opt_binary="$2" ;;
            esac
            shift
            ;;
        -h | --help) usage; exit 0 ;;
        -*) die "unknown option '$1' (try --help)." ;;
        *)
            if [[ -z "$network" ]]; then network="$1"
            elif [[ -z "$target" ]]; then target="$1"
            else die "too many arguments: usage: scripts/verify.sh <local|network> <code id|contract address> [--contract NAME]."
            fi
            ;;
    esac
    shift
done
[[ -n "$network" && -n "$target" ]] \
    || die "usage: scripts/verify.sh <local|network> <code id|contract address> [--contract NAME] (try --help)."
address=""
if [[ "$target" =~ ^[a-z]+1[02-9ac-hj-np-z]{38,}$ ]]; then
    address="$target"
elif [[ ! "$target" =~ ^[0-9]+$ ]]; then
    die "'$target' is neither a code id (a number) nor a contract address."
fi

# ---- the node: the local one, or a preset as scripts/up.sh --network reads it ----
# shellcheck source=lib/network.sh
source scripts/lib/network.sh
if [[ "$network" == local ]]; then
    eval "$(scripts/localnet.sh env)"
else
    load_network "$network"
    export MF_BINARY="$NET_BINARY" MF_CHAIN_ID="$NET_CHAIN_ID" MF_NODE="$NET_RPC"
    # the Injective testnet with the injectived scripts/localnet.sh cached, when none is on PATH
    if [[ -z "$opt_binary" && "$NET_BINARY" == injectived ]] && ! command -v injectived >/dev/null 2>&1 \
        && mf_resolve_injectived; then
        export MF_BINARY="$INJECTIVED"
    fi
fi
if [[ -n "$opt_node" ]]; then export MF_NODE="$opt_node"; fi
if [[ -n "$opt_binary" ]]; then export MF_BINARY="$opt_binary"; fi

# shellcheck source=lib/chain.sh
source scripts/lib/chain.sh
_chain_cfg 2>/dev/null \
    || die "${MF_BINARY:-${INJECTIVED:-injectived}} is not installed (or not on PATH): ${NET_INSTALL:-run scripts/localnet.sh install}, or pass --binary PATH."
_chain_check_node 2>/dev/null \
    || die "the node $CH_NODE of $network is unreachable; start it (scripts/localnet.sh start) or pass --node URL."
chain="${MF_CHAIN_ID:-$network}"

# ---- the local artifacts ----
sums="artifacts/checksums.txt"
[[ -f "$sums" ]] || die "there is no $sums to compare with: build the contracts first (scripts/build.sh)."
declare -A local_sum=()
while read -r sum file; do
    if [[ -n "$file" ]]; then local_sum[${file%.wasm}]="$sum"; fi
done <"$sums"
((${#local_sum[@]} > 0)) || die "$sums lists no artifact: run scripts/build.sh."
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "unknown")
[[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] || commit+=" with local changes"

# ---- the code on chain ----
code_id="$target"
if [[ -n "$address" ]]; then
    code_id=$("$CH_BIN" query wasm contract "$address" --node "$CH_NODE" -o json 2>/dev/null \
        | jq -r '.contract_info.code_id // empty') || true
    [[ -n "$code_id" ]] || die "there is no contract $address on $chain ($CH_NODE)."
fi
what="code $code_id on $chain${address:+ (contract $address)}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CH_BIN" query wasm code "$code_id" "$tmp/code.wasm" --node "$CH_NODE" >/dev/null 2>"$tmp/err" || true
[[ -s "$tmp/code.wasm" ]] \
    || die "could not download code $code_id from $chain ($CH_NODE): $(tr '\n' ' ' <"$tmp/err" | sed 's/ *$//')."
chain_sum=$(mf_sha256 "$tmp/code.wasm")

# ---- which contract it should be: --contract, else the cw2 name of a contract made from it ----
name="$opt_contract" cw2="" how="as you said"
if [[ -z "$name" ]]; then
    instance="$address"
    if [[ -z "$instance" ]]; then
        instance=$("$CH_BIN" query wasm list-contract-by-code "$code_id" --limit 1 --node "$CH_NODE" -o json 2>/dev/null \
            | jq -r '.contracts[0] // empty') || true
    fi
    if [[ -n "$instance" ]]; then
        cw2=$("$CH_BIN" query wasm contract-state raw "$instance" contract_info --ascii --node "$CH_NODE" -o json 2>/dev/null \
            | jq -r '.data // empty' | base64 -d 2>/dev/null | jq -r '.contract // empty' 2>/dev/null) || true
        if [[ "$cw2" =~ ^(crates\.io:)?modelfund-([a-z0-9_-]+)$ ]]; then
            name="${BASH_REMATCH[2]}"
            how="per the cw2 name $cw2 of $instance"
        fi
    fi
fi

# the artifact with this checksum, if any
same=""
for c in "${!local_sum[@]}"; do
    if [[ "${local_sum[$c]}" == "$chain_sum" ]]; then same="$c"; fi
done

if [[ -n "$name" ]]; then
    if [[ -z "${local_sum[$name]:-}" ]]; then
        echo "mismatch: $what should be $name ($how), but $sums (commit $commit) has no $name; its sha256 on chain is $chain_sum."
        exit 1
    fi
    if [[ "${local_sum[$name]}" == "$chain_sum" ]]; then
        echo "match: $what is $name: sha256 $chain_sum on chain = $chain_sum of artifacts/$name.wasm built from this checkout (commit $commit)."
        exit 0
    fi
    echo "mismatch: $what should be $name ($how), but its sha256 on chain is $chain_sum and artifacts/$name.wasm (commit $commit) has ${local_sum[$name]}${same:+; the code on chain is artifacts/$same.wasm}."
    exit 1
fi
if [[ -n "$same" ]]; then
    echo "match: $what is $same: sha256 $chain_sum on chain = $chain_sum of artifacts/$same.wasm built from this checkout (commit $commit)."
    exit 0
fi
echo "mismatch: $what (sha256 $chain_sum on chain${cw2:+, cw2 name $cw2}) matches none of the ${#local_sum[@]} artifacts in $sums (commit $commit); if it is one of them, say which with --contract NAME."
exit 1
