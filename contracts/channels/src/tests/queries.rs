//! Queries: one channel through its life, pagination by user and gateway, the voucher bytes.

use cosmwasm_std::Uint128;
use modelfund::channels::{ChannelStatus, ChannelsResponse, QueryMsg, VoucherMessageResponse};

use super::suite::*;

#[test]
fn a_channel_moves_from_open_to_grace_to_closable_to_closed() {
    let mut suite = Suite::new();
    let id = suite.open();
    let alice = suite.alice.clone();
    assert_eq!(suite.channel(id).status, ChannelStatus::Open);
    let expires_at = suite.channel(id).expires_at;
    suite.set_time(expires_at);
    assert_eq!(suite.channel(id).status, ChannelStatus::Grace);
    suite.advance_seconds(GRACE);
    assert_eq!(suite.channel(id).status, ChannelStatus::Closable);
    suite
        .exec(
            &alice,
            &modelfund::channels::ExecuteMsg::Close { channel_id: id },
        )
        .unwrap();
    assert_eq!(suite.channel(id).status, ChannelStatus::Closed);
    assert!(suite
        .query::<modelfund::channels::ChannelResponse>(&QueryMsg::Channel { channel_id: 42 })
        .is_err());
}

#[test]
fn channels_by_user_and_by_gateway_are_paginated() {
    let mut suite = Suite::new();
    let (alice, bob, gateway, gateway2) = (
        suite.alice.clone(),
        suite.bob.clone(),
        suite.gateway.clone(),
        suite.gateway2.clone(),
    );
    // alice: 1 (gw), 2 (gw2), 4 (gw); bob: 3 (gw)
    suite.open_for(&alice, &gateway);
    suite.open_for(&alice, &gateway2);
    suite.open_for(&bob, &gateway);
    suite.open_for(&alice, &gateway);
    let ids = |r: ChannelsResponse| r.channels.iter().map(|c| c.channel_id).collect::<Vec<_>>();
    let by_user = |s: &Suite, start_after, limit| {
        ids(s
            .query(&QueryMsg::ChannelsByUser {
                user: alice.to_string(),
                start_after,
                limit,
            })
            .unwrap())
    };
    assert_eq!(by_user(&suite, None, None), vec![1, 2, 4]);
    assert_eq!(by_user(&suite, None, Some(2)), vec![1, 2]);
    assert_eq!(by_user(&suite, Some(2), Some(2)), vec![4]);
    assert_eq!(by_user(&suite, Some(4), None), Vec::<u64>::new());
    let by_gateway: ChannelsResponse = suite
        .query(&QueryMsg::ChannelsByGateway {
            gateway: gateway.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(ids(by_gateway.clone()), vec![1, 3, 4]);
    assert_eq!(by_gateway.channels[1].user, bob);
    assert_eq!(by_gateway.channels[1].deposit, Uint128::new(DEPOSIT));
    // the page size is capped
    for _ in 0..31 {
        suite.open_for(&bob, &gateway2);
    }
    let page: ChannelsResponse = suite
        .query(&QueryMsg::ChannelsByGateway {
            gateway: gateway2.to_string(),
            start_after: None,
            limit: Some(100),
        })
        .unwrap();
    assert_eq!(page.channels.len(), modelfund::paging::PAGE.max as usize);
}

#[test]
fn voucher_message_answers_the_bytes_the_client_library_signs() {
    let suite = Suite::new();
    let res: VoucherMessageResponse = suite
        .query(&QueryMsg::VoucherMessage {
            channel_id: 12,
            amount: Uint128::new(3_456),
        })
        .unwrap();
    let domain = suite.domain();
    assert_eq!(res.message.as_slice(), domain.message(12, 3_456).as_slice());
    assert_eq!(res.digest.as_slice(), &domain.digest(12, 3_456));
}
