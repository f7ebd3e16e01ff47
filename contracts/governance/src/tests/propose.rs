use cosmwasm_std::{coin, coins, Decimal, Uint128};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::governance::{
    Action, ConfigResponse, ExecuteMsg, GovernanceParams, InstantiateMsg, ProposalStatus, QueryMsg,
};
use modelfund::validate::ValidationError;

use super::suite::*;
use crate::ContractError;

/// A proposal titled `title` with no description and no actions.
fn bare_proposal(title: &str) -> ExecuteMsg {
    ExecuteMsg::Propose {
        title: title.into(),
        description: "".into(),
        actions: vec![],
    }
}

fn proposal_count(s: &Suite) -> u64 {
    s.query(&QueryMsg::ProposalCount {}).unwrap()
}

#[test]
fn instantiate_rejects_bad_params() {
    let mut s = Suite::new();
    type Edit = fn(&mut GovernanceParams);
    let cases: Vec<(&str, Edit)> = vec![
        ("zero period", |p| p.voting_period_seconds = 0),
        ("zero quorum", |p| p.quorum = Decimal::zero()),
        ("quorum above 1", |p| p.quorum = Decimal::percent(101)),
        ("minority threshold", |p| p.threshold = Decimal::percent(49)),
        ("threshold of 1", |p| p.threshold = Decimal::one()),
        ("no actions allowed", |p| p.max_actions = 0),
        ("too many actions allowed", |p| p.max_actions = 21),
        ("zero deposit", |p| p.deposit = Some(coin(0, DENOM))),
    ];
    let admin = s.app.api().addr_make("admin");
    for (name, edit) in cases {
        let mut p = params();
        edit(&mut p);
        let msg = InstantiateMsg {
            shares: s.power.to_string(),
            registry: None,
            model_id: None,
            access: None,
            presale: None,
            bounds: None,
            vetoer: None,
            params: p,
        };
        let err = s
            .app
            .instantiate_contract(s.code_id, admin.clone(), &msg, &[], "dao", None)
            .unwrap_err();
        assert!(
            matches!(
                err.downcast::<ContractError>().unwrap(),
                ContractError::InvalidParams { .. }
            ),
            "{name}"
        );
    }
    // registry without a model id
    let msg = InstantiateMsg {
        shares: s.power.to_string(),
        registry: Some(s.registry.to_string()),
        model_id: None,
        access: None,
        presale: None,
        bounds: None,
        vetoer: None,
        params: params(),
    };
    assert!(s
        .app
        .instantiate_contract(s.code_id, admin.clone(), &msg, &[], "dao", None)
        .is_err());
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.params, params());
    assert_eq!(config.model_id.as_deref(), Some("tiny-llm"));
}

#[test]
fn propose_records_the_snapshot_and_emits_event() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let before = s.balance(&alice);
    let height = s.app.block_info().height;
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::Propose {
                title: "Publish v2".into(),
                description: "A distilled model".into(),
                actions: vec![publish("v2")],
            },
            &coins(DEPOSIT, DENOM),
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "propose");
    assert_eq!(wasm_attr(&res, "proposal_id"), "1");
    assert_eq!(wasm_attr(&res, "start_height"), height.to_string());
    assert_eq!(wasm_attr(&res, "total_power"), "100");
    assert_eq!(s.balance(&alice), before - DEPOSIT);
    let p = s.proposal(1);
    assert_eq!(p.status, ProposalStatus::Open);
    assert_eq!(p.proposer, alice);
    assert_eq!(p.total_power, Uint128::new(100));
    assert_eq!(p.start_height, height);
    assert_eq!(p.actions, vec![publish("v2")]);
    assert_eq!(p.deposit, Some(coin(DEPOSIT, DENOM)));
    assert_eq!(proposal_count(&s), 1);
}

#[test]
fn propose_needs_power_and_the_exact_deposit() {
    let mut s = Suite::new();
    let (alice, dave) = (s.alice.clone(), s.dave.clone());
    let msg = bare_proposal("t");
    // no shares: cannot propose
    assert_eq!(
        s.exec(&dave, &msg, &coins(DEPOSIT, DENOM)).unwrap_err(),
        ContractError::NotEnoughPowerToPropose {
            required: Uint128::new(10),
            power: Uint128::zero()
        }
    );
    // some, but below the minimum
    s.set_power(&dave, 9);
    s.next_block(5);
    assert!(matches!(
        s.exec(&dave, &msg, &coins(DEPOSIT, DENOM)).unwrap_err(),
        ContractError::NotEnoughPowerToPropose { .. }
    ));
    for funds in [
        vec![],
        coins(DEPOSIT - 1, DENOM),
        coins(DEPOSIT + 1, DENOM),
        coins(DEPOSIT, "other"),
        vec![coin(DEPOSIT, DENOM), coin(1, "other")],
    ] {
        assert!(
            matches!(
                s.exec(&alice, &msg, &funds).unwrap_err(),
                ContractError::WrongDeposit { .. }
            ),
            "{funds:?}"
        );
    }
    assert_eq!(proposal_count(&s), 0);
}

