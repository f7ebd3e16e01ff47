//! Execute handlers. Every balance change goes through [`move_balance`]; allowances are checked
//! before any write and saved only after the balances moved, so a failing message changes nothing.

use cosmwasm_std::{
    Addr, BankMsg, Binary, BlockInfo, Coin, DepsMut, Env, MessageInfo, Response, StdResult,
    Storage, Uint128, Uint256,
};
use cw20::{AllowanceResponse, Cw20ReceiveMsg, Expiration, Logo};
use cw_utils::PaymentError;
use modelfund::display;
use modelfund::revenue::{validate_denoms, validate_splits, RevenueError, Split};
use modelfund::shares::VestingSchedule;

use crate::error::ContractError;
use crate::revenue::{
    claimable, indexes, plan_distribution, totals, Distribution, RevenueConfig, ACCRUALS,
    DENOM_TOTALS, REVENUE_CONFIG, REVENUE_INDEX, SCALE, SPLIT_ACCRUED,
};
use crate::state::{
    delegate as delegate_power, logo_info, mint_escrowed as mint_escrowed_shares, move_balance,
    release_escrowed as release_escrowed_shares, total_supply, MinterData, ALLOWANCES,
    ALLOWANCES_SPENDER, LOGO, MARKETING_INFO, TOKEN_INFO, VESTING,
};
use crate::validate::verify_logo;

/// A valid address that may hold shares: anything but this contract itself, whose shares
/// would earn revenue nobody can claim.
fn holder(deps: &DepsMut, env: &Env, address: &str) -> Result<Addr, ContractError> {
    let address = deps.api.addr_validate(address)?;
    if address == env.contract.address {
        return Err(ContractError::CannotHoldOwnShares {});
    }
    Ok(address)
}

/// An optional value as an event attribute: `None` when absent, as cw20-base writes it.
pub(crate) fn or_none(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "None".to_string(), |v| v.to_string())
}

/// The minter's record when `sender` is the minter.
fn minter(storage: &dyn Storage, sender: &Addr) -> Result<MinterData, ContractError> {
    let minter = TOKEN_INFO
        .load(storage)?
        .mint
        .ok_or(ContractError::Unauthorized {})?;
    if minter.minter != *sender {
        return Err(ContractError::Unauthorized {});
    }
    Ok(minter)
}

/// The supply after minting `amount` more, when that stays within the minter's cap.
fn check_cap(
    storage: &dyn Storage,
    minter: &MinterData,
    amount: Uint128,
) -> Result<(), ContractError> {
    if let Some(cap) = minter.cap {
        if total_supply(storage)?.checked_add(amount)? > cap {
            return Err(ContractError::CannotExceedCap {});
        }
    }
    Ok(())
}

/// Where [`move_shares`] puts the shares it takes.
pub enum Destination {
    /// `transfer`: onto a holder's balance.
    Holder(String),
    /// `send`: onto a contract's balance, then its `Receive` hook with `msg`.
    Contract { contract: String, msg: Binary },
    /// `burn`: out of the supply.
    Burn,
}

impl Destination {
    /// The action's name without the `_from` of the allowance variants.
    fn verb(&self) -> &'static str {
        match self {
            Destination::Holder(_) => "transfer",
            Destination::Contract { .. } => "send",
            Destination::Burn => "burn",
        }
    }
}

