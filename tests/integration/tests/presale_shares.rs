//! The presale against the real shares contract: contributions, settlement, claims minting
//! real cw20 shares, and the height snapshots that governance will vote with.

use cosmwasm_std::{coin, coins, Addr, Uint128};
use cw20::{BalanceResponse, MinterResponse};
use cw_multi_test::{App, Executor};
use modelfund::presale::{self, Phase, StateResponse};
use modelfund::shares::{self, TotalPowerAtHeightResponse, VotingPowerAtHeightResponse};
use modelfund_integration_tests::*;

const DENOM: &str = "inj";
const WALLET: u128 = 1_000_000;

struct Launch {
    app: App,
    presale: Addr,
    shares: Addr,
    creator: Addr,
    treasury: Addr,
    alice: Addr,
    bob: Addr,
    carol: Addr,
}

fn launch(soft_cap: u128, hand_over_minter: bool) -> Launch {
    let mut app = App::new(|router, api, storage| {
        for name in ["alice", "bob", "carol"] {
            router
                .bank
                .init_balance(storage, &api.addr_make(name), vec![coin(WALLET, DENOM)])
                .unwrap();
        }
    });
    let creator = app.api().addr_make("creator");
    let treasury = app.api().addr_make("dao");
    let (alice, bob, carol) = (
        app.api().addr_make("alice"),
        app.api().addr_make("bob"),
        app.api().addr_make("carol"),
    );
    let shares_code = app.store_code(shares());
    let presale_code = app.store_code(presale());
    let shares = app
        .instantiate_contract(
            shares_code,
            creator.clone(),
            &shares::InstantiateMsg {
                name: "Tiny LLM shares".into(),
                symbol: "TINY".into(),
                decimals: 6,
                initial_balances: vec![],
                mint: Some(MinterResponse {
                    minter: creator.to_string(),
                    cap: None,
                }),
                marketing: None,
                revenue: None,
            },
            &[],
            "shares",
            None,
        )
        .unwrap();
    let now = app.block_info().time;
    let presale = app
        .instantiate_contract(
            presale_code,
            creator.clone(),
            &presale::InstantiateMsg {
                denom: DENOM.into(),
                price: Uint128::new(10),
                soft_cap: Uint128::new(soft_cap),
                hard_cap: Uint128::new(3_000),
                start: now,
                end: now.plus_seconds(1_000),
                min_per_address: Uint128::new(100),
                max_per_address: Uint128::new(2_000),
                treasury: treasury.to_string(),
                creator: creator.to_string(),
                creator_allocation: Uint128::new(50),
                shares: shares.to_string(),
            },
            &[],
            "presale",
            None,
        )
        .unwrap();
    if hand_over_minter {
        app.execute_contract(
            creator.clone(),
            shares.clone(),
            &shares::ExecuteMsg::UpdateMinter {
                new_minter: Some(presale.to_string()),
            },
            &[],
        )
        .unwrap();
    }
    Launch {
        app,
        presale,
        shares,
        creator,
        treasury,
        alice,
        bob,
        carol,
    }
}

impl Launch {
    fn next_block(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(seconds);
        });
    }
    fn exec(&mut self, who: &Addr, msg: &presale::ExecuteMsg, funds: &[cosmwasm_std::Coin]) {
        self.app
            .execute_contract(who.clone(), self.presale.clone(), msg, funds)
            .unwrap();
    }
    fn shares_of(&self, who: &Addr) -> u128 {
        let r: BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.shares,
                &shares::QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        r.balance.u128()
    }
    fn power(&self, who: &Addr, height: u64) -> u128 {
        let r: VotingPowerAtHeightResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.shares,
                &shares::QueryMsg::VotingPowerAtHeight {
                    address: who.to_string(),
                    height: Some(height),
                },
            )
            .unwrap();
        r.power.u128()
    }
    fn total_power(&self, height: u64) -> u128 {
        let r: TotalPowerAtHeightResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.shares,
                &shares::QueryMsg::TotalPowerAtHeight {
                    height: Some(height),
                },
            )
            .unwrap();
        r.power.u128()
    }
    fn bank(&self, who: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(who, DENOM)
            .unwrap()
            .amount
            .u128()
    }
}

