//! Revenue in the optimized shares wasm (cosmwasm-vm): distribute and claim gas, and the cost
//! of claim_revenue and of a transfer with 10 and with 10,000 holders (must be flat: no path
//! walks the holders).

use cosmwasm_std::{coins, Uint128};
use cw20::MinterResponse;
use modelfund::shares::{ExecuteMsg, InstantiateMsg, RevenueInit};
use modelfund_vm_tests::*;

const DENOM: &str = "inj";

fn holder(i: usize) -> String {
    addr(&format!("holder{i:05}"))
}

/// A shares instance with `holders` holders of 100 shares each (minted one by one) and a
/// revenue denom; then one distribution of 1,000,000.
fn with_holders(holders: usize) -> VmInstance {
    let wasm = artifact("shares");
    let mut vm = instance_with_balances(&wasm, &[]);
    let minter = addr("presale");
    let (res, _) = instantiate(
        &mut vm,
        env_at(10, 1_000),
        info(&addr("creator"), &[]),
        &InstantiateMsg {
            name: "Tiny LLM shares".into(),
            symbol: "TINY".into(),
            decimals: 0,
            initial_balances: vec![],
            mint: Some(MinterResponse {
                minter: minter.clone(),
                cap: None,
            }),
            marketing: None,
            revenue: Some(RevenueInit {
                admin: None,
                denoms: vec![DENOM.into()],
                splits: vec![],
            }),
        },
    );
    ok(res, "instantiate");
    for i in 0..holders {
        let (res, _) = execute(
            &mut vm,
            env_at(11, 1_005),
            info(&minter, &[]),
            &ExecuteMsg::Mint {
                recipient: holder(i),
                amount: Uint128::new(100),
            },
        );
        ok(res, "mint");
    }
    vm
}

fn distribute(vm: &mut VmInstance, height: u64) -> u64 {
    let (res, gas) = execute(
        vm,
        env_at(height, 1_000 + height),
        info(&addr("access"), &coins(1_000_000, DENOM)),
        &ExecuteMsg::Distribute {},
    );
    ok(res, "distribute");
    gas
}

fn claim(vm: &mut VmInstance, who: &str, height: u64) -> u64 {
    let (res, gas) = execute(
        vm,
        env_at(height, 1_000 + height),
        info(who, &[]),
        &ExecuteMsg::ClaimRevenue {},
    );
    ok(res, "claim_revenue");
    gas
}

fn transfer(vm: &mut VmInstance, from: &str, to: &str, height: u64) -> u64 {
    let (res, gas) = execute(
        vm,
        env_at(height, 1_000 + height),
        info(from, &[]),
        &ExecuteMsg::Transfer {
            recipient: to.to_string(),
            amount: Uint128::new(10),
        },
    );
    ok(res, "transfer");
    gas
}

#[test]
fn revenue_gas_is_flat_in_the_number_of_holders() {
    let mut gas = std::collections::BTreeMap::new();
    for n in [10usize, 10_000] {
        let mut vm = with_holders(n);
        let d = distribute(&mut vm, 20);
        let c = claim(&mut vm, &holder(3), 21);
        // a transfer between two holders who both have revenue to settle
        let t = transfer(&mut vm, &holder(5), &holder(6), 22);
        gas.insert(n, (d, c, t));
    }
    let (d10, c10, t10) = gas[&10];
    let (d10k, c10k, t10k) = gas[&10_000];
    record_gas("shares", "distribute", d10);
    record_gas("shares", "claim_revenue", c10);
    record_gas("shares", "claim_revenue_10_holders", c10);
    record_gas("shares", "claim_revenue_10000_holders", c10k);
    record_gas("shares", "transfer_settling_10_holders", t10);
    record_gas("shares", "transfer_settling_10000_holders", t10k);
    let flat = |a: u64, b: u64| (a.max(b) - a.min(b)) * 50 <= a.min(b);
    assert!(flat(d10, d10k), "distribute {d10} vs {d10k}");
    assert!(flat(c10, c10k), "claim {c10} vs {c10k}");
    assert!(flat(t10, t10k), "transfer {t10} vs {t10k}");
}
