//! The published checkpoint layout (`modelfund::shares::checkpoints`): another contract reading
//! voting power with raw queries gets exactly the smart `voting_power_at_height` answer, at
//! every height, across transfers, mints and burns over many blocks.

use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    StdError, StdResult, Uint128,
};
use cw_multi_test::{Contract, ContractWrapper, Executor};
use modelfund::shares::checkpoints::{power_at_height, Checkpoint, CHECKPOINTS, CHECKPOINT_COUNT};
use modelfund::shares::{ExecuteMsg, QueryMsg, VotingPowerAtHeightResponse};

use super::suite::*;

/// A governance-like contract: its one query reads an account's power at a height from the
/// shares contract's storage with raw queries, through the package helper.
#[cosmwasm_schema::cw_serde]
enum VoterQuery {
    Power {
        shares: String,
        address: String,
        height: u64,
    },
}

fn voter_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty| -> StdResult<Response> {
            Err(StdError::generic_err("no executes"))
        },
        |_deps: DepsMut, _env: Env, _info: MessageInfo, _msg: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _env: Env, msg: VoterQuery| -> StdResult<Binary> {
            let VoterQuery::Power {
                shares,
                address,
                height,
            } = msg;
            let shares = deps.api.addr_validate(&shares)?;
            let address = deps.api.addr_validate(&address)?;
            to_json_binary(&power_at_height(&deps.querier, &shares, &address, height)?)
        },
    ))
}

fn voter(suite: &mut Suite) -> Addr {
    let code = suite.app.store_code(voter_contract());
    suite
        .app
        .instantiate_contract(code, suite.admin.clone(), &Empty {}, &[], "voter", None)
        .unwrap()
}

/// Power through the voter contract (raw reads of the checkpoint layout).
fn raw_power(suite: &Suite, voter: &Addr, addr: &Addr, height: u64) -> u128 {
    suite
        .app
        .wrap()
        .query_wasm_smart::<Uint128>(
            voter.clone(),
            &VoterQuery::Power {
                shares: suite.shares.to_string(),
                address: addr.to_string(),
                height,
            },
        )
        .unwrap()
        .u128()
}

/// Power through the shares contract's own smart query.
fn smart_power(suite: &Suite, addr: &Addr, height: u64) -> u128 {
    let res: VotingPowerAtHeightResponse = suite
        .query(&QueryMsg::VotingPowerAtHeight {
            address: addr.to_string(),
            height: Some(height),
        })
        .unwrap();
    assert_eq!(res.height, height);
    res.power.u128()
}

fn raw_count(suite: &Suite, addr: &Addr) -> u32 {
    suite
        .app
        .wrap()
        .query_wasm_raw(suite.shares.clone(), CHECKPOINT_COUNT.key(addr).to_vec())
        .unwrap()
        .map(|b| from_json(b).unwrap())
        .unwrap_or(0)
}

fn raw_checkpoint(suite: &Suite, addr: &Addr, index: u32) -> Checkpoint {
    let bytes = suite
        .app
        .wrap()
        .query_wasm_raw(
            suite.shares.clone(),
            CHECKPOINTS.key((addr, index)).to_vec(),
        )
        .unwrap()
        .unwrap_or_else(|| panic!("no checkpoint {index} of {addr}"));
    from_json(bytes).unwrap()
}

/// The cw20-base `balance` entry, read raw (the layout raw cw20 readers rely on).
fn raw_cw20_balance(suite: &Suite, addr: &Addr) -> u128 {
    suite
        .app
        .wrap()
        .query_wasm_raw(
            suite.shares.clone(),
            cw20_base::state::BALANCES.key(addr).to_vec(),
        )
        .unwrap()
        .map(|b| from_json::<Uint128>(b).unwrap().u128())
        .unwrap_or(0)
}

/// Logs a change of account `i` in block `height` to `balance`.
fn record(
    log: &mut Vec<(u64, usize, u128)>,
    changed: &mut [Vec<u64>; 5],
    height: u64,
    i: usize,
    balance: u128,
) {
    log.push((height, i, balance));
    if changed[i].last() != Some(&height) {
        changed[i].push(height);
    }
}

/// A deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

