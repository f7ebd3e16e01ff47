#!/usr/bin/env bash
# The Keplr web app (web/): install, generate the contract clients, build, serve, test.
#
#   scripts/web.sh install                  npm ci into web/node_modules (idempotent; npm cache in
#                                           $MF_CACHE/npm, never in the repo)
#   scripts/web.sh codegen [--check]        regenerate web/src/generated/ from schema/; --check
#                                           regenerates into a temp dir and fails when they differ
#   scripts/web.sh build                    type-check and bundle into web/dist/
#   scripts/web.sh serve [--port P] [--config FILE]
#                                           serve web/dist plus FILE as config.json on 127.0.0.1:P
#                                           (default 8137) in the background; waits until it
#                                           answers and prints the URL. Builds first when web/dist
#                                           is missing or older than a source.
#   scripts/web.sh stop [--port P]          stop that server (by its pid file)
#   scripts/web.sh test                     unit tests + the browser test against a fresh local
#                                           node; last line "web: N passed, M failed"
#
# Environment: MODELFUND_CACHE (default ~/.cache/modelfund), MF_WEB_PORT (default 8137),
# MF_CHROMIUM (default /usr/bin/chromium), MF_WEB_GATEWAY_PORT (the test's gateway, default 8388).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

WEB="$MF_ROOT/web"
NPM_CACHE="$MF_CACHE/npm"
RUN_DIR="$MF_CACHE/web"          # serve roots and pid files, outside the repo
CHROMIUM="${MF_CHROMIUM:-/usr/bin/chromium}"
DEFAULT_PORT="${MF_WEB_PORT:-8137}"

usage() {
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

need_node() {
    need_cmd node "install Node.js 20 or newer (apt-get install -y nodejs npm)"
    need_cmd npm "install npm (apt-get install -y npm)"
    local major
    major="$(node -p 'process.versions.node.split(".")[0]')"
    ((major >= 20)) || die "Node.js $(node --version) is too old; the web app needs 20 or newer."
}

# npm ci only when node_modules does not match package-lock.json (npm writes its own copy of the
# lock into node_modules/.package-lock.json; compare a stamp of the lock instead).
cmd_install() {
    need_node
    local stamp="$WEB/node_modules/.modelfund-lock.sha256" want
    want="$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$WEB/node_modules/.bin/esbuild" ]]; then
        return 0
    fi
    log "web: npm ci (cache $NPM_CACHE)"
    mkdir -p "$NPM_CACHE"
    (cd "$WEB" && npm_config_cache="$NPM_CACHE" npm ci --no-audit --no-fund --loglevel=error >&2) \
        || die "npm ci failed in web/ (is the npm registry reachable?)."
    printf '%s\n' "$want" >"$stamp"
}

cmd_codegen() {
    cmd_install
    if [[ "${1:-}" == "--check" ]]; then
        local tmp rc=0
        tmp="$(mktemp -d)"
        (cd "$WEB" && node scripts/codegen.mjs --out "$tmp/generated" >/dev/null)
        diff -ru "$WEB/src/generated" "$tmp/generated" >&2 || rc=$?
        rm -rf "$tmp"
        ((rc == 0)) || die "web/src/generated/ is stale: the generated clients differ from schema/ (run scripts/web.sh codegen and commit)."
        log "web: typed clients match schema/"
        return 0
    fi
    [[ -z "${1:-}" ]] || die "unknown option '$1' for codegen (only --check)."
    (cd "$WEB" && node scripts/codegen.mjs) >&2
}

cmd_build() {
    cmd_install
    log "web: type-check (tsc --noEmit)"
    (cd "$WEB" && node_modules/.bin/tsc --noEmit -p .) || die "web: type errors (see above)."
    (cd "$WEB" && node scripts/build.mjs) >&2
}

pid_file() { printf '%s/serve-%s.pid\n' "$RUN_DIR" "$1"; }

# pid of our static server on PORT, if the pid file names a live one
server_pid() {
    local f pid
    f="$(pid_file "$1")"
    [[ -f "$f" ]] || return 0
    pid="$(tr -dc '0-9' <"$f")"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"http.server"*"$1"* ]] || return 0
    printf '%s\n' "$pid"
}

