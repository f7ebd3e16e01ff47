//! Execute handlers. Each validates everything and checks authorization first, and writes only
//! when every check has passed, so a rejected message changes nothing. A launch's sub-messages
//! run after the index is written; if any of them fails, the whole transaction (index included)
//! reverts.

use cosmwasm_std::{
    instantiate2_address, to_json_binary, Addr, BankMsg, Binary, CanonicalAddr, CosmosMsg, Decimal,
    Deps, DepsMut, Env, MessageInfo, Order, Reply, Response, StdResult, Storage, SubMsg, Timestamp,
    Uint128, WasmMsg,
};
use modelfund::access::PlanMsg;
use modelfund::governance::GovernanceParams;
use modelfund::launchpad::{
    commitment as commitment_of, salt, CodeIds, FeeUpdate, LaunchBounds, ModelLaunch,
    PredictedAddressesResponse, PresaleLaunch, ReservationPeriods, SharesLaunch,
    MAX_COMMITMENTS_PER_ADDRESS, MAX_NONCE_LEN, MIN_NONCE_LEN,
};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::contract::{validate_bounds, validate_code_ids, validate_fee, validate_periods};
use crate::error::ContractError;
use crate::state::{
    Commitment, LaunchRecord, Reservation, COMMITMENTS, CONFIG, MODELS, MODELS_BY_CREATOR,
    RESERVATIONS,
};

/// Reply id of the last instantiate2 of a launch: checks the three predicted addresses.
pub const CHECK_ADDRESSES: u64 = 1;

const NANOS_PER_SECOND: u64 = 1_000_000_000;

fn overflow(what: &str) -> ContractError {
    ContractError::Overflow {
        what: what.to_string(),
    }
}

/// `now` plus `seconds`, checked.
fn after(now: Timestamp, seconds: u64) -> Result<Timestamp, ContractError> {
    seconds
        .checked_mul(NANOS_PER_SECOND)
        .and_then(|d| now.nanos().checked_add(d))
        .map(Timestamp::from_nanos)
        .ok_or_else(|| overflow("expiry"))
}

fn check_range(field: &str, value: u64, min: u64, max: u64) -> Result<(), ContractError> {
    if value < min {
        return Err(ContractError::BelowMin {
            field: field.to_string(),
            value: value.to_string(),
            min: min.to_string(),
        });
    }
    if value > max {
        return Err(ContractError::AboveMax {
            field: field.to_string(),
            value: value.to_string(),
            max: max.to_string(),
        });
    }
    Ok(())
}

fn check_min(field: &str, value: Decimal, min: Decimal) -> Result<(), ContractError> {
    if value < min {
        return Err(ContractError::BelowMin {
            field: field.to_string(),
            value: value.to_string(),
            min: min.to_string(),
        });
    }
    Ok(())
}