#[test]
fn raw_reads_match_the_smart_query_at_every_height() {
    // instantiated at height 1 (alice 1000, bob 500, no cap), so every height can be walked
    let mut suite = Suite::at_height(1, |msg| {
        if let Some(mint) = msg.mint.as_mut() {
            mint.cap = None;
        }
    });
    let voter = voter(&mut suite);
    let minter = suite.minter.clone();
    let dave = suite.addr("dave");
    let people = [
        suite.alice.clone(),
        suite.bob.clone(),
        suite.carol.clone(),
        dave.clone(),
        minter.clone(),
    ];
    let (alice, bob, carol) = (people[0].clone(), people[1].clone(), people[2].clone());

    // the model: (height of the block, account, balance after the change), in order
    let start = suite.height();
    let mut balances = [ALICE_START, BOB_START, 0, 0, 0];
    let mut log: Vec<(u64, usize, u128)> = vec![(start, 0, ALICE_START), (start, 1, BOB_START)];
    let mut changed_blocks: [Vec<u64>; 5] = Default::default();
    changed_blocks[0].push(start);
    changed_blocks[1].push(start);
    let mut rng = Lcg(7);
    for block in 0..60u64 {
        suite.next_block();
        // a few blocks stay empty
        if block % 11 == 5 {
            continue;
        }
        let h = suite.height();
        // alice moves shares in every other block: she ends with well over 20 checkpoints
        if block % 2 == 0 {
            suite
                .exec(
                    &alice,
                    &ExecuteMsg::Transfer {
                        recipient: carol.to_string(),
                        amount: amount(3),
                    },
                )
                .unwrap();
            balances[0] -= 3;
            balances[2] += 3;
            record(&mut log, &mut changed_blocks, h, 0, balances[0]);
            record(&mut log, &mut changed_blocks, h, 2, balances[2]);
        }
        // then 0 to 3 random operations in the same block
        for _ in 0..rng.next(4) {
            let a = rng.next(4) as usize;
            let b = (a + 1 + rng.next(3) as usize) % 4;
            let n = 1 + rng.next(40) as u128;
            match rng.next(4) {
                0 => {
                    suite
                        .exec(
                            &minter,
                            &ExecuteMsg::Mint {
                                recipient: people[a].to_string(),
                                amount: amount(n),
                            },
                        )
                        .unwrap();
                    balances[a] += n;
                    record(&mut log, &mut changed_blocks, h, a, balances[a]);
                }
                1 if balances[a] >= n => {
                    suite
                        .exec(&people[a], &ExecuteMsg::Burn { amount: amount(n) })
                        .unwrap();
                    balances[a] -= n;
                    record(&mut log, &mut changed_blocks, h, a, balances[a]);
                }
                _ if balances[a] >= n => {
                    suite
                        .exec(
                            &people[a],
                            &ExecuteMsg::Transfer {
                                recipient: people[b].to_string(),
                                amount: amount(n),
                            },
                        )
                        .unwrap();
                    balances[a] -= n;
                    balances[b] += n;
                    record(&mut log, &mut changed_blocks, h, a, balances[a]);
                    record(&mut log, &mut changed_blocks, h, b, balances[b]);
                }
                _ => {}
            }
        }
        // and a round trip: bob -> dave -> bob in one block (same balance, one checkpoint each)
        if block % 7 == 3 && balances[1] >= 5 {
            for (x, y) in [(1usize, 3usize), (3, 1)] {
                suite
                    .exec(
                        &people[x],
                        &ExecuteMsg::Transfer {
                            recipient: people[y].to_string(),
                            amount: amount(5),
                        },
                    )
                    .unwrap();
                balances[x] -= 5;
                balances[y] += 5;
                record(&mut log, &mut changed_blocks, h, x, balances[x]);
                record(&mut log, &mut changed_blocks, h, y, balances[y]);
            }
        }
    }
    suite.next_block();
    let now = suite.height();

    // the layout: one checkpoint per account per block with a change, at that block + 1,
    // ending with the current balance, which also sits under cw20's `balance` key
    assert!(
        changed_blocks[0].len() >= 20,
        "alice needs many checkpoints"
    );
    for (i, addr) in people.iter().enumerate() {
        let count = raw_count(&suite, addr);
        assert_eq!(count as usize, changed_blocks[i].len(), "account {i}");
        for (index, block) in changed_blocks[i].iter().enumerate() {
            assert_eq!(raw_checkpoint(&suite, addr, index as u32).height, block + 1);
        }
        if count > 0 {
            assert_eq!(
                raw_checkpoint(&suite, addr, count - 1).balance.u128(),
                balances[i]
            );
        }
        assert_eq!(suite.balance(addr), balances[i]);
        assert_eq!(raw_cw20_balance(&suite, addr), balances[i]);
    }

    // every height from 0 to beyond the current one: raw == smart == balance_at_height ==
    // the model (a change in block H counts from H + 1 on)
    for height in 0..=now + 2 {
        for (i, addr) in people.iter().enumerate() {
            let expected = log
                .iter()
                .rev()
                .find(|(h, who, _)| *who == i && *h < height)
                .map_or(0, |(_, _, balance)| *balance);
            let smart = smart_power(&suite, addr, height);
            assert_eq!(smart, expected, "account {i} at height {height}");
            assert_eq!(
                raw_power(&suite, &voter, addr, height),
                smart,
                "account {i} at height {height}"
            );
            assert_eq!(suite.balance_at(addr, height), smart);
        }
    }
    // above the current height: the current balance
    assert_eq!(raw_power(&suite, &voter, &alice, u64::MAX), balances[0]);
    assert_eq!(smart_power(&suite, &bob, u64::MAX), balances[1]);
    // an account that never held shares has no power and no checkpoints
    let nobody = suite.addr("nobody");
    assert_eq!(raw_power(&suite, &voter, &nobody, now), 0);
    assert_eq!(raw_count(&suite, &nobody), 0);
}

