//! `launch`: validate (fee, id, reservation, bounds) → build (the predicted addresses, the
//! index record, the messages) → write (the index, the used reservation). Its sub-messages run
//! after the index is written; if any of them fails, the whole transaction (index included)
//! reverts.

use cosmwasm_std::{
    to_json_binary, Addr, BankMsg, Coin, CosmosMsg, DepsMut, Env, MessageInfo, Response, Storage,
    SubMsg, Timestamp, WasmMsg,
};
use modelfund::access::PlanMsg;
use modelfund::governance::GovernanceParams;
use modelfund::launchpad::{Fee, ModelLaunch, PresaleLaunch, SharesLaunch};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::addresses::{instantiate2, predict_all};
use crate::error::ContractError;
use crate::state::{Config, LaunchRecord, CONFIG, MODELS, MODELS_BY_CREATOR, RESERVATIONS};
use crate::validate::check_bounds;

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
    pub vetoer: Option<String>,
}

pub fn launch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    args: LaunchArgs,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let fee = launch_fee(&config, &info)?;
    let model_id = args.model.token_id.clone();
    validate::identifier("model_id", &model_id, MAX_ID_LEN)?;
    if MODELS.has(deps.storage, &model_id) {
        return Err(ContractError::ModelExists { model_id });
    }
    let creator = info.sender;
    let reservation = reservation_to_clear(deps.storage, &model_id, &creator, env.block.time)?;
    check_bounds(&config.bounds, &args.governance, &args.presale)?;
    let addrs = predict_all(deps.as_ref(), &env, &config.code_ids, &model_id)?;
    let record = LaunchRecord {
        creator: creator.clone(),
        shares: addrs.shares,
        presale: addrs.presale,
        governance: addrs.governance,
        registry: config.registry.clone(),
        access: config.access.clone(),
        launched_at: env.block.time,
        launched_height: env.block.height,
    };
    let res = launch_messages(&config, &model_id, &record, args)?;

    if reservation.is_some() {
        RESERVATIONS.remove(deps.storage, &model_id);
    }
    MODELS.save(deps.storage, &model_id, &record)?;
    MODELS_BY_CREATOR.save(deps.storage, (&creator, &model_id), &())?;
    let res = match &fee {
        Some(fee) => res.add_message(BankMsg::Send {
            to_address: fee.treasury.to_string(),
            amount: vec![fee.amount.clone()],
        }),
        None => res,
    };
    Ok(res
        .add_attribute("action", "launch")
        .add_attribute("model_id", model_id)
        .add_attribute("creator", creator)
        .add_attribute("shares", record.shares)
        .add_attribute("presale", record.presale)
        .add_attribute("governance", record.governance)
        .add_attribute("fee", Fee::attribute(fee.as_ref()))
        .add_attribute("reservation", reservation.unwrap_or("none")))
}

/// The configured launch fee, which must be attached exactly; without one, no funds.
fn launch_fee(
    config: &Config,
    info: &MessageInfo,
) -> Result<Option<modelfund::launchpad::Fee>, ContractError> {
    let Some(fee) = &config.fee else {
        modelfund::validate::no_funds(info)?;
        return Ok(None);
    };
    if info.funds != [fee.amount.clone()] {
        return Err(ContractError::WrongFee {
            expected: fee.amount.to_string(),
        });
    }
    Ok(Some(fee.clone()))
}

/// A reserved id: only its holder launches it, consuming the reservation (`consumed`); an
/// expired one is simply removed (`expired`). None: no reservation to clear.
fn reservation_to_clear(
    storage: &dyn Storage,
    model_id: &str,
    creator: &Addr,
    now: Timestamp,
) -> Result<Option<&'static str>, ContractError> {
    Ok(match RESERVATIONS.may_load(storage, model_id)? {
        Some(r) if r.expires_at > now && r.holder != *creator => {
            return Err(ContractError::ModelIdReserved {
                model_id: model_id.to_string(),
                holder: r.holder.into_string(),
                expires_at: modelfund::display::time(&r.expires_at).to_string(),
            });
        }
        Some(r) if r.expires_at > now => Some("consumed"),
        Some(_) => Some("expired"),
        None => None,
    })
}

/// The messages of a launch, in order: the three instantiate2 (the last one answered by the
/// address check), the model NFT mint to the DAO, the registration in access. Everything else
/// is checked by the contracts themselves; any failure reverts the launch.
fn launch_messages(
    config: &Config,
    model_id: &str,
    record: &LaunchRecord,
    args: LaunchArgs,
) -> Result<Response, ContractError> {
    let ids = &config.code_ids;
    let (shares, presale, dao) = (&record.shares, &record.presale, &record.governance);
    let governance = modelfund::governance::InstantiateMsg {
        shares: shares.to_string(),
        registry: Some(config.registry.to_string()),
        model_id: Some(model_id.to_string()),
        access: Some(config.access.to_string()),
        params: args.governance,
        presale: Some(presale.to_string()),
        bounds: Some(config.bounds.governance()),
        vetoer: args.vetoer,
    };
    let presale_msg = args.presale.into_instantiate(dao, &record.creator, shares);
    let register = modelfund::access::ExecuteMsg::RegisterModel {
        model_id: model_id.to_string(),
        shares: shares.to_string(),
        license_royalty_bps: args.license_royalty_bps,
        plans: args.plans,
        presale: Some(presale.to_string()),
    };
    Ok(Response::new()
        .add_message(instantiate2(
            dao,
            "shares",
            ids.shares,
            model_id,
            &args.shares.into_instantiate(presale, dao),
        )?)
        .add_message(instantiate2(
            dao,
            "governance",
            ids.governance,
            model_id,
            &governance,
        )?)
        .add_submessage(
            SubMsg::reply_on_success(
                instantiate2(dao, "presale", ids.presale, model_id, &presale_msg)?,
                CHECK_ADDRESSES,
            )
            .with_payload(model_id.as_bytes().to_vec()),
        )
        .add_message(wasm_execute(
            &config.registry,
            &args.model.into_mint(dao, shares),
        )?)
        .add_message(wasm_execute(&config.access, &register)?))
}

fn wasm_execute<T: serde::Serialize>(contract: &Addr, msg: &T) -> Result<CosmosMsg, ContractError> {
    Ok(WasmMsg::Execute {
        contract_addr: contract.to_string(),
        msg: to_json_binary(msg)?,
        funds: Vec::<Coin>::new(),
    }
    .into())
}
