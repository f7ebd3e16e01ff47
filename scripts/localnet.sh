#!/usr/bin/env bash
# Local single-node Injective chain (injectived 1.20.1 from PyPI injective-core) for tests and demos.
#
# Usage: scripts/localnet.sh {install|init|start|stop|status|reset|env}
#
#   install  create/refresh the venv in $MF_CACHE/venv (injective-core, pytest)
#   init     create the node home (no-op when it exists)
#   start    init if needed, start the node in the background, wait until height >= 2
#            (no-op when it is already running)
#   stop     stop the gateway scripts/up.sh started, then the node started by `start` (each by
#            its recorded pid); no-op when not running
#   status   print state; exit 0 when running, 3 otherwise
#   reset    stop, delete the home and the gateway's files, init again (the node stays stopped)
#   env      print `export` lines:  eval "$(scripts/localnet.sh env)"
#
# Environment (all optional):
#   MODELFUND_LOCALNET  folder for home/, node.pid, node.log   (default: <repo>/.localnet)
#   MODELFUND_CACHE     download/compile cache                   (default: ~/.cache/modelfund)
#   MF_CHAIN_ID         chain id                                 (default: injective-777)
#   MF_RPC_PORT 26657 · MF_API_PORT 1317 · MF_GRPC_PORT 9090 · MF_P2P_PORT 26656
#   MF_PPROF_PORT 6060 · MF_PROXY_PORT 26658   (everything binds to 127.0.0.1 only)
#   MF_BLOCK_TIME       block time, passed as --unsafe-consensus-timeout-commit (default: 200ms;
#                       injectived ignores config.toml's [consensus] timeouts, its own is ~500 ms)
#   MF_BLOCK_MAX_GAS    consensus block max gas, set at init     (default: 10000000, as genesis ships)
#   MF_GAS_PRICES       minimum gas price                        (default: 160000000inj; the chain's
#                       txfees module also has min_gas_price 160000000, so lower prices do not help)
#   MF_START_TIMEOUT    seconds to wait for height >= 2          (default: 90)
#   MF_LOG_LEVEL        node log level                           (default: info)
#   MF_GATEWAY_PORT     port of the gateway scripts/up.sh starts (default: 8088; scripts/lib/gateway.sh)
#
# The EVM JSON-RPC server (8545/8546) is switched off; the Injective websocket and chainstream
# servers are off by default in 1.20.1.
set -euo pipefail

# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=SCRIPTDIR/lib/gateway.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/gateway.sh"

MF_CHAIN_ID="${MF_CHAIN_ID:-injective-777}"
MF_RPC_PORT="${MF_RPC_PORT:-26657}"
MF_API_PORT="${MF_API_PORT:-1317}"
MF_GRPC_PORT="${MF_GRPC_PORT:-9090}"
MF_P2P_PORT="${MF_P2P_PORT:-26656}"
MF_PPROF_PORT="${MF_PPROF_PORT:-6060}"
MF_PROXY_PORT="${MF_PROXY_PORT:-26658}"
MF_BLOCK_TIME="${MF_BLOCK_TIME:-200ms}"
MF_BLOCK_MAX_GAS="${MF_BLOCK_MAX_GAS:-10000000}"
MF_GAS_PRICES="${MF_GAS_PRICES:-160000000inj}"
MF_START_TIMEOUT="${MF_START_TIMEOUT:-90}"
MF_LOG_LEVEL="${MF_LOG_LEVEL:-info}"

NODE_HOME="$MF_LOCALNET/home"
PID_FILE="$MF_LOCALNET/node.pid"
LOG_FILE="$MF_LOCALNET/node.log"
RPC_URL="http://127.0.0.1:$MF_RPC_PORT"
KEYRING=(--keyring-backend test)

# 10^27 base units (10^9 INJ at 18 decimals) for every account; the validator bonds 10^24.
FUND_AMOUNT="1000000000000000000000000000inj"
BOND_AMOUNT="1000000000000000000000000inj"