/// A launch's governance and presale parameters against the protocol's bounds, and the rule
/// that protects backers whatever the bounds: the creator's largest possible share of the supply
/// (the allocation over the supply at the soft cap, `soft_cap / price + allocation`) stays within
/// `max_creator_allocation_bps` and strictly below the quorum, so the creator alone can never
/// reach quorum. The supply at the soft cap is rounded down (backers get `floor(contribution /
/// price)` shares), which only makes the creator's share look larger.
pub fn check_bounds(
    b: &LaunchBounds,
    gov: &GovernanceParams,
    presale: &PresaleLaunch,
) -> Result<(), ContractError> {
    check_range(
        "governance.voting_period_seconds",
        gov.voting_period_seconds,
        b.min_voting_period_seconds,
        b.max_voting_period_seconds,
    )?;
    check_range(
        "governance.timelock_seconds",
        gov.timelock_seconds,
        b.min_timelock_seconds,
        b.max_timelock_seconds,
    )?;
    check_min("governance.quorum", gov.quorum, b.min_quorum)?;
    check_min("governance.threshold", gov.threshold, b.min_threshold)?;
    // the presale refuses an end before its start itself
    let window = presale
        .end
        .seconds()
        .saturating_sub(presale.start.seconds());
    check_range(
        "presale.end - presale.start",
        window,
        0,
        b.max_presale_seconds,
    )?;
    if presale.price.is_zero() {
        return Err(ContractError::BelowMin {
            field: "presale.price".into(),
            value: "0".into(),
            min: "1".into(),
        });
    }
    let allocation = presale.creator_allocation;
    let supply = presale
        .soft_cap
        .checked_div(presale.price)
        .map_err(|_| overflow("supply at the soft cap"))?
        .checked_add(allocation)
        .map_err(|_| overflow("supply at the soft cap"))?;
    if supply.is_zero() {
        return Err(ContractError::BelowMin {
            field: "presale.soft_cap".into(),
            value: presale.soft_cap.to_string(),
            min: presale.price.to_string(),
        });
    }
    // allocation / supply <= max_bps / 10000, in integers
    if allocation.full_mul(10_000u128) > supply.full_mul(u128::from(b.max_creator_allocation_bps)) {
        return Err(ContractError::CreatorAllocationTooLarge {
            allocation: allocation.to_string(),
            supply: supply.to_string(),
            max_bps: b.max_creator_allocation_bps,
        });
    }
    // quorum > allocation / supply, exactly: quorum.atomics * supply > allocation * 10^18
    let quorum_part = gov.quorum.atomics().full_mul(supply);
    let creator_part = allocation.full_mul(Uint128::new(10u128.pow(Decimal::DECIMAL_PLACES)));
    if quorum_part <= creator_part {
        let fraction = Decimal::checked_from_ratio(allocation, supply)
            .map_or_else(|_| format!("{allocation}/{supply}"), |d| d.to_string());
        return Err(ContractError::QuorumReachableByCreator {
            quorum: gov.quorum.to_string(),
            creator_fraction: fraction,
        });
    }
    Ok(())
}

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
    let creator = info.sender;
    // a reserved id: only its holder launches it, consuming the reservation; an expired one
    // is simply removed
    let reservation = match RESERVATIONS.may_load(deps.storage, &model_id)? {
        Some(r) if r.expires_at > env.block.time && r.holder != creator => {
            return Err(ContractError::ModelIdReserved {
                model_id,
                holder: r.holder.into_string(),
                expires_at: r.expires_at.to_string(),
            });
        }
        Some(r) => {
            RESERVATIONS.remove(deps.storage, &model_id);
            if r.expires_at > env.block.time {
                "consumed"
            } else {
                "expired"
            }
        }
        None => "none",
    };
    check_bounds(&config.bounds, &args.governance, &args.presale)?;
    let ids = &config.code_ids;
    let addrs = predict_all(deps.as_ref(), &env, ids, &model_id)?;
    let (shares, presale, dao) = (&addrs.shares, &addrs.presale, &addrs.governance);

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
        bounds: Some(config.bounds.governance()),
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
        .add_attribute("fee", fee)
        .add_attribute("reservation", reservation))
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

/// The fields of `update_config`.
pub struct ConfigUpdate {
    pub owner: Option<String>,
    pub code_ids: Option<CodeIds>,
    pub fee: Option<FeeUpdate>,
    pub bounds: Option<LaunchBounds>,
    pub reservation_periods: Option<ReservationPeriods>,
}

pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    update: ConfigUpdate,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let mut config = CONFIG.load(deps.storage)?;
    if info.sender != config.owner {
        return Err(ContractError::Unauthorized {});
    }
    if let Some(o) = update.owner {
        config.owner = deps.api.addr_validate(&o)?;
    }
    if let Some(ids) = update.code_ids {
        validate_code_ids(&ids)?;
        config.code_ids = ids;
    }
    match update.fee {
        Some(FeeUpdate::Set(f)) => config.fee = Some(validate_fee(deps.api, f)?),
        Some(FeeUpdate::Remove {}) => config.fee = None,
        None => {}
    }
    let bounds_changed = update.bounds.is_some();
    if let Some(bounds) = update.bounds {
        validate_bounds(&bounds)?;
        config.bounds = bounds;
    }
    if let Some(periods) = update.reservation_periods {
        validate_periods(&periods)?;
        config.reservation_periods = periods;
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
        )
        .add_attribute("bounds_changed", bounds_changed.to_string())
        .add_attribute(
            "commitment_seconds",
            config.reservation_periods.commitment_seconds.to_string(),
        )
        .add_attribute(
            "reservation_seconds",
            config.reservation_periods.reservation_seconds.to_string(),
        ))
}

