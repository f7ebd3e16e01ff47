//! The merkle allowlist: who may contribute and up to which cap.

use cosmwasm_std::{coin, coins, Addr, Binary, Uint128, WasmMsg};
use cw_multi_test::Executor;
use modelfund::allowlist::{AllowlistError, MAX_PROOF_LEN};
use modelfund::presale::{
    Allowlist, AllowlistCheckResponse, AllowlistResponse, ConfigResponse, ExecuteMsg, QueryMsg,
};

use super::config_check::assert_invalid_config;
use super::suite::*;
use crate::ContractError;

/// alice may hold 500, bob 1,500, carol 3,000 (above MAX: MAX binds).
fn listed() -> (Suite, Vec<(String, Uint128)>) {
    let probe = Suite::new();
    let entries = vec![
        (probe.alice.to_string(), Uint128::new(500)),
        (probe.bob.to_string(), Uint128::new(1_500)),
        (probe.carol.to_string(), Uint128::new(3_000)),
    ];
    let (alice, bob, carol) = (probe.alice.clone(), probe.bob.clone(), probe.carol.clone());
    let s = Suite::with_allowlist(&[(&alice, 500), (&bob, 1_500), (&carol, 3_000)]);
    (s, entries)
}

fn proof_of(entries: &[(String, Uint128)], who: &Addr, cap: u128) -> Vec<String> {
    modelfund::allowlist::proof(entries, who.as_str(), Uint128::new(cap))
        .unwrap()
        .expect("listed")
}

#[test]
fn listed_backers_contribute_up_to_their_cap_with_a_proof() {
    let (mut s, entries) = listed();
    let (alice, carol) = (s.alice.clone(), s.carol.clone());
    s.open();

    // above its cap: the excess comes back in the same tx, as above max_per_address
    let res = s
        .contribute_listed(&alice, 800, 500, proof_of(&entries, &alice, 500))
        .unwrap();
    assert_eq!(wasm_attr(&res, "action"), "contribute");
    assert_eq!(wasm_attr(&res, "backer"), alice.to_string());
    assert_eq!(wasm_attr(&res, "accepted"), "500");
    assert_eq!(wasm_attr(&res, "returned"), "300");
    assert_eq!(s.balance(&alice), WALLET - 500);
    assert_eq!(
        s.contribute_listed(&alice, 100, 500, proof_of(&entries, &alice, 500))
            .unwrap_err(),
        ContractError::AllowlistCapReached {
            cap: coin(500, DENOM)
        }
    );
    assert_eq!(
        s.contribute_listed(&alice, 100, 500, proof_of(&entries, &alice, 500))
            .unwrap_err()
            .to_string(),
        "this address already contributed its allowlist cap of 500uinj"
    );

    // a withdrawal frees room under the cap again (the cap bounds what is held at any moment)
    s.withdraw(&alice, 200).unwrap();
    let res = s
        .contribute_listed(&alice, 300, 500, proof_of(&entries, &alice, 500))
        .unwrap();
    assert_eq!(wasm_attr(&res, "accepted"), "200");
    assert_eq!(s.contribution(&alice).amount, Uint128::new(500));

    // a cap above max_per_address: the maximum still binds
    let res = s
        .contribute_listed(&carol, 2_500, 3_000, proof_of(&entries, &carol, 3_000))
        .unwrap();
    assert_eq!(wasm_attr(&res, "accepted"), MAX.to_string());
    assert_eq!(
        s.contribute_listed(&carol, 100, 3_000, proof_of(&entries, &carol, 3_000))
            .unwrap_err(),
        ContractError::MaxPerAddressReached {
            max: coin(MAX, DENOM)
        }
    );
    assert_eq!(s.state().raised, Uint128::new(500 + MAX));
}

