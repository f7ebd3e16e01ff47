//! The HTTP API: OpenAI-compatible completions paid with vouchers (or, through
//! [`crate::access`], from credits and leases), models, health, metrics.

use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use modelfund::access::MeteredUnit;
use modelfund::channels::{ChannelResponse, ChannelStatus};
use modelfund_vouchers::{Domain, SignedVoucher, VOUCHER_HEADER};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::Mutex;

use crate::backend::{Backend, BackendError, ChatMessage, Generation, Prompt};
use crate::chain::{Chain, ChainError};
use crate::cors::Cors;
use crate::metrics::Metrics;
use crate::model::{ModelManager, Serving};
use crate::store::{Accepted, RequestLog, Store, StoreError};

/// Header set on an answer returned again for a re-sent voucher.
pub const REPLAYED_HEADER: &str = "x-modelfund-replayed";

/// A channel read from the chain: when, what, and whether its gateway was approved.
type CachedChannel = (Instant, Arc<ChannelResponse>, bool);

/// Everything a request handler needs.
pub struct AppState {
    pub model_id: String,
    pub gateway: String,
    pub domain: Domain,
    pub chain: Arc<dyn Chain>,
    pub store: Arc<Store>,
    pub backend: Arc<dyn Backend>,
    pub models: Arc<ModelManager>,
    pub metrics: Arc<Metrics>,
    pub max_body_bytes: usize,
    pub max_tokens_cap: u32,
    pub channel_ttl: Duration,
    /// Which web pages may call the gateway from a browser (`cors_allowed_origins`).
    pub cors: Cors,
    /// Calls paid from credits and leases; `None`: refused (`access_disabled`).
    pub access: Option<crate::access::AccessState>,
    cache: StdMutex<HashMap<u64, CachedChannel>>,
    slots: StdMutex<HashMap<u64, Arc<Mutex<()>>>>,
}

impl AppState {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        model_id: String,
        gateway: String,
        domain: Domain,
        chain: Arc<dyn Chain>,
        store: Arc<Store>,
        backend: Arc<dyn Backend>,
        models: Arc<ModelManager>,
        metrics: Arc<Metrics>,
        max_body_bytes: usize,
        max_tokens_cap: u32,
        channel_ttl: Duration,
    ) -> Self {
        AppState {
            model_id,
            gateway,
            domain,
            chain,
            store,
            backend,
            models,
            metrics,
            max_body_bytes,
            max_tokens_cap,
            channel_ttl,
            cors: Cors::loopback(),
            access: None,
            cache: StdMutex::new(HashMap::new()),
            slots: StdMutex::new(HashMap::new()),
        }
    }

    /// The same state with these CORS rules (default: `Cors::loopback()`).
    pub fn with_cors(mut self, cors: Cors) -> Self {
        self.cors = cors;
        self
    }

    /// Serves calls paid from credits and leases too: `domain` names this chain, the access
    /// contract, this gateway and the model (what each `X-Modelfund-Access` header signs).
    pub fn with_access(mut self, domain: modelfund_vouchers::AccessDomain) -> Self {
        self.access = Some(crate::access::AccessState::new(domain));
        self
    }

    /// The channel and whether its gateway is approved, from a short-lived cache.
    async fn channel(&self, id: u64) -> Result<Option<(Arc<ChannelResponse>, bool)>, ApiError> {
        if let Ok(cache) = self.cache.lock() {
            if let Some((at, ch, approved)) = cache.get(&id) {
                if at.elapsed() < self.channel_ttl {
                    return Ok(Some((ch.clone(), *approved)));
                }
            }
        }
        let ch = match self.chain.channel(id).await {
            Ok(Some(ch)) => Arc::new(ch),
            Ok(None) => return Ok(None),
            Err(e) => return Err(self.chain_error(e)),
        };
        let approved = self
            .chain
            .gateway_approved(&ch.model_id, ch.gateway.as_str())
            .await
            .map_err(|e| self.chain_error(e))?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(id, (Instant::now(), ch.clone(), approved));
        }
        Ok(Some((ch, approved)))
    }

    pub(crate) fn chain_error(&self, e: ChainError) -> ApiError {
        self.metrics.chain_errors.inc();
        tracing::warn!(error = %e, "chain read failed");
        ApiError::new(
            StatusCode::BAD_GATEWAY,
            "chain_unavailable",
            "The gateway cannot read the chain right now; try again.",
        )
    }

    fn slot(&self, id: u64) -> Arc<Mutex<()>> {
        match self.slots.lock() {
            Ok(mut slots) => slots.entry(id).or_default().clone(),
            Err(_) => Arc::new(Mutex::new(())),
        }
    }
}

