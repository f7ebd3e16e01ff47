//! claim: payment to the shares contract, batches, idempotent old vouchers, every bad input.

use cosmwasm_std::{coin, coins, Addr, Uint128};
use cw_multi_test::AppResponse;
use modelfund::access::MeteredUnit;
use modelfund::channels::{ExecuteMsg, Voucher};
use modelfund_vouchers::{Domain, SessionKey};

use super::doubles::Distribution;
use super::suite::*;
use crate::ContractError;

/// A suite with one channel of alice's to the approved gateway, and that gateway.
fn one_channel() -> (Suite, u64, Addr) {
    let mut suite = Suite::new();
    let id = suite.open();
    let gateway = suite.gateway.clone();
    (suite, id, gateway)
}

/// The approved gateway claims channel `id`'s voucher for `amount`, and it goes through.
fn claim_voucher(suite: &mut Suite, id: u64, amount: u128) -> AppResponse {
    let gateway = suite.gateway.clone();
    suite
        .claim(&gateway, vec![suite.voucher(id, amount)])
        .unwrap()
}

#[test]
fn a_claim_pays_the_new_amount_to_the_shares_contract_in_the_same_tx() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (gateway, shares, channels) = (
        suite.gateway.clone(),
        suite.shares.clone(),
        suite.channels.clone(),
    );
    let res = claim_voucher(&mut suite, id, 100);
    assert_eq!(wasm_attr(&res, "action"), "claim");
    assert_eq!(wasm_attr(&res, "gateway"), gateway.to_string());
    assert_eq!(wasm_attr(&res, "vouchers"), "1");
    assert_eq!(wasm_attr(&res, "settled"), "1");
    assert_eq!(wasm_attr(&res, "channel_ids"), id.to_string());
    assert_eq!(wasm_attr(&res, "paid"), "100");
    assert_eq!(wasm_attr(&res, "total"), "100uinj");
    assert_eq!(wasm_attr(&res, "distributions"), "1");
    assert_eq!(
        suite.distributions(&shares),
        vec![Distribution {
            sender: channels.clone(),
            funds: coins(100, DENOM)
        }]
    );
    assert_eq!(suite.channel(id).claimed, Uint128::new(100));
    assert_eq!(suite.balance(&channels, DENOM), DEPOSIT - 100);

    // the next voucher pays only the difference
    let res = claim_voucher(&mut suite, id, 250);
    assert_eq!(wasm_attr(&res, "paid"), "150");
    assert_eq!(suite.distributions(&shares)[1].funds, coins(150, DENOM));
    assert_eq!(suite.channel(id).claimed, Uint128::new(250));
    assert_eq!(suite.balance(&shares, DENOM), 250);
    assert_eq!(suite.balance(&channels, DENOM), DEPOSIT - 250);
}

#[test]
fn an_older_or_equal_voucher_pays_nothing_and_is_no_error() {
    let (mut suite, id, gateway) = one_channel();
    claim_voucher(&mut suite, id, 300);
    for amount in [300, 100, 0] {
        let res = claim_voucher(&mut suite, id, amount);
        assert_eq!(wasm_attr(&res, "settled"), "0");
        assert_eq!(wasm_attr(&res, "paid"), "0");
        assert_eq!(wasm_attr(&res, "total"), "");
        assert_eq!(wasm_attr(&res, "distributions"), "0");
    }
    assert_eq!(suite.channel(id).claimed, Uint128::new(300));
    assert_eq!(suite.balance(&suite.shares, DENOM), 300);
    assert_eq!(suite.distributions(&suite.shares).len(), 1);
    // an old voucher next to a new one: the batch settles the new one
    let id2 = suite.open();
    let res = suite
        .claim(
            &gateway,
            vec![suite.voucher(id, 200), suite.voucher(id2, 40)],
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "paid"), "0,40");
    assert_eq!(wasm_attr(&res, "settled"), "1");
}

