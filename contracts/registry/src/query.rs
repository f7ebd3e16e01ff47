//! Query handlers: Modelfund queries plus the standard cw721 ones, answered in cw721's shapes.

use cosmwasm_std::{Deps, StdResult};
use cw721::state::{ADDITIONAL_MINTERS, MINTER};
use modelfund::nft::Cw721Store;
use modelfund::paging::{start_addr, PAGE};
use modelfund::registry::{
    ConfigResponse, MintersResponse, ModelInfo, ModelResponse, ModelVersion, VersionsResponse,
    VERSIONS_PAGE,
};

use crate::error::ContractError;
use crate::state::{load_model, ModelRecord, CONFIG, VERSIONS};

pub fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    Ok(ConfigResponse {
        owner: MINTER.get_ownership(deps.storage)?.owner,
        royalty_limits: CONFIG.load(deps.storage)?.royalty_limits,
    })
}

pub fn query_latest_version(deps: Deps, token_id: &str) -> Result<ModelVersion, ContractError> {
    let record = load_model(deps.storage, token_id)?;
    Ok(latest(deps, token_id, &record)?)
}

/// cw721's `minter` answer: the collection owner.
pub fn query_minter(deps: Deps) -> StdResult<cw721::msg::MinterResponse> {
    let owner = MINTER.get_ownership(deps.storage)?.owner;
    Ok(cw721::msg::MinterResponse {
        minter: owner.map(|a| a.into_string()),
    })
}

fn latest(deps: Deps, token_id: &str, record: &ModelRecord) -> StdResult<ModelVersion> {
    VERSIONS.load(deps.storage, (token_id, record.version_count))
}

pub fn model_info(deps: Deps, token_id: &str, record: ModelRecord) -> StdResult<ModelInfo> {
    let latest = latest(deps, token_id, &record)?;
    Ok(ModelInfo {
        name: record.name,
        description: record.description,
        image: record.image,
        license: record.license,
        minted_by: record.minted_by,
        minted_at: record.minted_at,
        version_count: record.version_count,
        latest,
        royalty: record.royalty,
    })
}

pub fn query_model(deps: Deps, token_id: String) -> Result<ModelResponse, ContractError> {
    let record = load_model(deps.storage, &token_id)?;
    let token = Cw721Store::default()
        .nft_info
        .may_load(deps.storage, &token_id)?;
    let (owner, token_uri) = match token {
        Some(t) => (Some(t.owner), t.token_uri),
        None => (None, None),
    };
    Ok(ModelResponse {
        info: model_info(deps, &token_id, record)?,
        token_id,
        owner,
        token_uri,
    })
}

pub fn query_versions(
    deps: Deps,
    token_id: String,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<VersionsResponse, ContractError> {
    load_model(deps.storage, &token_id)?;
    let versions = VERSIONS.prefix(&token_id);
    let page = VERSIONS_PAGE.after(start_after, limit);
    let versions = page.list(&versions, deps.storage, |(_, v)| Ok(v))?;
    Ok(VersionsResponse { versions })
}

pub fn query_minters(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<MintersResponse, ContractError> {
    let start = start_addr(deps.api, start_after)?;
    let page = PAGE.after(start.as_ref(), limit);
    let minters = page.list(&ADDITIONAL_MINTERS, deps.storage, |(a, _)| {
        Ok(a.into_string())
    })?;
    Ok(MintersResponse {
        owner: MINTER
            .get_ownership(deps.storage)?
            .owner
            .map(|a| a.into_string()),
        minters,
    })
}
