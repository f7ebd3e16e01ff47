# shellcheck shell=bash
# Network presets: scripts/networks/<chain-id>.json, one chain-registry-style file per chain
# (chain_id, pretty_name, bech32_prefix, slip44, daemon_name, node_home, apis.{rpc,rest,grpc},
# fees.fee_tokens[0] with display/decimals, explorers[].tx_page with ${txHash}, keplr, modelfund).
# The scripts read them here (jq); the web page bundles the same files (web/src/chains.ts), so
# the two cannot disagree. Source after common.sh:
#
#   source scripts/lib/network.sh
#   load_network pion-1         # sets the NET_* variables below (or dies with one sentence)
#   network_names testnet       # the presets --network accepts, one per line
#
# NET_NAME NET_CHAIN_ID NET_TYPE (local|testnet) NET_BINARY NET_RPC NET_REST NET_GRPC
# NET_GAS_PRICE (the average gas price, as the page signs by default) NET_FEE_DENOM
# NET_DISPLAY_DENOM NET_DECIMALS NET_PREFIX NET_COIN_TYPE NET_HOME ($HOME / $MF_ROOT expanded)
# NET_KEYRING_BACKEND NET_FAUCET NET_EXPLORER NET_TX_PAGE NET_INSTALL NET_DEMO_SOFT_CAP
# NET_DEMO_HARD_CAP. Environment: MF_NETWORKS_DIR (default scripts/networks).

MF_NETWORKS_DIR="${MF_NETWORKS_DIR:-$MF_ROOT/scripts/networks}"

# The fields every preset must have (jq paths), checked by network_check.
NETWORK_REQUIRED=(
    .chain_id .pretty_name .network_type .bech32_prefix .slip44 .daemon_name .node_home
    '.apis.rpc[0].address' '.apis.rest[0].address' '.apis.grpc[0].address'
    '.fees.fee_tokens[0].denom' '.fees.fee_tokens[0].display' '.fees.fee_tokens[0].decimals'
    '.fees.fee_tokens[0].low_gas_price' '.fees.fee_tokens[0].average_gas_price'
    '.fees.fee_tokens[0].high_gas_price' .explorers .keplr.features .keplr.gas_adjustment
    .modelfund.keyring_backend .modelfund.install .modelfund.demo_soft_cap .modelfund.demo_hard_cap
)

# jq is the one tool every network read needs: installed when missing (Debian: apt-get; macOS:
# brew), without dpkg when it is already there
_network_need_jq() {
    command -v jq >/dev/null 2>&1 || ensure_tools jq
}

# network_names [TYPE] -> the preset names (file names without .json), sorted, of one
# network_type (all when empty)
network_names() {
    local f type="${1:-}"
    _network_need_jq
    for f in "$MF_NETWORKS_DIR"/*.json; do
        [[ -f "$f" ]] || continue
        if [[ -z "$type" ]] || [[ "$(jq -r .network_type "$f" 2>/dev/null)" == "$type" ]]; then
            f="${f##*/}"
            printf '%s\n' "${f%.json}"
        fi
    done | LC_ALL=C sort
}

