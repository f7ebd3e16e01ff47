#!/usr/bin/env bash
# Chain CLI steps of the browser test (scripts/web.sh test), through scripts/lib/chain.sh:
#
#   web/test/chain.sh deploy OUT.json   deploy the protocol with scripts/up.sh (registry, access,
#                                       launchpad, channels and the demo model), then launch the two
#                                       test models (presales opening a few seconds later) and start
#                                       an inference gateway for web-test-llm on 127.0.0.1:
#                                       $MF_GATEWAY_PORT; writes the addresses and its URL to OUT.json
#   web/test/chain.sh gateway-stop      stop that gateway by its pid (SIGTERM: it settles first)
#   web/test/chain.sh fund ADDR AMOUNT  bank send from the localnet key alice
#   web/test/chain.sh finalize PRESALE  finalize the presale (from carol, a bystander)
#   web/test/chain.sh propose GOV JSON  open a proposal as the creator (validator); prints its id
#   web/test/chain.sh vote GOV ID VOTE  vote as the creator (validator)
#   web/test/chain.sh query ADDR JSON   smart query; prints the data JSON
#   web/test/chain.sh balance ADDR      bank balance in inj
#   web/test/chain.sh import-key NAME   add the test wallet to the localnet keyring from the
#                                       mnemonic on stdin (eth_secp256k1, coin type 60: the
#                                       address the page's Keplr stand-in shows)
#   web/test/chain.sh execute KEY ADDR JSON [AMOUNT]
#                                       execute as KEY with AMOUNT attached; prints the tx JSON
#
# The channels contract is deployed with a grace period of $MF_WEB_CHANNEL_GRACE_SECONDS
# (default 5 s) instead of up.sh's hour, so the test can close an expired channel from the page.
#
# Needs the environment of `scripts/localnet.sh env` (the test node's ports and home) and
# MF_GATEWAY_PORT (scripts/web.sh test sets both).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib/chain.sh
source "$here/../../scripts/lib/chain.sh"

MODEL_ID=web-test-llm       # the story: contribute to the hard cap, claim, vote, buy, earn
REFUND_ID=web-test-refund   # a presale that misses its soft cap: finalize and refund
OPENS_IN="${MF_WEB_PRESALE_OPENS_IN:-6}"             # seconds from the launch to the presales' start
REFUND_CLOSES_IN="${MF_WEB_REFUND_CLOSES_IN:-60}"    # seconds from the launch to the refund presale's end
CHANNEL_GRACE="${MF_WEB_CHANNEL_GRACE_SECONDS:-5}"  # the channels contract's grace period
E18=1000000000000000000
E18X2=2000000000000000000

cmd_deploy() {
    local out="${1:?deploy OUT.json}" record registry access launchpad
    # the protocol as the README's main command deploys it (on this test node: the localnet
    # environment points scripts/up.sh at it); it also launches its demo model, but without its
    # gateway: the demo's presale (100 INJ soft cap, 7 days) and 10-minute votes are too slow for
    # this test, whose own model gets a gateway below (start_gateway)
    record="$(dirname "$out")/deployment.json"
    rm -f "$record"
    MF_DEPLOYMENT="$record" MF_CHANNEL_GRACE_SECONDS="$CHANNEL_GRACE" "$MF_ROOT/scripts/up.sh" --no-build --no-web --no-gateway >"$(dirname "$out")/up.txt" \
        || die "scripts/up.sh could not deploy the protocol to the test node (see above)."
    registry=$(jq -r .contracts.registry.address "$record")
    access=$(jq -r .contracts.access.address "$record")
    launchpad=$(jq -r .contracts.launchpad.address "$record")
    channels=$(jq -r .contracts.channels.address "$record")
    log "registry $registry, access $access, launchpad $launchpad, channels $channels"

    # web-test-llm: one share = 10^6 share units (6 decimals) costs 1 INJ (price 10^12 inj per
    # unit); soft cap = hard cap = 2 INJ, open for an hour; the creator (validator) gets 0.5
    # shares on success: 20 % of the 2.5 shares at the soft cap, the launchpad's most, and below
    # the 30 % quorum. web-test-refund: soft cap 5 INJ that nobody reaches, closes after 60 s.
    local now
    now=$(date +%s)
    launch_model "$launchpad" "$MODEL_ID" "Web Test LLM" WTLLM "$E18X2" "$E18X2" "$((now + OPENS_IN))" "$((now + 3600))"
    launch_model "$launchpad" "$REFUND_ID" "Web Test Refund" WTREF "5${E18:1}" "10${E18:1}" "$((now + OPENS_IN))" "$((now + REFUND_CLOSES_IN))"
    log "launched $MODEL_ID and $REFUND_ID; presales open at $(date -u -d "@$((now + OPENS_IN))" +%H:%M:%S)"
    start_gateway "$registry" "$access" "$channels"
    jq -n --arg r "$registry" --arg a "$access" --arg l "$launchpad" --arg c "$channels" \
        --arg ga "$GW_ADDRESS" --arg gu "$GW_URL" \
        --argjson m "$(chain_query_smart "$launchpad" "$(jq -nc --arg id "$MODEL_ID" '{model:{model_id:$id}}')")" \
        --argjson f "$(chain_query_smart "$launchpad" "$(jq -nc --arg id "$REFUND_ID" '{model:{model_id:$id}}')")" \
        '{registry:$r, access:$a, launchpad:$l, channels:$c, model:$m, refund_model:$f,
          gateway:{address:$ga, url:$gu, model_id:$m.model_id}}' >"$out"
}

