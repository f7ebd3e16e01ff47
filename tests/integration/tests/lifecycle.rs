//! The whole story with the real contracts (registry, access, launchpad, shares, presale,
//! governance): one launch transaction, a presale two backers fill, claims, a DAO proposal that
//! publishes version 2, sets a pricing plan, approves a gateway and sets a contributor split,
//! usage bought and metered, a royalty swept, exact revenue claims, and a milestone paid to the
//! creator by proposal. Every balance is asserted exactly.

use cosmwasm_std::{coin, coins, Addr, Coin, Decimal, Uint128};
use cw20::BalanceResponse;
use cw_multi_test::{App, AppResponse, Executor};
use modelfund::access::{self, GrantMsg, PlanKind, PlanMsg};
use modelfund::governance::{
    self, Action, GovernanceParams, ProposalResponse, ProposalStatus, VoteOption,
};
use modelfund::launchpad::{
    self, CodeIds, LaunchBounds, LaunchFee, ModelLaunch, PredictedAddressesResponse, PresaleLaunch,
    SharesLaunch,
};
use modelfund::registry::{self, License, ModelMetadata};
use modelfund::revenue::Split;
use modelfund::{presale, shares};
use modelfund_integration_tests::*;

const DENOM: &str = "inj";
const START: u128 = 100_000;
const LAUNCH_FEE: u128 = 50;
const MODEL: &str = "tiny-llm";
const HASH_1: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const HASH_2: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

type AnyResult<T> = Result<T, cw_multi_test::error::AnyError>;

struct World {
    app: App,
    registry: Addr,
    access: Addr,
    launchpad: Addr,
    protocol: Addr,
    creator: Addr,
    alice: Addr,
    bob: Addr,
    user: Addr,
    gateway: Addr,
    contributor: Addr,
    marketplace: Addr,
}

impl World {
    fn new() -> Self {
        let mut app = App::new(|router, api, storage| {
            for name in ["creator", "alice", "bob", "user", "marketplace"] {
                router
                    .bank
                    .init_balance(storage, &api.addr_make(name), coins(START, DENOM))
                    .unwrap();
            }
        });
        let a = |n: &str| app.api().addr_make(n);
        let (admin, protocol, creator, alice, bob, user, gateway, contributor, marketplace) = (
            a("admin"),
            a("protocol"),
            a("creator"),
            a("alice"),
            a("bob"),
            a("user"),
            a("gateway"),
            a("contributor"),
            a("marketplace"),
        );
        let code_ids = CodeIds {
            shares: app.store_code(shares()),
            presale: app.store_code(presale()),
            governance: app.store_code(governance()),
        };
        let (reg_code, acc_code, lp_code) = (
            app.store_code(registry()),
            app.store_code(access()),
            app.store_code(launchpad()),
        );
        let registry = app
            .instantiate_contract(
                reg_code,
                admin.clone(),
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
        let access = app
            .instantiate_contract(
                acc_code,
                admin.clone(),
                &access::InstantiateMsg {
                    registry: registry.to_string(),
                    admin: None,
                    registrars: None,
                    name: "Licenses".into(),
                    symbol: "LIC".into(),
                },
                &[],
                "access",
                None,
            )
            .unwrap();
        let launchpad = app
            .instantiate_contract(
                lp_code,
                admin.clone(),
                &launchpad::InstantiateMsg {
                    owner: None,
                    code_ids,
                    registry: registry.to_string(),
                    access: access.to_string(),
                    fee: Some(LaunchFee {
                        amount: coin(LAUNCH_FEE, DENOM),
                        treasury: protocol.to_string(),
                    }),
                    // test-network bounds: the story's one-hour votes and ten-minute timelock
                    bounds: Some(LaunchBounds {
                        min_voting_period_seconds: 60,
                        min_timelock_seconds: 1,
                        min_quorum: Decimal::percent(1),
                        ..LaunchBounds::PRODUCTION
                    }),
                    reservation_periods: None,
                },
                &[],
                "launchpad",
                Some(admin.to_string()),
            )
            .unwrap();
        // the launchpad mints models and registers them in access
        app.execute_contract(
            admin.clone(),
            registry.clone(),
            &registry::ExecuteMsg::AddMinter {
                minter: launchpad.to_string(),
            },
            &[],
        )
        .unwrap();
        app.execute_contract(
            admin,
            access.clone(),
            &access::ExecuteMsg::AddRegistrar {
                registrar: launchpad.to_string(),
            },
            &[],
        )
        .unwrap();
        World {
            app,
            registry,
            access,
            launchpad,
            protocol,
            creator,
            alice,
            bob,
            user,
            gateway,
            contributor,
            marketplace,
        }
    }

    fn next_block(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(seconds);
        });
    }

    fn exec<T: serde::Serialize + std::fmt::Debug>(
        &mut self,
        who: &Addr,
        contract: &Addr,
        msg: &T,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(who.clone(), contract.clone(), msg, funds)
    }

    fn bank(&self, who: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(who, DENOM)
            .unwrap()
            .amount
            .u128()
    }

    fn shares_of(&self, token: &Addr, who: &Addr) -> u128 {
        let b: BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                token,
                &shares::QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        b.balance.u128()
    }

    fn proposal(&self, dao: &Addr, id: u64) -> ProposalResponse {
        self.app
            .wrap()
            .query_wasm_smart(dao, &governance::QueryMsg::Proposal { proposal_id: id })
            .unwrap()
    }

    fn propose(&mut self, dao: &Addr, who: &Addr, title: &str, actions: Vec<Action>) -> u64 {
        let res = self
            .exec(
                who,
                dao,
                &governance::ExecuteMsg::Propose {
                    title: title.into(),
                    description: "".into(),
                    actions,
                },
                &[],
            )
            .unwrap();
        wasm_attr(&res, dao, "proposal_id")
            .unwrap()
            .parse()
            .unwrap()
    }

    fn vote(&mut self, dao: &Addr, who: &Addr, id: u64, vote: VoteOption) {
        self.exec(
            who,
            dao,
            &governance::ExecuteMsg::Vote {
                proposal_id: id,
                vote,
            },
            &[],
        )
        .unwrap();
    }
}

