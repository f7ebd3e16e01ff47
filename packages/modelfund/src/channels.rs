//! Channels: payment channels for metered model calls.
//!
//! A user opens a channel on a model's **metered plan** (set by the model's DAO in access) for
//! one gateway the DAO approved, with a deposit in the plan's denom and a **voucher key**: a
//! secp256k1 session key the client holds, so the wallet signs only `open`. For every call the
//! client signs a **voucher**: the cumulative amount it owes on the channel. The gateway keeps
//! the latest voucher and settles any number of channels in one `claim`; each pays
//! `amount − claimed` to the model's shares contract as `distribute {}` (contributor splits
//! first, then holders) in the same transaction. After `expires_at` plus the grace period the
//! user's `close` returns what was never claimed.
//!
//! **The boundary.** With `deadline = expires_at + grace_period_seconds`: a claim is accepted
//! while `block time < deadline`; a close is accepted when `block time >= deadline` (or earlier
//! when the DAO revoked the channel's gateway). At every instant exactly one of the two applies.
//!
//! **Terms are copied at open** (plan price per unit, unit, denom, the model's shares contract),
//! as a lease copies its terms: a plan retired or re-priced later changes no open channel, but
//! the user can then neither top it up nor extend it (`PlanRetired` / `PlanChanged`), so a new
//! price applies to each channel at its expiry at the latest.
//!
//! **Vouchers** ([`voucher_message`]): the signed digest is `sha256(message)` where `message`
//! binds the chain id, this contract's address, the channel id and the cumulative amount, so a
//! voucher is useless on any other channel, contract or chain. See docs/channels.md.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Checksum, Coin, Timestamp, Uint128};

use crate::access::MeteredUnit;

/// Shortest grace period accepted at instantiate: 1 second (production deployments should give
/// gateways hours; test networks use seconds).
pub const MIN_GRACE_SECONDS: u64 = 1;
/// Longest grace period accepted at instantiate: 30 days.
pub const MAX_GRACE_SECONDS: u64 = 30 * 86_400;
/// Largest `max_claims_per_tx` accepted at instantiate.
pub const MAX_CLAIMS_PER_TX_LIMIT: u32 = 200;
/// Longest a channel may run: `expires_at` at most this many seconds after the block of `open`
/// or `extend`.
pub const MAX_CHANNEL_SECONDS: u64 = 366 * 86_400;
/// Length of a compressed secp256k1 public key (`voucher_key`).
pub const VOUCHER_KEY_LEN: usize = 33;
/// Length of a voucher signature: `r || s`, 32 bytes each.
pub const SIGNATURE_LEN: usize = 64;

/// The first bytes of every voucher message (ASCII, no terminator): the domain and the layout
/// version. A signature over anything else (a transaction, another protocol's message) never
/// verifies as a voucher.
pub const VOUCHER_TAG: &[u8] = b"modelfund/channels/voucher/v1";

/// The exact bytes a voucher signs (their sha256 is the signed digest):
///
/// | bytes | content |
/// |---|---|
/// | 29 | `VOUCHER_TAG`, ASCII `modelfund/channels/voucher/v1` |
/// | 4 | length of the chain id, u32 big-endian |
/// | n | chain id, UTF-8 (e.g. `injective-777`) |
/// | 4 | length of the contract address, u32 big-endian |
/// | m | the channels contract's address as its bech32 string, UTF-8 |
/// | 8 | channel id, u64 big-endian |
/// | 16 | cumulative amount in the channel's denom (base units), u128 big-endian |
pub fn voucher_message(
    chain_id: &str,
    contract: &str,
    channel_id: u64,
    amount: Uint128,
) -> Vec<u8> {
    let mut msg = Vec::with_capacity(VOUCHER_TAG.len() + 8 + chain_id.len() + contract.len() + 24);
    msg.extend_from_slice(VOUCHER_TAG);
    // lengths above u32::MAX cannot occur (chain ids and addresses are short); saturate anyway
    let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX).to_be_bytes();
    msg.extend_from_slice(&len(chain_id));
    msg.extend_from_slice(chain_id.as_bytes());
    msg.extend_from_slice(&len(contract));
    msg.extend_from_slice(contract.as_bytes());
    msg.extend_from_slice(&channel_id.to_be_bytes());
    msg.extend_from_slice(&amount.u128().to_be_bytes());
    msg
}

