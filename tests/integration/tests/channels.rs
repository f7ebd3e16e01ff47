//! Payment channels across the real contracts: a model launched through the launchpad, its DAO
//! setting a metered plan and approving a gateway by proposal (governance's typed plan actions),
//! a user's channel paid by 1,000 off-chain vouchers of which the gateway claims only the last,
//! and the revenue reaching the share holders exactly, after the contributor splits.

use cosmwasm_std::{coins, Addr, Uint128};
use modelfund::access::{MeteredUnit, Plan, QueryMsg as AccessQuery};
use modelfund::channels::ChannelStatus;
use modelfund::governance::{Action, VoteOption};
use modelfund_channels::ContractError as ChannelsError;
use modelfund_integration_tests::*;
use modelfund_vouchers::SessionKey;

const UNIT_PRICE: u128 = 3;
const DEPOSIT: u128 = 5_000;
/// contributor0 10 %, contributor1 2.5 %
const SPLITS: [u16; 2] = [1_000, 250];

/// alice 600 and bob 400 shares (the hard cap: it settles at once), no creator allocation,
/// two contributor splits; nothing metered yet.
fn launch() -> (Protocol, Launched) {
    let mut p = Protocol::builder().no_model().build();
    let [c0, c1] = p.actors.contributors.clone();
    let spec = dao_spec().splits(&[(&c0, SPLITS[0]), (&c1, SPLITS[1])]);
    let creator = p.actors.creator.clone();
    let m = p.launch(&creator, spec).unwrap();
    let (alice, bob) = (p.actors.alice.clone(), p.actors.bob.clone());
    p.fund_presale(&m, &[(&alice, 6_000), (&bob, 4_000)]);
    p.next_block();
    (p, m)
}

/// Passes and executes `actions` (alice's 600 of 1,000 shares pass it early).
fn by_proposal(p: &mut Protocol, m: &Launched, actions: Vec<Action>) {
    let alice = p.actors.alice.clone();
    let id = p.propose_id(m, &alice, "metering", actions);
    p.vote(m, &alice, id, VoteOption::Yes).unwrap();
    p.advance(DAY);
    let carol = p.actors.carol.clone();
    p.execute_proposal(m, &carol, id).unwrap();
}

fn plan(p: &Protocol, m: &Launched, plan_id: &str) -> Plan {
    p.query(
        &p.access,
        &AccessQuery::Plan {
            model_id: m.id.clone(),
            plan_id: plan_id.into(),
        },
    )
}

/// Everyone whose revenue a claim moves: the two holders and the two contributors.
fn claimables(p: &Protocol, m: &Launched) -> [u128; 4] {
    let a = &p.actors;
    [&a.alice, &a.bob, &a.contributors[0], &a.contributors[1]].map(|who| p.claimable(m, who))
}

