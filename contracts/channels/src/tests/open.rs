//! instantiate, open, top_up, extend, migrate.

use cosmwasm_std::{coin, coins, Binary, Timestamp, Uint128};
use cw_multi_test::Executor;
use modelfund::access::{MeteredUnit, SalesStatus};
use modelfund::channels::{
    ChannelStatus, ChannelTerms, ConfigResponse, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg,
    MAX_CHANNEL_SECONDS,
};

use super::suite::*;
use crate::ContractError;

/// `msg` (an `open`) with its voucher key replaced by `key`.
fn with_voucher_key(mut msg: ExecuteMsg, key: Vec<u8>) -> ExecuteMsg {
    let ExecuteMsg::Open { voucher_key, .. } = &mut msg else {
        unreachable!()
    };
    *voucher_key = Binary::from(key);
    msg
}

/// `msg` (an `open`) with its expiry replaced by `at`.
fn with_expiry(mut msg: ExecuteMsg, at: Timestamp) -> ExecuteMsg {
    let ExecuteMsg::Open { expires_at, .. } = &mut msg else {
        unreachable!()
    };
    *expires_at = at;
    msg
}

#[test]
fn instantiate_records_the_config_and_refuses_out_of_bounds_values() {
    let mut suite = Suite::new();
    let config: ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(
        config,
        ConfigResponse {
            access: suite.access.clone(),
            grace_period_seconds: GRACE,
            max_claims_per_tx: MAX_CLAIMS,
            channels_opened: 0,
        }
    );
    let (code, admin, access) = (suite.code_id, suite.admin.clone(), suite.access.to_string());
    let mut try_init = |grace: u64, max: u32| {
        suite
            .app
            .instantiate_contract(
                code,
                admin.clone(),
                &InstantiateMsg {
                    access: access.clone(),
                    grace_period_seconds: grace,
                    max_claims_per_tx: max,
                },
                &[],
                "channels",
                None,
            )
            .map_err(|e| e.downcast::<ContractError>().unwrap())
    };
    for (grace, max, field) in [
        (0, 10, "grace_period_seconds"),
        (30 * DAY + 1, 10, "grace_period_seconds"),
        (60, 0, "max_claims_per_tx"),
        (60, 201, "max_claims_per_tx"),
    ] {
        let err = try_init(grace, max).unwrap_err();
        assert!(
            matches!(&err, ContractError::InvalidConfig { field: f, .. } if f == field),
            "{grace} {max}: {err}"
        );
    }
    // both ends of the bounds are accepted
    try_init(1, 1).unwrap();
    try_init(30 * DAY, 200).unwrap();
}

#[test]
fn open_copies_the_terms_and_holds_the_deposit() {
    let mut suite = Suite::new();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let expires_at = suite.now().plus_seconds(DAY);
    let msg = suite.open_msg(MODEL, "per-call", &gateway);
    let res = suite
        .exec_funds(&alice, &msg, &coins(DEPOSIT, DENOM))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "open");
    assert_eq!(wasm_attr(&res, "channel_id"), "1");
    assert_eq!(wasm_attr(&res, "user"), alice.to_string());
    assert_eq!(wasm_attr(&res, "gateway"), gateway.to_string());
    assert_eq!(wasm_attr(&res, "model_id"), MODEL);
    assert_eq!(wasm_attr(&res, "plan_id"), "per-call");
    assert_eq!(wasm_attr(&res, "deposit"), "1000uinj");
    assert_eq!(wasm_attr(&res, "unit_price"), "2uinj");
    assert_eq!(wasm_attr(&res, "expires_at"), expires_at.to_string());

    let channel = suite.channel(1);
    assert_eq!(channel.user, alice);
    assert_eq!(channel.gateway, gateway);
    assert_eq!(channel.voucher_key.as_slice(), &suite.key.public_key());
    assert_eq!(
        channel.terms,
        ChannelTerms {
            price: coin(UNIT_PRICE, DENOM),
            unit: MeteredUnit::Call,
            shares: suite.shares.clone(),
        }
    );
    assert_eq!(channel.deposit, Uint128::new(DEPOSIT));
    assert_eq!(channel.claimed, Uint128::zero());
    assert_eq!(channel.expires_at, expires_at);
    assert_eq!(channel.claim_deadline, expires_at.plus_seconds(GRACE));
    assert_eq!(channel.status, ChannelStatus::Open);
    assert_eq!(suite.balance(&suite.channels, DENOM), DEPOSIT);
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - DEPOSIT);

    // a second channel gets the next id; the config counts them
    assert_eq!(suite.open(), 2);
    let config: ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.channels_opened, 2);

    // a KiloTokens plan in another denom copies its own terms
    let msg = suite.open_msg(MODEL2, "per-1k", &gateway);
    suite
        .exec_funds(&alice, &msg, &coins(50, OTHER_DENOM))
        .unwrap();
    let channel = suite.channel(3);
    assert_eq!(channel.terms.unit, MeteredUnit::KiloTokens);
    assert_eq!(channel.terms.price, coin(UNIT_PRICE2, OTHER_DENOM));
    assert_eq!(channel.terms.shares, suite.shares2);
}