fn launch_msg(now: cosmwasm_std::Timestamp) -> launchpad::ExecuteMsg {
    launchpad::ExecuteMsg::Launch {
        model: Box::new(ModelLaunch {
            token_id: MODEL.into(),
            token_uri: None,
            metadata: ModelMetadata {
                name: "Tiny LLM".into(),
                description: "A tiny language model".into(),
                content_hash: HASH_1.into(),
                storage_uri: "ipfs://bafy-tiny-llm-v1".into(),
                license: License {
                    id: "apache-2.0".into(),
                    uri: None,
                },
                version: "v1.0.0".into(),
                notes: None,
            },
            royalty_bps: 500,
        }),
        presale: Box::new(PresaleLaunch {
            denom: DENOM.into(),
            price: Uint128::new(10),
            soft_cap: Uint128::new(6_000),
            hard_cap: Uint128::new(10_000),
            start: now,
            end: now.plus_seconds(3_600),
            min_per_address: Uint128::new(10),
            max_per_address: Uint128::new(10_000),
            // 125 of the 725 shares at the soft cap (17 %): below the 20 % cap and the quorum
            creator_allocation: Uint128::new(125),
        }),
        shares: Box::new(SharesLaunch {
            name: "Tiny LLM shares".into(),
            symbol: "TINY".into(),
            decimals: 0,
            revenue_denoms: vec![DENOM.into()],
            splits: vec![],
        }),
        governance: Box::new(GovernanceParams {
            voting_period_seconds: 3_600,
            quorum: Decimal::percent(20),
            threshold: Decimal::percent(50),
            timelock_seconds: 600,
            deposit: None,
            min_propose_power: Uint128::new(1),
            max_actions: 10,
            execution_window_seconds: modelfund::governance::DEFAULT_EXECUTION_WINDOW_SECONDS,
        }),
        plans: vec![PlanMsg {
            plan_id: "pack".into(),
            price: coin(100, DENOM),
            kind: PlanKind::Credits { calls_per_pack: 10 },
        }],
        license_royalty_bps: 300,
    }
}