# ---------------------------------------------------------------------------------------------
# TEST ONLY mnemonics. These keys are public; never use them, or anything derived from them,
# on a real network. Fixed so addresses are stable across resets (eth_secp256k1, coin type 60,
# the injectived default and what Keplr uses on Injective):
#   validator   inj18ewyudnnmu3gcnfg8defjpd9ttnvlccrdaztt8
#   alice       inj1grjkdvjw3glcgm2vlsnmqv2cmnkqy7cmxk6wn9
#   bob         inj19lzlkzjccs7y5g9vgkjcselujdm0sd6d6jtcv2
#   carol       inj1z4d6cj0xjp7njz2ed2wsu5x7zpvwt0wt6zmfad
#   gateway     inj1snjhadxudks2z3wg34lf0l47fklwcm76ktucy7
#   contributor inj12gmtl48etpyugfqu0g43lcr2d6n586kxdkukwt
# ---------------------------------------------------------------------------------------------
KEY_NAMES=(validator alice bob carol gateway contributor)
declare -A TEST_MNEMONIC=(
    [validator]="slab ancient swear myth guess weekend muscle skate ginger welcome grocery mercy note wheel build potato net prison thunder about spring daughter goat sketch"
    [alice]="addict install sport bonus series pluck plunge humor primary siren diagram wave company dad various gain toe stand certain forget chase pioneer lake south"
    [bob]="finger song predict domain wine order prepare cart wrist name same twice weekend enlist siege fly defy wealth truck bean visual device team wisdom"
    [carol]="company donor bonus sure degree during chuckle river canyon must pass rent worth poet apple thunder join burger order super daughter advice daughter jeans"
    [gateway]="frequent pool manual digital mesh long grape couple sea eternal pipe erosion despair grocery island odor kind magic scare immense bone replace naive depth"
    [contributor]="rapid pitch poem bottom tuna female song sleep negative erupt ribbon icon swarm smart margin sell loop exclude deposit strong october bounce surge lonely"
)

