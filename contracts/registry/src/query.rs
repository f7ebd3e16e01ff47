//! Query handlers: Modelfund queries plus the standard cw721 ones, answered in cw721's shapes.

use cosmwasm_std::{to_json_binary, Binary, Deps, Empty, Env, Order, StdResult, Uint128};
use cw721::msg::{AllNftInfoResponse, NftInfoResponse};
use cw721::query as cw721_query;
use cw721::state::{Cw721Config, ADDITIONAL_MINTERS, MINTER};
use cw_storage_plus::Bound;
use modelfund::registry::{
    CheckRoyaltiesResponse, ConfigResponse, ContractInfoResponse, MintersResponse, ModelInfo,
    ModelResponse, ModelVersion, RoyaltiesInfoResponse, VersionsResponse, DEFAULT_VERSIONS_LIMIT,
    MAX_VERSIONS_LIMIT,
};
use modelfund::validate::BPS_DENOMINATOR;

use crate::error::ContractError;
use crate::msg::QueryMsg;
use crate::state::{ModelRecord, CONFIG, MODELS, VERSIONS};

const DEFAULT_MINTERS_LIMIT: u32 = 10;
const MAX_MINTERS_LIMIT: u32 = 30;

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let bin = match msg {
        QueryMsg::Config {} => to_json_binary(&ConfigResponse {
            owner: MINTER.get_ownership(deps.storage)?.owner,
            royalty_limits: CONFIG.load(deps.storage)?.royalty_limits,
        })?,
        QueryMsg::Model { token_id } => to_json_binary(&model(deps, token_id)?)?,
        QueryMsg::Versions {
            token_id,
            start_after,
            limit,
        } => to_json_binary(&versions(deps, token_id, start_after, limit)?)?,
        QueryMsg::LatestVersion { token_id } => {
            let record = load_model(deps, &token_id)?;
            to_json_binary(&latest(deps, &token_id, &record)?)?
        }
        QueryMsg::RoyaltyInfo {
            token_id,
            sale_price,
        } => to_json_binary(&royalty_info(deps, token_id, sale_price)?)?,
        QueryMsg::CheckRoyalties {} => to_json_binary(&CheckRoyaltiesResponse {
            royalty_payments: true,
        })?,
        QueryMsg::Minters { start_after, limit } => {
            to_json_binary(&minters(deps, start_after, limit)?)?
        }
        QueryMsg::OwnerOf {
            token_id,
            include_expired,
        } => to_json_binary(&cw721_query::query_owner_of(
            deps,
            &env,
            token_id,
            include_expired.unwrap_or(false),
        )?)?,
        QueryMsg::Approval {
            token_id,
            spender,
            include_expired,
        } => {
            let spender = deps.api.addr_validate(&spender)?;
            to_json_binary(&cw721_query::query_approval(
                deps,
                &env,
                token_id,
                spender,
                include_expired.unwrap_or(false),
            )?)?
        }
        QueryMsg::Approvals {
            token_id,
            include_expired,
        } => to_json_binary(&cw721_query::query_approvals(
            deps,
            &env,
            token_id,
            include_expired.unwrap_or(false),
        )?)?,
        QueryMsg::Operator {
            owner,
            operator,
            include_expired,
        } => to_json_binary(&cw721_query::query_operator(
            deps,
            &env,
            owner,
            operator,
            include_expired.unwrap_or(false),
        )?)?,
        QueryMsg::AllOperators {
            owner,
            include_expired,
            start_after,
            limit,
        } => to_json_binary(&cw721_query::query_operators(
            deps,
            &env,
            owner,
            include_expired.unwrap_or(false),
            start_after,
            limit,
        )?)?,
        QueryMsg::NumTokens {} => to_json_binary(&cw721_query::query_num_tokens(deps.storage)?)?,
        QueryMsg::ContractInfo {} => {
            let info = cw721_query::query_collection_info(deps.storage)?;
            to_json_binary(&ContractInfoResponse {
                name: info.name,
                symbol: info.symbol,
            })?
        }
        QueryMsg::NftInfo { token_id } => {
            let token = Cw721Config::<Option<Empty>>::default()
                .nft_info
                .load(deps.storage, &token_id)?;
            let record = load_model(deps, &token_id)?;
            to_json_binary(&NftInfoResponse {
                token_uri: token.token_uri,
                extension: model_info(deps, &token_id, record)?,
            })?
        }
        QueryMsg::AllNftInfo {
            token_id,
            include_expired,
        } => {
            let token = Cw721Config::<Option<Empty>>::default()
                .nft_info
                .load(deps.storage, &token_id)?;
            let access = cw721_query::query_owner_of(
                deps,
                &env,
                token_id.clone(),
                include_expired.unwrap_or(false),
            )?;
            let record = load_model(deps, &token_id)?;
            to_json_binary(&AllNftInfoResponse {
                access,
                info: NftInfoResponse {
                    token_uri: token.token_uri,
                    extension: model_info(deps, &token_id, record)?,
                },
            })?
        }
        QueryMsg::Tokens {
            owner,
            start_after,
            limit,
        } => to_json_binary(&cw721_query::query_tokens(
            deps,
            &env,
            owner,
            start_after,
            limit,
        )?)?,
        QueryMsg::AllTokens { start_after, limit } => to_json_binary(
            &cw721_query::query_all_tokens(deps, &env, start_after, limit)?,
        )?,
        QueryMsg::Minter {} => {
            let owner = MINTER.get_ownership(deps.storage)?.owner;
            to_json_binary(&cw721::msg::MinterResponse {
                minter: owner.map(|a| a.into_string()),
            })?
        }
        QueryMsg::Ownership {} => to_json_binary(&MINTER.get_ownership(deps.storage)?)?,
    };
    Ok(bin)
}