/// `transfer`, `send` and `burn`, and with an `owner` their `_from` variants: takes `amount`
/// from the sender's balance, or from `owner`'s through the sender's allowance (saved reduced
/// only once the balances moved), and puts it where `to` says.
pub fn move_shares(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    owner: Option<String>,
    to: Destination,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let owner = owner.map(|o| deps.api.addr_validate(&o)).transpose()?;
    let recipient = match &to {
        Destination::Holder(address)
        | Destination::Contract {
            contract: address, ..
        } => Some(holder(&deps, &env, address)?),
        Destination::Burn => None,
    };
    let from = match &owner {
        Some(owner) => {
            let allowance = spend_allowance(deps.storage, owner, &info.sender, &env.block, amount)?;
            move_balance(
                deps.storage,
                &env.block,
                Some(owner),
                recipient.as_ref(),
                amount,
            )?;
            save_allowance(deps.storage, owner, &info.sender, &allowance)?;
            owner
        }
        None => {
            move_balance(
                deps.storage,
                &env.block,
                Some(&info.sender),
                recipient.as_ref(),
                amount,
            )?;
            &info.sender
        }
    };
    let action = match owner {
        Some(_) => format!("{}_from", to.verb()),
        None => to.verb().to_string(),
    };
    let mut response = Response::new()
        .add_attribute("action", action)
        .add_attribute("from", from);
    if let Some(recipient) = &recipient {
        response = response.add_attribute("to", recipient);
    }
    if owner.is_some() {
        response = response.add_attribute("by", &info.sender);
    }
    response = response.add_attribute("amount", amount);
    if let (Destination::Contract { msg, .. }, Some(contract)) = (to, recipient) {
        // cw20-base semantics: the hook names the sender, the spender in `send_from`.
        let hook = Cw20ReceiveMsg {
            sender: info.sender.to_string(),
            amount,
            msg,
        }
        .into_cosmos_msg(contract.as_str())?;
        response = response.add_message(hook);
    }
    Ok(response)
}

/// `delegate`: the sender's balance votes through `to` from the next block on.
pub fn delegate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    to: String,
) -> Result<Response, ContractError> {
    let to = deps.api.addr_validate(&to)?;
    if to == env.contract.address {
        return Err(ContractError::CannotDelegateToContract {});
    }
    let change = delegate_power(deps.storage, env.block.height, &info.sender, &to)?;
    let previous = change.previous.unwrap_or_else(|| info.sender.clone());
    Ok(Response::new()
        .add_attribute("action", "delegate")
        .add_attribute("delegator", &info.sender)
        .add_attribute("from", previous)
        .add_attribute("to", to)
        .add_attribute("power", change.moved))
}

/// The checks every mint to a holder shares: the sender is the minter, the recipient a valid
/// holder, the amount non-zero and within the minter's cap. Returns the recipient.
fn check_mint(
    deps: &DepsMut,
    env: &Env,
    info: &MessageInfo,
    recipient: &str,
    amount: Uint128,
) -> Result<Addr, ContractError> {
    let minter = minter(deps.storage, &info.sender)?;
    let recipient = holder(deps, env, recipient)?;
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    check_cap(deps.storage, &minter, amount)?;
    Ok(recipient)
}

pub fn mint(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let recipient = check_mint(&deps, &env, &info, &recipient, amount)?;
    move_balance(deps.storage, &env.block, None, Some(&recipient), amount)?;
    Ok(Response::new()
        .add_attribute("action", "mint")
        .add_attribute("to", recipient)
        .add_attribute("amount", amount))
}

/// `mint_vesting`: a mint whose shares unlock on a schedule starting now.
pub fn mint_vesting(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
    cliff_seconds: u64,
    duration_seconds: u64,
) -> Result<Response, ContractError> {
    let recipient = check_mint(&deps, &env, &info, &recipient, amount)?;
    crate::validate::vesting(cliff_seconds, duration_seconds)?;
    if VESTING.has(deps.storage, &recipient) {
        return Err(ContractError::VestingExists {});
    }
    let start = env.block.time;
    let schedule = VestingSchedule {
        total: amount,
        start,
        cliff: start.plus_seconds(cliff_seconds),
        end: start.plus_seconds(duration_seconds),
    };
    VESTING.save(deps.storage, &recipient, &schedule)?;
    move_balance(deps.storage, &env.block, None, Some(&recipient), amount)?;
    Ok(Response::new()
        .add_attribute("action", "mint_vesting")
        .add_attribute("to", recipient)
        .add_attribute("amount", amount)
        .add_attribute("cliff", schedule.cliff.seconds().to_string())
        .add_attribute("end", schedule.end.seconds().to_string()))
}

pub fn mint_escrowed(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let minter = minter(deps.storage, &info.sender)?;
    check_cap(deps.storage, &minter, amount)?;
    let escrow = mint_escrowed_shares(deps.storage, env.block.height, amount)?;
    Ok(Response::new()
        .add_attribute("action", "mint_escrowed")
        .add_attribute("by", info.sender)
        .add_attribute("amount", amount)
        .add_attribute("since_height", escrow.since_height.to_string())
        .add_attribute("total_supply", total_supply(deps.storage)?))
}