#[test]
fn open_refuses_every_bad_input_and_changes_nothing() {
    let mut suite = Suite::new();
    let (alice, gateway, gateway2) = (
        suite.alice.clone(),
        suite.gateway.clone(),
        suite.gateway2.clone(),
    );
    let deposit = coins(DEPOSIT, DENOM);

    // the model, the plan, a plan that is not metered
    let cases = [
        (
            "no-such-model",
            "per-call",
            ContractError::ModelNotRegistered {
                model_id: "no-such-model".into(),
            },
        ),
        (
            MODEL,
            "nope",
            ContractError::PlanNotFound {
                model_id: MODEL.into(),
                plan_id: "nope".into(),
            },
        ),
        (
            MODEL,
            "pack",
            ContractError::NotMeteredPlan {
                plan_id: "pack".into(),
            },
        ),
    ];
    for (model_id, plan_id, expected) in cases {
        let msg = suite.open_msg(model_id, plan_id, &gateway);
        assert_eq!(suite.fail(&alice, &msg, &deposit), expected, "{plan_id}");
    }
    // gateway2 is approved for MODEL only
    let msg = suite.open_msg(MODEL2, "per-1k", &gateway2);
    assert_eq!(
        suite.fail(&alice, &msg, &coins(50, OTHER_DENOM)),
        ContractError::GatewayNotApproved {
            model_id: MODEL2.into(),
            gateway: gateway2.to_string()
        }
    );
    // a bad model id never reaches access
    let msg = suite.open_msg("bad id", "per-call", &gateway);
    assert!(matches!(
        suite.fail(&alice, &msg, &deposit),
        ContractError::Validation(_)
    ));

    // voucher keys: wrong length, uncompressed prefix
    let mut uncompressed = suite.key.public_key().to_vec();
    uncompressed[0] = 0x04;
    for key in [suite.key.public_key()[..32].to_vec(), uncompressed] {
        let msg = with_voucher_key(suite.open_msg(MODEL, "per-call", &gateway), key);
        assert!(matches!(
            suite.fail(&alice, &msg, &deposit),
            ContractError::InvalidVoucherKey { .. }
        ));
    }

    // expiry: now, and beyond the longest channel
    for expires in [
        suite.now(),
        suite.now().plus_seconds(MAX_CHANNEL_SECONDS + 1),
    ] {
        let msg = with_expiry(suite.open_msg(MODEL, "per-call", &gateway), expires);
        assert!(matches!(
            suite.fail(&alice, &msg, &deposit),
            ContractError::InvalidExpiry { .. }
        ));
    }
    let msg = with_expiry(
        suite.open_msg(MODEL, "per-call", &gateway),
        suite.now().plus_seconds(MAX_CHANNEL_SECONDS),
    );
    suite.exec_funds(&alice, &msg, &deposit).unwrap();

    // deposits: none, wrong denom, two coins
    let msg = suite.open_msg(MODEL, "per-call", &gateway);
    for (funds, received) in [
        (vec![], "nothing"),
        (coins(DEPOSIT, OTHER_DENOM), "1000uatom"),
        (
            vec![coin(DEPOSIT, OTHER_DENOM), coin(DEPOSIT, DENOM)],
            "1000uatom,1000uinj",
        ),
    ] {
        assert_eq!(
            suite.fail(&alice, &msg, &funds),
            ContractError::WrongDeposit {
                denom: DENOM.into(),
                received: received.into()
            }
        );
    }
}