# load_network NAME: the NET_* variables of scripts/networks/NAME.json (dies with one sentence
# naming the known presets when there is none)
load_network() {
    local name="$1" file known
    file="$MF_NETWORKS_DIR/$name.json"
    if [[ ! -f "$file" ]]; then
        known=$(network_names testnet | paste -sd, - | sed 's/,/, /g')
        die "unknown network '$name': the presets are ${known:-none} (files in ${MF_NETWORKS_DIR#"$MF_ROOT/"}/)."
    fi
    _network_need_jq
    local vars
    # one shell assignment per field, quoted by jq (@sh): no eval of the file's text itself
    vars=$(jq -r '
        def s: if . == null then "" else tostring end;
        .fees.fee_tokens[0] as $fee
        | [ ["NET_NAME", .pretty_name], ["NET_CHAIN_ID", .chain_id], ["NET_TYPE", .network_type],
            ["NET_BINARY", .daemon_name], ["NET_RPC", .apis.rpc[0].address],
            ["NET_REST", .apis.rest[0].address], ["NET_GRPC", .apis.grpc[0].address],
            ["NET_GAS_PRICE", $fee.average_gas_price], ["NET_FEE_DENOM", $fee.denom],
            ["NET_DISPLAY_DENOM", $fee.display], ["NET_DECIMALS", $fee.decimals],
            ["NET_PREFIX", .bech32_prefix], ["NET_COIN_TYPE", .slip44], ["NET_HOME_RAW", .node_home],
            ["NET_KEYRING_BACKEND", .modelfund.keyring_backend], ["NET_FAUCET", .modelfund.faucet],
            ["NET_EXPLORER", (.explorers[0].url // "")], ["NET_TX_PAGE", (.explorers[0].tx_page // "")],
            ["NET_INSTALL", .modelfund.install], ["NET_DEMO_SOFT_CAP", .modelfund.demo_soft_cap],
            ["NET_DEMO_HARD_CAP", .modelfund.demo_hard_cap] ]
        | .[] | "\(.[0])=\(.[1] | s | @sh)"' "$file") \
        || die "${file#"$MF_ROOT/"} is not valid JSON (check it with scripts/networks.sh check)."
    eval "$vars"
    # the CLI home as the chain registry writes it: $HOME (and $MF_ROOT for the local node)
    NET_HOME="${NET_HOME_RAW//\$HOME/$HOME}"
    NET_HOME="${NET_HOME//\$MF_ROOT/$MF_ROOT}"
    unset NET_HOME_RAW
    [[ -n "$NET_CHAIN_ID" && -n "$NET_RPC" && -n "$NET_FEE_DENOM" && -n "$NET_DECIMALS" ]] \
        || die "${file#"$MF_ROOT/"} lacks chain_id, an rpc address or the fee token (check it with scripts/networks.sh check)."
}

# network_tx_url HASH -> the explorer page of a tx on the loaded network (empty without one)
network_tx_url() {
    [[ -n "${NET_TX_PAGE:-}" && -n "$1" ]] || return 0
    printf '%s\n' "${NET_TX_PAGE//\$\{txHash\}/$1}"
}

# network_check: every preset has the required fields, its file is named after its chain id and
# a testnet has an explorer tx_page with ${txHash}; prints one line per problem, returns 1 on any
network_check() {
    local f bad=0 p name problems
    _network_need_jq
    for f in "$MF_NETWORKS_DIR"/*.json; do
        [[ -f "$f" ]] || continue
        name="${f##*/}"
        if ! jq -e . "$f" >/dev/null 2>&1; then
            printf '%s: not valid JSON\n' "$name"; bad=1; continue
        fi
        for p in "${NETWORK_REQUIRED[@]}"; do
            if ! jq -e "$p != null" "$f" >/dev/null 2>&1; then
                printf '%s: %s is missing\n' "$name" "$p"; bad=1
            fi
        done
        problems=$(jq -r --arg file "${name%.json}" '
            (if .chain_id != $file then "chain_id \(.chain_id) is not the file name" else empty end),
            (if (.network_type | IN("local", "testnet")) | not then "network_type is \(.network_type), not local or testnet" else empty end),
            (.fees.fee_tokens[0] | to_entries[] | select(.key | endswith("_gas_price"))
                | select((.value | type) != "number" or .value < 0) | "fees: \(.key) is not a number >= 0"),
            (if (.fees.fee_tokens[0].decimals | type) != "number" then "fees: decimals is not a number" else empty end),
            (if (.slip44 | type) != "number" then "slip44 is not a number" else empty end),
            (if .network_type == "testnet" and ((.explorers[0].tx_page // "") | contains("${txHash}") | not)
                then "explorers[0].tx_page has no ${txHash}" else empty end),
            (.apis.rpc[0].address // "" | select(test("^https?://") | not) | "apis.rpc[0].address is not an http(s) URL"),
            (.apis.rest[0].address // "" | select(test("^https?://") | not) | "apis.rest[0].address is not an http(s) URL")
            ' "$f" 2>/dev/null)
        if [[ -n "$problems" ]]; then
            while IFS= read -r p; do printf '%s: %s\n' "$name" "$p"; done <<<"$problems"
            bad=1
        fi
    done
    return "$bad"
}