/// Attacks: inflating one's own cap, borrowing another backer's entry, an unlisted address,
/// a proof of another list, malformed or oversized proofs. Each is refused and moves nothing.
#[test]
fn the_allowlist_refuses_each_bad_proof_and_changes_nothing() {
    let (mut s, entries) = listed();
    let (alice, bob, outsider) = (s.alice.clone(), s.bob.clone(), s.creator.clone());
    s.open();
    let alice_proof = proof_of(&entries, &alice, 500);
    let msg = |proof: Option<Vec<String>>, cap: Option<u128>| ExecuteMsg::Contribute {
        proof,
        cap: cap.map(Uint128::new),
    };
    let other_list = vec![
        (alice.to_string(), Uint128::new(2_000)),
        (outsider.to_string(), Uint128::new(2_000)),
    ];
    let cases: Vec<(&str, &Addr, ExecuteMsg, ContractError)> = vec![
        (
            "no proof, no cap",
            &alice,
            msg(None, None),
            ContractError::ProofRequired {},
        ),
        (
            "a proof without its cap",
            &alice,
            msg(Some(alice_proof.clone()), None),
            ContractError::ProofRequired {},
        ),
        (
            "a cap without a proof",
            &alice,
            msg(None, Some(500)),
            ContractError::ProofRequired {},
        ),
        (
            "alice claims a larger cap",
            &alice,
            msg(Some(alice_proof.clone()), Some(2_000)),
            ContractError::NotAllowlisted {},
        ),
        (
            "bob borrows alice's entry",
            &bob,
            msg(Some(alice_proof.clone()), Some(500)),
            ContractError::NotAllowlisted {},
        ),
        (
            "an unlisted address",
            &outsider,
            msg(Some(vec![]), Some(500)),
            ContractError::NotAllowlisted {},
        ),
        (
            "a proof from another list",
            &outsider,
            msg(
                Some(
                    modelfund::allowlist::proof(
                        &other_list,
                        outsider.as_str(),
                        Uint128::new(2_000),
                    )
                    .unwrap()
                    .unwrap(),
                ),
                Some(2_000),
            ),
            ContractError::NotAllowlisted {},
        ),
        (
            "an empty proof for a listed address of a longer list",
            &alice,
            msg(Some(vec![]), Some(500)),
            ContractError::NotAllowlisted {},
        ),
        (
            "a hash that is not hex",
            &alice,
            msg(Some(vec!["zz".repeat(32)]), Some(500)),
            ContractError::Allowlist(AllowlistError::InvalidHash {
                what: "a proof hash",
                got: "zz".repeat(32),
            }),
        ),
        (
            "a hash of 31 bytes",
            &alice,
            msg(Some(vec!["ab".repeat(31)]), Some(500)),
            ContractError::Allowlist(AllowlistError::InvalidHash {
                what: "a proof hash",
                got: "ab".repeat(31),
            }),
        ),
        (
            "a proof one hash too long",
            &alice,
            msg(Some(vec!["ab".repeat(32); MAX_PROOF_LEN + 1]), Some(500)),
            ContractError::Allowlist(AllowlistError::ProofTooLong {
                len: MAX_PROOF_LEN + 1,
                max: MAX_PROOF_LEN,
            }),
        ),
        (
            "the longest proof is read, and does not match",
            &alice,
            msg(Some(vec!["ab".repeat(32); MAX_PROOF_LEN]), Some(500)),
            ContractError::NotAllowlisted {},
        ),
    ];
    for (name, who, msg, want) in cases {
        let before = s.balance(who);
        assert_eq!(
            s.exec(who, &msg, &coins(400, DENOM)).unwrap_err(),
            want,
            "{name}"
        );
        assert_eq!(s.balance(who), before, "{name}");
    }
    let state = s.state();
    assert_eq!((state.raised, state.backers), (Uint128::zero(), 0));
    assert_eq!(s.balance(&s.presale.clone()), 0);
}

#[test]
fn without_an_allowlist_proofs_are_refused_and_plain_contribute_json_still_works() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.open();
    for (proof, cap) in [(Some(vec![]), None), (None, Some(Uint128::new(500)))] {
        assert_eq!(
            s.exec(
                &alice,
                &ExecuteMsg::Contribute { proof, cap },
                &coins(500, DENOM)
            )
            .unwrap_err(),
            ContractError::NoAllowlist {}
        );
    }
    // the JSON every existing client sends
    s.app
        .execute(
            alice.clone(),
            WasmMsg::Execute {
                contract_addr: s.presale.to_string(),
                msg: Binary::from(br#"{"contribute":{}}"#.to_vec()),
                funds: coins(500, DENOM),
            }
            .into(),
        )
        .unwrap();
    assert_eq!(s.contribution(&alice).amount, Uint128::new(500));
    let list: AllowlistResponse = s.query(&QueryMsg::Allowlist {}).unwrap();
    assert_eq!(list.merkle_root, None);
}

#[test]
fn instantiate_checks_and_lower_cases_the_root() {
    let root = "AB".repeat(32);
    let s = Suite::with(|m| {
        m.allowlist = Some(Allowlist {
            merkle_root: root.clone(),
        })
    });
    let list: AllowlistResponse = s.query(&QueryMsg::Allowlist {}).unwrap();
    assert_eq!(list.merkle_root, Some("ab".repeat(32)));
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    assert_eq!(config.allowlist.unwrap().merkle_root, "ab".repeat(32));

    let mut s = Suite::new();
    for bad in ["", "ab", &"ab".repeat(33), &"xy".repeat(32)] {
        let mut msg = instantiate_msg(&s);
        msg.allowlist = Some(Allowlist {
            merkle_root: bad.to_string(),
        });
        assert_invalid_config(&mut s, &msg, bad);
    }
}