#[test]
fn every_sold_share_votes_from_the_block_after_finalize_claimed_or_not() {
    let mut l = launch(1_000, true);
    let (alice, bob, carol) = (l.alice.clone(), l.bob.clone(), l.carol.clone());
    l.exec(
        &alice,
        &presale::ExecuteMsg::Contribute {},
        &coins(1_205, DENOM),
    );
    l.exec(
        &bob,
        &presale::ExecuteMsg::Contribute {},
        &coins(800, DENOM),
    );
    l.next_block(1_000);
    let finalize_height = l.app.block_info().height;
    l.exec(&carol, &presale::ExecuteMsg::Finalize {}, &[]);
    assert_eq!(l.bank(&l.treasury.clone()), 2_005);
    assert_eq!(l.shares_of(&l.creator.clone()), 50);
    // nothing counts in the finalize block itself; from the next one the whole final supply
    // does: the creator's 50 are 20 % of it, never all of it
    assert_eq!(l.total_power(finalize_height), 0);
    assert_eq!(l.total_power(finalize_height + 1), 250);
    assert_eq!(l.power(&l.creator.clone(), finalize_height + 1), 50);

    l.next_block(5);
    let claim_height = l.app.block_info().height;
    l.exec(&alice, &presale::ExecuteMsg::Claim {}, &[]);
    assert_eq!(l.shares_of(&alice), 120);
    // alice's shares vote at every height since finalize, before her claim too
    assert_eq!(l.power(&alice, finalize_height), 0);
    assert_eq!(l.power(&alice, finalize_height + 1), 120);
    assert_eq!(l.power(&alice, claim_height), 120);
    assert_eq!(l.total_power(claim_height), 250);
    l.next_block(5);
    // bob claims later; his power at the earlier heights is there once he claimed
    l.exec(&bob, &presale::ExecuteMsg::Claim {}, &[]);
    assert_eq!(l.shares_of(&bob), 80);
    assert_eq!(l.power(&bob, claim_height), 80);
    l.next_block(5);
    assert_eq!(l.power(&alice, claim_height + 1), 120);
    assert_eq!(l.total_power(claim_height + 1), 250);

    // shares received after a height do not count at it
    let transfer_height = l.app.block_info().height;
    l.app
        .execute_contract(
            alice.clone(),
            l.shares.clone(),
            &shares::ExecuteMsg::Transfer {
                recipient: carol.to_string(),
                amount: Uint128::new(20),
            },
            &[],
        )
        .unwrap();
    l.next_block(5);
    assert_eq!(l.power(&carol, transfer_height), 0);
    assert_eq!(l.power(&alice, transfer_height), 120);
    assert_eq!(l.power(&carol, transfer_height + 1), 20);
    assert_eq!(l.power(&alice, transfer_height + 1), 100);
    assert_eq!(l.total_power(transfer_height + 1), 250);

    let state: StateResponse = l
        .app
        .wrap()
        .query_wasm_smart(&l.presale, &presale::QueryMsg::State {})
        .unwrap();
    assert_eq!(state.phase, Phase::Succeeded);
    assert_eq!(state.shares_claimed, Uint128::new(200));
}

#[test]
fn a_failed_presale_refunds_and_mints_nothing() {
    let mut l = launch(2_500, true);
    let (alice, bob) = (l.alice.clone(), l.bob.clone());
    l.exec(
        &alice,
        &presale::ExecuteMsg::Contribute {},
        &coins(1_000, DENOM),
    );
    l.exec(
        &bob,
        &presale::ExecuteMsg::Contribute {},
        &coins(500, DENOM),
    );
    l.next_block(1_000);
    l.exec(&alice, &presale::ExecuteMsg::Finalize {}, &[]);
    l.exec(&alice, &presale::ExecuteMsg::Refund {}, &[]);
    l.exec(&bob, &presale::ExecuteMsg::Refund {}, &[]);
    assert_eq!(l.bank(&alice), WALLET);
    assert_eq!(l.bank(&bob), WALLET);
    assert_eq!(l.bank(&l.treasury.clone()), 0);
    let info: cw20::TokenInfoResponse = l
        .app
        .wrap()
        .query_wasm_smart(&l.shares, &shares::QueryMsg::TokenInfo {})
        .unwrap();
    assert_eq!(info.total_supply, Uint128::zero());
}

#[test]
fn no_contribution_before_the_presale_mints_the_real_shares() {
    let mut l = launch(1_000, false);
    let alice = l.alice.clone();
    let err = l
        .app
        .execute_contract(
            alice.clone(),
            l.presale.clone(),
            &presale::ExecuteMsg::Contribute {},
            &coins(500, DENOM),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<modelfund_presale::ContractError>().unwrap(),
        modelfund_presale::ContractError::NotSharesMinter {}
    );
    assert_eq!(l.bank(&alice), WALLET);
}
