//! Execute handlers. Every balance change goes through [`move_balance`]; allowances are checked
//! before any write and saved only after the balances moved, so a failing message changes nothing.

use cosmwasm_std::{
    Addr, Binary, BlockInfo, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Uint128,
};
use cw20::{AllowanceResponse, Cw20ReceiveMsg, EmbeddedLogo, Expiration, Logo, LogoInfo};

use crate::error::ContractError;
use crate::state::{
    move_balance, total_supply, MinterData, ALLOWANCES, ALLOWANCES_SPENDER, LOGO, MARKETING_INFO,
    TOKEN_INFO,
};

/// Largest embedded logo (cw20-base's limit).
const LOGO_SIZE_CAP: usize = 5 * 1024;

pub fn transfer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let recipient = deps.api.addr_validate(&recipient)?;
    move_balance(
        deps.storage,
        env.block.height,
        Some(&info.sender),
        Some(&recipient),
        amount,
    )?;
    Ok(Response::new()
        .add_attribute("action", "transfer")
        .add_attribute("from", info.sender)
        .add_attribute("to", recipient)
        .add_attribute("amount", amount))
}

pub fn burn(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    amount: Uint128,
) -> Result<Response, ContractError> {
    move_balance(
        deps.storage,
        env.block.height,
        Some(&info.sender),
        None,
        amount,
    )?;
    Ok(Response::new()
        .add_attribute("action", "burn")
        .add_attribute("from", info.sender)
        .add_attribute("amount", amount))
}

pub fn send(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    contract: String,
    amount: Uint128,
    msg: Binary,
) -> Result<Response, ContractError> {
    let contract = deps.api.addr_validate(&contract)?;
    move_balance(
        deps.storage,
        env.block.height,
        Some(&info.sender),
        Some(&contract),
        amount,
    )?;
    let hook = Cw20ReceiveMsg {
        sender: info.sender.to_string(),
        amount,
        msg,
    }
    .into_cosmos_msg(contract.as_str())?;
    Ok(Response::new()
        .add_message(hook)
        .add_attribute("action", "send")
        .add_attribute("from", info.sender)
        .add_attribute("to", contract)
        .add_attribute("amount", amount))
}

pub fn mint(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let config = TOKEN_INFO.load(deps.storage)?;
    let minter = config.mint.ok_or(ContractError::Unauthorized {})?;
    if minter.minter != info.sender {
        return Err(ContractError::Unauthorized {});
    }
    let recipient = deps.api.addr_validate(&recipient)?;
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    if let Some(cap) = minter.cap {
        if total_supply(deps.storage)?.checked_add(amount)? > cap {
            return Err(ContractError::CannotExceedCap {});
        }
    }
    move_balance(
        deps.storage,
        env.block.height,
        None,
        Some(&recipient),
        amount,
    )?;
    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("to", recipient)
        .add_attribute("amount", amount))
}

pub fn update_minter(
    deps: DepsMut,
    info: MessageInfo,
    new_minter: Option<String>,
) -> Result<Response, ContractError> {
    let mut config = TOKEN_INFO.load(deps.storage)?;
    let current = config.mint.as_ref().ok_or(ContractError::Unauthorized {})?;
    if current.minter != info.sender {
        return Err(ContractError::Unauthorized {});
    }
    let cap = current.cap;
    let new_minter = new_minter.map(|m| deps.api.addr_validate(&m)).transpose()?;
    config.mint = new_minter.clone().map(|minter| MinterData { minter, cap });
    TOKEN_INFO.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_minter")
        .add_attribute("by", info.sender)
        .add_attribute(
            "new_minter",
            new_minter
                .map(Addr::into_string)
                .unwrap_or_else(|| "None".to_string()),
        ))
}

/// Rejects an expiration that is already past in the current block (cw_utils'
/// `is_expired`: at or after the height / time).
fn check_expires(expires: Option<&Expiration>, block: &BlockInfo) -> Result<(), ContractError> {
    match expires {
        Some(exp) if exp.is_expired(block) => Err(ContractError::InvalidExpiration {}),
        _ => Ok(()),
    }
}