#[test]
fn a_claim_of_the_last_of_1000_vouchers_reaches_the_holders_exactly_minus_splits() {
    let (mut p, m) = launch();
    let Actors { user, gateway, .. } = p.actors.clone();
    let key = SessionKey::from_seed(b"user's session key");

    // no metered plan and no gateway yet: no channel
    let err = p
        .open_channel(&m, &user, "per-call", &gateway, &key, DEPOSIT, DAY)
        .unwrap_err();
    assert!(matches!(
        contract_err::<ChannelsError>(err),
        ChannelsError::PlanNotFound { .. }
    ));

    // the DAO's typed actions cover metered plans unchanged
    by_proposal(
        &mut p,
        &m,
        vec![
            Action::SetPricingPlan {
                plan: metered_plan("per-call", UNIT_PRICE, MeteredUnit::Call),
            },
            Action::ApproveGateway {
                gateway: gateway.to_string(),
            },
        ],
    );
    assert!(!plan(&p, &m, "per-call").retired);

    let user_before = p.balance(&user);
    let shares_before = p.balance(&m.shares);
    let before = claimables(&p, &m);
    let id = p
        .open_channel(&m, &user, "per-call", &gateway, &key, DEPOSIT, DAY)
        .unwrap();
    assert_eq!(p.balance(&p.channels.clone()), DEPOSIT);

    // 1,000 calls, one voucher each over the cumulative amount; the gateway keeps the last
    let domain = p.voucher_domain();
    let mut last = None;
    for call in 1..=1_000u128 {
        let v = key.sign(&domain, id, call * UNIT_PRICE);
        modelfund_vouchers::verify(
            &key.public_key(),
            &domain,
            id,
            call * UNIT_PRICE,
            &v.signature,
        )
        .unwrap();
        last = Some(v);
    }
    let claimed = 1_000 * UNIT_PRICE;
    p.claim_vouchers(&gateway, vec![last.unwrap().to_msg()])
        .unwrap();

    // the shares contract received exactly the claimed amount, in the same transaction
    assert_eq!(p.balance(&m.shares) - shares_before, claimed);
    // splits first (exact floors), then pro-rata 600 / 400
    let c0 = claimed * u128::from(SPLITS[0]) / 10_000;
    let c1 = claimed * u128::from(SPLITS[1]) / 10_000;
    let rest = claimed - c0 - c1;
    let after = claimables(&p, &m);
    let rose: Vec<u128> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    assert_eq!(rose, vec![rest * 600 / 1_000, rest * 400 / 1_000, c0, c1]);
    assert_eq!(
        rose.iter().sum::<u128>(),
        claimed,
        "nothing lost to dust here"
    );

    // holders claim it
    let alice = p.actors.alice.clone();
    let alice_before = p.balance(&alice);
    p.claim_revenue(&m, &alice).unwrap();
    assert_eq!(p.balance(&alice) - alice_before, after[0]);

    // after expiry + grace the user takes back the rest
    let deadline = p.channel(id).claim_deadline;
    p.advance_to(deadline);
    p.close_channel(&user, id).unwrap();
    assert_eq!(p.balance(&user), user_before - claimed);
    assert_eq!(p.balance(&p.channels.clone()), 0);
    assert_eq!(p.channel(id).status, ChannelStatus::Closed);
}

#[test]
fn retiring_the_plan_and_revoking_the_gateway_by_proposal() {
    let (mut p, m) = launch();
    let Actors { user, gateway, .. } = p.actors.clone();
    let key = SessionKey::from_seed(b"user's session key");
    by_proposal(
        &mut p,
        &m,
        vec![
            Action::SetPricingPlan {
                plan: metered_plan("per-1k", UNIT_PRICE, MeteredUnit::KiloTokens),
            },
            Action::ApproveGateway {
                gateway: gateway.to_string(),
            },
        ],
    );
    let id = p
        .open_channel(&m, &user, "per-1k", &gateway, &key, DEPOSIT, 30 * DAY)
        .unwrap();
    // access never sells a metered plan
    let err = p
        .buy_credits(&m, &user, "per-1k", 1, None, &coins(UNIT_PRICE, DENOM))
        .unwrap_err();
    assert_eq!(
        contract_err::<modelfund_access::ContractError>(err),
        modelfund_access::ContractError::MeteredPlan {
            plan_id: "per-1k".into()
        }
    );

    // retired mid-channel: the channel settles at its copied terms, but takes no more money
    by_proposal(
        &mut p,
        &m,
        vec![Action::RetirePricingPlan {
            plan_id: "per-1k".into(),
        }],
    );
    assert!(plan(&p, &m, "per-1k").retired);
    let v = p.voucher(&key, id, 300);
    p.claim_vouchers(&gateway, vec![v]).unwrap();
    let err = p.top_up_channel(&user, id, &coins(100, DENOM)).unwrap_err();
    assert!(matches!(
        contract_err::<ChannelsError>(err),
        ChannelsError::PlanRetired { .. }
    ));

    // revoked: the gateway cannot claim, and the user may close at once
    by_proposal(
        &mut p,
        &m,
        vec![Action::RevokeGateway {
            gateway: gateway.to_string(),
        }],
    );
    let v = p.voucher(&key, id, 900);
    let err = p.claim_vouchers(&gateway, vec![v]).unwrap_err();
    assert!(matches!(
        contract_err::<ChannelsError>(err),
        ChannelsError::GatewayNotApproved { .. }
    ));
    let user_before = p.balance(&user);
    let res = p.close_channel(&user, id).unwrap();
    let channels = p.channels.clone();
    assert_eq!(wasm_attr(&res, &channels, "early").as_deref(), Some("true"));
    assert_eq!(p.balance(&user) - user_before, DEPOSIT - 300);
    assert_eq!(p.channel(id).claimed, Uint128::new(300));
}

