//! The optimized shares wasm in cosmwasm-vm: instantiate, mint by the minter, transfer, and
//! the height snapshots governance votes with; gas per operation.

use cosmwasm_std::Uint128;
use cw20::{BalanceResponse, Cw20Coin, MinterResponse};
use modelfund::shares::{
    ExecuteMsg, InstantiateMsg, QueryMsg, TotalPowerAtHeightResponse, VotingPowerAtHeightResponse,
};
use modelfund_vm_tests::*;

#[test]
fn shares_transfer_and_snapshots_in_the_vm() {
    let wasm = artifact("shares");
    let mut vm = instance(&wasm);
    let (presale, alice, bob) = (addr("presale"), addr("alice"), addr("bob"));

    let (res, gas) = instantiate(
        &mut vm,
        env_at(10, 1_000),
        info(&addr("creator"), &[]),
        &InstantiateMsg {
            name: "Tiny LLM shares".into(),
            symbol: "TINY".into(),
            decimals: 6,
            initial_balances: vec![Cw20Coin {
                address: alice.clone(),
                amount: Uint128::new(1_000),
            }],
            mint: Some(MinterResponse {
                minter: presale.clone(),
                cap: None,
            }),
            marketing: None,
            revenue: None,
        },
    );
    ok(res, "instantiate");
    record_gas("shares", "instantiate", gas);

    let (res, gas) = execute(
        &mut vm,
        env_at(11, 1_005),
        info(&presale, &[]),
        &ExecuteMsg::Mint {
            recipient: bob.clone(),
            amount: Uint128::new(500),
        },
    );
    ok(res, "mint");
    record_gas("shares", "mint", gas);

    let (res, _) = execute(
        &mut vm,
        env_at(11, 1_005),
        info(&alice, &[]),
        &ExecuteMsg::Mint {
            recipient: alice.clone(),
            amount: Uint128::new(1),
        },
    );
    err_contains(res, "unauthorized");

    let (res, gas) = execute(
        &mut vm,
        env_at(12, 1_010),
        info(&alice, &[]),
        &ExecuteMsg::Transfer {
            recipient: bob.clone(),
            amount: Uint128::new(300),
        },
    );
    assert_eq!(attr(&ok(res, "transfer"), "action"), "transfer");
    record_gas("shares", "transfer", gas);

    let bal: BalanceResponse = query(
        &mut vm,
        env_at(13, 1_015),
        &QueryMsg::Balance {
            address: bob.clone(),
        },
    );
    assert_eq!(bal.balance, Uint128::new(800));
    // the transfer in block 12 is not visible at height 12, only from 13
    let at = |vm: &mut VmInstance, who: &str, h: u64| -> u128 {
        let r: VotingPowerAtHeightResponse = query(
            vm,
            env_at(20, 1_100),
            &QueryMsg::VotingPowerAtHeight {
                address: who.to_string(),
                height: Some(h),
            },
        );
        r.power.u128()
    };
    assert_eq!(at(&mut vm, &bob, 12), 500);
    assert_eq!(at(&mut vm, &bob, 13), 800);
    assert_eq!(at(&mut vm, &alice, 12), 1_000);
    assert_eq!(at(&mut vm, &alice, 13), 700);
    let total: TotalPowerAtHeightResponse = query(
        &mut vm,
        env_at(20, 1_100),
        &QueryMsg::TotalPowerAtHeight { height: Some(11) },
    );
    assert_eq!(total.power, Uint128::new(1_000)); // the mint in block 11 counts from 12

    // delegation: alice's vote goes through carol from block 22; then a transfer of the
    // delegating alice moves carol's power with it (one more account's checkpoint written)
    let carol = addr("carol");
    let (res, gas) = execute(
        &mut vm,
        env_at(21, 1_105),
        info(&alice, &[]),
        &ExecuteMsg::Delegate { to: carol.clone() },
    );
    assert_eq!(attr(&ok(res, "delegate"), "power"), "700");
    record_gas("shares", "delegate", gas);
    let (res, gas) = execute(
        &mut vm,
        env_at(23, 1_115),
        info(&alice, &[]),
        &ExecuteMsg::Transfer {
            recipient: bob.clone(),
            amount: Uint128::new(200),
        },
    );
    ok(res, "transfer with delegation");
    record_gas("shares", "transfer_with_delegation", gas);
    let at = |vm: &mut VmInstance, who: &str, h: u64| -> u128 {
        let r: VotingPowerAtHeightResponse = query(
            vm,
            env_at(30, 1_150),
            &QueryMsg::VotingPowerAtHeight {
                address: who.to_string(),
                height: Some(h),
            },
        );
        r.power.u128()
    };
    assert_eq!((at(&mut vm, &alice, 21), at(&mut vm, &carol, 21)), (700, 0));
    assert_eq!((at(&mut vm, &alice, 22), at(&mut vm, &carol, 22)), (0, 700));
    assert_eq!(
        (at(&mut vm, &carol, 24), at(&mut vm, &bob, 24)),
        (500, 1_000)
    );
}
