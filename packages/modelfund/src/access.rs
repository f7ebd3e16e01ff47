//! Access: pricing plans, usage credits, leases (license NFTs), inference gateways and metering.
//!
//! One access contract serves every model. A model is registered with the address of its shares
//! contract; from then on its DAO (whoever owns the model NFT in the registry right now) sets
//! pricing plans and approves inference gateways. Users buy credit packs or leases (a lease is a
//! transferable cw721 license NFT whose rights move with the token), grant gateways a cap of
//! calls, and approved gateways meter usage with `consume`.
//!
//! **Which rights a `consume` uses:** a lease when the gateway names it (`license_id`), credits
//! otherwise. Nothing is ever split between the two: the named license, or the credits, must
//! cover all `calls` of one request.
//!
//! **Sales follow the presale:** a model registered with its presale (the launchpad does so)
//! sells nothing until the presale has succeeded; a failed or cancelled presale closes it for
//! sales for good, so no payment can reach a shares contract that will never have holders.
//!
//! **Money:** every payment is forwarded in the same transaction to the model's shares contract
//! as `{"distribute":{}}` with the funds attached; the access contract never holds funds, and
//! every message other than `buy_credits` / `buy_lease` refuses funds.
//!
//! Standard cw721 messages and queries keep their cw721 JSON shapes, so wallets and marketplaces
//! see licenses as ordinary NFTs; `royalty_info` / `check_royalties` answer in cw2981 shapes.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Coin, Timestamp, Uint128};

use crate::nft::{cw721_execute_msg, cw721_query_msg};
pub use crate::nft::{
    CheckRoyaltiesResponse, ContractInfoResponse, Cw2981QueryMsg, Cw2981Response,
    RoyaltiesInfoResponse,
};

/// Most active (not retired) plans one model may have.
pub const MAX_PLANS: u32 = 20;
/// Most registrars (launchpads) the access admin may add.
pub const MAX_REGISTRARS: u32 = 10;
/// Longest `request_id` a gateway may send (same character set as ids: `[A-Za-z0-9._+-]`).
pub const MAX_REQUEST_ID_LEN: usize = 128;
/// Longest plan id.
pub const MAX_PLAN_ID_LEN: usize = 32;
/// Longest free-text `notes` of lease terms.
pub const MAX_TERMS_NOTES_LEN: usize = 512;
/// Most of a user's active leases listed in an `access` answer.
pub const MAX_ACCESS_LEASES: u32 = 10;
/// Most of an owner's licenses (all models) one `model_licenses` query reads.
pub const MODEL_LICENSES_SCAN: u32 = 100;
/// Most usages one `consume_batch` meters.
pub const MAX_CONSUME_BATCH: u32 = 100;
/// Length of a grant's `session_key`: a compressed secp256k1 public key.
pub const SESSION_KEY_LEN: usize = 33;

/// The storage layout other contracts read with raw queries (one cheap read instead of a smart
/// query). Published here so the reader and the access contract share one definition.
pub mod raw {
    use cosmwasm_std::{Addr, Empty};
    use cw_storage_plus::Map;

    /// `(model id, gateway) -> {}` for every gateway the model's DAO approved; absent when not
    /// approved (never approved, or revoked). The `channels` contract reads it at open, top-up,
    /// extend, early close and once per model in a claim.
    pub const GATEWAYS: Map<(&str, &Addr), Empty> = Map::new("mf_gateways");

    /// The raw storage key of `(model_id, gateway)` in [`GATEWAYS`], for `WasmQuery::Raw`.
    pub fn gateway_key(model_id: &str, gateway: &Addr) -> Vec<u8> {
        GATEWAYS.key((model_id, gateway)).to_vec()
    }
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// The model registry (cw721): its `owner_of {token_id: model_id}` names each model's DAO.
    pub registry: String,
    /// Access admin: manages registrars. Defaults to the sender.
    pub admin: Option<String>,
    /// Registrars allowed from the start (e.g. the launchpad; at most 10).
    pub registrars: Option<Vec<String>>,
    /// License collection name (cw721 `contract_info.name`).
    pub name: String,
    /// License collection symbol (cw721 `contract_info.symbol`).
    pub symbol: String,
}

/// What a lease allows besides calls; copied into the license at purchase, so later plan
/// changes never alter a bought license.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct LeaseTerms {
    /// Whether the output may be used commercially.
    pub commercial_use: bool,
    /// Whether the model must be credited.
    pub attribution_required: bool,
    /// Further terms in plain text (at most 512 characters).
    pub notes: Option<String>,
}

