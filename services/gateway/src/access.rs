//! Calls paid from a user's credits or lease in the access contract (docs/gateway.md).
//!
//! The user granted this gateway a cap of calls with a `session_key`; each request carries
//! `X-Modelfund-Access: <user>:<nonce>[:<license id>]:<signature>` signed with that key over
//! [`AccessDomain`] (chain, access contract, this gateway, the model). The gateway verifies it
//! against the grant it reads from the chain, requires the nonce to be above the last one it
//! accepted from the user, and serves only while the grant and the credits (or the named lease)
//! cover this call on top of every call it answered and has not settled yet. The usage is
//! committed to SQLite before the answer leaves; settlement meters it with `consume_batch`
//! under the request id `<nonce>-<user>` (`crate::settle`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Instant;

use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use modelfund::access::{GrantInfo, LicenseResponse};
use modelfund_vouchers::{AccessDomain, SignedAccess, ACCESS_HEADER};
use serde_json::json;
use tokio::sync::Mutex;

use crate::backend::Prompt;
use crate::server::{
    answer, generate, internal, json_response, not_ready, now_nanos, ApiError, AppState,
};
use crate::store::{StoreError, Usage};

/// What one call asks for (the body, parsed).
pub struct Call {
    pub endpoint: &'static str,
    pub prompt: Prompt,
    pub max_tokens: u32,
    pub seed: Option<u64>,
}

/// What the chain said about a user's rights, when, and at which settlement generation.
#[derive(Clone)]
struct Rights {
    at: Instant,
    generation: u64,
    approved: bool,
    grant: Option<GrantInfo>,
    /// Credits, or the named lease (`None`: access has no such token).
    source: Source,
}

#[derive(Clone)]
enum Source {
    Credits(u64),
    Lease(Option<Box<LicenseResponse>>),
}

/// The access side of the gateway: the signed domain and short-lived reads of the chain.
pub struct AccessState {
    pub domain: AccessDomain,
    /// The bech32 prefix of addresses (the gateway's own).
    prefix: String,
    cache: StdMutex<HashMap<(String, Option<String>), Rights>>,
    slots: StdMutex<HashMap<String, Arc<Mutex<()>>>>,
}

impl AccessState {
    pub fn new(domain: AccessDomain) -> Self {
        let prefix = domain
            .gateway
            .rsplit_once('1')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default();
        AccessState {
            domain,
            prefix,
            cache: StdMutex::new(HashMap::new()),
            slots: StdMutex::new(HashMap::new()),
        }
    }

    /// One call at a time per user: nonces and the user's pending calls are checked and
    /// recorded under it.
    fn slot(&self, user: &str) -> Arc<Mutex<()>> {
        match self.slots.lock() {
            Ok(mut slots) => slots.entry(user.to_string()).or_default().clone(),
            Err(_) => Arc::new(Mutex::new(())),
        }
    }
}

fn err(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(status, code, message)
}

fn malformed(message: impl Into<String>) -> ApiError {
    err(StatusCode::BAD_REQUEST, "access_malformed", message)
}

/// The header, parsed, with a user address of this chain.
fn read_header(a: &AccessState, header: &HeaderValue) -> Result<SignedAccess, ApiError> {
    let text = header
        .to_str()
        .map_err(|_| malformed("The access header is not ASCII."))?;
    let request = SignedAccess::from_header(text).map_err(|e| malformed(format!("{e}.")))?;
    let valid = request
        .user
        .parse::<cosmrs::AccountId>()
        .is_ok_and(|id| id.prefix() == a.prefix);
    if !valid {
        return Err(malformed(format!(
            "The user in the access header is not a {} address.",
            a.prefix
        )));
    }
    Ok(request)
}

