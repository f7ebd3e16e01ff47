//! Input checks of instantiate and the handlers: royalty limits, a model's metadata (its first
//! version entry through `modelfund::validate::version_entry`) and royalties. Each returns a typed error before anything is written.

use cosmwasm_std::{Api, Timestamp};
use modelfund::registry::{
    ModelMetadata, RoyaltyInfo, RoyaltyLimits, RoyaltyMsg, MAX_DESCRIPTION_LEN, MAX_LICENSE_ID_LEN,
    MAX_NAME_LEN,
};
use modelfund::validate;

use crate::error::ContractError;

/// Royalty limits: a cap of at most 100 %, a raise per change of at most the cap.
pub fn validate_limits(limits: &RoyaltyLimits) -> Result<(), ContractError> {
    let fail = |reason: &str| ContractError::InvalidRoyaltyLimits {
        reason: reason.to_string(),
    };
    validate::bps(u64::from(limits.max_share_bps)).map_err(|_| fail("cap over 10000 bps"))?;
    if limits.max_raise_bps > limits.max_share_bps {
        return Err(fail("max raise is larger than the cap"));
    }
    Ok(())
}

/// The metadata of a mint: name, description, license, image, and the first version entry. Answers the
/// content hash lower-cased.
pub fn validate_metadata(
    token_uri: Option<&str>,
    model: &ModelMetadata,
) -> Result<String, ContractError> {
    if let Some(uri) = token_uri {
        validate::storage_uri("token_uri", uri)?;
    }
    validate::text("name", &model.name, MAX_NAME_LEN, true)?;
    validate::text(
        "description",
        &model.description,
        MAX_DESCRIPTION_LEN,
        false,
    )?;
    validate::identifier("license id", &model.license.id, MAX_LICENSE_ID_LEN)?;
    if let Some(uri) = &model.license.uri {
        validate::storage_uri("license", uri)?;
    }
    if let Some(uri) = &model.image {
        validate::storage_uri("image", uri)?;
    }
    Ok(validate::version_entry(
        &model.version,
        &model.content_hash,
        &model.storage_uri,
        model.notes.as_deref(),
    )?)
}

/// A royalty set at mint: within the cap, to a valid address.
pub fn initial_royalty(
    api: &dyn Api,
    limits: &RoyaltyLimits,
    royalty: RoyaltyMsg,
    now: Timestamp,
) -> Result<RoyaltyInfo, ContractError> {
    if royalty.share_bps > limits.max_share_bps {
        return Err(ContractError::RoyaltyOverCap {
            share_bps: royalty.share_bps,
            max_bps: limits.max_share_bps,
        });
    }
    Ok(RoyaltyInfo {
        payment_address: api.addr_validate(&royalty.payment_address)?,
        share_bps: royalty.share_bps,
        updated_at: now,
    })
}