/// The 32-byte digest a voucher key signs: `sha256(voucher_message(..))`.
pub fn voucher_digest(
    chain_id: &str,
    contract: &str,
    channel_id: u64,
    amount: Uint128,
) -> [u8; 32] {
    let checksum = Checksum::generate(&voucher_message(chain_id, contract, channel_id, amount));
    let mut digest = [0u8; 32];
    digest.copy_from_slice(checksum.as_slice());
    digest
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// The access contract: models, metered plans and gateway approvals are read from it.
    pub access: String,
    /// After `expires_at`, how long the gateway may still claim before the user may close
    /// (1 second to 30 days).
    pub grace_period_seconds: u64,
    /// Most vouchers one `claim` may carry (1 to 200).
    pub max_claims_per_tx: u32,
}

/// One voucher in a `claim`: the user's signature over the cumulative amount of a channel.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Voucher {
    pub channel_id: u64,
    /// Cumulative amount owed on the channel (base units of its denom), at most its deposit.
    pub amount: Uint128,
    /// 64-byte secp256k1 signature `r || s` by the channel's `voucher_key` over
    /// `sha256(voucher_message(chain id, this contract, channel_id, amount))`.
    pub signature: Binary,
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Open a channel on a metered plan for one gateway. Attach the deposit: one non-zero coin
    /// in the plan's denom. The model's sales must be open (its presale succeeded), the plan
    /// active and metered, the gateway approved for the model. The sender is the channel's user.
    Open {
        /// The model (registry token id).
        model_id: String,
        /// A metered plan of the model; its price, unit and denom are copied into the channel.
        plan_id: String,
        /// The gateway that may claim from this channel.
        gateway: String,
        /// The session key that signs vouchers: a 33-byte compressed secp256k1 public key.
        voucher_key: Binary,
        /// The channel runs until this time (later than now, at most 366 days ahead).
        expires_at: Timestamp,
    },
    /// Add the attached coin (the channel's denom, non-zero) to the deposit. The channel's user
    /// only, before `expires_at`, while the plan stands as copied and the gateway is approved.
    TopUp { channel_id: u64 },
    /// Move `expires_at` later (at most 366 days ahead). The channel's user only, while the
    /// channel is not closed, the plan stands as copied and the gateway is approved.
    Extend {
        channel_id: u64,
        expires_at: Timestamp,
    },
    /// Return `deposit − claimed` to the user and close the channel. The channel's user only,
    /// from `expires_at + grace_period_seconds` on, or at any time once the channel's gateway is
    /// no longer approved for the model.
    Close { channel_id: u64 },
    /// Settle vouchers of the sender's channels (1 to `max_claims_per_tx`): each pays
    /// `amount − claimed` to its model's shares contract, one `distribute {}` per shares
    /// contract. A voucher at or below what was already claimed pays nothing and is no error.
    Claim { vouchers: Vec<Voucher> },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Access contract, grace period, claim limit, channels opened.
    #[returns(ConfigResponse)]
    Config {},
    /// One channel.
    #[returns(ChannelResponse)]
    Channel { channel_id: u64 },
    /// A user's channels by id, paginated.
    #[returns(ChannelsResponse)]
    ChannelsByUser {
        user: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A gateway's channels by id, paginated.
    #[returns(ChannelsResponse)]
    ChannelsByGateway {
        gateway: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The bytes a voucher for `channel_id` and `amount` signs on this chain and contract, and
    /// their sha256 (a cross-check for client libraries).
    #[returns(VoucherMessageResponse)]
    VoucherMessage { channel_id: u64, amount: Uint128 },
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older channels version, keeping all state.
    Migrate {},
}

#[cw_serde]
pub struct ConfigResponse {
    pub access: Addr,
    pub grace_period_seconds: u64,
    pub max_claims_per_tx: u32,
    /// Channels ever opened (ids are `1`, `2`, ...).
    pub channels_opened: u64,
}

/// The terms a channel copied from its plan and model at open.
#[cw_serde]
pub struct ChannelTerms {
    /// Price of one unit; its denom is the channel's denom.
    pub price: Coin,
    pub unit: MeteredUnit,
    /// The model's shares contract: every claim pays it (`distribute {}`).
    pub shares: Addr,
}

/// Where a channel stands at the queried block.
#[cw_serde]
#[derive(Copy)]
pub enum ChannelStatus {
    /// Before `expires_at`: vouchers are signed and claimed, top-ups accepted.
    Open,
    /// From `expires_at` to the claim deadline: the gateway may still claim.
    Grace,
    /// From the claim deadline on: only the user's `close` remains.
    Closable,
    /// Closed: the rest went back to the user.
    Closed,
}

#[cw_serde]
pub struct ChannelResponse {
    pub channel_id: u64,
    pub user: Addr,
    pub gateway: Addr,
    pub model_id: String,
    pub plan_id: String,
    /// The 33-byte compressed secp256k1 key that signs vouchers.
    pub voucher_key: Binary,
    pub terms: ChannelTerms,
    /// Everything the user put in (open plus top-ups).
    pub deposit: Uint128,
    /// The highest voucher amount claimed so far (all of it paid to the shares contract).
    pub claimed: Uint128,
    pub opened_at: Timestamp,
    pub expires_at: Timestamp,
    /// Claims are accepted strictly before this time, closes from it on.
    pub claim_deadline: Timestamp,
    pub status: ChannelStatus,
    pub closed_at: Option<Timestamp>,
    /// What `close` returned to the user (`deposit − claimed`); zero while open.
    pub refunded: Uint128,
}

#[cw_serde]
pub struct ChannelsResponse {
    pub channels: Vec<ChannelResponse>,
}

#[cw_serde]
pub struct VoucherMessageResponse {
    /// [`voucher_message`] for this chain id and contract.
    pub message: Binary,
    /// Its sha256: what the voucher key signs.
    pub digest: Binary,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_voucher_message_has_the_documented_layout() {
        let msg = voucher_message("injective-777", "inj1contract", 7, Uint128::new(258));
        let mut expected = b"modelfund/channels/voucher/v1".to_vec();
        assert_eq!(expected.len(), 29);
        expected.extend_from_slice(&[0, 0, 0, 13]);
        expected.extend_from_slice(b"injective-777");
        expected.extend_from_slice(&[0, 0, 0, 12]);
        expected.extend_from_slice(b"inj1contract");
        expected.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 7]);
        let mut amount = [0u8; 16];
        amount[14] = 1;
        amount[15] = 2;
        expected.extend_from_slice(&amount);
        assert_eq!(msg, expected);
        assert_eq!(
            voucher_digest("injective-777", "inj1contract", 7, Uint128::new(258)).to_vec(),
            Checksum::generate(&expected).as_slice().to_vec()
        );
    }

    #[test]
    fn every_field_of_the_domain_changes_the_digest() {
        let base = voucher_digest("c", "a", 1, Uint128::new(5));
        assert_ne!(base, voucher_digest("d", "a", 1, Uint128::new(5)));
        assert_ne!(base, voucher_digest("c", "b", 1, Uint128::new(5)));
        assert_ne!(base, voucher_digest("c", "a", 2, Uint128::new(5)));
        assert_ne!(base, voucher_digest("c", "a", 1, Uint128::new(6)));
        // the length prefixes keep the chain id and the address apart
        assert_ne!(
            voucher_digest("ab", "c", 1, Uint128::new(5)),
            voucher_digest("a", "bc", 1, Uint128::new(5))
        );
    }
}
