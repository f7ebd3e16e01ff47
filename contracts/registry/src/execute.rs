//! Execute handlers of the registry's own messages (the standard cw721 ones are
//! `modelfund::nft`'s). Each validates everything first and writes only when every check has
//! passed.

use cosmwasm_std::{Addr, DepsMut, Empty, Env, MessageInfo, Response, Storage};
use cw721::execute as cw721_exec;
use cw721::state::NftInfo;
use cw_ownable::Action;
use modelfund::nft::{self, Cw721Store};
use modelfund::registry::{ModelMetadata, ModelVersion, RoyaltyInfo, RoyaltyMsg};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::collection::Models;
use crate::error::ContractError;
use crate::state::{load_model, ModelRecord, CONFIG, MODELS, VERSIONS, VERSION_LABELS};
use crate::validate::{initial_royalty, validate_metadata};

/// Loads the model and checks that `sender` owns its NFT right now (approvals do not count).
fn load_owned_model(
    storage: &dyn Storage,
    token_id: &str,
    sender: &Addr,
) -> Result<ModelRecord, ContractError> {
    if nft::owner(&Models, storage, token_id)? != *sender {
        return Err(ContractError::NotModelOwner {
            token_id: token_id.to_string(),
        });
    }
    load_model(storage, token_id)
}

#[allow(clippy::too_many_arguments)]
pub fn mint(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
    owner: String,
    token_uri: Option<String>,
    model: ModelMetadata,
    royalty: Option<RoyaltyMsg>,
) -> Result<Response, ContractError> {
    cw721_exec::assert_minter(deps.storage, &info.sender)
        .map_err(|_| ContractError::NotMinter {})?;
    validate::identifier("token_id", &token_id, MAX_ID_LEN)?;
    let owner = deps.api.addr_validate(&owner)?;
    let hash = validate_metadata(token_uri.as_deref(), &model)?;
    let royalty = match royalty {
        Some(r) => {
            let limits = CONFIG.load(deps.storage)?.royalty_limits;
            Some(initial_royalty(deps.api, &limits, r, env.block.time)?)
        }
        None => None,
    };
    if MODELS.has(deps.storage, &token_id) {
        return Err(ContractError::TokenIdTaken { token_id });
    }

    mint_token(deps.storage, &token_id, &owner, token_uri)?;
    let first = ModelVersion {
        index: 1,
        version: model.version.clone(),
        content_hash: hash.clone(),
        uri: model.storage_uri,
        notes: model.notes,
        published_by: info.sender.clone(),
        published_at: env.block.time,
        height: env.block.height,
    };
    VERSIONS.save(deps.storage, (&token_id, 1), &first)?;
    VERSION_LABELS.save(deps.storage, (&token_id, &model.version), &1)?;
    let royalty_bps = royalty.as_ref().map_or(0, |r| r.share_bps);
    let record = ModelRecord {
        name: model.name,
        description: model.description,
        image: model.image,
        license: model.license,
        minted_by: info.sender.clone(),
        minted_at: env.block.time,
        version_count: 1,
        royalty,
        burned: false,
    };
    MODELS.save(deps.storage, &token_id, &record)?;

    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("minter", info.sender)
        .add_attribute("owner", owner)
        .add_attribute("token_id", token_id)
        .add_attribute("model_name", record.name)
        .add_attribute("version", first.version)
        .add_attribute("content_hash", hash)
        .add_attribute("royalty_bps", royalty_bps.to_string()))
}

