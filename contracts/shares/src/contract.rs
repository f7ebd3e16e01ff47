#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::to_json_binary;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response};

use crate::error::ContractError;
use crate::execute::or_none;
use crate::execute::AllowanceChange::{Decrease, Increase};
use crate::execute::Destination::{Burn, Contract, Holder};
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::{execute, query, validate};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-shares";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::no_funds(&info)?;
    let init = validate::validated_init(deps.api, &env.contract.address, msg)?;
    init.save(deps.storage, &env.block)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("name", init.token.name)
        .add_attribute("symbol", init.token.symbol)
        .add_attribute("decimals", init.token.decimals.to_string())
        .add_attribute("total_supply", init.supply)
        .add_attribute("minter", or_none(init.token.mint.map(|m| m.minter)))
        .add_attribute(
            "revenue_denoms",
            or_none(init.revenue.map(|(_, denoms)| denoms.join(","))),
        ))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    // only `distribute` accepts funds
    modelfund::validate::refuse_funds(&msg, &info)?;
    match msg {
        ExecuteMsg::Transfer { recipient, amount } => {
            execute::move_shares(deps, env, info, None, Holder(recipient), amount)
        }
        ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } => execute::move_shares(deps, env, info, None, Contract { contract, msg }, amount),
        ExecuteMsg::Burn { amount } => execute::move_shares(deps, env, info, None, Burn, amount),
        ExecuteMsg::TransferFrom {
            owner,
            recipient,
            amount,
        } => execute::move_shares(deps, env, info, Some(owner), Holder(recipient), amount),
        ExecuteMsg::SendFrom {
            owner,
            contract,
            amount,
            msg,
        } => {
            let to = Contract { contract, msg };
            execute::move_shares(deps, env, info, Some(owner), to, amount)
        }
        ExecuteMsg::BurnFrom { owner, amount } => {
            execute::move_shares(deps, env, info, Some(owner), Burn, amount)
        }
        ExecuteMsg::Delegate { to } => execute::delegate(deps, env, info, to),
        ExecuteMsg::IncreaseAllowance {
            spender,
            amount,
            expires,
        } => execute::change_allowance(deps, env, info, Increase, spender, amount, expires),
        ExecuteMsg::DecreaseAllowance {
            spender,
            amount,
            expires,
        } => execute::change_allowance(deps, env, info, Decrease, spender, amount, expires),
        ExecuteMsg::Mint { recipient, amount } => execute::mint(deps, env, info, recipient, amount),
        ExecuteMsg::MintEscrowed { amount } => execute::mint_escrowed(deps, env, info, amount),
        ExecuteMsg::ReleaseEscrowed { recipient, amount } => {
            execute::release_escrowed(deps, env, info, recipient, amount)
        }
        ExecuteMsg::MintVesting {
            recipient,
            amount,
            cliff_seconds,
            duration_seconds,
        } => execute::mint_vesting(
            deps,
            env,
            info,
            recipient,
            amount,
            cliff_seconds,
            duration_seconds,
        ),
        ExecuteMsg::UpdateMinter { new_minter } => execute::update_minter(deps, info, new_minter),
        ExecuteMsg::UpdateMarketing {
            project,
            description,
            marketing,
        } => execute::update_marketing(deps, env, info, project, description, marketing),
        ExecuteMsg::UploadLogo(logo) => execute::upload_logo(deps, info, logo),
        ExecuteMsg::Distribute {} => execute::distribute(deps, env, info),
        ExecuteMsg::Sweep { denom } => execute::sweep(deps, env, info, denom),
        ExecuteMsg::ClaimRevenue {} => execute::claim_revenue(deps, info),
        ExecuteMsg::SetSplits { splits } => execute::set_splits(deps, info, splits),
        ExecuteMsg::SetRevenueDenoms { denoms } => execute::set_revenue_denoms(deps, info, denoms),
        ExecuteMsg::UpdateRevenueAdmin { admin } => {
            execute::update_revenue_admin(deps, info, admin)
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let bin = match msg {
        QueryMsg::Balance { address } => to_json_binary(&query::query_balance(deps, address)?)?,
        QueryMsg::TokenInfo {} => to_json_binary(&query::query_token_info(deps)?)?,
        QueryMsg::Minter {} => to_json_binary(&query::query_minter(deps)?)?,
        QueryMsg::Allowance { owner, spender } => {
            to_json_binary(&query::query_allowance(deps, owner, spender)?)?
        }
        QueryMsg::AllAllowances {
            owner,
            start_after,
            limit,
        } => to_json_binary(&query::query_owner_allowances(
            deps,
            owner,
            start_after,
            limit,
        )?)?,
        QueryMsg::AllSpenderAllowances {
            spender,
            start_after,
            limit,
        } => to_json_binary(&query::query_spender_allowances(
            deps,
            spender,
            start_after,
            limit,
        )?)?,
        QueryMsg::AllAccounts { start_after, limit } => {
            to_json_binary(&query::query_all_accounts(deps, start_after, limit)?)?
        }
        QueryMsg::MarketingInfo {} => to_json_binary(&query::query_marketing_info(deps)?)?,
        QueryMsg::DownloadLogo {} => to_json_binary(&query::query_download_logo(deps)?)?,
        QueryMsg::BalanceAtHeight { address, height } => {
            to_json_binary(&query::query_balance_at_height(deps, address, height)?)?
        }
        QueryMsg::TotalSupplyAtHeight { height } => {
            to_json_binary(&query::query_total_supply_at_height(deps, height)?)?
        }
        QueryMsg::VotingPowerAtHeight { address, height } => to_json_binary(
            &query::query_voting_power_at_height(deps, &env, address, height)?,
        )?,
        QueryMsg::TotalPowerAtHeight { height } => {
            to_json_binary(&query::query_total_power_at_height(deps, &env, height)?)?
        }
        QueryMsg::Dao {} => to_json_binary(&query::query_dao(deps)?)?,
        QueryMsg::Info {} => to_json_binary(&query::query_info(deps)?)?,
        QueryMsg::ClaimableRevenue { address } => {
            to_json_binary(&query::query_claimable_revenue(deps, address)?)?
        }
        QueryMsg::RevenueConfig {} => to_json_binary(&query::query_revenue_config(deps)?)?,
        QueryMsg::Escrow {} => to_json_binary(&query::query_escrow(deps)?)?,
        QueryMsg::Vesting { address } => {
            to_json_binary(&query::query_vesting(deps, &env, address)?)?
        }
        QueryMsg::Delegation { address } => {
            to_json_binary(&query::query_delegation(deps, address)?)?
        }
        QueryMsg::Delegators {
            delegate,
            start_after,
            limit,
        } => to_json_binary(&query::query_delegators(
            deps,
            delegate,
            start_after,
            limit,
        )?)?,
    };
    Ok(bin)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    match msg {
        MigrateMsg::Migrate {} => Ok(modelfund::migrate::migrate_same_contract(
            deps.storage,
            CONTRACT_NAME,
            CONTRACT_VERSION,
        )?),
    }
}
