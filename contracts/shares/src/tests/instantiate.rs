use cosmwasm_std::{coins, testing::mock_env, to_json_string, Addr, Binary, Uint128};
use cw20::{
    Cw20ExecuteMsg, Cw20QueryMsg, EmbeddedLogo, Expiration, Logo, LogoInfo, MarketingInfoResponse,
    MinterResponse, TokenInfoResponse,
};
use cw_multi_test::{App, Executor};
use cw_utils::PaymentError;
use modelfund::migrate::MigrateError;
use modelfund::shares::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, MAX_INITIAL_BALANCES};

use super::suite::*;
use crate::ContractError;

/// A funded app with the shares code stored, before any instantiate.
struct Fresh {
    app: App,
    code: u64,
    admin: Addr,
    alice: Addr,
    bob: Addr,
    minter: Addr,
    /// The suite's instantiate message: alice and bob hold, `minter` mints, "marketing" markets.
    msg: InstantiateMsg,
}

fn fresh_app() -> Fresh {
    let mut app = funded_app();
    let admin = app.api().addr_make("admin");
    let (alice, bob) = (app.api().addr_make("alice"), app.api().addr_make("bob"));
    let (minter, marketing) = (
        app.api().addr_make("presale"),
        app.api().addr_make("marketing"),
    );
    let code = app.store_code(shares_contract());
    let msg = instantiate_msg(&alice, &bob, &minter, &marketing);
    Fresh {
        app,
        code,
        admin,
        alice,
        bob,
        minter,
        msg,
    }
}

#[test]
fn instantiate_sets_token_balances_minter_marketing_and_event() {
    let Fresh {
        mut app,
        code,
        admin,
        minter,
        msg,
        ..
    } = fresh_app();
    let (addr, res) = instantiate(&mut app, code, &admin, &msg, &[]).unwrap();
    assert_eq!(wasm_attr(&res, "action"), "instantiate");
    assert_eq!(wasm_attr(&res, "contract"), crate::contract::CONTRACT_NAME);
    assert_eq!(wasm_attr(&res, "symbol"), "TLLM");
    assert_eq!(wasm_attr(&res, "decimals"), "6");
    assert_eq!(wasm_attr(&res, "total_supply"), "1500");
    assert_eq!(wasm_attr(&res, "minter"), minter.to_string());

    let suite = Suite::new();
    assert_eq!(suite.shares, addr);
    let info: TokenInfoResponse = suite.query(&QueryMsg::TokenInfo {}).unwrap();
    assert_eq!(
        info,
        TokenInfoResponse {
            name: "Tiny LLM shares".into(),
            symbol: "TLLM".into(),
            decimals: 6,
            total_supply: Uint128::new(1_500),
        }
    );
    assert_eq!(suite.balance(&suite.alice), ALICE_START);
    assert_eq!(suite.balance(&suite.bob), BOB_START);
    assert_eq!(suite.balance(&suite.carol), 0);
    let minter_info: Option<MinterResponse> = suite.query(&QueryMsg::Minter {}).unwrap();
    assert_eq!(
        minter_info,
        Some(MinterResponse {
            minter: suite.minter.to_string(),
            cap: Some(Uint128::new(CAP)),
        })
    );
    let marketing_info: MarketingInfoResponse = suite.query(&QueryMsg::MarketingInfo {}).unwrap();
    assert_eq!(marketing_info.marketing, Some(suite.marketing.clone()));
    assert_eq!(
        marketing_info.logo,
        Some(LogoInfo::Url("https://modelfund.example/logo.png".into()))
    );
    assert_eq!(
        marketing_info.project.as_deref(),
        Some("https://modelfund.example/tiny-llm")
    );
    let version = cw2::query_contract_info(&suite.app.wrap(), suite.shares.clone()).unwrap();
    assert_eq!(version.contract, crate::contract::CONTRACT_NAME);
}