/// What one unit of a metered plan is.
#[cw_serde]
#[derive(Copy)]
pub enum MeteredUnit {
    /// One inference call.
    Call,
    /// 1,000 tokens (input and output together, as the gateway counts them).
    KiloTokens,
}

/// The kinds of plans.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum PlanKind {
    /// Credit packs: each pack bought adds `calls_per_pack` calls to the buyer's credits.
    /// Credits do not expire.
    Credits { calls_per_pack: u64 },
    /// A lease: a license NFT valid for `duration_seconds` from purchase, for at most `call_cap`
    /// calls, under `terms`.
    Lease {
        duration_seconds: u64,
        call_cap: u64,
        terms: LeaseTerms,
    },
    /// Metered usage paid through a payment channel (the `channels` contract): `price` is the
    /// price of one `unit`. Access never sells it (`buy_credits` / `buy_lease` refuse it with
    /// `MeteredPlan`); a channel opened on it copies price, unit and denom for its whole life.
    Metered { unit: MeteredUnit },
}

/// A plan as sent in `set_plan`.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct PlanMsg {
    /// Plan id, unique per model: 1 to 32 characters of `[A-Za-z0-9._+-]`.
    pub plan_id: String,
    /// Price of one pack (credits), of the lease, or of one unit (metered); non-zero.
    pub price: Coin,
    pub kind: PlanKind,
}

/// Optionally sent with a purchase: grant `gateway` a cap of `calls` in the same transaction.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct GrantMsg {
    /// The inference gateway.
    pub gateway: String,
    /// The cap; replaces any earlier grant of this user to this gateway for the model.
    pub calls: u64,
    /// The user's session key for this gateway (as in `grant`); absent: none.
    #[serde(default)]
    pub session_key: Option<Binary>,
}

/// One usage of a `consume_batch`: the fields of `consume` without the model.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct UsageMsg {
    /// Whose rights are used.
    pub user: String,
    /// Calls to meter (non-zero).
    pub calls: u64,
    /// The gateway's id of this request (1 to 128 characters of `[A-Za-z0-9._+-]`).
    pub request_id: String,
    /// The lease (license NFT id) to use; none: the user's credits.
    pub license_id: Option<String>,
}

