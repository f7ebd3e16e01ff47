//! The params stay within `ParamBounds::ABSOLUTE` and the bounds the DAO was instantiated with,
//! at instantiate and in every later `update_config`.

use cosmwasm_std::{to_json_binary, Decimal, WasmMsg};
use modelfund::governance::{
    Action, ConfigResponse, ExecuteMsg, GovernanceParams, ParamBounds, ProposalStatus, QueryMsg,
};

use super::suite::*;
use crate::ContractError;

/// Bounds a launchpad could pass: thresholds from 60 %, quorums from 20 %.
fn launchpad_bounds() -> ParamBounds {
    ParamBounds {
        min_quorum: Decimal::percent(20),
        min_threshold: Decimal::percent(60),
        ..ParamBounds::ABSOLUTE
    }
}

/// Proposes an `update_config` to `params` on the suite's DAO: refused at propose when out of
/// range.
fn propose_update(s: &mut Suite, params: GovernanceParams) -> Result<u64, ContractError> {
    let alice = s.alice.clone();
    s.propose(&alice, vec![Action::UpdateConfig { params }])
}

/// The same change sent to the `update_config` handler by a passed proposal's custom message
/// (so the check at propose is skipped): the handler refuses it and the execution fails.
fn update_through_the_handler(s: &mut Suite, params: GovernanceParams) -> String {
    let call = Action::Custom(
        WasmMsg::Execute {
            contract_addr: s.dao.to_string(),
            msg: to_json_binary(&ExecuteMsg::UpdateConfig { params }).unwrap(),
            funds: vec![],
        }
        .into(),
    );
    let id = passed(s, vec![call]);
    s.next_block(TIMELOCK);
    execute(s, id).unwrap();
    let p = s.proposal(id);
    assert_eq!(p.status, ProposalStatus::ExecutionFailed);
    p.execution_error.unwrap()
}

type Edit = fn(&mut GovernanceParams);

/// Checks each out-of-range edit everywhere params enter: instantiate, an `update_config`
/// action at propose, the `update_config` handler at execution, and a direct call.
fn refused_everywhere(cases: &[(&str, Edit)], bounds: Option<ParamBounds>, what: &str) {
    for (name, edit) in cases {
        let mut s = match &bounds {
            Some(b) => Suite::with_bounds(params_within(b), b.clone()),
            None => Suite::new(),
        };
        let mut p = s
            .query::<ConfigResponse>(&QueryMsg::Config {})
            .unwrap()
            .params;
        edit(&mut p);
        let err = s.bare_dao(p.clone(), bounds.clone()).unwrap_err();
        assert!(
            matches!(&err, ContractError::InvalidParams { reason } if reason.starts_with(what)),
            "{name}: {err}"
        );
        let err = propose_update(&mut s, p.clone()).unwrap_err();
        assert!(
            matches!(&err, ContractError::InvalidParams { reason } if reason.starts_with(what)),
            "{name}: {err}"
        );
        let error = update_through_the_handler(&mut s, p.clone());
        assert!(
            error.starts_with("action 0 (custom) failed: ")
                && error.contains(&format!("invalid governance params: {what}")),
            "{name}: {error}"
        );
        let alice = s.alice.clone();
        assert_eq!(
            s.exec(&alice, &ExecuteMsg::UpdateConfig { params: p }, &[])
                .unwrap_err(),
            ContractError::Unauthorized {},
            "{name}"
        );
        let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
        assert_eq!(
            config.params,
            params_within(&config.bounds),
            "{name}: unchanged"
        );
    }
}

/// The suite's params, raised to satisfy `bounds`.
fn params_within(bounds: &ParamBounds) -> GovernanceParams {
    let mut p = params();
    p.quorum = p.quorum.max(bounds.min_quorum);
    p.threshold = p.threshold.max(bounds.min_threshold);
    p
}

/// cw3 / DAO DAO bug class "threshold out of range": a threshold below a majority, of 100 % or
/// more (nothing could ever pass), or below the DAO's own bounds is refused at instantiate and
/// in every `update_config`.
#[test]
fn thresholds_out_of_range_are_refused_at_instantiate_and_in_update_config() {
    let cases: [(&str, Edit); 3] = [
        ("minority", |p| p.threshold = Decimal::percent(49)),
        ("all", |p| p.threshold = Decimal::one()),
        ("above all", |p| p.threshold = Decimal::percent(150)),
    ];
    refused_everywhere(&cases, None, "threshold");
    let below_bounds: [(&str, Edit); 1] = [("below 60 %", |p| p.threshold = Decimal::percent(59))];
    refused_everywhere(&below_bounds, Some(launchpad_bounds()), "threshold");
}

