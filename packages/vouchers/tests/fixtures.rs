//! Cross-language vectors: `tests/fixtures/vouchers.json` (repository root) holds, for fixed
//! seeds and domains, the exact message bytes, digest, public key and signature this library
//! produces. The TypeScript twin (`web/src/vouchers.ts`, `web/test/unit/vouchers.test.ts`)
//! reads the same file and must produce the same bytes and signatures, and verify these.
//!
//! The committed file is checked, never silently rewritten: after a deliberate change of the
//! layout run `MODELFUND_BLESS=1 cargo test -p modelfund-vouchers --test fixtures` and commit it.

use std::path::PathBuf;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::Api;
use modelfund_vouchers::{verify, Domain, SessionKey};
use serde_json::{json, Value};

/// secp256k1 group order n, big-endian.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `n - s`: the other (high) `s` of the same signature.
fn negate_s(signature: &[u8; 64]) -> [u8; 64] {
    let mut out = *signature;
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let d = ORDER[i] as i16 - signature[32 + i] as i16 - borrow;
        borrow = i16::from(d < 0);
        out[32 + i] = (d + if d < 0 { 256 } else { 0 }) as u8;
    }
    assert_eq!(borrow, 0);
    out
}

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/vouchers.json")
}

/// (seed, chain id, contract, channel id, amount)
const CASES: &[(&str, &str, &str, u64, u128)] = &[
    (
        "alice session key",
        "injective-777",
        "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz",
        1,
        1,
    ),
    (
        "alice session key",
        "injective-777",
        "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz",
        1,
        1_000_000_000_000_000_000,
    ),
    (
        "alice session key",
        "injective-1",
        "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz",
        1,
        1_000_000_000_000_000_000,
    ),
    (
        "bob",
        "injective-888",
        "inj1qg5ega6dykkxc307y25pecuufrjkxkaggkkxh7",
        4_294_967_296,
        340_282_366_920_938_463_463_374_607_431_768_211_455,
    ),
    ("", "c", "a", 0, 0),
];

fn build() -> Value {
    let vectors: Vec<Value> = CASES
        .iter()
        .map(|&(seed, chain_id, contract, channel_id, amount)| {
            let key = SessionKey::from_seed(seed.as_bytes());
            let domain = Domain::new(chain_id, contract);
            let voucher = key.sign(&domain, channel_id, amount);
            let high = negate_s(&voucher.signature);
            json!({
                "seed": seed,
                "secret_hex": hex(&key.secret_bytes()),
                "public_key_hex": hex(&key.public_key()),
                "chain_id": chain_id,
                "contract": contract,
                "channel_id": channel_id,
                "amount": amount.to_string(),
                "message_hex": hex(&domain.message(channel_id, amount)),
                "digest_hex": hex(&domain.digest(channel_id, amount)),
                "signature_hex": hex(&voucher.signature),
                "high_s_signature_hex": hex(&high),
                "claim_voucher": serde_json::to_value(voucher.to_msg()).unwrap(),
            })
        })
        .collect();
    json!({
        "about": "Voucher vectors shared by packages/vouchers (Rust) and web/src/vouchers.ts (TypeScript). \
                  Written by `MODELFUND_BLESS=1 cargo test -p modelfund-vouchers --test fixtures`; \
                  the secret is sha256(seed). signature_hex is RFC 6979, low-s; high_s_signature_hex is \
                  the same signature with s replaced by n - s (the contract accepts both).",
        "vectors": vectors,
    })
}

#[test]
fn the_shared_fixture_matches_this_library() {
    let expected = build();
    let path = fixture_path();
    let text = serde_json::to_string_pretty(&expected).unwrap() + "\n";
    if std::env::var_os("MODELFUND_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless it, see the module doc)", path.display()));
    let committed: Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(
        committed, expected,
        "tests/fixtures/vouchers.json differs from what modelfund-vouchers produces"
    );
}

#[test]
fn every_fixture_signature_verifies_here_and_in_cosmwasm_with_either_s() {
    let text = std::fs::read_to_string(fixture_path()).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    let vectors = fixture["vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), CASES.len());
    let api = MockApi::default();
    for v in vectors {
        let domain = Domain::new(
            v["chain_id"].as_str().unwrap(),
            v["contract"].as_str().unwrap(),
        );
        let channel_id = v["channel_id"].as_u64().unwrap();
        let amount: u128 = v["amount"].as_str().unwrap().parse().unwrap();
        let pk = unhex(v["public_key_hex"].as_str().unwrap());
        let digest = unhex(v["digest_hex"].as_str().unwrap());
        for field in ["signature_hex", "high_s_signature_hex"] {
            let sig = unhex(v[field].as_str().unwrap());
            verify(&pk, &domain, channel_id, amount, &sig).unwrap();
            // as the contract calls it
            assert!(api.secp256k1_verify(&digest, &sig, &pk).unwrap(), "{field}");
            // and never for the next amount
            assert!(verify(&pk, &domain, channel_id, amount.wrapping_add(1), &sig).is_err());
        }
        // the high-s form really is the other s
        assert_ne!(v["signature_hex"], v["high_s_signature_hex"]);
    }
}
