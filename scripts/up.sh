#!/usr/bin/env bash
# The README's main command: build the optimized wasm, start the local injectived node, deploy
# the protocol (registry, access, launchpad + the code of shares, presale and governance) and
# launch a demo model through the launchpad in one transaction; on the local node, also start
# the inference gateway (services/gateway) serving the demo model, paid per call through payment
# channels. With --network it deploys to a testnet preset from scripts/networks/ instead,
# signing with a key of your own keyring (no gateway there).
# Supported host: Linux (Debian/Ubuntu, x86_64: the local node is a Linux binary); --dry-run
# of a preset needs only bash, jq and python3 and also runs on macOS.
# Idempotent: stored code and live contracts with the same checksum are reused, the demo model
# is launched once.
#
#   scripts/up.sh                                   # local node: build + start + deploy + demo
#   scripts/up.sh --network pion-1 --from mykey     # a testnet (injective-888, pion-1, uni-7)
#   scripts/up.sh --network uni-7 --from mykey --dry-run   # print the exact commands only
#
# Options
#   --network NAME        deploy to scripts/networks/NAME.json instead of the local node
#   --from KEY            signing key (local default: validator; required with --network)
#   --dry-run             print every chain command instead of sending it (no node, key or
#                         binary needed); amounts and ids only known after a tx are <placeholders>
#   --node URL            RPC endpoint (overrides the preset)
#   --binary PATH         chain CLI (overrides the preset)
#   --home DIR            CLI home holding the keyring (preset default, e.g. ~/.neutrond)
#   --keyring-backend B   os | file | test (default with --network: os, the CLIs' own default)
#   --gas-prices P        e.g. 0.0053untrn (overrides the preset)
#   --no-build            reuse artifacts/ (the wasm and the demo model's artifact) and the built
#                         gateway and client instead of building them (scripts/build.sh,
#                         scripts/model.sh, cargo build of modelfund-gateway and modelfund)
#   --no-web              do not serve the web page (local mode serves web/dist on
#                         127.0.0.1:8137 with this deployment's config.json)
#   --no-gateway          do not start the inference gateway (local mode starts it on
#                         127.0.0.1:8088 for the demo model; scripts/localnet.sh stop ends it)
#
# Launch bounds: every deployment here is a test network (the local node and the testnet presets),
# so the launchpad is instantiated with test-network bounds: votes from 60 s, a timelock from 1 s,
# a quorum from 1 % (the production defaults, which a mainnet deployment would keep by leaving
# `bounds` out, are 1 day, 1 day and 10 %); the presale window (90 days at most) and the creator
# allocation (20 % of the supply at the soft cap at most, below the quorum) keep their limits.
#
# The gateway (local mode): its own plain secp256k1 key (funded with 10 INJ for its settlement
# fees by the deploying key), config, database and log in $MODELFUND_LOCALNET/gateway/ (see
# scripts/lib/gateway.sh); it serves the artifact scripts/model.sh builds, whose sha256 is the
# demo model's content_hash in scripts/lib/launch.json, and is paid through the launch's
# `per-call` plan once the DAO approves it (the walkthrough's proposal does). A second run
# reuses a running gateway with the same config and binary, else restarts it.
#
# Environment: MF_DEPLOYMENT (deployment record, default deployments/<chain-id>.json),
# MF_NETWORKS_DIR (presets, default scripts/networks), MF_GATEWAY_PORT (default 8088),
# MF_CHANNEL_GRACE_SECONDS (the channels contract's grace_period_seconds at its instantiation:
# how long a gateway may still claim after a channel expires and the user must wait to close it;
# default 3600; the browser test deploys with 5 so it can close a channel; a reused contract keeps
# its own). The local
# node and the gateway keep running afterwards (scripts/localnet.sh stop ends both); if a step
# fails after this command started them, they are stopped again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$MF_ROOT"

network="" dry=0 build=1 web=1 gateway=1
opt_from="" opt_node="" opt_binary="" opt_home="" opt_keyring="" opt_gas=""
while (($#)); do
    case "$1" in
        --no-build) build=0 ;;
        --no-web) web=0 ;;
        --no-gateway) gateway=0 ;;
        --dry-run) dry=1 ;;
        --network | --from | --node | --binary | --home | --keyring-backend | --gas-prices)
            (($# >= 2)) || die "option $1 needs a value (try --help)."
            case "$1" in
                --network) network="$2" ;;
                --from) opt_from="$2" ;;
                --node) opt_node="$2" ;;
                --binary) opt_binary="$2" ;;
                --home) opt_home="$2" ;;
                --keyring-backend) opt_keyring="$2" ;;
                --gas-prices) opt_gas="$2" ;;
            esac
            shift
            ;;
        -h | --help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
        *) die "unknown option '$1' (try --help)." ;;
    esac
    shift