/// An error answered as `{"error": {"message", "type", "code"}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }
}

fn error_type(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 413 => "invalid_request_error",
        401 => "authentication_error",
        402 => "payment_required",
        403 => "permission_error",
        409 => "conflict_error",
        503 => "unavailable",
        _ => "server_error",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {
            "message": self.message,
            "type": error_type(self.status),
            "code": self.code,
        }});
        (self.status, Json(body)).into_response()
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    let cors = axum::middleware::from_fn_with_state(state.clone(), crate::cors::layer);
    Router::new()
        .route("/v1/completions", post(completions))
        .route("/v1/chat/completions", post(chat_completions))
        .route("/v1/models", get(models))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .with_state(state)
        .layer(cors)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such endpoint.")
}

async fn models(State(s): State<Arc<AppState>>) -> Response {
    s.metrics.request("/v1/models", 200);
    let serving = s.models.serving();
    Json(json!({"object": "list", "data": [{
        "id": s.model_id, "object": "model", "owned_by": "modelfund",
        "modelfund": {"gateway": s.gateway, "channels": s.domain.contract, "chain_id": s.domain.chain_id,
                      "access": s.access.as_ref().map(|a| a.domain.access.clone()),
                      "version": serving.as_ref().map(|v| v.version.clone()),
                      "content_hash": serving.as_ref().map(|v| v.content_hash.clone())},
    }]}))
    .into_response()
}

async fn healthz(State(s): State<Arc<AppState>>) -> Response {
    let status = s.models.snapshot();
    let ok = status.serving.is_some();
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    s.metrics.request("/healthz", code.as_u16());
    (
        code,
        Json(json!({
            "status": if ok { "ok" } else { "no verified model" },
            "model_id": s.model_id, "gateway": s.gateway,
            "serving": status.serving, "last_error": status.last_error,
        })),
    )
        .into_response()
}

async fn metrics(State(s): State<Arc<AppState>>) -> Response {
    s.metrics.request("/metrics", 200);
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        s.metrics.render(),
    )
        .into_response()
}

#[derive(Deserialize)]
struct CompletionBody {
    model: Option<String>,
    prompt: Option<Value>,
    messages: Option<Vec<ChatMessage>>,
    max_tokens: Option<u32>,
    seed: Option<u64>,
    stream: Option<bool>,
}

/// OpenAI's default `max_tokens` for completions.
const DEFAULT_MAX_TOKENS: u32 = 16;

async fn completions(State(s): State<Arc<AppState>>, req: Request) -> Response {
    paid(s, "/v1/completions", req).await
}

async fn chat_completions(State(s): State<Arc<AppState>>, req: Request) -> Response {
    paid(s, "/v1/chat/completions", req).await
}

async fn paid(s: Arc<AppState>, endpoint: &'static str, req: Request) -> Response {
    let response = match serve(&s, endpoint, req).await {
        Ok(r) => r,
        Err(e) => {
            tracing::info!(
                endpoint,
                status = e.status.as_u16(),
                code = e.code,
                "refused: {}",
                e.message
            );
            e.into_response()
        }
    };
    s.metrics.request(endpoint, response.status().as_u16());
    response
}

async fn read_body(s: &AppState, req: Request) -> Result<(HeaderMap, Bytes), ApiError> {
    let too_big = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
            format!(
                "The request body is larger than {} bytes.",
                s.max_body_bytes
            ),
        )
    };
    let (parts, body) = req.into_parts();
    if parts
        .headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|l| l > s.max_body_bytes)
    {
        return Err(too_big());
    }
    let bytes = axum::body::to_bytes(Body::new(body), s.max_body_bytes)
        .await
        .map_err(|_| too_big())?;
    Ok((parts.headers, bytes))
}