pub fn release_escrowed(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    minter(deps.storage, &info.sender)?;
    let recipient = holder(&deps, &env, &recipient)?;
    let left = release_escrowed_shares(deps.storage, env.block.height, &recipient, amount)?;
    Ok(Response::new()
        .add_attribute("action", "release_escrowed")
        .add_attribute("by", info.sender)
        .add_attribute("to", recipient)
        .add_attribute("amount", amount)
        .add_attribute("escrow_left", left))
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
        .add_attribute("new_minter", or_none(new_minter)))
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

/// The checks both allowance changes share: a valid spender other than the owner, a non-zero
/// amount, and an expiration (if given) that has not passed yet.
fn check_allowance_change(
    deps: &DepsMut,
    env: &Env,
    info: &MessageInfo,
    spender: &str,
    amount: Uint128,
    expires: Option<&Expiration>,
) -> Result<Addr, ContractError> {
    let spender = deps.api.addr_validate(spender)?;
    if spender == info.sender {
        return Err(ContractError::CannotSetOwnAccount {});
    }
    if amount.is_zero() {
        return Err(ContractError::InvalidZeroAmount {});
    }
    check_expires(expires, &env.block)?;
    Ok(spender)
}

/// Which way [`change_allowance`] moves an allowance.
pub enum AllowanceChange {
    /// `increase_allowance`
    Increase,
    /// `decrease_allowance`
    Decrease,
}

/// `increase_allowance` and `decrease_allowance`: the sender changes what `spender` may move
/// from its balance by `amount`, and sets `expires` when given.
pub fn change_allowance(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    change: AllowanceChange,
    spender: String,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    let spender = check_allowance_change(&deps, &env, &info, &spender, amount, expires.as_ref())?;
    let owner = &info.sender;
    let response = Response::new();
    let (response, allowance) = match change {
        AllowanceChange::Increase => {
            let allowance = increased(deps.storage, &env.block, owner, &spender, amount, expires)?;
            (
                response.add_attribute("action", "increase_allowance"),
                allowance,
            )
        }
        AllowanceChange::Decrease => {
            let allowance = decreased(deps.storage, owner, &spender, amount, expires)?;
            (
                response.add_attribute("action", "decrease_allowance"),
                allowance,
            )
        }
    };
    let response = response
        .add_attribute("owner", owner)
        .add_attribute("spender", spender)
        .add_attribute("amount", amount)
        .add_attribute("allowance", allowance.allowance);
    Ok(match change {
        AllowanceChange::Increase => {
            response.add_attribute("expires", allowance.expires.to_string())
        }
        AllowanceChange::Decrease => response,
    })
}

