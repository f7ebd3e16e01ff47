//! The optimized presale wasm in cosmwasm-vm: contribute (with the excess returned), finalize,
//! claim, and refund after a failed presale; an allowlisted contribution with a proof and a
//! withdrawal; gas per operation. The shares contract's `minter`
//! query is answered by the mock querier (the VM runs one contract at a time).

use cosmwasm_std::{
    coins, from_json, to_json_binary, BankMsg, ContractResult, CosmosMsg, SystemResult, Timestamp,
    Uint128, WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::MOCK_CONTRACT_ADDR;
use modelfund::presale::{
    Allowlist, AllowlistCheckResponse, ExecuteMsg, InstantiateMsg, Phase, QueryMsg, StateResponse,
};
use modelfund_vm_tests::*;

const DENOM: &str = "inj";

fn setup(vm: &mut VmInstance, shares: &str) {
    setup_with_caps(vm, shares, 1_000, 3_000);
}

fn setup_with_caps(vm: &mut VmInstance, shares: &str, soft_cap: u128, hard_cap: u128) {
    setup_full(vm, shares, soft_cap, hard_cap, None);
}

fn setup_full(
    vm: &mut VmInstance,
    shares: &str,
    soft_cap: u128,
    hard_cap: u128,
    allowlist: Option<String>,
) {
    let shares_addr = shares.to_string();
    vm.with_querier(move |q| {
        let shares_addr = shares_addr.clone();
        q.update_wasm(move |query| match query {
            WasmQuery::Smart { contract_addr, .. } if *contract_addr == shares_addr => {
                let minter = cw20::MinterResponse {
                    minter: MOCK_CONTRACT_ADDR.to_string(),
                    cap: None,
                };
                SystemResult::Ok(ContractResult::Ok(to_json_binary(&Some(minter)).unwrap()))
            }
            _ => panic!("unexpected query {query:?}"),
        });
        Ok(())
    })
    .unwrap();
    let msg = InstantiateMsg {
        denom: DENOM.into(),
        price: Uint128::new(10),
        soft_cap: Uint128::new(soft_cap),
        hard_cap: Uint128::new(hard_cap),
        start: Timestamp::from_seconds(1_000),
        end: Timestamp::from_seconds(2_000),
        min_per_address: Uint128::new(100),
        max_per_address: Uint128::new(2_000),
        treasury: addr("treasury"),
        creator: addr("creator"),
        creator_allocation: Uint128::new(50),
        shares: shares.into(),
        allowlist: allowlist.map(|merkle_root| Allowlist { merkle_root }),
        creator_vesting: None,
    };
    let (res, gas) = instantiate(vm, env_at(10, 1_000), info(&addr("creator"), &[]), &msg);
    ok(res, "instantiate");
    record_gas("presale", "instantiate", gas);
}

#[test]
fn presale_success_in_the_vm() {
    let wasm = artifact("presale");
    let mut vm = instance(&wasm);
    let shares = addr("shares");
    setup(&mut vm, &shares);
    let (alice, bob) = (addr("alice"), addr("bob"));

    let (res, gas) = execute(
        &mut vm,
        env_at(11, 1_100),
        info(&alice, &coins(1_205, DENOM)),
        &ExecuteMsg::Contribute {
            proof: None,
            cap: None,
        },
    );
    assert_eq!(attr(&ok(res, "contribute"), "accepted"), "1205");
    record_gas("presale", "contribute", gas);

    // bob sends 2,500: 2,000 is his maximum, the rest comes back in the same tx
    let (res, _) = execute(
        &mut vm,
        env_at(12, 1_200),
        info(&bob, &coins(2_500, DENOM)),
        &ExecuteMsg::Contribute {
            proof: None,
            cap: None,
        },
    );
    let res = ok(res, "contribute over the max");
    assert_eq!(attr(&res, "accepted"), "1795"); // hard cap 3,000 - 1,205
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: bob.clone(),
            amount: coins(705, DENOM)
        })
    );

    let state: StateResponse = query(&mut vm, env_at(13, 1_300), &QueryMsg::State {});
    assert_eq!(state.phase, Phase::Ended); // hard cap reached
    let (res, gas) = execute(
        &mut vm,
        env_at(13, 1_300),
        info(&alice, &[]),
        &ExecuteMsg::Finalize {},
    );
    let res = ok(res, "finalize");
    assert_eq!(attr(&res, "outcome"), "succeeded");
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: addr("treasury"),
            amount: coins(3_000, DENOM)
        })
    );
    // every sold share minted into escrow at once
    match &res.messages[1].msg {
        CosmosMsg::Wasm(WasmMsg::Execute { msg, .. }) => assert_eq!(
            from_json::<modelfund::shares::ExecuteMsg>(msg).unwrap(),
            // floor(1,205 / 10) + floor(1,795 / 10)
            modelfund::shares::ExecuteMsg::MintEscrowed {
                amount: Uint128::new(120 + 179)
            }
        ),
        other => panic!("expected the escrow mint, got {other:?}"),
    }
    record_gas("presale", "finalize", gas);

    let (res, gas) = execute(
        &mut vm,
        env_at(14, 1_400),
        info(&alice, &[]),
        &ExecuteMsg::Claim {},
    );
    let res = ok(res, "claim");
    match &res.messages[0].msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => {
            assert_eq!(*contract_addr, shares);
            let release: modelfund::shares::ExecuteMsg = from_json(msg).unwrap();
            assert_eq!(
                release,
                modelfund::shares::ExecuteMsg::ReleaseEscrowed {
                    recipient: alice.clone(),
                    amount: Uint128::new(120)
                }
            );
        }
        other => panic!("expected a release from escrow, got {other:?}"),
    }
    record_gas("presale", "claim", gas);
    let (res, _) = execute(
        &mut vm,
        env_at(15, 1_500),
        info(&alice, &[]),
        &ExecuteMsg::Claim {},
    );
    err_contains(res, "already claimed");
}

