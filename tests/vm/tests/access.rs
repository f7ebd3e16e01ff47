//! The optimized access wasm in cosmwasm-vm: register a model, price it, approve a gateway, buy
//! credits (the payment leaves for the shares contract in the same call), consume, and a
//! replayed request id; gas of buy and consume. The registry's `owner_of` is answered by the
//! mock querier (the model's DAO owns the NFT).

use cosmwasm_std::{
    coin, coins, to_json_binary, ContractResult, CosmosMsg, SystemResult, WasmMsg, WasmQuery,
};
use modelfund::access::{ExecuteMsg, GrantMsg, InstantiateMsg, PlanKind, PlanMsg};
use modelfund_vm_tests::*;

#[test]
fn access_buy_and_consume_in_the_vm() {
    let wasm = artifact("access");
    let mut vm = instance(&wasm);
    let (dao, user, gateway, shares) = (addr("dao"), addr("user"), addr("gateway"), addr("shares"));
    let owner = dao.clone();
    let shares_addr = shares.clone();
    vm.with_querier(move |q| {
        let (owner, shares_addr) = (owner.clone(), shares_addr.clone());
        q.update_wasm(move |query| match query {
            // the shares contract: which revenue denoms it accepts
            WasmQuery::Smart { contract_addr, .. } if *contract_addr == shares_addr => {
                SystemResult::Ok(ContractResult::Ok(
                    to_json_binary(&serde_json::json!({"admin": null, "denoms": ["inj"],
                        "splits": [], "distributed": [], "owed": []}))
                    .unwrap(),
                ))
            }
            // the registry: who owns the model NFT
            WasmQuery::Smart { .. } => SystemResult::Ok(ContractResult::Ok(
                to_json_binary(&serde_json::json!({"owner": owner, "approvals": []})).unwrap(),
            )),
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
            registry: addr("registry"),
            admin: None,
            registrars: None,
            name: "Model licenses".into(),
            symbol: "LIC".into(),
        },
    );
    ok(res, "instantiate");
    record_gas("access", "instantiate", gas);
    let model = "tiny-llm".to_string();
    let steps = [
        ExecuteMsg::RegisterModel {
            model_id: model.clone(),
            shares: shares.clone(),
            license_royalty_bps: 500,
            plans: vec![],
            presale: None,
        },
        ExecuteMsg::SetPlan {
            model_id: model.clone(),
            plan: PlanMsg {
                plan_id: "pack-100".into(),
                price: coin(1_000, "inj"),
                kind: PlanKind::Credits {
                    calls_per_pack: 100,
                },
            },
        },
        ExecuteMsg::ApproveGateway {
            model_id: model.clone(),
            gateway: gateway.clone(),
        },
    ];
    for msg in steps {
        let (res, _) = execute(&mut vm, env_at(11, 1_005), info(&dao, &[]), &msg);
        ok(res, "dao setup");
    }

    let (res, gas) = execute(
        &mut vm,
        env_at(12, 1_010),
        info(&user, &coins(3_000, "inj")),
        &ExecuteMsg::BuyCredits {
            model_id: model.clone(),
            plan_id: "pack-100".into(),
            packs: 3,
            grant: Some(GrantMsg {
                gateway: gateway.clone(),
                calls: 250,
                session_key: None,
            }),
        },
    );
    let res = ok(res, "buy_credits");
    record_gas("access", "buy_credits", gas);
    // the whole payment goes to the model's shares contract as `distribute`, in the same call
    match &res.messages[0].msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        }) => {
            assert_eq!(*contract_addr, shares);
            assert_eq!(funds, &coins(3_000, "inj"));
            let sent: serde_json::Value = cosmwasm_std::from_json(msg).unwrap();
            assert_eq!(sent, serde_json::json!({"distribute": {}}));
        }
        other => panic!("expected the payment to shares, got {other:?}"),
    }

    let consume = |id: &str, calls: u64| ExecuteMsg::Consume {
        model_id: model.clone(),
        user: user.clone(),
        calls,
        request_id: id.into(),
        license_id: None,
    };
    let (res, gas) = execute(
        &mut vm,
        env_at(13, 1_015),
        info(&gateway, &[]),
        &consume("req-1", 40),
    );
    ok(res, "consume");
    record_gas("access", "consume", gas);
    let (res, _) = execute(
        &mut vm,
        env_at(14, 1_020),
        info(&gateway, &[]),
        &consume("req-1", 1),
    );
    err_contains(res, "req-1");
    let (res, _) = execute(
        &mut vm,
        env_at(14, 1_020),
        info(&user, &[]),
        &consume("req-2", 1),
    );
    err_contains(res, "gateway");

    // the largest batch in the real wasm: 100 usages in one call, then the same batch again,
    // skipped as a whole (a gateway's re-send after a crash)
    let batch = ExecuteMsg::ConsumeBatch {
        model_id: model.clone(),
        usages: (0..modelfund::access::MAX_CONSUME_BATCH)
            .map(|i| modelfund::access::UsageMsg {
                user: user.clone(),
                calls: 1,
                request_id: format!("batch-{i}"),
                license_id: None,
            })
            .collect(),
    };
    let (res, gas) = execute(&mut vm, env_at(15, 1_025), info(&gateway, &[]), &batch);
    let res = ok(res, "consume_batch");
    record_gas("access", "consume_batch_100", gas);
    let attr = |res: &cosmwasm_std::Response, key: &str| {
        res.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
            .unwrap()
    };
    assert_eq!(attr(&res, "consumed"), "100");
    let (res, _) = execute(&mut vm, env_at(16, 1_030), info(&gateway, &[]), &batch);
    let res = ok(res, "consume_batch again");
    assert_eq!(
        (attr(&res, "consumed"), attr(&res, "skipped")),
        ("0".to_string(), "100".to_string())
    );
}