/// The user's grant to this gateway, the gateway's approval and the credits or the named lease:
/// from the cache while it is younger than the channel TTL and no usage was settled since.
async fn rights(s: &AppState, a: &AccessState, request: &SignedAccess) -> Result<Rights, ApiError> {
    let key = (request.user.clone(), request.license_id.clone());
    let generation = s.store.settled_generation();
    if let Ok(cache) = a.cache.lock() {
        if let Some(r) = cache.get(&key) {
            if r.at.elapsed() < s.channel_ttl && r.generation == generation {
                return Ok(r.clone());
            }
        }
    }
    let d = &a.domain;
    let chain = &s.chain;
    let approved = chain
        .gateway_approved(&d.model_id, &d.gateway)
        .await
        .map_err(|e| s.chain_error(e))?;
    let grant = chain
        .grant(&d.model_id, &request.user, &d.gateway)
        .await
        .map_err(|e| s.chain_error(e))?;
    let source = match &request.license_id {
        None => Source::Credits(
            chain
                .credits(&d.model_id, &request.user)
                .await
                .map_err(|e| s.chain_error(e))?,
        ),
        Some(id) => Source::Lease(
            chain
                .license(id)
                .await
                .map_err(|e| s.chain_error(e))?
                .map(Box::new),
        ),
    };
    let rights = Rights {
        at: Instant::now(),
        generation,
        approved,
        grant,
        source,
    };
    if let Ok(mut cache) = a.cache.lock() {
        cache.insert(key, rights.clone());
    }
    Ok(rights)
}

/// Who may be served at all: an approved gateway, a grant with a session key whose signature
/// verifies, a usable lease when one is named. Answers the grant's calls left.
fn authorize(a: &AccessState, r: &Rights, request: &SignedAccess) -> Result<u64, ApiError> {
    let forbidden = |code, m: String| err(StatusCode::FORBIDDEN, code, m);
    if !r.approved {
        return Err(forbidden(
            "gateway_not_approved",
            "The model's DAO has not approved this gateway (or revoked it): it cannot meter, so it serves nothing.".into(),
        ));
    }
    let grant = r.grant.as_ref().ok_or_else(|| {
        forbidden(
            "no_grant",
            format!(
                "{} has not granted this gateway ({}) any calls of model '{}' (or revoked the grant).",
                request.user, a.domain.gateway, a.domain.model_id
            ),
        )
    })?;
    let key = grant.session_key.as_ref().ok_or_else(|| {
        err(
            StatusCode::UNAUTHORIZED,
            "no_session_key",
            "The grant to this gateway has no session key: grant again with one to sign requests.",
        )
    })?;
    modelfund_vouchers::verify_access(key.as_slice(), &a.domain, request).map_err(|e| {
        err(
            StatusCode::UNAUTHORIZED,
            "bad_signature",
            format!(
                "{e} (the grant's session key, this chain, access contract, gateway and model)."
            ),
        )
    })?;
    if let (Source::Lease(lease), Some(id)) = (&r.source, &request.license_id) {
        let lease = lease
            .as_ref()
            .ok_or_else(|| forbidden("unknown_license", format!("License {id} does not exist.")))?;
        if lease.owner.as_str() != request.user {
            return Err(forbidden(
                "license_not_owned",
                format!("License {id} is not held by {}.", request.user),
            ));
        }
        if lease.info.model_id != a.domain.model_id {
            return Err(forbidden(
                "wrong_model",
                format!(
                    "License {id} is for model '{}', not '{}'.",
                    lease.info.model_id, a.domain.model_id
                ),
            ));
        }
        if lease.expired || lease.info.expires_at.nanos() <= now_nanos() {
            return Err(err(
                StatusCode::PAYMENT_REQUIRED,
                "lease_expired",
                format!("License {id} has expired: buy a new lease."),
            ));
        }
    }
    Ok(grant.calls)
}

