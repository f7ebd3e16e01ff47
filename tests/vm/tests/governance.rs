//! The optimized governance wasm in cosmwasm-vm: propose, vote, execute, and vote gas with 10
//! and 1,000 prior voters. The shares contract is played by the mock querier: it answers raw
//! reads of the published checkpoint layout (every voter holds 10 shares) and of the published
//! total supply (no change in the current block); governance makes no smart query.

use cosmwasm_std::{
    coins, to_json_binary, BankMsg, Binary, ContractResult, CosmosMsg, Decimal, SubMsg,
    SystemResult, Uint128, WasmQuery,
};
use modelfund::governance::{
    Action, ExecuteMsg, GovernanceParams, InstantiateMsg, ProposalResponse, ProposalStatus,
    QueryMsg, VoteOption,
};
use modelfund::shares::checkpoints::{Checkpoint, TOTAL_SUPPLY_CHANGELOG_KEY, TOTAL_SUPPLY_KEY};
use modelfund_vm_tests::*;

const POWER: u128 = 10;

fn setup(vm: &mut VmInstance, total: u128) {
    vm.with_querier(move |q| {
        q.update_wasm(move |query| {
            let bin = match query {
                WasmQuery::Raw { key, .. } if key.as_slice()[2..].starts_with(b"vp_count") => {
                    to_json_binary(&1u32)
                }
                WasmQuery::Raw { key, .. }
                    if key.as_slice()[2..].starts_with(b"vp_checkpoints") =>
                {
                    to_json_binary(&Checkpoint::of_balance(1, Uint128::new(POWER)))
                }
                // no voter here received shares from a presale escrow: the key is absent
                WasmQuery::Raw { key, .. } if key.as_slice()[2..].starts_with(b"vp_entitled") => {
                    Ok(Binary::default())
                }
                WasmQuery::Raw { key, .. } if key.as_slice() == TOTAL_SUPPLY_KEY.as_bytes() => {
                    to_json_binary(&Uint128::new(total))
                }
                // the supply did not change in this block: no changelog entry
                WasmQuery::Raw { key, .. }
                    if key.as_slice()[2..].starts_with(TOTAL_SUPPLY_CHANGELOG_KEY.as_bytes()) =>
                {
                    Ok(Binary::default())
                }
                other => panic!("unexpected query {other:?}"),
            };
            SystemResult::Ok(ContractResult::Ok(bin.unwrap()))
        });
        Ok(())
    })
    .unwrap();
    let msg = InstantiateMsg {
        shares: addr("shares"),
        registry: None,
        model_id: None,
        access: None,
        presale: None,
        bounds: None,
        vetoer: None,
        params: GovernanceParams {
            voting_period_seconds: 1_000,
            quorum: Decimal::percent(10),
            threshold: Decimal::percent(50),
            timelock_seconds: 100,
            deposit: None,
            min_propose_power: Uint128::new(1),
            max_actions: 5,
            execution_window_seconds: modelfund::governance::DEFAULT_EXECUTION_WINDOW_SECONDS,
        },
    };
    let (res, gas) = instantiate(vm, env_at(10, 1_000), info(&addr("creator"), &[]), &msg);
    ok(res, "instantiate");
    record_gas("governance", "instantiate", gas);
}

fn propose(vm: &mut VmInstance, who: &str) -> u64 {
    let (res, gas) = execute(
        vm,
        env_at(10, 1_000),
        info(who, &[]),
        &ExecuteMsg::Propose {
            title: "Pay the fine-tune".into(),
            description: "Milestone 1".into(),
            actions: vec![Action::SpendTreasury {
                recipient: addr("creator"),
                amount: coins(100, "inj"),
            }],
        },
    );
    let res = ok(res, "propose");
    record_gas("governance", "propose", gas);
    attr(&res, "proposal_id").parse().unwrap()
}

#[test]
fn governance_lifecycle_in_the_vm() {
    let wasm = artifact("governance");
    // the treasury the spend is paid from (execute checks the spends against it)
    let dao = env_at(10, 1_000).contract.address;
    let mut vm = instance_with_balances(&wasm, &[(dao.as_str(), &coins(1_000, "inj"))]);
    setup(&mut vm, 30); // alice, bob, carol: 10 each
    let (alice, bob) = (addr("alice"), addr("bob"));
    let id = propose(&mut vm, &alice);

    let (res, gas) = execute(
        &mut vm,
        env_at(11, 1_005),
        info(&alice, &[]),
        &ExecuteMsg::Vote {
            proposal_id: id,
            vote: VoteOption::Yes,
        },
    );
    assert_eq!(attr(&ok(res, "vote"), "status"), "open");
    record_gas("governance", "vote", gas);
    let (res, _) = execute(
        &mut vm,
        env_at(11, 1_005),
        info(&alice, &[]),
        &ExecuteMsg::Vote {
            proposal_id: id,
            vote: VoteOption::No,
        },
    );
    err_contains(res, "already voted");
    let (res, _) = execute(
        &mut vm,
        env_at(12, 1_010),
        info(&bob, &[]),
        &ExecuteMsg::Vote {
            proposal_id: id,
            vote: VoteOption::Yes,
        },
    );
    assert_eq!(attr(&ok(res, "vote"), "status"), "passed");

    let (res, _) = execute(
        &mut vm,
        env_at(13, 1_050),
        info(&bob, &[]),
        &ExecuteMsg::Execute { proposal_id: id },
    );
    err_contains(res, "timelock");
    let (res, gas) = execute(
        &mut vm,
        env_at(14, 1_110),
        info(&bob, &[]),
        &ExecuteMsg::Execute { proposal_id: id },
    );
    let res = ok(res, "execute");
    // one action needing no deposit check is the sub-call itself (reply on error, id 4): the
    // bank send of the spend, with no call to the DAO itself
    assert_eq!(res.messages.len(), 1);
    assert!(matches!(
        &res.messages[0],
        SubMsg { id: 4, msg: CosmosMsg::Bank(BankMsg::Send { to_address, amount }), .. }
            if *to_address == addr("creator") && *amount == coins(100, "inj")
    ));
    record_gas("governance", "execute", gas);

    let p: ProposalResponse = query(
        &mut vm,
        env_at(15, 1_120),
        &QueryMsg::Proposal { proposal_id: id },
    );
    assert_eq!(p.status, ProposalStatus::Executed);
    assert_eq!(p.tally.yes, Uint128::new(20));
}

/// No vote walks the voters: the 1,001st vote costs what the 11th does.
#[test]
fn vote_gas_is_flat_in_the_number_of_voters() {
    let wasm = artifact("governance");
    let mut vm = instance(&wasm);
    setup(&mut vm, 100_000);
    let id = propose(&mut vm, &addr("voter00000"));
    let mut gas_at = std::collections::BTreeMap::new();
    for i in 0..=1_000 {
        let (res, gas) = execute(
            &mut vm,
            env_at(11, 1_005),
            info(&addr(&format!("voter{i:05}")), &[]),
            &ExecuteMsg::Vote {
                proposal_id: id,
                vote: VoteOption::Abstain,
            },
        );
        ok(res, "vote");
        if i == 10 || i == 1_000 {
            gas_at.insert(i, gas);
        }
    }
    let (ten, thousand) = (gas_at[&10], gas_at[&1_000]);
    record_gas("governance", "vote_after_10_voters", ten);
    record_gas("governance", "vote_after_1000_voters", thousand);
    assert!(
        (ten.max(thousand) - ten.min(thousand)) * 50 <= ten.min(thousand),
        "vote {ten} vs {thousand}"
    );
}