/// Raises and saves `owner`'s allowance to `spender`. An expired allowance counts as zero:
/// raising it (with a new expiration) starts from nothing and never revives the old amount.
fn increased(
    storage: &mut dyn Storage,
    block: &BlockInfo,
    owner: &Addr,
    spender: &Addr,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<AllowanceResponse, ContractError> {
    let mut allowance = match ALLOWANCES.may_load(storage, (owner, spender))? {
        Some(old) if old.expires.is_expired(block) => AllowanceResponse {
            allowance: Uint128::zero(),
            expires: old.expires,
        },
        Some(old) => old,
        None => AllowanceResponse::default(),
    };
    allowance.allowance = allowance.allowance.checked_add(amount)?;
    if let Some(exp) = expires {
        allowance.expires = exp;
    }
    // an expired allowance raised without a new expiration stays expired
    if allowance.expires.is_expired(block) {
        return Err(ContractError::Expired {});
    }
    save_allowance(storage, owner, spender, &allowance)?;
    Ok(allowance)
}

/// Lowers and saves `owner`'s allowance to `spender`; lowered to zero (or below), it is removed.
fn decreased(
    storage: &mut dyn Storage,
    owner: &Addr,
    spender: &Addr,
    amount: Uint128,
    expires: Option<Expiration>,
) -> Result<AllowanceResponse, ContractError> {
    let mut allowance = ALLOWANCES
        .may_load(storage, (owner, spender))?
        .ok_or(ContractError::NoAllowance {})?;
    if amount >= allowance.allowance {
        allowance.allowance = Uint128::zero();
        remove_allowance(storage, owner, spender);
    } else {
        allowance.allowance = allowance.allowance.checked_sub(amount)?;
        if let Some(exp) = expires {
            allowance.expires = exp;
        }
        save_allowance(storage, owner, spender, &allowance)?;
    }
    Ok(allowance)
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
    marketing_info.logo = Some(logo_info(&logo));
    MARKETING_INFO.save(deps.storage, &marketing_info)?;
    Ok(Response::new()
        .add_attribute("action", "upload_logo")
        .add_attribute("by", info.sender))
}

/// Plans the distribution of `coins` (each of an accepted denom, non-zero, no denom twice) and
/// writes it only when every coin passed.
fn account_revenue(
    storage: &mut dyn Storage,
    coins: &[Coin],
) -> Result<Vec<Distribution>, ContractError> {
    let mut indexes = indexes(storage)?;
    let config = REVENUE_CONFIG.may_load(storage)?.unwrap_or_default();
    let mut plans: Vec<Distribution> = Vec::with_capacity(coins.len());
    for coin in coins {
        let slot = indexes
            .iter()
            .position(|(denom, _)| *denom == coin.denom)
            .ok_or_else(|| ContractError::NotRevenueDenom {
                denom: coin.denom.clone(),
            })?;
        if plans.iter().any(|p| p.denom == coin.denom) {
            return Err(RevenueError::DuplicateDenom {
                denom: coin.denom.clone(),
            }
            .into());
        }
        plans.push(plan_distribution(
            storage,
            &config,
            &indexes,
            slot,
            coin.amount,
        )?);
    }
    for plan in &plans {
        plan.save(storage, &mut indexes)?;
    }
    REVENUE_INDEX.save(storage, &indexes)?;
    Ok(plans)
}

/// The events of a distribution: what came in, what went to the splits and what was credited
/// to the holders.
fn distribution_attrs(response: Response, plans: &[Distribution]) -> StdResult<Response> {
    let coins = |f: &dyn Fn(&Distribution) -> StdResult<Uint128>| -> StdResult<Vec<Coin>> {
        plans
            .iter()
            .map(|p| Ok(Coin::new(f(p)?, p.denom.clone())))
            .collect()
    };
    Ok(response
        .add_attribute("amount", display::coins(&coins(&|p| Ok(p.amount))?, "none"))
        .add_attribute(
            "to_splits",
            display::coins(&coins(&|p| p.split_total())?, "none"),
        )
        .add_attribute(
            "to_holders",
            display::coins(&coins(&|p| Ok(p.holders))?, "none"),
        ))
}

pub fn distribute(deps: DepsMut, _env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    if info.funds.is_empty() {
        return Err(PaymentError::NoFunds {}.into());
    }
    let plans = account_revenue(deps.storage, &info.funds)?;
    let response = Response::new()
        .add_attribute("action", "distribute")
        .add_attribute("by", info.sender);
    Ok(distribution_attrs(response, &plans)?)
}

pub fn sweep(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    denom: String,
) -> Result<Response, ContractError> {
    if !indexes(deps.storage)?.iter().any(|(d, _)| *d == denom) {
        return Err(ContractError::NotRevenueDenom { denom });
    }
    let owed = totals(deps.storage, &denom)?.owed;
    let held = deps
        .querier
        .query_balance(&env.contract.address, &denom)?
        .amount;
    let new = held.checked_sub(owed).unwrap_or_default();
    if new.is_zero() {
        return Err(ContractError::NothingToSweep { denom });
    }
    let plans = account_revenue(deps.storage, &[Coin::new(new, denom.clone())])?;
    let response = Response::new()
        .add_attribute("action", "sweep")
        .add_attribute("by", info.sender)
        .add_attribute("denom", denom);
    Ok(distribution_attrs(response, &plans)?)
}

pub fn claim_revenue(deps: DepsMut, info: MessageInfo) -> Result<Response, ContractError> {
    let indexes = indexes(deps.storage)?;
    let mut payout: Vec<Coin> = Vec::new();
    let mut writes = Vec::new();
    for (denom, index) in &indexes {
        let (record, split) = claimable(deps.storage, &info.sender, denom, *index)?;
        let holder = record.claimable()?;
        let total = holder.checked_add(split)?;
        if total.is_zero() {
            continue;
        }
        let mut record = record;
        record.accrued = record
            .accrued
            .checked_sub(Uint256::from(holder).checked_mul(Uint256::from(SCALE))?)?;
        let mut denom_totals = totals(deps.storage, denom)?;
        denom_totals.owed = denom_totals.owed.checked_sub(total)?;
        writes.push((denom.as_str(), record, split, denom_totals));
        payout.push(Coin::new(total, denom.clone()));
    }
    if payout.is_empty() {
        return Err(ContractError::NothingToClaim {});
    }
    for (denom, record, split, denom_totals) in writes {
        ACCRUALS.save(deps.storage, (&info.sender, denom), &record)?;
        if !split.is_zero() {
            SPLIT_ACCRUED.remove(deps.storage, (&info.sender, denom));
        }
        DENOM_TOTALS.save(deps.storage, denom, &denom_totals)?;
    }
    // the bank wants coins sorted by denom
    payout.sort_by(|a, b| a.denom.cmp(&b.denom));
    let attr = display::coins(&payout, "none");
    Ok(Response::new()
        .add_message(BankMsg::Send {
            to_address: info.sender.to_string(),
            amount: payout,
        })
        .add_attribute("action", "claim_revenue")
        .add_attribute("to", info.sender)
        .add_attribute("amount", attr))
}

/// The revenue config when `sender` is its admin.
fn revenue_admin(storage: &dyn Storage, sender: &Addr) -> Result<RevenueConfig, ContractError> {
    let config = REVENUE_CONFIG
        .may_load(storage)?
        .ok_or(ContractError::Unauthorized {})?;
    if config.admin.as_ref() != Some(sender) {
        return Err(ContractError::Unauthorized {});
    }
    Ok(config)
}

pub fn set_splits(
    deps: DepsMut,
    info: MessageInfo,
    splits: Vec<Split>,
) -> Result<Response, ContractError> {
    let mut config = revenue_admin(deps.storage, &info.sender)?;
    config.splits = validate_splits(deps.api, &splits)?;
    let total_bps: u32 = config.splits.iter().map(|s| u32::from(s.bps)).sum();
    REVENUE_CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_splits")
        .add_attribute("by", info.sender)
        .add_attribute("splits", config.splits.len().to_string())
        .add_attribute("total_bps", total_bps.to_string()))
}

