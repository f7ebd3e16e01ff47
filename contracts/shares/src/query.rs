//! Query handlers: the cw20 queries in cw20's shapes (allowance enumeration and marketing
//! through cw20-base's helpers) plus the height snapshot and revenue queries.

use cosmwasm_std::{to_json_binary, Addr, Binary, Coin, Deps, Env, StdResult, Uint128};
use cw20::{AllAccountsResponse, BalanceResponse, MinterResponse, TokenInfoResponse};
use cw20_base::allowances::query_allowance;
use cw20_base::contract::{query_download_logo, query_marketing_info};
use cw20_base::enumerable::{query_owner_allowances, query_spender_allowances};
use modelfund::paging::PAGE;
use modelfund::shares::{
    ClaimableRevenueResponse, EscrowResponse, InfoResponse, RevenueConfigResponse,
    TotalPowerAtHeightResponse, TotalSupplyResponse, VotingPowerAtHeightResponse,
};

use crate::error::ContractError;
use crate::msg::QueryMsg;
use crate::revenue::{claimable, escrow_revenue, indexes, totals, REVENUE_CONFIG};
use crate::state::{
    accounts, balance, balance_at_height, power_at_height, total_supply, total_supply_at_height,
    ESCROW, TOKEN_INFO,
};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let bin = match msg {
        QueryMsg::Balance { address } => to_json_binary(&query_balance(deps, address)?)?,
        QueryMsg::TokenInfo {} => to_json_binary(&query_token_info(deps)?)?,
        QueryMsg::Minter {} => to_json_binary(&query_minter(deps)?)?,
        QueryMsg::Allowance { owner, spender } => {
            to_json_binary(&query_allowance(deps, owner, spender)?)?
        }
        QueryMsg::AllAllowances {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query_owner_allowances(deps, owner, start_after, limit)?)?,
        QueryMsg::AllSpenderAllowances {
            spender,
            start_after,
            limit,
        } => to_json_binary(&query_spender_allowances(
            deps,
            spender,
            start_after,
            limit,
        )?)?,
        QueryMsg::AllAccounts { start_after, limit } => {
            to_json_binary(&query_all_accounts(deps, start_after, limit)?)?
        }
        QueryMsg::MarketingInfo {} => to_json_binary(&query_marketing_info(deps)?)?,
        QueryMsg::DownloadLogo {} => to_json_binary(&query_download_logo(deps)?)?,
        QueryMsg::BalanceAtHeight { address, height } => {
            to_json_binary(&query_balance_at_height(deps, address, height)?)?
        }
        QueryMsg::TotalSupplyAtHeight { height } => {
            to_json_binary(&query_total_supply_at_height(deps, height)?)?
        }
        QueryMsg::VotingPowerAtHeight { address, height } => {
            to_json_binary(&query_voting_power_at_height(deps, &env, address, height)?)?
        }
        QueryMsg::TotalPowerAtHeight { height } => {
            to_json_binary(&query_total_power_at_height(deps, &env, height)?)?
        }
        QueryMsg::Dao {} => to_json_binary(&query_dao(deps)?)?,
        QueryMsg::Info {} => to_json_binary(&query_info(deps)?)?,
        QueryMsg::ClaimableRevenue { address } => {
            to_json_binary(&query_claimable_revenue(deps, address)?)?
        }
        QueryMsg::RevenueConfig {} => to_json_binary(&query_revenue_config(deps)?)?,
        QueryMsg::Escrow {} => to_json_binary(&query_escrow(deps)?)?,
    };
    Ok(bin)
}

fn query_balance(deps: Deps, address: String) -> Result<BalanceResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    Ok(BalanceResponse {
        balance: balance(deps.storage, &address)?,
    })
}

fn query_token_info(deps: Deps) -> Result<TokenInfoResponse, ContractError> {
    let info = TOKEN_INFO.load(deps.storage)?;
    Ok(TokenInfoResponse {
        name: info.name,
        symbol: info.symbol,
        decimals: info.decimals,
        total_supply: total_supply(deps.storage)?,
    })
}

fn query_minter(deps: Deps) -> StdResult<Option<MinterResponse>> {
    Ok(TOKEN_INFO.load(deps.storage)?.mint.map(|m| MinterResponse {
        minter: m.minter.into_string(),
        cap: m.cap,
    }))
}

