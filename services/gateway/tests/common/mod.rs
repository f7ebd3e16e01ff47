//! A stand-in chain and model runtime, and a gateway served on 127.0.0.1 for the tests.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use cosmwasm_std::{Addr, Binary, Coin, Timestamp, Uint128};
use modelfund::access::{
    GrantInfo, LeaseTerms, LicenseInfo, LicenseResponse, MeteredUnit, UsageMsg,
};
use modelfund::channels::{ChannelResponse, ChannelStatus, ChannelTerms, Voucher};
use modelfund::registry::ModelVersion;
use modelfund_gateway::backend::{Builtin, Generation, Loader, Runtime};
use modelfund_gateway::chain::{Chain, ChainError};
use modelfund_gateway::cors::Cors;
use modelfund_gateway::metrics::Metrics;
use modelfund_gateway::model::{sha256_hex, ModelManager};
use modelfund_gateway::server::{router, AppState};
use modelfund_gateway::store::Store;
use modelfund_vouchers::{AccessDomain, Domain, SessionKey};

pub const CHAIN_ID: &str = "injective-777";
pub const CHANNELS: &str = "inj1channels";
pub const GATEWAY: &str = "inj1gateway";
pub const MODEL: &str = "demo-model";
pub const PRICE: u128 = 1_000;
pub const DEPOSIT: u128 = 100 * PRICE;

pub const ACCESS: &str = "inj1access";

pub fn domain() -> Domain {
    Domain::new(CHAIN_ID, CHANNELS)
}

pub fn access_domain() -> AccessDomain {
    AccessDomain::new(CHAIN_ID, ACCESS, GATEWAY, MODEL)
}

/// A valid bech32 address of this chain for access user `n` (the gateway checks the format).
pub fn access_user(n: u8) -> String {
    let id = cosmrs::AccountId::new("inj", &[n; 20]).unwrap();
    id.to_string()
}

/// The session key access user `n` registers with its grant.
pub fn access_key(n: u8) -> SessionKey {
    SessionKey::from_seed(format!("access user {n}").as_bytes())
}

/// A lease of `owner` for this model with `calls_left`, expiring in an hour.
pub fn lease(token_id: &str, owner: &str, calls_left: u64) -> LicenseResponse {
    LicenseResponse {
        token_id: token_id.into(),
        owner: Addr::unchecked(owner),
        expired: false,
        info: LicenseInfo {
            model_id: MODEL.into(),
            plan_id: "lease".into(),
            price: Coin::new(5u128, "inj"),
            issued_at: Timestamp::from_nanos(now_nanos()),
            expires_at: Timestamp::from_nanos(now_nanos() + 3_600_000_000_000),
            call_cap: calls_left,
            calls_left,
            terms: LeaseTerms {
                commercial_use: true,
                attribution_required: false,
                notes: None,
            },
        },
    }
}

pub fn user_key(n: u64) -> SessionKey {
    SessionKey::from_seed(format!("user {n}").as_bytes())
}

pub fn now_nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

/// An open channel of user `n` for this gateway and model, per call at `PRICE`.
pub fn channel(id: u64) -> ChannelResponse {
    let expires = Timestamp::from_nanos(now_nanos() + 3_600_000_000_000);
    ChannelResponse {
        channel_id: id,
        user: Addr::unchecked(format!("inj1user{id}")),
        gateway: Addr::unchecked(GATEWAY),
        model_id: MODEL.into(),
        plan_id: "per-call".into(),
        voucher_key: Binary::from(user_key(id).public_key().to_vec()),
        terms: ChannelTerms {
            price: Coin::new(PRICE, "inj"),
            unit: MeteredUnit::Call,
            shares: Addr::unchecked("inj1shares"),
        },
        deposit: Uint128::new(DEPOSIT),
        claimed: Uint128::zero(),
        opened_at: Timestamp::from_nanos(now_nanos()),
        expires_at: expires,
        claim_deadline: expires.plus_seconds(60),
        status: ChannelStatus::Open,
        closed_at: None,
        refunded: Uint128::zero(),
    }
}