#[test]
fn a_batch_settles_many_channels_with_one_distribute_per_model() {
    let mut suite = Suite::new();
    let (alice, bob, gateway) = suite.parties();
    let bob_key = SessionKey::from_seed(b"bob's session key");
    // bob's two channels have the same terms
    let open_bobs = |suite: &mut Suite| {
        suite.open_with(
            &bob,
            &bob_key,
            MODEL,
            "per-call",
            &gateway,
            coin(500, DENOM),
        )
    };
    let a1 = suite.open();
    let b1 = open_bobs(&mut suite);
    let a2 = {
        let key = suite.key.clone();
        suite.open_with(
            &alice,
            &key,
            MODEL2,
            "per-1k",
            &gateway,
            coin(80, OTHER_DENOM),
        )
    };
    let b2 = open_bobs(&mut suite);
    let vouchers = vec![
        suite.voucher(a1, 10),
        suite.signed(&bob_key, b1, 20),
        suite.voucher(a2, 30),
        suite.signed(&bob_key, b2, 40),
        // the same channel twice: the higher amount counts once
        suite.voucher(a1, 15),
    ];
    let res = suite.claim(&gateway, vouchers).unwrap();
    assert_eq!(wasm_attr(&res, "vouchers"), "5");
    assert_eq!(wasm_attr(&res, "settled"), "5");
    assert_eq!(
        wasm_attr(&res, "channel_ids"),
        format!("{a1},{b1},{a2},{b2},{a1}")
    );
    assert_eq!(wasm_attr(&res, "paid"), "10,20,30,40,5");
    assert_eq!(wasm_attr(&res, "total"), "75uinj,30uatom");
    assert_eq!(wasm_attr(&res, "distributions"), "2");
    let channels = suite.channels.clone();
    assert_eq!(
        suite.distributions(&suite.shares),
        vec![Distribution {
            sender: channels.clone(),
            funds: coins(75, DENOM)
        }]
    );
    assert_eq!(
        suite.distributions(&suite.shares2),
        vec![Distribution {
            sender: channels,
            funds: coins(30, OTHER_DENOM)
        }]
    );
    assert_eq!(suite.channel(a1).claimed, Uint128::new(15));
    assert_eq!(suite.channel(b2).claimed, Uint128::new(40));
    assert_eq!(suite.balance(&suite.channels, DENOM), DEPOSIT + 1_000 - 75);
    assert_eq!(suite.balance(&suite.channels, OTHER_DENOM), 50);
}

#[test]
fn a_claim_refuses_every_bad_input_and_settles_nothing_of_the_batch() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (gateway, gateway2) = (suite.gateway.clone(), suite.gateway2.clone());
    let other = suite.open_for(&suite.alice.clone(), &gateway2);
    let good = suite.voucher(id, 100);

    assert_eq!(
        suite.fail_claim(&gateway, vec![]),
        ContractError::NoVouchers {}
    );
    assert_eq!(
        suite.fail_claim(&gateway, vec![good.clone(); MAX_CLAIMS as usize + 1]),
        ContractError::TooManyVouchers { max: MAX_CLAIMS }
    );
    assert_eq!(
        suite.fail_claim(&gateway, vec![good.clone(), suite.voucher(99, 1)]),
        ContractError::ChannelNotFound { channel_id: 99 }
    );
    // another gateway's channel
    assert_eq!(
        suite.fail_claim(&gateway, vec![good.clone(), suite.voucher(other, 1)]),
        ContractError::NotChannelGateway { channel_id: other }
    );
    // above the deposit, even correctly signed
    assert_eq!(
        suite.fail_claim(&gateway, vec![good.clone(), suite.voucher(id, DEPOSIT + 1)]),
        ContractError::AmountAboveDeposit {
            channel_id: id,
            amount: Uint128::new(DEPOSIT + 1),
            deposit: Uint128::new(DEPOSIT)
        }
    );
    // wrong key
    let mallory = SessionKey::from_seed(b"mallory");
    assert_eq!(
        suite.fail_claim(&gateway, vec![suite.signed(&mallory, id, 100)]),
        ContractError::InvalidSignature { channel_id: id }
    );
    // wrong chain id, wrong contract in the signed domain
    let channels = suite.channels.to_string();
    let chain = suite.app.block_info().chain_id;
    for domain in [
        Domain::new("another-chain", channels.clone()),
        Domain::new(chain, suite.addr("another-contract").to_string()),
    ] {
        let v = suite.key.sign(&domain, id, 100).to_msg();
        assert_eq!(
            suite.fail_claim(&gateway, vec![v]),
            ContractError::InvalidSignature { channel_id: id }
        );
    }
    // a truncated and an empty signature
    let mut short = good.clone();
    short.signature = short.signature.as_slice()[..63].to_vec().into();
    assert_eq!(
        suite.fail_claim(&gateway, vec![short]),
        ContractError::InvalidSignature { channel_id: id }
    );
    let empty = Voucher {
        signature: Default::default(),
        ..good.clone()
    };
    assert_eq!(
        suite.fail_claim(&gateway, vec![empty]),
        ContractError::InvalidSignature { channel_id: id }
    );
    // funds are refused
    assert!(matches!(
        suite.fail(
            &gateway,
            &ExecuteMsg::Claim {
                vouchers: vec![good.clone()]
            },
            &coins(1, DENOM)
        ),
        ContractError::Payment(_)
    ));
    // revoked gateway: typed error, nothing paid
    suite.revoke(MODEL, &gateway);
    assert_eq!(
        suite.fail_claim(&gateway, vec![good.clone()]),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: gateway.to_string()
        }
    );
    suite.approve(MODEL, gateway.as_str());
    suite.claim(&gateway, vec![good]).unwrap();
    assert_eq!(suite.balance(&suite.shares, DENOM), 100);
}

