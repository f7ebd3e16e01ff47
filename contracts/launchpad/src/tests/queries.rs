use modelfund::launchpad::{ModelResponse, ModelsResponse, QueryMsg};
use modelfund::paging::PAGE;

use super::suite::*;
use crate::ContractError;

fn ids(models: &[ModelResponse]) -> Vec<String> {
    models.iter().map(|m| m.model_id.clone()).collect()
}

fn page(suite: &Suite, start_after: Option<&str>, limit: Option<u32>) -> Vec<String> {
    ids(&suite
        .query::<ModelsResponse>(&QueryMsg::Models {
            start_after: start_after.map(Into::into),
            limit,
        })
        .unwrap()
        .models)
}

fn by_creator(
    suite: &Suite,
    creator: &cosmwasm_std::Addr,
    start_after: Option<&str>,
    limit: Option<u32>,
) -> Vec<String> {
    ids(&suite
        .query::<ModelsResponse>(&QueryMsg::ModelsByCreator {
            creator: creator.to_string(),
            start_after: start_after.map(Into::into),
            limit,
        })
        .unwrap()
        .models)
}

#[test]
fn models_and_models_by_creator_paginate() {
    let mut suite = Suite::new();
    let (c1, c2) = (suite.creator.clone(), suite.creator2.clone());
    let now = suite.now();
    // c1 launches m00..m34 (even), c2 the odd ones: 35 models in all
    for i in 0..35u32 {
        let who = if i % 2 == 0 { &c1 } else { &c2 };
        suite
            .launch(who, &launch_msg(&format!("m{i:02}"), now), &[])
            .unwrap();
    }
    let all: Vec<String> = (0..35u32).map(|i| format!("m{i:02}")).collect();
    // default limit 10, max 30
    assert_eq!(page(&suite, None, None), all[..10].to_vec());
    assert_eq!(page(&suite, None, Some(1_000)).len(), PAGE.max as usize);
    assert_eq!(page(&suite, Some("m09"), Some(3)), all[10..13].to_vec());
    assert_eq!(page(&suite, Some("m34"), None), Vec::<String>::new());
    // walk all pages
    let mut seen = vec![];
    let mut start: Option<String> = None;
    loop {
        let p = page(&suite, start.as_deref(), Some(7));
        if p.is_empty() {
            break;
        }
        start = p.last().cloned();
        seen.extend(p);
    }
    assert_eq!(seen, all);

    let evens: Vec<String> = all.iter().step_by(2).cloned().collect();
    let odds: Vec<String> = all.iter().skip(1).step_by(2).cloned().collect();
    assert_eq!(by_creator(&suite, &c1, None, Some(30)), evens);
    assert_eq!(by_creator(&suite, &c2, None, Some(30)), odds);
    assert_eq!(by_creator(&suite, &c1, None, None), evens[..10].to_vec());
    assert_eq!(
        by_creator(&suite, &c1, Some("m04"), Some(2)),
        vec!["m06", "m08"]
    );
    assert_eq!(
        by_creator(&suite, &c2, Some("m04"), Some(2)),
        vec!["m05", "m07"]
    );
    let nobody = suite.addr("nobody");
    assert!(by_creator(&suite, &nobody, None, None).is_empty());
    // every entry carries its creator
    let models = suite
        .query::<ModelsResponse>(&QueryMsg::ModelsByCreator {
            creator: c2.to_string(),
            start_after: None,
            limit: Some(30),
        })
        .unwrap()
        .models;
    assert!(models.iter().all(|m| m.creator == c2));
    // a bad creator address is an error
    assert!(suite
        .query::<ModelsResponse>(&QueryMsg::ModelsByCreator {
            creator: "bad".into(),
            start_after: None,
            limit: None,
        })
        .is_err());
}

#[test]
fn an_unknown_model_is_a_typed_error() {
    let suite = Suite::new();
    let err = suite
        .query::<ModelResponse>(&QueryMsg::Model {
            model_id: "nope".into(),
        })
        .unwrap_err();
    assert!(err.to_string().contains(
        &ContractError::ModelNotFound {
            model_id: "nope".into()
        }
        .to_string()
    ));
}
