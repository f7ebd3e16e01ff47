//! What access asks other contracts about a registered model: its DAO (whoever owns the model
//! NFT in the registry right now), whether its plans can be bought (its presale's phase), and
//! whether its shares contract accepts a plan's denom as revenue.

use cosmwasm_std::{Addr, Deps};
use cw721::msg::OwnerOfResponse;
use modelfund::access::{PlanMsg, SalesStatus};
use modelfund::presale::{Phase, PresalePhase, QueryMsg as PresaleQuery};
use modelfund::shares::{QueryMsg as SharesQuery, RevenueConfigResponse};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ContractError;
use crate::state::{load_model, ModelRecord, CONFIG};

/// A smart query of `contract`. Whatever makes it fail (no such contract, another kind of
/// contract, a refusal) is the caller's typed error `failed()`.
fn ask<T: DeserializeOwned>(
    deps: Deps,
    contract: &Addr,
    msg: &impl Serialize,
    failed: impl FnOnce() -> ContractError,
) -> Result<T, ContractError> {
    deps.querier
        .query_wasm_smart(contract, msg)
        .map_err(|_| failed())
}

/// The model NFT's current owner in the registry: the model's DAO.
pub fn query_dao(deps: Deps, model_id: &str) -> Result<Addr, ContractError> {
    let registry = CONFIG.load(deps.storage)?.registry;
    let owner_of = modelfund::registry::QueryMsg::OwnerOf {
        token_id: model_id.to_string(),
        include_expired: None,
    };
    let res: OwnerOfResponse = ask(deps, &registry, &owner_of, || {
        ContractError::ModelNotInRegistry {
            model_id: model_id.to_string(),
        }
    })?;
    Ok(deps.api.addr_validate(&res.owner)?)
}

/// Loads a registered model and checks that `sender` is its DAO right now.
pub fn load_dao_model(
    deps: Deps,
    model_id: &str,
    sender: &Addr,
) -> Result<ModelRecord, ContractError> {
    let model = load_model(deps.storage, model_id)?;
    if query_dao(deps, model_id)? != *sender {
        return Err(ContractError::NotModelDao {
            model_id: model_id.to_string(),
        });
    }
    Ok(model)
}

/// Where a model's sales stand: open when recorded so; else (a model with a presale) what its
/// presale's phase says. One smart query, only while sales are not known to be open.
pub fn sales_status(deps: Deps, model: &ModelRecord) -> Result<SalesStatus, ContractError> {
    let presale = match (&model.presale, model.sales_open) {
        (_, true) | (None, _) => return Ok(SalesStatus::Open),
        (Some(presale), false) => presale,
    };
    let state: PresalePhase = ask(deps, presale, &PresaleQuery::State {}, || {
        ContractError::PresaleQueryFailed {
            presale: presale.to_string(),
        }
    })?;
    Ok(match state.phase {
        Phase::Succeeded => SalesStatus::Open,
        Phase::Failed | Phase::Cancelled => SalesStatus::Closed,
        Phase::Upcoming | Phase::Open | Phase::Ended => SalesStatus::AwaitingPresale,
    })
}

/// A purchase may go ahead only while sales are open. The first purchase after the presale
/// succeeded records it in `model` (the caller saves it), so later purchases skip the query.
/// A failed or cancelled presale closes the model for sales for good: nothing could ever pay
/// out a payment to a shares contract that will never have holders.
pub fn ensure_sales_open(
    deps: Deps,
    model_id: &str,
    model: &mut ModelRecord,
) -> Result<(), ContractError> {
    if model.sales_open {
        return Ok(());
    }
    match sales_status(deps, model)? {
        SalesStatus::Open => {
            model.sales_open = true;
            Ok(())
        }
        SalesStatus::AwaitingPresale => Err(ContractError::SalesNotOpen {
            model_id: model_id.to_string(),
        }),
        SalesStatus::Closed => Err(ContractError::SalesClosed {
            model_id: model_id.to_string(),
        }),
    }
}

/// Every plan is priced in a denom the model's shares contract accepts as revenue: the
/// payment of a purchase is forwarded to its `distribute`, which refuses other denoms, so such a
/// plan could never be bought. One query per message, only when it carries plans.
pub fn ensure_accepted(deps: Deps, shares: &Addr, plans: &[PlanMsg]) -> Result<(), ContractError> {
    if plans.is_empty() {
        return Ok(());
    }
    let config: RevenueConfigResponse = ask(deps, shares, &SharesQuery::RevenueConfig {}, || {
        ContractError::NotShares {
            shares: shares.to_string(),
        }
    })?;
    for plan in plans {
        if !config.denoms.contains(&plan.price.denom) {
            return Err(ContractError::DenomNotAccepted {
                denom: plan.price.denom.clone(),
                shares: shares.to_string(),
            });
        }
    }
    Ok(())
}