/// cw3 / DAO DAO bug class "quorum out of range": a zero quorum (one voter decides), one below
/// 1 %, one above 100 % (nothing could ever reach it), or below the DAO's own bounds is refused
/// at instantiate and in every `update_config`.
#[test]
fn quorums_out_of_range_are_refused_at_instantiate_and_in_update_config() {
    let cases: [(&str, Edit); 3] = [
        ("zero", |p| p.quorum = Decimal::zero()),
        ("below 1 %", |p| p.quorum = Decimal::permille(9)),
        ("above 100 %", |p| p.quorum = Decimal::percent(101)),
    ];
    refused_everywhere(&cases, None, "quorum");
    let below_bounds: [(&str, Edit); 1] = [("below 20 %", |p| p.quorum = Decimal::percent(19))];
    refused_everywhere(&below_bounds, Some(launchpad_bounds()), "quorum");
}

/// Periods outside the absolute bounds: a vote too short to take part in, a timelock of zero
/// (no time to exit), an execution window too short to use, or any of them beyond a year.
#[test]
fn periods_out_of_range_are_refused_at_instantiate_and_in_update_config() {
    let year = 365 * 86_400;
    let voting: [(&str, Edit); 2] = [
        ("59 s", |p| p.voting_period_seconds = 59),
        ("a year and a second", |p| {
            p.voting_period_seconds = 365 * 86_400 + 1
        }),
    ];
    refused_everywhere(&voting, None, "voting period");
    let timelock: [(&str, Edit); 2] = [
        ("zero", |p| p.timelock_seconds = 0),
        ("a year and a second", |p| {
            p.timelock_seconds = 365 * 86_400 + 1
        }),
    ];
    refused_everywhere(&timelock, None, "timelock");
    let window: [(&str, Edit); 2] = [
        ("59 s", |p| p.execution_window_seconds = 59),
        ("a year and a second", |p| {
            p.execution_window_seconds = 365 * 86_400 + 1
        }),
    ];
    refused_everywhere(&window, None, "execution window");
    // the limits themselves are fine
    let mut s = Suite::new();
    let mut p = params();
    p.voting_period_seconds = 60;
    p.timelock_seconds = 1;
    p.execution_window_seconds = year;
    s.bare_dao(p, None).unwrap();
}

/// The instantiate-time bounds must themselves lie within the absolute ones; they are stored
/// and shown in `config` (the absolute ones when none were given).
#[test]
fn bounds_lie_within_the_absolute_ones_and_are_exposed() {
    let mut s = Suite::new();
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.bounds, ParamBounds::ABSOLUTE);
    assert_eq!(config.presale, Some(s.presale.clone()));
    type BoundsEdit = fn(&mut ParamBounds);
    let cases: [(&str, BoundsEdit); 4] = [
        ("threshold below a majority", |b| {
            b.min_threshold = Decimal::percent(40)
        }),
        ("no quorum", |b| b.min_quorum = Decimal::zero()),
        ("instant votes", |b| b.min_voting_period_seconds = 0),
        ("min above max", |b| {
            b.min_timelock_seconds = 10;
            b.max_timelock_seconds = 9
        }),
    ];
    for (name, edit) in cases {
        let mut b = ParamBounds::ABSOLUTE;
        edit(&mut b);
        let err = s.bare_dao(params(), Some(b)).unwrap_err();
        assert!(
            matches!(err, ContractError::InvalidBounds { .. }),
            "{name}: {err}"
        );
    }
    let b = launchpad_bounds();
    let dao = s.bare_dao(params_within(&b), Some(b.clone())).unwrap();
    let config: ConfigResponse = s
        .app
        .wrap()
        .query_wasm_smart(dao, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.bounds, b);
    assert_eq!(config.presale, None);
    // params within the bounds change fine through a proposal
    let mut s = Suite::with_bounds(params_within(&b), b.clone());
    let mut p = params_within(&b);
    p.threshold = Decimal::percent(75);
    let (id, res) = executed(&mut s, vec![Action::UpdateConfig { params: p.clone() }]);
    assert!(has_wasm_attr(&res, "config_updated", "true"));
    assert!(has_wasm_attr(&res, "action", "update_config"));
    assert_eq!(s.status(id), ProposalStatus::Executed);
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.params, p);
    assert_eq!(config.bounds, b);
}
