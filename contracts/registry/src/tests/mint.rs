use cosmwasm_std::{coins, testing::mock_env};
use cw721::msg::{NftInfoResponse, NumTokensResponse, TokensResponse};
use cw_multi_test::{App, Executor};
use cw_utils::PaymentError;
use modelfund::registry::{
    ConfigResponse, ExecuteMsg, ModelInfo, ModelMetadata, QueryMsg, RoyaltyLimits, RoyaltyMsg,
    DEFAULT_MAX_ROYALTY_BPS,
};
use modelfund::validate::ValidationError;

use super::suite::*;
use crate::ContractError;

/// The model metadata inside a mint message, for a case to edit.
fn model_of(msg: &mut ExecuteMsg) -> &mut ModelMetadata {
    match msg {
        ExecuteMsg::Mint { model, .. } => model,
        other => unreachable!("not a mint: {other:?}"),
    }
}

fn num_tokens(suite: &Suite) -> u64 {
    suite
        .query::<NumTokensResponse>(&QueryMsg::NumTokens {})
        .unwrap()
        .count
}

#[test]
fn instantiate_sets_owner_minters_and_default_limits() {
    let suite = Suite::new();
    let config: ConfigResponse = suite.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.owner, Some(suite.owner.clone()));
    assert_eq!(config.royalty_limits, RoyaltyLimits::default());
    assert_eq!(config.royalty_limits.max_share_bps, DEFAULT_MAX_ROYALTY_BPS);
    let version = cw2::query_contract_info(&suite.app.wrap(), suite.registry.clone()).unwrap();
    assert_eq!(version.contract, crate::contract::CONTRACT_NAME);
}

#[test]
fn instantiate_rejects_bad_limits_too_many_minters_and_funds() {
    let mut app = App::default();
    let owner = app.api().addr_make("owner");
    let code = app.store_code(registry_contract());

    let mut msg = instantiate_msg(&owner, vec![]);
    // a share above 100 %, and a raise step above the share cap
    for (max_share_bps, max_raise_bps) in [(10_001, 100), (500, 600)] {
        msg.royalty_limits = Some(RoyaltyLimits {
            max_share_bps,
            max_raise_bps,
            min_change_interval_seconds: 0,
        });
        let err = app
            .instantiate_contract(code, owner.clone(), &msg, &[], "r", None)
            .unwrap_err();
        assert!(
            matches!(
                err.downcast::<ContractError>().unwrap(),
                ContractError::InvalidRoyaltyLimits { .. }
            ),
            "share {max_share_bps}, raise {max_raise_bps}"
        );
    }

    let many: Vec<String> = (0..11)
        .map(|i| app.api().addr_make(&format!("m{i}")).to_string())
        .collect();
    let err = app
        .instantiate_contract(
            code,
            owner.clone(),
            &instantiate_msg(&owner, many),
            &[],
            "r",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::TooManyMinters { max: 10 }
    );

    let mut funded = App::new(|router, api, storage| {
        router
            .bank
            .init_balance(storage, &api.addr_make("owner"), coins(100, "inj"))
            .unwrap()
    });
    let code = funded.store_code(registry_contract());
    let err = funded
        .instantiate_contract(
            code,
            owner.clone(),
            &instantiate_msg(&owner, vec![]),
            &coins(1, "inj"),
            "r",
            None,
        )
        .unwrap_err();
    assert!(matches!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::Payment(PaymentError::NonPayable {})
    ));
}

#[test]
fn mint_records_model_first_version_and_event() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    let res = suite.mint(MODEL, &alice);

    assert_eq!(wasm_attr(&res, "action"), "mint");
    assert_eq!(wasm_attr(&res, "token_id"), MODEL);
    assert_eq!(wasm_attr(&res, "owner"), alice.to_string());
    assert_eq!(wasm_attr(&res, "minter"), suite.minter.to_string());
    assert_eq!(wasm_attr(&res, "version"), "v1.0.0");
    assert_eq!(wasm_attr(&res, "content_hash"), HASH_1);
    assert_eq!(wasm_attr(&res, "royalty_bps"), "0");

    let model = suite.model(MODEL);
    assert_eq!(model.owner, Some(alice.clone()));
    assert_eq!(model.info.name, "Tiny LLM");
    assert_eq!(model.info.license.id, "apache-2.0");
    assert_eq!(
        model.info.image.as_deref(),
        Some("ipfs://bafy-tiny-llm-image")
    );
    assert_eq!(model.info.version_count, 1);
    assert_eq!(model.info.latest.index, 1);
    assert_eq!(model.info.latest.version, "v1.0.0");
    assert_eq!(model.info.latest.uri, URI_1);
    assert_eq!(model.info.latest.published_by, suite.minter);
    assert_eq!(model.info.minted_by, suite.minter);
    assert_eq!(num_tokens(&suite), 1);

    // cw721 views of the same token
    let nft: NftInfoResponse<ModelInfo> = suite
        .query(&QueryMsg::NftInfo {
            token_id: MODEL.into(),
        })
        .unwrap();
    assert_eq!(nft.extension, model.info);
    let tokens: TokensResponse = suite
        .query(&QueryMsg::Tokens {
            owner: alice.to_string(),
            start_after: None,
            limit: None,
        })
        .unwrap();
    assert_eq!(tokens.tokens, vec![MODEL.to_string()]);
}

