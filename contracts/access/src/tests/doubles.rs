//! Test doubles: a registry that answers cw721 `owner_of` for model ids, a shares contract that
//! records every `distribute {}` with the funds it received and answers `revenue_config` with the
//! denoms it was instantiated with, and a presale answering `state {}`. None depends on another
//! contract crate; the license receiver is modelfund-testing's `nft_receiver`.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
    StdResult,
};
use cw721::msg::OwnerOfResponse;
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::{Item, Map};
pub use modelfund_testing::Distribution;
use modelfund_testing::{distributions, record_distribution};

const OWNERS: Map<&str, Addr> = Map::new("owners");

#[cw_serde]
pub struct RegistryInit {
    /// (model id, owner)
    pub models: Vec<(String, String)>,
}

#[cw_serde]
pub enum RegistryExec {
    /// Set (or move) a model NFT's owner.
    SetOwner { model_id: String, owner: String },
    /// Burn a model NFT.
    Burn { model_id: String },
}

#[cw_serde]
pub enum RegistryQuery {
    OwnerOf {
        token_id: String,
        include_expired: Option<bool>,
    },
}

pub fn registry_double() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: RegistryExec| -> StdResult<Response> {
            match msg {
                RegistryExec::SetOwner { model_id, owner } => {
                    OWNERS.save(deps.storage, &model_id, &Addr::unchecked(owner))?
                }
                RegistryExec::Burn { model_id } => OWNERS.remove(deps.storage, &model_id),
            }
            Ok(Response::new())
        },
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: RegistryInit| -> StdResult<Response> {
            for (model_id, owner) in msg.models {
                OWNERS.save(deps.storage, &model_id, &Addr::unchecked(owner))?;
            }
            Ok(Response::new())
        },
        |deps: Deps, _env: Env, msg: RegistryQuery| -> StdResult<Binary> {
            let RegistryQuery::OwnerOf { token_id, .. } = msg;
            let owner = OWNERS
                .may_load(deps.storage, &token_id)?
                .ok_or_else(|| StdError::not_found("token"))?;
            to_json_binary(&OwnerOfResponse {
                owner: owner.into_string(),
                approvals: vec![],
            })
        },
    ))
}

const ACCEPTED: Item<Vec<String>> = Item::new("accepted");

#[cw_serde]
pub struct SharesInit {
    /// The revenue denoms it accepts.
    pub denoms: Vec<String>,
}

#[cw_serde]
pub enum SharesExec {
    Distribute {},
}

#[cw_serde]
pub enum SharesQuery {
    /// As the real shares contract answers it (only `denoms` filled).
    RevenueConfig {},
    /// The recorded distributions.
    Distributions {},
}

pub fn shares_double() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _env: Env, info: MessageInfo, msg: SharesExec| -> StdResult<Response> {
            let SharesExec::Distribute {} = msg;
            record_distribution(deps.storage, info)?;
            Ok(Response::new())
        },
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: SharesInit| -> StdResult<Response> {
            ACCEPTED.save(deps.storage, &msg.denoms)?;
            Ok(Response::new())
        },
        |deps: Deps, _env: Env, msg: SharesQuery| -> StdResult<Binary> {
            match msg {
                SharesQuery::RevenueConfig {} => {
                    to_json_binary(&modelfund::shares::RevenueConfigResponse {
                        admin: None,
                        denoms: ACCEPTED.load(deps.storage)?,
                        splits: vec![],
                        distributed: vec![],
                        owed: vec![],
                    })
                }
                SharesQuery::Distributions {} => to_json_binary(&distributions(deps.storage)?),
            }
        },
    ))
}

/// A presale that answers `state {}` with the phase it was set to, and refuses to answer at all
/// once told to (`Break`): a purchase that needs the query then fails, so a test can see whether
/// access asked.
const PHASE: Item<modelfund::presale::Phase> = Item::new("phase");
const BROKEN: Item<bool> = Item::new("broken");

#[cw_serde]
pub struct PresaleInit {
    pub phase: modelfund::presale::Phase,
}

#[cw_serde]
pub enum PresaleExec {
    /// Move to another phase (finalize, cancel, time passing).
    SetPhase { phase: modelfund::presale::Phase },
    /// Answer no query from now on.
    Break {},
}

pub fn presale_double() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: PresaleExec| -> StdResult<Response> {
            match msg {
                PresaleExec::SetPhase { phase } => PHASE.save(deps.storage, &phase)?,
                PresaleExec::Break {} => BROKEN.save(deps.storage, &true)?,
            }
            Ok(Response::new())
        },
        |deps: DepsMut, _env: Env, _info: MessageInfo, msg: PresaleInit| -> StdResult<Response> {
            PHASE.save(deps.storage, &msg.phase)?;
            Ok(Response::new())
        },
        |deps: Deps, _env: Env, msg: modelfund::presale::QueryMsg| -> StdResult<Binary> {
            if BROKEN.may_load(deps.storage)?.unwrap_or(false) {
                return Err(StdError::generic_err("presale double: broken"));
            }
            let modelfund::presale::QueryMsg::State {} = msg else {
                return Err(StdError::generic_err("presale double: only state"));
            };
            let state = cosmwasm_std::to_json_string(&modelfund::presale::StateResponse {
                phase: PHASE.load(deps.storage)?,
                raised: Default::default(),
                backers: 0,
                soft_cap_progress: Default::default(),
                hard_cap_progress: Default::default(),
                shares_sold: Default::default(),
                shares_claimed: Default::default(),
                refunded: Default::default(),
                seconds_left: 0,
                starts_in_seconds: 0,
                withdrawn: Default::default(),
            })?;
            // answered with a field of some later presale version: access reads only the phase
            // (`PresalePhase`), so a presale's `state` may grow without breaking sales
            let later = format!(r#"{},"a_later_field":1}}"#, state.trim_end_matches('}'));
            Ok(Binary::from(later.into_bytes()))
        },
    ))
}