#[test]
fn open_follows_the_model_sales_and_the_plan_state() {
    let mut suite = Suite::new();
    let (alice, _, gateway) = suite.parties();
    let shares = suite.shares.clone();
    let msg = suite.open_msg(MODEL, "per-call", &gateway);
    let deposit = coins(DEPOSIT, DENOM);
    // access refuses sales before a successful presale: so do channels
    suite.set_model(MODEL, &shares, SalesStatus::AwaitingPresale);
    assert_eq!(
        suite.fail(&alice, &msg, &deposit),
        ContractError::SalesNotOpen {
            model_id: MODEL.into()
        }
    );
    suite.set_model(MODEL, &shares, SalesStatus::Closed);
    assert_eq!(
        suite.fail(&alice, &msg, &deposit),
        ContractError::SalesClosed {
            model_id: MODEL.into()
        }
    );
    suite.set_model(MODEL, &shares, SalesStatus::Open);
    suite.retire_plan(MODEL, "per-call");
    assert_eq!(
        suite.fail(&alice, &msg, &deposit),
        ContractError::PlanRetired {
            plan_id: "per-call".into()
        }
    );
    // revoked gateway
    suite.set_per_call(UNIT_PRICE, MeteredUnit::Call);
    suite.revoke(MODEL, &gateway);
    assert_eq!(
        suite.fail(&alice, &msg, &deposit),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: gateway.to_string()
        }
    );
}

#[test]
fn top_up_adds_to_the_deposit_while_the_terms_stand() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, bob, gateway) = suite.parties();
    let msg = ExecuteMsg::TopUp { channel_id: id };
    let res = suite.exec_funds(&alice, &msg, &coins(500, DENOM)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "top_up");
    assert_eq!(wasm_attr(&res, "channel_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "amount"), "500uinj");
    assert_eq!(wasm_attr(&res, "deposit"), "1500uinj");
    assert_eq!(suite.channel(id).deposit, Uint128::new(1_500));
    assert_eq!(suite.balance(&suite.channels, DENOM), 1_500);

    // only the channel's user
    assert_eq!(
        suite.fail(&bob, &msg, &coins(500, DENOM)),
        ContractError::NotChannelUser { channel_id: id }
    );
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::TopUp { channel_id: 99 },
            &coins(1, DENOM)
        ),
        ContractError::ChannelNotFound { channel_id: 99 }
    );
    // wrong denom, zero
    assert!(matches!(
        suite.fail(&alice, &msg, &coins(500, OTHER_DENOM)),
        ContractError::WrongDeposit { .. }
    ));
    assert!(matches!(
        suite.fail(&alice, &msg, &[]),
        ContractError::WrongDeposit { .. }
    ));
    // the plan re-priced: the channel keeps its terms but takes no more money
    suite.set_per_call(UNIT_PRICE + 1, MeteredUnit::Call);
    assert_eq!(
        suite.fail(&alice, &msg, &coins(500, DENOM)),
        ContractError::PlanChanged {
            plan_id: "per-call".into()
        }
    );
    // a different unit at the same price is a change too
    suite.set_per_call(UNIT_PRICE, MeteredUnit::KiloTokens);
    assert_eq!(
        suite.fail(&alice, &msg, &coins(500, DENOM)),
        ContractError::PlanChanged {
            plan_id: "per-call".into()
        }
    );
    suite.set_per_call(UNIT_PRICE, MeteredUnit::Call);
    suite.exec_funds(&alice, &msg, &coins(1, DENOM)).unwrap();
    suite.retire_plan(MODEL, "per-call");
    assert_eq!(
        suite.fail(&alice, &msg, &coins(500, DENOM)),
        ContractError::PlanRetired {
            plan_id: "per-call".into()
        }
    );
    suite.set_per_call(UNIT_PRICE, MeteredUnit::Call);
    // a revoked gateway can never claim it: no more money goes in
    suite.revoke(MODEL, &gateway);
    assert_eq!(
        suite.fail(&alice, &msg, &coins(500, DENOM)),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: gateway.to_string()
        }
    );
    suite.approve(MODEL, gateway.as_str());
    // from expires_at on: extend first
    let expires_at = suite.channel(id).expires_at;
    suite.set_time(expires_at);
    assert_eq!(
        suite.fail(&alice, &msg, &coins(500, DENOM)),
        ContractError::ChannelExpired {
            channel_id: id,
            expires_at
        }
    );
    assert_eq!(suite.channel(id).deposit, Uint128::new(1_501));
}