/// The token itself is cw721's record (owner, approvals, token_uri) in cw721's storage, so
/// every cw721 message and query sees it. It is written here rather than through
/// `cw721::execute::mint`, whose URL parser (the `url` crate) alone would add ~200 KB to the
/// wasm; the checks it makes (minter, owner address, URI syntax) ran before in stricter form.
fn mint_token(
    storage: &mut dyn Storage,
    token_id: &str,
    owner: &Addr,
    token_uri: Option<String>,
) -> Result<(), ContractError> {
    let cw721_store = Cw721Store::default();
    cw721_store.nft_info.save(
        storage,
        token_id,
        &NftInfo {
            owner: owner.clone(),
            approvals: vec![],
            token_uri,
            extension: None,
        },
    )?;
    cw721_store.increment_tokens(storage)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn publish_version(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
    version: String,
    content_hash: String,
    uri: String,
    notes: Option<String>,
) -> Result<Response, ContractError> {
    let mut model = load_owned_model(deps.storage, &token_id, &info.sender)?;
    let hash = modelfund::validate::version_entry(&version, &content_hash, &uri, notes.as_deref())?;
    if VERSION_LABELS.has(deps.storage, (&token_id, &version)) {
        return Err(ContractError::DuplicateVersion { token_id, version });
    }
    let index = model
        .version_count
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::generic_err("version index overflow"))?;

    let entry = ModelVersion {
        index,
        version: version.clone(),
        content_hash: hash.clone(),
        uri: uri.clone(),
        notes,
        published_by: info.sender.clone(),
        published_at: env.block.time,
        height: env.block.height,
    };
    VERSIONS.save(deps.storage, (&token_id, index), &entry)?;
    VERSION_LABELS.save(deps.storage, (&token_id, &version), &index)?;
    model.version_count = index;
    MODELS.save(deps.storage, &token_id, &model)?;

    Ok(Response::new()
        .add_attribute("action", "publish_version")
        .add_attribute("token_id", token_id)
        .add_attribute("sender", info.sender)
        .add_attribute("version", version)
        .add_attribute("index", index.to_string())
        .add_attribute("content_hash", hash)
        .add_attribute("uri", uri))
}

pub fn set_royalty(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
    payment_address: String,
    share_bps: u16,
) -> Result<Response, ContractError> {
    let mut model = load_owned_model(deps.storage, &token_id, &info.sender)?;
    let limits = CONFIG.load(deps.storage)?.royalty_limits;
    let payment_address = deps.api.addr_validate(&payment_address)?;

    if share_bps > limits.max_share_bps {
        return Err(ContractError::RoyaltyOverCap {
            share_bps,
            max_bps: limits.max_share_bps,
        });
    }
    let previous_bps = model.royalty.as_ref().map(|r| r.share_bps).unwrap_or(0);
    if let Some(current) = &model.royalty {
        if current.share_bps == share_bps && current.payment_address == payment_address {
            return Err(ContractError::RoyaltyUnchanged {});
        }
        let next_change_at = current
            .updated_at
            .plus_seconds(limits.min_change_interval_seconds);
        if env.block.time < next_change_at {
            return Err(ContractError::RoyaltyChangeTooSoon { next_change_at });
        }
    }
    // A raise is measured against the current share (0 when none is set yet).
    let raise = share_bps.saturating_sub(previous_bps);
    if raise > limits.max_raise_bps {
        return Err(ContractError::RoyaltyRaiseTooLarge {
            from_bps: previous_bps,
            to_bps: share_bps,
            max_raise_bps: limits.max_raise_bps,
        });
    }

    model.royalty = Some(RoyaltyInfo {
        payment_address: payment_address.clone(),
        share_bps,
        updated_at: env.block.time,
    });
    MODELS.save(deps.storage, &token_id, &model)?;

    Ok(Response::new()
        .add_attribute("action", "set_royalty")
        .add_attribute("token_id", token_id)
        .add_attribute("sender", info.sender)
        .add_attribute("payment_address", payment_address)
        .add_attribute("previous_share_bps", previous_bps.to_string())
        .add_attribute("share_bps", share_bps.to_string()))
}

pub fn burn(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
) -> Result<Response, ContractError> {
    nft::owner(&Models, deps.storage, &token_id)?;
    let res = cw721_exec::burn_nft::<Empty>(deps.branch(), &env, &info, token_id.clone())?;
    // The record stays (id reserved, history readable); it is only marked burned.
    MODELS.update(deps.storage, &token_id, |model| match model {
        Some(mut m) => {
            m.burned = true;
            Ok(m)
        }
        None => Err(ContractError::ModelNotFound {
            token_id: token_id.clone(),
        }),
    })?;
    Ok(res)
}

/// `add_minter` (`add`) / `remove_minter`: the owner changes who else may mint, cw721's
/// additional minters.
pub fn change_minter(
    deps: DepsMut,
    info: MessageInfo,
    minter: String,
    add: bool,
) -> Result<Response, ContractError> {
    let res = if add {
        cw721_exec::add_additional_minter::<Empty>(deps, &info, minter)?
    } else {
        cw721_exec::remove_additional_minter::<Empty>(deps, &info, minter)?
    };
    Ok(res)
}

pub fn update_ownership(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action: Action,
) -> Result<Response, ContractError> {
    Ok(cw721_exec::update_minter_ownership::<Empty>(
        deps, &env, &info, action,
    )?)
}