fn parse_request(
    s: &AppState,
    endpoint: &str,
    bytes: &[u8],
) -> Result<(Prompt, u32, Option<u64>), ApiError> {
    let bad = |m: String| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", m);
    let body: CompletionBody = serde_json::from_slice(bytes).map_err(|e| {
        bad(format!(
            "The request body is not valid JSON for {endpoint}: {e}."
        ))
    })?;
    if let Some(model) = &body.model {
        if model != &s.model_id {
            return Err(bad(format!(
                "This gateway serves model '{}', not '{model}'.",
                s.model_id
            )));
        }
    }
    if body.stream == Some(true) {
        return Err(bad("Streaming is not supported; send stream: false.".into()));
    }
    let prompt = if endpoint == "/v1/completions" {
        match body.prompt {
            Some(Value::String(p)) => Prompt::Text(p),
            Some(_) => return Err(bad("The prompt must be one string.".into())),
            None => return Err(bad("The request has no prompt.".into())),
        }
    } else {
        match body.messages {
            Some(m) if !m.is_empty() => Prompt::Chat(m),
            _ => return Err(bad("The request has no messages.".into())),
        }
    };
    let max_tokens = body.max_tokens.unwrap_or(DEFAULT_MAX_TOKENS);
    if max_tokens == 0 {
        return Err(bad("max_tokens must be at least 1.".into()));
    }
    if max_tokens > s.max_tokens_cap {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "max_tokens_too_large",
            format!(
                "max_tokens {max_tokens} is above this gateway's cap of {}.",
                s.max_tokens_cap
            ),
        ));
    }
    Ok((prompt, max_tokens, body.seed))
}

/// The price of one request on a channel's copied terms: per call, or per 1,000 tokens of the
/// prompt plus `max_tokens` (charged before generating, rounded up).
pub fn price(ch: &ChannelResponse, prompt_tokens: u32, max_tokens: u32) -> Option<u128> {
    let unit = ch.terms.price.amount.u128();
    match ch.terms.unit {
        MeteredUnit::Call => Some(unit),
        MeteredUnit::KiloTokens => {
            let tokens = u128::from(prompt_tokens) + u128::from(max_tokens);
            unit.checked_mul(tokens).map(|v| v.div_ceil(1000))
        }
    }
}

pub(crate) fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn read_voucher(headers: &HeaderMap) -> Result<SignedVoucher, ApiError> {
    let header = headers.get(VOUCHER_HEADER).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "voucher_missing",
            format!("Every call needs a voucher in the {VOUCHER_HEADER} header (<channel_id>:<cumulative amount>:<base64 signature>) or a signed request in the {} header (<user>:<nonce>:<base64 signature>).", modelfund_vouchers::ACCESS_HEADER),
        )
    })?;
    let header = header.to_str().map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "voucher_malformed",
            "The voucher header is not ASCII.",
        )
    })?;
    SignedVoucher::from_header(header).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "voucher_malformed",
            format!("{e}."),
        )
    })
}

/// The channel as the chain has it, if it may pay this gateway for this model now, and the
/// voucher's signature over it.
async fn check_channel(
    s: &AppState,
    voucher: &SignedVoucher,
) -> Result<Arc<ChannelResponse>, ApiError> {
    let forbidden = |code, m: String| ApiError::new(StatusCode::FORBIDDEN, code, m);
    let (ch, approved) = s.channel(voucher.channel_id).await?.ok_or_else(|| {
        forbidden(
            "unknown_channel",
            format!(
                "Channel {} does not exist on the channels contract.",
                voucher.channel_id
            ),
        )
    })?;
    if ch.gateway.as_str() != s.gateway {
        return Err(forbidden(
            "foreign_channel",
            format!(
                "Channel {} pays another gateway ({}).",
                ch.channel_id, ch.gateway
            ),
        ));
    }
    if ch.model_id != s.model_id {
        return Err(forbidden(
            "wrong_model",
            format!(
                "Channel {} is for model '{}', not '{}'.",
                ch.channel_id, ch.model_id, s.model_id
            ),
        ));
    }
    if !approved {
        return Err(forbidden(
            "gateway_not_approved",
            "The model's DAO has not approved this gateway (or revoked it): it cannot claim, so it serves nothing.".into(),
        ));
    }
    if ch.status != ChannelStatus::Open || ch.expires_at.nanos() <= now_nanos() {
        return Err(forbidden(
            "channel_not_open",
            format!("Channel {} is expired or closed.", ch.channel_id),
        ));
    }
    modelfund_vouchers::verify(
        ch.voucher_key.as_slice(),
        &s.domain,
        voucher.channel_id,
        voucher.amount,
        &voucher.signature,
    )
    .map_err(|e| ApiError::new(StatusCode::UNAUTHORIZED, "bad_signature", format!("{e}.")))?;
    Ok(ch)
}

