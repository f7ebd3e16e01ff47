use cosmwasm_std::{coin, coins, instantiate2_address, Addr, Api, ContractInfoResponse, Uint128};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use modelfund::launchpad::{
    salt, ExecuteMsg, ModelResponse, ModelsResponse, PredictedAddressesResponse, QueryMsg,
};
use modelfund::validate::ValidationError;

use super::steps::launch_now;
use super::suite::*;
use crate::ContractError;

fn predicted(suite: &Suite, model_id: &str) -> PredictedAddressesResponse {
    suite
        .query(&QueryMsg::PredictAddresses {
            model_id: model_id.into(),
        })
        .unwrap()
}

/// The wasm info of the shares, presale and governance contracts at the predicted addresses,
/// each checked to run its code.
fn deployed(suite: &Suite, p: &PredictedAddressesResponse) -> Vec<ContractInfoResponse> {
    [
        (&p.shares, suite.code_ids.shares),
        (&p.presale, suite.code_ids.presale),
        (&p.governance, suite.code_ids.governance),
    ]
    .into_iter()
    .map(|(addr, code_id)| {
        let info = suite.app.wrap().query_wasm_contract_info(addr).unwrap();
        assert_eq!(info.code_id, code_id, "{addr}");
        info
    })
    .collect()
}

fn no_contract_at(suite: &Suite, addr: &Addr) -> bool {
    suite.app.wrap().query_wasm_contract_info(addr).is_err()
}

fn models(suite: &Suite) -> Vec<ModelResponse> {
    suite
        .query::<ModelsResponse>(&QueryMsg::Models {
            start_after: None,
            limit: None,
        })
        .unwrap()
        .models
}

#[test]
fn predicted_addresses_follow_instantiate2_from_the_code_checksum() {
    let suite = Suite::new();
    let p = predicted(&suite, "tiny-llm");
    // computed here independently: checksum from the chain's code_info, launchpad as creator
    let api = suite.app.api();
    let creator = api.addr_canonicalize(suite.launchpad.as_str()).unwrap();
    for (kind, code_id, addr) in [
        ("shares", suite.code_ids.shares, &p.shares),
        ("presale", suite.code_ids.presale, &p.presale),
        ("governance", suite.code_ids.governance, &p.governance),
    ] {
        let checksum = suite
            .app
            .wrap()
            .query_wasm_code_info(code_id)
            .unwrap()
            .checksum;
        let salt = salt(kind, "tiny-llm");
        assert_eq!(salt.as_slice().len(), 32);
        let canonical =
            instantiate2_address(checksum.as_slice(), &creator, salt.as_slice()).unwrap();
        assert_eq!(api.addr_humanize(&canonical).unwrap(), *addr, "{kind}");
    }
    assert_ne!(p.shares, p.presale);
    assert_ne!(p.shares, p.governance);
    // another model id, other addresses
    let q = predicted(&suite, "big-llm");
    assert_ne!(p.shares, q.shares);
    assert_ne!(p.governance, q.governance);
    // a bad model id is refused
    assert!(suite
        .query::<PredictedAddressesResponse>(&QueryMsg::PredictAddresses {
            model_id: "bad id".into()
        })
        .is_err());
}