fn load_model(deps: Deps, token_id: &str) -> Result<ModelRecord, ContractError> {
    MODELS
        .may_load(deps.storage, token_id)?
        .ok_or_else(|| ContractError::ModelNotFound {
            token_id: token_id.to_string(),
        })
}

fn latest(deps: Deps, token_id: &str, record: &ModelRecord) -> StdResult<ModelVersion> {
    VERSIONS.load(deps.storage, (token_id, record.version_count))
}

fn model_info(deps: Deps, token_id: &str, record: ModelRecord) -> StdResult<ModelInfo> {
    let latest = latest(deps, token_id, &record)?;
    Ok(ModelInfo {
        name: record.name,
        description: record.description,
        license: record.license,
        minted_by: record.minted_by,
        minted_at: record.minted_at,
        version_count: record.version_count,
        latest,
        royalty: record.royalty,
    })
}

fn model(deps: Deps, token_id: String) -> Result<ModelResponse, ContractError> {
    let record = load_model(deps, &token_id)?;
    let token = Cw721Config::<Option<Empty>>::default()
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

fn versions(
    deps: Deps,
    token_id: String,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<VersionsResponse, ContractError> {
    load_model(deps, &token_id)?;
    let limit = limit
        .unwrap_or(DEFAULT_VERSIONS_LIMIT)
        .min(MAX_VERSIONS_LIMIT) as usize;
    let start = start_after.map(Bound::exclusive);
    let versions = VERSIONS
        .prefix(&token_id)
        .range(deps.storage, start, None, Order::Ascending)
        .take(limit)
        .map(|item| item.map(|(_, v)| v))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(VersionsResponse { versions })
}

fn royalty_info(
    deps: Deps,
    token_id: String,
    sale_price: Uint128,
) -> Result<RoyaltiesInfoResponse, ContractError> {
    let record = load_model(deps, &token_id)?;
    Ok(match record.royalty {
        Some(r) if r.share_bps > 0 => RoyaltiesInfoResponse {
            address: r.payment_address.into_string(),
            // floor(sale_price * share / 10000): never more than the share
            royalty_amount: sale_price
                .checked_multiply_ratio(u128::from(r.share_bps), u128::from(BPS_DENOMINATOR))
                .map_err(|e| cosmwasm_std::StdError::generic_err(e.to_string()))?,
        },
        _ => RoyaltiesInfoResponse {
            address: String::new(),
            royalty_amount: Uint128::zero(),
        },
    })
}

fn minters(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<MintersResponse, ContractError> {
    let limit = limit
        .unwrap_or(DEFAULT_MINTERS_LIMIT)
        .min(MAX_MINTERS_LIMIT) as usize;
    let start = match start_after {
        Some(s) => Some(deps.api.addr_validate(&s)?),
        None => None,
    };
    let minters = ADDITIONAL_MINTERS
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(limit)
        .map(|k| k.map(|a| a.into_string()))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(MintersResponse {
        owner: MINTER
            .get_ownership(deps.storage)?
            .owner
            .map(|a| a.into_string()),
        minters,
    })
}
