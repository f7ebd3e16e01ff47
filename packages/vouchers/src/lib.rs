//! # modelfund-vouchers
//!
//! Client side of Modelfund payment channels: build the bytes a voucher signs, sign them with a
//! secp256k1 **session key**, and verify a voucher exactly as the channels contract does
//! (`secp256k1_verify` over `sha256(message)`, any `s` accepted after normalization). Used by
//! the contract tests, the integration tests, the gateway and the `modelfund` CLI. No contract
//! dependency: the message layout comes from the interface package
//! ([`modelfund::channels::voucher_message`]), so the contract and every client sign the same
//! bytes.
//!
//! ```
//! use modelfund_vouchers::{Domain, SessionKey};
//! let key = SessionKey::from_seed(b"example session key");
//! let domain = Domain::new("injective-777", "inj1channels");
//! let voucher = key.sign(&domain, 7, 1_500);
//! modelfund_vouchers::verify(&key.public_key(), &domain, 7, 1_500, &voucher.signature).unwrap();
//! ```

use cosmwasm_std::{Binary, Checksum, Uint128};
use k256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};
use thiserror::Error;

pub use modelfund::channels::{voucher_digest, voucher_message, SIGNATURE_LEN, VOUCHER_KEY_LEN};

#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum VoucherError {
    #[error("invalid secret key: {0}")]
    InvalidSecret(String),
    #[error("invalid public key: must be a 33-byte compressed secp256k1 key")]
    InvalidPublicKey,
    #[error("invalid signature: must be 64 bytes r || s")]
    InvalidSignatureFormat,
    #[error("the signature does not verify for this key, domain, channel and amount")]
    BadSignature,
    #[error("signing failed: {0}")]
    Signing(String),
}

/// Where a voucher is valid: one chain and one channels contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    pub chain_id: String,
    /// The channels contract's address (bech32 string).
    pub contract: String,
}

impl Domain {
    pub fn new(chain_id: impl Into<String>, contract: impl Into<String>) -> Self {
        Domain {
            chain_id: chain_id.into(),
            contract: contract.into(),
        }
    }

    /// The bytes a voucher for `channel_id` and cumulative `amount` signs.
    pub fn message(&self, channel_id: u64, amount: u128) -> Vec<u8> {
        voucher_message(
            &self.chain_id,
            &self.contract,
            channel_id,
            Uint128::new(amount),
        )
    }

    /// `sha256(message)`: the digest the session key signs.
    pub fn digest(&self, channel_id: u64, amount: u128) -> [u8; 32] {
        voucher_digest(
            &self.chain_id,
            &self.contract,
            channel_id,
            Uint128::new(amount),
        )
    }
}

/// A signed voucher, ready for a `claim`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedVoucher {
    pub channel_id: u64,
    /// Cumulative amount owed on the channel, in base units of its denom.
    pub amount: u128,
    /// `r || s`, low-s.
    pub signature: [u8; 64],
}

impl SignedVoucher {
    /// The voucher as the channels contract's `claim` takes it.
    pub fn to_msg(&self) -> modelfund::channels::Voucher {
        modelfund::channels::Voucher {
            channel_id: self.channel_id,
            amount: Uint128::new(self.amount),
            signature: self.signature.to_vec().into(),
        }
    }
}

/// The HTTP header a client sends with each paid gateway request (docs/gateway.md).
pub const VOUCHER_HEADER: &str = "x-modelfund-voucher";

/// Why a voucher header could not be read.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    #[error("the voucher header must be <channel_id>:<cumulative amount>:<signature in base64>")]
    Shape,
    #[error("the channel id in the voucher header is not a positive integer")]
    ChannelId,
    #[error("the amount in the voucher header is not a non-negative integer of base units")]
    Amount,
    #[error("the signature in the voucher header is not base64 of 64 bytes r || s")]
    Signature,
}

impl SignedVoucher {
    /// The voucher as the gateway's header value: `<channel_id>:<amount>:<base64 signature>`
    /// (decimal channel id and cumulative amount, standard base64 with padding).
    pub fn to_header(&self) -> String {
        format!(
            "{}:{}:{}",
            self.channel_id,
            self.amount,
            Binary::from(self.signature.to_vec()).to_base64()
        )
    }

