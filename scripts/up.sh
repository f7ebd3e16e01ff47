#!/usr/bin/env bash
# The README's main command: build the optimized wasm, start the local injectived node,
# deploy the protocol and launch a demo model (registry NFT owned by its DAO, its shares and an
# open presale whose funds go to the DAO). Idempotent: a deployment whose contract still
# exists on the node with the same code checksum is reused; the demo model is minted once.
#
#   scripts/up.sh               # build + local node + deploy + demo model
#   scripts/up.sh --no-build    # reuse artifacts/
#
# The node keeps running afterwards (scripts/localnet.sh stop ends it). If a step fails after
# this command started the node, the node is stopped again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$MF_ROOT"

build=1
while (($#)); do
    case "$1" in
        --no-build) build=0 ;;
        --network)
            die "testnet deployment (--network) is not available yet: this version deploys to the local node only."
            ;;
        -h | --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (try --help)." ;;
    esac
    shift
done

ensure_apt jq curl
ensure_venv
(( build )) && scripts/build.sh
for c in registry shares presale governance access; do
    [[ -f "artifacts/$c.wasm" ]] || die "artifacts/$c.wasm is missing; run without --no-build."
done

started=0
if ! scripts/localnet.sh status >/dev/null 2>&1; then
    scripts/localnet.sh start >&2
    started=1
fi
cleanup() {
    local rc=$?
    if (( rc != 0 && started )); then
        log "a step failed; stopping the node this command started"
        scripts/localnet.sh stop >&2 || true
    fi
}
trap cleanup EXIT

eval "$(scripts/localnet.sh env)"
# shellcheck source=lib/chain.sh
source scripts/lib/chain.sh
deployment="$MF_ROOT/deployments/$MF_CHAIN_ID.json"
deployer="${MF_FROM:-validator}"
deployer_addr=$(addr_of "$deployer")

# reuse_contract NAME ARTIFACT -> address, when the recorded contract is live with this code
reuse_contract() {
    local name="$1" wasm="$2" addr code_id want have
    [[ -f "$deployment" ]] || return 1
    addr=$(jq -r --arg n "$name" '.contracts[$n].address // empty' "$deployment")
    [[ -n "$addr" ]] || return 1
    code_id=$("$INJECTIVED" query wasm contract "$addr" --node "$MF_NODE" -o json 2>/dev/null \
        | jq -r '.contract_info.code_id // empty') || return 1
    [[ -n "$code_id" ]] || return 1
    have=$("$INJECTIVED" query wasm code-info "$code_id" --node "$MF_NODE" -o json 2>/dev/null \
        | jq -r '.checksum // .data_hash // empty' | tr 'A-F' 'a-f')
    want=$(sha256sum "$wasm" | cut -d' ' -f1)
    [[ "$have" == "$want" ]] || return 1
    printf '%s\n' "$addr"
}

# contract NAME WASM LABEL INIT_JSON [fresh] -> address: reuse a live one with the same code
# (unless "fresh"), else store (once per checksum) and instantiate
contract() {
    local name="$1" wasm="$2" label="$3" init="$4" mode="${5:-}" addr code
    if [[ "$mode" != fresh ]] && addr=$(reuse_contract "$name" "$wasm"); then
        log "$name already deployed at $addr (same code); reusing it"
        printf '%s\n' "$addr"
        return 0
    fi
    code=$(jq -r --arg n "$(basename "$wasm" .wasm)" --arg sum "$(sha256sum "$wasm" | cut -d' ' -f1)" \
        '.codes[$n] | select(.checksum == $sum) | .code_id // empty' "$deployment" 2>/dev/null || true)
    if [[ -z "$code" ]] || ! "$INJECTIVED" query wasm code-info "$code" --node "$MF_NODE" >/dev/null 2>&1; then
        code=$(scripts/deploy.sh store "$(basename "$wasm" .wasm)" "$wasm")
    fi
    scripts/deploy.sh instantiate "$name" "$code" "$init" --label "$label" --admin "$deployer"
}

registry=$(contract registry artifacts/registry.wasm modelfund-registry \
    "$(jq -nc --arg o "$deployer_addr" '{name:"Modelfund models", symbol:"MODEL", owner:$o, minters:null, royalty_limits:null}')")

access=$(contract access artifacts/access.wasm modelfund-access \
    "$(jq -nc --arg r "$registry" --arg o "$deployer_addr" '{registry:$r, admin:$o, registrars:[$o],
        name:"Modelfund licenses", symbol:"MFLIC"}')")

token_id=demo-llm

