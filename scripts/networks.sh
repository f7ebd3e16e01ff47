#!/usr/bin/env bash
# The network presets of scripts/networks/<chain-id>.json (one chain-registry-style file per
# chain, read by the scripts through jq and bundled into the web page by web/src/chains.ts).
#
#   scripts/networks.sh list            # the presets scripts/up.sh --network accepts
#   scripts/networks.sh env pion-1      # NET_* shell variables of a preset: eval "$(...)"
#   scripts/networks.sh tx-url pion-1 HASH   # the explorer page of a tx
#   scripts/networks.sh check           # every file has the required fields (static layer)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$MF_ROOT/scripts/lib/network.sh"

case "${1:-}" in
    list) network_names testnet ;;
    env)
        [[ $# -eq 2 ]] || die "usage: scripts/networks.sh env NAME"
        load_network "$2"
        for v in NET_NAME NET_CHAIN_ID NET_TYPE NET_BINARY NET_RPC NET_REST NET_GRPC NET_GAS_PRICE \
            NET_FEE_DENOM NET_DISPLAY_DENOM NET_DECIMALS NET_PREFIX NET_COIN_TYPE NET_HOME \
            NET_KEYRING_BACKEND NET_FAUCET NET_EXPLORER NET_TX_PAGE NET_INSTALL \
            NET_DEMO_SOFT_CAP NET_DEMO_HARD_CAP; do
            # single quotes (the tx_page holds a literal ${txHash}); works in bash and zsh
            printf "%s='%s'\n" "$v" "${!v//\'/\'\\\'\'}"
        done
        ;;
    tx-url)
        [[ $# -eq 3 ]] || die "usage: scripts/networks.sh tx-url NAME HASH"
        load_network "$2"
        url=$(network_tx_url "$3")
        [[ -n "$url" ]] || die "$2 has no explorer."
        printf '%s\n' "$url"
        ;;
    check)
        n=$(network_names | wc -l)
        (( n > 0 )) || die "no presets in ${MF_NETWORKS_DIR#"$MF_ROOT/"}/."
        network_check || die "the network presets above are incomplete (see scripts/lib/network.sh for the fields)."
        log "network presets: $n files with every required field"
        ;;
    *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; [[ "${1:-}" == -h || "${1:-}" == --help ]] ;;
esac