#[test]
fn a_gateway_never_approved_for_the_model_cannot_claim() {
    let mut suite = Suite::new();
    // gateway2 is approved for MODEL only; a channel on MODEL2 for it cannot even open, so a
    // channel it holds on MODEL meets a revocation instead, and an unapproved address holds none
    let id = suite.open_for(&suite.alice.clone(), &suite.gateway2.clone());
    let stranger = suite.addr("stranger");
    assert_eq!(
        suite.fail_claim(&stranger, vec![suite.voucher(id, 10)]),
        ContractError::NotChannelGateway { channel_id: id }
    );
    let gateway2 = suite.gateway2.clone();
    suite.revoke(MODEL, &gateway2);
    assert_eq!(
        suite.fail_claim(&gateway2, vec![suite.voucher(id, 10)]),
        ContractError::GatewayNotApproved {
            model_id: MODEL.into(),
            gateway: gateway2.to_string()
        }
    );
}

#[test]
fn a_top_up_makes_a_larger_voucher_claimable() {
    let (mut suite, id, gateway) = one_channel();
    let alice = suite.alice.clone();
    let big = suite.voucher(id, DEPOSIT + 200);
    assert!(matches!(
        suite.fail_claim(&gateway, vec![big.clone()]),
        ContractError::AmountAboveDeposit { .. }
    ));
    suite
        .exec_funds(
            &alice,
            &ExecuteMsg::TopUp { channel_id: id },
            &coins(200, DENOM),
        )
        .unwrap();
    suite.claim(&gateway, vec![big]).unwrap();
    assert_eq!(suite.balance(&suite.shares, DENOM), DEPOSIT + 200);
    assert_eq!(suite.balance(&suite.channels, DENOM), 0);
}

/// Terms are copied at open: a plan retired or re-priced mid-channel changes nothing for the
/// vouchers the user already signed; the gateway claims them as before.
#[test]
fn a_plan_retired_or_repriced_mid_channel_still_settles_at_the_copied_terms() {
    let (mut suite, id, _) = one_channel();
    claim_voucher(&mut suite, id, 100);
    suite.set_per_call(UNIT_PRICE * 10, MeteredUnit::Call);
    claim_voucher(&mut suite, id, 200);
    suite.retire_plan(MODEL, "per-call");
    claim_voucher(&mut suite, id, 300);
    let channel = suite.channel(id);
    assert_eq!(channel.claimed, Uint128::new(300));
    assert_eq!(channel.terms.price, coin(UNIT_PRICE, DENOM));
    assert_eq!(suite.balance(&suite.shares, DENOM), 300);
}

#[test]
fn claims_after_expiry_are_accepted_within_the_grace_period() {
    let (mut suite, id, _) = one_channel();
    let expires_at = suite.channel(id).expires_at;
    suite.set_time(expires_at.plus_seconds(GRACE / 2));
    claim_voucher(&mut suite, id, 70);
    assert_eq!(suite.balance(&suite.shares, DENOM), 70);
}
