//! The `model_summary` answer: a launched model's record, its name from the registry and its
//! presale's state and config, so a list row costs one query instead of four.
//!
//! The other contracts' answers are read into the few fields used here, ignoring the rest, so
//! a registry or presale whose answers gain fields never breaks this query.

use cosmwasm_std::{Coin, Deps, StdResult, Uint128};
use modelfund::launchpad::ModelSummary;
use modelfund::presale::Phase;
use serde::Deserialize;

use crate::state::LaunchRecord;

/// What is read of the registry's `model` answer.
#[derive(Deserialize)]
struct RegistryModel {
    info: RegistryModelInfo,
}

#[derive(Deserialize)]
struct RegistryModelInfo {
    name: String,
}

/// What is read of the presale's `state` answer.
#[derive(Deserialize)]
struct PresaleState {
    phase: Phase,
    raised: Uint128,
    seconds_left: u64,
    #[serde(default)]
    starts_in_seconds: u64,
}

/// What is read of the presale's `config` answer.
#[derive(Deserialize)]
struct PresaleConfig {
    denom: String,
    soft_cap: Uint128,
    hard_cap: Uint128,
}

/// The summary of the model `model_id` launched as `record`: three queries (registry `model`,
/// presale `state` and `config`).
pub fn summary(deps: Deps, model_id: String, record: LaunchRecord) -> StdResult<ModelSummary> {
    let model: RegistryModel = deps.querier.query_wasm_smart(
        &record.registry,
        &modelfund::registry::QueryMsg::Model {
            token_id: model_id.clone(),
        },
    )?;
    let state: PresaleState = deps
        .querier
        .query_wasm_smart(&record.presale, &modelfund::presale::QueryMsg::State {})?;
    let config: PresaleConfig = deps
        .querier
        .query_wasm_smart(&record.presale, &modelfund::presale::QueryMsg::Config {})?;
    let coin = |amount: Uint128| Coin::new(amount, &config.denom);
    Ok(ModelSummary {
        model_id,
        name: model.info.name,
        creator: record.creator,
        shares: record.shares,
        presale: record.presale,
        governance: record.governance,
        phase: state.phase,
        raised: coin(state.raised),
        soft_cap: coin(config.soft_cap),
        hard_cap: coin(config.hard_cap),
        starts_in_seconds: state.starts_in_seconds,
        seconds_left: state.seconds_left,
        launched_at: record.launched_at,
    })
}