pub fn set_revenue_denoms(
    deps: DepsMut,
    info: MessageInfo,
    denoms: Vec<String>,
) -> Result<Response, ContractError> {
    revenue_admin(deps.storage, &info.sender)?;
    validate_denoms(&denoms)?;
    let mut indexes = indexes(deps.storage)?;
    if let Some((denom, _)) = indexes.iter().find(|(d, _)| !denoms.contains(d)) {
        return Err(ContractError::RevenueDenomRemoved {
            denom: denom.clone(),
        });
    }
    let mut added = Vec::new();
    for denom in &denoms {
        if !indexes.iter().any(|(d, _)| d == denom) {
            indexes.push((denom.clone(), Uint256::zero()));
            added.push(denom.as_str());
        }
    }
    REVENUE_INDEX.save(deps.storage, &indexes)?;
    Ok(Response::new()
        .add_attribute("action", "set_revenue_denoms")
        .add_attribute("by", info.sender)
        .add_attribute("added", added.join(","))
        .add_attribute(
            "denoms",
            indexes
                .iter()
                .map(|(d, _)| d.as_str())
                .collect::<Vec<_>>()
                .join(","),
        ))
}

pub fn update_revenue_admin(
    deps: DepsMut,
    info: MessageInfo,
    admin: Option<String>,
) -> Result<Response, ContractError> {
    let mut config = revenue_admin(deps.storage, &info.sender)?;
    config.admin = admin.map(|a| deps.api.addr_validate(&a)).transpose()?;
    REVENUE_CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_revenue_admin")
        .add_attribute("by", info.sender)
        .add_attribute("admin", or_none(config.admin)))
}
