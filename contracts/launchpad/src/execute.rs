//! Execute handlers. Each validates everything and checks authorization first, and writes only
//! when every check has passed, so a rejected message changes nothing. A launch's sub-messages
//! run after the index is written; if any of them fails, the whole transaction (index included)
//! reverts.

use cosmwasm_std::{
    instantiate2_address, to_json_binary, Addr, BankMsg, Binary, CanonicalAddr, CosmosMsg, Deps,
    DepsMut, Env, MessageInfo, Reply, Response, SubMsg, WasmMsg,
};
use modelfund::access::PlanMsg;
use modelfund::governance::GovernanceParams;
use modelfund::launchpad::{
    salt, CodeIds, FeeUpdate, ModelLaunch, PredictedAddressesResponse, PresaleLaunch, SharesLaunch,
};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::contract::{validate_code_ids, validate_fee};
use crate::error::ContractError;
use crate::state::{LaunchRecord, CONFIG, MODELS, MODELS_BY_CREATOR};

/// Reply id of the last instantiate2 of a launch: checks the three predicted addresses.
pub const CHECK_ADDRESSES: u64 = 1;

/// The fields of `launch`.
pub struct LaunchArgs {
    pub model: ModelLaunch,
    pub presale: PresaleLaunch,
    pub shares: SharesLaunch,
    pub governance: GovernanceParams,
    pub plans: Vec<PlanMsg>,
    pub license_royalty_bps: u16,
}

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

fn instantiate2<T: serde::Serialize>(
    admin: &Addr,
    kind: &str,
    code_id: u64,
    model_id: &str,
    msg: &T,
) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Instantiate2 {
        admin: Some(admin.to_string()),
        code_id,
        label: format!("modelfund {kind} {model_id}"),
        msg: to_json_binary(msg)?,
        funds: vec![],
        salt: Binary::from(salt(kind, model_id).as_slice()),
    }
    .into())
}