# The demo model: its shares, its DAO (governance: owns the model NFT, receives the presale's
# funds) and an open presale. 1 INJ buys 1 share (6 decimals), soft cap 100 INJ, hard cap
# 200 INJ (two CLI contributions fill it, so the whole story can be tried at once), 7 days. The set is reused while its presale and DAO are live with this code.
if presale=$(reuse_contract demo_presale artifacts/presale.wasm) \
    && dao=$(reuse_contract demo_dao artifacts/governance.wasm) \
    && [[ "$(chain_query_smart "$presale" '{"config":{}}' | jq -r .treasury)" == "$dao" ]] \
    && shares=$(reuse_contract demo_shares artifacts/shares.wasm) \
    && [[ "$(chain_query_smart "$presale" '{"config":{}}' | jq -r .shares)" == "$shares" ]]; then
    log "demo presale $presale and DAO $dao already deployed; reusing them"
else
    shares=$(contract demo_shares artifacts/shares.wasm demo-llm-shares \
        "$(jq -nc --arg o "$deployer_addr" '{name:"Demo LLM shares", symbol:"DEMO", decimals:6, initial_balances:[],
            mint:{minter:$o, cap:null}, marketing:null, revenue:{admin:$o, denoms:["inj"], splits:[]}}')" fresh)
    dao=$(contract demo_dao artifacts/governance.wasm demo-llm-dao \
        "$(jq -nc --arg s "$shares" --arg r "$registry" --arg a "$access" --arg id "$token_id" '{shares:$s, registry:$r, model_id:$id, access:$a,
            params:{voting_period_seconds:600, quorum:"0.2", threshold:"0.5", timelock_seconds:60,
                    deposit:{denom:"inj", amount:"1000000000000000000"}, min_propose_power:"1000000", max_actions:10}}')" fresh)
    now=$(curl -fsS "${MF_RPC_URL}/status" | jq -r .result.sync_info.latest_block_time)
    now_s=$(date -d "$now" +%s)
    start_ns=$(( (now_s + 10) * 1000000000 ))
    end_ns=$(( (now_s + 7 * 86400) * 1000000000 ))
    presale=$(contract demo_presale artifacts/presale.wasm demo-llm-presale \
        "$(jq -nc --arg o "$deployer_addr" --arg s "$shares" --arg d "$dao" --arg start_ns "$start_ns" --arg end_ns "$end_ns" '{
            denom:"inj", price:"1000000000000", soft_cap:"100000000000000000000", hard_cap:"200000000000000000000",
            start:$start_ns, "end":$end_ns, min_per_address:"100000000000000000", max_per_address:"200000000000000000000",
            treasury:$d, creator:$o, creator_allocation:"10000000", shares:$s}')" fresh)
    # revenue splits and denoms are the DAO's to change from now on
    MF_FROM="$deployer" chain_execute "$shares" "{\"update_revenue_admin\":{\"admin\":\"$dao\"}}" >/dev/null
fi

# the model NFT belongs to the DAO: mint it there, or hand over one an earlier run minted
owner=$(chain_query_smart "$registry" "{\"owner_of\":{\"token_id\":\"$token_id\"}}" 2>/dev/null | jq -r '.owner // empty' || true)
if [[ -z "$owner" ]]; then
    mint_msg=$(jq -nc --arg d "$dao" --arg id "$token_id" '{mint:{
        token_id:$id, owner:$d, token_uri:null,
        model:{name:"Demo LLM", description:"A small demo language model tokenized with Modelfund",
               content_hash:"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               storage_uri:"ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
               license:{id:"apache-2.0", uri:"https://www.apache.org/licenses/LICENSE-2.0"},
               version:"v1.0.0", notes:"demo release"},
        royalty:{payment_address:$d, share_bps:500}}}')
    tx=$(MF_FROM="$deployer" chain_execute "$registry" "$mint_msg")
    mint_hash=$(tx_hash "$tx")
    jq --arg h "$mint_hash" --arg id "$token_id" '.demo.token_id = $id | .demo.mint_tx = $h' "$deployment" \
        > "$deployment.tmp" && mv "$deployment.tmp" "$deployment"
elif [[ "$owner" == "$deployer_addr" ]]; then
    MF_FROM="$deployer" chain_execute "$registry" \
        "{\"transfer_nft\":{\"recipient\":\"$dao\",\"token_id\":\"$token_id\"}}" >/dev/null
    log "demo model $token_id handed over to its DAO"
    mint_hash=$(jq -r '.demo.mint_tx // "(minted earlier)"' "$deployment")
else
    log "demo model $token_id already minted (owner $owner)"
    mint_hash=$(jq -r '.demo.mint_tx // "(minted earlier)"' "$deployment")
fi
registered=$(chain_query_smart "$access" "{\"model\":{\"model_id\":\"$token_id\"}}" 2>/dev/null | jq -r '.shares // empty' || true)
if [[ -z "$registered" ]]; then
    MF_FROM="$deployer" chain_execute "$access" \
        "{\"register_model\":{\"model_id\":\"$token_id\",\"shares\":\"$shares\",\"license_royalty_bps\":500}}" >/dev/null
    log "demo model registered in access"