/// Whether the grant and the rights cover one more call on top of the user's pending ones.
fn check_calls(
    r: &Rights,
    granted: u64,
    (pending_all, pending_source): (u64, u64),
) -> Result<(), ApiError> {
    let short = |code, m: String| err(StatusCode::PAYMENT_REQUIRED, code, m);
    if granted <= pending_all {
        return Err(short(
            "grant_exhausted",
            format!(
                "The grant to this gateway has {granted} calls left and {pending_all} are answered but not yet settled: grant more calls."
            ),
        ));
    }
    let (available, code, what) = match &r.source {
        Source::Credits(c) => (*c, "insufficient_credits", "credits"),
        Source::Lease(l) => (
            l.as_ref().map_or(0, |l| l.info.calls_left),
            "lease_exhausted",
            "lease",
        ),
    };
    if available <= pending_source {
        return Err(short(
            code,
            format!(
                "The {what} have {available} calls left and {pending_source} are answered but not yet settled: buy more."
            ),
        ));
    }
    Ok(())
}

/// One call paid from credits or a lease: every check, the model, the usage committed, the
/// answer. A re-sent header (same nonce and signature) gets the stored answer again.
pub async fn serve(
    s: &Arc<AppState>,
    header: &HeaderValue,
    call: Call,
) -> Result<Response, ApiError> {
    let a = s.access.as_ref().ok_or_else(|| {
        err(
            StatusCode::FORBIDDEN,
            "access_disabled",
            format!("This gateway takes payment-channel vouchers only, not {ACCESS_HEADER}."),
        )
    })?;
    let request = read_header(a, header)?;
    let serving = s.models.serving().ok_or_else(not_ready)?;
    let rights = rights(s, a, &request).await?;
    let granted = authorize(a, &rights, &request)?;

    let slot = a.slot(&request.user);
    let _guard = slot.lock().await;
    let license = request.license_id.as_deref();
    let (last, pending) = match s.store.cached_user(&request.user, license) {
        Some(hit) => hit,
        None => {
            let (store, user, license) = (
                s.store.clone(),
                request.user.clone(),
                request.license_id.clone(),
            );
            tokio::task::spawn_blocking(move || store.user_usage(&user, license.as_deref()))
                .await
                .map_err(internal)?
                .map_err(internal)?
        }
    };
    if request.nonce <= last {
        // the same request again gets its answer again; any other is a replay
        let (store, user, nonce) = (s.store.clone(), request.user.clone(), request.nonce);
        let previous = tokio::task::spawn_blocking(move || store.usage_by_nonce(&user, nonce))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        if let Some(p) = previous.filter(|p| p.signature == request.signature) {
            return Ok(json_response(p.response, true));
        }
        return Err(replayed(&request, last));
    }
    check_calls(&rights, granted, pending)?;

    let seed = call.seed.unwrap_or(request.nonce);
    let generation = generate(s, &call.prompt, call.max_tokens, seed, "request").await?;
    let request_id = format!("{}-{}", request.nonce, request.user);
    let source = if request.license_id.is_some() {
        "lease"
    } else {
        "credits"
    };
    let meta = json!({
        "user": request.user, "nonce": request.nonce.to_string(), "calls": 1,
        "source": source, "license_id": request.license_id, "request_id": request_id,
    });
    let text = answer(
        s,
        call.endpoint,
        format!("mf-{request_id}"),
        meta,
        &serving,
        &generation,
    );
    let usage = Usage {
        model_id: a.domain.model_id.clone(),
        user: request.user.clone(),
        nonce: request.nonce,
        request_id,
        calls: 1,
        license_id: request.license_id.clone(),
        signature: request.signature.to_vec(),
        response: text.clone(),
    };
    // durable before the answer leaves
    let (store, endpoint, hash) = (s.store.clone(), call.endpoint, serving.content_hash);
    tokio::task::spawn_blocking(move || store.accept_usage(&usage, endpoint, &hash))
        .await
        .map_err(internal)?
        .map_err(|e| match e {
            StoreError::NonceNotAbove { accepted, .. } => replayed(&request, accepted),
            other => internal(other),
        })?;
    s.metrics.usages_accepted.inc();
    s.metrics.usages_pending.inc();
    Ok(json_response(text, false))
}

fn replayed(request: &SignedAccess, last: u64) -> ApiError {
    err(
        StatusCode::CONFLICT,
        "nonce_replayed",
        format!(
            "Nonce {} is not above the last one this gateway accepted from {} ({last}); sign a higher one.",
            request.nonce, request.user
        ),
    )
}