#[test]
fn instantiate_without_minter_or_marketing_and_at_the_bounds() {
    let suite = Suite::with(|msg| {
        msg.mint = None;
        msg.marketing = None;
        msg.decimals = 18;
        msg.name = "abc".into();
        msg.symbol = "A-b".into();
    });
    let minter: Option<MinterResponse> = suite.query(&QueryMsg::Minter {}).unwrap();
    assert_eq!(minter, None);
    assert_eq!(suite.raw_query(&QueryMsg::Minter {}), "null");
    let marketing: MarketingInfoResponse = suite.query(&QueryMsg::MarketingInfo {}).unwrap();
    assert_eq!(marketing, MarketingInfoResponse::default());

    // exactly MAX_INITIAL_BALANCES entries and an initial supply equal to the cap are fine
    let mut app = App::default();
    let admin = app.api().addr_make("admin");
    let minter = app.api().addr_make("presale");
    let code = app.store_code(shares_contract());
    let balances: Vec<_> = (0..MAX_INITIAL_BALANCES)
        .map(|i| coin(&app.api().addr_make(&format!("holder{i}")), 2))
        .collect();
    let msg = InstantiateMsg {
        name: "x".repeat(50),
        symbol: "ABCDEFGHIJKL".into(),
        decimals: 0,
        initial_balances: balances,
        mint: Some(MinterResponse {
            minter: minter.to_string(),
            cap: Some(Uint128::new(2 * MAX_INITIAL_BALANCES as u128)),
        }),
        marketing: None,
        revenue: None,
    };
    let (addr, _) = instantiate(&mut app, code, &admin, &msg, &[]).unwrap();
    let info: TokenInfoResponse = app
        .wrap()
        .query_wasm_smart(addr, &QueryMsg::TokenInfo {})
        .unwrap();
    assert_eq!(info.total_supply.u128(), 2 * MAX_INITIAL_BALANCES as u128);
}