done

# shellcheck source=lib/network.sh
source scripts/lib/network.sh
started=0 gw_started=0
# the demo model's artifact (scripts/model.sh: deterministic, its sha256 is the launch template's
# content_hash) and the gateway and client binaries, built as the chain tests build them
demo_artifact="$MF_ROOT/artifacts/model/modelfund-tinylm.mflm"
# its v1.1.0, which the walkthrough's DAO proposal publishes (scripts/model.sh builds both)
demo_v11_artifact="$MF_ROOT/artifacts/model/modelfund-tinylm-v1.1.mflm"
target_dir="$CARGO_TARGET_DIR"
[[ "$target_dir" == /* ]] || target_dir="$MF_ROOT/$target_dir"
gateway_bin="$target_dir/debug/modelfund-gateway"
client_bin="$target_dir/debug/modelfund"
# build_serving: the demo model's artifact, and with the gateway its binary and the `modelfund`
# client (one cargo build each, exactly as tests/chain builds them, so neither rebuilds the other)
build_serving() {
    scripts/model.sh >/dev/null
    if (( gateway )); then
        log "cargo build --locked -p modelfund-gateway (the inference gateway) and -p modelfund-cli (the client)"
        cargo build --locked -p modelfund-gateway --bin modelfund-gateway
        cargo build --locked -p modelfund-cli --bin modelfund
    fi
}
if [[ -n "$network" ]]; then
    load_network "$network"
    [[ "$NET_TYPE" != local ]] \
        || die "$network is the local node: run scripts/up.sh without --network (it starts the node and deploys there)."
    # the preset's binary, or the one scripts/localnet.sh installed when it is the same CLI and
    # none is on PATH (the Injective testnet with the cached injectived); a dry run prints the
    # preset's name, for the machine that will run the commands
    if (( ! dry )) && [[ -z "$opt_binary" && "$NET_BINARY" == injectived ]] && ! command -v injectived >/dev/null 2>&1 \
        && mf_resolve_injectived; then
        opt_binary="$INJECTIVED"
        log "injectived is not on PATH; using $INJECTIVED (scripts/localnet.sh install)"
    fi
    export MF_BINARY="${opt_binary:-$NET_BINARY}" MF_CHAIN_ID="$NET_CHAIN_ID"
    export MF_NODE="${opt_node:-$NET_RPC}" MF_GAS_PRICES="${opt_gas:-$NET_GAS_PRICE$NET_FEE_DENOM}"
    export MF_HOME="${opt_home:-$NET_HOME}" MF_KEYRING_BACKEND="${opt_keyring:-${NET_KEYRING_BACKEND:-os}}"
    # chain_tx prints the explorer page of every tx it sends (scripts/lib/chain.sh)
    export MF_TX_PAGE="$NET_TX_PAGE"
    export MF_FROM="${opt_from:-${MF_FROM:-}}"
    [[ -n "$MF_FROM" ]] || die "--network $network needs --from KEY: the name of a funded key in your $MF_BINARY keyring."
else
    # a dry run only prints: no venv (injective-core is a Linux x86_64 wheel), no node
    (( dry )) || ensure_venv
    # the local node's denom, decimals and demo caps (its ports and home: scripts/localnet.sh env)
    MF_NETWORKS_DIR="$MF_ROOT/scripts/networks" load_network injective-777
    NET_NAME="local node"
    if (( dry )); then
        eval "$(scripts/localnet.sh env)"
    else
        if (( build )); then
            scripts/build.sh
            build_serving
        fi
        if ! scripts/localnet.sh status >/dev/null 2>&1; then
            scripts/localnet.sh start >&2
            started=1
        fi
        eval "$(scripts/localnet.sh env)"
    fi
    export MF_FROM="${opt_from:-${MF_FROM:-validator}}"
    [[ -n "$opt_node" ]] && export MF_NODE="$opt_node"
    [[ -n "$opt_binary" ]] && export MF_BINARY="$opt_binary"
    [[ -n "$opt_home" ]] && export MF_HOME="$opt_home"
    [[ -n "$opt_keyring" ]] && export MF_KEYRING_BACKEND="$opt_keyring"
    [[ -n "$opt_gas" ]] && export MF_GAS_PRICES="$opt_gas"
fi
ensure_tools jq curl
cleanup() {
    local rc=$?
    if (( rc != 0 && started )); then
        log "a step failed; stopping the node (and the gateway) this command started"
        scripts/localnet.sh stop >&2 || true
    elif (( rc != 0 && gw_started )); then
        log "a step failed; stopping the gateway this command started"
        gw_stop || true
    fi
}
trap cleanup EXIT

# shellcheck source=lib/chain.sh
source scripts/lib/chain.sh
(( dry )) && export MF_DRY_RUN=1
# the one thing _chain_cfg can miss here is the chain CLI itself
_chain_cfg 2>/dev/null \
    || die "${MF_BINARY:-injectived} is not installed (or not on PATH): ${NET_INSTALL:-run scripts/localnet.sh install}, or pass --binary PATH$([[ "${MF_BINARY:-injectived}" == injectived ]] && printf ' (scripts/localnet.sh install caches one: --binary "$INJECTIVED" after eval "$(scripts/localnet.sh env)")')."
cli="$CH_BIN"
denom="$NET_FEE_DENOM"
(( NET_DECIMALS >= 6 )) || die "the demo needs a fee denom with at least 6 decimals ($denom has $NET_DECIMALS)."
export MF_DEPLOYMENT="${MF_DEPLOYMENT:-$MF_ROOT/deployments/$MF_CHAIN_ID.json}"
deployment="$MF_DEPLOYMENT"
contracts=(registry access launchpad shares presale governance channels)

# pow10 N -> 1 followed by N zeros (string math: 10^18 base units do not fit shell integers)
pow10() { local s=1 i; for ((i = 0; i < $1; i++)); do s+=0; done; printf '%s\n' "$s"; }
# units N -> N whole tokens in base units
units() { local p; p=$(pow10 "$NET_DECIMALS"); printf '%s%s\n' "$1" "${p#1}"; }

# ---- preflight: one sentence for each way a deployment cannot start ----
if (( dry )); then
    exec 3>&1
    export MF_DRY_RUN_OUT=/dev/fd/3
    if ! command -v "$cli" >/dev/null 2>&1; then
        log "note: $cli is not installed here; it is needed to run these commands."
    fi
    if deployer=$(MF_DRY_RUN=0 addr_of "$MF_FROM" 2>/dev/null); then :; else deployer="<address of $MF_FROM>"; fi
    echo "# Modelfund deployment to $NET_NAME ($MF_CHAIN_ID) — dry run: nothing is sent."
    echo "# Each command prints a tx; <placeholders> stand for ids and addresses its predecessors return."
else
    status=$(curl -fsS --max-time 10 "$(_chain_rpc_url)/status" 2>/dev/null) \
        || die "the RPC endpoint $MF_NODE of $NET_NAME is unreachable; check your connection or pass --node URL."
    served=$(jq -r '.result.node_info.network // empty' <<<"$status")
    [[ "$served" == "$MF_CHAIN_ID" ]] \
        || die "the RPC endpoint $MF_NODE serves chain '${served:-unknown}', not $MF_CHAIN_ID; pass the right --node URL."
    deployer=$(addr_of "$MF_FROM" 2>/dev/null) \
        || die "key '$MF_FROM' is not in the $MF_KEYRING_BACKEND keyring at $MF_HOME; add it with '$cli keys add $MF_FROM --recover --keyring-backend $MF_KEYRING_BACKEND --home $MF_HOME' or pass --from / --home / --keyring-backend."
    balance=$("$cli" query bank balances "$deployer" --node "$MF_NODE" -o json 2>/dev/null \
        | jq -r --arg d "$denom" '[.balances[]? | select(.denom == $d) | .amount][0] // "0"') \
        || die "could not read the balance of $deployer from $MF_NODE."
    # seven code uploads plus a dozen txs stay below 40M gas on every chain measured
    price="${MF_GAS_PRICES%"$denom"}"
    need=$(python3 -c "import decimal,sys; print(int(decimal.Decimal(sys.argv[1]) * 40000000))" "$price")
    python3 -c "import sys; sys.exit(0 if int(sys.argv[1]) >= int(sys.argv[2]) else 1)" "$balance" "$need" \
        || die "key '$MF_FROM' ($deployer) holds $balance$denom on $MF_CHAIN_ID, but deploying needs about $need$denom of fees; fund it${NET_FAUCET:+ from $NET_FAUCET} and run again."
fi

# a testnet deployment builds only once the network, key and funds are known to be fine
if [[ -n "$network" ]] && (( build && ! dry )); then
    scripts/build.sh
fi
if (( ! dry )); then
    for c in "${contracts[@]}"; do
        [[ -f "artifacts/$c.wasm" ]] || die "artifacts/$c.wasm is missing; run scripts/build.sh (or scripts/up.sh without --no-build)."
    done
fi
# the gateway's inputs, checked before any tx: the binaries and the demo model's artifact, whose
# sha256 must be the content_hash the demo model is launched with
serve=0
if (( gateway && ! dry )) && [[ -z "$network" ]]; then
    serve=1
    # shellcheck source=lib/gateway.sh
    source scripts/lib/gateway.sh
    for b in "$gateway_bin" "$client_bin"; do
        [[ -x "$b" ]] || die "$b is missing; run scripts/up.sh without --no-build (it builds the gateway and the modelfund client), or pass --no-gateway."
    done
    for a in "$demo_artifact" "$demo_v11_artifact"; do
        [[ -f "$a" ]] \
            || die "${a#"$MF_ROOT/"} is missing; run scripts/model.sh (or scripts/up.sh without --no-build), or pass --no-gateway."
    done
    demo_hash=$(mf_sha256 "$demo_artifact")
    template_hash=$(jq -r .launch.model.metadata.content_hash scripts/lib/launch.json)
    [[ "$demo_hash" == "$template_hash" ]] \
        || die "the demo model's artifact ${demo_artifact#"$MF_ROOT/"} hashes to $demo_hash, but scripts/lib/launch.json launches it with content_hash $template_hash; rebuild it with scripts/model.sh (a changed corpus needs the new hash in launch.json and in packages/tinylm/tests/model.rs)."
    # the port: free, or our running gateway's (which this run reuses or restarts)
    if gw_port_in_use "$MF_GATEWAY_PORT" && ! [[ -n "$(gw_pid)" \
        && "$(jq -r '.listen // empty' "$GW_CONFIG" 2>/dev/null)" == "127.0.0.1:$MF_GATEWAY_PORT" ]]; then
        die "port 127.0.0.1:$MF_GATEWAY_PORT is already in use by another process (not a gateway started by scripts/up.sh); stop it or set MF_GATEWAY_PORT."
    fi
fi

# ---- deployment helpers (dry-run aware) ----
# recorded JQ_PATH -> a value of the deployment record, empty when absent
recorded() { [[ -f "$deployment" ]] && jq -r "$1 // empty" "$deployment" 2>/dev/null || true; }

# code_of NAME -> code id: the recorded upload when it is on chain with this checksum, else a new one
code_of() {
    local name="$1" wasm="artifacts/$1.wasm" sum id
    if (( dry )); then
        chain_tx wasm store "$wasm" >/dev/null
        printf '<%s code id>\n' "$name"
        return
    fi
    sum=$(mf_sha256 "$wasm")
    id=$(recorded ".codes[\"$name\"] | select(.checksum == \"$sum\") | .code_id")
    if [[ -n "$id" ]] && "$cli" query wasm code-info "$id" --node "$MF_NODE" >/dev/null 2>&1; then
        printf '%s\n' "$id"
        return
    fi
    scripts/deploy.sh store "$name" "$wasm"
}

# contract_of NAME CODE_ID LABEL INIT_JSON -> address: the recorded contract when it is live with
# this code id, else a new instance (admin: the deployer, so the protocol can be migrated)
contract_of() {
    local name="$1" code="$2" label="$3" init="$4" addr have
    if (( dry )); then
        chain_tx wasm instantiate "$code" "$init" --label "$label" --admin "$deployer" >/dev/null
        printf '<%s address>\n' "$name"
        return
    fi
    addr=$(recorded ".contracts[\"$name\"].address")
    if [[ -n "$addr" ]]; then
        have=$("$cli" query wasm contract "$addr" --node "$MF_NODE" -o json 2>/dev/null | jq -r '.contract_info.code_id // empty' || true)
        if [[ "$have" == "$code" ]]; then
            log "$name already deployed at $addr (code $code); reusing it"
            printf '%s\n' "$addr"
            return
        fi
    fi
    scripts/deploy.sh instantiate "$name" "$code" "$init" --label "$label" --admin "$deployer"
}

# query ADDR JSON -> data, or nothing in a dry run / when the query fails
query() { (( dry )) || chain_query_smart "$1" "$2" 2>/dev/null || true; }

# send ADDR JSON [flags] -> tx JSON (a dry run prints the command)
send() { chain_execute "$@"; }

# ---- the protocol ----
declare -A code
for c in "${contracts[@]}"; do code[$c]=$(code_of "$c"); done
# JSON numbers for the code ids; placeholders stay strings in a dry run
num() { if [[ "$1" =~ ^[0-9]+$ ]]; then printf '%s' "$1"; else printf '"%s"' "$1"; fi; }

registry=$(contract_of registry "${code[registry]}" modelfund-registry \
    "$(jq -nc --arg o "$deployer" '{name:"Modelfund models", symbol:"MODEL", owner:$o, minters:null, royalty_limits:null}')")
access=$(contract_of access "${code[access]}" modelfund-access \
    "$(jq -nc --arg r "$registry" --arg o "$deployer" '{registry:$r, admin:$o, registrars:[$o],
        name:"Modelfund licenses", symbol:"MFLIC"}')")
code_ids="{\"shares\":$(num "${code[shares]}"),\"presale\":$(num "${code[presale]}"),\"governance\":$(num "${code[governance]}")}"
# test-network launch bounds (see the header): short votes and timelocks so tests can wait them out
test_bounds='{"min_voting_period_seconds":60,"max_voting_period_seconds":2592000,"min_timelock_seconds":1,"max_timelock_seconds":2592000,"min_quorum":"0.01","min_threshold":"0.5","max_presale_seconds":7776000,"max_creator_allocation_bps":2000}'
launchpad=$(contract_of launchpad "${code[launchpad]}" modelfund-launchpad \
    "$(jq -nc --arg r "$registry" --arg a "$access" --arg o "$deployer" --argjson ids "$code_ids" --argjson b "$test_bounds" \
        '{owner:$o, code_ids:$ids, registry:$r, access:$a, fee:null, bounds:$b}')")

# payment channels over access (one per chain): gateways claim up to 1 h (MF_CHANNEL_GRACE_SECONDS)
# after a channel expires
grace="${MF_CHANNEL_GRACE_SECONDS:-3600}"
[[ "$grace" =~ ^[0-9]{1,9}$ ]] || die "MF_CHANNEL_GRACE_SECONDS must be a whole number of seconds (got '$grace')."
channels=$(contract_of channels "${code[channels]}" modelfund-channels \
    "$(jq -nc --arg a "$access" --argjson g "$grace" '{access:$a, grace_period_seconds:$g, max_claims_per_tx:100}')")
# what the contract has (a reused one keeps the grace it was instantiated with)
grace_shown=$(query "$channels" '{"config":{}}' | jq -r '.grace_period_seconds // empty' 2>/dev/null || true)
grace_shown=${grace_shown:-$grace}

# a reused launchpad launches with the current code of the per-model contracts
if (( ! dry )) && [[ "$(query "$launchpad" '{"config":{}}' | jq -c '.code_ids // empty')" != "$(jq -c . <<<"$code_ids")" ]]; then
    send "$launchpad" "{\"update_config\":{\"owner\":null,\"code_ids\":$code_ids,\"fee\":null}}" >/dev/null
    log "launchpad now launches with code ids $code_ids"
fi
# the launchpad mints model NFTs and registers models in access
# lists ADDR JSON -> true when the address appears anywhere in the (non-empty) query answer
lists() { [[ -n "$2" ]] && jq -e --arg a "$1" '[.. | strings | select(. == $a)] | length > 0' <<<"$2" >/dev/null 2>&1; }
if ! lists "$launchpad" "$(query "$registry" '{"minters":{"start_after":null,"limit":30}}')"; then
    send "$registry" "{\"add_minter\":{\"minter\":\"$launchpad\"}}" >/dev/null
fi
if ! lists "$launchpad" "$(query "$access" '{"registrars":{"start_after":null,"limit":30}}')"; then
    send "$access" "{\"add_registrar\":{\"registrar\":\"$launchpad\"}}" >/dev/null
fi

# ---- the demo model, launched in one transaction ----
model_id=demo-llm
launched=$(query "$launchpad" "{\"model\":{\"model_id\":\"$model_id\"}}")
if [[ -z "$launched" ]] && [[ -n "$(query "$registry" "{\"owner_of\":{\"token_id\":\"$model_id\"}}")" ]]; then
    die "the registry $registry already holds a model '$model_id' this launchpad did not launch (an older deployment); run scripts/localnet.sh reset, or delete ${deployment#"$MF_ROOT/"} to deploy afresh."
fi
if [[ -n "$launched" ]]; then
    log "demo model $model_id already launched; reusing it"
    launch_hash=$(recorded '.demo.launch_tx')
else
    if (( dry )); then
        now_s=$(date +%s)
    else
        # the node's clock (RFC 3339 with nanoseconds) in seconds, by jq: no GNU `date -d`
        now_s=$(curl -fsS "$(_chain_rpc_url)/status" \
            | jq -r '.result.sync_info.latest_block_time | sub("\\.[0-9]+"; "") | fromdateiso8601')
    fi
    lead=$([[ -n "$network" ]] && echo 120 || echo 10)
    # the launch message of scripts/lib/launch.json (the demo model, priced in inj), written in
    # this network's fee denom: 1 token buys 1 share (6 decimals); the preset's caps; the presale
    # opens shortly and runs 7 days; the creator gets a tenth of the soft cap's shares (1/11 of
    # the supply at the soft cap: under the 20 % cap and the 20 % quorum)
    launch_msg=$(python3 scripts/lib/launch.py --denom "$denom" --decimals "$NET_DECIMALS" "$(jq -nc \
        --arg id "$model_id" --arg soft "$(units "$NET_DEMO_SOFT_CAP")" --arg hard "$(units "$NET_DEMO_HARD_CAP")" \
        --arg start "$(( now_s + lead ))000000000" --arg close "$(( now_s + 7 * 86400 ))000000000" \
        --arg alloc "$(( NET_DEMO_SOFT_CAP * 100000 ))" '{model:{token_id:$id},
        presale:{soft_cap:$soft, hard_cap:$hard, max_per_address:$hard, start:$start, "end":$close,
                 creator_allocation:$alloc}}')") \
        || die "the demo's launch message could not be built from scripts/lib/launch.json (see above)."
    tx=$(send "$launchpad" "$launch_msg")
    if (( ! dry )); then
        launch_hash=$(tx_hash "$tx")
        jq --arg h "$launch_hash" --arg id "$model_id" --arg g "$(tx_gas_used "$tx")" \
            '.demo = {model_id:$id, launch_tx:$h, launch_gas_used:($g|tonumber)}' "$deployment" \
            >"$deployment.tmp" && mv "$deployment.tmp" "$deployment"
        launched=$(query "$launchpad" "{\"model\":{\"model_id\":\"$model_id\"}}")
        [[ -n "$launched" ]] || die "the launch tx $launch_hash succeeded but the launchpad does not list $model_id."
        log "demo model $model_id launched (tx $launch_hash, gas $(tx_gas_used "$tx"))"
    fi
fi

if (( dry )); then
    echo "# then: query the launchpad for the demo model's addresses:"
    echo "$(_chain_quote "$cli") query wasm contract-state smart '<launchpad address>' '{\"model\":{\"model_id\":\"$model_id\"}}' --node $(_chain_quote "$MF_NODE") -o json"
    exit 0
fi

shares=$(jq -r .shares <<<"$launched")
presale=$(jq -r .presale <<<"$launched")
dao=$(jq -r .governance <<<"$launched")
jq --arg s "$shares" --arg p "$presale" --arg g "$dao" '.demo += {shares:$s, presale:$p, governance:$g}' \
    "$deployment" >"$deployment.tmp" && mv "$deployment.tmp" "$deployment"

# ---- the web page (local node only): web/dist with this deployment's config.json ----
web_url=""
if (( web )) && [[ -z "$network" ]]; then
    web_config="$MF_CACHE/web/config-$MF_CHAIN_ID-${MF_RPC_PORT:-26657}.json"
    mkdir -p "$(dirname "$web_config")"
    # the Try tab pays the demo model's gateway through the channels contract (when up.sh starts one)
    jq -n --arg c "$MF_CHAIN_ID" --arg rpc "$MF_RPC_URL" --arg rest "$MF_REST_URL" --arg l "$launchpad" \
        --arg ch "$channels" --arg m "$model_id" --arg gw "$( ((serve)) && printf '%s' "$GW_URL")" \
        '{chainId:$c, rpc:$rpc, rest:$rest, launchpad:$l, channels:$ch}
         + (if $gw == "" then {} else {gateways:{($m):$gw}} end)' >"$web_config"
    web_url=$(scripts/web.sh serve --config "$web_config") || die "the web page could not be served (see above); run with --no-web to skip it."
fi

# ---- the inference gateway (local node only): serves the demo model, paid per call ----
if (( serve )); then
    mkdir -p "$GW_DIR" "$GW_CACHE_DIR"
    # its own plain secp256k1 key (docs/gateway.md), kept across runs of this command
    if [[ ! -s "$GW_KEY_FILE" ]]; then
        (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$GW_KEY_FILE.tmp") \
            && mv -f "$GW_KEY_FILE.tmp" "$GW_KEY_FILE" || die "could not write the gateway key $GW_KEY_FILE."
    fi
    gw_addr=$("$gateway_bin" --print-address --key-file "$GW_KEY_FILE") \
        || die "the gateway could not read its key $GW_KEY_FILE (delete it to get a new one)."
    # fees for its settlement txs: 10 tokens from the deploying key while it holds less than 1
    gw_balance=$("$cli" query bank balances "$gw_addr" --node "$MF_NODE" -o json \
        | jq -r --arg d "$denom" '[.balances[]? | select(.denom == $d) | .amount][0] // "0"') \
        || die "could not read the balance of the gateway $gw_addr."
    if python3 -c "import sys; sys.exit(0 if int(sys.argv[1]) < int(sys.argv[2]) else 1)" "$gw_balance" "$(units 1)"; then
        chain_tx bank send "$MF_FROM" "$gw_addr" "$(units 10)$denom" >/dev/null
        log "gateway $gw_addr funded with 10 $NET_DISPLAY_DENOM for its settlement fees (from $MF_FROM)"
    fi
    # the artifact this command built, in the gateway's cache of verified artifacts: it still
    # checks its sha256 against the registry's content_hash before serving it; any other version
    # it fetches from its URI (ipfs:// through a local IPFS gateway at 127.0.0.1:8080)
    # (and the walkthrough's v1.1.0, so the DAO's vote for it changes what the gateway serves)
    for a in "$demo_artifact" "$demo_v11_artifact"; do
        h=$(mf_sha256 "$a")
        cp -f "$a" "$GW_CACHE_DIR/$h.tmp" && mv -f "$GW_CACHE_DIR/$h.tmp" "$GW_CACHE_DIR/$h"
    done
    # one database per channels contract: vouchers are per channel id of one contract
    gw_config=$(jq -n --arg rest "$MF_REST_URL" --arg c "$MF_CHAIN_ID" --arg r "$registry" --arg a "$access" \
        --arg ch "$channels" --arg m "$model_id" --arg k "$GW_KEY_FILE" --arg l "127.0.0.1:$MF_GATEWAY_PORT" \
        --arg db "$GW_DIR/vouchers-$channels.sqlite" --arg cache "$GW_CACHE_DIR" --arg gas "$MF_GAS_PRICES" \
        '{rest:$rest, chain_id:$c, registry:$r, access:$a, channels:$ch, model_id:$m, key_file:$k,
          backend:{kind:"builtin"}, listen:$l, database:$db, cache_dir:$cache, gas_price:$gas,
          model_poll_seconds:10}')
    gw_pid_now=$(gw_pid)
    if [[ -n "$gw_pid_now" && "$gw_config" == "$(cat "$GW_CONFIG" 2>/dev/null)" && ! "$gateway_bin" -nt "$GW_PID_FILE" ]] \
        && gw_healthz >/dev/null; then
        log "gateway already running (pid $gw_pid_now, $GW_URL) with this config and binary; reusing it"
    else
        gw_stop
        printf '%s\n' "$gw_config" >"$GW_CONFIG"
        gw_started=1
        gw_start "$gateway_bin"
    fi
    gw_health=$(gw_healthz) || die "the gateway stopped answering $GW_URL/healthz; see $GW_LOG_FILE."
    gw_body=${gw_health#* }
    if [[ "${gw_health%% *}" == 200 ]]; then
        gw_serving="serves $model_id $(jq -r .serving.version <<<"$gw_body") (sha256 $(jq -r .serving.content_hash <<<"$gw_body" | cut -c1-12)…) on the built-in runtime"
    else
        # it serves only the registry's latest version: one the DAO published after the demo's
        # whose artifact it can neither find in its cache nor fetch is refused loudly, not served
        latest=$(query "$registry" "{\"latest_version\":{\"token_id\":\"$model_id\"}}")
        if [[ "$(jq -r '.content_hash // empty' <<<"$latest")" == "$demo_hash" ]]; then
            gw_show_log_tail
            die "the gateway serves nothing although $model_id's latest version is the demo artifact ($demo_hash): $(jq -r .last_error <<<"$gw_body"); see the log lines above ($GW_LOG_FILE)."
        fi
        gw_serving="serves nothing: $model_id's latest version $(jq -r .version <<<"$latest") is not the demo artifact and could not be verified"
        log "note: the gateway $gw_serving: $(jq -r .last_error <<<"$gw_body"); it checks the registry again every 10 s."
    fi
    if lists "$gw_addr" "$(query "$access" "{\"gateways\":{\"model_id\":\"$model_id\",\"start_after\":null,\"limit\":30}}")"; then
        gw_approval="approved by the DAO"
    else
        gw_approval="not approved yet"
    fi
    per_call=$(query "$access" "{\"plan\":{\"model_id\":\"$model_id\",\"plan_id\":\"per-call\"}}" \
        | jq -r '"\(.price.amount)\(.price.denom)"' 2>/dev/null || true)
    jq --arg a "$gw_addr" --arg u "$GW_URL" --arg m "$model_id" --arg c "$client_bin" --arg p "$GW_PID_FILE" \
        --arg l "$GW_LOG_FILE" '.gateway = {model_id:$m, address:$a, url:$u, client:$c, pid_file:$p, log:$l}' \
        "$deployment" >"$deployment.tmp" && mv "$deployment.tmp" "$deployment"
fi

# the launch on the preset's explorer (testnets)
launch_link=""
if [[ -n "${launch_hash:-}" && -n "${MF_TX_PAGE:-}" ]]; then launch_link=$(network_tx_url "$launch_hash"); fi

cat <<TXT

Modelfund is up on the $NET_NAME ($MF_CHAIN_ID, $MF_NODE).
  registry        $registry   (code id ${code[registry]})
  access          $access   (usage credits, leases, gateways)
  launchpad       $launchpad   (code ids: shares ${code[shares]}, presale ${code[presale]}, governance ${code[governance]})
  channels        $channels   (payment channels: ${grace_shown} s grace, 100 vouchers per claim)
  demo model      $model_id   (launch tx ${launch_hash:-"(earlier run)"}${launch_link:+: $launch_link})
    shares        $shares   (cw20 DEMO, 6 decimals)
    presale       $presale   (1 $NET_DISPLAY_DENOM = 1 DEMO, soft cap $NET_DEMO_SOFT_CAP, hard cap $NET_DEMO_HARD_CAP $NET_DISPLAY_DENOM, 7 days)
    DAO           $dao   (treasury + model owner; 10 min votes, 60 s timelock, 1 $NET_DISPLAY_DENOM deposit)
  deployment      ${deployment#"$MF_ROOT/"}
TXT
if [[ -n "$web_url" ]]; then
    echo "  web page        $web_url   (Keplr: see web/README.md; scripts/web.sh stop ends the server)"
fi
if (( serve )); then
    echo "  gateway         $GW_URL   ($gw_serving; key $gw_addr, $gw_approval; log ${GW_LOG_FILE#"$MF_ROOT/"})"
fi

# the walkthrough lives in docs/cli-guide.md (tests/chain/test_up.py runs it as written there)
guide=docs/cli-guide.md
# a deployment record elsewhere than the guide's default: the guide's shell reads MF_DEPLOYMENT
record_line=""
if [[ "$deployment" != "$MF_ROOT/deployments/$MF_CHAIN_ID.json" ]]; then
    record_line="  export MF_DEPLOYMENT=$(_chain_quote "$deployment")"
fi
echo
if [[ -n "$network" ]]; then
    # the guide's testnet variables for this network, with the keyring, home, node and gas price
    # this deployment used (flags included), as shell lines that work in bash and zsh
    cat <<TXT
What to try next: every command of $guide works here with a key of yours and amounts in
$denom base units (1 $NET_DISPLAY_DENOM = $(units 1)$denom); set the shell variables of
$guide#testnets in this shell with
  eval "\$(scripts/networks.sh env $(_chain_quote "$network"))"
  INJECTIVED=$(_chain_quote "$MF_BINARY")
  TX=(--from $(_chain_quote "$MF_FROM") --keyring-backend $(_chain_quote "$MF_KEYRING_BACKEND") --home $(_chain_quote "$MF_HOME") --chain-id $(_chain_quote "$MF_CHAIN_ID") --node $(_chain_quote "$MF_NODE") --gas auto --gas-adjustment 1.4 --gas-prices $(_chain_quote "$MF_GAS_PRICES") -y)
  Q=(--node $(_chain_quote "$MF_NODE") -o json)
TXT
    [[ -z "$record_line" ]] || echo "$record_line"
    [[ -z "$NET_EXPLORER" ]] || echo "Explorer: $NET_EXPLORER (every tx above: its link in the log)"
    exit 0
fi
if (( serve )); then
    # the call as a user makes it: the modelfund client signs the next voucher of the channel
    cat <<TXT
Ask the model (docs/gateway.md): the gateway answers calls paid one by one with vouchers of a
payment channel on the plan per-call${per_call:+ ($per_call a call)}. A channel opens once the
presale has succeeded and the DAO has approved the gateway; the walkthrough below does both,
then opens channel 1 and asks. Then, from any shell:
  curl -s $GW_URL/v1/models
  $(_chain_quote "$client_bin") ask "What does a model DAO do?" --gateway $GW_URL --channel 1 --chain-id $(_chain_quote "$MF_CHAIN_ID") --contract $channels --rest $(_chain_quote "$MF_REST_URL")
scripts/localnet.sh stop ends the gateway with the node.

TXT
fi
cat <<TXT
What to try next: the whole story from the CLI (back the demo model, govern it, use it, claim
its revenue), one step at a time: $guide#walkthrough-the-demo-model-from-backing-to-revenue
Start in this shell with
  eval "\$(scripts/localnet.sh env)"
TXT
[[ -z "$record_line" ]] || echo "$record_line"
echo "and the variables of $guide#the-shell-variables. scripts/localnet.sh stop ends the node$( ((serve)) && echo " and the gateway")."