fi
minter=$(chain_query_smart "$shares" '{"minter":{}}' | jq -r '.minter // empty')
if [[ "$minter" != "$presale" ]]; then
    MF_FROM="$deployer" chain_execute "$shares" "{\"update_minter\":{\"new_minter\":\"$presale\"}}" >/dev/null
    log "the demo presale is now the minter of its shares"
fi

store_hash=$(jq -r '.codes.registry.tx_hash // "-"' "$deployment")
inst_hash=$(jq -r '.contracts.registry.tx_hash // "-"' "$deployment")
code_id=$(jq -r '.codes.registry.code_id // "-"' "$deployment")
cat <<TXT

Modelfund is up on the local node ($MF_CHAIN_ID, $MF_NODE).
  registry        $registry   (code id $code_id)
  demo model      $token_id (owner: its DAO)
  demo shares     $shares   (cw20 DEMO)
  demo presale    $presale   (1 INJ = 1 DEMO, soft cap 100 INJ, hard cap 200 INJ, 7 days)
  demo DAO        $dao   (treasury + model owner; 10 min votes, 60 s timelock, 1 INJ deposit)
  access          $access   (usage credits, leases, gateways)
  tx hashes       store $store_hash
                  instantiate $inst_hash
                  mint $mint_hash
  deployment      ${deployment#"$MF_ROOT/"}

What to try next (the whole story, from the CLI):
  eval "\$(scripts/localnet.sh env)"
  TX="--keyring-backend test --home \$MF_HOME --chain-id \$MF_CHAIN_ID --node \$MF_NODE --gas auto --gas-adjustment 1.4 --gas-prices \$MF_GAS_PRICES -y"
  Q="--node \$MF_NODE -o json"
  # back the model: 150 + 50 INJ fill the hard cap, so it settles at once
  \$INJECTIVED tx wasm execute $presale '{"contribute":{}}' --amount 150000000000000000000inj --from alice \$TX
  \$INJECTIVED tx wasm execute $presale '{"contribute":{}}' --amount 50000000000000000000inj --from bob \$TX
  \$INJECTIVED tx wasm execute $presale '{"finalize":{}}' --from carol \$TX
  \$INJECTIVED tx wasm execute $presale '{"claim":{}}' --from alice \$TX
  \$INJECTIVED query wasm contract-state smart $dao '{"treasury":{}}' \$Q
  # govern it: publish v1.1.0, price usage (1 INJ per 100 calls), approve the gateway key, in one proposal
  \$INJECTIVED tx wasm execute $dao '{"propose":{"title":"v1.1.0 and pricing","description":"fine-tuned; open usage","actions":[{"publish_model_version":{"version":"v1.1.0","content_hash":"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752","uri":"ar://demo-llm-v1.1","notes":"fine-tuned"}},{"set_pricing_plan":{"plan":{"plan_id":"pack-100","price":{"denom":"inj","amount":"1000000000000000000"},"kind":{"credits":{"calls_per_pack":100}}}}},{"approve_gateway":{"gateway":"'\$(\$INJECTIVED keys show gateway -a --keyring-backend test --home \$MF_HOME)'"}}]}}' --amount 1000000000000000000inj --from alice \$TX
  \$INJECTIVED tx wasm execute $dao '{"vote":{"proposal_id":1,"vote":"yes"}}' --from alice \$TX
  \$INJECTIVED query wasm contract-state smart $dao '{"proposal":{"proposal_id":1}}' \$Q
  \$INJECTIVED tx wasm execute $dao '{"execute":{"proposal_id":1}}' --from carol \$TX
  \$INJECTIVED query wasm contract-state smart $registry '{"versions":{"token_id":"$token_id"}}' \$Q
  # use it: carol buys 2 packs and grants the gateway 150 calls; the gateway meters a request
  \$INJECTIVED tx wasm execute $access '{"buy_credits":{"model_id":"$token_id","plan_id":"pack-100","packs":2,"grant":{"gateway":"'\$(\$INJECTIVED keys show gateway -a --keyring-backend test --home \$MF_HOME)'","calls":150}}}' --amount 2000000000000000000inj --from carol \$TX
  \$INJECTIVED tx wasm execute $access '{"consume":{"model_id":"$token_id","user":"'\$(\$INJECTIVED keys show carol -a --keyring-backend test --home \$MF_HOME)'","calls":40,"request_id":"req-0001","license_id":null}}' --from gateway \$TX
  # earn: the 2 INJ went to the holders; alice claims her share
  \$INJECTIVED query wasm contract-state smart $shares '{"claimable_revenue":{"address":"'\$(\$INJECTIVED keys show alice -a --keyring-backend test --home \$MF_HOME)'"}}' \$Q
  \$INJECTIVED tx wasm execute $shares '{"claim_revenue":{}}' --from alice \$TX
  scripts/localnet.sh stop        # when you are done
TXT
