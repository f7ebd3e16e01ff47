//! Test doubles: an access contract that answers `model` and `plan` as the real one does and
//! keeps gateway approvals at the published raw key (`modelfund::access::raw::GATEWAYS`), and a
//! shares contract that records every `distribute {}` with its funds. Neither depends on another
//! contract crate.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Coin, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
    StdResult, Timestamp,
};
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::Map;
use modelfund::access::{raw::GATEWAYS, ModelResponse, Plan, PlanKind, SalesStatus};
pub use modelfund_testing::Distribution;
use modelfund_testing::{distributions, record_distribution};

const MODELS: Map<&str, (Addr, SalesStatus)> = Map::new("models");
const PLANS: Map<(&str, &str), Plan> = Map::new("plans");

#[cw_serde]
pub enum AccessExec {
    /// Register (or update) a model with its shares contract and sales status.
    SetModel {
        model_id: String,
        shares: String,
        sales: SalesStatus,
    },
    /// Add or change a plan (`retired: false`).
    SetPlan {
        model_id: String,
        plan_id: String,
        price: Coin,
        kind: PlanKind,
    },
    RetirePlan {
        model_id: String,
        plan_id: String,
    },
    Approve {
        model_id: String,
        gateway: String,
    },
    Revoke {
        model_id: String,
        gateway: String,
    },
}

pub fn access_double() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: AccessExec| -> StdResult<Response> {
            match msg {
                AccessExec::SetModel {
                    model_id,
                    shares,
                    sales,
                } => MODELS.save(deps.storage, &model_id, &(Addr::unchecked(shares), sales))?,
                AccessExec::SetPlan {
                    model_id,
                    plan_id,
                    price,
                    kind,
                } => PLANS.save(
                    deps.storage,
                    (&model_id, &plan_id),
                    &Plan {
                        plan_id: plan_id.clone(),
                        price,
                        kind,
                        retired: false,
                        updated_at: Timestamp::from_seconds(0),
                    },
                )?,
                AccessExec::RetirePlan { model_id, plan_id } => {
                    let mut plan = PLANS.load(deps.storage, (&model_id, &plan_id))?;
                    plan.retired = true;
                    PLANS.save(deps.storage, (&model_id, &plan_id), &plan)?;
                }
                AccessExec::Approve { model_id, gateway } => GATEWAYS.save(
                    deps.storage,
                    (&model_id, &Addr::unchecked(gateway)),
                    &Empty {},
                )?,
                AccessExec::Revoke { model_id, gateway } => {
                    GATEWAYS.remove(deps.storage, (&model_id, &Addr::unchecked(gateway)))
                }
            }
            Ok(Response::new())
        },
        |_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _env: Env, msg: modelfund::access::QueryMsg| -> StdResult<Binary> {
            match msg {
                modelfund::access::QueryMsg::Model { model_id } => {
                    let (shares, sales) = MODELS
                        .may_load(deps.storage, &model_id)?
                        .ok_or_else(|| StdError::not_found("model"))?;
                    to_json_binary(&ModelResponse {
                        model_id,
                        shares,
                        license_royalty_bps: 0,
                        dao: None,
                        registered_by: Addr::unchecked("launchpad"),
                        registered_at: Timestamp::from_seconds(0),
                        presale: None,
                        sales,
                        active_plans: 0,
                        usage_count: 0,
                        calls_consumed: 0,
                    })
                }
                modelfund::access::QueryMsg::Plan { model_id, plan_id } => to_json_binary(
                    &PLANS
                        .may_load(deps.storage, (&model_id, &plan_id))?
                        .ok_or_else(|| StdError::not_found("plan"))?,
                ),
                _ => Err(StdError::generic_err("access double: model and plan only")),
            }
        },
    ))
}

#[cw_serde]
pub enum SharesExec {
    Distribute {},
}

#[cw_serde]
pub enum SharesQuery {
    Distributions {},
}

pub fn shares_double() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _env: Env, info: MessageInfo, msg: SharesExec| -> StdResult<Response> {
            let SharesExec::Distribute {} = msg;
            if info.funds.is_empty() {
                return Err(StdError::generic_err(
                    "shares double: nothing to distribute",
                ));
            }
            record_distribution(deps.storage, info)?;
            Ok(Response::new())
        },
        |_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _env: Env, msg: SharesQuery| -> StdResult<Binary> {
            let SharesQuery::Distributions {} = msg;
            to_json_binary(&distributions(deps.storage)?)
        },
    ))
}
