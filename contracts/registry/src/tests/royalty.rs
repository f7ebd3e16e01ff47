use cosmwasm_std::Uint128;
use modelfund::registry::{
    CheckRoyaltiesResponse, ExecuteMsg, QueryMsg, RoyaltiesInfoResponse, RoyaltyLimits,
};

use super::suite::*;
use crate::ContractError;

const DAY: u64 = 86_400;

fn set(
    suite: &mut Suite,
    sender: &cosmwasm_std::Addr,
    share_bps: u16,
) -> Result<cw_multi_test::AppResponse, ContractError> {
    let payee = suite.alice.to_string();
    suite.exec(
        sender,
        &ExecuteMsg::SetRoyalty {
            token_id: MODEL.into(),
            payment_address: payee,
            share_bps,
        },
    )
}

fn royalty(suite: &Suite, price: u128) -> RoyaltiesInfoResponse {
    suite
        .query(&QueryMsg::RoyaltyInfo {
            token_id: MODEL.into(),
            sale_price: Uint128::new(price),
        })
        .unwrap()
}

fn share(suite: &Suite) -> u16 {
    suite
        .model(MODEL)
        .info
        .royalty
        .map(|r| r.share_bps)
        .unwrap_or(0)
}

#[test]
fn royalty_info_answers_cw2981_shapes() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    // no royalty yet: empty address, zero amount
    assert_eq!(
        royalty(&suite, 1_000_000),
        RoyaltiesInfoResponse {
            address: String::new(),
            royalty_amount: Uint128::zero()
        }
    );
    let check: CheckRoyaltiesResponse = suite.query(&QueryMsg::CheckRoyalties {}).unwrap();
    assert!(check.royalty_payments);

    suite.mint_with_royalty("paid", &alice, 750);
    let res: RoyaltiesInfoResponse = suite
        .query(&QueryMsg::RoyaltyInfo {
            token_id: "paid".into(),
            sale_price: Uint128::new(1_000_001),
        })
        .unwrap();
    assert_eq!(res.address, alice.to_string());
    // 7.5 % of 1,000,001 rounds down to 75,000
    assert_eq!(res.royalty_amount, Uint128::new(75_000));

    // the largest price does not overflow
    let res: RoyaltiesInfoResponse = suite
        .query(&QueryMsg::RoyaltyInfo {
            token_id: "paid".into(),
            sale_price: Uint128::MAX,
        })
        .unwrap();
    assert_eq!(
        res.royalty_amount,
        Uint128::MAX.multiply_ratio(750u128, 10_000u128)
    );
}

#[test]
fn owner_raises_by_at_most_two_points_once_a_day() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);

    // from nothing: +2 points is the most
    assert_eq!(
        set(&mut suite, &alice, 201).unwrap_err(),
        ContractError::RoyaltyRaiseTooLarge {
            from_bps: 0,
            to_bps: 201,
            max_raise_bps: 200
        }
    );
    let res = set(&mut suite, &alice, 200).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "set_royalty");
    assert_eq!(wasm_attr(&res, "token_id"), MODEL);
    assert_eq!(wasm_attr(&res, "previous_share_bps"), "0");
    assert_eq!(wasm_attr(&res, "share_bps"), "200");
    assert_eq!(wasm_attr(&res, "payment_address"), alice.to_string());
    assert_eq!(royalty(&suite, 10_000).royalty_amount, Uint128::new(200));

    // a second change within 24 h is refused, even a lowering
    suite.advance_seconds(DAY - 1);
    let err = set(&mut suite, &alice, 100).unwrap_err();
    assert!(matches!(err, ContractError::RoyaltyChangeTooSoon { .. }));
    assert_eq!(share(&suite), 200);

    suite.advance_seconds(1);
    assert!(matches!(
        set(&mut suite, &alice, 401).unwrap_err(),
        ContractError::RoyaltyRaiseTooLarge { .. }
    ));
    set(&mut suite, &alice, 400).unwrap();
    assert_eq!(share(&suite), 400);

    // lowering by more than two points is fine once the day has passed
    suite.advance_seconds(DAY);
    set(&mut suite, &alice, 0).unwrap();
    assert_eq!(share(&suite), 0);
    assert_eq!(royalty(&suite, 10_000).royalty_amount, Uint128::zero());
}

