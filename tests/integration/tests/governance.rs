//! A model's DAO with the real contracts: the presale fills the treasury and mints the shares,
//! the DAO owns the model NFT, holders vote with their shares at the proposal's start height,
//! and executed proposals publish a new model version and pay a milestone.

use cosmwasm_std::{coin, coins, Addr, Decimal, Uint128};
use cw20::MinterResponse;
use cw_multi_test::{App, AppResponse, Executor};
use modelfund::governance::{
    self, Action, GovernanceParams, ProposalResponse, ProposalStatus, VoteOption,
};
use modelfund::registry::{self, License, ModelMetadata, ModelVersion};
use modelfund::{presale, shares};
use modelfund_integration_tests::*;

const DENOM: &str = "inj";
const HASH_1: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const HASH_2: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

struct Dao {
    app: App,
    dao: Addr,
    shares: Addr,
    registry: Addr,
    creator: Addr,
    alice: Addr,
    bob: Addr,
    carol: Addr,
}

impl Dao {
    /// registry + shares + governance (owning the model NFT) + a presale whose treasury is the
    /// DAO; alice buys 600 shares and bob 400, the presale settles, both claim.
    fn launch() -> Self {
        let mut app = App::new(|router, api, storage| {
            for name in ["alice", "bob", "carol"] {
                router
                    .bank
                    .init_balance(storage, &api.addr_make(name), vec![coin(100_000, DENOM)])
                    .unwrap();
            }
        });
        let creator = app.api().addr_make("creator");
        let (alice, bob, carol) = (
            app.api().addr_make("alice"),
            app.api().addr_make("bob"),
            app.api().addr_make("carol"),
        );
        let (reg_code, sh_code, gov_code, pre_code) = (
            app.store_code(registry()),
            app.store_code(shares()),
            app.store_code(governance()),
            app.store_code(presale()),
        );
        let registry = app
            .instantiate_contract(
                reg_code,
                creator.clone(),
                &registry::InstantiateMsg {
                    name: "Models".into(),
                    symbol: "MODEL".into(),
                    owner: None,
                    minters: None,
                    royalty_limits: None,
                },
                &[],
                "registry",
                None,
            )
            .unwrap();
        let shares = app
            .instantiate_contract(
                sh_code,
                creator.clone(),
                &shares::InstantiateMsg {
                    name: "Tiny LLM shares".into(),
                    symbol: "TINY".into(),
                    decimals: 0,
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
        let dao = app
            .instantiate_contract(
                gov_code,
                creator.clone(),
                &governance::InstantiateMsg {
                    shares: shares.to_string(),
                    registry: Some(registry.to_string()),
                    model_id: Some("tiny-llm".into()),
                    access: None,
                    presale: None,
                    bounds: None,
                    params: GovernanceParams {
                        voting_period_seconds: 3_600,
                        quorum: Decimal::percent(20),
                        threshold: Decimal::percent(50),
                        timelock_seconds: 600,
                        deposit: Some(coin(10, DENOM)),
                        min_propose_power: Uint128::new(1),
                        max_actions: 5,
                        execution_window_seconds:
                            modelfund::governance::DEFAULT_EXECUTION_WINDOW_SECONDS,
                    },
                },
                &[],
                "dao",
                None,
            )
            .unwrap();
        app.execute_contract(
            creator.clone(),
            registry.clone(),
            &registry::ExecuteMsg::Mint {
                token_id: "tiny-llm".into(),
                owner: dao.to_string(),
                token_uri: None,
                model: ModelMetadata {
                    name: "Tiny LLM".into(),
                    description: "".into(),
                    content_hash: HASH_1.into(),
                    storage_uri: "ipfs://bafy-v1".into(),
                    license: License {
                        id: "apache-2.0".into(),
                        uri: None,
                    },
                    version: "v1.0.0".into(),
                    notes: None,
                },
                royalty: None,
            },
            &[],
        )
        .unwrap();
        let now = app.block_info().time;
        let sale = app
            .instantiate_contract(
                pre_code,
                creator.clone(),
                &presale::InstantiateMsg {
                    denom: DENOM.into(),
                    price: Uint128::new(10),
                    soft_cap: Uint128::new(5_000),
                    hard_cap: Uint128::new(10_000),
                    start: now,
                    end: now.plus_seconds(1_000),
                    min_per_address: Uint128::new(10),
                    max_per_address: Uint128::new(10_000),
                    treasury: dao.to_string(),
                    creator: creator.to_string(),
                    creator_allocation: Uint128::zero(),
                    shares: shares.to_string(),
                },
                &[],
                "presale",
                None,
            )
            .unwrap();
        app.execute_contract(
            creator.clone(),
            shares.clone(),
            &shares::ExecuteMsg::UpdateMinter {
                new_minter: Some(sale.to_string()),
            },
            &[],
        )
        .unwrap();
        let contribute = presale::ExecuteMsg::Contribute {};
        app.execute_contract(
            alice.clone(),
            sale.clone(),
            &contribute,
            &coins(6_000, DENOM),
        )
        .unwrap();
        app.execute_contract(bob.clone(), sale.clone(), &contribute, &coins(4_000, DENOM))
            .unwrap();
        // hard cap reached: settle at once
        app.execute_contract(
            carol.clone(),
            sale.clone(),
            &presale::ExecuteMsg::Finalize {},
            &[],
        )
        .unwrap();
        for who in [&alice, &bob] {
            app.execute_contract(
                who.clone(),
                sale.clone(),
                &presale::ExecuteMsg::Claim {},
                &[],
            )
            .unwrap();
        }
        let mut d = Dao {
            app,
            dao,
            shares,
            registry,
            creator,
            alice,
            bob,
            carol,
        };
        d.next_block(5);
        d
    }

    fn next_block(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(seconds);
        });
    }