#[test]
fn launch_to_revenue_to_milestone() {
    let mut w = World::new();
    let (creator, alice, bob, user, gateway, contributor, marketplace, protocol) = (
        w.creator.clone(),
        w.alice.clone(),
        w.bob.clone(),
        w.user.clone(),
        w.gateway.clone(),
        w.contributor.clone(),
        w.marketplace.clone(),
        w.protocol.clone(),
    );
    let (lp, reg, acc) = (w.launchpad.clone(), w.registry.clone(), w.access.clone());

    // ---- 1. launch: one transaction, at the predicted addresses ----
    let predicted: PredictedAddressesResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &lp,
            &launchpad::QueryMsg::PredictAddresses {
                model_id: MODEL.into(),
            },
        )
        .unwrap();
    let now = w.app.block_info().time;
    let res = w
        .exec(&creator, &lp, &launch_msg(now), &coins(LAUNCH_FEE, DENOM))
        .unwrap();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "launch");
    let m: launchpad::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &lp,
            &launchpad::QueryMsg::Model {
                model_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(m.creator, creator);
    assert_eq!(
        (&m.shares, &m.presale, &m.governance),
        (&predicted.shares, &predicted.presale, &predicted.governance)
    );
    let (token, sale, dao) = (m.shares, m.presale, m.governance);
    assert_eq!(w.bank(&protocol), LAUNCH_FEE);
    assert_eq!(w.bank(&creator), START - LAUNCH_FEE);
    // the DAO owns the model NFT; the shares' minter is the presale, its revenue admin the DAO
    let model: registry::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &reg,
            &registry::QueryMsg::Model {
                token_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(model.owner, Some(dao.clone()));
    let royalty = model.info.royalty.unwrap();
    assert_eq!((&royalty.payment_address, royalty.share_bps), (&token, 500));
    let minter: Option<cw20::MinterResponse> = w
        .app
        .wrap()
        .query_wasm_smart(&token, &shares::QueryMsg::Minter {})
        .unwrap();
    assert_eq!(minter.unwrap().minter, sale.to_string());
    let rev: shares::RevenueConfigResponse = w
        .app
        .wrap()
        .query_wasm_smart(&token, &shares::QueryMsg::RevenueConfig {})
        .unwrap();
    assert_eq!(rev.admin, Some(dao.clone()));
    // registered in access with its initial plan, royalty to the shares
    let am: access::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &acc,
            &access::QueryMsg::Model {
                model_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(am.shares, token);
    assert_eq!(am.dao, Some(dao.clone()));
    assert_eq!(am.registered_by, lp);
    assert_eq!(am.license_royalty_bps, 300);
    assert_eq!(am.active_plans, 1);

    // ---- 2. two backers fill the presale; finalize; claim ----
    let contribute = presale::ExecuteMsg::Contribute {};
    w.exec(&alice, &sale, &contribute, &coins(6_000, DENOM))
        .unwrap();
    w.exec(&bob, &sale, &contribute, &coins(4_000, DENOM))
        .unwrap();
    w.exec(&user, &sale, &presale::ExecuteMsg::Finalize {}, &[])
        .unwrap();
    for who in [&alice, &bob] {
        w.exec(who, &sale, &presale::ExecuteMsg::Claim {}, &[])
            .unwrap();
    }
    assert_eq!(w.bank(&dao), 10_000, "the raise went to the DAO treasury");
    assert_eq!(w.bank(&sale), 0);
    assert_eq!(w.shares_of(&token, &alice), 600);
    assert_eq!(w.shares_of(&token, &bob), 400);
    assert_eq!(w.shares_of(&token, &creator), 125, "creator allocation");
    w.next_block(5);

    // ---- 3. proposal: version 2 + pricing plan + gateway + contributor split ----
    let pro = PlanMsg {
        plan_id: "pro".into(),
        price: coin(1_000, DENOM),
        kind: PlanKind::Credits {
            calls_per_pack: 100,
        },
    };
    let id = w.propose(
        &dao,
        &alice,
        "v2, pricing, gateway, split",
        vec![
            Action::PublishModelVersion {
                version: "v2.0.0".into(),
                content_hash: HASH_2.into(),
                uri: "ar://tiny-llm-v2".into(),
                notes: Some("distilled".into()),
            },
            Action::SetPricingPlan { plan: pro },
            Action::ApproveGateway {
                gateway: gateway.to_string(),
            },
            Action::SetRoyaltySplits {
                splits: vec![Split {
                    address: contributor.to_string(),
                    bps: 1_000,
                    label: "dataset: tiny-corpus".into(),
                }],
            },
        ],
    );
    // alice's 600 of 1,125 would decide it alone: she votes last
    w.vote(&dao, &creator, id, VoteOption::Abstain);
    w.vote(&dao, &bob, id, VoteOption::Yes);
    w.vote(&dao, &alice, id, VoteOption::Yes);
    assert_eq!(w.proposal(&dao, id).status, ProposalStatus::Passed);
    // the timelock holds it back
    assert!(w
        .exec(
            &user,
            &dao,
            &governance::ExecuteMsg::Execute { proposal_id: id },
            &[]
        )
        .is_err());
    w.next_block(600);
    w.exec(
        &user,
        &dao,
        &governance::ExecuteMsg::Execute { proposal_id: id },
        &[],
    )
    .unwrap();
    assert_eq!(w.proposal(&dao, id).status, ProposalStatus::Executed);
    let latest: registry::ModelVersion = w
        .app
        .wrap()
        .query_wasm_smart(
            &reg,
            &registry::QueryMsg::LatestVersion {
                token_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!((latest.index, latest.version.as_str()), (2, "v2.0.0"));
    assert_eq!(latest.published_by, dao);
    let plans: access::PlansResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &acc,
            &access::QueryMsg::Plans {
                model_id: MODEL.into(),
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    let ids: Vec<&str> = plans.plans.iter().map(|p| p.plan_id.as_str()).collect();
    assert_eq!(ids, vec!["pack", "pro"], "the launch plan and the DAO's");
    let gateways: access::GatewaysResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &acc,
            &access::QueryMsg::Gateways {
                model_id: MODEL.into(),
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert_eq!(gateways.gateways, vec![gateway.clone()]);
    let rev: shares::RevenueConfigResponse = w
        .app
        .wrap()
        .query_wasm_smart(&token, &shares::QueryMsg::RevenueConfig {})
        .unwrap();
    assert_eq!(rev.splits.len(), 1);
    assert_eq!(rev.splits[0].address, contributor.to_string());

    // ---- 4. a user buys credits and grants the gateway; the gateway consumes ----
    w.exec(
        &user,
        &acc,
        &access::ExecuteMsg::BuyCredits {
            model_id: MODEL.into(),
            plan_id: "pro".into(),
            packs: 2,
            grant: Some(GrantMsg {
                gateway: gateway.to_string(),
                calls: 150,
            }),
        },
        &coins(2_000, DENOM),
    )
    .unwrap();
    w.exec(
        &gateway,
        &acc,
        &access::ExecuteMsg::Consume {
            model_id: MODEL.into(),
            user: user.to_string(),
            calls: 120,
            request_id: "req-1".into(),
            license_id: None,
        },
        &[],
    )
    .unwrap();
    let credits: access::CreditsResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &acc,
            &access::QueryMsg::Credits {
                model_id: MODEL.into(),
                user: user.to_string(),
            },
        )
        .unwrap();
    assert_eq!(credits.credits, 80);
    // the same request id is refused
    assert!(w
        .exec(
            &gateway,
            &acc,
            &access::ExecuteMsg::Consume {
                model_id: MODEL.into(),
                user: user.to_string(),
                calls: 1,
                request_id: "req-1".into(),
                license_id: None,
            },
            &[]
        )
        .is_err());

    // ---- 5. a license resale royalty arrives by bank send and is swept ----
    w.app
        .send_tokens(marketplace.clone(), token.clone(), &coins(1_000, DENOM))
        .unwrap();
    w.exec(
        &user,
        &token,
        &shares::ExecuteMsg::Sweep {
            denom: DENOM.into(),
        },
        &[],
    )
    .unwrap();
    assert_eq!(w.bank(&token), 3_000);

    // ---- 6. the contributor and the holders claim exact amounts ----
    // 3,000 in: the contributor 10 % = 300; holders share 2,700 by 600 / 400 / 125 of 1,125
    for (who, expected) in [
        (&contributor, 300u128),
        (&alice, 1_440),
        (&bob, 960),
        (&creator, 300),
    ] {
        let claimable: shares::ClaimableRevenueResponse = w
            .app
            .wrap()
            .query_wasm_smart(
                &token,
                &shares::QueryMsg::ClaimableRevenue {
                    address: who.to_string(),
                },
            )
            .unwrap();
        assert_eq!(claimable.claimable, coins(expected, DENOM), "{who}");
        let before = w.bank(who);
        w.exec(who, &token, &shares::ExecuteMsg::ClaimRevenue {}, &[])
            .unwrap();
        assert_eq!(w.bank(who) - before, expected, "{who}");
    }
    assert_eq!(w.bank(&token), 0, "nothing left behind");

    // ---- 7. a milestone is released to the creator by proposal ----
    w.next_block(5);
    let id = w.propose(
        &dao,
        &bob,
        "milestone 1",
        vec![Action::ReleaseMilestone {
            recipient: creator.to_string(),
            amount: coin(2_500, DENOM),
            memo: "milestone 1: distillation".into(),
        }],
    );
    for who in [&creator, &bob, &alice] {
        w.vote(&dao, who, id, VoteOption::Yes);
    }
    w.next_block(600);
    w.exec(
        &user,
        &dao,
        &governance::ExecuteMsg::Execute { proposal_id: id },
        &[],
    )
    .unwrap();
    assert_eq!(w.proposal(&dao, id).status, ProposalStatus::Executed);

    // ---- final balances, exact ----
    assert_eq!(w.bank(&dao), 7_500);
    assert_eq!(w.bank(&creator), START - LAUNCH_FEE + 300 + 2_500);
    assert_eq!(w.bank(&alice), START - 6_000 + 1_440);
    assert_eq!(w.bank(&bob), START - 4_000 + 960);
    assert_eq!(w.bank(&contributor), 300);
    assert_eq!(w.bank(&user), START - 2_000);
    assert_eq!(w.bank(&marketplace), START - 1_000);
    assert_eq!(w.bank(&protocol), LAUNCH_FEE);
    assert_eq!(w.bank(&lp), 0);
    assert_eq!(w.bank(&acc), 0);
    assert_eq!(w.bank(&sale), 0);
    assert_eq!(w.bank(&token), 0);
}

/// Security review: a model's plans were on sale from launch on, so a purchase before or after a
/// failed presale paid a shares contract that would never have holders. With the real contracts:
/// nothing sells before the presale succeeds, and a failed one closes the model for sales.
#[test]
fn a_failed_presale_closes_the_model_for_sales() {
    let mut w = World::new();
    let (creator, alice, user) = (w.creator.clone(), w.alice.clone(), w.user.clone());
    let (lp, acc) = (w.launchpad.clone(), w.access.clone());
    let now = w.app.block_info().time;
    w.exec(&creator, &lp, &launch_msg(now), &coins(LAUNCH_FEE, DENOM))
        .unwrap();
    let m: launchpad::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &lp,
            &launchpad::QueryMsg::Model {
                model_id: MODEL.into(),
            },
        )
        .unwrap();
    let buy = access::ExecuteMsg::BuyCredits {
        model_id: MODEL.into(),
        plan_id: "pack".into(),
        packs: 1,
        grant: None,
    };
    let refused = |w: &mut World| {
        let err = w
            .exec(&user, &acc, &buy, &coins(100, DENOM))
            .unwrap_err()
            .downcast::<modelfund_access::ContractError>()
            .unwrap();
        assert_eq!(w.bank(&user), START, "the buyer keeps the money");
        assert_eq!(w.bank(&m.shares), 0);
        err
    };
    // while the presale is open
    w.exec(
        &alice,
        &m.presale,
        &presale::ExecuteMsg::Contribute {},
        &coins(1_000, DENOM),
    )
    .unwrap();
    assert_eq!(
        refused(&mut w),
        modelfund_access::ContractError::SalesNotOpen {
            model_id: MODEL.into()
        }
    );
    // the soft cap is missed and the presale finalized as failed: closed for good
    w.next_block(3_600);
    w.exec(&user, &m.presale, &presale::ExecuteMsg::Finalize {}, &[])
        .unwrap();
    let closed = modelfund_access::ContractError::SalesClosed {
        model_id: MODEL.into(),
    };
    assert_eq!(refused(&mut w), closed);
    let am: access::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &acc,
            &access::QueryMsg::Model {
                model_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(am.presale, Some(m.presale.clone()));
    assert_eq!(am.sales, access::SalesStatus::Closed);
    w.next_block(365 * 86_400);
    assert_eq!(refused(&mut w), closed);
    // the backer gets the whole contribution back
    w.exec(&alice, &m.presale, &presale::ExecuteMsg::Refund {}, &[])
        .unwrap();
    assert_eq!(w.bank(&alice), START);
}

/// A launch whose presale fails: the model can never have holders, so anyone may `reclaim`
/// from its DAO, which returns the model NFT (real registry) and the coins it holds to the
/// creator, after the real presale reports `failed`.
#[test]
fn a_failed_launch_gives_the_creator_the_model_back() {
    let mut w = World::new();
    let (creator, alice, user) = (w.creator.clone(), w.alice.clone(), w.user.clone());
    let (lp, reg) = (w.launchpad.clone(), w.registry.clone());
    let now = w.app.block_info().time;
    w.exec(&creator, &lp, &launch_msg(now), &coins(LAUNCH_FEE, DENOM))
        .unwrap();
    let m: launchpad::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &lp,
            &launchpad::QueryMsg::Model {
                model_id: MODEL.into(),
            },
        )
        .unwrap();
    let (sale, dao) = (m.presale, m.governance);
    let reclaim = governance::ExecuteMsg::Reclaim {
        denoms: vec![DENOM.into()],
    };
    // below the soft cap
    w.exec(
        &alice,
        &sale,
        &presale::ExecuteMsg::Contribute {},
        &coins(1_000, DENOM),
    )
    .unwrap();
    // while the presale runs, nothing can be reclaimed
    assert!(w.exec(&user, &dao, &reclaim, &[]).is_err());
    w.next_block(3_600);
    w.exec(&user, &sale, &presale::ExecuteMsg::Finalize {}, &[])
        .unwrap();
    // somebody sent coins to the DAO meanwhile
    w.app
        .send_tokens(alice.clone(), dao.clone(), &coins(123, DENOM))
        .unwrap();
    let creator_before = w.bank(&creator);
    let res = w.exec(&user, &dao, &reclaim, &[]).unwrap();
    assert_eq!(wasm_attr(&res, &dao, "phase").unwrap(), "failed");
    assert_eq!(wasm_attr(&res, &dao, "model_nft").unwrap(), "transferred");
    assert_eq!(w.bank(&creator), creator_before + 123);
    assert_eq!(w.bank(&dao), 0);
    let model: registry::ModelResponse = w
        .app
        .wrap()
        .query_wasm_smart(
            &reg,
            &registry::QueryMsg::Model {
                token_id: MODEL.into(),
            },
        )
        .unwrap();
    assert_eq!(model.owner, Some(creator));
    // the backer still refunds from the presale
    w.exec(&alice, &sale, &presale::ExecuteMsg::Refund {}, &[])
        .unwrap();
}
