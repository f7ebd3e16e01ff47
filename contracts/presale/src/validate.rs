//! Input checks of instantiate: the presale's terms make sense before anything is written.

use cosmwasm_std::{Api, HexBinary, Timestamp};
use modelfund::presale::{Allowlist, InstantiateMsg};

use crate::error::ContractError;
use crate::state::Config;

/// The configuration an instantiate message describes: a valid denom, a positive price and
/// soft cap within the hard cap, a window that does not start before `now`, per-address limits
/// that admit at least one share and fit the hard cap, valid addresses, an allowlist root that
/// is a sha256 digest.
pub fn validated_config(
    api: &dyn Api,
    now: Timestamp,
    msg: InstantiateMsg,
) -> Result<Config, ContractError> {
    let fail = |reason: &str| ContractError::InvalidConfig {
        reason: reason.to_string(),
    };
    modelfund::validate::denom(&msg.denom).map_err(|e| fail(&e.to_string()))?;
    if msg.price.is_zero() {
        return Err(fail("price must be at least 1"));
    }
    if msg.soft_cap.is_zero() {
        return Err(fail("soft cap must be positive"));
    }
    if msg.soft_cap > msg.hard_cap {
        return Err(fail("soft cap is above the hard cap"));
    }
    if msg.start >= msg.end {
        return Err(fail("start must be before end"));
    }
    if msg.start < now {
        return Err(fail("the window must not start in the past"));
    }
    if msg.min_per_address < msg.price {
        return Err(fail("minimum per address is below the price of one share"));
    }
    if msg.min_per_address > msg.max_per_address {
        return Err(fail("minimum per address is above the maximum"));
    }
    if msg.min_per_address > msg.hard_cap {
        return Err(fail("minimum per address is above the hard cap"));
    }
    // the root is 32 bytes of hex, stored lower-cased so the `allowlist` query answers one form
    let allowlist = match msg.allowlist {
        Some(list) => {
            let root =
                modelfund::allowlist::parse_hash("the allowlist's merkle root", &list.merkle_root)
                    .map_err(|e| fail(&e.to_string()))?;
            Some(Allowlist {
                merkle_root: HexBinary::from(root).to_hex(),
            })
        }
        None => None,
    };
    // a zero duration means no vesting: stored as none
    let creator_vesting = match msg.creator_vesting {
        Some(v) if v.duration_seconds == 0 => None,
        Some(v) if v.duration_seconds > modelfund::shares::MAX_VESTING_SECONDS => {
            return Err(fail("the creator vesting lasts at most 10 years"))
        }
        Some(v) if v.cliff_seconds > v.duration_seconds => {
            return Err(fail("the creator vesting's cliff comes after its end"))
        }
        v => v,
    };
    Ok(Config {
        creator_vesting,
        denom: msg.denom,
        price: msg.price,
        soft_cap: msg.soft_cap,
        hard_cap: msg.hard_cap,
        start: msg.start,
        end: msg.end,
        min_per_address: msg.min_per_address,
        max_per_address: msg.max_per_address,
        treasury: api.addr_validate(&msg.treasury)?,
        creator: api.addr_validate(&msg.creator)?,
        creator_allocation: msg.creator_allocation,
        shares: api.addr_validate(&msg.shares)?,
        allowlist,
    })
}