#[derive(Default)]
pub struct ChainState {
    pub channels: HashMap<u64, ChannelResponse>,
    pub approved: HashSet<(String, String)>,
    pub latest: Option<ModelVersion>,
    pub max_claims: u32,
    /// Every claim sent, in order.
    pub claims: Vec<Vec<Voucher>>,
    /// Channels whose claim fails (as a revoked gateway's would).
    pub failing: HashSet<u64>,
    pub down: bool,
    /// Access: user -> credits on the model.
    pub credits: HashMap<String, u64>,
    /// Access: user -> grant to this gateway.
    pub grants: HashMap<String, GrantInfo>,
    /// Access: token id -> lease.
    pub licenses: HashMap<String, LicenseResponse>,
    /// Access: request id -> the usage metered under it.
    pub metered: HashMap<String, UsageMsg>,
    /// Every `consume_batch` sent, in order (refused ones included).
    pub batches: Vec<Vec<UsageMsg>>,
    /// `consume_batch` fails as a node that cannot be reached (nothing happens on chain).
    pub batch_unreachable: bool,
}

/// The chain as a map: claims verify signatures and raise `claimed` as the contract does.
#[derive(Default)]
pub struct MockChain {
    pub state: Mutex<ChainState>,
}

impl MockChain {
    pub fn with_channels(ids: &[u64]) -> Arc<Self> {
        let chain = MockChain::default();
        {
            let mut s = chain.state.lock().unwrap();
            s.max_claims = 100;
            for id in ids {
                s.channels.insert(*id, channel(*id));
            }
            s.approved.insert((MODEL.into(), GATEWAY.into()));
        }
        Arc::new(chain)
    }

    pub fn edit(&self, id: u64, f: impl FnOnce(&mut ChannelResponse)) {
        let mut s = self.state.lock().unwrap();
        f(s.channels.get_mut(&id).unwrap());
    }

    pub fn claimed(&self, id: u64) -> u128 {
        self.state.lock().unwrap().channels[&id].claimed.u128()
    }

    /// Access user `n` holds `credits` and granted this gateway `calls` with its session key.
    pub fn fund_user(&self, n: u8, credits: u64, calls: u64) {
        let mut s = self.state.lock().unwrap();
        let user = access_user(n);
        s.credits.insert(user.clone(), credits);
        s.grants.insert(
            user,
            GrantInfo {
                gateway: Addr::unchecked(GATEWAY),
                calls,
                session_key: Some(Binary::from(access_key(n).public_key().to_vec())),
            },
        );
    }

    pub fn credits_of(&self, n: u8) -> u64 {
        self.state.lock().unwrap().credits[&access_user(n)]
    }
}

/// `consume_batch` as the access contract runs it, on a copy of the state: each usage checked
/// as `consume`, an already metered request id with the same usage skipped, any error fails
/// the whole batch.
fn consume_batch(s: &mut ChainState, usages: &[UsageMsg]) -> Result<(), String> {
    let (mut credits, mut grants, mut licenses, mut metered) = (
        s.credits.clone(),
        s.grants.clone(),
        s.licenses.clone(),
        s.metered.clone(),
    );
    for u in usages {
        if let Some(before) = metered.get(&u.request_id) {
            if before == u {
                continue;
            }
            return Err(format!(
                "wasm: request id {} was already used",
                u.request_id
            ));
        }
        let grant = grants.get_mut(&u.user).ok_or("wasm: no grant")?;
        grant.calls = grant.calls.checked_sub(u.calls).ok_or("wasm: over grant")?;
        match &u.license_id {
            None => {
                let c = credits.get_mut(&u.user).ok_or("wasm: no credits")?;
                *c = c.checked_sub(u.calls).ok_or("wasm: insufficient credits")?;
            }
            Some(id) => {
                let l = licenses.get_mut(id).ok_or("wasm: license not found")?;
                if l.owner.as_str() != u.user {
                    return Err("wasm: license not owned".into());
                }
                l.info.calls_left = l
                    .info
                    .calls_left
                    .checked_sub(u.calls)
                    .ok_or("wasm: insufficient lease calls")?;
            }
        }
        metered.insert(u.request_id.clone(), u.clone());
    }
    (s.credits, s.grants, s.licenses, s.metered) = (credits, grants, licenses, metered);
    Ok(())
}

