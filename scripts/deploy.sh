#!/usr/bin/env bash
# Store and instantiate CosmWasm artifacts through the chain CLI; records code ids, addresses and
# tx hashes in a deployment JSON (default: deployments/<chain-id>.json, git-ignored).
#
# Usage:
#   scripts/deploy.sh store <name> <file.wasm>                      prints the code id
#   scripts/deploy.sh instantiate <name> <code_id|code name> '<json>'
#                     [--label L] [--admin ADDR|KEY] [--amount COINS]  prints the contract address
#   scripts/deploy.sh show                                          prints the deployment JSON
#
# Options (anywhere on the line; environment fallback in brackets; defaults target the local node):
#   --binary PATH          chain CLI               [MF_BINARY, INJECTIVED]  (venv injectived)
#   --chain-id ID                                  [MF_CHAIN_ID]   (injective-777)
#   --node URL                                     [MF_NODE]       (tcp://127.0.0.1:26657)
#   --gas-prices P                                 [MF_GAS_PRICES] (160000000inj)
#   --from KEY             signer                  [MF_FROM]       (validator)
#   --keyring-backend B                            [MF_KEYRING_BACKEND] (test)
#   --home DIR             CLI home with keyring   [MF_HOME]       (.localnet/home)
#   --out FILE             deployment JSON         [MF_DEPLOYMENT] (deployments/<chain-id>.json)
# Without --admin the contract is instantiated with --no-admin; --label defaults to <name>.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib/chain.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/chain.sh"

usage() {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

positional=()
label="" admin="" amount=""
while (($#)); do
    case "$1" in
        --binary | --chain-id | --node | --gas-prices | --from | --keyring-backend | --home | --out | --label | --admin | --amount)
            (($# >= 2)) || die "option $1 needs a value."
            opt="$1" val="$2"
            shift 2
            ;;
        --*=*)
            opt="${1%%=*}" val="${1#*=}"
            shift
            ;;
        -h | --help) usage ;;
        --*) die "unknown option '$1' (see scripts/deploy.sh --help)." ;;
        *)
            positional+=("$1")
            shift
            continue
            ;;
    esac
    case "$opt" in
        --binary) export MF_BINARY="$val" ;;
        --chain-id) export MF_CHAIN_ID="$val" ;;
        --node) export MF_NODE="$val" ;;
        --gas-prices) export MF_GAS_PRICES="$val" ;;
        --from) export MF_FROM="$val" ;;
        --keyring-backend) export MF_KEYRING_BACKEND="$val" ;;
        --home) export MF_HOME="$val" ;;
        --out) export MF_DEPLOYMENT="$val" ;;
        --label) label="$val" ;;
        --admin) admin="$val" ;;
        --amount) amount="$val" ;;
        *) die "unknown option '$opt' (see scripts/deploy.sh --help)." ;;
    esac