#[test]
fn launch_wires_every_contract_in_one_tx() {
    let mut suite = Suite::new();
    let p = predicted(&suite, "tiny-llm");
    let creator = suite.creator.clone();
    let now = suite.now();
    let res = launch_now(&mut suite, &creator, "tiny-llm");

    // events
    let lp = suite.launchpad.clone();
    assert_eq!(wasm_attr(&res, &lp, "action").unwrap(), "launch");
    assert_eq!(wasm_attr(&res, &lp, "model_id").unwrap(), "tiny-llm");
    assert_eq!(
        wasm_attr(&res, &lp, "creator").unwrap(),
        creator.to_string()
    );
    assert_eq!(
        wasm_attr(&res, &lp, "shares").unwrap(),
        p.shares.to_string()
    );
    assert_eq!(
        wasm_attr(&res, &lp, "presale").unwrap(),
        p.presale.to_string()
    );
    assert_eq!(
        wasm_attr(&res, &lp, "governance").unwrap(),
        p.governance.to_string()
    );
    assert_eq!(wasm_attr(&res, &lp, "fee").unwrap(), "none");
    assert_eq!(wasm_attr(&res, &lp, "reservation").unwrap(), "none");
    // the App put the contracts exactly at the predicted addresses
    let instantiated: Vec<String> = res
        .events
        .iter()
        .filter(|e| e.ty == "instantiate")
        .flat_map(|e| e.attributes.iter())
        .filter(|a| a.key == "_contract_address")
        .map(|a| a.value.clone())
        .collect();
    assert_eq!(
        instantiated,
        vec![
            p.shares.to_string(),
            p.governance.to_string(),
            p.presale.to_string()
        ]
    );
    for info in deployed(&suite, &p) {
        assert_eq!(info.creator, suite.launchpad);
        // the DAO is the wasm admin of all three
        assert_eq!(info.admin, Some(p.governance.clone()));
    }

    // shares: minter = presale, revenue admin = DAO
    let shares = suite.instantiated::<modelfund::shares::InstantiateMsg>(&p.shares);
    assert_eq!(shares.sender, suite.launchpad);
    assert_eq!(shares.address, p.shares);
    let mint = shares.msg.mint.unwrap();
    assert_eq!(mint.minter, p.presale.to_string());
    assert_eq!(mint.cap, None);
    assert!(shares.msg.initial_balances.is_empty());
    let revenue = shares.msg.revenue.unwrap();
    assert_eq!(revenue.admin, Some(p.governance.to_string()));
    assert_eq!(revenue.denoms, vec![DENOM.to_string()]);
    assert_eq!(shares.msg.symbol, "TINY");
    // governance knows shares, registry, model id and access
    let gov = suite.instantiated::<modelfund::governance::InstantiateMsg>(&p.governance);
    assert_eq!(gov.msg.shares, p.shares.to_string());
    assert_eq!(gov.msg.registry, Some(suite.registry.to_string()));
    assert_eq!(gov.msg.model_id.as_deref(), Some("tiny-llm"));
    assert_eq!(gov.msg.access, Some(suite.access.to_string()));
    assert_eq!(gov.msg.params, params());
    // its params stay within the protocol's governance bounds for the DAO's whole life
    assert_eq!(
        gov.msg.bounds,
        Some(modelfund::launchpad::LaunchBounds::PRODUCTION.governance())
    );
    assert_eq!(gov.msg.presale, Some(p.presale.to_string()));
    assert_eq!(
        gov.msg.vetoer, None,
        "no guardian unless the launch names one"
    );
    // presale: treasury = DAO, creator = sender, shares
    let presale = suite.instantiated::<modelfund::presale::InstantiateMsg>(&p.presale);
    assert_eq!(presale.msg.treasury, p.governance.to_string());
    assert_eq!(presale.msg.creator, creator.to_string());
    assert_eq!(presale.msg.shares, p.shares.to_string());
    assert_eq!(presale.msg.price, Uint128::new(10));
    assert_eq!(
        presale.msg.creator_allocation,
        Uint128::new(CREATOR_ALLOCATION)
    );

    // the model NFT is minted to the DAO, royalty to the shares
    let mints = suite.calls::<modelfund::registry::ExecuteMsg>(&suite.registry);
    assert_eq!(mints.len(), 1);
    assert_eq!(mints[0].0, suite.launchpad);
    let modelfund::registry::ExecuteMsg::Mint {
        token_id,
        owner,
        model,
        royalty,
        ..
    } = &mints[0].1
    else {
        panic!("not a mint")
    };
    assert_eq!(token_id, "tiny-llm");
    assert_eq!(owner, p.governance.as_str());
    assert_eq!(model, &metadata());
    let royalty = royalty.clone().unwrap();
    assert_eq!(royalty.payment_address, p.shares.to_string());
    assert_eq!(royalty.share_bps, 500);
    // the model and its initial plans are registered in access
    let registrations = suite.calls::<modelfund::access::ExecuteMsg>(&suite.access);
    assert_eq!(
        registrations,
        vec![(
            suite.launchpad.clone(),
            modelfund::access::ExecuteMsg::RegisterModel {
                model_id: "tiny-llm".into(),
                shares: p.shares.to_string(),
                license_royalty_bps: 300,
                plans: vec![credits_plan("pack")],
                presale: Some(p.presale.to_string()),
            }
        )]
    );

    // the index
    let m: ModelResponse = suite
        .query(&QueryMsg::Model {
            model_id: "tiny-llm".into(),
        })
        .unwrap();
    assert_eq!(
        m,
        ModelResponse {
            model_id: "tiny-llm".into(),
            creator: creator.clone(),
            shares: p.shares,
            presale: p.presale,
            governance: p.governance,
            registry: suite.registry.clone(),
            access: suite.access.clone(),
            launched_at: now,
            launched_height: suite.app.block_info().height,
        }
    );
}

