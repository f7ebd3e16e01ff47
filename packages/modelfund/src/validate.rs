//! Input rules shared by every contract: attached funds, content hashes, storage URIs,
//! identifiers, texts and basis points. Each check returns a typed [`ValidationError`] that contracts wrap in their own
//! `ContractError`, so a bad input is rejected before anything is written.

use cosmwasm_std::MessageInfo;
use cw_utils::PaymentError;
use thiserror::Error;

/// An execute message that says whether it takes coins. Every match is exhaustive, so a new
/// message must decide.
pub trait TakesFunds {
    /// `true` when the message's handler takes (and checks) attached coins.
    fn takes_funds(&self) -> bool;
}

/// The one place attached coins are refused: every contract's `execute` calls it before it
/// dispatches, so a handler of a message that takes no coins never sees any. A message that
/// takes coins checks the exact amount in its handler.
pub fn refuse_funds<M: TakesFunds>(msg: &M, info: &MessageInfo) -> Result<(), PaymentError> {
    if msg.takes_funds() {
        return Ok(());
    }
    no_funds(info)
}

/// Refuses any attached coin: `instantiate`, and a paying message when no payment is due (a
/// DAO without a deposit, a launchpad without a fee).
pub fn no_funds(info: &MessageInfo) -> Result<(), PaymentError> {
    cw_utils::nonpayable(info).map(|_| ())
}

/// URI schemes accepted for model weights, licenses and metadata: content-addressed storage
/// (IPFS, IPNS, Arweave, Filecoin) and HTTPS. Plain `http://` is refused on purpose.
pub const ALLOWED_URI_SCHEMES: &[&str] = &["ipfs", "ipns", "ar", "fil", "https"];
/// Longest storage URI accepted.
pub const MAX_URI_LEN: usize = 512;
/// Longest token / model id accepted.
pub const MAX_ID_LEN: usize = 64;
/// Longest version label accepted (e.g. `v1.2.0-rc1`).
pub const MAX_LABEL_LEN: usize = 32;
/// One hundred percent in basis points.
pub const BPS_DENOMINATOR: u16 = 10_000;

#[derive(Error, Debug, PartialEq, Eq)]
pub enum ValidationError {
    #[error("content hash must be a sha256 digest: 64 hex characters (got {len} characters)")]
    InvalidContentHash { len: usize },

    #[error("invalid {field} URI: {reason}")]
    InvalidUri { field: String, reason: String },

    #[error("invalid {field}: {reason}")]
    InvalidText { field: String, reason: String },

    #[error("basis points {value} exceed 10000 (100 %)")]
    BpsOverMax { value: u64 },
}

/// A model version entry, as the registry's minter or a DAO vote publishes it: its label, the
/// sha256 of its artifact, the artifact's storage URI and optional notes. Answers the content
/// hash lower-cased.
pub fn version_entry(
    version: &str,
    content_hash: &str,
    uri: &str,
    notes: Option<&str>,
) -> Result<String, ValidationError> {
    identifier("version", version, MAX_LABEL_LEN)?;
    let hash = self::content_hash(content_hash)?;
    storage_uri("storage", uri)?;
    if let Some(notes) = notes {
        text("notes", notes, crate::registry::MAX_NOTES_LEN, false)?;
    }
    Ok(hash)
}

/// A sha256 digest as 64 hex characters; returned lower-cased so equal hashes compare equal.
pub fn content_hash(hash: &str) -> Result<String, ValidationError> {
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ValidationError::InvalidContentHash {
            len: hash.chars().count(),
        });
    }
    Ok(hash.to_ascii_lowercase())
}

