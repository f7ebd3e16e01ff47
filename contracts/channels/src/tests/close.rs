//! close: the refund, the exact claim / close boundary, early close after a revocation.

use cosmwasm_std::{coins, Timestamp, Uint128};
use modelfund::channels::{ChannelStatus, ExecuteMsg};

use super::suite::*;
use crate::ContractError;

fn close(channel_id: u64) -> ExecuteMsg {
    ExecuteMsg::Close { channel_id }
}

#[test]
fn close_after_the_deadline_returns_what_was_never_claimed() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    suite.claim(&gateway, vec![suite.voucher(id, 300)]).unwrap();
    let deadline = suite.channel(id).claim_deadline;
    suite.set_time(deadline);
    let res = suite.exec(&alice, &close(id)).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "close");
    assert_eq!(wasm_attr(&res, "channel_id"), id.to_string());
    assert_eq!(wasm_attr(&res, "user"), alice.to_string());
    assert_eq!(wasm_attr(&res, "claimed"), "300uinj");
    assert_eq!(wasm_attr(&res, "refunded"), "700uinj");
    assert_eq!(wasm_attr(&res, "early"), "false");
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - 300);
    assert_eq!(suite.balance(&suite.channels, DENOM), 0);
    let channel = suite.channel(id);
    assert_eq!(channel.status, ChannelStatus::Closed);
    assert_eq!(channel.closed_at, Some(deadline));
    assert_eq!(channel.refunded, Uint128::new(700));

    // a closed channel accepts nothing more
    assert_eq!(
        suite.fail(&alice, &close(id), &[]),
        ContractError::ChannelClosed { channel_id: id }
    );
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::TopUp { channel_id: id },
            &coins(1, DENOM)
        ),
        ContractError::ChannelClosed { channel_id: id }
    );
    assert_eq!(
        suite.fail(
            &alice,
            &ExecuteMsg::Extend {
                channel_id: id,
                expires_at: deadline.plus_seconds(DAY)
            },
            &[]
        ),
        ContractError::ChannelClosed { channel_id: id }
    );
    assert_eq!(
        suite.fail_claim(&gateway, vec![suite.voucher(id, 400)]),
        ContractError::ChannelClosed { channel_id: id }
    );
}

#[test]
fn a_fully_claimed_channel_closes_without_a_payment() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    suite
        .claim(&gateway, vec![suite.voucher(id, DEPOSIT)])
        .unwrap();
    suite.advance_seconds(DAY + GRACE);
    let res = suite.exec(&alice, &close(id)).unwrap();
    assert_eq!(wasm_attr(&res, "refunded"), "0uinj");
    assert!(!res.events.iter().any(|e| e.ty == "transfer"));
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - DEPOSIT);
}

#[test]
fn only_the_user_closes_and_no_funds_are_taken() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, bob, gateway) = suite.parties();
    suite.advance_seconds(DAY + GRACE);
    assert_eq!(
        suite.fail(&bob, &close(id), &[]),
        ContractError::NotChannelUser { channel_id: id }
    );
    // not even the gateway can close for the user
    assert_eq!(
        suite.fail(&gateway, &close(id), &[]),
        ContractError::NotChannelUser { channel_id: id }
    );
    assert!(matches!(
        suite.fail(&alice, &close(id), &coins(1, DENOM)),
        ContractError::Payment(_)
    ));
    assert_eq!(
        suite.fail(&alice, &close(77), &[]),
        ContractError::ChannelNotFound { channel_id: 77 }
    );
    suite.exec(&alice, &close(id)).unwrap();
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE);
}

/// The boundary, both sides: with `deadline = expires_at + grace`, one nanosecond before it the
/// gateway's claim is accepted and the user's close refused; at it, the other way round.
#[test]
fn the_claim_close_boundary_is_exact_on_both_sides() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    let channel = suite.channel(id);
    let deadline = channel.claim_deadline;
    assert_eq!(deadline, channel.expires_at.plus_seconds(GRACE));

    suite.set_time(Timestamp::from_nanos(deadline.nanos() - 1));
    assert_eq!(suite.channel(id).status, ChannelStatus::Grace);
    assert_eq!(
        suite.fail(&alice, &close(id), &[]),
        ContractError::CloseTooEarly {
            channel_id: id,
            closable_at: deadline
        }
    );
    suite.claim(&gateway, vec![suite.voucher(id, 100)]).unwrap();

    suite.set_time(deadline);
    assert_eq!(suite.channel(id).status, ChannelStatus::Closable);
    assert_eq!(
        suite.fail_claim(&gateway, vec![suite.voucher(id, 200)]),
        ContractError::ClaimWindowOver {
            channel_id: id,
            deadline
        }
    );
    suite.exec(&alice, &close(id)).unwrap();
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - 100);
    assert_eq!(suite.balance(&suite.shares, DENOM), 100);
}

/// A revoked gateway can no longer claim, so the user need not wait for the deadline; a later
/// re-approval does not revive the closed channel.
#[test]
fn a_revoked_gateway_lets_the_user_close_early() {
    let mut suite = Suite::new();
    let id = suite.open();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    suite.claim(&gateway, vec![suite.voucher(id, 100)]).unwrap();
    suite.revoke(MODEL, &gateway);
    let res = suite.exec(&alice, &close(id)).unwrap();
    assert_eq!(wasm_attr(&res, "early"), "true");
    assert_eq!(wasm_attr(&res, "refunded"), "900uinj");
    assert_eq!(suite.balance(&alice, DENOM), START_BALANCE - 100);
    suite.approve(MODEL, gateway.as_str());
    assert_eq!(
        suite.fail_claim(&gateway, vec![suite.voucher(id, 500)]),
        ContractError::ChannelClosed { channel_id: id }
    );
}