#[test]
fn a_launch_without_royalty_mints_none() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    let mut msg = launch_msg("tiny-llm", suite.now());
    if let ExecuteMsg::Launch { model, .. } = &mut msg {
        model.royalty_bps = 0;
        model.token_uri = Some("ipfs://meta".into());
    }
    suite.launch(&creator, &msg, &[]).unwrap();
    let mints = suite.calls::<modelfund::registry::ExecuteMsg>(&suite.registry);
    assert!(matches!(
        &mints[0].1,
        modelfund::registry::ExecuteMsg::Mint { royalty: None, token_uri: Some(u), .. } if u == "ipfs://meta"
    ));
}

#[test]
fn a_launch_can_name_the_daos_vetoer() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    let guardian = suite.app.api().addr_make("contributors-multisig");
    let mut msg = launch_msg("tiny-llm", suite.now());
    if let ExecuteMsg::Launch { vetoer, .. } = &mut msg {
        *vetoer = Some(guardian.to_string());
    }
    suite.launch(&creator, &msg, &[]).unwrap();
    let p = models(&suite).remove(0);
    let gov = suite.instantiated::<modelfund::governance::InstantiateMsg>(&p.governance);
    assert_eq!(gov.msg.vetoer, Some(guardian.to_string()));
}

#[test]
fn a_model_id_is_launched_once() {
    let mut suite = Suite::new();
    let (creator, creator2) = (suite.creator.clone(), suite.creator2.clone());
    launch_now(&mut suite, &creator, "tiny-llm");
    let now = suite.now();
    assert_eq!(
        suite
            .launch(&creator2, &launch_msg("tiny-llm", now), &[])
            .unwrap_err(),
        ContractError::ModelExists {
            model_id: "tiny-llm".into()
        }
    );
    assert_eq!(models(&suite).len(), 1);
    assert_eq!(models(&suite)[0].creator, creator);
}

#[test]
fn bad_input_reverts_the_whole_launch() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    let now = suite.now();
    let p = predicted(&suite, "tiny-llm");

    // a bad model id is refused before anything
    assert!(matches!(
        suite
            .launch(&creator, &launch_msg("bad id", now), &[])
            .unwrap_err(),
        ContractError::Validation(ValidationError::InvalidText { .. })
    ));
    // invalid metadata, refused by the registry: nothing is instantiated, indexed or minted
    let mut msg = launch_msg("tiny-llm", now);
    if let ExecuteMsg::Launch { model, .. } = &mut msg {
        model.metadata.content_hash = "not-a-hash".into();
    }
    let err = suite.launch(&creator, &msg, &[]).unwrap_err();
    assert!(err.to_string().contains("content hash"), "{err}");
    // too many plans, refused by access after the mint: the mint reverts too
    let mut msg = launch_msg("tiny-llm", now);
    if let ExecuteMsg::Launch { plans, .. } = &mut msg {
        *plans = (0..21).map(|i| credits_plan(&format!("p{i}"))).collect();
    }
    let err = suite.launch(&creator, &msg, &[]).unwrap_err();
    assert!(err.to_string().contains("too many plans"), "{err}");
    // funds without a configured fee
    assert_eq!(
        suite
            .launch(&creator, &launch_msg("tiny-llm", now), &coins(5, DENOM))
            .unwrap_err(),
        ContractError::Payment(PaymentError::NonPayable {})
    );

    assert!(models(&suite).is_empty());
    assert!(no_contract_at(&suite, &p.shares));
    assert!(no_contract_at(&suite, &p.presale));
    assert!(no_contract_at(&suite, &p.governance));
    assert!(suite
        .calls::<modelfund::registry::ExecuteMsg>(&suite.registry)
        .is_empty());
    assert!(suite
        .calls::<modelfund::access::ExecuteMsg>(&suite.access)
        .is_empty());
    assert_eq!(suite.balance(&creator, DENOM), START_BALANCE);

    // the same launch, corrected, goes through at the predicted addresses
    suite
        .launch(&creator, &launch_msg("tiny-llm", now), &[])
        .unwrap();
    assert!(!no_contract_at(&suite, &p.shares));
}