pub fn launch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    args: LaunchArgs,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let fee_msg = match &config.fee {
        None => {
            cw_utils::nonpayable(&info)?;
            None
        }
        Some(fee) => {
            if info.funds.len() != 1 || info.funds[0] != fee.amount {
                return Err(ContractError::WrongFee {
                    expected: fee.amount.to_string(),
                });
            }
            Some(BankMsg::Send {
                to_address: fee.treasury.to_string(),
                amount: vec![fee.amount.clone()],
            })
        }
    };
    let model_id = args.model.token_id.clone();
    validate::identifier("model_id", &model_id, MAX_ID_LEN)?;
    if MODELS.has(deps.storage, &model_id) {
        return Err(ContractError::ModelExists { model_id });
    }
    let ids = &config.code_ids;
    let addrs = predict_all(deps.as_ref(), &env, ids, &model_id)?;
    let (shares, presale, dao) = (&addrs.shares, &addrs.presale, &addrs.governance);
    let creator = info.sender;

    // Everything else is checked by the contracts themselves; any failure reverts the launch.
    let shares_msg = modelfund::shares::InstantiateMsg {
        name: args.shares.name,
        symbol: args.shares.symbol,
        decimals: args.shares.decimals,
        initial_balances: vec![],
        mint: Some(cw20::MinterResponse {
            minter: presale.to_string(),
            cap: None,
        }),
        marketing: None,
        revenue: Some(modelfund::shares::RevenueInit {
            admin: Some(dao.to_string()),
            denoms: args.shares.revenue_denoms,
            splits: args.shares.splits,
        }),
    };
    let governance_msg = modelfund::governance::InstantiateMsg {
        shares: shares.to_string(),
        registry: Some(config.registry.to_string()),
        model_id: Some(model_id.clone()),
        access: Some(config.access.to_string()),
        params: args.governance,
        presale: Some(presale.to_string()),
        bounds: None,
    };
    let p = args.presale;
    let presale_msg = modelfund::presale::InstantiateMsg {
        denom: p.denom,
        price: p.price,
        soft_cap: p.soft_cap,
        hard_cap: p.hard_cap,
        start: p.start,
        end: p.end,
        min_per_address: p.min_per_address,
        max_per_address: p.max_per_address,
        treasury: dao.to_string(),
        creator: creator.to_string(),
        creator_allocation: p.creator_allocation,
        shares: shares.to_string(),
    };
    let royalty = (args.model.royalty_bps > 0).then(|| modelfund::registry::RoyaltyMsg {
        payment_address: shares.to_string(),
        share_bps: args.model.royalty_bps,
    });
    let mint = WasmMsg::Execute {
        contract_addr: config.registry.to_string(),
        msg: to_json_binary(&modelfund::registry::ExecuteMsg::Mint {
            token_id: model_id.clone(),
            owner: dao.to_string(),
            token_uri: args.model.token_uri,
            model: args.model.metadata,
            royalty,
        })?,
        funds: vec![],
    };
    let register = WasmMsg::Execute {
        contract_addr: config.access.to_string(),
        msg: to_json_binary(&modelfund::access::ExecuteMsg::RegisterModel {
            model_id: model_id.clone(),
            shares: shares.to_string(),
            license_royalty_bps: args.license_royalty_bps,
            plans: args.plans,
            presale: Some(presale.to_string()),
        })?,
        funds: vec![],
    };

    let record = LaunchRecord {
        creator: creator.clone(),
        shares: shares.clone(),
        presale: presale.clone(),
        governance: dao.clone(),
        registry: config.registry.clone(),
        access: config.access.clone(),
        launched_at: env.block.time,
        launched_height: env.block.height,
    };
    MODELS.save(deps.storage, &model_id, &record)?;
    MODELS_BY_CREATOR.save(deps.storage, (&creator, &model_id), &())?;

    // The DAO is the wasm admin of all three: it can migrate them through a proposal.
    let mut res = Response::new()
        .add_message(instantiate2(
            dao,
            "shares",
            ids.shares,
            &model_id,
            &shares_msg,
        )?)
        .add_message(instantiate2(
            dao,
            "governance",
            ids.governance,
            &model_id,
            &governance_msg,
        )?)
        .add_submessage(
            SubMsg::reply_on_success(
                instantiate2(dao, "presale", ids.presale, &model_id, &presale_msg)?,
                CHECK_ADDRESSES,
            )
            .with_payload(model_id.as_bytes().to_vec()),
        )
        .add_message(mint)
        .add_message(register);
    let fee = match fee_msg {
        Some(msg) => {
            res = res.add_message(msg);
            config
                .fee
                .map_or_else(String::new, |f| f.amount.to_string())
        }
        None => "none".to_string(),
    };
    Ok(res
        .add_attribute("action", "launch")
        .add_attribute("model_id", model_id)
        .add_attribute("creator", creator)
        .add_attribute("shares", record.shares)
        .add_attribute("presale", record.presale)
        .add_attribute("governance", record.governance)
        .add_attribute("fee", fee))
}

/// After the last instantiate2 of a launch: each of the three contracts exists at its predicted
/// address with the expected code, or the whole launch reverts (the predicted addresses went
/// into the other contracts' configuration, the NFT mint and the index). The reply's payload is
/// the model id.
pub fn check_addresses(deps: Deps, msg: Reply) -> Result<Response, ContractError> {
    let model_id = String::from_utf8(msg.payload.to_vec()).map_err(|_| {
        cosmwasm_std::StdError::generic_err("launch reply payload is not a model id")
    })?;
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

pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    owner: Option<String>,
    code_ids: Option<CodeIds>,
    fee: Option<FeeUpdate>,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut config = CONFIG.load(deps.storage)?;
    if info.sender != config.owner {
        return Err(ContractError::Unauthorized {});
    }
    if let Some(o) = owner {
        config.owner = deps.api.addr_validate(&o)?;
    }
    if let Some(ids) = code_ids {
        validate_code_ids(&ids)?;
        config.code_ids = ids;
    }
    match fee {
        Some(FeeUpdate::Set(f)) => config.fee = Some(validate_fee(deps.api, f)?),
        Some(FeeUpdate::Remove {}) => config.fee = None,
        None => {}
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("owner", config.owner)
        .add_attribute("shares_code_id", config.code_ids.shares.to_string())
        .add_attribute("presale_code_id", config.code_ids.presale.to_string())
        .add_attribute("governance_code_id", config.code_ids.governance.to_string())
        .add_attribute(
            "fee",
            config
                .fee
                .map_or("none".to_string(), |f| f.amount.to_string()),
        ))
}
