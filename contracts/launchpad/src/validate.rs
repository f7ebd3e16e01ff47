//! Input checks of instantiate and the handlers: the config (code ids, fee, bounds, periods),
//! a launch against the bounds, commitments and nonces. Each returns a typed error before
//! anything is written.

use cosmwasm_std::{Api, Decimal, Uint128};
use modelfund::governance::GovernanceParams;
use modelfund::launchpad::{
    CodeIds, Fee, LaunchBounds, LaunchFee, PresaleLaunch, ReservationPeriods,
    MAX_COMMITMENT_SECONDS, MAX_NONCE_LEN, MAX_RESERVATION_SECONDS, MIN_NONCE_LEN,
};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::error::ContractError;

/// Longest presale window the bounds may allow: ten years (keeps every period far inside the
/// nanosecond range of a timestamp).
pub const MAX_BOUND_SECONDS: u64 = 10 * 365 * 86_400;

/// Bounds that make sense: each minimum positive and at most its maximum, quorum in (0, 1],
/// threshold in [0.5, 1), a positive presale window, an allocation cap of at most 100 %.
pub fn validate_bounds(b: &LaunchBounds) -> Result<(), ContractError> {
    let fail = |field: &str, reason: &str| {
        Err(ContractError::InvalidBounds {
            field: field.to_string(),
            reason: reason.to_string(),
        })
    };
    for (name, min, max) in [
        (
            "voting period",
            b.min_voting_period_seconds,
            b.max_voting_period_seconds,
        ),
        ("timelock", b.min_timelock_seconds, b.max_timelock_seconds),
    ] {
        if min == 0 {
            return fail(name, "minimum must be positive");
        }
        if min > max {
            return fail(name, "minimum is above the maximum");
        }
        if max > MAX_BOUND_SECONDS {
            return fail(name, "maximum is above ten years");
        }
    }
    if b.min_quorum.is_zero() || b.min_quorum > Decimal::one() {
        return fail("min_quorum", "must be above 0 and at most 1");
    }
    if b.min_threshold < Decimal::percent(50) || b.min_threshold >= Decimal::one() {
        return fail("min_threshold", "must be at least 0.5 and below 1");
    }
    if b.max_presale_seconds == 0 || b.max_presale_seconds > MAX_BOUND_SECONDS {
        return fail("max_presale_seconds", "must be 1 s to ten years");
    }
    if b.max_creator_allocation_bps > 10_000 {
        return fail("max_creator_allocation_bps", "must be at most 10000");
    }
    Ok(())
}

pub fn validate_periods(p: &ReservationPeriods) -> Result<(), ContractError> {
    if p.commitment_seconds == 0 || p.commitment_seconds > MAX_COMMITMENT_SECONDS {
        return Err(ContractError::InvalidConfig {
            reason: format!("commitment_seconds must be 1 to {MAX_COMMITMENT_SECONDS}"),
        });
    }
    if p.reservation_seconds == 0 || p.reservation_seconds > MAX_RESERVATION_SECONDS {
        return Err(ContractError::InvalidConfig {
            reason: format!("reservation_seconds must be 1 to {MAX_RESERVATION_SECONDS}"),
        });
    }
    Ok(())
}

pub fn validate_code_ids(ids: &CodeIds) -> Result<(), ContractError> {
    if ids.shares == 0 || ids.presale == 0 || ids.governance == 0 {
        return Err(ContractError::InvalidConfig {
            reason: "code ids must be positive".into(),
        });
    }
    Ok(())
}

pub fn validate_fee(api: &dyn Api, fee: LaunchFee) -> Result<Fee, ContractError> {
    validate::denom(&fee.amount.denom)?;
    if fee.amount.amount.is_zero() {
        return Err(ContractError::InvalidConfig {
            reason: "a launch fee must be positive (or none)".into(),
        });
    }
    Ok(Fee {
        amount: fee.amount,
        treasury: api.addr_validate(&fee.treasury)?,
    })
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
    check_creator_share(b, gov, presale)
}

/// The creator allocation within `max_creator_allocation_bps` of the supply at the soft cap,
/// and strictly below the quorum.
fn check_creator_share(
    b: &LaunchBounds,
    gov: &GovernanceParams,
    presale: &PresaleLaunch,
) -> Result<(), ContractError> {
    if presale.price.is_zero() {
        return Err(ContractError::BelowMin {
            field: "presale.price".into(),
            value: "0".into(),
            min: "1".into(),
        });
    }
    let allocation = presale.creator_allocation;
    let overflow = || ContractError::Overflow {
        what: "supply at the soft cap".into(),
    };
    let supply = presale
        .soft_cap
        .checked_div(presale.price)
        .map_err(|_| overflow())?
        .checked_add(allocation)
        .map_err(|_| overflow())?;
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

/// A commitment: the lowercase hex of a sha256 digest.
pub fn validate_commitment(commitment: &str) -> Result<(), ContractError> {
    if commitment.len() != 64
        || !commitment
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(ContractError::InvalidCommitment {
            reason: "must be a sha256 digest: 64 lowercase hex characters".into(),
        });
    }
    Ok(())
}

/// The model id and nonce of a reveal: a valid id, a nonce of `MIN_NONCE_LEN` to
/// `MAX_NONCE_LEN` characters of `[A-Za-z0-9._+-]`.
pub fn validate_reveal(model_id: &str, nonce: &str) -> Result<(), ContractError> {
    validate::identifier("model_id", model_id, MAX_ID_LEN)?;
    validate::identifier("nonce", nonce, MAX_NONCE_LEN)?;
    if nonce.len() < MIN_NONCE_LEN {
        return Err(ContractError::InvalidCommitment {
            reason: format!("the nonce must be at least {MIN_NONCE_LEN} characters"),
        });
    }
    Ok(())
}
