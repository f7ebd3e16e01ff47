//! The whole story with the real contracts (registry, access, launchpad, shares, presale,
//! governance): one launch transaction, a presale two backers fill, claims, a DAO proposal that
//! publishes version 2, sets a pricing plan, approves a gateway and sets a contributor split,
//! usage bought and metered, a royalty swept, exact revenue claims, and a milestone paid to the
//! creator by proposal. Every balance is asserted exactly.

use cosmwasm_std::{coin, coins};
use modelfund::access::{GrantMsg, PlanKind, PlanMsg};
use modelfund::governance::{Action, ProposalStatus, VoteOption};
use modelfund::revenue::Split;
use modelfund::shares;
use modelfund_integration_tests::*;

const START: u128 = 100_000;
const LAUNCH_FEE: u128 = 50;
const DEPOSIT: u128 = 100;

#[test]
fn launch_to_revenue_to_milestone() {
    // soft cap = hard cap = 10,000 inj at 10 per share; the creator's 200 shares are 20 % of
    // the 1,000 the soft cap sells; the default DAO: 3 days to vote, 1 day timelock, quorum
    // 30 %, threshold 50 %, a 100 inj deposit
    let spec = ModelSpec::new("tiny-llm")
        .caps(10_000, 10_000)
        .window(0, 3_600)
        .creator_allocation(200)
        .deposit_amount(Some(DEPOSIT));
    let mut p = Protocol::builder()
        .funds(START)
        .launch_fee(LAUNCH_FEE)
        .no_model()
        .build();
    let Actors {
        creator,
        alice,
        bob,
        user,
        gateway,
        marketplace,
        protocol,
        contributors: [contributor, _],
        ..
    } = p.actors.clone();
    let (lp, acc) = (p.launchpad.clone(), p.access.clone());

    // ---- 1. launch: one transaction, at the predicted addresses ----
    let predicted = p.predict("tiny-llm");
    let (m, res) = p
        .launch_with(&creator, spec, &coins(LAUNCH_FEE, DENOM))
        .unwrap();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "launch");
    let index = p.launched("tiny-llm");
    assert_eq!(index.creator, creator);
    assert_eq!(
        (&index.shares, &index.presale, &index.governance),
        (&predicted.shares, &predicted.presale, &predicted.governance)
    );
    let (token, sale, dao) = (m.shares.clone(), m.presale.clone(), m.governance.clone());
    assert_eq!(p.balance(&protocol), LAUNCH_FEE);
    assert_eq!(p.balance(&creator), START - LAUNCH_FEE);
    // the DAO owns the model NFT; the shares' minter is the presale, its revenue admin the DAO
    let model = p.registry_model("tiny-llm");
    assert_eq!(model.owner, Some(dao.clone()));
    let royalty = model.info.royalty.unwrap();
    assert_eq!((&royalty.payment_address, royalty.share_bps), (&token, 500));
    let minter: Option<cw20::MinterResponse> = p.query(&token, &shares::QueryMsg::Minter {});
    assert_eq!(minter.unwrap().minter, sale.to_string());
    assert_eq!(p.revenue_config(&m).admin, Some(dao.clone()));
    // registered in access with its initial plan, royalty to the shares
    let am = p.access_model(&m);
    assert_eq!(am.shares, token);
    assert_eq!(am.dao, Some(dao.clone()));
    assert_eq!(am.registered_by, lp);
    assert_eq!(am.license_royalty_bps, 300);
    assert_eq!(am.active_plans, 1);

    // ---- 2. two backers fill the presale; finalize; claim ----
    p.contribute(&m, &alice, 6_000).unwrap();
    p.contribute(&m, &bob, 4_000).unwrap();
    p.finalize(&m, &user).unwrap();
    for who in [&alice, &bob] {
        p.claim(&m, who).unwrap();
    }
    assert_eq!(
        p.balance(&dao),
        10_000,
        "the raise went to the DAO treasury"
    );
    assert_eq!(p.balance(&sale), 0);
    assert_eq!(p.shares_of(&m, &alice), 600);
    assert_eq!(p.shares_of(&m, &bob), 400);
    assert_eq!(p.shares_of(&m, &creator), 200, "creator allocation");
    p.next_block();

    // ---- 3. proposal: version 2 + pricing plan + gateway + contributor split ----
    let pro = PlanMsg {
        plan_id: "pro".into(),
        price: coin(1_000, DENOM),
        kind: PlanKind::Credits {
            calls_per_pack: 100,
        },
    };
    let id = p.propose_id(
        &m,
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
    assert_eq!(p.balance(&alice), START - 6_000 - DEPOSIT, "deposit held");
    // alice's 600 of 1,200 is not a majority of all the power yet; bob's 400 decides it
    p.vote(&m, &alice, id, VoteOption::Yes).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Open);
    p.vote(&m, &bob, id, VoteOption::Yes).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Passed);
    // the timelock holds it back
    assert!(p.execute_proposal(&m, &user, id).is_err());
    p.advance(DAY);
    p.execute_proposal(&m, &user, id).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Executed);
    assert_eq!(p.balance(&alice), START - 6_000, "deposit refunded");
    let latest = p.latest_version("tiny-llm");
    assert_eq!((latest.index, latest.version.as_str()), (2, "v2.0.0"));
    assert_eq!(latest.published_by, dao);
    let ids: Vec<String> = p.plans(&m).plans.into_iter().map(|p| p.plan_id).collect();
    assert_eq!(ids, vec!["pack", "pro"], "the launch plan and the DAO's");
    assert_eq!(p.gateways(&m), vec![gateway.clone()]);
    let rev = p.revenue_config(&m);
    assert_eq!(rev.splits.len(), 1);
    assert_eq!(rev.splits[0].address, contributor.to_string());

    // ---- 4. a user buys credits and grants the gateway; the gateway consumes ----
    let grant = GrantMsg {
        gateway: gateway.to_string(),
        calls: 150,
        session_key: None,
    };
    p.buy_credits(&m, &user, "pro", 2, Some(grant), &coins(2_000, DENOM))
        .unwrap();
    p.consume(&m, &gateway, &user, 120, "req-1", None).unwrap();
    assert_eq!(p.credits(&m, &user), 80);
    // the same request id is refused
    assert!(p.consume(&m, &gateway, &user, 1, "req-1", None).is_err());

    // ---- 5. a license resale royalty arrives by bank send and is swept ----
    p.send_coins(&marketplace, &token, &coins(1_000, DENOM))
        .unwrap();
    p.sweep(&m, &user, DENOM).unwrap();
    assert_eq!(p.balance(&token), 3_000);

    // ---- 6. the contributor and the holders claim exact amounts ----
    // 3,000 in: the contributor 10 % = 300; holders share 2,700 by 600 / 400 / 200 of 1,200
    for (who, expected) in [
        (&contributor, 300u128),
        (&alice, 1_350),
        (&bob, 900),
        (&creator, 450),
    ] {
        assert_eq!(p.claimable_coins(&m, who), coins(expected, DENOM), "{who}");
        let before = p.balance(who);
        p.claim_revenue(&m, who).unwrap();
        assert_eq!(p.balance(who) - before, expected, "{who}");
    }
    assert_eq!(p.balance(&token), 0, "nothing left behind");

    // ---- 7. a milestone is released to the creator by proposal ----
    p.next_block();
    let id = p.propose_id(
        &m,
        &bob,
        "milestone 1",
        vec![Action::ReleaseMilestone {
            recipient: creator.to_string(),
            amount: coin(2_500, DENOM),
            memo: "milestone 1: distillation".into(),
        }],
    );
    for who in [&alice, &bob] {
        p.vote(&m, who, id, VoteOption::Yes).unwrap();
    }
    p.advance(DAY);
    p.execute_proposal(&m, &user, id).unwrap();
    assert_eq!(p.proposal(&m, id).status, ProposalStatus::Executed);

    // ---- final balances, exact ----
    assert_eq!(p.balance(&dao), 7_500);
    assert_eq!(p.balance(&creator), START - LAUNCH_FEE + 450 + 2_500);
    assert_eq!(p.balance(&alice), START - 6_000 + 1_350);
    assert_eq!(p.balance(&bob), START - 4_000 + 900);
    assert_eq!(p.balance(&contributor), 300);
    assert_eq!(p.balance(&user), START - 2_000);
    assert_eq!(p.balance(&marketplace), START - 1_000);
    assert_eq!(p.balance(&protocol), LAUNCH_FEE);
    assert_eq!(p.balance(&lp), 0);
    assert_eq!(p.balance(&acc), 0);
    assert_eq!(p.balance(&sale), 0);
    assert_eq!(p.balance(&token), 0);
}