#[async_trait]
impl Chain for MockChain {
    async fn channel(&self, id: u64) -> Result<Option<ChannelResponse>, ChainError> {
        let s = self.state.lock().unwrap();
        if s.down {
            return Err(ChainError::Unreachable("down".into()));
        }
        Ok(s.channels.get(&id).cloned())
    }
    async fn gateway_approved(&self, model: &str, gateway: &str) -> Result<bool, ChainError> {
        let s = self.state.lock().unwrap();
        Ok(s.approved
            .contains(&(model.to_string(), gateway.to_string())))
    }
    async fn latest_version(&self, _model: &str) -> Result<ModelVersion, ChainError> {
        let s = self.state.lock().unwrap();
        s.latest
            .clone()
            .ok_or_else(|| ChainError::Decode("no version".into()))
    }
    async fn max_claims_per_tx(&self) -> Result<u32, ChainError> {
        Ok(self.state.lock().unwrap().max_claims)
    }
    async fn claim(&self, vouchers: Vec<Voucher>) -> Result<String, ChainError> {
        let mut s = self.state.lock().unwrap();
        s.claims.push(vouchers.clone());
        if vouchers.len() > s.max_claims as usize {
            return Err(ChainError::TxFailed {
                code: 5,
                log: "too many vouchers".into(),
            });
        }
        for v in &vouchers {
            if s.failing.contains(&v.channel_id) {
                return Err(ChainError::TxFailed {
                    code: 5,
                    log: "gateway not approved".into(),
                });
            }
            let ch = &s.channels[&v.channel_id];
            if v.amount > ch.claimed {
                modelfund_vouchers::verify(
                    ch.voucher_key.as_slice(),
                    &domain(),
                    v.channel_id,
                    v.amount.u128(),
                    v.signature.as_slice(),
                )
                .map_err(|e| ChainError::TxFailed {
                    code: 5,
                    log: e.to_string(),
                })?;
                assert!(v.amount <= ch.deposit, "above deposit");
            }
        }
        for v in &vouchers {
            let ch = s.channels.get_mut(&v.channel_id).unwrap();
            if v.amount > ch.claimed {
                ch.claimed = v.amount;
            }
        }
        Ok(format!("TX{}", s.claims.len()))
    }
    async fn grant(
        &self,
        model: &str,
        user: &str,
        gateway: &str,
    ) -> Result<Option<GrantInfo>, ChainError> {
        let s = self.state.lock().unwrap();
        if s.down {
            return Err(ChainError::Unreachable("down".into()));
        }
        assert_eq!((model, gateway), (MODEL, GATEWAY));
        Ok(s.grants.get(user).cloned())
    }
    async fn credits(&self, model: &str, user: &str) -> Result<u64, ChainError> {
        let s = self.state.lock().unwrap();
        assert_eq!(model, MODEL);
        Ok(s.credits.get(user).copied().unwrap_or(0))
    }
    async fn license(&self, token_id: &str) -> Result<Option<LicenseResponse>, ChainError> {
        Ok(self.state.lock().unwrap().licenses.get(token_id).cloned())
    }
    async fn consume_batch(
        &self,
        model: &str,
        usages: Vec<UsageMsg>,
    ) -> Result<String, ChainError> {
        let mut s = self.state.lock().unwrap();
        assert_eq!(model, MODEL);
        assert!(usages.len() <= 100, "above MAX_CONSUME_BATCH");
        if s.batch_unreachable {
            return Err(ChainError::Unreachable("down".into()));
        }
        s.batches.push(usages.clone());
        consume_batch(&mut s, &usages).map_err(|log| ChainError::TxFailed { code: 5, log })?;
        Ok(format!("BATCH{}", s.batches.len()))
    }
}

/// A runtime that echoes the prompt and counts its generations.
pub struct Echo {
    pub name: String,
    pub calls: Arc<AtomicUsize>,
}