/// What the voucher is worth against what the channel already paid.
enum Payment {
    /// The newest accepted voucher again: its stored answer.
    Retry(String),
    /// A new voucher covering this call; `floor` is what was paid before.
    New { floor: u128 },
}

fn check_amount(
    voucher: &SignedVoucher,
    ch: &ChannelResponse,
    accepted: Option<&Accepted>,
    price: u128,
) -> Result<Payment, ApiError> {
    let accepted_amount = accepted.map_or(0, |a| a.amount);
    if let Some(a) = accepted {
        if voucher.amount == a.amount
            && a.signature == voucher.signature
            && !a.response.is_empty()
            && price > 0
        {
            return Ok(Payment::Retry(a.response.clone()));
        }
    }
    // the chain may know more (another instance, a lost database): never accept below it
    let floor = accepted_amount.max(ch.claimed.u128());
    if voucher.amount <= floor && floor > 0 && price > 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "voucher_replayed",
            format!(
                "This voucher ({}) is not above what channel {} already paid ({floor}); sign {} or more.",
                voucher.amount, voucher.channel_id, floor.saturating_add(price)
            ),
        ));
    }
    if voucher.amount > ch.deposit.u128() {
        return Err(ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            "above_deposit",
            format!(
                "The voucher ({}) is above the channel's deposit ({}); top the channel up.",
                voucher.amount, ch.deposit
            ),
        ));
    }
    let needed = floor.checked_add(price).ok_or_else(|| {
        ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            "above_deposit",
            "The price overflows.",
        )
    })?;
    if voucher.amount < needed {
        return Err(ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            "underpaid",
            format!(
                "This call costs {price} {}: the voucher must be at least {needed}, it is {}.",
                ch.terms.price.denom, voucher.amount
            ),
        ));
    }
    Ok(Payment::New { floor })
}

pub(crate) fn json_response(body: String, replayed: bool) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if replayed {
        r.headers_mut()
            .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    r
}

/// The OpenAI-shaped answer, with what was paid in `modelfund` (`meta`, to which the served
/// version and hash are added).
pub(crate) fn answer(
    s: &AppState,
    endpoint: &str,
    id: String,
    mut meta: Value,
    serving: &Serving,
    generation: &Generation,
) -> String {
    let usage = json!({
        "prompt_tokens": generation.prompt_tokens,
        "completion_tokens": generation.completion_tokens,
        "total_tokens": generation.prompt_tokens.saturating_add(generation.completion_tokens),
    });
    meta["version"] = json!(serving.version);
    meta["content_hash"] = json!(serving.content_hash);
    let created = now_nanos() / 1_000_000_000;
    let body = if endpoint == "/v1/completions" {
        json!({"id": id, "object": "text_completion", "created": created, "model": s.model_id,
               "choices": [{"index": 0, "text": generation.text, "logprobs": null,
                            "finish_reason": generation.finish_reason}],
               "usage": usage, "modelfund": meta})
    } else {
        json!({"id": id, "object": "chat.completion", "created": created, "model": s.model_id,
               "choices": [{"index": 0, "message": {"role": "assistant", "content": generation.text},
                            "finish_reason": generation.finish_reason}],
               "usage": usage, "modelfund": meta})
    };
    body.to_string()
}