#[test]
fn instantiate_rejects_bad_inputs() {
    let Fresh {
        mut app,
        code,
        admin,
        alice,
        bob,
        minter,
        msg: base,
    } = fresh_app();

    let mut cases: Vec<(InstantiateMsg, ContractError)> = vec![];
    let mut case = |edit: &dyn Fn(&mut InstantiateMsg), err: ContractError| {
        let mut msg = base.clone();
        edit(&mut msg);
        cases.push((msg, err));
    };
    case(&|m| m.name = "ab".into(), ContractError::InvalidName {});
    case(&|m| m.name = "x".repeat(51), ContractError::InvalidName {});
    case(&|m| m.symbol = "AB".into(), ContractError::InvalidSymbol {});
    case(
        &|m| m.symbol = "ABCDEFGHIJKLM".into(),
        ContractError::InvalidSymbol {},
    );
    case(
        &|m| m.symbol = "TLLM1".into(),
        ContractError::InvalidSymbol {},
    );
    case(
        &|m| m.symbol = "T_LM".into(),
        ContractError::InvalidSymbol {},
    );
    case(
        &|m| m.decimals = 19,
        ContractError::InvalidDecimals { max: 18 },
    );
    case(
        &|m| {
            m.initial_balances = (0..=MAX_INITIAL_BALANCES)
                .map(|i| {
                    coin(
                        &cosmwasm_std::testing::MockApi::default().addr_make(&format!("h{i}")),
                        1,
                    )
                })
                .collect()
        },
        ContractError::TooManyInitialBalances {
            max: MAX_INITIAL_BALANCES,
        },
    );
    case(
        &|m| m.initial_balances = vec![coin(&alice, 1), coin(&bob, 2), coin(&alice, 3)],
        ContractError::DuplicateInitialBalanceAddresses {},
    );
    case(
        &|m| m.initial_balances = vec![coin(&alice, 1), coin(&bob, 0)],
        ContractError::InvalidZeroAmount {},
    );
    case(
        &|m| {
            m.mint = Some(MinterResponse {
                minter: minter.to_string(),
                cap: Some(Uint128::new(1_499)),
            })
        },
        ContractError::InitialSupplyOverCap {
            supply: Uint128::new(1_500),
            cap: Uint128::new(1_499),
        },
    );
    let svg = |data: &[u8]| Logo::Embedded(EmbeddedLogo::Svg(Binary::from(data)));
    let png = |data: &[u8]| Logo::Embedded(EmbeddedLogo::Png(Binary::from(data)));
    case(
        &|m| m.marketing.as_mut().unwrap().logo = Some(svg(b"<svg></svg>")),
        ContractError::InvalidXmlPreamble {},
    );
    case(
        &|m| m.marketing.as_mut().unwrap().logo = Some(png(b"GIF89a")),
        ContractError::InvalidPngHeader {},
    );
    case(
        &|m| {
            let mut big = b"<?xml version=\"1.0\"?>".to_vec();
            big.resize(5 * 1024 + 1, b' ');
            m.marketing.as_mut().unwrap().logo = Some(svg(&big));
        },
        ContractError::LogoTooBig {},
    );
    for (msg, expected) in cases {
        let err = instantiate(&mut app, code, &admin, &msg, &[]).unwrap_err();
        assert_eq!(err, expected);
    }

    // malformed addresses: holder, minter, marketing
    let mut bad_holder = base.clone();
    bad_holder.initial_balances = vec![
        coin(&alice, 1),
        cw20::Cw20Coin {
            address: BAD_ADDRESS.into(),
            amount: Uint128::new(1),
        },
    ];
    let mut bad_minter = base.clone();
    bad_minter.mint.as_mut().unwrap().minter = BAD_ADDRESS.into();
    let mut bad_marketing = base.clone();
    bad_marketing.marketing.as_mut().unwrap().marketing = Some(BAD_ADDRESS.into());
    for msg in [bad_holder, bad_minter, bad_marketing] {
        let err = instantiate(&mut app, code, &admin, &msg, &[]).unwrap_err();
        assert!(is_bad_address(&err), "{err:?}");
    }

    let err = instantiate(&mut app, code, &admin, &base, &coins(1, DENOM)).unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

/// One message written once and serialized twice: as this contract's type and as the `cw20`
/// crate's, for comparing the JSON.
macro_rules! exec_pair {
    ($($msg:tt)+) => {
        (
            to_json_string(&ExecuteMsg::$($msg)+),
            to_json_string(&Cw20ExecuteMsg::$($msg)+),
        )
    };
}

/// The same for a query.
macro_rules! query_pair {
    ($($msg:tt)+) => {
        (
            to_json_string(&QueryMsg::$($msg)+),
            to_json_string(&Cw20QueryMsg::$($msg)+),
        )
    };
}

/// Every message keeps the `cw20` crate's JSON, so cw20 clients and contracts speak to it.
#[test]
fn messages_and_answers_have_the_cw20_json_shapes() {
    let (r, o, s) = (
        "recipient".to_string(),
        "owner".to_string(),
        "spender".to_string(),
    );
    let a = Uint128::new(5);
    let bin = Binary::from(b"{}".as_slice());
    let exp = Some(Expiration::AtHeight(10));
    let pairs = vec![
        exec_pair!(Transfer {
            recipient: r.clone(),
            amount: a,
        }),
        exec_pair!(Burn { amount: a }),
        exec_pair!(Send {
            contract: r.clone(),
            amount: a,
            msg: bin.clone(),
        }),
        exec_pair!(IncreaseAllowance {
            spender: s.clone(),
            amount: a,
            expires: exp,
        }),
        exec_pair!(DecreaseAllowance {
            spender: s.clone(),
            amount: a,
            expires: None,
        }),
        exec_pair!(TransferFrom {
            owner: o.clone(),
            recipient: r.clone(),
            amount: a,
        }),
        exec_pair!(SendFrom {
            owner: o.clone(),
            contract: r.clone(),
            amount: a,
            msg: bin.clone(),
        }),
        exec_pair!(BurnFrom {
            owner: o.clone(),
            amount: a,
        }),
        exec_pair!(Mint {
            recipient: r.clone(),
            amount: a,
        }),
        exec_pair!(UpdateMinter { new_minter: None }),
        exec_pair!(UpdateMarketing {
            project: Some(r.clone()),
            description: None,
            marketing: None,
        }),
        exec_pair!(UploadLogo(url_logo())),
        query_pair!(Balance { address: o.clone() }),
        query_pair!(TokenInfo {}),
        query_pair!(Minter {}),
        query_pair!(Allowance {
            owner: o.clone(),
            spender: s.clone(),
        }),
        query_pair!(AllAllowances {
            owner: o.clone(),
            start_after: None,
            limit: Some(3),
        }),
        query_pair!(AllAccounts {
            start_after: Some(o.clone()),
            limit: None,
        }),
        query_pair!(MarketingInfo {}),
        query_pair!(DownloadLogo {}),
    ];
    for (ours, cw20) in pairs {
        assert_eq!(ours.unwrap(), cw20.unwrap());
    }
    assert_eq!(
        to_json_string(&ExecuteMsg::Transfer {
            recipient: "r".into(),
            amount: a
        })
        .unwrap(),
        r#"{"transfer":{"recipient":"r","amount":"5"}}"#
    );

    // a cw20 client (the `cw20` crate's own message types) drives the contract unchanged
    let mut suite = Suite::new();
    let (alice, bob) = (suite.alice.clone(), suite.bob.clone());
    suite
        .app
        .execute_contract(
            alice.clone(),
            suite.shares.clone(),
            &Cw20ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: Uint128::new(10),
            },
            &[],
        )
        .unwrap();
    assert_eq!(
        suite.raw_query(&Cw20QueryMsg::Balance {
            address: bob.to_string()
        }),
        r#"{"balance":"510"}"#
    );
    assert_eq!(
        suite.raw_query(&Cw20QueryMsg::TokenInfo {}),
        r#"{"name":"Tiny LLM shares","symbol":"TLLM","decimals":6,"total_supply":"1500"}"#
    );
    assert_eq!(
        suite.raw_query(&Cw20QueryMsg::Minter {}),
        format!(r#"{{"minter":"{}","cap":"10000"}}"#, suite.minter)
    );
}

#[test]
fn migrate_keeps_state_and_refuses_other_contracts() {
    let mut suite = Suite::new();
    let (alice, bob, admin) = (suite.alice.clone(), suite.bob.clone(), suite.admin.clone());
    suite.next_block();
    suite
        .exec(
            &alice,
            &ExecuteMsg::Transfer {
                recipient: bob.to_string(),
                amount: amount(100),
            },
        )
        .unwrap();
    let height = suite.height();
    suite.next_block();
    let res = suite
        .app
        .migrate_contract(
            admin,
            suite.shares.clone(),
            &MigrateMsg::Migrate {},
            suite.code_id,
        )
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "migrate");
    assert_eq!(
        wasm_attr(&res, "to_version"),
        crate::contract::CONTRACT_VERSION
    );
    assert_eq!(suite.balance(&alice), 900);
    assert_eq!(suite.balance_at(&alice, height), ALICE_START);
    assert_eq!(suite.supply(), 1_500);

    // a storage written by another contract cannot be migrated
    let mut deps = cosmwasm_std::testing::mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, "crates.io:cw20-base", "2.0.0").unwrap();
    let err =
        crate::contract::migrate(deps.as_mut(), mock_env(), MigrateMsg::Migrate {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Migrate(MigrateError::CannotMigrate {
            from: "crates.io:cw20-base".into(),
            version: "2.0.0".into()
        })
    );
    // nor can a newer version be downgraded
    let mut deps = cosmwasm_std::testing::mock_dependencies();
    cw2::set_contract_version(&mut deps.storage, crate::contract::CONTRACT_NAME, "99.0.0").unwrap();
    let err =
        crate::contract::migrate(deps.as_mut(), mock_env(), MigrateMsg::Migrate {}).unwrap_err();
    assert!(err.to_string().contains("newer version"), "{err:?}");
}
