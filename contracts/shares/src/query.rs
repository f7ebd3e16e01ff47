//! Query handlers: the cw20 queries in cw20's shapes (allowance enumeration and marketing
//! through cw20-base's helpers) plus the height snapshot and revenue queries.

use cosmwasm_std::{to_json_binary, Binary, Coin, Deps, Env, Uint128};
use cw20::{AllAccountsResponse, BalanceResponse, MinterResponse, TokenInfoResponse};
use cw20_base::allowances::query_allowance;
use cw20_base::contract::{query_download_logo, query_marketing_info};
use cw20_base::enumerable::{query_owner_allowances, query_spender_allowances};
use modelfund::shares::{
    ClaimableRevenueResponse, EscrowResponse, RevenueConfigResponse, TotalPowerAtHeightResponse,
    TotalSupplyResponse, VotingPowerAtHeightResponse, DEFAULT_LIMIT, MAX_LIMIT,
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
        QueryMsg::Balance { address } => {
            let address = deps.api.addr_validate(&address)?;
            to_json_binary(&BalanceResponse {
                balance: balance(deps.storage, &address)?,
            })?
        }
        QueryMsg::TokenInfo {} => {
            let info = TOKEN_INFO.load(deps.storage)?;
            to_json_binary(&TokenInfoResponse {
                name: info.name,
                symbol: info.symbol,
                decimals: info.decimals,
                total_supply: total_supply(deps.storage)?,
            })?
        }
        QueryMsg::Minter {} => {
            let minter = TOKEN_INFO.load(deps.storage)?.mint.map(|m| MinterResponse {
                minter: m.minter.into_string(),
                cap: m.cap,
            });
            to_json_binary(&minter)?
        }
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
            let limit = limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize;
            let start = start_after
                .map(|s| deps.api.addr_validate(&s))
                .transpose()?;
            let accounts = accounts(deps.storage, start.as_ref(), limit)?
                .into_iter()
                .map(|a| a.into_string())
                .collect();
            to_json_binary(&AllAccountsResponse { accounts })?
        }
        QueryMsg::MarketingInfo {} => to_json_binary(&query_marketing_info(deps)?)?,
        QueryMsg::DownloadLogo {} => to_json_binary(&query_download_logo(deps)?)?,
        QueryMsg::BalanceAtHeight { address, height } => {
            let address = deps.api.addr_validate(&address)?;
            to_json_binary(&BalanceResponse {
                balance: balance_at_height(deps.storage, &address, height)?,
            })?
        }
        QueryMsg::TotalSupplyAtHeight { height } => to_json_binary(&TotalSupplyResponse {
            total_supply: total_supply_at_height(deps.storage, height)?,
        })?,
        QueryMsg::VotingPowerAtHeight { address, height } => {
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
            to_json_binary(&VotingPowerAtHeightResponse { power, height })?
        }
        QueryMsg::TotalPowerAtHeight { height } => {
            let (power, height) = match height {
                Some(h) => (total_supply_at_height(deps.storage, h)?, h),
                None => (total_supply(deps.storage)?, env.block.height),
            };
            to_json_binary(&TotalPowerAtHeightResponse { power, height })?
        }
        QueryMsg::ClaimableRevenue { address } => {
            let address = deps.api.addr_validate(&address)?;
            let mut claimable_coins = Vec::new();
            for (denom, index) in indexes(deps.storage)? {
                let (record, split) = claimable(deps.storage, &address, &denom, index)?;
                let amount = record.claimable()?.checked_add(split)?;
                if !amount.is_zero() {
                    claimable_coins.push(Coin::new(amount, denom));
                }
            }
            to_json_binary(&ClaimableRevenueResponse {
                claimable: claimable_coins,
            })?
        }
        QueryMsg::RevenueConfig {} => {
            let config = REVENUE_CONFIG.may_load(deps.storage)?.unwrap_or_default();
            let denoms: Vec<String> = indexes(deps.storage)?.into_iter().map(|(d, _)| d).collect();
            let mut distributed = Vec::with_capacity(denoms.len());
            let mut owed = Vec::with_capacity(denoms.len());
            for denom in &denoms {
                let t = totals(deps.storage, denom)?;
                distributed.push(Coin::new(t.distributed, denom.clone()));
                owed.push(Coin::new(t.owed, denom.clone()));
            }
            to_json_binary(&RevenueConfigResponse {
                admin: config.admin,
                denoms,
                splits: config.splits,
                distributed,
                owed,
            })?
        }
        QueryMsg::Escrow {} => {
            let response = match ESCROW.may_load(deps.storage)? {
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
            };
            to_json_binary(&response)?
        }
    };
    Ok(bin)
}
