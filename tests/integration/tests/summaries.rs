//! The launchpad's `model_summary` / `model_summaries` against the real registry and presale:
//! one query per list row, and each row says what the registry and the presale say.

use cosmwasm_std::{coin, Uint128};
use modelfund::launchpad::{ModelSummariesResponse, ModelSummary, QueryMsg};
use modelfund::presale::Phase;
use modelfund_integration_tests::*;

const WALLET: u128 = 1_000_000;

#[test]
fn a_summary_row_is_the_registry_name_and_the_presales_state() {
    let tiny = ModelSpec::new("tiny-llm")
        .caps(1_000, 3_000)
        .per_address(100, 2_000)
        .window(60, 1_000)
        .creator_allocation(20);
    let big = ModelSpec::new("big-llm").caps(2_000, 4_000).window(0, 500);
    let mut p = Protocol::builder()
        .funds(WALLET)
        .model(tiny)
        .and_model(big)
        .build();
    let (m, lp) = (p.model(), p.launchpad.clone());
    let alice = p.actors.alice.clone();
    let summary = |p: &Protocol| -> ModelSummary {
        p.query(
            &lp,
            &QueryMsg::ModelSummary {
                model_id: "tiny-llm".into(),
            },
        )
    };

    let row = summary(&p);
    assert_eq!(row.model_id, "tiny-llm");
    assert_eq!(row.name, "Tiny LLM");
    assert_eq!(
        (&row.creator, &row.shares, &row.presale, &row.governance),
        (&m.creator, &m.shares, &m.presale, &m.governance)
    );
    assert_eq!(row.phase, Phase::Upcoming);
    assert_eq!(row.raised, coin(0, DENOM));
    assert_eq!(row.soft_cap, coin(1_000, DENOM));
    assert_eq!(row.hard_cap, coin(3_000, DENOM));
    assert_eq!(row.starts_in_seconds, 60);
    assert_eq!(row.seconds_left, 1_060);

    // it follows the presale
    p.advance(60);
    p.contribute(&m, &alice, 700).unwrap();
    let row = summary(&p);
    assert_eq!(row.phase, Phase::Open);
    assert_eq!(row.raised.amount, Uint128::new(700));
    assert_eq!(row.starts_in_seconds, 0);
    let state = p.presale_state(&m);
    assert_eq!(row.seconds_left, state.seconds_left);

    // the list: every launched model by id, paginated
    let list = |start_after: Option<String>, limit| -> Vec<String> {
        let res: ModelSummariesResponse =
            p.query(&lp, &QueryMsg::ModelSummaries { start_after, limit });
        res.models.into_iter().map(|s| s.model_id).collect()
    };
    assert_eq!(list(None, None), vec!["big-llm", "tiny-llm"]);
    assert_eq!(list(None, Some(1)), vec!["big-llm"]);
    assert_eq!(list(Some("big-llm".into()), None), vec!["tiny-llm"]);
    let rows: ModelSummariesResponse = p.query(
        &lp,
        &QueryMsg::ModelSummaries {
            start_after: Some("big-llm".into()),
            limit: None,
        },
    );
    assert_eq!(rows.models, vec![summary(&p)]);
}

#[test]
fn an_unknown_model_has_no_summary() {
    let p = Protocol::new();
    let err = p
        .app
        .wrap()
        .query_wasm_smart::<ModelSummary>(
            &p.launchpad,
            &QueryMsg::ModelSummary {
                model_id: "nope".into(),
            },
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope"), "{err}");
}