cw721_execute_msg! {
#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Register a model, or update its shares contract and license royalty. Allowed to the
    /// model's DAO (current owner of the model NFT in the registry) or, for a model not
    /// registered yet, to a registrar (the launchpad). Re-registering by the DAO updates
    /// `shares` and `license_royalty_bps`; plans, gateways, bought rights and the recorded
    /// presale stay.
    RegisterModel {
        /// The model's token id in the registry.
        model_id: String,
        /// The model's shares contract: receives every payment and the license royalties.
        shares: String,
        /// Royalty on license resales, in basis points (cw2981 `royalty_info`).
        license_royalty_bps: u16,
        /// Plans set together with the registration (at most 20, distinct plan ids, each checked
        /// like `set_plan`). A registrar can set them only here, at the first registration; the
        /// DAO may also pass them when it re-registers (each then adds or changes a plan like
        /// `set_plan`). Absent in JSON: none.
        #[serde(default)]
        plans: Vec<PlanMsg>,
        /// The model's presale: its plans are not sellable until the presale has succeeded,
        /// and a failed or cancelled presale closes the model for sales. Absent: no presale
        /// (sales open at once). Only a registrar's first registration may set it; it can never
        /// be changed or removed afterwards, so the DAO must leave it absent (`PresaleFixed`
        /// otherwise) and its re-registration keeps the recorded one.
        #[serde(default)]
        presale: Option<String>,
    },
    /// Add a plan or change one (a retired plan id is revived). Model DAO only. Bought credits
    /// and licenses are untouched. At most 20 active plans per model.
    SetPlan { model_id: String, plan: PlanMsg },
    /// Retire a plan: it can no longer be bought; bought rights keep working. Model DAO only.
    RetirePlan { model_id: String, plan_id: String },
    /// Approve an inference gateway for the model. Model DAO only.
    ApproveGateway { model_id: String, gateway: String },
    /// Revoke an inference gateway: it can no longer consume. Model DAO only.
    RevokeGateway { model_id: String, gateway: String },
    /// Buy `packs` packs of a credits plan. Attach exactly `price × packs` as one coin of the
    /// plan's denom; it is forwarded to the model's shares contract. Only once sales are open:
    /// a model with a presale sells after the presale has succeeded (`SalesNotOpen` before,
    /// `SalesClosed` after a failure or cancellation).
    BuyCredits {
        /// The model (registry token id).
        model_id: String,
        /// A credits plan of the model.
        plan_id: String,
        /// How many packs (non-zero).
        packs: u32,
        /// Optionally grant a gateway in the same transaction.
        grant: Option<GrantMsg>,
    },
    /// Buy a lease: mints a license NFT to the sender. Attach exactly the plan's price; it is
    /// forwarded to the model's shares contract. Only once sales are open (as `buy_credits`).
    BuyLease {
        /// The model (registry token id).
        model_id: String,
        /// A lease plan of the model.
        plan_id: String,
        /// Optionally grant a gateway in the same transaction.
        grant: Option<GrantMsg>,
    },
    /// Allow `gateway` to consume up to `calls` of the sender's rights on the model (replaces
    /// any earlier grant to that gateway, its session key included). `calls` must be non-zero.
    Grant {
        /// The model (registry token id).
        model_id: String,
        /// The inference gateway's address.
        gateway: String,
        /// The cap of calls the gateway may consume for the sender.
        calls: u64,
        /// A 33-byte compressed secp256k1 public key whose signatures the gateway accepts as
        /// the sender's requests (`modelfund_vouchers::access_request_message`: chain id,
        /// access contract, gateway, model, user, nonce), so each call needs no wallet
        /// signature; the secret stays with the user's client. Absent: none (the gateway then
        /// cannot tell the user's calls from anyone's and serves none on this grant).
        #[serde(default)]
        session_key: Option<Binary>,
    },
    /// Remove the sender's grant to `gateway`.
    RevokeGrant { model_id: String, gateway: String },
    /// Meter `calls` calls of `user`. Approved gateways only; within the user's grant to the
    /// sender. Uses a lease when the gateway names it (`license_id`: owned by `user`, for this
    /// model, not expired, enough calls left), credits otherwise. Each `request_id` (1 to 128
    /// characters of `[A-Za-z0-9._+-]`) is accepted at most once per gateway.
    Consume {
        /// The model (registry token id).
        model_id: String,
        /// Whose rights are used.
        user: String,
        /// Calls to meter (non-zero).
        calls: u64,
        /// The gateway's id of this request; a replay is rejected.
        request_id: String,
        /// The lease (license NFT id) to use; none: the user's credits.
        license_id: Option<String>,
    },
    /// Meter many usages of one model in one transaction (at most 100), each checked exactly
    /// as `consume` (approved sender, the user's grant to it, the named lease or the credits;
    /// the usages apply in order, so two of one user draw on the same grant and rights). A
    /// usage whose `request_id` this gateway already recorded for the same user, calls and
    /// source is skipped (a re-sent batch after a crash is harmless; the `skipped` attribute
    /// counts them); any other bad usage, a `request_id` recorded for a different usage
    /// included, fails the whole batch and changes nothing.
    ConsumeBatch {
        /// The model (registry token id).
        model_id: String,
        /// The usages, in order (1 to 100).
        usages: Vec<UsageMsg>,
    },
}
cw721 {
    transfer_nft: "cw721: move a license to another account; its rights move with it.",
    send_nft: "cw721: move a license to a contract and call its `receive_nft` hook.",
    approve: "cw721: allow `spender` to transfer / send one license.",
    revoke: "cw721: remove an approval for one license.",
    approve_all: "cw721: allow `operator` to transfer / send all of the sender's licenses.",
}
then {
    /// Add a registrar (access admin only; at most 10).
    AddRegistrar { registrar: String },
    /// Remove a registrar (access admin only).
    RemoveRegistrar { registrar: String },
    /// Hand the access admin role to another address (access admin only).
    UpdateAdmin { admin: String },
}
}

impl crate::validate::TakesFunds for ExecuteMsg {
    /// Only the two purchases take coins (and forward all of them to the model's shares).
    fn takes_funds(&self) -> bool {
        match self {
            ExecuteMsg::BuyCredits { .. } | ExecuteMsg::BuyLease { .. } => true,
            ExecuteMsg::RegisterModel { .. }
            | ExecuteMsg::SetPlan { .. }
            | ExecuteMsg::RetirePlan { .. }
            | ExecuteMsg::ApproveGateway { .. }
            | ExecuteMsg::RevokeGateway { .. }
            | ExecuteMsg::Grant { .. }
            | ExecuteMsg::RevokeGrant { .. }
            | ExecuteMsg::Consume { .. }
            | ExecuteMsg::ConsumeBatch { .. }
            | ExecuteMsg::AddRegistrar { .. }
            | ExecuteMsg::RemoveRegistrar { .. }
            | ExecuteMsg::UpdateAdmin { .. } => false,
            #[allow(unused_parens)]
            crate::cw721_execute_variants!(ExecuteMsg) => false,
        }
    }
}