usage() {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

need_binary() {
    need_cmd jq "apt-get install -y jq"
    need_cmd curl "apt-get install -y curl"
    if ! mf_resolve_injectived; then
        ensure_venv
    fi
    [[ -x "$INJECTIVED" ]] || command -v "$INJECTIVED" >/dev/null 2>&1 \
        || die "injectived not found at '$INJECTIVED' (run scripts/localnet.sh install)."
}

# toml_set FILE SECTION KEY VALUE   (SECTION "" = top level; VALUE is raw TOML)
# Fails when the key is not present in that section, so a changed config layout is noticed.
toml_set() {
    local file="$1" section="$2" key="$3" value="$4" tmp
    tmp="$file.tmp.$$"
    if ! awk -v sec="$section" -v key="$key" -v val="$value" '
        BEGIN { cur = ""; found = 0 }
        /^[[:space:]]*\[/ { cur = $0; sub(/^[[:space:]]*\[+/, "", cur); sub(/\].*$/, "", cur) }
        cur == sec && !found && $0 ~ ("^[[:space:]]*" key "[[:space:]]*=") { print key " = " val; found = 1; next }
        { print }
        END { if (!found) exit 3 }' "$file" >"$tmp"; then
        rm -f "$tmp"
        die "could not set '$key' in section [$section] of $file (config layout changed?)."
    fi
    mv -f "$tmp" "$file"
}

# Applies ports, CORS, block time and gas price to a home. Run at init and at every start so
# port overrides from the environment take effect.
configure_home() {
    local home="$1" cfg="$1/config/config.toml" app="$1/config/app.toml" cli="$1/config/client.toml"
    toml_set "$cfg" "" proxy_app "\"tcp://127.0.0.1:$MF_PROXY_PORT\""
    toml_set "$cfg" "" moniker "\"modelfund-local\""
    toml_set "$cfg" rpc laddr "\"tcp://127.0.0.1:$MF_RPC_PORT\""
    toml_set "$cfg" rpc cors_allowed_origins '["*"]'
    toml_set "$cfg" rpc pprof_laddr "\"127.0.0.1:$MF_PPROF_PORT\""
    toml_set "$cfg" p2p laddr "\"tcp://127.0.0.1:$MF_P2P_PORT\""
    toml_set "$cfg" p2p pex "false"
    toml_set "$cfg" p2p addr_book_strict "false"
    toml_set "$cfg" instrumentation prometheus "false"
    toml_set "$cfg" instrumentation prometheus_listen_addr "\"127.0.0.1:26660\""

    toml_set "$app" "" minimum-gas-prices "\"$MF_GAS_PRICES\""
    toml_set "$app" api enable "true"
    toml_set "$app" api address "\"tcp://127.0.0.1:$MF_API_PORT\""
    toml_set "$app" api enabled-unsafe-cors "true"
    toml_set "$app" grpc enable "true"
    toml_set "$app" grpc address "\"127.0.0.1:$MF_GRPC_PORT\""
    toml_set "$app" json-rpc enable "false"
    toml_set "$app" json-rpc address "\"127.0.0.1:8545\""
    toml_set "$app" json-rpc ws-address "\"127.0.0.1:8546\""

    toml_set "$cli" "" chain-id "\"$(chain_id_of_home "$home")\""
    toml_set "$cli" "" keyring-backend '"test"'
    toml_set "$cli" "" node "\"tcp://127.0.0.1:$MF_RPC_PORT\""
}

# quiet "what failed" CMD...: runs CMD, hides its output, dies with its last line on failure.
quiet() {
    local what="$1" out
    shift
    if ! out="$("$@" 2>&1)"; then
        die "$what failed: $(printf '%s\n' "$out" | grep -v '^[[:space:]]*$' | tail -n 1)"
    fi
}

chain_id_of_home() {
    local genesis="$1/config/genesis.json"
    if [[ -f "$genesis" ]]; then
        jq -r .chain_id "$genesis"
    else
        printf '%s\n' "$MF_CHAIN_ID"
    fi
}

is_initialized() {
    [[ -f "$NODE_HOME/config/genesis.json" && -f "$NODE_HOME/.modelfund-initialized" ]]
}

cmd_install() {
    ensure_venv
    log "injectived: $INJECTIVED ($("$INJECTIVED" version 2>&1 | head -n1))"
}

cmd_init() {
    need_binary
    if is_initialized; then
        log "node home already initialized at $NODE_HOME (chain $(chain_id_of_home "$NODE_HOME")); nothing to do"
        return 0
    fi
    if [[ -e "$NODE_HOME" ]]; then
        die "$NODE_HOME exists but is not a complete node home; run scripts/localnet.sh reset."
    fi
    mkdir -p "$MF_LOCALNET"
    local tmp="$MF_LOCALNET/home.init.$$"
    rm -rf "$tmp"
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" EXIT
    log "initializing $MF_CHAIN_ID in $NODE_HOME"
    quiet "injectived init" "$INJECTIVED" init modelfund-local --chain-id "$MF_CHAIN_ID" --home "$tmp"

    local genesis="$tmp/config/genesis.json"
    # Every "stake" denom (staking bond_denom, mint_denom, gov deposits, crisis fee) becomes "inj".
    sed -i 's/"stake"/"inj"/g' "$genesis"
    # Short gov periods for local proposals; code upload and instantiate open to everybody
    # (1.20.1 already ships that; set it explicitly so a changed default cannot surprise us).
    jq --arg maxgas "$MF_BLOCK_MAX_GAS" '
        .app_state.gov.params.max_deposit_period = "30s"
        | .app_state.gov.params.voting_period = "30s"
        | .app_state.gov.params.expedited_voting_period = "15s"
        | .app_state.wasm.params.code_upload_access = {"permission": "Everybody", "addresses": []}
        | .app_state.wasm.params.instantiate_default_permission = "Everybody"
        | .consensus.params.block.max_gas = $maxgas
    ' "$genesis" >"$genesis.new" || die "editing $genesis with jq failed."
    mv -f "$genesis.new" "$genesis"
    if grep -q '"stake"' "$genesis"; then
        die "genesis still mentions the stake denom after the edit."
    fi

    local name addr
    for name in "${KEY_NAMES[@]}"; do
        printf '%s\n' "${TEST_MNEMONIC[$name]}" \
            | quiet "importing the test key '$name'" \
                "$INJECTIVED" keys add "$name" --recover "${KEYRING[@]}" --home "$tmp" --output json
        addr="$("$INJECTIVED" keys show "$name" -a "${KEYRING[@]}" --home "$tmp")"
        quiet "funding '$name' ($addr) in genesis" \
            "$INJECTIVED" genesis add-genesis-account "$addr" "$FUND_AMOUNT" --chain-id "$MF_CHAIN_ID" --home "$tmp"
        log "key $name = $addr"
    done
    quiet "genesis gentx for the validator" "$INJECTIVED" genesis gentx validator "$BOND_AMOUNT" \
        --chain-id "$MF_CHAIN_ID" --moniker modelfund-local "${KEYRING[@]}" --home "$tmp"
    quiet "genesis collect-gentxs" "$INJECTIVED" genesis collect-gentxs --home "$tmp"
    quiet "genesis validate" "$INJECTIVED" genesis validate "$genesis" --home "$tmp"

    configure_home "$tmp"
    touch "$tmp/.modelfund-initialized"
    mv "$tmp" "$NODE_HOME"
    trap - EXIT
    log "initialized $NODE_HOME"
}

# pid of our node if the pid file names a live injectived process for this home, else empty.
node_pid() {
    [[ -f "$PID_FILE" ]] || return 0
    local pid
    pid="$(tr -dc '0-9' <"$PID_FILE")"
    [[ -n "$pid" ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    # Guard against pid reuse: the process must be injectived started with our home.
    if [[ -r "/proc/$pid/cmdline" ]]; then
        local cmdline
        cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
        [[ "$cmdline" == *injectived* && "$cmdline" == *"$NODE_HOME"* ]] || return 0
    fi
    printf '%s\n' "$pid"
}

rpc_status() {
    curl -fsS --max-time 2 "$RPC_URL/status" 2>/dev/null
}

rpc_height() {
    local s
    s="$(rpc_status)" || return 1
    jq -r '.result.sync_info.latest_block_height // empty' <<<"$s"
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

show_log_tail() {
    printf -- '--- last lines of %s ---\n' "$LOG_FILE" >&2
    tail -n 40 "$LOG_FILE" >&2 || true
    printf -- '---\n' >&2
}

# wait_ready PID OWNED: waits for height >= 2. OWNED=1 when this run started PID: then a
# failure (timeout, Ctrl-C) stops it again instead of leaving a half-started node behind.
wait_ready() {
    local pid="$1" owned="$2" deadline=$((SECONDS + MF_START_TIMEOUT)) h=""
    if [[ "$owned" == 1 ]]; then
        # shellcheck disable=SC2064
        trap "terminate_pid $pid node; rm -f '$PID_FILE'; exit 130" INT TERM
    fi
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PID_FILE"
            show_log_tail
            die "the node (pid $pid) exited during startup; see the log lines above ($LOG_FILE)."
        fi
        h="$(rpc_height || true)"
        if [[ -n "$h" && "$h" -ge 2 ]]; then
            trap - INT TERM
            return 0
        fi
        sleep 0.5
    done
    show_log_tail
    if [[ "$owned" == 1 ]]; then
        terminate_pid "$pid" node || true
        rm -f "$PID_FILE"
        die "the node did not reach height 2 within ${MF_START_TIMEOUT}s (last height: ${h:-none}) and was stopped again; see the log lines above ($LOG_FILE)."
    fi
    die "the node (pid $pid) did not reach height 2 within ${MF_START_TIMEOUT}s (last height: ${h:-none}); stop it with scripts/localnet.sh stop."
}

# Serializes init/start/stop/reset across concurrent callers (e.g. parallel test workers).
take_lock() {
    mkdir -p "$MF_LOCALNET"
    exec 9>"$MF_LOCALNET/.lock"
    if command -v flock >/dev/null 2>&1; then
        flock -w 180 9 || die "another localnet.sh is still busy (lock $MF_LOCALNET/.lock held for 180 s)."
    fi
}

cmd_start() {
    need_binary
    local pid
    pid="$(node_pid)"
    if [[ -n "$pid" ]]; then
        if [[ -n "$(rpc_height || true)" ]]; then
            log "node already running (pid $pid, height $(rpc_height), rpc $RPC_URL); nothing to do"
            return 0
        fi
        log "node process $pid exists but RPC does not answer yet; waiting"
        wait_ready "$pid" 0
        log "node ready (pid $pid, height $(rpc_height), rpc $RPC_URL)"
        return 0
    fi
    rm -f "$PID_FILE"
    if ! is_initialized; then
        cmd_init
    fi
    local port
    for port in "$MF_RPC_PORT" "$MF_API_PORT" "$MF_GRPC_PORT" "$MF_P2P_PORT" "$MF_PPROF_PORT" "$MF_PROXY_PORT"; do
        if port_in_use "$port"; then
            die "port 127.0.0.1:$port is already in use by another process (not a node started by this script); stop it or override the MF_*_PORT variables."
        fi
    done
    configure_home "$NODE_HOME"

    if [[ -f "$LOG_FILE" ]]; then
        mv -f "$LOG_FILE" "$LOG_FILE.1"
    fi
    log "starting injectived (chain $(chain_id_of_home "$NODE_HOME"), home $NODE_HOME, log $LOG_FILE)"
    # setsid: own session, so Ctrl-C or a killed process group of the caller does not take the
    # node down; in a non-interactive shell the child is no group leader, so setsid does not fork
    # and $! is the node's pid (the wrapper execs injectived in place). 9>&- keeps the lock fd
    # out of the node.
    # injectived 1.20.1 ignores the [consensus] timeouts of config.toml (hardcoded, ~500 ms blocks);
    # only --unsafe-consensus-timeout-commit changes the block time.
    setsid nohup "$INJECTIVED" start --home "$NODE_HOME" --log-level "$MF_LOG_LEVEL" --log-no-color \
        --unsafe-consensus-timeout-commit "$MF_BLOCK_TIME" \
        >"$LOG_FILE" 2>&1 </dev/null 9>&- &
    pid=$!
    printf '%s\n' "$pid" >"$PID_FILE"
    wait_ready "$pid" 1
    log "node ready (pid $pid, height $(rpc_height), rpc $RPC_URL)"
}

cmd_stop() {
    local pid
    # the gateway first: it settles on chain when it stops, so the node must still run
    gw_stop
    pid="$(node_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$PID_FILE"
        log "node not running; nothing to stop"
        return 0
    fi
    log "stopping node (pid $pid)"
    terminate_pid "$pid" node || die "could not stop the node (pid $pid) even with KILL."
    rm -f "$PID_FILE"
    log "node stopped"
}

cmd_status() {
    local pid h chain
    pid="$(node_pid)"
    if [[ -z "$pid" ]]; then
        if port_in_use "$MF_RPC_PORT"; then
            echo "stopped (no node started by this script, but another process listens on 127.0.0.1:$MF_RPC_PORT)"
        else
            echo "stopped"
        fi
        exit 3
    fi
    h="$(rpc_height || true)"
    if [[ -z "$h" ]]; then
        echo "not ready: node process $pid is alive but $RPC_URL does not answer"
        exit 3
    fi
    chain="$(rpc_status | jq -r .result.node_info.network)"
    local gw="" pid_gw
    pid_gw="$(gw_pid)"
    [[ -z "$pid_gw" ]] || gw=" gateway=$GW_URL gateway_pid=$pid_gw"
    echo "running pid=$pid height=$h chain_id=$chain rpc=$RPC_URL rest=http://127.0.0.1:$MF_API_PORT grpc=127.0.0.1:$MF_GRPC_PORT home=$NODE_HOME$gw"
}

cmd_reset() {
    cmd_stop
    if [[ -e "$NODE_HOME" ]]; then
        log "deleting $NODE_HOME"
        rm -rf "$NODE_HOME"
    fi
    rm -f "$LOG_FILE" "$LOG_FILE.1"
    # the gateway's vouchers belong to the deleted chain (a new chain reuses channel ids and
    # contract addresses); its key, database and cache go with it
    if [[ -e "$GW_DIR" ]]; then
        log "deleting $GW_DIR"
        rm -rf "$GW_DIR"
    fi
    cmd_init
}

cmd_env() {
    mf_resolve_injectived || INJECTIVED="$MF_INJECTIVED_WRAPPER"
    local kv
    for kv in \
        "INJECTIVED=$INJECTIVED" \
        "MF_CHAIN_ID=$(chain_id_of_home "$NODE_HOME")" \
        "MF_NODE=tcp://127.0.0.1:$MF_RPC_PORT" \
        "MF_RPC_URL=$RPC_URL" \
        "MF_REST_URL=http://127.0.0.1:$MF_API_PORT" \
        "MF_GRPC_ADDR=127.0.0.1:$MF_GRPC_PORT" \
        "MF_GAS_PRICES=$MF_GAS_PRICES" \
        "MF_HOME=$NODE_HOME" \
        "MF_KEYRING_BACKEND=test"; do
        printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
    done
}

case "${1:-}" in
    install) cmd_install ;;
    init) take_lock; cmd_init ;;
    start) take_lock; cmd_start ;;
    stop) take_lock; cmd_stop ;;
    status) cmd_status ;;
    reset) take_lock; cmd_reset ;;
    env) cmd_env ;;
    -h | --help | help | "") usage ;;
    *) printf 'error: unknown command %s.\n' "'$1'" >&2; usage ;;
esac
