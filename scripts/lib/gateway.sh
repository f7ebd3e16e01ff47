# shellcheck shell=bash
# The inference gateway (services/gateway, docs/gateway.md) that scripts/up.sh starts for the
# demo model on the local node. Its files live next to the node's, under the localnet folder:
#
#   $MODELFUND_LOCALNET/gateway/gateway.key      its plain secp256k1 key (64 hex, 0600)
#   $MODELFUND_LOCALNET/gateway/gateway.json     its config (written by scripts/up.sh)
#   $MODELFUND_LOCALNET/gateway/vouchers-<channels address>.sqlite   accepted vouchers
#   $MODELFUND_LOCALNET/gateway/cache/<sha256>   verified model artifacts
#   $MODELFUND_LOCALNET/gateway/gateway.pid, gateway.log
#
# It runs in the background and is stopped by its pid file only (scripts/localnet.sh stop and
# reset do it before they stop the node, since the gateway settles on chain when it stops).
# Source it after common.sh.
#
#   MF_GATEWAY_PORT            its port on 127.0.0.1 (default 8088; the chain tests use 8188)
#   MF_GATEWAY_START_TIMEOUT   seconds to wait for /healthz (default 60)

MF_GATEWAY_PORT="${MF_GATEWAY_PORT:-8088}"
MF_GATEWAY_START_TIMEOUT="${MF_GATEWAY_START_TIMEOUT:-60}"
GW_DIR="$MF_LOCALNET/gateway"
GW_KEY_FILE="$GW_DIR/gateway.key"
GW_CONFIG="$GW_DIR/gateway.json"
GW_PID_FILE="$GW_DIR/gateway.pid"
GW_LOG_FILE="$GW_DIR/gateway.log"
GW_CACHE_DIR="$GW_DIR/cache"
GW_URL="http://127.0.0.1:$MF_GATEWAY_PORT"

# gw_pid: the pid of our gateway when the pid file names a live modelfund-gateway running with
# our config file (a recycled pid is not ours), else nothing
gw_pid() {
    [[ -f "$GW_PID_FILE" ]] || return 0
    local pid cmdline
    pid="$(tr -dc '0-9' <"$GW_PID_FILE")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    if [[ -r "/proc/$pid/cmdline" ]]; then
        cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
        [[ "$cmdline" == *modelfund-gateway*"$GW_CONFIG"* ]] || return 0
    fi
    printf '%s\n' "$pid"
}

# gw_stop: stops our gateway by its pid (SIGTERM: it stops taking calls, settles, exits; KILL
# after 60 s, which loses nothing: accepted vouchers are in its database); no-op when none runs
gw_stop() {
    local pid
    pid="$(gw_pid)"
    if [[ -z "$pid" ]]; then
        rm -f "$GW_PID_FILE"
        return 0
    fi
    log "stopping the gateway (pid $pid; it settles what it accepted first)"
    terminate_pid "$pid" gateway 60 || die "could not stop the gateway (pid $pid) even with KILL."
    rm -f "$GW_PID_FILE"
    log "gateway stopped"
}

# gw_port_in_use PORT: something listens on 127.0.0.1:PORT
gw_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# gw_healthz: prints "<http status> <body>" of GET /healthz, or fails when nothing answers
gw_healthz() {
    local out
    out="$(curl -sS --max-time 2 -w '\n%{http_code}' "$GW_URL/healthz" 2>/dev/null)" || return 1
    [[ "${out##*$'\n'}" =~ ^[0-9]{3}$ && "${out##*$'\n'}" != 000 ]] || return 1
    printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
}

gw_show_log_tail() {
    printf -- '--- last lines of %s ---\n' "$GW_LOG_FILE" >&2
    tail -n 30 "$GW_LOG_FILE" >&2 || true
    printf -- '---\n' >&2
}

# gw_start BINARY: starts the gateway with $GW_CONFIG in the background (pid in $GW_PID_FILE) and
# waits until it answers /healthz (200 serving, or 503 with the reason it serves nothing). A
# gateway that exits or does not answer within MF_GATEWAY_START_TIMEOUT is stopped again and
# its log's tail shown.
gw_start() {
    local bin="$1" pid deadline
    [[ -x "$bin" ]] || die "the gateway binary $bin is missing."
    if gw_port_in_use "$MF_GATEWAY_PORT"; then
        die "port 127.0.0.1:$MF_GATEWAY_PORT is already in use by another process (not a gateway started by scripts/up.sh); stop it or set MF_GATEWAY_PORT."
    fi
    mkdir -p "$GW_DIR"
    [[ -f "$GW_LOG_FILE" ]] && mv -f "$GW_LOG_FILE" "$GW_LOG_FILE.1"
    # own session (a Ctrl-C of the caller does not stop it); $! is its pid (setsid does not fork
    # in a non-interactive shell, see scripts/localnet.sh)
    setsid nohup "$bin" --config "$GW_CONFIG" >"$GW_LOG_FILE" 2>&1 </dev/null 9>&- &
    pid=$!
    printf '%s\n' "$pid" >"$GW_PID_FILE"
    deadline=$((SECONDS + MF_GATEWAY_START_TIMEOUT))
    while ((SECONDS < deadline)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$GW_PID_FILE"
            gw_show_log_tail
            die "the gateway (pid $pid) exited during startup; see the log lines above ($GW_LOG_FILE)."
        fi
        if gw_healthz >/dev/null; then
            log "gateway up (pid $pid, $GW_URL, log $GW_LOG_FILE)"
            return 0
        fi
        sleep 0.25
    done
    gw_show_log_tail
    terminate_pid "$pid" gateway 10 || true
    rm -f "$GW_PID_FILE"
    die "the gateway did not answer $GW_URL/healthz within ${MF_GATEWAY_START_TIMEOUT}s and was stopped again; see the log lines above ($GW_LOG_FILE)."
}