fn query_all_accounts(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<AllAccountsResponse, ContractError> {
    let start = start_after
        .map(|s| deps.api.addr_validate(&s))
        .transpose()?;
    let accounts = accounts(deps.storage, start.as_ref(), PAGE.take(limit))?
        .into_iter()
        .map(|a| a.into_string())
        .collect();
    Ok(AllAccountsResponse { accounts })
}

fn query_balance_at_height(
    deps: Deps,
    address: String,
    height: u64,
) -> Result<BalanceResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    Ok(BalanceResponse {
        balance: balance_at_height(deps.storage, &address, height)?,
    })
}

fn query_total_supply_at_height(
    deps: Deps,
    height: u64,
) -> Result<TotalSupplyResponse, ContractError> {
    Ok(TotalSupplyResponse {
        total_supply: total_supply_at_height(deps.storage, height)?,
    })
}

fn query_voting_power_at_height(
    deps: Deps,
    env: &Env,
    address: String,
    height: Option<u64>,
) -> Result<VotingPowerAtHeightResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    // none: the current power, i.e. what the next block starts with
    let (power, height) = match height {
        Some(h) => (power_at_height(deps.storage, &address, h)?, h),
        None => {
            let h = env.block.height;
            (
                power_at_height(deps.storage, &address, h.saturating_add(1))?,
                h,
            )
        }
    };
    Ok(VotingPowerAtHeightResponse { power, height })
}

fn query_total_power_at_height(
    deps: Deps,
    env: &Env,
    height: Option<u64>,
) -> Result<TotalPowerAtHeightResponse, ContractError> {
    let (power, height) = match height {
        Some(h) => (total_supply_at_height(deps.storage, h)?, h),
        None => (total_supply(deps.storage)?, env.block.height),
    };
    Ok(TotalPowerAtHeightResponse { power, height })
}

fn query_claimable_revenue(
    deps: Deps,
    address: String,
) -> Result<ClaimableRevenueResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    let mut claimable_coins = Vec::new();
    for (denom, index) in indexes(deps.storage)? {
        let (record, split) = claimable(deps.storage, &address, &denom, index)?;
        let amount = record.claimable()?.checked_add(split)?;
        if !amount.is_zero() {
            claimable_coins.push(Coin::new(amount, denom));
        }
    }
    Ok(ClaimableRevenueResponse {
        claimable: claimable_coins,
    })
}

/// The DAO of the shares: the revenue admin (see `QueryMsg::Dao`), or `NoDao`.
fn query_dao(deps: Deps) -> Result<Addr, ContractError> {
    REVENUE_CONFIG
        .may_load(deps.storage)?
        .and_then(|config| config.admin)
        .ok_or(ContractError::NoDao {})
}

fn query_info(deps: Deps) -> StdResult<InfoResponse> {
    Ok(InfoResponse {
        info: cw2::get_contract_version(deps.storage)?,
    })
}

fn query_revenue_config(deps: Deps) -> Result<RevenueConfigResponse, ContractError> {
    let config = REVENUE_CONFIG.may_load(deps.storage)?.unwrap_or_default();
    let denoms: Vec<String> = indexes(deps.storage)?.into_iter().map(|(d, _)| d).collect();
    let mut distributed = Vec::with_capacity(denoms.len());
    let mut owed = Vec::with_capacity(denoms.len());
    for denom in &denoms {
        let t = totals(deps.storage, denom)?;
        distributed.push(Coin::new(t.distributed, denom.clone()));
        owed.push(Coin::new(t.owed, denom.clone()));
    }
    Ok(RevenueConfigResponse {
        admin: config.admin,
        denoms,
        splits: config.splits,
        distributed,
        owed,
    })
}

fn query_escrow(deps: Deps) -> Result<EscrowResponse, ContractError> {
    Ok(match ESCROW.may_load(deps.storage)? {
        Some(escrow) => EscrowResponse {
            amount: escrow.amount,
            since_height: Some(escrow.since_height),
            revenue: escrow_revenue(deps.storage, &escrow)?,
        },
        None => EscrowResponse {
            amount: Uint128::zero(),
            since_height: None,
            revenue: vec![],
        },
    })
}