fn save_allowance(
    storage: &mut dyn Storage,
    owner: &Addr,
    spender: &Addr,
    allowance: &AllowanceResponse,
) -> StdResult<()> {
    ALLOWANCES.save(storage, (owner, spender), allowance)?;
    ALLOWANCES_SPENDER.save(storage, (spender, owner), allowance)
}

fn remove_allowance(storage: &mut dyn Storage, owner: &Addr, spender: &Addr) {
    ALLOWANCES.remove(storage, (owner, spender));
    ALLOWANCES_SPENDER.remove(storage, (spender, owner));
}

pub fn increase_allowance(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    let spender = deps.api.addr_validate(&spender)?;
    if spender == info.sender {
        return Err(ContractError::CannotSetOwnAccount {});
    }
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    check_expires(expires.as_ref(), &env.block)?;

    let mut allowance = ALLOWANCES
        .may_load(deps.storage, (&info.sender, &spender))?
        .unwrap_or_default();
    allowance.allowance = allowance.allowance.checked_add(amount)?;
    if let Some(exp) = expires {
        allowance.expires = exp;
    }
    // An expired allowance is not revived by raising it: give a new expiration instead.
    if allowance.expires.is_expired(&env.block) {
        return Err(ContractError::Expired {});
    }
    save_allowance(deps.storage, &info.sender, &spender, &allowance)?;

    Ok(Response::new()
        .add_attribute("action", "increase_allowance")
        .add_attribute("owner", info.sender)
        .add_attribute("spender", spender)
        .add_attribute("amount", amount)
        .add_attribute("allowance", allowance.allowance)
        .add_attribute("expires", allowance.expires.to_string()))
}

pub fn decrease_allowance(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    let spender = deps.api.addr_validate(&spender)?;
    if spender == info.sender {
        return Err(ContractError::CannotSetOwnAccount {});
    }
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    check_expires(expires.as_ref(), &env.block)?;

    let mut allowance = ALLOWANCES
        .may_load(deps.storage, (&info.sender, &spender))?
        .ok_or(ContractError::NoAllowance {})?;
    if amount >= allowance.allowance {
        allowance.allowance = Uint128::zero();
        remove_allowance(deps.storage, &info.sender, &spender);
    } else {
        allowance.allowance = allowance.allowance.checked_sub(amount)?;
        if let Some(exp) = expires {
            allowance.expires = exp;
        }
        save_allowance(deps.storage, &info.sender, &spender, &allowance)?;
    }

    Ok(Response::new()
        .add_attribute("action", "decrease_allowance")
        .add_attribute("owner", info.sender)
        .add_attribute("spender", spender)
        .add_attribute("amount", amount)
        .add_attribute("allowance", allowance.allowance))
}

/// The allowance `spender` has from `owner` after spending `amount`, checked but not saved:
/// a zero amount, no allowance, an expired one or one too small is a typed error.
fn spend_allowance(
    storage: &dyn Storage,
    owner: &Addr,
    spender: &Addr,
    block: &BlockInfo,
    amount: Uint128,
) -> Result<AllowanceResponse, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    let mut current = ALLOWANCES
        .may_load(storage, (owner, spender))?
        .ok_or(ContractError::NoAllowance {})?;
    if current.expires.is_expired(block) {
        return Err(ContractError::Expired {});
    }
    current.allowance = current.allowance.checked_sub(amount).map_err(|_| {
        ContractError::InsufficientAllowance {
            allowance: current.allowance,
            amount,
        }
    })?;
    Ok(current)
}