/// The total power another contract reads raw at the current block
/// (`checkpoints::total_power_now`, what governance's `propose` uses).
fn raw_total_now(suite: &Suite) -> u128 {
    modelfund::shares::checkpoints::total_power_now(
        &suite.app.wrap(),
        &suite.shares,
        suite.height(),
    )
    .unwrap()
    .u128()
}

fn smart_total_now(suite: &Suite) -> u128 {
    let res: modelfund::shares::TotalPowerAtHeightResponse = suite
        .query(&QueryMsg::TotalPowerAtHeight {
            height: Some(suite.height()),
        })
        .unwrap();
    res.power.u128()
}

#[test]
fn the_raw_total_power_now_is_the_supply_at_the_start_of_the_block() {
    let mut suite = Suite::with(|msg| {
        if let Some(mint) = msg.mint.as_mut() {
            mint.cap = None;
        }
    });
    let minter = suite.minter.clone();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    let start = ALICE_START + BOB_START;
    // the block of the initial balances: they count from the next block on
    assert_eq!(raw_total_now(&suite), smart_total_now(&suite));
    suite.next_block();
    assert_eq!(raw_total_now(&suite), start);
    assert_eq!(smart_total_now(&suite), start);

    // a mint, a burn and another mint in one block: still the supply at its start
    let mint = |n: u128| ExecuteMsg::Mint {
        recipient: bob.to_string(),
        amount: amount(n),
    };
    suite.exec(&minter, &mint(40)).unwrap();
    assert_eq!(raw_total_now(&suite), start);
    suite
        .exec(&alice, &ExecuteMsg::Burn { amount: amount(15) })
        .unwrap();
    suite.exec(&minter, &mint(5)).unwrap();
    assert_eq!(raw_total_now(&suite), start);
    assert_eq!(smart_total_now(&suite), start);
    assert_eq!(suite.supply(), start + 30);

    // the next block starts with all of it; a transfer does not change the total
    suite.next_block();
    assert_eq!(raw_total_now(&suite), start + 30);
    suite
        .exec(
            &alice,
            &ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: amount(7),
            },
        )
        .unwrap();
    assert_eq!(raw_total_now(&suite), start + 30);
    assert_eq!(smart_total_now(&suite), start + 30);

    // escrowed shares count like minted ones, from the next block on
    suite
        .exec(
            &minter,
            &ExecuteMsg::MintEscrowed {
                amount: amount(100),
            },
        )
        .unwrap();
    assert_eq!(raw_total_now(&suite), start + 30);
    suite.advance_blocks(3);
    assert_eq!(raw_total_now(&suite), start + 130);
    assert_eq!(smart_total_now(&suite), start + 130);
}