done
((${#positional[@]} >= 1)) || usage

need_cmd jq "apt-get install -y jq"
need_cmd curl "apt-get install -y curl"
if [[ -z "${MF_BINARY:-}" ]] && ! mf_resolve_injectived; then
    die "injectived not found; run scripts/localnet.sh install or pass --binary."
fi

_chain_cfg || exit 1
MF_CHAIN_ID="${MF_CHAIN_ID:-injective-777}"
OUT="${MF_DEPLOYMENT:-$MF_ROOT/deployments/$MF_CHAIN_ID.json}"

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# record JQ_FILTER [jq args...]: applies the filter to the deployment file (created if missing).
record() {
    local filter="$1"
    shift
    mkdir -p "$(dirname "$OUT")"
    if [[ ! -s "$OUT" ]]; then
        jq -n --arg c "$MF_CHAIN_ID" '{chain_id: $c, codes: {}, contracts: {}}' >"$OUT"
    fi
    local tmp="$OUT.tmp.$$"
    jq --arg node "${MF_NODE:-tcp://127.0.0.1:26657}" --arg now "$(now)" "$@" \
        "(.node = \$node | .updated_at = \$now) | $filter" "$OUT" >"$tmp" \
        || { rm -f "$tmp"; die "could not update $OUT (jq failed; is the file valid JSON?)."; }
    mv -f "$tmp" "$OUT"
}

cmd_store() {
    (($# == 2)) || die "usage: scripts/deploy.sh store <name> <file.wasm>."
    local name="$1" file="$2"
    [[ -f "$file" ]] || die "wasm file not found: $file."
    local size txfile tx code_id
    size="$(wc -c <"$file" | tr -d ' ')"
    log "storing $name from $file ($size bytes) on $MF_CHAIN_ID"
    txfile="$(mktemp)"
    CHAIN_LAST_TX_FILE="$txfile" chain_tx wasm store "$file" >/dev/null || { rm -f "$txfile"; exit 1; }
    tx="$(cat "$txfile")"
    rm -f "$txfile"
    code_id="$(tx_code_id "$tx")"
    [[ -n "$code_id" ]] || die "store tx $(tx_hash "$tx") has no store_code.code_id event."
    # shellcheck disable=SC2016 # jq variables
    record '.codes[$name] = {code_id: ($id|tonumber), checksum: $sum, file: $file, size_bytes: ($size|tonumber),
                             tx_hash: $hash, height: ($h|tonumber), gas_used: ($gas|tonumber), stored_at: $now}' \
        --arg name "$name" --arg id "$code_id" --arg sum "$(tx_code_checksum "$tx")" \
        --arg file "$(realpath "$file")" --arg size "$size" --arg hash "$(tx_hash "$tx")" \
        --arg h "$(jq -r .height <<<"$tx")" --arg gas "$(tx_gas_used "$tx")"
    log "stored $name: code_id=$code_id tx=$(tx_hash "$tx") gas_used=$(tx_gas_used "$tx") -> $OUT"
    printf '%s\n' "$code_id"
}

cmd_instantiate() {
    (($# == 3)) || die "usage: scripts/deploy.sh instantiate <name> <code_id|code name> '<json>' [--label L] [--admin ADDR] [--amount COINS]."
    local name="$1" code="$2" msg="$3" code_id
    jq -e . >/dev/null 2>&1 <<<"$msg" || die "the instantiate message is not valid JSON: $msg"
    if [[ "$code" =~ ^[0-9]+$ ]]; then
        code_id="$code"
    else
        code_id="$( [[ -f "$OUT" ]] && jq -r --arg n "$code" '.codes[$n].code_id // empty' "$OUT")"
        [[ -n "$code_id" ]] || die "no code named '$code' in $OUT; run scripts/deploy.sh store $code <file.wasm> first."
    fi
    local extra=()
    local admin_addr=""
    if [[ -n "$admin" ]]; then
        admin_addr="$(addr_of "$admin")" || exit 1
        extra+=(--admin "$admin_addr")
    fi
    [[ -n "$amount" ]] && extra+=(--amount "$amount")
    local lbl="${label:-$name}" txfile tx addr
    log "instantiating $name (code $code_id, label '$lbl') on $MF_CHAIN_ID"
    txfile="$(mktemp)"
    CHAIN_LAST_TX_FILE="$txfile" chain_instantiate "$code_id" "$msg" "$lbl" "${extra[@]}" >/dev/null \
        || { rm -f "$txfile"; exit 1; }
    tx="$(cat "$txfile")"
    rm -f "$txfile"
    addr="$(tx_contract_address "$tx")"
    # shellcheck disable=SC2016 # jq variables
    record '.contracts[$name] = {address: $addr, code_id: ($id|tonumber), "label": $lbl,
                                 admin: (if $admin == "" then null else $admin end), init_msg: ($msg|fromjson),
                                 tx_hash: $hash, height: ($h|tonumber), gas_used: ($gas|tonumber), instantiated_at: $now}' \
        --arg name "$name" --arg addr "$addr" --arg id "$code_id" --arg lbl "$lbl" --arg admin "$admin_addr" \
        --arg msg "$msg" --arg hash "$(tx_hash "$tx")" --arg h "$(jq -r .height <<<"$tx")" --arg gas "$(tx_gas_used "$tx")"
    log "instantiated $name: $addr tx=$(tx_hash "$tx") gas_used=$(tx_gas_used "$tx") -> $OUT"
    printf '%s\n' "$addr"
}

cmd_show() {
    [[ -f "$OUT" ]] || die "no deployment file at $OUT yet."
    jq . "$OUT"
}

sub="${positional[0]}"
args=("${positional[@]:1}")
case "$sub" in
    store) cmd_store "${args[@]}" ;;
    instantiate) cmd_instantiate "${args[@]}" ;;
    show) cmd_show ;;
    *) die "unknown command '$sub' (expected store, instantiate or show)." ;;
esac
