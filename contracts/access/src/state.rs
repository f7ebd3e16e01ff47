use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Empty, Env, Order, StdResult, Storage, Timestamp};
use cw_storage_plus::{Item, Map};
use modelfund::access::{LicenseInfo, Plan, UsageSource};

use crate::error::ContractError;

/// Contract-wide settings (cw721 keeps license ownership and approvals under its own keys).
#[cw_serde]
pub struct Config {
    /// The model registry: `owner_of {token_id: model_id}` names a model's DAO.
    pub registry: Addr,
    /// Manages registrars.
    pub admin: Addr,
}

/// A registered model.
#[cw_serde]
pub struct ModelRecord {
    pub shares: Addr,
    pub license_royalty_bps: u16,
    pub registered_by: Addr,
    pub registered_at: Timestamp,
    pub active_plans: u32,
    pub usage_count: u64,
    pub calls_consumed: u64,
    /// The model's presale, set only by a registrar's first registration; never changed.
    /// Absent in records written before presales were recorded: no presale.
    #[serde(default)]
    pub presale: Option<Addr>,
    /// `true` once purchases are allowed: from the start without a presale, else recorded by the
    /// first purchase after the presale succeeded (so later purchases skip the query). Records
    /// written before presales were recorded sold at once: `true`.
    #[serde(default = "sales_open_default")]
    pub sales_open: bool,
}

fn sales_open_default() -> bool {
    true
}

/// One usage-log entry as stored (model id and sequence number are the key).
#[cw_serde]
pub struct UsageEntry {
    pub gateway: Addr,
    pub user: Addr,
    pub calls: u64,
    pub request_id: String,
    pub source: UsageSource,
    pub height: u64,
    pub time: Timestamp,
}

pub const CONFIG: Item<Config> = Item::new("mf_config");
/// Licenses ever minted; the next token id is this plus one.
pub const LICENSE_COUNT: Item<u64> = Item::new("mf_license_count");
/// registrar -> ()
pub const REGISTRARS: Map<&Addr, Empty> = Map::new("mf_registrars");
/// model id -> model
pub const MODELS: Map<&str, ModelRecord> = Map::new("mf_models");
/// (model id, plan id) -> plan (active and retired)
pub const PLANS: Map<(&str, &str), Plan> = Map::new("mf_plans");
/// (model id, gateway) -> () for approved gateways
pub const GATEWAYS: Map<(&str, &Addr), Empty> = Map::new("mf_gateways");
/// (model id, user) -> credits (calls); absent means 0
pub const CREDITS: Map<(&str, &Addr), u64> = Map::new("mf_credits");
/// (model id, user, gateway) -> calls the gateway may still consume; absent means no grant
pub const GRANTS: Map<(&str, &Addr, &Addr), u64> = Map::new("mf_grants");
/// (model id, user, gateway) -> the session key the user registered with its grant (33 bytes,
/// compressed secp256k1); absent means none. Its own map, next to `GRANTS`, so the grants stored
/// before session keys existed stay readable as they are and a consume does not rewrite the key.
pub const GRANT_KEYS: Map<(&str, &Addr, &Addr), Binary> = Map::new("mf_grant_keys");
/// (model id, 1-based seq) -> usage entry; append-only
pub const USAGE: Map<(&str, u64), UsageEntry> = Map::new("mf_usage");
/// (gateway, request id) -> (model id, seq): every request id a gateway used, kept forever
pub const REQUESTS: Map<(&Addr, &str), (String, u64)> = Map::new("mf_requests");
/// license token id -> license content (the owner is in cw721's token record)
pub const LICENSES: Map<&str, LicenseInfo> = Map::new("mf_licenses");
/// (model id, owner, expires_at in nanoseconds, token id) -> (): the licenses of a model a
/// holder can still use calls from. A license enters at purchase and leaves when its last call
/// is consumed; transfers and sends move it to the new owner (or drop it once expired). Ordered
/// by expiry, so the `access` query ranges from the current time upward and every entry it reads
/// is a usable lease, however many expired or used-up licenses the holder has.
pub const USABLE_LEASES: Map<(&str, &Addr, (u64, &str)), Empty> = Map::new("mf_usable_leases");
/// The holder index of versions before `USABLE_LEASES`: (model id, owner, token id) -> ().
/// Read and cleared only by `migrate`.
pub const LEGACY_HOLDINGS: Map<(&str, &Addr, &str), Empty> = Map::new("mf_holdings");

/// A registered model, or `ModelNotRegistered`.
pub fn load_model(storage: &dyn Storage, model_id: &str) -> Result<ModelRecord, ContractError> {
    MODELS
        .may_load(storage, model_id)?
        .ok_or_else(|| ContractError::ModelNotRegistered {
            model_id: model_id.to_string(),
        })
}

/// A license's content, or `LicenseNotFound` (its owner is cw721's: `modelfund::nft::owner`).
pub fn load_license(storage: &dyn Storage, token_id: &str) -> Result<LicenseInfo, ContractError> {
    LICENSES
        .may_load(storage, token_id)?
        .ok_or_else(|| ContractError::LicenseNotFound {
            license_id: token_id.to_string(),
        })
}

/// Versions before the usable-lease index kept every license a holder ever had in
/// `LEGACY_HOLDINGS`; this moves the usable ones (calls left, not expired) into
/// `USABLE_LEASES` and clears the old index. It reads each old entry once: a one-time cost of the
/// upgrade that grows with the licenses issued before it, paid in the migrate transaction (none
/// on a contract instantiated with this version).
pub fn migrate_holdings(storage: &mut dyn Storage, env: &Env) -> Result<u64, ContractError> {
    let old = LEGACY_HOLDINGS
        .keys(storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let mut moved: u64 = 0;
    for (model_id, owner, token_id) in old {
        LEGACY_HOLDINGS.remove(storage, (&model_id, &owner, &token_id));
        let Some(license) = LICENSES.may_load(storage, &token_id)? else {
            continue;
        };
        if license.calls_left > 0 && env.block.time < license.expires_at {
            USABLE_LEASES.save(
                storage,
                (&model_id, &owner, (license.expires_at.nanos(), &token_id)),
                &Empty {},
            )?;
            moved = moved.checked_add(1).ok_or(ContractError::Overflow {
                what: "migrated leases".into(),
            })?;
        }
    }
    Ok(moved)
}