#[test]
fn royalty_never_exceeds_the_cap() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint_with_royalty(MODEL, &alice, 900);
    suite.advance_seconds(DAY);
    assert_eq!(
        set(&mut suite, &alice, 1_100).unwrap_err(),
        ContractError::RoyaltyOverCap {
            share_bps: 1_100,
            max_bps: 1_000
        }
    );
    set(&mut suite, &alice, 1_000).unwrap();
    assert_eq!(share(&suite), 1_000);
}

#[test]
fn mint_royalty_starts_the_clock_and_unchanged_is_rejected() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint_with_royalty(MODEL, &alice, 500);
    assert!(matches!(
        set(&mut suite, &alice, 600).unwrap_err(),
        ContractError::RoyaltyChangeTooSoon { .. }
    ));
    suite.advance_seconds(DAY);
    assert_eq!(
        set(&mut suite, &alice, 500).unwrap_err(),
        ContractError::RoyaltyUnchanged {}
    );
}

#[test]
fn only_the_model_owner_sets_royalty_and_bad_address_fails() {
    let mut suite = Suite::new();
    let (alice, bob, owner) = (suite.alice.clone(), suite.bob.clone(), suite.owner.clone());
    suite.mint(MODEL, &alice);
    for stranger in [&bob, &owner] {
        assert_eq!(
            set(&mut suite, stranger, 100).unwrap_err(),
            ContractError::NotModelOwner {
                token_id: MODEL.into()
            }
        );
    }
    let err = suite
        .exec(
            &alice,
            &ExecuteMsg::SetRoyalty {
                token_id: MODEL.into(),
                payment_address: "bad address".into(),
                share_bps: 100,
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)));
    assert_eq!(share(&suite), 0);
}

#[test]
fn custom_limits_apply() {
    let mut suite = Suite::with_limits(Some(RoyaltyLimits {
        max_share_bps: 300,
        max_raise_bps: 300,
        min_change_interval_seconds: 60,
    }));
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    set(&mut suite, &alice, 300).unwrap();
    suite.advance_seconds(60);
    assert!(matches!(
        set(&mut suite, &alice, 301).unwrap_err(),
        ContractError::RoyaltyOverCap { .. }
    ));
    set(&mut suite, &alice, 10).unwrap();
    assert_eq!(share(&suite), 10);
}

/// Marketplaces built on cw-nfts' `cw2981-royalties` ask inside the cw721 `extension` query; the
/// registry answers there byte for byte as at the top level (JSON as cw2981-royalties sends it).
#[test]
fn royalty_info_answers_the_cw2981_royalties_extension_shape() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint_with_royalty("paid", &alice, 750);
    suite.mint(MODEL, &alice);
    let ask = |token: &str| {
        format!(
            r#"{{"extension":{{"msg":{{"royalty_info":{{"token_id":"{token}","sale_price":"1000001"}}}}}}}}"#
        )
    };
    assert_eq!(
        suite.query_json(&ask("paid")).unwrap(),
        format!(r#"{{"address":"{alice}","royalty_amount":"75000"}}"#)
    );
    assert_eq!(
        suite
            .query_json(r#"{"royalty_info":{"token_id":"paid","sale_price":"1000001"}}"#)
            .unwrap(),
        suite.query_json(&ask("paid")).unwrap()
    );
    // a model without royalty: empty address, zero
    assert_eq!(
        suite.query_json(&ask(MODEL)).unwrap(),
        r#"{"address":"","royalty_amount":"0"}"#
    );
    assert_eq!(
        suite
            .query_json(r#"{"extension":{"msg":{"check_royalties":{}}}}"#)
            .unwrap(),
        r#"{"royalty_payments":true}"#
    );
    // an unknown model is the same typed error in both shapes
    let err = suite.query_json(&ask("nope")).unwrap_err().to_string();
    assert!(err.contains("nope"), "{err}");
}