pub fn transfer_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let owner = deps.api.addr_validate(&owner)?;
    let recipient = deps.api.addr_validate(&recipient)?;
    let allowance = spend_allowance(deps.storage, &owner, &info.sender, &env.block, amount)?;
    move_balance(
        deps.storage,
        env.block.height,
        Some(&owner),
        Some(&recipient),
        amount,
    )?;
    save_allowance(deps.storage, &owner, &info.sender, &allowance)?;
    Ok(Response::new()
        .add_attribute("action", "transfer_from")
        .add_attribute("from", owner)
        .add_attribute("to", recipient)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

pub fn send_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    contract: String,
    amount: Uint128,
    msg: Binary,
) -> Result<Response, ContractError> {
    let owner = deps.api.addr_validate(&owner)?;
    let contract = deps.api.addr_validate(&contract)?;
    let allowance = spend_allowance(deps.storage, &owner, &info.sender, &env.block, amount)?;
    move_balance(
        deps.storage,
        env.block.height,
        Some(&owner),
        Some(&contract),
        amount,
    )?;
    save_allowance(deps.storage, &owner, &info.sender, &allowance)?;
    // cw20-base semantics: the hook names the spender as the sender.
    let hook = Cw20ReceiveMsg {
        sender: info.sender.to_string(),
        amount,
        msg,
    }
    .into_cosmos_msg(contract.as_str())?;
    Ok(Response::new()
        .add_message(hook)
        .add_attribute("action", "send_from")
        .add_attribute("from", owner)
        .add_attribute("to", contract)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

pub fn burn_from(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let owner = deps.api.addr_validate(&owner)?;
    let allowance = spend_allowance(deps.storage, &owner, &info.sender, &env.block, amount)?;
    move_balance(deps.storage, env.block.height, Some(&owner), None, amount)?;
    save_allowance(deps.storage, &owner, &info.sender, &allowance)?;
    Ok(Response::new()
        .add_attribute("action", "burn_from")
        .add_attribute("from", owner)
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount))
}

pub fn update_marketing(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    project: Option<String>,
    description: Option<String>,
    marketing: Option<String>,
) -> Result<Response, ContractError> {
    let sender = info.sender.clone();
    let res = cw20_base::contract::execute_update_marketing(
        deps,
        env,
        info,
        project,
        description,
        marketing,
    )?;
    Ok(res.add_attribute("by", sender))
}

pub fn upload_logo(
    deps: DepsMut,
    info: MessageInfo,
    logo: Logo,
) -> Result<Response, ContractError> {
    let mut marketing_info = MARKETING_INFO
        .may_load(deps.storage)?
        .ok_or(ContractError::Unauthorized {})?;
    if marketing_info.marketing.as_ref() != Some(&info.sender) {
        return Err(ContractError::Unauthorized {});
    }
    verify_logo(&logo)?;

    LOGO.save(deps.storage, &logo)?;
    marketing_info.logo = Some(match logo {
        Logo::Url(url) => LogoInfo::Url(url),
        Logo::Embedded(_) => LogoInfo::Embedded,
    });
    MARKETING_INFO.save(deps.storage, &marketing_info)?;
    Ok(Response::new()
        .add_attribute("action", "upload_logo")
        .add_attribute("by", info.sender))
}

/// cw20-base's logo rules: an embedded SVG starts with an XML preamble, an embedded PNG with
/// the PNG signature, both at most 5 KB; a URL is taken as is.
pub fn verify_logo(logo: &Logo) -> Result<(), ContractError> {
    match logo {
        Logo::Embedded(EmbeddedLogo::Svg(data)) => {
            let preamble = data
                .split_inclusive(|c| *c == b'>')
                .next()
                .ok_or(ContractError::InvalidXmlPreamble {})?;
            if !(preamble.starts_with(b"<?xml ") && preamble.ends_with(b"?>")) {
                return Err(ContractError::InvalidXmlPreamble {});
            }
            if data.len() > LOGO_SIZE_CAP {
                return Err(ContractError::LogoTooBig {});
            }
            Ok(())
        }
        Logo::Embedded(EmbeddedLogo::Png(data)) => {
            const HEADER: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
            if data.len() > LOGO_SIZE_CAP {
                return Err(ContractError::LogoTooBig {});
            }
            if !data.starts_with(&HEADER) {
                return Err(ContractError::InvalidPngHeader {});
            }
            Ok(())
        }
        Logo::Url(_) => Ok(()),
    }
}
