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
//!
//! The same session keys sign **access requests** ([`AccessDomain`], [`SignedAccess`]): a user
//! who granted a gateway calls of its credits or a lease, with a `session_key` in the grant,
//! proves each request is theirs by signing a nonce; the gateway verifies it against the grant's
//! key and meters the call through access's `consume_batch` (docs/gateway.md).
//!
//! ```
//! use modelfund_vouchers::{Domain, SessionKey};
//! let key = SessionKey::from_seed(b"example session key");
//! let domain = Domain::new("injective-777", "inj1channels");
//! let voucher = key.sign(&domain, 7, 1_500);
//! modelfund_vouchers::verify(&key.public_key(), &domain, 7, 1_500, &voucher.signature).unwrap();
//! ```

use cosmwasm_std::{Binary, Checksum, Uint128};
use k256::ecdsa::signature::hazmat::PrehashSigner;
#[cfg(any(not(feature = "libsecp256k1"), test))]
use k256::ecdsa::signature::hazmat::PrehashVerifier;
#[cfg(any(not(feature = "libsecp256k1"), test))]
use k256::ecdsa::VerifyingKey;
use k256::ecdsa::{Signature, SigningKey};
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

/// The ASCII tag that starts every access-request message (27 bytes).
pub const ACCESS_REQUEST_TAG: &[u8] = b"modelfund/access/request/v1";

/// The HTTP header of a request paid from the user's credits or a lease (docs/gateway.md).
pub const ACCESS_HEADER: &str = "x-modelfund-access";

/// Where an access request is valid: one chain, one access contract, one gateway, one model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessDomain {
    pub chain_id: String,
    /// The access contract's address (bech32).
    pub access: String,
    /// The gateway's address (bech32): the grantee.
    pub gateway: String,
    pub model_id: String,
}

impl AccessDomain {
    pub fn new(
        chain_id: impl Into<String>,
        access: impl Into<String>,
        gateway: impl Into<String>,
        model_id: impl Into<String>,
    ) -> Self {
        AccessDomain {
            chain_id: chain_id.into(),
            access: access.into(),
            gateway: gateway.into(),
            model_id: model_id.into(),
        }
    }

    /// The exact bytes an access request signs (their sha256 is the signed digest):
    ///
    /// | bytes | content |
    /// |---|---|
    /// | 27 | [`ACCESS_REQUEST_TAG`], ASCII `modelfund/access/request/v1` |
    /// | 4 + n | chain id: length u32 big-endian, UTF-8 |
    /// | 4 + n | access contract address (bech32): length, UTF-8 |
    /// | 4 + n | gateway address (bech32): length, UTF-8 |
    /// | 4 + n | model id: length, UTF-8 |
    /// | 4 + n | user address (bech32): length, UTF-8 |
    /// | 4 + n | license id: length, UTF-8; empty (length 0) for the user's credits |
    /// | 8 | nonce, u64 big-endian |
    pub fn message(&self, user: &str, nonce: u64, license_id: Option<&str>) -> Vec<u8> {
        let fields = [
            self.chain_id.as_str(),
            &self.access,
            &self.gateway,
            &self.model_id,
            user,
            license_id.unwrap_or_default(),
        ];
        let size = fields.iter().map(|f| 4 + f.len()).sum::<usize>();
        let mut msg = Vec::with_capacity(ACCESS_REQUEST_TAG.len() + size + 8);
        msg.extend_from_slice(ACCESS_REQUEST_TAG);
        for field in fields {
            // lengths above u32::MAX cannot occur (ids and addresses are short); saturate anyway
            let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
            msg.extend_from_slice(&len.to_be_bytes());
            msg.extend_from_slice(field.as_bytes());
        }
        msg.extend_from_slice(&nonce.to_be_bytes());
        msg
    }

    /// `sha256(message)`: the digest the session key signs.
    pub fn digest(&self, user: &str, nonce: u64, license_id: Option<&str>) -> [u8; 32] {
        let checksum = Checksum::generate(&self.message(user, nonce, license_id));
        *checksum.as_ref()
    }
}

