//! Input checks of instantiate and the handlers: the params within the DAO's bounds, a
//! proposal's actions, the denoms of `reclaim`. Each returns a typed error before anything is
//! written.

use cosmwasm_std::{Api, Coin, Storage};
use modelfund::governance::{
    Action, GovernanceParams, InstantiateMsg, ParamBounds, ABSOLUTE_MAX_ACTIONS, MAX_MEMO_LEN,
    MAX_RECLAIM_DENOMS,
};
use modelfund::validate::{self, MAX_ID_LEN, MAX_LABEL_LEN};

use crate::error::ContractError;
use crate::state::Config;
use crate::treasury::check_deposit_denoms;

/// The configuration an instantiate message describes: bounds within the absolute ones, params
/// within the bounds, valid addresses, and the registry, model id and access that go together.
pub fn validated_config(api: &dyn Api, msg: InstantiateMsg) -> Result<Config, ContractError> {
    let bounds = msg.bounds.unwrap_or(ParamBounds::ABSOLUTE);
    bounds
        .validate()
        .map_err(|reason| ContractError::InvalidBounds { reason })?;
    validate_params(&msg.params, &bounds)?;
    let registry = msg.registry.map(|r| api.addr_validate(&r)).transpose()?;
    if registry.is_some() != msg.model_id.is_some() {
        return Err(ContractError::InvalidParams {
            reason: "registry and model_id go together".into(),
        });
    }
    if let Some(id) = &msg.model_id {
        validate::identifier("model_id", id, MAX_ID_LEN)?;
    }
    let access = match msg.access {
        Some(a) if msg.model_id.is_some() => Some(api.addr_validate(&a)?),
        Some(_) => {
            return Err(ContractError::InvalidParams {
                reason: "access needs model_id".into(),
            })
        }
        None => None,
    };
    Ok(Config {
        vetoer: msg.vetoer.map(|v| api.addr_validate(&v)).transpose()?,
        presale: msg.presale.map(|p| api.addr_validate(&p)).transpose()?,
        shares: api.addr_validate(&msg.shares)?,
        registry,
        model_id: msg.model_id,
        access,
        params: msg.params,
        bounds,
    })
}

/// Params within `bounds` (and [`ParamBounds::ABSOLUTE`]), with a sane action cap and deposit.
pub fn validate_params(p: &GovernanceParams, bounds: &ParamBounds) -> Result<(), ContractError> {
    let fail = |reason: &str| ContractError::InvalidParams {
        reason: reason.to_string(),
    };
    bounds
        .check(p)
        .map_err(|reason| ContractError::InvalidParams { reason })?;
    if p.max_actions == 0 || p.max_actions > ABSOLUTE_MAX_ACTIONS {
        return Err(fail("max actions must be 1 to 20"));
    }
    if let Some(d) = &p.deposit {
        if d.amount.is_zero() {
            return Err(fail("a deposit must be positive (or none)"));
        }
        validate::denom(&d.denom)?;
    }
    Ok(())
}

/// A params change, wherever it comes from: within the DAO's bounds and the deposit-denom bound.
pub fn check_params_change(
    storage: &dyn Storage,
    config: &Config,
    params: &GovernanceParams,
) -> Result<(), ContractError> {
    validate_params(params, &config.bounds)?;
    check_deposit_denoms(storage, params)
}

/// Native coins of an action: valid denoms, none twice.
fn check_coins(index: usize, coins: &[Coin]) -> Result<(), ContractError> {
    for (i, c) in coins.iter().enumerate() {
        validate::denom(&c.denom)?;
        if coins[..i].iter().any(|d| d.denom == c.denom) {
            return Err(ContractError::InvalidAction {
                index,
                reason: format!("denom {} appears twice", c.denom),
            });
        }
    }
    Ok(())
}

/// Action `index` of a proposal, checked at propose (what can be checked before it runs).
pub fn validate_action(
    api: &dyn Api,
    storage: &dyn Storage,
    config: &Config,
    index: usize,
    action: &Action,
) -> Result<(), ContractError> {
    let fail = |reason: &str| ContractError::InvalidAction {
        index,
        reason: reason.to_string(),
    };
    match action {
        Action::PublishModelVersion {
            version,
            content_hash,
            uri,
            notes,
        } => {
            config.registry()?;
            validate::version_entry(version, content_hash, uri, notes.as_deref())?;
        }
        Action::ReleaseMilestone {
            recipient,
            amount,
            memo,
        } => {
            api.addr_validate(recipient)?;
            if amount.amount.is_zero() {
                return Err(fail("a milestone must pay a positive amount"));
            }
            check_coins(index, std::slice::from_ref(amount))?;
            validate::text("memo", memo, MAX_MEMO_LEN, true)?;
        }
        Action::SpendTreasury { recipient, amount } => {
            api.addr_validate(recipient)?;
            if amount.is_empty() || amount.iter().any(|c| c.amount.is_zero()) {
                return Err(fail("spend at least one positive coin"));
            }
            check_coins(index, amount)?;
        }
        // checked again when it executes (deposits may be held in other denoms by then)
        Action::UpdateConfig { params } => check_params_change(storage, config, params)?,
        Action::SetPricingPlan { plan } => {
            config.access()?;
            validate::identifier("plan_id", &plan.plan_id, MAX_LABEL_LEN)?;
            if plan.price.amount.is_zero() {
                return Err(fail("a plan's price must be positive"));
            }
        }
        Action::RetirePricingPlan { plan_id } => {
            config.access()?;
            validate::identifier("plan_id", plan_id, MAX_LABEL_LEN)?;
        }
        Action::ApproveGateway { gateway } | Action::RevokeGateway { gateway } => {
            config.access()?;
            api.addr_validate(gateway)?;
        }
        Action::SetRoyaltySplits { splits } => {
            modelfund::revenue::validate_splits(api, splits)?;
        }
        Action::Custom(_) => {}
    }
    Ok(())
}

/// The denoms of `reclaim` and `exit`: at most `MAX_RECLAIM_DENOMS`, valid, none twice.
pub fn validate_denoms(denoms: &[String]) -> Result<(), ContractError> {
    if denoms.len() > MAX_RECLAIM_DENOMS {
        return Err(ContractError::InvalidDenoms {
            reason: format!("at most {MAX_RECLAIM_DENOMS} denoms"),
        });
    }
    for (i, denom) in denoms.iter().enumerate() {
        validate::denom(denom)?;
        if denoms[..i].contains(denom) {
            return Err(ContractError::InvalidDenoms {
                reason: format!("{denom} appears twice"),
            });
        }
    }
    Ok(())
}