#[test]
fn owner_can_mint_and_hash_is_normalised() {
    let mut suite = Suite::new();
    let owner = suite.owner.clone();
    let mut msg = mint_msg(MODEL, &suite.alice);
    if let ExecuteMsg::Mint {
        model, token_uri, ..
    } = &mut msg
    {
        model.content_hash = HASH_1.to_uppercase();
        *token_uri = Some("https://models.example.com/tiny-llm.json".into());
    }
    suite.exec(&owner, &msg).unwrap();
    let model = suite.model(MODEL);
    assert_eq!(model.info.latest.content_hash, HASH_1);
    assert_eq!(
        model.token_uri.as_deref(),
        Some("https://models.example.com/tiny-llm.json")
    );
}

#[test]
fn mint_by_stranger_is_rejected_and_changes_nothing() {
    let mut suite = Suite::new();
    let bob = suite.bob.clone();
    let err = suite.exec(&bob, &mint_msg(MODEL, &bob)).unwrap_err();
    assert_eq!(err, ContractError::NotMinter {});
    assert_eq!(num_tokens(&suite), 0);
    assert!(suite
        .query::<ModelResponse>(&QueryMsg::Model {
            token_id: MODEL.into()
        })
        .is_err());
}

type ModelResponse = modelfund::registry::ModelResponse;

#[test]
fn mint_rejects_each_bad_input() {
    let mut suite = Suite::new();
    let minter = suite.minter.clone();
    let alice = suite.alice.clone();

    type Edit = fn(&mut ExecuteMsg);
    let cases: Vec<(&str, Edit)> = vec![
        ("short hash", |m| {
            model_of(m).content_hash = HASH_1[..60].into()
        }),
        ("non-hex hash", |m| {
            model_of(m).content_hash = format!("{}zz", &HASH_1[..62])
        }),
        ("http uri", |m| {
            model_of(m).storage_uri = "http://example.com/w.bin".into()
        }),
        ("uri without scheme", |m| {
            model_of(m).storage_uri = "bafybeigdyrzt5sfp7udm7hu76uh7".into()
        }),
        ("bad license uri", |m| {
            model_of(m).license.uri = Some("ftp://licenses".into())
        }),
        ("bad image uri", |m| {
            model_of(m).image = Some("data:image/png;base64,AAAA".into())
        }),
        ("bad token uri", |m| {
            if let ExecuteMsg::Mint { token_uri, .. } = m {
                *token_uri = Some("javascript://alert".into());
            }
        }),
        ("token id with space", |m| {
            if let ExecuteMsg::Mint { token_id, .. } = m {
                *token_id = "tiny llm".into();
            }
        }),
        ("empty name", |m| model_of(m).name = " ".into()),
        ("version label with slash", |m| {
            model_of(m).version = "v1/0".into()
        }),
        ("license id with space", |m| {
            model_of(m).license.id = "apache 2".into()
        }),
    ];
    for (name, edit) in cases {
        let mut msg = mint_msg(MODEL, &alice);
        edit(&mut msg);
        let err = suite.exec(&minter, &msg).unwrap_err();
        assert!(
            matches!(err, ContractError::Validation(_)),
            "{name}: unexpected {err:?}"
        );
    }

    // a malformed owner address
    let mut msg = mint_msg(MODEL, &alice);
    if let ExecuteMsg::Mint { owner, .. } = &mut msg {
        *owner = "not-an-address".into();
    }
    assert!(matches!(
        suite.exec(&minter, &msg).unwrap_err(),
        ContractError::Std(_)
    ));

    assert_eq!(num_tokens(&suite), 0, "no failed mint may leave a token");
}

#[test]
fn mint_rejects_hash_error_with_its_length() {
    let mut suite = Suite::new();
    let minter = suite.minter.clone();
    let mut msg = mint_msg(MODEL, &suite.alice);
    model_of(&mut msg).content_hash = "abc".into();
    assert_eq!(
        suite.exec(&minter, &msg).unwrap_err(),
        ContractError::Validation(ValidationError::InvalidContentHash { len: 3 })
    );
}

#[test]
fn mint_rejects_taken_id_royalty_over_cap_and_funds() {
    let mut suite = Suite::new();
    let minter = suite.minter.clone();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);

    let err = suite.exec(&minter, &mint_msg(MODEL, &alice)).unwrap_err();
    assert_eq!(
        err,
        ContractError::TokenIdTaken {
            token_id: MODEL.into()
        }
    );

    let msg = ExecuteMsg::Mint {
        token_id: "other".into(),
        owner: alice.to_string(),
        token_uri: None,
        model: metadata(),
        royalty: Some(RoyaltyMsg {
            payment_address: alice.to_string(),
            share_bps: 1_001,
        }),
    };
    assert_eq!(
        suite.exec(&minter, &msg).unwrap_err(),
        ContractError::RoyaltyOverCap {
            share_bps: 1_001,
            max_bps: 1_000
        }
    );
    assert_eq!(num_tokens(&suite), 1);
}