#[test]
fn no_channel_before_the_presale_succeeds_nor_after_it_fails() {
    let mut p = Protocol::builder().no_model().build();
    let Actors {
        creator,
        user,
        gateway,
        alice,
        ..
    } = p.actors.clone();
    let key = SessionKey::from_seed(b"k");
    let spec = ModelSpec::new("tiny-llm")
        .window(0, 1_000)
        .plans(vec![metered_plan(
            "per-call",
            UNIT_PRICE,
            MeteredUnit::Call,
        )]);
    let m = p.launch(&creator, spec).unwrap();
    let access = p.access.clone();
    p.as_dao(
        &m,
        &access,
        &modelfund::access::ExecuteMsg::ApproveGateway {
            model_id: m.id.clone(),
            gateway: gateway.to_string(),
        },
    )
    .unwrap();
    p.contribute(&m, &alice, 100).unwrap();
    let err = p
        .open_channel(&m, &user, "per-call", &gateway, &key, DEPOSIT, DAY)
        .unwrap_err();
    assert!(matches!(
        contract_err::<ChannelsError>(err),
        ChannelsError::SalesNotOpen { .. }
    ));
    p.cancel_presale(&m, &creator).unwrap();
    let err = p
        .open_channel(&m, &user, "per-call", &gateway, &key, DEPOSIT, DAY)
        .unwrap_err();
    assert!(matches!(
        contract_err::<ChannelsError>(err),
        ChannelsError::SalesClosed { .. }
    ));
    assert_eq!(p.balance(&p.channels.clone()), 0);
}

/// Two models, three users, one claim: one `distribute` per model, each model's holders paid
/// exactly their channels' amounts.
#[test]
fn one_claim_settles_channels_of_two_models() {
    let mut p = Protocol::builder().no_model().build();
    let Actors {
        creator,
        alice,
        bob,
        carol,
        user,
        gateway,
        ..
    } = p.actors.clone();
    let mut models: Vec<Launched> = vec![];
    for id in ["model-a", "model-b"] {
        let spec = ModelSpec::new(id)
            .caps(5_000, 10_000)
            .window(0, 1_000)
            .creator_allocation(0)
            .plans(vec![metered_plan(
                "per-call",
                UNIT_PRICE,
                MeteredUnit::Call,
            )]);
        let m = p.launch(&creator, spec).unwrap();
        p.fund_presale(&m, &[(&alice, 10_000)]);
        let access = p.access.clone();
        p.as_dao(
            &m,
            &access,
            &modelfund::access::ExecuteMsg::ApproveGateway {
                model_id: m.id.clone(),
                gateway: gateway.to_string(),
            },
        )
        .unwrap();
        models.push(m);
    }
    let users: [(Addr, usize, u128); 3] = [(bob, 0, 30), (carol, 1, 45), (user, 0, 60)];
    let mut vouchers = vec![];
    for (i, (who, model, amount)) in users.iter().enumerate() {
        let key = SessionKey::from_seed(format!("key {i}").as_bytes());
        let m = models[*model].clone();
        let id = p
            .open_channel(&m, who, "per-call", &gateway, &key, 1_000, DAY)
            .unwrap();
        vouchers.push(p.voucher(&key, id, *amount));
    }
    let before: Vec<u128> = models.iter().map(|m| p.claimable(m, &alice)).collect();
    let res = p.claim_vouchers(&gateway, vouchers).unwrap();
    let channels = p.channels.clone();
    assert_eq!(
        wasm_attr(&res, &channels, "distributions").as_deref(),
        Some("2")
    );
    assert_eq!(p.claimable(&models[0], &alice) - before[0], 90);
    assert_eq!(p.claimable(&models[1], &alice) - before[1], 45);
    assert_eq!(p.balance(&channels), 3_000 - 135);
    // a second run of the same batch pays nothing more
    let res = p
        .claim_vouchers(
            &gateway,
            vec![p.voucher(&SessionKey::from_seed(b"key 0"), 1, 30)],
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, &channels, "settled").as_deref(), Some("0"));
    assert_eq!(p.claimable(&models[0], &alice) - before[0], 90);
}