cw721_query_msg! {
#[cw_serde]
#[serde(deny_unknown_fields)]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// Registry, admin and license counters.
    #[returns(ConfigResponse)]
    Config {},
    /// Registrars, paginated.
    #[returns(RegistrarsResponse)]
    Registrars {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// May `user` call the model now: credits, usable leases (at most 10 listed, soonest
    /// expiry first), totals. Answered from an index of the leases with calls left, ordered by
    /// expiry, so expired and used-up licenses cost nothing however many the user holds.
    #[returns(AccessResponse)]
    Access { model_id: String, user: String },
    /// A registered model: shares contract, royalty, current DAO, presale and whether its plans
    /// can be bought, counters.
    #[returns(ModelResponse)]
    Model { model_id: String },
    /// A model's plans (active and retired), by plan id, paginated.
    #[returns(PlansResponse)]
    Plans {
        model_id: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One plan.
    #[returns(Plan)]
    Plan { model_id: String, plan_id: String },
    /// A model's approved gateways, paginated.
    #[returns(GatewaysResponse)]
    Gateways {
        model_id: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// A user's credits on a model.
    #[returns(CreditsResponse)]
    Credits { model_id: String, user: String },
    /// A user's grants to gateways on a model, paginated by gateway.
    #[returns(GrantsResponse)]
    Grants {
        model_id: String,
        user: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One grant of `user` to `gateway` on a model (calls left and session key), if any.
    #[returns(Option<GrantInfo>)]
    Grant {
        model_id: String,
        user: String,
        gateway: String,
    },
    /// A model's usage log, oldest first, paginated by sequence number (1-based).
    #[returns(UsageResponse)]
    Usage {
        model_id: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The usage entry a gateway recorded under `request_id`, if any (replay check).
    #[returns(Option<UsageRecord>)]
    Request { gateway: String, request_id: String },
    /// Licenses held by `owner` (all models), by token id, paginated.
    #[returns(LicensesResponse)]
    Licenses {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// One license with its owner.
    #[returns(LicenseResponse)]
    License { token_id: String },
    /// Licenses of one model held by `owner`, by token id, paginated. Reads at most 100 of the
    /// owner's licenses (all models) per query, so a page may be short or empty while more
    /// follow: continue from `next_start_after` until it is `null`.
    #[returns(ModelLicensesResponse)]
    ModelLicenses {
        model_id: String,
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// cw2981: the model's shares contract and the royalty on a license sale at `sale_price`.
    #[returns(RoyaltiesInfoResponse)]
    RoyaltyInfo {
        token_id: String,
        sale_price: Uint128,
    },
    /// cw2981: whether this contract implements royalties (always true).
    #[returns(CheckRoyaltiesResponse)]
    CheckRoyalties {},
}
cw721 {
    owner_of: "cw721: owner and approvals of a license.",
    approval: "cw721: one approval of a license.",
    approvals: "cw721: all approvals of a license.",
    num_tokens: "cw721: number of licenses.",
    nft_info: "cw721: the license as the extension (no token URI).",
    tokens: "cw721: licenses of an owner, paginated.",
    all_tokens: "cw721: all licenses, paginated.",
    extension: LicenseInfo,
}
then {}
}

#[cw_serde]
#[serde(deny_unknown_fields)]
pub enum MigrateMsg {
    /// Migrate from an older access version, keeping all state.
    Migrate {},
}

#[cw_serde]
pub struct ConfigResponse {
    pub registry: Addr,
    pub admin: Addr,
    /// Licenses ever minted (token ids are `1`, `2`, ...).
    pub licenses_issued: u64,
}

#[cw_serde]
pub struct RegistrarsResponse {
    pub registrars: Vec<Addr>,
}

/// A plan as stored.
#[cw_serde]
pub struct Plan {
    pub plan_id: String,
    pub price: Coin,
    pub kind: PlanKind,
    /// Retired plans cannot be bought.
    pub retired: bool,
    /// When the plan was last set or retired.
    pub updated_at: Timestamp,
}

#[cw_serde]
pub struct PlansResponse {
    pub plans: Vec<Plan>,
}

#[cw_serde]
pub struct ModelResponse {
    pub model_id: String,
    /// Receives every payment and the license royalties.
    pub shares: Addr,
    pub license_royalty_bps: u16,
    /// The model NFT's current owner in the registry; `None` when the registry does not know it.
    pub dao: Option<Addr>,
    pub registered_by: Addr,
    pub registered_at: Timestamp,
    /// The model's presale, when it was registered with one: its plans sell only after the
    /// presale has succeeded.
    pub presale: Option<Addr>,
    /// Whether the model's plans can be bought (see [`SalesStatus`]).
    pub sales: SalesStatus,
    /// Plans that are not retired.
    pub active_plans: u32,
    /// Entries in the usage log.
    pub usage_count: u64,
    /// Calls consumed over all time.
    pub calls_consumed: u64,
}

/// Whether a model's plans can be bought.
#[cw_serde]
#[derive(Copy)]
pub enum SalesStatus {
    /// Sales are open: the model has no presale, or its presale succeeded.
    Open,
    /// The model's presale has not succeeded yet (upcoming, open, or ended and waiting for
    /// `finalize`): purchases fail with `SalesNotOpen`.
    AwaitingPresale,
    /// The model's presale failed or was cancelled: purchases fail with `SalesClosed`, forever.
    Closed,
}

#[cw_serde]
pub struct GatewaysResponse {
    pub gateways: Vec<Addr>,
}

#[cw_serde]
pub struct CreditsResponse {
    pub credits: u64,
}

#[cw_serde]
pub struct GrantInfo {
    pub gateway: Addr,
    /// Calls the gateway may still consume for the user.
    pub calls: u64,
    /// The session key the user registered with the grant: the gateway verifies the user's
    /// signed requests with it. `None`: no key.
    #[serde(default)]
    pub session_key: Option<Binary>,
}

#[cw_serde]
pub struct GrantsResponse {
    pub grants: Vec<GrantInfo>,
}

/// The license NFT's content, answered as the cw721 `nft_info` extension.
#[cw_serde]
pub struct LicenseInfo {
    pub model_id: String,
    pub plan_id: String,
    /// What was paid.
    pub price: Coin,
    pub issued_at: Timestamp,
    /// The license is usable strictly before this time.
    pub expires_at: Timestamp,
    pub call_cap: u64,
    pub calls_left: u64,
    pub terms: LeaseTerms,
}

#[cw_serde]
pub struct LicenseResponse {
    pub token_id: String,
    pub owner: Addr,
    /// `true` once `expires_at` has passed.
    pub expired: bool,
    pub info: LicenseInfo,
}

#[cw_serde]
pub struct LicensesResponse {
    pub licenses: Vec<LicenseResponse>,
}

/// `model_licenses` answer.
#[cw_serde]
pub struct ModelLicensesResponse {
    /// The owner's licenses of the model on this page.
    pub licenses: Vec<LicenseResponse>,
    /// Where the next page starts (`start_after`); `null` once every license of the owner was
    /// read. Set whenever the page filled or the read limit was reached, even if nothing follows.
    pub next_start_after: Option<String>,
}

/// A usable lease in an `access` answer.
#[cw_serde]
pub struct LeaseSummary {
    pub token_id: String,
    pub plan_id: String,
    pub expires_at: Timestamp,
    pub calls_left: u64,
    pub terms: LeaseTerms,
}

#[cw_serde]
pub struct AccessResponse {
    pub model_id: String,
    pub user: Addr,
    /// `true` when the user has credits or a usable lease (not expired, calls left). Each
    /// gateway additionally needs the DAO's approval and the user's grant.
    pub allowed_now: bool,
    pub credits: u64,
    /// The user's usable leases for the model (not expired, calls left), soonest expiry first,
    /// at most 10.
    pub leases: Vec<LeaseSummary>,
    /// `true` when more usable leases exist than listed.
    pub more_leases: bool,
    /// Credits plus the calls left on the listed leases.
    pub calls_left: u64,
}

/// Where a consumption's calls came from.
#[cw_serde]
pub enum UsageSource {
    Credits,
    Lease { license_id: String },
}

/// One entry of a model's usage log.
#[cw_serde]
pub struct UsageRecord {
    pub model_id: String,
    /// 1-based position in the model's log.
    pub seq: u64,
    pub gateway: Addr,
    pub user: Addr,
    pub calls: u64,
    pub request_id: String,
    pub source: UsageSource,
    pub height: u64,
    pub time: Timestamp,
}

#[cw_serde]
pub struct UsageResponse {
    pub usage: Vec<UsageRecord>,
}