#[test]
fn presale_refund_in_the_vm() {
    let wasm = artifact("presale");
    let mut vm = instance(&wasm);
    setup(&mut vm, &addr("shares"));
    let alice = addr("alice");
    let (res, _) = execute(
        &mut vm,
        env_at(11, 1_100),
        info(&alice, &coins(300, DENOM)),
        &ExecuteMsg::Contribute {
            proof: None,
            cap: None,
        },
    );
    ok(res, "contribute");
    let (res, _) = execute(
        &mut vm,
        env_at(12, 1_500),
        info(&alice, &[]),
        &ExecuteMsg::Finalize {},
    );
    err_contains(res, "cannot be finalized before");
    let (res, _) = execute(
        &mut vm,
        env_at(20, 2_000),
        info(&alice, &[]),
        &ExecuteMsg::Finalize {},
    );
    assert_eq!(attr(&ok(res, "finalize"), "outcome"), "failed");
    let (res, gas) = execute(
        &mut vm,
        env_at(21, 2_100),
        info(&alice, &[]),
        &ExecuteMsg::Refund {},
    );
    let res = ok(res, "refund");
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: alice,
            amount: coins(300, DENOM)
        })
    );
    record_gas("presale", "refund", gas);
}

/// contribute and claim cost the same with 10 and with 1,000 prior backers: no execute path
/// walks the backers.
#[test]
fn contribute_and_claim_gas_is_flat_in_the_number_of_backers() {
    let wasm = artifact("presale");
    let mut vm = instance(&wasm);
    let shares = addr("shares");
    setup_with_caps(&mut vm, &shares, 1_000_000, 10_000_000);
    let backer = |i: usize| addr(&format!("backer{i:05}"));
    let contribute = |vm: &mut VmInstance, i: usize| -> u64 {
        let (res, gas) = execute(
            vm,
            env_at(11, 1_100),
            info(&backer(i), &coins(1_000, DENOM)),
            &ExecuteMsg::Contribute {
                proof: None,
                cap: None,
            },
        );
        ok(res, "contribute");
        gas
    };

    let mut after_10 = 0;
    let mut after_1000 = 0;
    for i in 0..=1_000 {
        let gas = contribute(&mut vm, i);
        if i == 10 {
            after_10 = gas;
        }
        if i == 1_000 {
            after_1000 = gas;
        }
    }
    record_gas("presale", "contribute_after_10_backers", after_10);
    record_gas("presale", "contribute_after_1000_backers", after_1000);

    let (res, _) = execute(
        &mut vm,
        env_at(20, 2_000),
        info(&backer(0), &[]),
        &ExecuteMsg::Finalize {},
    );
    ok(res, "finalize");
    let claim = |vm: &mut VmInstance, i: usize| -> u64 {
        let (res, gas) = execute(
            vm,
            env_at(21, 2_100),
            info(&backer(i), &[]),
            &ExecuteMsg::Claim {},
        );
        ok(res, "claim");
        gas
    };
    let mut claim_10 = 0;
    let mut claim_1000 = 0;
    for i in 0..=1_000 {
        let gas = claim(&mut vm, i);
        if i == 10 {
            claim_10 = gas;
        }
        if i == 1_000 {
            claim_1000 = gas;
        }
    }
    record_gas("presale", "claim_after_10_backers", claim_10);
    record_gas("presale", "claim_after_1000_backers", claim_1000);

    // flat: within 2 % (the only differences are the numbers written, e.g. "raised")
    let flat = |a: u64, b: u64| (a.max(b) - a.min(b)) * 50 <= a.min(b);
    assert!(
        flat(after_10, after_1000),
        "contribute {after_10} vs {after_1000}"
    );
    assert!(
        flat(claim_10, claim_1000),
        "claim {claim_10} vs {claim_1000}"
    );
}