cmd_serve() {
    local port="$DEFAULT_PORT" config=""
    while (($#)); do
        case "$1" in
            --port) port="${2:?--port P}"; shift 2 ;;
            --config) config="${2:?--config FILE}"; shift 2 ;;
            *) die "unknown option '$1' for serve (--port P, --config FILE)." ;;
        esac
    done
    [[ "$port" =~ ^[0-9]+$ ]] || die "--port needs a number."
    need_cmd python3 "install Python 3"
    need_cmd curl "apt-get install -y curl"
    # build when there is no build or a source is newer than it (so up.sh never serves a stale page)
    if [[ ! -f "$WEB/dist/app.js" ]] \
        || [[ -n "$(find "$WEB/src" "$WEB/index.html" "$WEB/style.css" "$WEB/package-lock.json" -newer "$WEB/dist/app.js" -print -quit)" ]]; then
        cmd_build
    fi
    local root="$RUN_DIR/serve-$port" pid
    pid="$(server_pid "$port")"
    mkdir -p "$RUN_DIR"
    # (re)fill the served folder: the build and the config the deployer gave
    rm -rf "$root.new"
    mkdir -p "$root.new"
    cp -r "$WEB/dist/." "$root.new/"
    if [[ -n "$config" ]]; then
        [[ -f "$config" ]] || die "config file $config not found."
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$config" || die "$config is not valid JSON."
        cp "$config" "$root.new/config.json"
    elif [[ -f "$root/config.json" ]]; then
        cp "$root/config.json" "$root.new/config.json"
    else
        log "web: no --config given; the page will say config.json is missing"
    fi
    rm -rf "$root.old"
    [[ -d "$root" ]] && mv "$root" "$root.old"
    mv "$root.new" "$root"
    rm -rf "$root.old"
    if [[ -n "$pid" ]]; then
        # the server serves the folder by path; it picked up the new files already
        log "web: server already running on port $port (pid $pid); files refreshed"
    else
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "port 127.0.0.1:$port is in use by another process; pass --port."
        fi
        setsid nohup python3 -m http.server --bind 127.0.0.1 --directory "$root" "$port" \
            >"$RUN_DIR/serve-$port.log" 2>&1 </dev/null &
        pid=$!
        printf '%s\n' "$pid" >"$(pid_file "$port")"
        local i
        for ((i = 0; i < 50; i++)); do
            curl -fsS --max-time 1 "http://127.0.0.1:$port/index.html" >/dev/null 2>&1 && break
            kill -0 "$pid" 2>/dev/null || die "the static server exited; see $RUN_DIR/serve-$port.log."
            sleep 0.2
        done
        curl -fsS --max-time 1 "http://127.0.0.1:$port/index.html" >/dev/null 2>&1 \
            || { terminate_pid "$pid" "static server" 5 || true; rm -f "$(pid_file "$port")"; die "the static server did not answer on port $port."; }
        log "web: serving $root on 127.0.0.1:$port (pid $pid)"
    fi
    echo "http://127.0.0.1:$port/"
}

cmd_stop() {
    local port="$DEFAULT_PORT"
    [[ "${1:-}" == "--port" ]] && port="${2:?--port P}"
    local pid
    pid="$(server_pid "$port")"
    if [[ -z "$pid" ]]; then
        rm -f "$(pid_file "$port")"
        log "web: no server of ours on port $port"
        return 0
    fi
    terminate_pid "$pid" "static server" 5 || true
    rm -f "$(pid_file "$port")"
    log "web: server on port $port (pid $pid) stopped"
}

# tap_counts FILE -> "PASSED FAILED" from node --test's TAP summary
tap_counts() {
    local p f
    p="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$1" | tail -n1)"
    f="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$1" | tail -n1)"
    printf '%s %s\n' "${p:-0}" "${f:-0}"
}