/// A storage URI with an allowed scheme (`ipfs://`, `ipns://`, `ar://`, `fil://`, `https://`),
/// a non-empty location, no whitespace or control characters, at most [`MAX_URI_LEN`] bytes.
pub fn storage_uri(field: &str, uri: &str) -> Result<(), ValidationError> {
    let fail = |reason: &str| ValidationError::InvalidUri {
        field: field.to_string(),
        reason: reason.to_string(),
    };
    if uri.len() > MAX_URI_LEN {
        return Err(fail("longer than 512 bytes"));
    }
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(fail("contains whitespace or control characters"));
    }
    let Some((scheme, rest)) = uri.split_once("://") else {
        return Err(fail(
            "missing scheme (expected ipfs://, ipns://, ar://, fil:// or https://)",
        ));
    };
    if !ALLOWED_URI_SCHEMES.contains(&scheme) {
        return Err(fail(
            "scheme not allowed (expected ipfs://, ipns://, ar://, fil:// or https://)",
        ));
    }
    if rest.is_empty() || rest.starts_with('/') {
        return Err(fail("empty location after the scheme"));
    }
    Ok(())
}

/// An identifier such as a token id: 1..=`max` characters of `[A-Za-z0-9._+-]`.
pub fn identifier(field: &str, id: &str, max: usize) -> Result<(), ValidationError> {
    let fail = |reason: String| ValidationError::InvalidText {
        field: field.to_string(),
        reason,
    };
    if id.is_empty() || id.len() > max {
        return Err(fail(format!("must be 1 to {max} characters")));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
    {
        return Err(fail("only letters, digits and . _ - + are allowed".into()));
    }
    Ok(())
}

/// Free text (names, descriptions, notes): at most `max` characters, no control characters other
/// than newlines; `required` texts must not be blank.
pub fn text(field: &str, value: &str, max: usize, required: bool) -> Result<(), ValidationError> {
    let fail = |reason: String| ValidationError::InvalidText {
        field: field.to_string(),
        reason,
    };
    if required && value.trim().is_empty() {
        return Err(fail("must not be empty".into()));
    }
    if value.chars().count() > max {
        return Err(fail(format!("longer than {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(fail("contains control characters".into()));
    }
    Ok(())
}

/// A native denom, without assuming any chain's naming: 3–128 characters, starting with a
/// letter, then letters, digits and `/ : . _ -` (covers `inj`, `untrn`, `ibc/…`, `factory/…`).
pub fn denom(value: &str) -> Result<(), ValidationError> {
    let ok_len = (3..=128).contains(&value.len());
    let ok_first = value.starts_with(|c: char| c.is_ascii_alphabetic());
    let ok_chars = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b':' | b'.' | b'_' | b'-'));
    if ok_len && ok_first && ok_chars {
        Ok(())
    } else {
        Err(ValidationError::InvalidText {
            field: "denom".into(),
            reason: format!("{value:?} is not a native denom"),
        })
    }
}

/// A share in basis points, at most 10,000 (100 %).
pub fn bps(value: u64) -> Result<u16, ValidationError> {
    if value > u64::from(BPS_DENOMINATOR) {
        return Err(ValidationError::BpsOverMax { value });
    }
    // Cannot fail after the check above; keep the conversion checked anyway.
    u16::try_from(value).map_err(|_| ValidationError::BpsOverMax { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn content_hash_accepts_sha256_and_lowercases() {
        assert_eq!(content_hash(HASH).unwrap(), HASH);
        assert_eq!(content_hash(&HASH.to_uppercase()).unwrap(), HASH);
    }

    #[test]
    fn content_hash_rejects_bad_input() {
        assert_eq!(
            content_hash(&HASH[..63]),
            Err(ValidationError::InvalidContentHash { len: 63 })
        );
        let not_hex = format!("{}g", &HASH[..63]);
        assert!(content_hash(&not_hex).is_err());
        assert!(content_hash("").is_err());
        // 64 bytes but multi-byte characters must not slip through
        let unicode = "é".repeat(32);
        assert!(content_hash(&unicode).is_err());
    }

    #[test]
    fn storage_uri_rules() {
        for ok in [
            "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
            "ar://abc",
            "https://models.example.com/weights.safetensors",
            "fil://bafk2bz",
            "ipns://k51qzi5uqu5d",
        ] {
            assert_eq!(storage_uri("storage", ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://insecure.example.com/w",
            "ipfs:/missing-slash",
            "ipfs://",
            "ipfs:///x",
            "ftp://x",
            "ipfs://has space",
            "noscheme",
            "",
        ] {
            assert!(storage_uri("storage", bad).is_err(), "{bad}");
        }
        let long = format!("ipfs://{}", "a".repeat(MAX_URI_LEN));
        assert!(storage_uri("storage", &long).is_err());
    }

    #[test]
    fn identifier_rules() {
        assert!(identifier("token_id", "llama-3.1_8b+q4", MAX_ID_LEN).is_ok());
        assert!(identifier("token_id", "", MAX_ID_LEN).is_err());
        assert!(identifier("token_id", "a b", MAX_ID_LEN).is_err());
        assert!(identifier("token_id", "a/b", MAX_ID_LEN).is_err());
        assert!(identifier("token_id", &"a".repeat(65), MAX_ID_LEN).is_err());
    }

    #[test]
    fn denom_rules() {
        for ok in [
            "inj",
            "untrn",
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
            "factory/inj1abc/share",
        ] {
            assert!(denom(ok).is_ok(), "{ok}");
        }
        for bad in ["", "ab", "u inj", "1inj", "/ibc", &"a".repeat(129)] {
            assert!(denom(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_and_bps_rules() {
        assert!(text("name", "GPT-tiny", 10, true).is_ok());
        assert!(text("name", "   ", 10, true).is_err());
        assert!(text("notes", "", 10, false).is_ok());
        assert!(text("notes", "line\nline", 20, false).is_ok());
        assert!(text("notes", "bell\u{7}", 20, false).is_err());
        assert!(text("name", "elevenchars", 10, true).is_err());
        assert_eq!(bps(10_000), Ok(10_000));
        assert_eq!(
            bps(10_001),
            Err(ValidationError::BpsOverMax { value: 10_001 })
        );
    }
}

#[cfg(test)]
mod funds_tests {
    use cosmwasm_std::testing::message_info;
    use cosmwasm_std::{coins, Addr};
    use cw_utils::PaymentError;

    use super::{no_funds, refuse_funds, TakesFunds};

    struct Msg(bool);
    impl TakesFunds for Msg {
        fn takes_funds(&self) -> bool {
            self.0
        }
    }

    #[test]
    fn only_a_message_that_takes_funds_may_carry_coins() {
        let sender = Addr::unchecked("sender");
        let paid = message_info(&sender, &coins(5, "inj"));
        let unpaid = message_info(&sender, &[]);
        assert_eq!(refuse_funds(&Msg(true), &paid), Ok(()));
        assert_eq!(refuse_funds(&Msg(true), &unpaid), Ok(()));
        assert_eq!(refuse_funds(&Msg(false), &unpaid), Ok(()));
        assert_eq!(
            refuse_funds(&Msg(false), &paid),
            Err(PaymentError::NonPayable {})
        );
        assert_eq!(no_funds(&paid), Err(PaymentError::NonPayable {}));
        assert_eq!(no_funds(&unpaid), Ok(()));
    }

    #[test]
    fn each_contract_names_its_paying_messages() {
        use crate::{access, governance, launchpad, presale, shares};
        assert!(presale::ExecuteMsg::Contribute {
            proof: None,
            cap: None
        }
        .takes_funds());
        assert!(!presale::ExecuteMsg::Claim {}.takes_funds());
        assert!(shares::ExecuteMsg::Distribute {}.takes_funds());
        assert!(!shares::ExecuteMsg::ClaimRevenue {}.takes_funds());
        assert!(!governance::ExecuteMsg::CheckDeposits {}.takes_funds());
        assert!(!launchpad::ExecuteMsg::ReleaseModelId {
            model_id: "m".into()
        }
        .takes_funds());
        assert!(!access::ExecuteMsg::RevokeAll {
            operator: "o".into()
        }
        .takes_funds());
    }
}
