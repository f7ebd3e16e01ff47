//! The optimized channels wasm in cosmwasm-vm: 100 channels opened on a metered plan, then one
//! `claim` of 1, of 10 and of 100 of them with real secp256k1 vouchers (`modelfund-vouchers`),
//! the same 100 again (idempotent: nothing paid), a top-up and a close; gas of each. Access is
//! answered by the mock querier (the model, its metered plan, and the gateway approval at the
//! published raw key).

use cosmwasm_std::{
    coin, coins, from_json, to_json_binary, Addr, Binary, ContractResult, CosmosMsg, SystemResult,
    Timestamp, WasmMsg, WasmQuery,
};
use modelfund::access::{self, MeteredUnit, ModelResponse, Plan, PlanKind, SalesStatus};
use modelfund::channels::{ExecuteMsg, InstantiateMsg};
use modelfund_vm_tests::*;
use modelfund_vouchers::{Domain, SessionKey};

const MODEL: &str = "tiny-llm";
const CHANNELS: u64 = 100;
const DEPOSIT: u128 = 1_000_000;
/// wasmd's DefaultGasMultiplier: CosmWasm gas per SDK gas.
const GAS_MULTIPLIER: u64 = 140_000;

#[test]
fn channels_claim_1_10_and_100_vouchers_in_the_vm() {
    let wasm = artifact("channels");
    let mut vm = instance(&wasm);
    let (access_addr, shares, gateway) = (addr("access"), addr("shares"), addr("gateway"));
    let (a, s) = (access_addr.clone(), shares.clone());
    vm.with_querier(move |q| {
        let (a, s) = (a.clone(), s.clone());
        q.update_wasm(move |query| match query {
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == a => {
                let answer = match from_json::<access::QueryMsg>(msg).unwrap() {
                    access::QueryMsg::Model { model_id } => to_json_binary(&ModelResponse {
                        model_id,
                        shares: Addr::unchecked(&s),
                        license_royalty_bps: 0,
                        dao: None,
                        registered_by: Addr::unchecked(&s),
                        registered_at: Timestamp::from_seconds(0),
                        presale: None,
                        sales: SalesStatus::Open,
                        active_plans: 1,
                        usage_count: 0,
                        calls_consumed: 0,
                    }),
                    access::QueryMsg::Plan { plan_id, .. } => to_json_binary(&Plan {
                        plan_id,
                        price: coin(1, "inj"),
                        kind: PlanKind::Metered {
                            unit: MeteredUnit::Call,
                        },
                        retired: false,
                        updated_at: Timestamp::from_seconds(0),
                    }),
                    other => panic!("unexpected access query {other:?}"),
                };
                SystemResult::Ok(ContractResult::Ok(answer.unwrap()))
            }
            // the gateway approval: present at the published key
            WasmQuery::Raw { contract_addr, .. } if *contract_addr == a => {
                SystemResult::Ok(ContractResult::Ok(Binary::from(b"{}".to_vec())))
            }
            other => panic!("unexpected query {other:?}"),
        });
        Ok(())
    })
    .unwrap();

    let (res, gas) = instantiate(
        &mut vm,
        env_at(10, 1_000),
        info(&addr("admin"), &[]),
        &InstantiateMsg {
            access: access_addr.clone(),
            grace_period_seconds: 3_600,
            max_claims_per_tx: 100,
        },
    );
    ok(res, "instantiate");
    record_gas("channels", "instantiate", gas);

    let key = SessionKey::from_seed(b"vm session key");
    let env = env_at(11, 1_005);
    let domain = Domain::new(env.block.chain_id.clone(), env.contract.address.to_string());
    let mut open_gas = 0;
    for i in 0..CHANNELS {
        let user = addr(&format!("user{i}"));
        let (res, gas) = execute(
            &mut vm,
            env_at(11, 1_005),
            info(&user, &coins(DEPOSIT, "inj")),
            &ExecuteMsg::Open {
                model_id: MODEL.into(),
                plan_id: "per-call".into(),
                gateway: gateway.clone(),
                voucher_key: Binary::from(key.public_key().to_vec()),
                expires_at: Timestamp::from_seconds(1_005 + 86_400),
            },
        );
        let res = ok(res, "open");
        assert_eq!(attr(&res, "channel_id"), (i + 1).to_string());
        open_gas = gas;
    }
    record_gas("channels", "open", open_gas);

    // claim n vouchers (channels 1..=n) at cumulative amount `amount` in one call
    let claim = |vm: &mut VmInstance, n: u64, amount: u128| {
        let vouchers = (1..=n)
            .map(|id| key.sign(&domain, id, amount).to_msg())
            .collect();
        let (res, gas) = execute(
            vm,
            env_at(12, 1_010),
            info(&gateway, &[]),
            &ExecuteMsg::Claim { vouchers },
        );
        (ok(res, "claim"), gas)
    };
    let mut claim_gas = vec![];
    for (n, amount) in [(1u64, 10u128), (10, 20), (100, 30)] {
        let (res, gas) = claim(&mut vm, n, amount);
        assert_eq!(attr(&res, "settled"), n.to_string());
        // one distribute to the model's shares contract, with everything the batch paid
        assert_eq!(res.messages.len(), 1);
        let CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        }) = &res.messages[0].msg
        else {
            panic!("not a wasm execute: {:?}", res.messages[0].msg);
        };
        assert_eq!(contract_addr, &shares);
        assert_eq!(msg.as_slice(), br#"{"distribute":{}}"#);
        let paid: u128 = match n {
            1 => 10,
            10 => 10 + 9 * 20,      // channel 1 had 10 claimed, 2..=10 nothing
            _ => 10 * 10 + 90 * 30, // 1..=10 had 20, 11..=100 nothing
        };
        assert_eq!(funds, &coins(paid, "inj"));
        record_gas("channels", &format!("claim_{n}"), gas);
        claim_gas.push((n, gas));
    }
    // the same 100 vouchers again: nothing to pay, no message, no error
    let (res, replay_gas) = claim(&mut vm, 100, 30);
    assert_eq!(attr(&res, "settled"), "0");
    assert!(res.messages.is_empty());
    record_gas("channels", "claim_100_replayed", replay_gas);

    let user0 = addr("user0");
    let (res, gas) = execute(
        &mut vm,
        env_at(13, 1_020),
        info(&user0, &coins(500, "inj")),
        &ExecuteMsg::TopUp { channel_id: 1 },
    );
    ok(res, "top_up");
    record_gas("channels", "top_up", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(14, 1_005 + 86_400 + 3_600),
        info(&user0, &[]),
        &ExecuteMsg::Close { channel_id: 1 },
    );
    let res = ok(res, "close");
    assert_eq!(attr(&res, "refunded"), format!("{}inj", DEPOSIT + 500 - 30));
    record_gas("channels", "close", gas);

    // per channel settled, in CosmWasm and in SDK gas
    let (g1, g100) = (claim_gas[0].1, claim_gas[2].1);
    let per_channel = (g100 - g1) / 99;
    eprintln!(
        "channels in cosmwasm-vm: open {open_gas} ({} sdk), claim 1: {g1} ({} sdk), claim 10: {} ({} sdk), claim 100: {g100} ({} sdk), replayed 100: {replay_gas} ({} sdk); per extra channel {per_channel} ({} sdk)",
        open_gas / GAS_MULTIPLIER,
        g1 / GAS_MULTIPLIER,
        claim_gas[1].1,
        claim_gas[1].1 / GAS_MULTIPLIER,
        g100 / GAS_MULTIPLIER,
        replay_gas / GAS_MULTIPLIER,
        per_channel / GAS_MULTIPLIER,
    );
    assert!(g100 < 100 * g1, "batching must be cheaper per channel");
}