impl Runtime for Echo {
    fn name(&self) -> String {
        self.name.clone()
    }
    fn count_tokens(&self, text: &str) -> u32 {
        text.split_whitespace().count() as u32
    }
    fn complete(&self, prompt: &str, max_tokens: u32, seed: u64) -> Generation {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let words: Vec<&str> = prompt
            .split_whitespace()
            .take(max_tokens as usize)
            .collect();
        Generation {
            text: format!("{} [{}:{seed}]", words.join(" "), self.name),
            prompt_tokens: self.count_tokens(prompt),
            completion_tokens: words.len() as u32 + 1,
            finish_reason: "length".into(),
        }
    }
}

/// Artifacts the stand-in runtime accepts: `stand-in model <name>`.
pub fn echo_loader(calls: Arc<AtomicUsize>) -> Loader {
    Arc::new(move |bytes: &[u8]| {
        let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
        let name = text
            .strip_prefix("stand-in model ")
            .ok_or("not a stand-in model")?;
        Ok(Arc::new(Echo {
            name: name.to_string(),
            calls: calls.clone(),
        }) as Arc<dyn Runtime>)
    })
}

/// A version entry whose artifact is a file in `dir`.
pub fn version(
    dir: &std::path::Path,
    index: u32,
    content: impl AsRef<[u8]>,
    hash: Option<String>,
) -> ModelVersion {
    let content = content.as_ref();
    let path = dir.join(format!("artifact-{index}.bin"));
    std::fs::write(&path, content).unwrap();
    ModelVersion {
        index,
        version: format!("v{index}"),
        content_hash: hash.unwrap_or_else(|| sha256_hex(content)),
        uri: format!("file://{}", path.display()),
        notes: None,
        published_by: Addr::unchecked("inj1dao"),
        published_at: Timestamp::from_seconds(1),
        height: 1,
    }
}

