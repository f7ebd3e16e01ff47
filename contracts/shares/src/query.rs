//! Query handlers: the cw20 queries in cw20's shapes (allowance enumeration and marketing
//! through cw20-base's helpers) plus the height snapshot and revenue queries.

use cosmwasm_std::{Addr, Coin, Deps, Env, StdResult, Uint128};
use cw20::{AllAccountsResponse, BalanceResponse, MinterResponse, TokenInfoResponse};
pub(crate) use cw20_base::allowances::query_allowance;
pub(crate) use cw20_base::contract::{query_download_logo, query_marketing_info};
pub(crate) use cw20_base::enumerable::{query_owner_allowances, query_spender_allowances};
use modelfund::paging::{start_addr, PAGE};
use modelfund::shares::{
    ClaimableRevenueResponse, DelegationResponse, Delegator, DelegatorsResponse, EscrowResponse,
    InfoResponse, RevenueConfigResponse, TotalPowerAtHeightResponse, TotalSupplyResponse,
    VotingPowerAtHeightResponse,
};

use crate::error::ContractError;
use crate::revenue::{claimable, escrow_revenue, indexes, totals, REVENUE_CONFIG};
use crate::state::{
    accounts, balance, balance_at_height, current_checkpoint, delegate_of, power_at_height,
    total_supply, total_supply_at_height, DELEGATORS, ESCROW, TOKEN_INFO,
};

pub fn query_balance(deps: Deps, address: String) -> Result<BalanceResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    Ok(BalanceResponse {
        balance: balance(deps.storage, &address)?,
    })
}

pub fn query_token_info(deps: Deps) -> Result<TokenInfoResponse, ContractError> {
    let info = TOKEN_INFO.load(deps.storage)?;
    Ok(TokenInfoResponse {
        name: info.name,
        symbol: info.symbol,
        decimals: info.decimals,
        total_supply: total_supply(deps.storage)?,
    })
}

pub fn query_minter(deps: Deps) -> StdResult<Option<MinterResponse>> {
    Ok(TOKEN_INFO.load(deps.storage)?.mint.map(|m| MinterResponse {
        minter: m.minter.into_string(),
        cap: m.cap,
    }))
}

pub fn query_all_accounts(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<AllAccountsResponse, ContractError> {
    let start = start_addr(deps.api, start_after)?;
    let accounts = accounts(deps.storage, start.as_ref(), PAGE.take(limit))?
        .into_iter()
        .map(|a| a.into_string())
        .collect();
    Ok(AllAccountsResponse { accounts })
}

pub fn query_balance_at_height(
    deps: Deps,
    address: String,
    height: u64,
) -> Result<BalanceResponse, ContractError> {
    let address = deps.api.addr_validate(&address)?;
    Ok(BalanceResponse {
        balance: balance_at_height(deps.storage, &address, height)?,
    })
}

pub fn query_total_supply_at_height(
    deps: Deps,
    height: u64,
) -> Result<TotalSupplyResponse, ContractError> {
    Ok(TotalSupplyResponse {
        total_supply: total_supply_at_height(deps.storage, height)?,
    })
}

pub fn query_voting_power_at_height(
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

pub fn query_total_power_at_height(
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

pub fn query_claimable_revenue(
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

pub fn query_revenue_config(deps: Deps) -> Result<RevenueConfigResponse, ContractError> {
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

pub fn query_escrow(deps: Deps) -> Result<EscrowResponse, ContractError> {
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

/// The DAO of the shares: the revenue admin (see `QueryMsg::Dao`), or `NoDao`.
pub fn query_dao(deps: Deps) -> Result<Addr, ContractError> {
    REVENUE_CONFIG
        .may_load(deps.storage)?
        .and_then(|config| config.admin)
        .ok_or(ContractError::NoDao {})
}

/// The cw2 contract version, in dao-interface's `InfoResponse` shape.
pub fn query_info(deps: Deps) -> StdResult<InfoResponse> {
    Ok(InfoResponse {
        info: cw2::get_contract_version(deps.storage)?,
    })
}

pub fn query_vesting(
    deps: Deps,
    env: &Env,
    address: String,
) -> StdResult<Option<modelfund::shares::VestingResponse>> {
    let addr = deps.api.addr_validate(&address)?;
    Ok(crate::state::VESTING
        .may_load(deps.storage, &addr)?
        .map(|schedule| modelfund::shares::VestingResponse {
            locked: schedule.locked(env.block.time),
            schedule,
        }))
}

pub fn query_delegation(deps: Deps, address: String) -> StdResult<DelegationResponse> {
    let addr = deps.api.addr_validate(&address)?;
    let current = current_checkpoint(deps.storage, &addr)?;
    let delegate = delegate_of(deps.storage, &addr)?;
    Ok(DelegationResponse {
        delegated: if delegate.is_some() {
            current.balance
        } else {
            Uint128::zero()
        },
        delegate,
        received: current.received,
        power: current.power(Uint128::zero())?,
    })
}

pub fn query_delegators(
    deps: Deps,
    delegate: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<DelegatorsResponse> {
    let delegate = deps.api.addr_validate(&delegate)?;
    let start = start_addr(deps.api, start_after)?;
    let delegators = PAGE.after(start.as_ref(), limit).list(
        &DELEGATORS.prefix(&delegate),
        deps.storage,
        |(address, _)| {
            Ok(Delegator {
                balance: balance(deps.storage, &address)?,
                address,
            })
        },
    )?;
    Ok(DelegatorsResponse { delegators })
}