# start_gateway REGISTRY ACCESS CHANNELS: the inference gateway (services/gateway, built by
# scripts/web.sh test) for web-test-llm, through scripts/lib/gateway.sh, so its files, pid and
# log are the localnet's gateway files ($MODELFUND_LOCALNET/gateway/) and `scripts/localnet.sh
# stop` stops it before the node. A new plain secp256k1 key, funded by alice for its settlement
# fees; the demo artifact (web-test-llm is launched with the demo's content_hash) in its cache.
# It settles only when it stops (settle_interval_seconds 3600): the test stops it (SIGTERM) and
# then checks the claim on chain. The browser test's DAO proposal approves it.
start_gateway() {
    local registry="$1" access="$2" channels="$3" bin artifact hash
    # shellcheck source=../../scripts/lib/gateway.sh
    source "$MF_ROOT/scripts/lib/gateway.sh"
    bin="$CARGO_TARGET_DIR/debug/modelfund-gateway"
    [[ "$bin" == /* ]] || bin="$MF_ROOT/$bin"
    artifact="$MF_ROOT/artifacts/model/modelfund-tinylm.mflm"
    [[ -x "$bin" ]] || die "$bin is missing: scripts/web.sh test builds it (cargo build -p modelfund-gateway)."
    [[ -f "$artifact" ]] || die "${artifact#"$MF_ROOT/"} is missing: scripts/web.sh test builds it (scripts/model.sh)."
    mkdir -p "$GW_DIR" "$GW_CACHE_DIR"
    (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32))' >"$GW_KEY_FILE")
    GW_ADDRESS=$("$bin" --print-address --key-file "$GW_KEY_FILE") || die "the gateway could not read its key."
    chain_tx bank send alice "$GW_ADDRESS" "10${E18:1}inj" --from alice >/dev/null
    hash=$(mf_sha256 "$artifact")
    cp -f "$artifact" "$GW_CACHE_DIR/$hash"
    jq -n --arg rest "$MF_REST_URL" --arg c "$MF_CHAIN_ID" --arg r "$registry" --arg a "$access" \
        --arg ch "$channels" --arg m "$MODEL_ID" --arg k "$GW_KEY_FILE" --arg l "127.0.0.1:$MF_GATEWAY_PORT" \
        --arg db "$GW_DIR/vouchers-$channels.sqlite" --arg cache "$GW_CACHE_DIR" --arg gas "$MF_GAS_PRICES" \
        '{rest:$rest, chain_id:$c, registry:$r, access:$a, channels:$ch, model_id:$m, key_file:$k,
          backend:{kind:"builtin"}, listen:$l, database:$db, cache_dir:$cache, gas_price:$gas,
          settle_interval_seconds:3600, model_poll_seconds:10}' >"$GW_CONFIG"
    gw_start "$bin"
    local health
    health=$(gw_healthz) || die "the gateway stopped answering."
    [[ "${health%% *}" == 200 ]] || { gw_show_log_tail; die "the gateway serves nothing for $MODEL_ID: ${health#* }"; }
    log "gateway $GW_ADDRESS serves $MODEL_ID on $GW_URL"
}

# launch_model LAUNCHPAD ID NAME SYMBOL SOFT_CAP HARD_CAP START END (caps in inj, times in seconds):
# the launch of scripts/lib/launch.json with the browser test's values: the creator's 0.5 shares
# (see cmd_deploy) propose without a deposit under a 30 % quorum; a 20 s timelock; a pack of 100
# calls for 0.1 INJ, a 30-day lease for 0.5 INJ and per-call use through a payment channel at
# 0.001 INJ a call (the "Try the model" tab).
launch_model() {
    local launchpad="$1" id="$2" name="$3" symbol="$4" soft="$5" hard="$6" start="$7" end="$8" launch
    launch=$(python3 "$MF_ROOT/scripts/lib/launch.py" "$(jq -nc --arg id "$id" --arg name "$name" --arg sym "$symbol" \
        --arg soft "$soft" --arg hard "$hard" --arg start "${start}000000000" --arg stop "${end}000000000" '{
        model:{token_id:$id, metadata:{name:$name}},
        presale:{soft_cap:$soft, hard_cap:$hard, max_per_address:$hard, start:$start, "end":$stop,
            creator_allocation:"500000"},
        shares:{name:($name + " shares"), symbol:$sym},
        governance:{quorum:"0.3", timelock_seconds:20, deposit:null, min_propose_power:"1"},
        plans:[{plan_id:"pack", price:{denom:"inj", amount:"100000000000000000"}, kind:{credits:{calls_per_pack:100}}},
               {plan_id:"pro-lease", price:{denom:"inj", amount:"500000000000000000"},
                kind:{lease:{duration_seconds:2592000, call_cap:10000,
                      terms:{commercial_use:true, attribution_required:true, notes:null}}}},
               {plan_id:"per-call", price:{denom:"inj", amount:"1000000000000000"}, kind:{metered:{unit:"call"}}}]}')") \
        || die "the launch message of $id could not be built from scripts/lib/launch.json (see above)."
    chain_execute "$launchpad" "$launch" --gas 3000000 >/dev/null
}

case "${1:-}" in
    deploy) shift; cmd_deploy "$@" ;;
    fund) chain_tx bank send alice "${2:?ADDR}" "${3:?AMOUNT}" --from alice >/dev/null ;;
    finalize) chain_execute "${2:?PRESALE}" '{"finalize":{}}' --from carol >/dev/null ;;
    propose)
        tx=$(chain_execute "${2:?GOV}" "${3:?JSON}" --from validator)
        tx_event_attr "$tx" wasm proposal_id
        ;;
    vote)
        chain_execute "${2:?GOV}" "$(jq -nc --argjson id "${3:?ID}" --arg v "${4:?VOTE}" '{vote:{proposal_id:$id, vote:$v}}')" \
            --from validator >/dev/null
        ;;
    query) chain_query_smart "${2:?ADDR}" "${3:?JSON}" ;;
    gateway-stop)
        # shellcheck source=../../scripts/lib/gateway.sh
        source "$MF_ROOT/scripts/lib/gateway.sh"
        gw_stop >&2
        ;;
    import-key)
        _chain_cfg
        "$CH_BIN" keys add "${2:?NAME}" --recover --keyring-backend "$CH_KEYRING" --home "$CH_HOME" --output json >/dev/null
        "$CH_BIN" keys show "$2" -a --keyring-backend "$CH_KEYRING" --home "$CH_HOME"
        ;;
    execute)
        if [[ -n "${5:-}" ]]; then
            chain_execute "${3:?ADDR}" "${4:?JSON}" --from "${2:?KEY}" --amount "$5"
        else
            chain_execute "${3:?ADDR}" "${4:?JSON}" --from "${2:?KEY}"
        fi
        ;;
    balance)
        _chain_cfg
        "$CH_BIN" query bank balance "${2:?ADDR}" inj --node "$CH_NODE" -o json | jq -r '.balance.amount'
        ;;
    *) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