#[test]
fn the_launchpad_needs_its_registry_and_access_roles() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    let owner = suite.owner.clone();
    // a second launchpad that nobody made a minter / registrar
    let other = suite
        .app
        .instantiate_contract(
            suite.launchpad_code,
            owner,
            &modelfund::launchpad::InstantiateMsg {
                owner: None,
                code_ids: suite.code_ids.clone(),
                registry: suite.registry.to_string(),
                access: suite.access.to_string(),
                fee: None,
                bounds: None,
                reservation_periods: None,
            },
            &[],
            "other",
            None,
        )
        .unwrap();
    let now = suite.now();
    let err = suite
        .app
        .execute_contract(creator, other.clone(), &launch_msg("tiny-llm", now), &[])
        .unwrap_err();
    assert!(format!("{err:#}").contains("not allowed"), "{err:#}");
    let none: ModelsResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            &other,
            &QueryMsg::Models {
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    assert!(none.models.is_empty());
}

#[test]
fn the_launch_fee_is_exact_and_goes_to_the_treasury() {
    let mut suite = Suite::with_fee(Some(FEE));
    let creator = suite.creator.clone();
    let treasury = suite.treasury.clone();
    let now = suite.now();
    let msg = launch_msg("tiny-llm", now);
    let wrong = ContractError::WrongFee {
        expected: format!("{FEE}{DENOM}"),
    };
    for funds in [
        vec![],
        coins(FEE - 1, DENOM),
        coins(FEE + 1, DENOM),
        coins(FEE, "uatom"),
        vec![coin(FEE, DENOM), coin(1, "uatom")],
    ] {
        assert_eq!(suite.launch(&creator, &msg, &funds).unwrap_err(), wrong);
    }
    assert_eq!(suite.balance(&creator, DENOM), START_BALANCE);
    assert_eq!(suite.balance(&treasury, DENOM), 0);
    assert!(models(&suite).is_empty());

    let res = suite.launch(&creator, &msg, &coins(FEE, DENOM)).unwrap();
    let lp = suite.launchpad.clone();
    assert_eq!(
        wasm_attr(&res, &lp, "fee").unwrap(),
        format!("{FEE}{DENOM}")
    );
    assert_eq!(suite.balance(&creator, DENOM), START_BALANCE - FEE);
    assert_eq!(suite.balance(&treasury, DENOM), FEE);
    assert_eq!(suite.balance(&lp, DENOM), 0);
}

#[test]
fn a_missing_code_is_a_typed_error() {
    let mut suite = Suite::new();
    let (owner, creator) = (suite.owner.clone(), suite.creator.clone());
    let mut ids = suite.code_ids.clone();
    ids.presale = 999;
    suite
        .exec(
            &owner,
            &ExecuteMsg::UpdateConfig {
                owner: None,
                code_ids: Some(ids),
                fee: None,
                bounds: None,
                reservation_periods: None,
            },
            &[],
        )
        .unwrap();
    let now = suite.now();
    assert_eq!(
        suite
            .launch(&creator, &launch_msg("tiny-llm", now), &[])
            .unwrap_err(),
        ContractError::CodeNotFound {
            kind: "presale".into(),
            code_id: 999
        }
    );
}