cmd_test() {
    local out="$MF_ROOT/tests/output/web"
    rm -rf "$out"
    mkdir -p "$out/screenshots"
    local passed=0 failed=0 p f

    cmd_codegen --check
    cmd_build

    # ---- unit tests (amounts, errors, chain presets, account parser, vouchers) ----
    log "web: unit tests"
    local unit="$out/unit-build"
    (cd "$WEB" && node_modules/.bin/esbuild test/unit/*.test.ts --bundle --platform=node --format=cjs \
        --outdir="$unit" --log-level=warning) || die "web: building the unit tests failed."
    node --test --test-reporter=tap "$unit"/*.test.js >"$out/unit.tap" 2>&1 || true
    grep -E '^not ok|^# (pass|fail)' "$out/unit.tap" >&2 || true
    read -r p f < <(tap_counts "$out/unit.tap")
    ((p + f > 0)) || { cat "$out/unit.tap" >&2; die "web: the unit tests ran no test."; }
    passed=$((passed + p)); failed=$((failed + f))
    printf '  web unit: %s passed, %s failed\n' "$p" "$f"

    # ---- browser test: own node, own ports, own server, own Chromium profile ----
    if [[ ! -x "$CHROMIUM" ]]; then
        [[ "$CHROMIUM" == /usr/bin/chromium ]] || die "Chromium not found at $CHROMIUM."
        ensure_apt chromium
    fi
    [[ -x "$CHROMIUM" ]] || die "Chromium is not installed at $CHROMIUM."
    [[ -f "$MF_ROOT/artifacts/registry.wasm" ]] || die "no artifacts/*.wasm; run scripts/build.sh first."
    ensure_apt jq curl
    ensure_venv
    # the inference gateway the "Try the model" tab calls (test/chain.sh starts it for the test
    # model) and the model artifact it serves: built as scripts/up.sh builds them
    log "web: cargo build --locked -p modelfund-gateway (the gateway the Try tab pays) and scripts/model.sh"
    (cd "$MF_ROOT" && cargo build --locked -p modelfund-gateway --bin modelfund-gateway) >&2 \
        || die "web: building the gateway failed (see above)."
    "$MF_ROOT/scripts/model.sh" >/dev/null || die "web: building the demo model's artifact failed (see above)."

    export MODELFUND_LOCALNET="$MF_ROOT/.localnet-web"
    export MF_RPC_PORT=26957 MF_API_PORT=1617 MF_GRPC_PORT=9390 MF_P2P_PORT=26956
    export MF_PPROF_PORT=6360 MF_PROXY_PORT=26958 MF_GATEWAY_PORT="${MF_WEB_GATEWAY_PORT:-8388}"
    local port="${MF_WEB_TEST_PORT:-8157}"
    local profile
    profile="$(mktemp -d "${TMPDIR:-/tmp}/modelfund-chromium.XXXXXX")"
    # shellcheck disable=SC2064
    trap "web_test_cleanup '$port' '$profile'" EXIT
    scripts_localnet reset
    scripts_localnet start
    eval "$("$MF_ROOT/scripts/localnet.sh" env)"

    log "web: deploying the protocol and launching the test models"
    "$WEB/test/chain.sh" deploy "$out/deploy.json"
    jq --arg rpc "$MF_RPC_URL" --arg rest "$MF_REST_URL" \
        '{chainId:"injective-777", rpc:$rpc, rest:$rest, launchpad:.launchpad, channels:.channels,
          gateways:{(.gateway.model_id):.gateway.url},
          chain:{explorerTxPage:"https://explorer.test.invalid/tx/${txHash}"}}' "$out/deploy.json" >"$out/config.json"
    local url
    url="$(cmd_serve --port "$port" --config "$out/config.json")"

    log "web: browser test (Chromium $("$CHROMIUM" --version 2>/dev/null | awk '{print $2}'), $url)"
    local rc=0
    (cd "$WEB" && MF_WEB_URL="$url" MF_WEB_DEPLOY="$out/deploy.json" MF_WEB_SHOTS="$out/screenshots" \
        MF_WEB_PROFILE="$profile" MF_CHROMIUM="$CHROMIUM" \
        node --test --test-reporter=tap --test-timeout=600000 test/browser.test.mjs) >"$out/browser.tap" 2>&1 || rc=$?
    grep -E '^not ok|^# (pass|fail)|^ok' "$out/browser.tap" >&2 || true
    read -r p f < <(tap_counts "$out/browser.tap")
    if ((p + f == 0)); then
        tail -n 40 "$out/browser.tap" >&2
        die "web: the browser test stopped before its summary (exit $rc): no result counted."
    fi
    if ((f > 0 || rc != 0)); then
        grep -E -A25 '^not ok|^    not ok' "$out/browser.tap" | head -n 80 >&2 || true
        ((f > 0)) || f=1
    fi
    passed=$((passed + p)); failed=$((failed + f))
    printf '  web browser: %s passed, %s failed (screenshots in %s)\n' "$p" "$f" "${out#"$MF_ROOT/"}/screenshots"
    web_test_cleanup "$port" "$profile"
    trap - EXIT
    echo "web: $passed passed, $failed failed"
    ((failed == 0))
}

scripts_localnet() { "$MF_ROOT/scripts/localnet.sh" "$@" >&2; }

# Stops what the test started, by pid: the static server, any Chromium still running with the
# test's own profile folder (only ours carries that path), and the test node (scripts/localnet.sh
# stop first stops the test model's gateway by its pid file, letting it settle).
web_test_cleanup() {
    local port="$1" profile="$2" pid
    cmd_stop --port "$port" || true
    for pid in $(pgrep -f -- "--user-data-dir=$profile" 2>/dev/null || true); do
        terminate_pid "$pid" Chromium 5 || true
    done
    rm -rf "$profile"
    MODELFUND_LOCALNET="$MF_ROOT/.localnet-web" scripts_localnet stop || true
}

case "${1:-}" in
    install) cmd_install ;;
    codegen) shift; cmd_codegen "$@" ;;
    build) cmd_build ;;
    serve) shift; cmd_serve "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    test) cmd_test ;;
    -h | --help | help | "") usage ;;
    *) printf 'error: unknown command %s.\n' "'$1'" >&2; usage ;;
esac