/// Removes the sender's expired commitments and answers how many unexpired ones remain.
/// Bounded: a committer never holds more than `MAX_COMMITMENTS_PER_ADDRESS`.
fn prune_commitments(
    storage: &mut dyn Storage,
    committer: &Addr,
    now: Timestamp,
) -> Result<u32, ContractError> {
    let held = COMMITMENTS
        .prefix(committer)
        .range(storage, None, None, Order::Ascending)
        .take(MAX_COMMITMENTS_PER_ADDRESS as usize + 1)
        .collect::<StdResult<Vec<_>>>()?;
    let mut live: u32 = 0;
    for (commitment, c) in held {
        if c.expires_at <= now {
            COMMITMENTS.remove(storage, (committer, &commitment));
        } else {
            live = live.saturating_add(1);
        }
    }
    Ok(live)
}

pub fn commit_model_id(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    commitment: String,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    if commitment.len() != 64
        || !commitment
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(ContractError::InvalidCommitment {
            reason: "must be a sha256 digest: 64 lowercase hex characters".into(),
        });
    }
    let config = CONFIG.load(deps.storage)?;
    let committer = info.sender;
    let live = prune_commitments(deps.storage, &committer, env.block.time)?;
    if COMMITMENTS.has(deps.storage, (&committer, &commitment)) {
        return Err(ContractError::CommitmentExists {});
    }
    if live >= MAX_COMMITMENTS_PER_ADDRESS {
        return Err(ContractError::TooManyCommitments {
            max: MAX_COMMITMENTS_PER_ADDRESS,
        });
    }
    let expires_at = after(
        env.block.time,
        config.reservation_periods.commitment_seconds,
    )?;
    COMMITMENTS.save(
        deps.storage,
        (&committer, &commitment),
        &Commitment {
            height: env.block.height,
            expires_at,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "commit_model_id")
        .add_attribute("committer", committer)
        .add_attribute("commitment", commitment)
        .add_attribute("height", env.block.height.to_string())
        .add_attribute("expires_at", expires_at.to_string()))
}

pub fn reserve_model_id(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    nonce: String,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    validate::identifier("model_id", &model_id, MAX_ID_LEN)?;
    validate::identifier("nonce", &nonce, MAX_NONCE_LEN)?;
    if nonce.len() < MIN_NONCE_LEN {
        return Err(ContractError::InvalidCommitment {
            reason: format!("the nonce must be at least {MIN_NONCE_LEN} characters"),
        });
    }
    let holder = info.sender;
    let commitment = commitment_of(holder.as_str(), &model_id, &nonce);
    let committed = COMMITMENTS
        .may_load(deps.storage, (&holder, &commitment))?
        .ok_or_else(|| ContractError::CommitmentNotFound {
            model_id: model_id.clone(),
        })?;
    if committed.height >= env.block.height {
        return Err(ContractError::CommitmentTooRecent {
            height: committed.height,
        });
    }
    if committed.expires_at <= env.block.time {
        return Err(ContractError::CommitmentExpired {
            expired_at: committed.expires_at.to_string(),
        });
    }
    if MODELS.has(deps.storage, &model_id) {
        return Err(ContractError::ModelExists { model_id });
    }
    if let Some(r) = RESERVATIONS.may_load(deps.storage, &model_id)? {
        if r.expires_at > env.block.time && r.holder != holder {
            return Err(ContractError::ModelIdReserved {
                model_id,
                holder: r.holder.into_string(),
                expires_at: r.expires_at.to_string(),
            });
        }
    }
    let config = CONFIG.load(deps.storage)?;
    let expires_at = after(
        env.block.time,
        config.reservation_periods.reservation_seconds,
    )?;
    COMMITMENTS.remove(deps.storage, (&holder, &commitment));
    RESERVATIONS.save(
        deps.storage,
        &model_id,
        &Reservation {
            holder: holder.clone(),
            expires_at,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "reserve_model_id")
        .add_attribute("model_id", model_id)
        .add_attribute("holder", holder)
        .add_attribute("commitment", commitment)
        .add_attribute("expires_at", expires_at.to_string()))
}

pub fn release_model_id(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    let reservation = RESERVATIONS
        .may_load(deps.storage, &model_id)?
        .filter(|r| r.expires_at > env.block.time)
        .ok_or_else(|| ContractError::NoReservation {
            model_id: model_id.clone(),
        })?;
    if reservation.holder != info.sender {
        return Err(ContractError::NotReservationHolder { model_id });
    }
    RESERVATIONS.remove(deps.storage, &model_id);
    Ok(Response::new()
        .add_attribute("action", "release_model_id")
        .add_attribute("model_id", model_id)
        .add_attribute("holder", info.sender))
}
