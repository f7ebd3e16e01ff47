# shellcheck shell=bash
# Chain CLI helpers (injectived / wasmd 0.53 CLI shapes). Source it:
#
#   source scripts/lib/chain.sh
#   eval "$(scripts/localnet.sh env)"        # optional; the defaults already target the local node
#   code_id=$(chain_store artifacts/x.wasm)
#   addr=$(chain_instantiate "$code_id" '{"...":1}' my-label)
#   tx=$(MF_FROM=alice chain_execute "$addr" '{"transfer":{...}}')
#   tx_gas_used "$tx"
#   chain_query_smart "$addr" '{"balance":{"address":"inj1..."}}'
#
# Settings (environment, read at call time):
#   MF_BINARY or INJECTIVED   chain CLI                    (default: the venv's injectived wrapper)
#   MF_CHAIN_ID               (default: injective-777)
#   MF_NODE                   (default: tcp://127.0.0.1:26657)
#   MF_GAS_PRICES             (default: 160000000inj)
#   MF_GAS_ADJUSTMENT         (default: 1.4; --gas auto underestimates by ~29k on injectived)
#   MF_FROM                   signing key                  (default: validator)
#   MF_KEYRING_BACKEND        (default: test)
#   MF_HOME                   CLI home with the keyring    (default: $MF_LOCALNET/home)
#   MF_TX_TIMEOUT             seconds to wait for inclusion (default: 60)
#   CHAIN_LAST_TX_FILE        if set, chain_tx also writes the final tx JSON there
#   MF_TX_PAGE                explorer tx page with ${txHash} (scripts/networks/*.json
#                             explorers[0].tx_page): chain_tx logs the link of every tx it sent
#   MF_DRY_RUN=1              chain_tx prints the exact command line (to MF_DRY_RUN_OUT, default
#                             stderr) instead of running it, and outputs an empty tx JSON; no
#                             binary, node or key is needed
#
# Every function prints its result on stdout and returns non-zero after printing one
# "error: ..." sentence on stderr (binary not found, node unreachable, key missing, tx failed).
# Flags you pass to chain_tx / chain_execute / chain_instantiate (e.g. --from bob, --amount,
# --gas 500000, --fees ...) replace the defaults above.

# shellcheck source=SCRIPTDIR/../common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

_chain_err() {
    printf 'error: %s\n' "$*" >&2
    return 1
}

