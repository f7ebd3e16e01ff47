//! The next signed voucher of a channel, as the JSON `claim {vouchers: [...]}` takes.

use modelfund_vouchers::{Domain, SessionKey};
use serde_json::Value;

use crate::store::Store;
use crate::{check_address, failed, input, Result};

/// Parses a base-unit amount: digits only, at most u128.
pub fn parse_amount(text: &str) -> Result<u128> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(input(format!(
            "amount '{text}' must be a whole number of base units (e.g. 1500)"
        )));
    }
    text.parse::<u128>()
        .map_err(|_| input(format!("amount '{text}' is larger than a u128")))
}

/// The record key of a channel: vouchers of the same channel id on another contract or chain
/// are different channels.
pub fn record_key(domain: &Domain, channel_id: u64) -> String {
    format!("{} {} {}", domain.chain_id, domain.contract, channel_id)
}

/// What `voucher` should do about amounts below what was already signed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lower {
    /// Refuse (the default): a lower voucher pays nothing and means the client lost track.
    Refuse,
    /// Sign anyway and keep the recorded highest amount.
    Allow,
}

/// Signs the voucher for `(channel_id, amount)` with `key` and returns the `claim` JSON.
/// Records `amount` as the channel's highest before returning, so a voucher is never printed
/// that the record does not cover; an amount below the recorded highest is refused unless
/// `lower` is [`Lower::Allow`]. Signing the recorded amount again is allowed (the same bytes).
pub fn next_voucher(
    store: &Store,
    key: &SessionKey,
    domain: &Domain,
    channel_id: u64,
    amount: u128,
    lower: Lower,
) -> Result<Value> {
    if domain.chain_id.is_empty() {
        return Err(input("--chain-id must not be empty"));
    }
    check_address("contract", &domain.contract)?;
    if amount == 0 {
        return Err(input(
            "amount must be greater than zero (a voucher is a cumulative amount owed)",
        ));
    }
    let rkey = record_key(domain, channel_id);
    store.update_record(|record| {
        let highest = match record.get(&rkey) {
            Some(text) => Some(text.parse::<u128>().map_err(|_| {
                failed(format!(
                    "the voucher record holds '{text}' for channel {channel_id}: not an amount"
                ))
            })?),
            None => None,
        };
        match highest {
            Some(h) if amount < h && lower == Lower::Refuse => Err(failed(format!(
                "channel {channel_id}: {amount} is below the {h} already signed; vouchers are \
                 cumulative (the newest covers all calls so far), so sign at least {h} \
                 (or pass --allow-lower to sign it anyway)"
            ))),
            Some(h) if amount <= h => Ok(((), false)),
            _ => {
                record.insert(rkey.clone(), amount.to_string());
                Ok(((), true))
            }
        }
    })?;
    let voucher = key
        .try_sign(domain, channel_id, amount)
        .map_err(|e| failed(e.to_string()))?;
    serde_json::to_value(voucher.to_msg())
        .map_err(|e| failed(format!("cannot encode the voucher: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::Api;
    use std::path::PathBuf;

    const CONTRACT: &str = "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz";

    fn store(name: &str) -> Store {
        let dir: PathBuf =
            std::env::temp_dir().join(format!("modelfund-cli-vtest-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Store::new(dir)
    }

    #[test]
    fn the_voucher_json_is_what_claim_takes_and_verifies_as_the_contract_does() {
        let s = store("shape");
        let key = SessionKey::from_seed(b"user");
        let domain = Domain::new("injective-777", CONTRACT);
        let v = next_voucher(&s, &key, &domain, 7, 1_500, Lower::Refuse).unwrap();
        let obj = v.as_object().unwrap();
        let mut keys: Vec<_> = obj.keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["amount", "channel_id", "signature"]);
        assert_eq!(v["channel_id"], 7);
        assert_eq!(v["amount"], "1500");
        // it parses as the contract's Voucher (deny_unknown_fields) ...
        let msg: modelfund::channels::Voucher = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(msg.signature.len(), 64);
        // ... and its signature verifies as secp256k1_verify does on chain
        let ok = MockApi::default()
            .secp256k1_verify(
                &domain.digest(7, 1_500),
                msg.signature.as_slice(),
                &key.public_key(),
            )
            .unwrap();
        assert!(ok);
        // inside a claim
        let claim = modelfund::channels::ExecuteMsg::Claim {
            vouchers: vec![msg],
        };
        let text = serde_json::to_string(&claim).unwrap();
        assert!(text.starts_with("{\"claim\":{\"vouchers\":[{\"channel_id\":7,\"amount\":\"1500\""));
        std::fs::remove_dir_all(&s.dir).unwrap();
    }

    #[test]
    fn vouchers_only_go_up_per_channel_unless_allowed() {
        let s = store("monotonic");
        let key = SessionKey::from_seed(b"user");
        let domain = Domain::new("injective-777", CONTRACT);
        next_voucher(&s, &key, &domain, 1, 100, Lower::Refuse).unwrap();
        next_voucher(&s, &key, &domain, 1, 250, Lower::Refuse).unwrap();
        // lower: refused, and the record keeps 250
        let err = next_voucher(&s, &key, &domain, 1, 249, Lower::Refuse).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(
            err.to_string()
                .contains("249 is below the 250 already signed"),
            "{err}"
        );
        // the same amount again: the same voucher
        let a = next_voucher(&s, &key, &domain, 1, 250, Lower::Refuse).unwrap();
        let b = next_voucher(&s, &key, &domain, 1, 250, Lower::Refuse).unwrap();
        assert_eq!(a, b);
        // other channels, contracts and chains are separate records
        next_voucher(&s, &key, &domain, 2, 1, Lower::Refuse).unwrap();
        let other = Domain::new(
            "injective-777",
            "inj1qg5ega6dykkxc307y25pecuufrjkxkaggkkxh7",
        );
        next_voucher(&s, &key, &other, 1, 1, Lower::Refuse).unwrap();
        next_voucher(
            &s,
            &key,
            &Domain::new("injective-1", CONTRACT),
            1,
            1,
            Lower::Refuse,
        )
        .unwrap();
        // allowed lower: signed, record unchanged
        next_voucher(&s, &key, &domain, 1, 10, Lower::Allow).unwrap();
        let rec = s.load_record().unwrap();
        assert_eq!(rec[&record_key(&domain, 1)], "250");
        assert_eq!(rec[&record_key(&domain, 2)], "1");
        assert_eq!(rec.len(), 4);
        // it survives a restart: the record is a file
        let again = Store::new(s.dir.clone());
        assert!(next_voucher(&again, &key, &domain, 1, 200, Lower::Refuse).is_err());
        std::fs::remove_dir_all(&s.dir).unwrap();
    }

    #[test]
    fn bad_amounts_chain_ids_and_contracts_are_input_errors() {
        let s = store("bad");
        let key = SessionKey::from_seed(b"user");
        for bad in [
            "",
            "-1",
            "1.5",
            "1e3",
            "abc",
            "340282366920938463463374607431768211456",
        ] {
            assert_eq!(parse_amount(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
        assert_eq!(
            parse_amount("340282366920938463463374607431768211455").unwrap(),
            u128::MAX
        );
        let domain = Domain::new("injective-777", CONTRACT);
        let zero = next_voucher(&s, &key, &domain, 1, 0, Lower::Refuse).unwrap_err();
        assert_eq!(zero.exit_code(), 2);
        let no_chain = Domain::new("", CONTRACT);
        assert_eq!(
            next_voucher(&s, &key, &no_chain, 1, 5, Lower::Refuse)
                .unwrap_err()
                .exit_code(),
            2
        );
        let bad_contract = Domain::new("injective-777", "not-an-address");
        assert_eq!(
            next_voucher(&s, &key, &bad_contract, 1, 5, Lower::Refuse)
                .unwrap_err()
                .exit_code(),
            2
        );
        // nothing was recorded for refused inputs
        assert!(s.load_record().unwrap().is_empty());
    }

    /// Eight signers at once (as eight `modelfund voucher` processes would), each on its own
    /// channel: under the record's lock every channel's highest amount survives; without it a
    /// writer replaces the file with a record read before another's update.
    #[test]
    fn concurrent_signers_lose_no_record() {
        let store = std::sync::Arc::new(store("concurrent"));
        let key = std::sync::Arc::new(SessionKey::from_seed(b"concurrent"));
        let threads: Vec<_> = (1..=8u64)
            .map(|channel| {
                let (store, key) = (store.clone(), key.clone());
                std::thread::spawn(move || {
                    let domain = Domain::new("injective-777", CONTRACT);
                    for amount in 1..=25u128 {
                        next_voucher(&store, &key, &domain, channel, amount, Lower::Refuse)
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let record = store.load_record().unwrap();
        let domain = Domain::new("injective-777", CONTRACT);
        for channel in 1..=8 {
            assert_eq!(
                record
                    .get(&record_key(&domain, channel))
                    .map(String::as_str),
                Some("25")
            );
        }
    }
}