#[test]
fn execute_with_funds_is_rejected() {
    let mut app = App::new(|router, api, storage| {
        router
            .bank
            .init_balance(storage, &api.addr_make("launchpad"), coins(100, "inj"))
            .unwrap()
    });
    let owner = app.api().addr_make("owner");
    let minter = app.api().addr_make("launchpad");
    let code = app.store_code(registry_contract());
    let registry = app
        .instantiate_contract(
            code,
            owner.clone(),
            &instantiate_msg(&owner, vec![minter.to_string()]),
            &[],
            "r",
            None,
        )
        .unwrap();
    let err = app
        .execute_contract(
            minter.clone(),
            registry.clone(),
            &mint_msg(MODEL, &owner),
            &coins(5, "inj"),
        )
        .unwrap_err();
    assert_eq!(
        err.downcast::<ContractError>().unwrap(),
        ContractError::Payment(PaymentError::NonPayable {})
    );
    // the coins stayed with the sender
    assert_eq!(
        app.wrap()
            .query_balance(minter, "inj")
            .unwrap()
            .amount
            .u128(),
        100
    );
}

#[test]
fn migrate_keeps_state_and_refuses_other_contracts() {
    let mut suite = Suite::new();
    let alice = suite.alice.clone();
    suite.mint(MODEL, &alice);
    let owner = suite.owner.clone();
    let res = suite
        .app
        .migrate_contract(
            owner,
            suite.registry.clone(),
            &modelfund::registry::MigrateMsg::Migrate {},
            suite.code_id,
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "migrate");
    assert_eq!(suite.model(MODEL).info.version_count, 1);

    // a storage written by another contract cannot be migrated
    let mut deps = cosmwasm_std::testing::mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "2.0.0").unwrap();
    let err = crate::contract::migrate(
        deps.as_mut(),
        mock_env(),
        modelfund::registry::MigrateMsg::Migrate {},
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ContractError::Migrate(modelfund::migrate::MigrateError::CannotMigrate { .. })
    ));
}

#[test]
fn an_unknown_field_in_a_raw_mint_is_refused_by_name_and_changes_nothing() {
    let mut suite = Suite::new();
    let (minter, alice) = (suite.minter.clone(), suite.alice.clone());
    let good = cosmwasm_std::to_json_string(&mint_msg("tiny-llm", &alice)).unwrap();
    let send = |suite: &mut Suite, raw: &str| {
        suite.app.execute(
            minter.clone(),
            cosmwasm_std::WasmMsg::Execute {
                contract_addr: suite.registry.to_string(),
                msg: cosmwasm_std::Binary::from(raw.as_bytes()),
                funds: vec![],
            }
            .into(),
        )
    };
    // an extra field next to mint's own, and a misspelled one inside the metadata
    for (from, to) in [
        (r#""royalty":null"#, r#""royalty":null,"grnat":1"#),
        (
            r#""notes":"first release""#,
            r#""notes":"first release","grnat":1"#,
        ),
    ] {
        assert!(good.contains(from), "{good}");
        let raw = good.replacen(from, to, 1);
        let before = suite.app.dump_wasm_raw(&suite.registry);
        let err = send(&mut suite, &raw).unwrap_err();
        assert!(
            format!("{err:#}").contains("unknown field `grnat`"),
            "{err:#}"
        );
        assert_eq!(suite.app.dump_wasm_raw(&suite.registry), before);
        assert_eq!(num_tokens(&suite), 0);
    }
    // the same JSON without it mints
    send(&mut suite, &good).unwrap();
    assert_eq!(num_tokens(&suite), 1);
}

/// `image` is optional: a mint written before it existed (no `image` key) still mints, without one.
#[test]
fn a_mint_without_image_mints_a_model_without_one() {
    let mut suite = Suite::new();
    let (minter, alice) = (suite.minter.clone(), suite.alice.clone());
    let mut msg = mint_msg(MODEL, &alice);
    if let ExecuteMsg::Mint { model, .. } = &mut msg {
        model.image = None;
    }
    let raw = cosmwasm_std::to_json_string(&msg)
        .unwrap()
        .replacen(r#","image":null"#, "", 1);
    assert!(!raw.contains("image"), "{raw}");
    suite
        .app
        .execute(
            minter,
            cosmwasm_std::WasmMsg::Execute {
                contract_addr: suite.registry.to_string(),
                msg: cosmwasm_std::Binary::from(raw.as_bytes()),
                funds: vec![],
            }
            .into(),
        )
        .unwrap();
    assert_eq!(suite.model(MODEL).info.image, None);
}
