//! The attacks of docs/channels.md, each played by its attacker: a malicious gateway (another
//! gateway's channel, more than signed, a voucher replayed on another channel, contract or
//! chain), a user closing before the boundary, a user front-running a claim with a close.

use cosmwasm_std::{coin, Binary, Uint128};
use cw_multi_test::Executor;
use modelfund::channels::{ExecuteMsg, InstantiateMsg, Voucher};
use modelfund_vouchers::SessionKey;

use super::suite::*;
use crate::ContractError;

#[test]
fn a_malicious_gateway_cannot_claim_another_gateways_channel() {
    let mut suite = Suite::new();
    let id = suite.open();
    // gateway2 is approved for the same model and holds a valid voucher of alice's (say it saw
    // the honest gateway's claim in the mempool)
    let gateway2 = suite.gateway2.clone();
    let stolen = suite.voucher(id, 500);
    assert_eq!(
        suite.fail_claim(&gateway2, vec![stolen.clone()]),
        ContractError::NotChannelGateway { channel_id: id }
    );
    // hidden in a batch of its own honest channel it fails the same way
    let own = suite.open_for(&suite.alice.clone(), &gateway2);
    assert_eq!(
        suite.fail_claim(&gateway2, vec![suite.voucher(own, 5), stolen]),
        ContractError::NotChannelGateway { channel_id: id }
    );
}

#[test]
fn a_gateway_cannot_claim_more_than_the_user_signed() {
    let mut suite = Suite::new();
    let id = suite.open();
    let gateway = suite.gateway.clone();
    let signed = suite.voucher(id, 100);
    // the same signature with a larger amount
    let inflated = Voucher {
        amount: Uint128::new(900),
        ..signed.clone()
    };
    assert_eq!(
        suite.fail_claim(&gateway, vec![inflated]),
        ContractError::InvalidSignature { channel_id: id }
    );
    // its own key's signature
    let forged = suite.signed(&SessionKey::from_seed(b"gateway's key"), id, 900);
    assert_eq!(
        suite.fail_claim(&gateway, vec![forged]),
        ContractError::InvalidSignature { channel_id: id }
    );
    suite.claim(&gateway, vec![signed]).unwrap();
    assert_eq!(suite.balance(&suite.shares, DENOM), 100);
}

#[test]
fn a_voucher_cannot_be_replayed_on_another_channel_or_contract() {
    let mut suite = Suite::new();
    // the user reuses one session key on two channels with the same gateway
    let first = suite.open();
    let second = suite.open();
    let gateway = suite.gateway.clone();
    let v = suite.voucher(first, 400);
    suite.claim(&gateway, vec![v.clone()]).unwrap();
    // replayed on the second channel
    let replayed = Voucher {
        channel_id: second,
        ..v.clone()
    };
    assert_eq!(
        suite.fail_claim(&gateway, vec![replayed]),
        ContractError::InvalidSignature { channel_id: second }
    );
    // replayed on the same channel: pays nothing more
    suite.claim(&gateway, vec![v.clone()]).unwrap();
    assert_eq!(suite.balance(&suite.shares, DENOM), 400);

    // a second channels contract over the same access, where channel ids start again at 1
    let (code, admin, access, alice) = (
        suite.code_id,
        suite.admin.clone(),
        suite.access.to_string(),
        suite.alice.clone(),
    );
    let twin = suite
        .app
        .instantiate_contract(
            code,
            admin,
            &InstantiateMsg {
                access,
                grace_period_seconds: GRACE,
                max_claims_per_tx: MAX_CLAIMS,
            },
            &[],
            "twin",
            None,
        )
        .unwrap();
    let open = suite.open_msg(MODEL, "per-call", &gateway);
    suite
        .app
        .execute_contract(alice, twin.clone(), &open, &[coin(DEPOSIT, DENOM)])
        .unwrap();
    let err = suite
        .app
        .execute_contract(gateway, twin, &ExecuteMsg::Claim { vouchers: vec![v] }, &[])
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap();
    assert_eq!(err, ContractError::InvalidSignature { channel_id: first });
}

#[test]
fn a_user_cannot_close_before_the_boundary() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let deadline = suite.channel(id).claim_deadline;
    // before expiry, at expiry, and in the grace period: refused
    for at in [
        suite.now(),
        suite.channel(id).expires_at,
        deadline.minus_seconds(1),
    ] {
        suite.set_time(at);
        assert_eq!(
            suite.fail(&alice, &ExecuteMsg::Close { channel_id: id }, &[]),
            ContractError::CloseTooEarly {
                channel_id: id,
                closable_at: deadline
            }
        );
    }
    // so the gateway's last voucher is still paid
    suite.claim(&gateway, vec![suite.voucher(id, 999)]).unwrap();
    assert_eq!(suite.balance(&suite.shares, DENOM), 999);
}

/// A user who sees the gateway's claim in the mempool sends `close` with a higher fee so it
/// lands first. Before the deadline the close is refused, so the claim still lands; from the
/// deadline on the claim would be refused anyway (the rule the gateway knows).
#[test]
fn front_running_a_claim_with_a_close_gains_nothing() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let deadline = suite.channel(id).claim_deadline;
    suite.set_time(deadline.minus_seconds(1));
    // the same block: close first, then the claim
    assert!(matches!(
        suite.fail(&alice, &ExecuteMsg::Close { channel_id: id }, &[]),
        ContractError::CloseTooEarly { .. }
    ));
    suite.claim(&gateway, vec![suite.voucher(id, 600)]).unwrap();
    // a top-up to be closed right away with a fresh key cannot help either: the old key still
    // governs the channel, its vouchers stay valid
    let channel = suite.channel(id);
    assert_eq!(
        channel.voucher_key,
        Binary::from(suite.key.public_key().to_vec())
    );
    assert_eq!(channel.claimed, Uint128::new(600));
    suite.set_time(deadline);
    suite
        .exec(&alice, &ExecuteMsg::Close { channel_id: id })
        .unwrap();
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - 600);
    assert_eq!(suite.balance(&suite.shares, DENOM), 600);
}