#[test]
fn on_a_chain_with_20_byte_addresses_the_launch_wires_the_short_ones() {
    // Injective: contract addresses are 20 bytes, instantiate2 keeps the first 20 of its hash
    let mut suite = Suite::with_short_addresses(false);
    let api = suite.app.api();
    assert_eq!(
        api.addr_canonicalize(suite.launchpad.as_str())
            .unwrap()
            .len(),
        20
    );
    let p = predicted(&suite, "tiny-llm");
    for addr in [&p.shares, &p.presale, &p.governance] {
        assert_eq!(api.addr_canonicalize(addr.as_str()).unwrap().len(), 20);
    }
    let creator = suite.creator.clone();
    launch_now(&mut suite, &creator, "tiny-llm");
    // every contract lives at its predicted address, and they point at each other
    deployed(&suite, &p);
    let shares = suite.instantiated::<modelfund::shares::InstantiateMsg>(&p.shares);
    assert_eq!(shares.msg.mint.unwrap().minter, p.presale.to_string());
    let presale = suite.instantiated::<modelfund::presale::InstantiateMsg>(&p.presale);
    assert_eq!(presale.msg.treasury, p.governance.to_string());
    assert_eq!(presale.msg.shares, p.shares.to_string());
    assert_eq!(models(&suite)[0].governance, p.governance);
}

#[test]
fn a_chain_that_derives_other_addresses_reverts_the_launch() {
    let mut suite = Suite::with_short_addresses(true);
    let p = predicted(&suite, "tiny-llm");
    let (creator, registry, access) = (
        suite.creator.clone(),
        suite.registry.clone(),
        suite.access.clone(),
    );
    let now = suite.now();
    let err = suite
        .launch(&creator, &launch_msg("tiny-llm", now), &[])
        .unwrap_err();
    assert_eq!(
        err,
        ContractError::AddressMismatch {
            kind: "shares".into(),
            address: p.shares.to_string(),
        }
    );
    // nothing happened: no index entry, no mint, no registration, no contract
    assert!(models(&suite).is_empty());
    assert!(suite
        .calls::<modelfund::registry::ExecuteMsg>(&registry)
        .is_empty());
    assert!(suite
        .calls::<modelfund::access::ExecuteMsg>(&access)
        .is_empty());
    assert!(no_contract_at(&suite, &p.shares));
}

/// `sender` executes the launchpad with `json` as it stands, bypassing the typed message.
fn execute_raw(
    suite: &mut Suite,
    sender: &Addr,
    json: &str,
) -> cw_multi_test::error::AnyResult<cw_multi_test::AppResponse> {
    let msg = cosmwasm_std::WasmMsg::Execute {
        contract_addr: suite.launchpad.to_string(),
        msg: cosmwasm_std::Binary::from(json.as_bytes()),
        funds: vec![],
    };
    suite.app.execute(sender.clone(), msg.into())
}

#[test]
fn an_unknown_field_in_a_raw_launch_is_refused_by_name_and_changes_nothing() {
    let mut suite = Suite::new();
    let creator = suite.creator.clone();
    let now = suite.now();
    let good = cosmwasm_std::to_json_string(&launch_msg("tiny-llm", now)).unwrap();
    // an extra field next to the launch's own, and one inside a nested part
    for (from, to) in [
        (
            r#""license_royalty_bps":300"#,
            r#""license_royalty_bps":300,"grnat":true"#,
        ),
        (r#""royalty_bps":500"#, r#""royalty_bps":500,"grnat":true"#),
    ] {
        assert!(good.contains(from));
        let raw = good.replacen(from, to, 1);
        let before = suite.snapshot();
        let err = execute_raw(&mut suite, &creator, &raw).unwrap_err();
        assert!(
            format!("{err:#}").contains("unknown field `grnat`"),
            "{err:#}"
        );
        assert_eq!(suite.snapshot(), before);
        assert!(models(&suite).is_empty());
    }
    // the same JSON without the extra field launches
    execute_raw(&mut suite, &creator, &good).unwrap();
    assert_eq!(models(&suite).len(), 1);
}
