//! A stand-in chain and model runtime, and a gateway served on 127.0.0.1 for the tests.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use cosmwasm_std::{Addr, Binary, Coin, Timestamp, Uint128};
use modelfund::access::MeteredUnit;
use modelfund::channels::{ChannelResponse, ChannelStatus, ChannelTerms, Voucher};
use modelfund::registry::ModelVersion;
use modelfund_gateway::backend::{Builtin, Generation, Loader, Runtime};
use modelfund_gateway::chain::{Chain, ChainError};
use modelfund_gateway::cors::Cors;
use modelfund_gateway::metrics::Metrics;
use modelfund_gateway::model::{sha256_hex, ModelManager};
use modelfund_gateway::server::{router, AppState};
use modelfund_gateway::store::Store;
use modelfund_vouchers::{Domain, SessionKey};

pub const CHAIN_ID: &str = "injective-777";
pub const CHANNELS: &str = "inj1channels";
pub const GATEWAY: &str = "inj1gateway";
pub const MODEL: &str = "demo-model";
pub const PRICE: u128 = 1_000;
pub const DEPOSIT: u128 = 100 * PRICE;

pub fn domain() -> Domain {
    Domain::new(CHAIN_ID, CHANNELS)
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
    let calls = Arc::new(AtomicUsize::new(0));
    let builtin = Arc::new(Builtin::new(echo_loader(calls.clone())));
    start_with(
        chain,
        dir,
        builtin,
        b"stand-in model one",
        Duration::from_millis(0),
        calls,
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

/// A gateway as `start` builds it, with these CORS rules.
pub async fn start_cors(chain: Arc<MockChain>, cors: Cors) -> Gateway {
    let calls = Arc::new(AtomicUsize::new(0));
    let builtin = Arc::new(Builtin::new(echo_loader(calls.clone())));
    let dir = Arc::new(tempfile::tempdir().unwrap());
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
        .with_cors(cors),
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