#[test]
fn extend_moves_the_expiry_later_only() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let old = suite.channel(id).expires_at;
    let later = old.plus_seconds(DAY);
    let msg = ExecuteMsg::Extend {
        channel_id: id,
        expires_at: later,
    };
    assert_eq!(
        suite.fail(&bob, &msg, &[]),
        ContractError::NotChannelUser { channel_id: id }
    );
    assert!(matches!(
        suite.fail(&alice, &msg, &coins(1, DENOM)),
        ContractError::Payment(_)
    ));
    for expires_at in [old, old.minus_seconds(1)] {
        assert!(matches!(
            suite.fail(
                &alice,
                &ExecuteMsg::Extend {
                    channel_id: id,
                    expires_at
                },
                &[]
            ),
            ContractError::InvalidExpiry { .. }
        ));
    }
    let too_far = suite.now().plus_seconds(MAX_CHANNEL_SECONDS + 1);
    assert!(matches!(
        suite.fail(
            &alice,
            &ExecuteMsg::Extend {
                channel_id: id,
                expires_at: too_far
            },
            &[]
        ),
        ContractError::InvalidExpiry { .. }
    ));
    let res = suite.exec(&alice, &msg).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "extend");
    assert_eq!(wasm_attr(&res, "channel_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "previous_expires_at"), old.to_string());
    assert_eq!(wasm_attr(&res, "expires_at"), later.to_string());
    let channel = suite.channel(id);
    assert_eq!(channel.expires_at, later);
    assert_eq!(channel.claim_deadline, later.plus_seconds(GRACE));

    // a retired plan cannot be extended
    suite.retire_plan(MODEL, "per-call");
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::Extend {
                channel_id: id,
                expires_at: later.plus_seconds(1)
            },
            &[]
        ),
        ContractError::PlanRetired {
            plan_id: "per-call".into()
        }
    );
}

#[test]
fn migrate_keeps_state_and_refuses_another_contract() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (admin, channels, code) = (suite.admin.clone(), suite.channels.clone(), suite.code_id);
    let res = suite
        .app
        .migrate_contract(admin, channels, &MigrateMsg::Migrate {}, code)
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "migrate");
    assert_eq!(suite.channel(id).deposit, Uint128::new(DEPOSIT));
    let version = cw2::query_contract_info(&suite.app.wrap(), suite.channels.to_string()).unwrap();
    assert_eq!(version.contract, crate::contract::CONTRACT_NAME);
}

#[test]
fn unknown_fields_are_refused_by_name() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let msg = cosmwasm_std::WasmMsg::Execute {
        contract_addr: suite.channels.to_string(),
        msg: Binary::from(br#"{"close":{"channel_id":1,"grnat":true}}"#.to_vec()),
        funds: vec![],
    };
    let err = suite.app.execute(alice, msg.into()).unwrap_err();
    assert!(
        format!("{err:#}").contains("unknown field `grnat`"),
        "{err:#}"
    );
}
