#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, Uint128};
use cw20::{Logo, LogoInfo, MarketingInfoResponse};
use modelfund::revenue::{validate_denoms, validate_splits};
use modelfund::shares::{MAX_DECIMALS, MAX_INITIAL_BALANCES};

use crate::error::ContractError;
use crate::execute::verify_logo;
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::revenue::{RevenueConfig, REVENUE_CONFIG, REVENUE_INDEX};
use crate::state::{move_balance, MinterData, TokenInfo, LOGO, MARKETING_INFO, TOKEN_INFO};
use crate::{execute, query};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-shares";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw_utils::nonpayable(&info)?;
    validate_name(&msg.name)?;
    validate_symbol(&msg.symbol)?;
    if msg.decimals > MAX_DECIMALS {
        return Err(ContractError::InvalidDecimals { max: MAX_DECIMALS });
    }

    // Initial balances: bounded, valid addresses, non-zero amounts, no address twice.
    if msg.initial_balances.len() > MAX_INITIAL_BALANCES {
        return Err(ContractError::TooManyInitialBalances {
            max: MAX_INITIAL_BALANCES,
        });
    }
    let mut accounts: Vec<(Addr, Uint128)> = Vec::with_capacity(msg.initial_balances.len());
    let mut supply = Uint128::zero();
    for coin in &msg.initial_balances {
        if coin.amount.is_zero() {
            return Err(ContractError::InvalidZeroAmount {});
        }
        supply = supply.checked_add(coin.amount)?;
        let address = deps.api.addr_validate(&coin.address)?;
        if address == env.contract.address {
            return Err(ContractError::CannotHoldOwnShares {});
        }
        accounts.push((address, coin.amount));
    }
    let mut distinct: Vec<&Addr> = accounts.iter().map(|(addr, _)| addr).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != accounts.len() {
        return Err(ContractError::DuplicateInitialBalanceAddresses {});
    }

    let mint = match &msg.mint {
        Some(m) => {
            if let Some(cap) = m.cap {
                if supply > cap {
                    return Err(ContractError::InitialSupplyOverCap { supply, cap });
                }
            }
            Some(MinterData {
                minter: deps.api.addr_validate(&m.minter)?,
                cap: m.cap,
            })
        }
        None => None,
    };

    let marketing = match msg.marketing {
        Some(marketing) => {
            if let Some(logo) = &marketing.logo {
                verify_logo(logo)?;
            }
            let address = marketing
                .marketing
                .map(|addr| deps.api.addr_validate(&addr))
                .transpose()?;
            Some((
                marketing.project,
                marketing.description,
                address,
                marketing.logo,
            ))
        }
        None => None,
    };

    // Revenue: valid denoms and splits, a valid admin.
    let revenue = match &msg.revenue {
        Some(init) => {
            validate_denoms(&init.denoms)?;
            let splits = validate_splits(deps.api, &init.splits)?;
            let admin = init
                .admin
                .as_ref()
                .map(|a| deps.api.addr_validate(a))
                .transpose()?;
            Some((RevenueConfig { admin, splits }, init.denoms.clone()))
        }
        None => None,
    };

    // Every check passed: write.
    if let Some((config, denoms)) = &revenue {
        REVENUE_CONFIG.save(deps.storage, config)?;
        REVENUE_INDEX.save(
            deps.storage,
            &denoms
                .iter()
                .map(|d| (d.clone(), Default::default()))
                .collect(),
        )?;
    }
    TOKEN_INFO.save(
        deps.storage,
        &TokenInfo {
            name: msg.name.clone(),
            symbol: msg.symbol.clone(),
            decimals: msg.decimals,
            mint: mint.clone(),
        },
    )?;
    for (addr, amount) in &accounts {
        move_balance(deps.storage, env.block.height, None, Some(addr), *amount)?;
    }
    if let Some((project, description, marketing, logo)) = marketing {
        let logo = match logo {
            Some(logo) => {
                LOGO.save(deps.storage, &logo)?;
                Some(match logo {
                    Logo::Url(url) => LogoInfo::Url(url),
                    Logo::Embedded(_) => LogoInfo::Embedded,
                })
            }
            None => None,
        };
        MARKETING_INFO.save(
            deps.storage,
            &MarketingInfoResponse {
                project,
                description,
                logo,
                marketing,
            },
        )?;
    }
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;

    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("name", msg.name)
        .add_attribute("symbol", msg.symbol)
        .add_attribute("decimals", msg.decimals.to_string())
        .add_attribute("total_supply", supply)
        .add_attribute(
            "minter",
            mint.map(|m| m.minter.into_string())
                .unwrap_or_else(|| "None".to_string()),
        )
        .add_attribute(
            "revenue_denoms",
            revenue
                .map(|(_, denoms)| denoms.join(","))
                .unwrap_or_else(|| "None".to_string()),
        ))
}

/// cw20-base's rule: 3 to 50 bytes.
fn validate_name(name: &str) -> Result<(), ContractError> {
    if !(3..=50).contains(&name.len()) {
        return Err(ContractError::InvalidName {});
    }
    Ok(())
}

/// cw20-base's rule: 3 to 12 characters of `[a-zA-Z-]`.
fn validate_symbol(symbol: &str) -> Result<(), ContractError> {
    if !(3..=12).contains(&symbol.len())
        || !symbol.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
    {
        return Err(ContractError::InvalidSymbol {});
    }
    Ok(())
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    // only `distribute` accepts funds
    if !matches!(msg, ExecuteMsg::Distribute {}) {
        cw_utils::nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::Transfer { recipient, amount } => {
            execute::transfer(deps, env, info, recipient, amount)
        }
        ExecuteMsg::Burn { amount } => execute::burn(deps, env, info, amount),
        ExecuteMsg::Send {
            contract,
            amount,
            msg,
        } => execute::send(deps, env, info, contract, amount, msg),
        ExecuteMsg::IncreaseAllowance {
            spender,
            amount,
            expires,
        } => execute::increase_allowance(deps, env, info, spender, amount, expires),
        ExecuteMsg::DecreaseAllowance {
            spender,
            amount,
            expires,
        } => execute::decrease_allowance(deps, env, info, spender, amount, expires),
        ExecuteMsg::TransferFrom {
            owner,
            recipient,
            amount,
        } => execute::transfer_from(deps, env, info, owner, recipient, amount),
        ExecuteMsg::SendFrom {
            owner,
            contract,
            amount,
            msg,
        } => execute::send_from(deps, env, info, owner, contract, amount, msg),
        ExecuteMsg::BurnFrom { owner, amount } => {
            execute::burn_from(deps, env, info, owner, amount)
        }
        ExecuteMsg::Mint { recipient, amount } => execute::mint(deps, env, info, recipient, amount),
        ExecuteMsg::MintEscrowed { amount } => execute::mint_escrowed(deps, env, info, amount),
        ExecuteMsg::ReleaseEscrowed { recipient, amount } => {
            execute::release_escrowed(deps, env, info, recipient, amount)
        }
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
    query::query(deps, env, msg)
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
