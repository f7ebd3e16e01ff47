//! Steps several test files take, written once: launching a model now, and instantiating a
//! second launchpad beside the suite's.

use cosmwasm_std::Addr;
use cw_multi_test::AppResponse;
use modelfund::launchpad::{ConfigResponse, InstantiateMsg, LaunchBounds, QueryMsg};

use super::suite::{launch_msg, Suite};

/// `who` launches `model_id` with the default launch message, at the current time.
pub fn launch_now(suite: &mut Suite, who: &Addr, model_id: &str) -> AppResponse {
    let now = suite.now();
    suite.launch(who, &launch_msg(model_id, now), &[]).unwrap()
}

/// An instantiate message for a second launchpad using the suite's codes, registry and access,
/// without a fee or reservation periods.
pub fn second_launchpad(
    suite: &Suite,
    owner: Option<String>,
    bounds: Option<LaunchBounds>,
) -> InstantiateMsg {
    InstantiateMsg {
        owner,
        code_ids: suite.code_ids.clone(),
        registry: suite.registry.to_string(),
        access: suite.access.to_string(),
        fee: None,
        bounds,
        reservation_periods: None,
    }
}

/// The config of the launchpad at `addr`.
pub fn config_at(suite: &Suite, addr: &Addr) -> ConfigResponse {
    suite
        .app
        .wrap()
        .query_wasm_smart(addr, &QueryMsg::Config {})
        .unwrap()
}