    fn gov(
        &mut self,
        who: &Addr,
        msg: &governance::ExecuteMsg,
        funds: &[cosmwasm_std::Coin],
    ) -> anyhow_result::Result<AppResponse> {
        self.app
            .execute_contract(who.clone(), self.dao.clone(), msg, funds)
    }

    fn propose(&mut self, who: &Addr, actions: Vec<Action>) -> u64 {
        let res = self
            .gov(
                who,
                &governance::ExecuteMsg::Propose {
                    title: "t".into(),
                    description: "".into(),
                    actions,
                },
                &coins(10, DENOM),
            )
            .unwrap();
        wasm_attr(&res, &self.dao.clone(), "proposal_id")
            .unwrap()
            .parse()
            .unwrap()
    }

    fn vote(
        &mut self,
        who: &Addr,
        id: u64,
        vote: VoteOption,
    ) -> anyhow_result::Result<AppResponse> {
        self.gov(
            who,
            &governance::ExecuteMsg::Vote {
                proposal_id: id,
                vote,
            },
            &[],
        )
    }

    fn proposal(&self, id: u64) -> ProposalResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                &self.dao,
                &governance::QueryMsg::Proposal { proposal_id: id },
            )
            .unwrap()
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

mod anyhow_result {
    pub type Result<T> = std::result::Result<T, cw_multi_test::error::AnyError>;
}

#[test]
fn holders_publish_a_new_version_and_pay_a_milestone() {
    let mut d = Dao::launch();
    let (alice, bob, carol, creator) = (
        d.alice.clone(),
        d.bob.clone(),
        d.carol.clone(),
        d.creator.clone(),
    );
    assert_eq!(
        d.bank(&d.dao.clone()),
        10_000,
        "the presale filled the treasury"
    );

    let id = d.propose(
        &alice,
        vec![
            Action::PublishModelVersion {
                version: "v2.0.0".into(),
                content_hash: HASH_2.into(),
                uri: "ar://tiny-llm-v2".into(),
                notes: Some("distilled".into()),
            },
            Action::ReleaseMilestone {
                recipient: creator.to_string(),
                amount: coin(2_500, DENOM),
                memo: "milestone 1: distillation".into(),
            },
        ],
    );
    d.vote(&alice, id, VoteOption::Yes).unwrap(); // 600 of 1,000 shares: an early pass
    assert_eq!(d.proposal(id).status, ProposalStatus::Passed);
    d.next_block(600);
    d.gov(
        &carol,
        &governance::ExecuteMsg::Execute { proposal_id: id },
        &[],
    )
    .unwrap();
    assert_eq!(d.proposal(id).status, ProposalStatus::Executed);

    let latest: ModelVersion = d
        .app
        .wrap()
        .query_wasm_smart(
            &d.registry,
            &registry::QueryMsg::LatestVersion {
                token_id: "tiny-llm".into(),
            },
        )
        .unwrap();
    assert_eq!(latest.version, "v2.0.0");
    assert_eq!(latest.published_by, d.dao);
    assert_eq!(d.bank(&creator), 2_500);
    assert_eq!(d.bank(&d.dao.clone()), 7_500);
    // bob never voted: alice's 600 of 1,000 decided it
    assert!(d.proposal(id).tally.no.is_zero() && bob != alice);
}

/// DAO DAO bug class "double voting through transfers", with real cw20 transfers: bob votes,
/// sends his shares to carol, and carol cannot vote with them on the same proposal.
#[test]
fn shares_moved_after_voting_cannot_vote_again() {
    let mut d = Dao::launch();
    let (alice, bob, carol) = (d.alice.clone(), d.bob.clone(), d.carol.clone());
    let id = d.propose(&alice, vec![]);
    d.vote(&bob, id, VoteOption::No).unwrap();
    d.app
        .execute_contract(
            bob.clone(),
            d.shares.clone(),
            &shares::ExecuteMsg::Transfer {
                recipient: carol.to_string(),
                amount: Uint128::new(400),
            },
            &[],
        )
        .unwrap();
    d.next_block(5);
    let err = d.vote(&carol, id, VoteOption::No).unwrap_err();
    assert_eq!(
        err.downcast::<modelfund_governance::ContractError>()
            .unwrap(),
        modelfund_governance::ContractError::NoVotingPower {
            height: d.proposal(id).start_height
        }
    );
    assert_eq!(d.proposal(id).tally.no, Uint128::new(400));
    // on a new proposal carol's shares count, bob's no longer do
    let id2 = d.propose(&alice, vec![]);
    d.vote(&carol, id2, VoteOption::No).unwrap();
    assert_eq!(d.proposal(id2).tally.no, Uint128::new(400));
    assert!(d.vote(&bob, id2, VoteOption::No).is_err());
}