/// An allowlist of 1,001 entries (proofs of 10 digests): the listed backer contributes up to its
/// cap with its proof, an unlisted one is refused, `allowlist_check` answers, and a withdrawal
/// pays back in the same tx.
#[test]
fn allowlisted_contribute_and_withdraw_in_the_vm() {
    let wasm = artifact("presale");
    let mut vm = instance(&wasm);
    let (alice, bob) = (addr("alice"), addr("bob"));
    let mut entries: Vec<(String, Uint128)> = (0..1_000)
        .map(|i| (addr(&format!("listed{i:04}")), Uint128::new(500)))
        .collect();
    entries.push((alice.clone(), Uint128::new(700)));
    let root = modelfund::allowlist::root(&entries).unwrap();
    setup_full(&mut vm, &addr("shares"), 1_000, 3_000, Some(root));
    let proof = modelfund::allowlist::proof(&entries, &alice, Uint128::new(700))
        .unwrap()
        .unwrap();
    assert_eq!(proof.len(), 10);

    let (res, _) = execute(
        &mut vm,
        env_at(11, 1_100),
        info(&alice, &coins(900, DENOM)),
        &ExecuteMsg::Contribute {
            proof: Some(proof.clone()),
            cap: Some(Uint128::new(700)),
        },
    );
    let res = ok(res, "allowlisted contribute");
    assert_eq!(attr(&res, "accepted"), "700");
    assert_eq!(attr(&res, "returned"), "200");
    let (res, _) = execute(
        &mut vm,
        env_at(12, 1_200),
        info(&bob, &coins(500, DENOM)),
        &ExecuteMsg::Contribute {
            proof: Some(proof.clone()),
            cap: Some(Uint128::new(700)),
        },
    );
    err_contains(res, "not on the presale's allowlist");
    let check: AllowlistCheckResponse = query(
        &mut vm,
        env_at(12, 1_200),
        &QueryMsg::AllowlistCheck {
            address: alice.clone(),
            cap: Some(Uint128::new(700)),
            proof: Some(proof),
        },
    );
    assert!(check.allowed);
    assert_eq!(check.contributed, Uint128::new(700));

    let (res, _) = execute(
        &mut vm,
        env_at(13, 1_300),
        info(&alice, &[]),
        &ExecuteMsg::Withdraw {
            amount: Uint128::new(300),
        },
    );
    let res = ok(res, "withdraw");
    assert_eq!(
        res.messages[0].msg,
        CosmosMsg::Bank(BankMsg::Send {
            to_address: alice.clone(),
            amount: coins(300, DENOM)
        })
    );
    let state: StateResponse = query(&mut vm, env_at(13, 1_300), &QueryMsg::State {});
    assert_eq!(
        (state.raised, state.withdrawn),
        (Uint128::new(400), Uint128::new(300))
    );
}