_chain_cfg() {
    CH_BIN="${MF_BINARY:-${INJECTIVED:-$MF_INJECTIVED_WRAPPER}}"
    CH_CHAIN_ID="${MF_CHAIN_ID:-injective-777}"
    CH_NODE="${MF_NODE:-tcp://127.0.0.1:26657}"
    CH_GAS_PRICES="${MF_GAS_PRICES:-160000000inj}"
    CH_GAS_ADJ="${MF_GAS_ADJUSTMENT:-1.4}"
    CH_FROM="${MF_FROM:-validator}"
    CH_KEYRING="${MF_KEYRING_BACKEND:-test}"
    CH_HOME="${MF_HOME:-$MF_LOCALNET/home}"
    CH_TX_TIMEOUT="${MF_TX_TIMEOUT:-60}"
    if ! command -v jq >/dev/null 2>&1; then
        _chain_err "jq is not installed; apt-get install -y jq."
        return 1
    fi
    [[ "${MF_DRY_RUN:-}" == 1 ]] && return 0
    if [[ "$CH_BIN" == */* ]]; then
        [[ -x "$CH_BIN" ]] || { _chain_err "chain binary not found at $CH_BIN (run scripts/localnet.sh install, or pass --binary / set MF_BINARY)."; return 1; }
    else
        command -v "$CH_BIN" >/dev/null 2>&1 || { _chain_err "chain binary '$CH_BIN' is not on PATH (run scripts/localnet.sh install, or pass --binary / set MF_BINARY)."; return 1; }
    fi
}

# tcp://host:port -> http://host:port
_chain_rpc_url() {
    local n="$CH_NODE"
    case "$n" in
        tcp://*) printf 'http://%s\n' "${n#tcp://}" ;;
        *) printf '%s\n' "$n" ;;
    esac
}

_chain_check_node() {
    if ! curl -fsS --max-time 5 "$(_chain_rpc_url)/status" >/dev/null 2>&1; then
        _chain_err "node unreachable at $CH_NODE (start it with scripts/localnet.sh start, or pass --node / set MF_NODE)."
        return 1
    fi
}

# _chain_flag_value NAME ARGS... -> value of --NAME (either "--x v" or "--x=v"); empty if absent.
_chain_flag_value() {
    local name="$1"
    shift
    while (($#)); do
        case "$1" in
            "$name") printf '%s\n' "${2:-}"; return 0 ;;
            "$name"=*) printf '%s\n' "${1#*=}"; return 0 ;;
        esac
        shift
    done
}

# _chain_has_flag NAME... -- ARGS...  -> true if any of the names is present in ARGS
_chain_has_flag() {
    local names=()
    while (($#)) && [[ "$1" != "--" ]]; do
        names+=("$1")
        shift
    done
    shift
    local a n
    for a in "$@"; do
        for n in "${names[@]}"; do
            [[ "$a" == "$n" || "$a" == "$n="* ]] && return 0
        done
    done
    return 1
}

_chain_check_key() {
    local key="$1"
    if ! "$CH_BIN" keys show "$key" -a --keyring-backend "$CH_KEYRING" --home "$CH_HOME" >/dev/null 2>&1; then
        _chain_err "key '$key' not found in the $CH_KEYRING keyring at $CH_HOME (run scripts/localnet.sh init, or pass --from / --home)."
        return 1
    fi
}

# _chain_quote WORD -> WORD as the shell reads it back: bare when it is plain, else in single quotes
_chain_quote() {
    if [[ "$1" =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then
        printf '%s' "$1"
    else
        printf "'%s'" "${1//\'/\'\\\'\'}"
    fi
}

# addr_of KEY -> bech32 address (passes through something that already is an address)
addr_of() {
    _chain_cfg || return 1
    local key="${1:?addr_of KEY}"
    # already a bech32 address (any chain's prefix: inj1…, neutron1…, juno1…): pass it through
    if [[ "$key" =~ ^[a-z]+1[02-9ac-hj-np-z]{38,}$ ]]; then
        printf '%s\n' "$key"
        return 0
    fi
    local out
    if ! out="$("$CH_BIN" keys show "$key" -a --keyring-backend "$CH_KEYRING" --home "$CH_HOME" 2>/dev/null)"; then
        _chain_err "key '$key' not found in the $CH_KEYRING keyring at $CH_HOME."
        return 1
    fi
    printf '%s\n' "$out"
}

# chain_tx ARGS...  (ARGS as after "injectived tx", e.g.: wasm execute ADDR MSG --amount 5inj)
# Broadcasts, waits until the tx is in a block, fails with raw_log if code != 0, prints the tx JSON.
chain_tx() {
    _chain_cfg || return 1
    local from dry=0
    [[ "${MF_DRY_RUN:-}" == 1 ]] && dry=1
    ((dry)) || _chain_check_node || return 1
    from="$(_chain_flag_value --from "$@")"
    [[ -n "$from" ]] || from="$CH_FROM"
    ((dry)) || _chain_check_key "$from" || return 1

    local args=(tx "$@")
    _chain_has_flag --from -- "$@" || args+=(--from "$from")
    _chain_has_flag --chain-id -- "$@" || args+=(--chain-id "$CH_CHAIN_ID")
    _chain_has_flag --node -- "$@" || args+=(--node "$CH_NODE")
    if ! _chain_has_flag --gas -- "$@"; then
        args+=(--gas auto)
        _chain_has_flag --gas-adjustment -- "$@" || args+=(--gas-adjustment "$CH_GAS_ADJ")
    fi
    _chain_has_flag --gas-prices --fees -- "$@" || args+=(--gas-prices "$CH_GAS_PRICES")
    _chain_has_flag --keyring-backend -- "$@" || args+=(--keyring-backend "$CH_KEYRING")
    _chain_has_flag --home -- "$@" || args+=(--home "$CH_HOME")
    _chain_has_flag -y --yes -- "$@" || args+=(-y)
    _chain_has_flag -o --output -- "$@" || args+=(-o json)

    if ((dry)); then
        local line a
        line="$(_chain_quote "$CH_BIN")"
        for a in "${args[@]}"; do line+=" $(_chain_quote "$a")"; done
        printf '%s\n' "$line" >>"${MF_DRY_RUN_OUT:-/dev/stderr}"
        printf '{"txhash":"","height":"0","code":0,"gas_used":"0","events":[]}\n'
        return 0
    fi

    local out err rc=0 errf
    errf="$(mktemp)"
    out="$("$CH_BIN" "${args[@]}" 2>"$errf")" || rc=$?
    err="$(grep -v '^gas estimate:' "$errf" | grep -v '^[[:space:]]*$' || true)"
    rm -f "$errf"
    if ((rc != 0)) || ! jq -e .txhash >/dev/null 2>&1 <<<"$out"; then
        local msg="${err:-$out}"
        msg="$(printf '%s' "$msg" | tr '\n' ' ' | sed 's/[[:space:]]\{1,\}/ /g; s/ $//')"
        _chain_err "tx '${*:1:2}' was not accepted (simulation, signing or broadcast failed): ${msg:-no output}"
        return 1
    fi
    local hash code
    hash="$(jq -r .txhash <<<"$out")"
    code="$(jq -r '.code // 0' <<<"$out")"
    if [[ "$code" != "0" ]]; then
        _chain_err "tx '${*:1:2}' rejected by the node (code $code, codespace $(jq -r '.codespace // ""' <<<"$out"), hash $hash): $(jq -r '.raw_log // ""' <<<"$out")"
        return 1
    fi

    local deadline=$((SECONDS + CH_TX_TIMEOUT)) tx=""
    while ((SECONDS < deadline)); do
        if tx="$("$CH_BIN" query tx "$hash" --node "$CH_NODE" -o json 2>/dev/null)" \
            && jq -e '.height and .height != "0"' >/dev/null 2>&1 <<<"$tx"; then
            break
        fi
        tx=""
        sleep 0.25
    done
    if [[ -z "$tx" ]]; then
        _chain_err "tx '${*:1:2}' (hash $hash) was not included in a block within ${CH_TX_TIMEOUT}s."
        return 1
    fi
    if [[ -n "${CHAIN_LAST_TX_FILE:-}" ]]; then
        printf '%s\n' "$tx" >"$CHAIN_LAST_TX_FILE"
    fi
    if [[ -n "${MF_TX_PAGE:-}" ]]; then
        printf '==> tx %s in block %s: %s\n' "$hash" "$(jq -r .height <<<"$tx")" "${MF_TX_PAGE//\$\{txHash\}/$hash}" >&2
    fi
    code="$(jq -r '.code // 0' <<<"$tx")"
    if [[ "$code" != "0" ]]; then
        _chain_err "tx '${*:1:2}' failed in block $(jq -r .height <<<"$tx") (code $code, codespace $(jq -r '.codespace // ""' <<<"$tx"), hash $hash, gas $(jq -r .gas_used <<<"$tx")/$(jq -r .gas_wanted <<<"$tx")): $(jq -r '.raw_log // ""' <<<"$tx")"
        return 1
    fi
    printf '%s\n' "$tx"
}

# tx_event_attr TXJSON TYPE KEY -> first value of attribute KEY in events of TYPE.
# Reads SDK 0.50 top-level "events" (wasmd 0.53) and falls back to older "logs[].events".
tx_event_attr() {
    jq -r --arg t "$2" --arg k "$3" '
        [ ((.events // []) + [.logs[]?.events[]?])[]
          | select(.type == $t) | .attributes[]? | select(.key == $k) | .value ]
        | first // empty' <<<"$1"
}

tx_gas_used() { jq -r '.gas_used' <<<"$1"; }
tx_hash() { jq -r '.txhash' <<<"$1"; }
tx_code_id() { tx_event_attr "$1" store_code code_id; }
tx_code_checksum() { tx_event_attr "$1" store_code code_checksum; }
tx_contract_address() { tx_event_attr "$1" instantiate _contract_address; }

# chain_store FILE [extra tx flags] -> code id
chain_store() {
    local file="${1:?chain_store FILE}"
    shift
    [[ -f "$file" ]] || { _chain_err "wasm file not found: $file."; return 1; }
    local tx id
    tx="$(chain_tx wasm store "$file" "$@")" || return 1
    id="$(tx_code_id "$tx")"
    [[ -n "$id" ]] || { _chain_err "store tx $(tx_hash "$tx") has no store_code.code_id event."; return 1; }
    printf '%s\n' "$id"
}

# chain_instantiate CODE_ID JSON LABEL [extra flags, e.g. --admin ADDR --amount 10inj] -> address
# Without --admin the contract gets --no-admin.
chain_instantiate() {
    local code_id="${1:?chain_instantiate CODE_ID JSON LABEL}" msg="${2:?JSON}" label="${3:?LABEL}"
    shift 3
    local extra=("$@")
    _chain_has_flag --admin --no-admin -- "$@" || extra+=(--no-admin)
    local tx addr
    tx="$(chain_tx wasm instantiate "$code_id" "$msg" --label "$label" "${extra[@]}")" || return 1
    addr="$(tx_contract_address "$tx")"
    [[ -n "$addr" ]] || { _chain_err "instantiate tx $(tx_hash "$tx") has no instantiate._contract_address event."; return 1; }
    printf '%s\n' "$addr"
}

# chain_execute ADDR JSON [extra flags] -> tx JSON
chain_execute() {
    local addr="${1:?chain_execute ADDR JSON}" msg="${2:?JSON}"
    shift 2
    chain_tx wasm execute "$addr" "$msg" "$@"
}

# chain_query_smart ADDR JSON -> the query's data as JSON
chain_query_smart() {
    _chain_cfg || return 1
    local addr="${1:?chain_query_smart ADDR JSON}" msg="${2:?JSON}" out rc=0
    out="$("$CH_BIN" query wasm contract-state smart "$addr" "$msg" --node "$CH_NODE" -o json 2>&1)" || rc=$?
    if ((rc != 0)); then
        _chain_check_node || return 1
        _chain_err "smart query on $addr failed: $(printf '%s' "$out" | tr '\n' ' ')"
        return 1
    fi
    jq -c '.data' <<<"$out"
}

# chain_height -> latest block height
chain_height() {
    _chain_cfg || return 1
    local s
    s="$(curl -fsS --max-time 5 "$(_chain_rpc_url)/status" 2>/dev/null)" \
        || { _chain_err "node unreachable at $CH_NODE."; return 1; }
    jq -r .result.sync_info.latest_block_height <<<"$s"
}