#[test]
fn allowlist_check_answers_without_contributing() {
    let (mut s, entries) = listed();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let check = |s: &Suite, who: &Addr, cap: Option<u128>, proof: Option<Vec<String>>| {
        s.query::<AllowlistCheckResponse>(&QueryMsg::AllowlistCheck {
            address: who.to_string(),
            cap: cap.map(Uint128::new),
            proof,
        })
        .unwrap()
    };
    // before the window opens too: the answer is about the list only
    let ok = check(&s, &bob, Some(1_500), Some(proof_of(&entries, &bob, 1_500)));
    assert_eq!(
        ok,
        AllowlistCheckResponse {
            allowed: true,
            reason: None,
            limit: Uint128::new(1_500),
            contributed: Uint128::zero(),
        }
    );
    let carol = s.carol.clone();
    let capped = check(
        &s,
        &carol,
        Some(3_000),
        Some(proof_of(&entries, &carol, 3_000)),
    );
    assert_eq!(capped.limit, Uint128::new(MAX));
    let wrong = check(&s, &bob, Some(1_501), Some(proof_of(&entries, &bob, 1_500)));
    assert!(!wrong.allowed);
    assert_eq!(wrong.limit, Uint128::zero());
    assert_eq!(
        wrong.reason.as_deref(),
        Some("this address and cap are not on the presale's allowlist")
    );
    let missing = check(&s, &bob, None, None);
    assert_eq!(
        missing.reason,
        Some(ContractError::ProofRequired {}.to_string())
    );
    let long = check(
        &s,
        &bob,
        Some(1),
        Some(vec!["ab".repeat(32); MAX_PROOF_LEN + 1]),
    );
    assert!(!long.allowed);
    assert!(long.reason.unwrap().contains("at most 32 hashes"));
    // an invalid address is a query error
    assert!(s
        .query::<AllowlistCheckResponse>(&QueryMsg::AllowlistCheck {
            address: "nobody".into(),
            cap: None,
            proof: None,
        })
        .is_err());

    // it shows what the address holds already, and nothing moved
    s.open();
    s.contribute_listed(&alice, 300, 500, proof_of(&entries, &alice, 500))
        .unwrap();
    let mine = check(&s, &alice, Some(500), Some(proof_of(&entries, &alice, 500)));
    assert_eq!(
        (mine.limit, mine.contributed),
        (Uint128::new(500), Uint128::new(300))
    );

    // without an allowlist: anyone, up to max_per_address; a proof is what contribute refuses
    let plain = Suite::new();
    let open = check(&plain, &alice, None, None);
    assert!(open.allowed);
    assert_eq!(open.limit, Uint128::new(MAX));
    let refused = check(&plain, &alice, Some(5), Some(vec![]));
    assert_eq!(
        refused.reason,
        Some(ContractError::NoAllowlist {}.to_string())
    );
}

/// A one-entry list: the root is the leaf and the proof is empty.
#[test]
fn a_list_of_one_has_an_empty_proof() {
    let probe = Suite::new();
    let alice = probe.alice.clone();
    let mut s = Suite::with_allowlist(&[(&alice, 700)]);
    s.open();
    let res = s.contribute_listed(&alice, 700, 700, vec![]).unwrap();
    assert_eq!(wasm_attr(&res, "accepted"), "700");
}

/// Presales instantiated before allowlists and withdrawals existed stored a config without
/// `allowlist` and a state without `withdrawn`: both load (no allowlist, nothing withdrawn) and
/// contributions go on.
#[test]
fn records_stored_before_allowlists_and_withdrawals_still_load() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    s.open();
    s.contribute(&alice, 500).unwrap();
    // rewrite both records as the previous version stored them
    let config: ConfigResponse = s.query(&QueryMsg::Config {}).unwrap();
    let new_config = cosmwasm_std::to_json_string(&config).unwrap();
    let old_config = new_config.replace(r#","allowlist":null"#, "");
    assert_ne!(old_config, new_config);
    let old_state = r#"{"status":"active","raised":"500","backers":1,"shares_sold":"50","shares_claimed":"0","refunded":"0","minter_confirmed":true}"#;
    let presale = s.presale.clone();
    let mut storage = s.app.contract_storage_mut(&presale);
    storage.set(b"config", old_config.as_bytes());
    storage.set(b"state", old_state.as_bytes());
    drop(storage);

    let list: AllowlistResponse = s.query(&QueryMsg::Allowlist {}).unwrap();
    assert_eq!(list.merkle_root, None);
    assert_eq!(s.state().withdrawn, Uint128::zero());
    s.contribute(&alice, 100).unwrap();
    s.withdraw(&alice, 100).unwrap();
    let state = s.state();
    assert_eq!(
        (state.raised, state.withdrawn),
        (Uint128::new(500), Uint128::new(100))
    );
}