/// A signed access request: who, which nonce, which rights (a lease, or credits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedAccess {
    /// The user's address (bech32): whose grant, credits or lease pay.
    pub user: String,
    /// Strictly above the last nonce the gateway accepted from this user.
    pub nonce: u64,
    /// The lease to use; `None`: the user's credits.
    pub license_id: Option<String>,
    /// `r || s`, low-s, over [`AccessDomain::digest`].
    pub signature: [u8; 64],
}

/// Why an access header could not be read.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum AccessHeaderError {
    #[error("the access header must be <user>:<nonce>:<signature in base64>, or <user>:<nonce>:<license id>:<signature> for a lease")]
    Shape,
    #[error("the user in the access header is not an address")]
    User,
    #[error("the nonce in the access header is not a positive integer")]
    Nonce,
    #[error("the license id in the access header is not a token id")]
    License,
    #[error("the signature in the access header is not base64 of 64 bytes r || s")]
    Signature,
}

impl SignedAccess {
    /// The header value: `<user>:<nonce>:<base64 signature>` for credits,
    /// `<user>:<nonce>:<license id>:<base64 signature>` for a lease.
    pub fn to_header(&self) -> String {
        let sig = Binary::from(self.signature.to_vec()).to_base64();
        match &self.license_id {
            Some(license) => format!("{}:{}:{license}:{sig}", self.user, self.nonce),
            None => format!("{}:{}:{sig}", self.user, self.nonce),
        }
    }

    /// Parses a header value written by [`SignedAccess::to_header`]. Only the shape is checked;
    /// whether the signature verifies is [`verify_access`]'s job.
    pub fn from_header(value: &str) -> Result<Self, AccessHeaderError> {
        let parts: Vec<&str> = value.trim().split(':').collect();
        let (user, nonce, license, sig) = match parts.as_slice() {
            [user, nonce, sig] => (*user, *nonce, None, *sig),
            [user, nonce, license, sig] => (*user, *nonce, Some(*license), *sig),
            _ => return Err(AccessHeaderError::Shape),
        };
        let plain = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b))
        };
        if user.is_empty() || user.len() > 128 || !user.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(AccessHeaderError::User);
        }
        if nonce.is_empty() || !nonce.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AccessHeaderError::Nonce);
        }
        let nonce: u64 = nonce.parse().map_err(|_| AccessHeaderError::Nonce)?;
        if nonce == 0 {
            return Err(AccessHeaderError::Nonce);
        }
        if let Some(l) = license {
            if l.is_empty() || l.len() > 128 || !plain(l) {
                return Err(AccessHeaderError::License);
            }
        }
        let bytes = Binary::from_base64(sig).map_err(|_| AccessHeaderError::Signature)?;
        let signature: [u8; 64] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| AccessHeaderError::Signature)?;
        Ok(SignedAccess {
            user: user.to_string(),
            nonce,
            license_id: license.map(str::to_string),
            signature,
        })
    }
}