    /// Parses a header value written by [`SignedVoucher::to_header`]. Only the shape is checked
    /// here; whether the signature verifies is [`verify`]'s job.
    pub fn from_header(value: &str) -> Result<Self, HeaderError> {
        let mut parts = value.trim().splitn(3, ':');
        let (Some(id), Some(amount), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(HeaderError::Shape);
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(id) {
            return Err(HeaderError::ChannelId);
        }
        let channel_id: u64 = id.parse().map_err(|_| HeaderError::ChannelId)?;
        if channel_id == 0 {
            return Err(HeaderError::ChannelId);
        }
        if !digits(amount) {
            return Err(HeaderError::Amount);
        }
        let amount: u128 = amount.parse().map_err(|_| HeaderError::Amount)?;
        let bytes = Binary::from_base64(sig).map_err(|_| HeaderError::Signature)?;
        let signature: [u8; 64] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| HeaderError::Signature)?;
        Ok(SignedVoucher {
            channel_id,
            amount,
            signature,
        })
    }
}

/// A secp256k1 session key: the client holds it, the channel records its public key at `open`.
#[derive(Clone)]
pub struct SessionKey(SigningKey);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never print the secret
        write!(f, "SessionKey({:02x?})", self.public_key())
    }
}

impl SessionKey {
    /// From a 32-byte secret scalar (non-zero, below the curve order).
    pub fn from_bytes(secret: &[u8; 32]) -> Result<Self, VoucherError> {
        SigningKey::from_slice(secret)
            .map(SessionKey)
            .map_err(|e| VoucherError::InvalidSecret(e.to_string()))
    }

    /// A deterministic key from any seed (the secret is `sha256(seed)`, re-hashed in the
    /// negligible case it is not a valid scalar). For tests and fixtures; real session keys
    /// come from a random secret ([`SessionKey::from_bytes`]).
    pub fn from_seed(seed: &[u8]) -> Self {
        let mut secret = Checksum::generate(seed);
        loop {
            let bytes: [u8; 32] = *secret.as_ref();
            if let Ok(key) = SessionKey::from_bytes(&bytes) {
                return key;
            }
            secret = Checksum::generate(&bytes);
        }
    }

    /// The 32-byte secret (to store in a key file).
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.0.to_bytes().into()
    }

    /// The 33-byte compressed public key: the channel's `voucher_key`.
    pub fn public_key(&self) -> [u8; 33] {
        let point = self.0.verifying_key().to_encoded_point(true);
        let mut out = [0u8; 33];
        out.copy_from_slice(point.as_bytes());
        out
    }

    /// Signs the digest of `message`-for-`(channel_id, amount)` in `domain` (RFC 6979, low-s).
    pub fn try_sign(
        &self,
        domain: &Domain,
        channel_id: u64,
        amount: u128,
    ) -> Result<SignedVoucher, VoucherError> {
        let digest = domain.digest(channel_id, amount);
        let signature: Signature = self
            .0
            .sign_prehash(&digest)
            .map_err(|e| VoucherError::Signing(e.to_string()))?;
        let signature = signature.normalize_s().unwrap_or(signature);
        let mut bytes = [0u8; 64];
        bytes.copy_from_slice(&signature.to_bytes());
        Ok(SignedVoucher {
            channel_id,
            amount,
            signature: bytes,
        })
    }

    /// [`SessionKey::try_sign`]; signing a 32-byte digest with a valid key cannot fail.
    pub fn sign(&self, domain: &Domain, channel_id: u64, amount: u128) -> SignedVoucher {
        match self.try_sign(domain, channel_id, amount) {
            Ok(v) => v,
            Err(e) => unreachable!("signing a digest with a valid key: {e}"),
        }
    }
}

