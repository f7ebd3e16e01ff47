//! Execute handlers of the config and of model-id reservations (`launch` is `launch.rs`). Each
//! validates everything and checks authorization first, and writes only when every check has
//! passed, so a rejected message changes nothing.

use cosmwasm_std::{
    Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use modelfund::launchpad::{
    commitment as commitment_of, CodeIds, Fee, FeeUpdate, LaunchBounds, ReservationPeriods,
    MAX_COMMITMENTS_PER_ADDRESS,
};

use crate::error::ContractError;
use crate::state::{Commitment, Reservation, COMMITMENTS, CONFIG, MODELS, RESERVATIONS};
use crate::validate::{
    validate_bounds, validate_code_ids, validate_commitment, validate_fee, validate_periods,
    validate_reveal,
};

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
        .add_attribute("fee", Fee::attribute(config.fee.as_ref()))
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
    validate_commitment(&commitment)?;
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
    validate_reveal(&model_id, &nonce)?;
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
            expired_at: modelfund::display::time(&committed.expires_at).to_string(),
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
                expires_at: modelfund::display::time(&r.expires_at).to_string(),
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
