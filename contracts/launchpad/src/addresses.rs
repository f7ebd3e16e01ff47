//! The addresses of a model's per-model contracts: predicted before a launch with
//! `instantiate2_address`, and verified after its last instantiate2 (see the module docs of
//! `modelfund::launchpad` and docs/architecture.md, "Address length").

use cosmwasm_std::{
    instantiate2_address, to_json_binary, Addr, Binary, CanonicalAddr, CosmosMsg, Deps, Env, Reply,
    Response, StdError, WasmMsg,
};
use modelfund::launchpad::{salt, CodeIds, PredictedAddressesResponse};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::error::ContractError;
use crate::state::{CONFIG, MODELS};

/// The address `code_id` gets when the launchpad instantiates it with `salt(kind, model_id)`.
///
/// Chains with contract addresses shorter than instantiate2's 32-byte hash keep its first bytes:
/// Injective's are 20 bytes (EVM-style), like the launchpad's own address. The launchpad's own
/// address length tells which rule the chain follows; `launch` verifies the result on chain.
fn predict(
    deps: Deps,
    env: &Env,
    kind: &str,
    code_id: u64,
    model_id: &str,
) -> Result<Addr, ContractError> {
    let info =
        deps.querier
            .query_wasm_code_info(code_id)
            .map_err(|_| ContractError::CodeNotFound {
                kind: kind.to_string(),
                code_id,
            })?;
    let creator = deps.api.addr_canonicalize(env.contract.address.as_str())?;
    let hash = instantiate2_address(
        info.checksum.as_slice(),
        &creator,
        salt(kind, model_id).as_slice(),
    )?;
    let canonical = match hash.as_slice().get(..creator.len()) {
        Some(prefix) if creator.len() < hash.len() => CanonicalAddr::from(prefix),
        _ => hash,
    };
    Ok(deps.api.addr_humanize(&canonical)?)
}

/// The three addresses a launch of `model_id` gives its contracts, with the current code ids.
pub fn predict_all(
    deps: Deps,
    env: &Env,
    ids: &CodeIds,
    model_id: &str,
) -> Result<PredictedAddressesResponse, ContractError> {
    validate::identifier("model_id", model_id, MAX_ID_LEN)?;
    Ok(PredictedAddressesResponse {
        shares: predict(deps, env, "shares", ids.shares, model_id)?,
        presale: predict(deps, env, "presale", ids.presale, model_id)?,
        governance: predict(deps, env, "governance", ids.governance, model_id)?,
    })
}

/// The instantiate2 of a model's `kind` contract, with the DAO as its wasm admin (so it can
/// migrate it through a proposal).
pub fn instantiate2<T: serde::Serialize>(
    dao: &Addr,
    kind: &str,
    code_id: u64,
    model_id: &str,
    msg: &T,
) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Instantiate2 {
        admin: Some(dao.to_string()),
        code_id,
        label: format!("modelfund {kind} {model_id}"),
        msg: to_json_binary(msg)?,
        funds: vec![],
        salt: Binary::from(salt(kind, model_id).as_slice()),
    }
    .into())
}

/// After the last instantiate2 of a launch: each of the three contracts exists at its predicted
/// address with the expected code, or the whole launch reverts (the predicted addresses went
/// into the other contracts' configuration, the NFT mint and the index). The reply's payload is
/// the model id.
pub fn check_addresses(deps: Deps, msg: Reply) -> Result<Response, ContractError> {
    let model_id = String::from_utf8(msg.payload.to_vec())
        .map_err(|_| StdError::generic_err("launch reply payload is not a model id"))?;
    let record = MODELS.load(deps.storage, &model_id)?;
    let ids = CONFIG.load(deps.storage)?.code_ids;
    for (kind, address, code_id) in [
        ("shares", &record.shares, ids.shares),
        ("governance", &record.governance, ids.governance),
        ("presale", &record.presale, ids.presale),
    ] {
        let found = deps.querier.query_wasm_contract_info(address).ok();
        if found.map(|c| c.code_id) != Some(code_id) {
            return Err(ContractError::AddressMismatch {
                kind: kind.to_string(),
                address: address.to_string(),
            });
        }
    }
    Ok(Response::new())
}