#[test]
fn propose_without_a_deposit_rule_refuses_funds() {
    let mut p = params();
    p.deposit = None;
    let mut s = Suite::with_params(p);
    let alice = s.alice.clone();
    let msg = bare_proposal("t");
    assert_eq!(
        s.exec(&alice, &msg, &coins(1, DENOM)).unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    s.exec(&alice, &msg, &[]).unwrap();
}

/// DAO DAO bug class "proposals too large to execute": the number of actions is capped at
/// propose time, so no proposal can outgrow a block's gas at execution.
#[test]
fn too_many_actions_are_rejected_at_propose() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let actions: Vec<Action> = (0..6).map(|_| spend(&bob, 1)).collect();
    assert_eq!(
        s.propose(&alice, actions).unwrap_err(),
        ContractError::TooManyActions { max: 5 }
    );
    let actions: Vec<Action> = (0..5).map(|_| spend(&bob, 1)).collect();
    s.propose(&alice, actions).unwrap();
}

#[test]
fn invalid_actions_and_texts_are_rejected() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let bad_hash = Action::PublishModelVersion {
        version: "v2".into(),
        content_hash: "abc".into(),
        uri: "ar://x".into(),
        notes: None,
    };
    assert_eq!(
        s.propose(&alice, vec![bad_hash]).unwrap_err(),
        ContractError::Validation(ValidationError::InvalidContentHash { len: 3 })
    );
    let zero_milestone = Action::ReleaseMilestone {
        recipient: bob.to_string(),
        amount: coin(0, DENOM),
        memo: "m1".into(),
    };
    assert!(matches!(
        s.propose(&alice, vec![zero_milestone]).unwrap_err(),
        ContractError::InvalidAction { index: 0, .. }
    ));
    let empty_spend = Action::SpendTreasury {
        recipient: bob.to_string(),
        amount: vec![],
    };
    assert!(matches!(
        s.propose(&alice, vec![spend(&bob, 1), empty_spend])
            .unwrap_err(),
        ContractError::InvalidAction { index: 1, .. }
    ));
    let bad_recipient = Action::SpendTreasury {
        recipient: "nobody".into(),
        amount: coins(1, DENOM),
    };
    assert!(matches!(
        s.propose(&alice, vec![bad_recipient]).unwrap_err(),
        ContractError::Std(_)
    ));
    let mut bad_params = params();
    bad_params.quorum = Decimal::zero();
    assert!(matches!(
        s.propose(&alice, vec![Action::UpdateConfig { params: bad_params }])
            .unwrap_err(),
        ContractError::InvalidParams { .. }
    ));
    let no_title = bare_proposal(" ");
    assert!(matches!(
        s.exec(&alice, &no_title, &coins(DEPOSIT, DENOM))
            .unwrap_err(),
        ContractError::Validation(_)
    ));
    assert_eq!(proposal_count(&s), 0);
}

#[test]
fn publishing_needs_a_registry() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let dao = s.bare_dao(params(), None).unwrap();
    assert_eq!(
        s.propose_to(&dao, &alice, vec![publish("v2")]).unwrap_err(),
        ContractError::NoRegistry {}
    );
}

/// Messages refuse fields their schema does not name: raw JSON with a misspelled field sent to
/// the contract (as a client would, not through the Rust types) is refused with an error that
/// names the field, and nothing changes (no proposal, the deposit stays with the sender).
#[test]
fn raw_json_with_an_unknown_field_is_refused_by_name_and_changes_nothing() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let before = s.balance(&alice);
    for raw in [
        r#"{"propose":{"title":"t","description":"","actions":[],"grnat":true}}"#,
        r#"{"propose":{"title":"t","description":"","actions":[{"spend_treasury":{"recipient":"x","amount":[],"grnat":1}}]}}"#,
    ] {
        let err = s
            .app
            .execute(
                alice.clone(),
                cosmwasm_std::WasmMsg::Execute {
                    contract_addr: s.dao.to_string(),
                    msg: cosmwasm_std::Binary::from(raw.as_bytes()),
                    funds: coins(DEPOSIT, DENOM),
                }
                .into(),
            )
            .unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("unknown field `grnat`"), "{raw}: {text}");
    }
    assert_eq!(proposal_count(&s), 0);
    assert_eq!(s.balance(&alice), before);
    assert_eq!(s.balance(&s.dao.clone()), TREASURY);
    assert!(s.treasury().deposits.is_empty());
}
