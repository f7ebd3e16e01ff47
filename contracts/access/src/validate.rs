//! Input checks of instantiate and the handlers: plans, grants, payments, request ids. Each
//! returns a typed error before anything is written.

use cosmwasm_std::{Addr, Api, Binary, Coin, MessageInfo};
use modelfund::access::{
    GrantMsg, PlanKind, PlanMsg, MAX_CONSUME_BATCH, MAX_PLANS, MAX_PLAN_ID_LEN, MAX_REGISTRARS,
    MAX_REQUEST_ID_LEN, MAX_TERMS_NOTES_LEN, SESSION_KEY_LEN,
};
use modelfund::validate;

use crate::error::ContractError;

/// Longest lease: 100 years (keeps `expires_at` far inside the timestamp range).
pub const MAX_LEASE_SECONDS: u64 = 100 * 365 * 86_400;

fn zero(field: &str) -> ContractError {
    ContractError::Zero {
        field: field.to_string(),
    }
}

/// The registrars of instantiate: at most `MAX_REGISTRARS` valid addresses.
pub fn registrars(api: &dyn Api, registrars: &[String]) -> Result<Vec<Addr>, ContractError> {
    if registrars.len() > MAX_REGISTRARS as usize {
        return Err(ContractError::TooManyRegistrars {
            max: MAX_REGISTRARS,
        });
    }
    Ok(registrars
        .iter()
        .map(|r| api.addr_validate(r))
        .collect::<Result<Vec<_>, _>>()?)
}

/// A plan: a valid id, a non-zero price in a valid denom, a non-zero pack or lease within the
/// limits.
pub fn validate_plan(plan: &PlanMsg) -> Result<(), ContractError> {
    validate::identifier("plan_id", &plan.plan_id, MAX_PLAN_ID_LEN)?;
    validate::denom(&plan.price.denom).map_err(|e| ContractError::InvalidPlan {
        reason: e.to_string(),
    })?;
    if plan.price.amount.is_zero() {
        return Err(zero("price"));
    }
    match &plan.kind {
        PlanKind::Credits { calls_per_pack } => {
            if *calls_per_pack == 0 {
                return Err(zero("calls_per_pack"));
            }
        }
        PlanKind::Lease {
            duration_seconds,
            call_cap,
            terms,
        } => {
            if *duration_seconds == 0 {
                return Err(zero("duration_seconds"));
            }
            if *duration_seconds > MAX_LEASE_SECONDS {
                return Err(ContractError::InvalidPlan {
                    reason: format!("lease longer than {MAX_LEASE_SECONDS} seconds"),
                });
            }
            if *call_cap == 0 {
                return Err(zero("call_cap"));
            }
            if let Some(notes) = &terms.notes {
                validate::text("terms notes", notes, MAX_TERMS_NOTES_LEN, false)?;
            }
        }
        // the price (non-zero, checked above) is per unit; nothing else to check
        PlanKind::Metered { .. } => {}
    }
    Ok(())
}

/// The plans of a registration: at most `MAX_PLANS`, each valid, no plan id twice.
pub fn validate_plans(plans: &[PlanMsg]) -> Result<(), ContractError> {
    if plans.len() > MAX_PLANS as usize {
        return Err(ContractError::TooManyPlans { max: MAX_PLANS });
    }
    for (i, plan) in plans.iter().enumerate() {
        validate_plan(plan)?;
        if plans[..i].iter().any(|p| p.plan_id == plan.plan_id) {
            return Err(ContractError::InvalidPlan {
                reason: format!("plan id {} appears twice", plan.plan_id),
            });
        }
    }
    Ok(())
}

/// A validated grant: the gateway, the cap and the session key.
pub struct Grant {
    pub gateway: Addr,
    pub calls: u64,
    pub session_key: Option<Binary>,
}

/// A grant: a valid gateway, a non-zero cap of calls, and a session key (if any) of 33 bytes
/// starting with 02 or 03 (the compressed secp256k1 shape; whether it is a point on the curve
/// is the gateway's business, which then fails to verify with it).
pub fn validate_grant(api: &dyn Api, grant: GrantMsg) -> Result<Grant, ContractError> {
    let gateway = api.addr_validate(&grant.gateway)?;
    if grant.calls == 0 {
        return Err(zero("calls"));
    }
    if let Some(key) = &grant.session_key {
        if key.len() != SESSION_KEY_LEN || !matches!(key.as_slice().first(), Some(2 | 3)) {
            return Err(ContractError::InvalidSessionKey {
                expected: SESSION_KEY_LEN,
            });
        }
    }
    Ok(Grant {
        gateway,
        calls: grant.calls,
        session_key: grant.session_key,
    })
}

/// The size of a `consume_batch`: 1 to `MAX_CONSUME_BATCH` usages.
pub fn validate_batch_size(len: usize) -> Result<(), ContractError> {
    if len == 0 || len > MAX_CONSUME_BATCH as usize {
        return Err(ContractError::BatchSize {
            max: MAX_CONSUME_BATCH,
            got: len as u64,
        });
    }
    Ok(())
}

/// The calls and request id of a `consume`: non-zero calls, a valid request id.
pub fn validate_usage(calls: u64, request_id: &str) -> Result<(), ContractError> {
    if calls == 0 {
        return Err(zero("calls"));
    }
    validate::identifier("request_id", request_id, MAX_REQUEST_ID_LEN)?;
    Ok(())
}

/// Exactly `expected` (one coin) attached.
pub fn exact_payment(info: &MessageInfo, expected: &Coin) -> Result<(), ContractError> {
    match info.funds.as_slice() {
        [coin] if coin == expected => Ok(()),
        funds => Err(ContractError::WrongPayment {
            expected: expected.to_string(),
            received: modelfund::display::coins(funds, "nothing"),
        }),
    }
}