/// Verifies an access request: `public_key` is the grant's 33-byte `session_key`.
pub fn verify_access(
    public_key: &[u8],
    domain: &AccessDomain,
    request: &SignedAccess,
) -> Result<(), VoucherError> {
    let digest = domain.digest(&request.user, request.nonce, request.license_id.as_deref());
    verify_digest(public_key, &digest, &request.signature)
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

    /// Signs a 32-byte digest (RFC 6979, low-s): `r || s`.
    fn sign_digest(&self, digest: &[u8; 32]) -> Result<[u8; 64], VoucherError> {
        let signature: Signature = self
            .0
            .sign_prehash(digest)
            .map_err(|e| VoucherError::Signing(e.to_string()))?;
        let signature = signature.normalize_s().unwrap_or(signature);
        let mut bytes = [0u8; 64];
        bytes.copy_from_slice(&signature.to_bytes());
        Ok(bytes)
    }

    /// Signs the digest of `message`-for-`(channel_id, amount)` in `domain` (RFC 6979, low-s).
    pub fn try_sign(
        &self,
        domain: &Domain,
        channel_id: u64,
        amount: u128,
    ) -> Result<SignedVoucher, VoucherError> {
        let signature = self.sign_digest(&domain.digest(channel_id, amount))?;
        Ok(SignedVoucher {
            channel_id,
            amount,
            signature,
        })
    }

    /// Signs an access request of `user` with `nonce`, for a lease or (`None`) the credits.
    pub fn try_sign_access(
        &self,
        domain: &AccessDomain,
        user: &str,
        nonce: u64,
        license_id: Option<&str>,
    ) -> Result<SignedAccess, VoucherError> {
        let signature = self.sign_digest(&domain.digest(user, nonce, license_id))?;
        Ok(SignedAccess {
            user: user.to_string(),
            nonce,
            license_id: license_id.map(str::to_string),
            signature,
        })
    }

    /// [`SessionKey::try_sign_access`]; signing a digest with a valid key cannot fail.
    pub fn sign_access(
        &self,
        domain: &AccessDomain,
        user: &str,
        nonce: u64,
        license_id: Option<&str>,
    ) -> SignedAccess {
        match self.try_sign_access(domain, user, nonce, license_id) {
            Ok(v) => v,
            Err(e) => unreachable!("signing a digest with a valid key: {e}"),
        }
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
    verify_digest(public_key, &domain.digest(channel_id, amount), signature)
}

/// Verifies `signature` (64 bytes `r || s`, a high `s` normalized first) over `digest` with a
/// 33-byte compressed public key.
#[cfg(not(feature = "libsecp256k1"))]
fn verify_digest(
    public_key: &[u8],
    digest: &[u8; 32],
    signature: &[u8],
) -> Result<(), VoucherError> {
    verify_digest_k256(public_key, digest, signature)
}

/// [`verify_digest`] with libsecp256k1: the same checks in the same order.
#[cfg(feature = "libsecp256k1")]
fn verify_digest(
    public_key: &[u8],
    digest: &[u8; 32],
    signature: &[u8],
) -> Result<(), VoucherError> {
    use secp256k1::{ecdsa, Message, PublicKey, Secp256k1, VerifyOnly};
    // one context for the process (libsecp256k1's verification tables)
    static CONTEXT: std::sync::OnceLock<Secp256k1<VerifyOnly>> = std::sync::OnceLock::new();
    if public_key.len() != VOUCHER_KEY_LEN {
        return Err(VoucherError::InvalidPublicKey);
    }
    let key = PublicKey::from_slice(public_key).map_err(|_| VoucherError::InvalidPublicKey)?;
    if signature.len() != SIGNATURE_LEN {
        return Err(VoucherError::InvalidSignatureFormat);
    }
    let mut signature = ecdsa::Signature::from_compact(signature)
        .map_err(|_| VoucherError::InvalidSignatureFormat)?;
    // k256 refuses r or s = 0 when parsing; libsecp256k1 only when verifying
    let compact = signature.serialize_compact();
    if compact[..32] == [0; 32] || compact[32..] == [0; 32] {
        return Err(VoucherError::InvalidSignatureFormat);
    }
    signature.normalize_s();
    let message = Message::from_slice(digest).map_err(|_| VoucherError::BadSignature)?;
    CONTEXT
        .get_or_init(Secp256k1::verification_only)
        .verify_ecdsa(&message, &signature, &key)
        .map_err(|_| VoucherError::BadSignature)
}

/// The pure-Rust check, the reference of the libsecp256k1 one.
#[cfg(any(not(feature = "libsecp256k1"), test))]
fn verify_digest_k256(
    public_key: &[u8],
    digest: &[u8; 32],
    signature: &[u8],
) -> Result<(), VoucherError> {
    // compressed only, as the channels contract takes at `open` (k256 would also read the
    // x-only 0x05 form)
    if public_key.len() != VOUCHER_KEY_LEN || !matches!(public_key[0], 0x02 | 0x03) {
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
    key.verify_prehash(digest, &signature)
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

    fn access_domain() -> AccessDomain {
        AccessDomain::new("injective-777", "inj1access", "inj1gateway", "demo-llm")
    }

    #[test]
    fn the_access_request_message_has_the_documented_layout() {
        let msg = access_domain().message("inj1user", 258, Some("7"));
        let mut expected = b"modelfund/access/request/v1".to_vec();
        assert_eq!(expected.len(), 27);
        for field in [
            "injective-777",
            "inj1access",
            "inj1gateway",
            "demo-llm",
            "inj1user",
            "7",
        ] {
            expected.extend_from_slice(&(field.len() as u32).to_be_bytes());
            expected.extend_from_slice(field.as_bytes());
        }
        expected.extend_from_slice(&258u64.to_be_bytes());
        assert_eq!(msg, expected);
        // credits: an empty license id
        let credits = access_domain().message("inj1user", 258, None);
        assert_eq!(
            &credits[credits.len() - 12..],
            &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]
        );
        assert_eq!(
            access_domain().digest("inj1user", 258, None).to_vec(),
            Checksum::generate(&credits).as_slice().to_vec()
        );
    }

    #[test]
    fn an_access_request_verifies_only_for_its_key_domain_user_nonce_and_rights() {
        let key = SessionKey::from_seed(b"alice");
        let d = access_domain();
        let req = key.sign_access(&d, "inj1alice", 5, None);
        verify_access(&key.public_key(), &d, &req).unwrap();
        // cosmwasm-crypto agrees
        assert!(MockApi::default()
            .secp256k1_verify(
                &d.digest("inj1alice", 5, None),
                &req.signature,
                &key.public_key()
            )
            .unwrap());
        let bad = Err(VoucherError::BadSignature);
        let pk = key.public_key();
        let changed = |f: &dyn Fn(&mut SignedAccess)| {
            let mut r = req.clone();
            f(&mut r);
            r
        };
        assert_eq!(verify_access(&pk, &d, &changed(&|r| r.nonce = 6)), bad);
        assert_eq!(
            verify_access(&pk, &d, &changed(&|r| r.user = "inj1bob".into())),
            bad
        );
        assert_eq!(
            verify_access(&pk, &d, &changed(&|r| r.license_id = Some("1".into()))),
            bad
        );
        for other in [
            AccessDomain::new("injective-1", "inj1access", "inj1gateway", "demo-llm"),
            AccessDomain::new("injective-777", "inj1other", "inj1gateway", "demo-llm"),
            AccessDomain::new("injective-777", "inj1access", "inj1gateway2", "demo-llm"),
            AccessDomain::new("injective-777", "inj1access", "inj1gateway", "other"),
        ] {
            assert_eq!(verify_access(&pk, &other, &req), bad);
        }
        let mallory = SessionKey::from_seed(b"mallory").public_key();
        assert_eq!(verify_access(&mallory, &d, &req), bad);
        assert_eq!(
            verify_access(&pk[..32], &d, &req),
            Err(VoucherError::InvalidPublicKey)
        );
        // the length prefixes keep neighbouring fields apart
        assert_ne!(
            AccessDomain::new("c", "a", "g", "mx").digest("u", 1, None),
            AccessDomain::new("c", "a", "g", "m").digest("xu", 1, None)
        );
    }

    #[test]
    fn an_access_request_round_trips_through_its_header_and_bad_headers_are_typed() {
        let key = SessionKey::from_seed(b"alice");
        let credits = key.sign_access(&access_domain(), "inj1alice", 9, None);
        let header = credits.to_header();
        assert!(header.starts_with("inj1alice:9:"));
        assert_eq!(header.split(':').count(), 3);
        assert_eq!(SignedAccess::from_header(&header), Ok(credits.clone()));
        let lease = key.sign_access(&access_domain(), "inj1alice", 10, Some("42"));
        assert!(lease.to_header().starts_with("inj1alice:10:42:"));
        assert_eq!(SignedAccess::from_header(&lease.to_header()), Ok(lease));
        let sig = Binary::from(credits.signature.to_vec()).to_base64();
        let cases = [
            ("", AccessHeaderError::Shape),
            ("inj1alice:9", AccessHeaderError::Shape),
            (&format!("a:1:2:3:{sig}") as &str, AccessHeaderError::Shape),
            (&format!(":9:{sig}"), AccessHeaderError::User),
            (&format!("inj1 alice:9:{sig}"), AccessHeaderError::User),
            (&format!("inj1alice:0:{sig}"), AccessHeaderError::Nonce),
            (&format!("inj1alice:-1:{sig}"), AccessHeaderError::Nonce),
            (
                &format!("inj1alice:{}0:{sig}", u64::MAX),
                AccessHeaderError::Nonce,
            ),
            (&format!("inj1alice:9::{sig}"), AccessHeaderError::License),
            (
                &format!("inj1alice:9:a b:{sig}"),
                AccessHeaderError::License,
            ),
            ("inj1alice:9:AAAA", AccessHeaderError::Signature),
            ("inj1alice:9:not base64!", AccessHeaderError::Signature),
        ];
        for (value, err) in cases {
            assert_eq!(SignedAccess::from_header(value), Err(err), "{value}");
        }
    }

    /// The same header byte for byte as web/src/vouchers.ts writes (web/test/unit/access.test.ts
    /// pins the same string): RFC 6979 and low-s on both sides.
    #[test]
    fn the_ts_twin_signs_the_same_access_header() {
        let key = SessionKey::from_seed(b"alice");
        let header = key
            .sign_access(&access_domain(), "inj1alice", 7, None)
            .to_header();
        assert_eq!(
            header,
            "inj1alice:7:g1/1564ROaF76Tspn6SAGQqr4c/mGQjDY3Wnmkt1lv56Uw0PNGf9LBEsHp0m4M051bb4Pi8iYofdIFfRWcC7uw=="
        );
    }

    /// The libsecp256k1 check (the gateway's) answers exactly as the k256 one (the reference,
    /// which agrees with cosmwasm-crypto above) on valid, high-s, foreign, tampered and malformed
    /// input: a voucher the contract would pay is never refused, and none it would refuse is
    /// accepted.
    #[cfg(feature = "libsecp256k1")]
    #[test]
    fn libsecp256k1_answers_as_k256() {
        use k256::elliptic_curve::ops::Neg;
        let alice = SessionKey::from_seed(b"alice").public_key().to_vec();
        let bob = SessionKey::from_seed(b"bob").public_key().to_vec();
        let signer = SessionKey::from_seed(b"alice");
        let mut cases: Vec<(Vec<u8>, [u8; 32], Vec<u8>)> = vec![];
        for amount in 1..40u128 {
            let digest = domain().digest(3, amount);
            let sig = signer.sign(&domain(), 3, amount).signature.to_vec();
            let parsed = Signature::from_slice(&sig).unwrap();
            let high = Signature::from_scalars(parsed.r(), parsed.s().neg()).unwrap();
            let mut tampered = sig.clone();
            tampered[(amount as usize) % 64] ^= 1;
            let mut zero_r = sig.clone();
            zero_r[..32].fill(0);
            let mut zero_s = sig.clone();
            zero_s[32..].fill(0);
            let mut s_overflow = sig.clone();
            s_overflow[32..].fill(0xff);
            let mut bad_key = alice.clone();
            bad_key[0] = 0x05;
            for (key, signature) in [
                (alice.clone(), sig.clone()),
                (alice.clone(), high.to_bytes().to_vec()),
                (bob.clone(), sig.clone()),
                (alice.clone(), tampered),
                (alice.clone(), zero_r),
                (alice.clone(), zero_s),
                (alice.clone(), s_overflow),
                (alice.clone(), sig[..63].to_vec()),
                (bad_key, sig.clone()),
                (alice[..32].to_vec(), sig.clone()),
            ] {
                cases.push((key, digest, signature));
            }
            // the right signature over another amount
            cases.push((alice.clone(), domain().digest(3, amount + 1), sig));
        }
        let mut accepted = 0;
        for (key, digest, signature) in &cases {
            let reference = verify_digest_k256(key, digest, signature);
            assert_eq!(
                verify_digest(key, digest, signature),
                reference,
                "{key:02x?} {signature:02x?}"
            );
            accepted += usize::from(reference.is_ok());
        }
        // the low-s and high-s signatures of each amount, nothing else
        assert_eq!(accepted, 2 * 39);
    }
}