/// Verifies a voucher as the channels contract does: `public_key` is the channel's 33-byte
/// `voucher_key`, `signature` 64 bytes `r || s` (a high `s` is normalized first, as
/// cosmwasm's `secp256k1_verify` does).
pub fn verify(
    public_key: &[u8],
    domain: &Domain,
    channel_id: u64,
    amount: u128,
    signature: &[u8],
) -> Result<(), VoucherError> {
    if public_key.len() != VOUCHER_KEY_LEN {
        return Err(VoucherError::InvalidPublicKey);
    }
    let key =
        VerifyingKey::from_sec1_bytes(public_key).map_err(|_| VoucherError::InvalidPublicKey)?;
    if signature.len() != SIGNATURE_LEN {
        return Err(VoucherError::InvalidSignatureFormat);
    }
    let signature =
        Signature::from_slice(signature).map_err(|_| VoucherError::InvalidSignatureFormat)?;
    let signature = signature.normalize_s().unwrap_or(signature);
    key.verify_prehash(&domain.digest(channel_id, amount), &signature)
        .map_err(|_| VoucherError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::Api;

    fn domain() -> Domain {
        Domain::new("injective-777", "inj1channelscontract")
    }

    #[test]
    fn a_signed_voucher_verifies_here_and_in_cosmwasm() {
        let key = SessionKey::from_seed(b"alice");
        let v = key.sign(&domain(), 3, 1_000);
        assert_eq!(v.signature.len(), 64);
        verify(&key.public_key(), &domain(), 3, 1_000, &v.signature).unwrap();
        // cosmwasm-crypto, as the contract calls it
        let ok = MockApi::default()
            .secp256k1_verify(&domain().digest(3, 1_000), &v.signature, &key.public_key())
            .unwrap();
        assert!(ok);
        // the msg shape
        let msg = v.to_msg();
        assert_eq!(msg.amount, Uint128::new(1_000));
        assert_eq!(msg.signature.as_slice(), &v.signature);
    }

    #[test]
    fn a_voucher_is_useless_on_another_channel_amount_contract_chain_or_key() {
        let key = SessionKey::from_seed(b"alice");
        let v = key.sign(&domain(), 3, 1_000);
        let pk = key.public_key();
        let bad = VoucherError::BadSignature;
        assert_eq!(
            verify(&pk, &domain(), 4, 1_000, &v.signature),
            Err(bad.clone())
        );
        assert_eq!(
            verify(&pk, &domain(), 3, 1_001, &v.signature),
            Err(bad.clone())
        );
        let other_contract = Domain::new("injective-777", "inj1other");
        assert_eq!(
            verify(&pk, &other_contract, 3, 1_000, &v.signature),
            Err(bad.clone())
        );
        let other_chain = Domain::new("injective-1", "inj1channelscontract");
        assert_eq!(
            verify(&pk, &other_chain, 3, 1_000, &v.signature),
            Err(bad.clone())
        );
        let mallory = SessionKey::from_seed(b"mallory").public_key();
        assert_eq!(
            verify(&mallory, &domain(), 3, 1_000, &v.signature),
            Err(bad)
        );
    }

    #[test]
    fn malformed_keys_and_signatures_are_typed_errors() {
        let key = SessionKey::from_seed(b"alice");
        let v = key.sign(&domain(), 3, 1_000);
        assert_eq!(
            verify(&key.public_key()[..32], &domain(), 3, 1_000, &v.signature),
            Err(VoucherError::InvalidPublicKey)
        );
        assert_eq!(
            verify(&key.public_key(), &domain(), 3, 1_000, &v.signature[..63]),
            Err(VoucherError::InvalidSignatureFormat)
        );
        assert!(matches!(
            SessionKey::from_bytes(&[0u8; 32]),
            Err(VoucherError::InvalidSecret(_))
        ));
    }

    #[test]
    fn a_voucher_round_trips_through_its_header_and_bad_headers_are_typed() {
        let key = SessionKey::from_seed(b"alice");
        let v = key.sign(&domain(), 3, 1_000);
        let header = v.to_header();
        assert!(header.starts_with("3:1000:"));
        assert_eq!(SignedVoucher::from_header(&header), Ok(v.clone()));
        let sig = Binary::from(v.signature.to_vec()).to_base64();
        let cases = [
            ("", HeaderError::Shape),
            ("3:1000", HeaderError::Shape),
            (&format!("0:1000:{sig}") as &str, HeaderError::ChannelId),
            (&format!("x:1000:{sig}"), HeaderError::ChannelId),
            (&format!("-3:1000:{sig}"), HeaderError::ChannelId),
            (&format!("3:1e3:{sig}"), HeaderError::Amount),
            (&format!("3::{sig}"), HeaderError::Amount),
            (&format!("3:{}0:{sig}", u128::MAX), HeaderError::Amount),
            ("3:1000:not base64!", HeaderError::Signature),
            ("3:1000:AAAA", HeaderError::Signature),
        ];
        for (value, err) in cases {
            assert_eq!(SignedVoucher::from_header(value), Err(err), "{value}");
        }
    }

    #[test]
    fn keys_round_trip_through_their_secret_and_signing_is_deterministic() {
        let key = SessionKey::from_seed(b"bob");
        let again = SessionKey::from_bytes(&key.secret_bytes()).unwrap();
        assert_eq!(key.public_key(), again.public_key());
        assert!(matches!(key.public_key()[0], 2 | 3));
        assert_eq!(key.sign(&domain(), 1, 5), again.sign(&domain(), 1, 5));
    }
}