pub struct Gateway {
    pub url: String,
    pub chain: Arc<MockChain>,
    pub store: Arc<Store>,
    pub metrics: Arc<Metrics>,
    pub models: Arc<ModelManager>,
    pub calls: Arc<AtomicUsize>,
    pub db: PathBuf,
    pub dir: Arc<tempfile::TempDir>,
    pub http: reqwest::Client,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A gateway on 127.0.0.1 (random port) over `chain`, with its database in `dir`, serving a
/// verified stand-in model.
pub async fn start(chain: Arc<MockChain>, dir: Arc<tempfile::TempDir>) -> Gateway {
    start_echo(chain, dir, Cors::loopback()).await
}

/// A gateway as `start` builds it (its own database folder), with these CORS rules.
pub async fn start_cors(chain: Arc<MockChain>, cors: Cors) -> Gateway {
    start_echo(chain, Arc::new(tempfile::tempdir().unwrap()), cors).await
}

/// The stand-in model behind `start` and `start_cors`: an echo backend counting its calls.
async fn start_echo(chain: Arc<MockChain>, dir: Arc<tempfile::TempDir>, cors: Cors) -> Gateway {
    let calls = Arc::new(AtomicUsize::new(0));
    let builtin = Arc::new(Builtin::new(echo_loader(calls.clone())));
    start_full(
        chain,
        dir,
        builtin,
        b"stand-in model one",
        Duration::from_millis(0),
        calls,
        cors,
    )
    .await
}

/// A gateway as `start` builds it, whose built-in backend loads `artifact` (published as the
/// model's version 1) and which reads channels through a cache of `channel_ttl`.
pub async fn start_with(
    chain: Arc<MockChain>,
    dir: Arc<tempfile::TempDir>,
    builtin: Arc<Builtin>,
    artifact: &[u8],
    channel_ttl: Duration,
    calls: Arc<AtomicUsize>,
) -> Gateway {
    start_full(
        chain,
        dir,
        builtin,
        artifact,
        channel_ttl,
        calls,
        Cors::loopback(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn start_full(
    chain: Arc<MockChain>,
    dir: Arc<tempfile::TempDir>,
    builtin: Arc<Builtin>,
    artifact: &[u8],
    channel_ttl: Duration,
    calls: Arc<AtomicUsize>,
    cors: Cors,
) -> Gateway {
    let db = dir.path().join("gateway.sqlite");
    let store = Arc::new(Store::open(&db).unwrap());
    let metrics = Arc::new(Metrics::new());
    let models = Arc::new(
        ModelManager::new(
            "http://127.0.0.1:1",
            "http://127.0.0.1:1",
            dir.path().join("cache"),
            Some(builtin.clone()),
        )
        .unwrap(),
    );
    {
        let v = version(dir.path(), 1, artifact, None);
        chain.state.lock().unwrap().latest = Some(v);
    }
    models.poll(chain.as_ref(), MODEL, &metrics).await;
    assert!(models.serving().is_some(), "{:?}", models.snapshot());
    let state = Arc::new(
        AppState::new(
            MODEL.into(),
            GATEWAY.into(),
            domain(),
            chain.clone(),
            store.clone(),
            builtin,
            models.clone(),
            metrics.clone(),
            4096,
            64,
            channel_ttl,
        )
        .with_cors(cors)
        .with_access(access_domain()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, router(state)).await.unwrap();
    });
    Gateway {
        url,
        chain,
        store,
        metrics,
        models,
        calls,
        db,
        dir,
        http: reqwest::Client::new(),
        server,
    }
}

impl Gateway {
    /// POSTs `body` to `path` with an optional voucher header; returns status, JSON and
    /// whether the answer is a replay.
    pub async fn post(
        &self,
        path: &str,
        body: serde_json::Value,
        voucher: Option<String>,
    ) -> (u16, serde_json::Value, bool) {
        let mut req = self.http.post(format!("{}{path}", self.url)).json(&body);
        if let Some(v) = voucher {
            req = req.header("X-Modelfund-Voucher", v);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let replayed = resp.headers().get("x-modelfund-replayed").is_some();
        let json = resp.json().await.unwrap_or(serde_json::Value::Null);
        (status, json, replayed)
    }

    /// A completion paid from access user `n`'s credits (`license`: that lease) with `nonce`,
    /// signed by its session key.
    pub async fn ask_access(
        &self,
        n: u8,
        nonce: u64,
        license: Option<&str>,
    ) -> (u16, serde_json::Value, bool) {
        let header = access_key(n)
            .sign_access(&access_domain(), &access_user(n), nonce, license)
            .to_header();
        self.post_access(header).await
    }

    /// A completion with this `X-Modelfund-Access` header value.
    pub async fn post_access(&self, header: String) -> (u16, serde_json::Value, bool) {
        let resp = self
            .http
            .post(format!("{}/v1/completions", self.url))
            .header("X-Modelfund-Access", header)
            .json(&serde_json::json!({"prompt": "hello there model", "max_tokens": 4}))
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let replayed = resp.headers().get("x-modelfund-replayed").is_some();
        let json = resp.json().await.unwrap_or(serde_json::Value::Null);
        (status, json, replayed)
    }

    /// A completion paid by a voucher for `amount` on channel `id` signed by its user.
    pub async fn complete(&self, id: u64, amount: u128) -> (u16, serde_json::Value, bool) {
        let v = user_key(id).sign(&domain(), id, amount).to_header();
        self.post(
            "/v1/completions",
            serde_json::json!({"prompt": "hello there model", "max_tokens": 4}),
            Some(v),
        )
        .await
    }
}

/// The `error.code` of a JSON error answer (`<none>` when there is none).
pub fn code(body: &serde_json::Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<none>")
}

/// Every error is `{"error": {"message": <sentence>, "type", "code"}}`: checks the status, the
/// code, that the message is a sentence and that the type is there.
pub fn assert_error(resp: &(u16, serde_json::Value, bool), status: u16, expected: &str) {
    let (got, body, _) = resp;
    assert_eq!(*got, status, "{body}");
    assert_eq!(code(body), expected, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.ends_with('.'), "not a sentence: {message}");
    assert!(body["error"]["type"].is_string());
}