/// Runs the backend; a failure accepts nothing (`what` names what the client sends again).
pub(crate) async fn generate(
    s: &AppState,
    prompt: &Prompt,
    max_tokens: u32,
    seed: u64,
    what: &str,
) -> Result<Generation, ApiError> {
    s.backend
        .generate(prompt, max_tokens, seed)
        .await
        .map_err(|e| match e {
            BackendError::NotReady => not_ready(),
            BackendError::Failed(m) => {
                tracing::error!(error = %m, "backend failed");
                ApiError::new(
                    StatusCode::BAD_GATEWAY,
                    "backend_error",
                    format!(
                        "The model backend failed; the {what} was not accepted, send it again."
                    ),
                )
            }
        })
}

async fn serve(
    s: &Arc<AppState>,
    endpoint: &'static str,
    req: Request,
) -> Result<Response, ApiError> {
    let (headers, bytes) = read_body(s, req).await?;
    let (prompt, max_tokens, seed) = parse_request(s, endpoint, &bytes)?;
    if let Some(header) = headers.get(modelfund_vouchers::ACCESS_HEADER) {
        let call = crate::access::Call {
            endpoint,
            prompt,
            max_tokens,
            seed,
        };
        return crate::access::serve(s, header, call).await;
    }
    let voucher = read_voucher(&headers)?;
    let serving = s.models.serving().ok_or_else(not_ready)?;
    let ch = check_channel(s, &voucher).await?;
    let price = price(&ch, s.backend.count_tokens(&prompt), max_tokens).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "price_overflow",
            "The price of this request overflows.",
        )
    })?;

    // one call at a time per channel: check, generate, persist, answer
    let slot = s.slot(voucher.channel_id);
    let _guard = slot.lock().await;
    let accepted = match s.store.cached(voucher.channel_id) {
        Some(hit) => hit,
        None => {
            let (store, id) = (s.store.clone(), voucher.channel_id);
            tokio::task::spawn_blocking(move || store.accepted(id))
                .await
                .map_err(internal)?
                .map_err(internal)?
        }
    };
    let floor = match check_amount(&voucher, &ch, accepted.as_ref(), price)? {
        Payment::Retry(stored) => return Ok(json_response(stored, true)),
        Payment::New { floor } => floor,
    };

    let seed = seed.unwrap_or(voucher.amount as u64 ^ voucher.channel_id);
    let generation = generate(s, &prompt, max_tokens, seed, "voucher").await?;
    let meta = json!({
        "channel_id": voucher.channel_id, "price": price.to_string(),
        "accepted": voucher.amount.to_string(), "denom": ch.terms.price.denom,
    });
    let id = format!("mf-{}-{}", voucher.channel_id, voucher.amount);
    let text = answer(s, endpoint, id, meta, &serving, &generation);

    // durable before the answer leaves
    let log = RequestLog {
        channel_id: voucher.channel_id,
        endpoint: endpoint.into(),
        amount: voucher.amount,
        price,
        prompt_tokens: generation.prompt_tokens,
        completion_tokens: generation.completion_tokens,
        model_hash: serving.content_hash.clone(),
    };
    let (store, stored_text, v) = (s.store.clone(), text.clone(), voucher.clone());
    tokio::task::spawn_blocking(move || {
        store.accept(v.channel_id, v.amount, &v.signature, &stored_text, &log)
    })
    .await
    .map_err(internal)?
    .map_err(|e| match e {
        StoreError::NotAbove { .. } => ApiError::new(
            StatusCode::CONFLICT,
            "voucher_replayed",
            "This voucher was already used.",
        ),
        other => internal(other),
    })?;
    s.metrics.vouchers_accepted.inc();
    s.metrics
        .unclaimed_value
        .inc_by(voucher.amount.saturating_sub(floor) as f64);
    Ok(json_response(text, false))
}

pub(crate) fn not_ready() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "model_not_ready",
        "No verified version of the model is loaded yet.",
    )
}

pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "internal error");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal_error",
        "The gateway failed to record the call; nothing was accepted.",
    )
}
