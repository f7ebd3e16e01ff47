#!/usr/bin/env bash
# The README's main command: build the optimized wasm, start the local injectived node,
# deploy the protocol and launch a demo model. Idempotent: a deployment whose contract still
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
[[ -f artifacts/registry.wasm ]] || die "artifacts/registry.wasm is missing; run without --no-build."

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

if registry=$(reuse_contract registry artifacts/registry.wasm); then
    log "registry already deployed at $registry (same code); reusing it"
else
    scripts/deploy.sh store registry artifacts/registry.wasm >/dev/null
    registry=$(scripts/deploy.sh instantiate registry registry \
        "$(jq -nc --arg o "$deployer_addr" '{name:"Modelfund models", symbol:"MODEL", owner:$o, minters:null, royalty_limits:null}')" \
        --label modelfund-registry --admin "$deployer")
fi

token_id=demo-llm
if chain_query_smart "$registry" "{\"model\":{\"token_id\":\"$token_id\"}}" >/dev/null 2>&1; then
    log "demo model $token_id already minted"
    mint_hash="(minted earlier)"
else
    mint_msg=$(jq -nc --arg o "$deployer_addr" --arg id "$token_id" '{mint:{
        token_id:$id, owner:$o, token_uri:null,
        model:{name:"Demo LLM", description:"A small demo language model tokenized with Modelfund",
               content_hash:"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
               storage_uri:"ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
               license:{id:"apache-2.0", uri:"https://www.apache.org/licenses/LICENSE-2.0"},
               version:"v1.0.0", notes:"demo release"},
        royalty:{payment_address:$o, share_bps:500}}}')
    tx=$(MF_FROM="$deployer" chain_execute "$registry" "$mint_msg")
    mint_hash=$(tx_hash "$tx")
    jq --arg h "$mint_hash" --arg id "$token_id" '.demo = {token_id:$id, mint_tx:$h}' "$deployment" > "$deployment.tmp" \
        && mv "$deployment.tmp" "$deployment"
fi

store_hash=$(jq -r '.codes.registry.tx_hash // "-"' "$deployment")
inst_hash=$(jq -r '.contracts.registry.tx_hash // "-"' "$deployment")
code_id=$(jq -r '.codes.registry.code_id // "-"' "$deployment")
cat <<TXT

Modelfund is up on the local node ($MF_CHAIN_ID, $MF_NODE).
  registry        $registry   (code id $code_id)
  demo model      $token_id (owner $deployer = $deployer_addr)
  tx hashes       store $store_hash
                  instantiate $inst_hash
                  mint $mint_hash
  deployment      ${deployment#"$MF_ROOT/"}

What to try next:
  eval "\$(scripts/localnet.sh env)"
  \$INJECTIVED query wasm contract-state smart $registry '{"model":{"token_id":"$token_id"}}' --node \$MF_NODE
  \$INJECTIVED tx wasm execute $registry '{"publish_version":{"token_id":"$token_id","version":"v1.1.0","content_hash":"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752","uri":"ar://demo-llm-v1.1","notes":"fine-tuned"}}' \\
      --from $deployer --keyring-backend test --home \$MF_HOME --chain-id \$MF_CHAIN_ID --node \$MF_NODE --gas auto --gas-adjustment 1.4 --gas-prices \$MF_GAS_PRICES -y
  \$INJECTIVED query wasm contract-state smart $registry '{"versions":{"token_id":"$token_id"}}' --node \$MF_NODE
  scripts/localnet.sh stop        # when you are done
TXT
