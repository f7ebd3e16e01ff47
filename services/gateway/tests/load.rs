//! Load benchmark (issue 15's proof): the built-in tinylm model called directly over HTTP vs
//! through the gateway (voucher checks against the stand-in chain, channels through the
//! production TTL cache, every voucher committed to an on-disk SQLite store before its answer),
//! both served on 127.0.0.1 in this process and driven by the same concurrent reqwest clients.
//! Ignored by default (timings mean nothing in a debug build); `scripts/bench.sh` runs it:
//!
//! ```text
//! MF_GATEWAY_LOAD_OUT=out.json cargo test --release --locked -p modelfund-gateway --test load -- --ignored --nocapture
//! ```
//!
//! It asserts correctness (every answer 200 with text, every voucher persisted), not speed: the
//! figures go to stdout and to `MF_GATEWAY_LOAD_OUT`.

mod common;

use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use common::*;
use modelfund_gateway::backend::{tinylm_loader, Backend, Builtin, Prompt};
use modelfund_gateway::store::{RequestLog, Store};
use serde_json::{json, Value};

/// The demo model's corpus: `scripts/model.sh` trains the same bytes from it.
const CORPUS: &str = include_str!("../../../packages/tinylm/corpus/modelfund.txt");
const PROMPT: &str = "Explain how a payment channel pays the gateway for each call.";
const MAX_TOKENS: u32 = 32;
/// Concurrent clients, each with its own channel and session key.
const CLIENTS: usize = 8;
/// Requests per client before measuring (connections, caches, the database warmed up).
const WARMUP: usize = 25;
/// Measured rounds per path, alternating direct and gateway so a busy neighbour on the shared
/// machine weighs on both alike.
const ROUNDS: usize = 2;
/// The production default of `channel_ttl_ms` (src/config.rs).
const CHANNEL_TTL: Duration = Duration::from_millis(2_000);

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn requests_per_client_per_round() -> usize {
    std::env::var("MF_GATEWAY_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500)
}

/// The direct path: the same built-in backend answering `/v1/completions`, no vouchers, no
/// database.
async fn direct_completion(
    State(backend): State<Arc<Builtin>>,
    Json(body): Json<Value>,
) -> Json<Value> {
    let prompt = Prompt::Text(body["prompt"].as_str().unwrap_or_default().to_string());
    let max_tokens = body["max_tokens"].as_u64().unwrap_or(16) as u32;
    let seed = body["seed"].as_u64().unwrap_or(0);
    let g = backend.generate(&prompt, max_tokens, seed).await.unwrap();
    Json(json!({
        "object": "text_completion", "model": MODEL,
        "choices": [{"index": 0, "text": g.text, "logprobs": null, "finish_reason": g.finish_reason}],
        "usage": {"prompt_tokens": g.prompt_tokens, "completion_tokens": g.completion_tokens,
                  "total_tokens": g.prompt_tokens + g.completion_tokens},
    }))
}

async fn serve_direct(artifact: &[u8]) -> (String, tokio::task::JoinHandle<()>) {
    let backend = Arc::new(Builtin::new(tinylm_loader()));
    backend.load(artifact).unwrap();
    let app = Router::new()
        .route("/v1/completions", post(direct_completion))
        .with_state(backend);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, server)
}

/// One client's planned calls: (seed, the paying header for the gateway: name and value).
type Plan = Vec<(u64, Option<(&'static str, String)>)>;

/// Sends `plan` in order to `url`; the latency of each call (request sent to body read).
async fn client(http: reqwest::Client, url: String, plan: Plan) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(plan.len());
    for (seed, paying) in plan {
        let body = json!({"prompt": PROMPT, "max_tokens": MAX_TOKENS, "seed": seed});
        let t = Instant::now();
        let mut req = http.post(&url).json(&body);
        if let Some((name, value)) = paying {
            req = req.header(name, value);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let json: Value = resp.json().await.unwrap();
        latencies.push(t.elapsed());
        assert_eq!(status, 200, "{url}: {json}");
        let text = json["choices"][0]["text"].as_str().unwrap_or_default();
        assert!(!text.is_empty(), "{url}: no text in {json}");
    }
    latencies
}

/// Runs one plan per client at once; the wall time and every latency.
async fn run(http: &reqwest::Client, url: &str, plans: Vec<Plan>) -> (Duration, Vec<Duration>) {
    let t = Instant::now();
    let tasks: Vec<_> = plans
        .into_iter()
        .map(|plan| tokio::spawn(client(http.clone(), url.to_string(), plan)))
        .collect();
    let mut all = vec![];
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    (t.elapsed(), all)
}

/// CPU time this process has used (user + system), from /proc/self/stat: clients and servers
/// alike, so a path's CPU per request includes its share of the load generator.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // fields after the command name (which may hold spaces): utime is the 12th, stime the 13th
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<u64> = rest
        .split(' ')
        .skip(11)
        .take(2)
        .map(|f| f.parse().unwrap())
        .collect();
    // USER_HZ is 100 on Linux
    Duration::from_millis((fields[0] + fields[1]) * 10)
}

#[derive(Default)]
struct Figures {
    wall: Duration,
    cpu: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn add(&mut self, (wall, latencies): (Duration, Vec<Duration>), cpu: Duration) {
        self.wall += wall;
        self.cpu += cpu;
        self.latencies.extend(latencies);
    }

    fn json(&mut self) -> Value {
        self.latencies.sort();
        let n = self.latencies.len();
        let ms = |d: Duration| (d.as_secs_f64() * 1e6).round() / 1e3;
        let mean = self.latencies.iter().sum::<Duration>() / n as u32;
        json!({
            "requests": n,
            "seconds": (self.wall.as_secs_f64() * 1e3).round() / 1e3,
            "requests_per_second": (n as f64 / self.wall.as_secs_f64()).round(),
            "p50_ms": ms(self.latencies[n / 2]),
            "p99_ms": ms(self.latencies[n * 99 / 100]),
            "mean_ms": ms(mean),
            "cpu_us_per_request": (self.cpu.as_secs_f64() * 1e6 / n as f64).round(),
        })
    }
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    (v[v.len() / 2].as_secs_f64() * 1e6).round()
}

/// Parts of a call timed alone (median microseconds): the model's completion (the same on both
/// paths), and what the gateway adds: the voucher's signature check and one synced commit of an
/// accepted voucher.
fn breakdown(artifact: &[u8]) -> Value {
    let model = modelfund_tinylm::Model::from_bytes(artifact).unwrap();
    let generate: Vec<Duration> = (0..500u64)
        .map(|seed| {
            let t = Instant::now();
            let c = model.complete(PROMPT, MAX_TOKENS, seed);
            let elapsed = t.elapsed();
            assert!(!c.text.is_empty());
            elapsed
        })
        .collect();
    let v = user_key(1).sign(&domain(), 1, 7 * PRICE);
    let key = user_key(1).public_key();
    let verify: Vec<Duration> = (0..500)
        .map(|_| {
            let t = Instant::now();
            modelfund_vouchers::verify(&key, &domain(), 1, v.amount, &v.signature).unwrap();
            t.elapsed()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("commit.sqlite")).unwrap();
    let answer = "x".repeat(600);
    let commit: Vec<Duration> = (1..=200u128)
        .map(|n| {
            let log = RequestLog {
                channel_id: 1,
                endpoint: "/v1/completions".into(),
                amount: n * PRICE,
                price: PRICE,
                ..Default::default()
            };
            let t = Instant::now();
            store
                .accept(1, n * PRICE, &v.signature, &answer, &log)
                .unwrap();
            t.elapsed()
        })
        .collect();
    json!({"generate_us": median(generate), "verify_signature_us": median(verify),
           "commit_voucher_us": median(commit)})
}

/// A gateway over its own stand-in chain (one channel per client, deposits large enough for the
/// run; one access user per client, credits and a grant to this gateway as large) serving
/// `artifact`, with its database in `dir`.
async fn gateway(artifact: &[u8], dir: tempfile::TempDir) -> Gateway {
    let ids: Vec<u64> = (1..=CLIENTS as u64).collect();
    let chain = MockChain::with_channels(&ids);
    for id in &ids {
        chain.edit(*id, |c| {
            c.deposit = cosmwasm_std::Uint128::new(PRICE * 1_000_000)
        });
        chain.fund_user(*id as u8, 1_000_000, 1_000_000);
    }
    let builtin = Arc::new(Builtin::new(tinylm_loader()));
    start_with(
        chain,
        Arc::new(dir),
        builtin,
        artifact,
        CHANNEL_TTL,
        Arc::new(AtomicUsize::new(0)),
    )
    .await
}

/// How a path's calls are paid.
#[derive(Clone, Copy, PartialEq)]
enum Pay {
    /// Not at all: the model served directly.
    Nothing,
    /// A voucher on the client's channel.
    Voucher,
    /// The client's credits (`X-Modelfund-Access`, a signed nonce), metered later in batches.
    Credits,
}

/// One path under load: where, how it is paid, the calls paid so far per client.
struct Path {
    name: &'static str,
    url: String,
    pay: Pay,
    gateway: Option<Gateway>,
    calls: Vec<u128>,
    figures: Figures,
}

impl Path {
    fn new(name: &'static str, pay: Pay, url: String, gateway: Option<Gateway>) -> Path {
        Path {
            name,
            url,
            pay,
            gateway,
            calls: vec![0; CLIENTS],
            figures: Figures::default(),
        }
    }

    /// A path through `gw`'s completions endpoint.
    fn gateway(name: &'static str, pay: Pay, gw: Gateway) -> Path {
        let url = format!("{}/v1/completions", gw.url);
        Path::new(name, pay, url, Some(gw))
    }

    /// Each client's next `n` calls: a seed (the same sequence on every path) and, for a gateway,
    /// its voucher, signed before the clock starts as a client would on its own machine.
    fn plans(&mut self, n: usize) -> Vec<Plan> {
        (0..CLIENTS)
            .map(|c| {
                (0..n)
                    .map(|_| {
                        let seed = (self.calls[c] as u64) * CLIENTS as u64 + c as u64;
                        self.calls[c] += 1;
                        let id = c as u64 + 1;
                        let paying = match self.pay {
                            Pay::Nothing => None,
                            Pay::Voucher => Some((
                                "X-Modelfund-Voucher",
                                user_key(id)
                                    .sign(&domain(), id, self.calls[c] * PRICE)
                                    .to_header(),
                            )),
                            Pay::Credits => Some((
                                "X-Modelfund-Access",
                                access_key(id as u8)
                                    .sign_access(
                                        &access_domain(),
                                        &access_user(id as u8),
                                        self.calls[c] as u64,
                                        None,
                                    )
                                    .to_header(),
                            )),
                        };
                        (seed, paying)
                    })
                    .collect()
            })
            .collect()
    }

    /// Every answered call's voucher is in the database: the channel's total and its log (for
    /// credits: the user's last nonce, and one pending usage per call).
    fn check_persisted(&self) {
        let Some(gw) = &self.gateway else { return };
        if self.pay == Pay::Credits {
            for (c, calls) in self.calls.iter().enumerate() {
                let user = access_user(c as u8 + 1);
                assert_eq!(gw.store.last_nonce(&user).unwrap(), *calls as u64, "{user}");
            }
            let (pending, _, _) = gw.store.usage_counts().unwrap();
            assert_eq!(pending as u128, self.calls.iter().sum::<u128>());
            return;
        }
        for (c, calls) in self.calls.iter().enumerate() {
            let id = c as u64 + 1;
            let accepted = gw.store.accepted(id).unwrap().unwrap();
            assert_eq!(
                accepted.amount,
                calls * PRICE,
                "{}: channel {id}",
                self.name
            );
            assert_eq!(gw.store.request_count(id).unwrap(), *calls as u64);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: run with --release -- --ignored --nocapture (scripts/bench.sh)"]
async fn gateway_load_against_the_direct_model() {
    let per_round = requests_per_client_per_round();
    let artifact = modelfund_tinylm::train(CORPUS, &modelfund_tinylm::TrainParams::default());

    let (direct_url, direct_server) = serve_direct(&artifact).await;
    let mut paths = vec![
        Path::new(
            "direct",
            Pay::Nothing,
            format!("{direct_url}/v1/completions"),
            None,
        ),
        Path::gateway("gateway", Pay::Voucher, gateway(&artifact, tempdir()).await),
    ];
    // for the diagnosis only: the same gateway with its database in memory (tmpfs), where a
    // commit's fsync costs nothing
    if let Ok(shm) = tempfile::tempdir_in("/dev/shm") {
        let gw = gateway(&artifact, shm).await;
        paths.push(Path::gateway("gateway_tmpfs", Pay::Voucher, gw));
    }
    // calls paid from credits: a signed nonce per call, the usage committed before the answer
    let gw = gateway(&artifact, tempdir()).await;
    paths.push(Path::gateway("gateway_credits", Pay::Credits, gw));
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();

    for p in paths.iter_mut() {
        let plans = p.plans(WARMUP);
        run(&http, &p.url, plans).await;
    }
    for _ in 0..ROUNDS {
        for p in paths.iter_mut() {
            let plans = p.plans(per_round);
            let cpu = cpu_time();
            let measured = run(&http, &p.url, plans).await;
            p.figures.add(measured, cpu_time() - cpu);
        }
    }
    direct_server.abort();
    for p in &paths {
        assert_eq!(
            p.calls.iter().sum::<u128>(),
            (CLIENTS * (WARMUP + ROUNDS * per_round)) as u128
        );
        p.check_persisted();
    }

    let mut by_path = serde_json::Map::new();
    for p in paths.iter_mut() {
        by_path.insert(p.name.into(), p.figures.json());
    }
    let (direct, gateway) = (&by_path["direct"], &by_path["gateway"]);
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    let mut figures = json!({
        "clients": CLIENTS,
        "requests_per_path": CLIENTS * ROUNDS * per_round,
        "warmup_per_client": WARMUP,
        "rounds": ROUNDS,
        "prompt": PROMPT,
        "max_tokens": MAX_TOKENS,
        "channel_ttl_ms": CHANNEL_TTL.as_millis() as u64,
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "throughput_ratio": ((f(gateway, "requests_per_second") / f(direct, "requests_per_second")) * 1e3).round() / 1e3,
        "added_p50_ms": ((f(gateway, "p50_ms") - f(direct, "p50_ms")) * 1e3).round() / 1e3,
        "breakdown": breakdown(&artifact),
    });
    for (k, v) in by_path {
        figures[k] = v;
    }
    let text = serde_json::to_string_pretty(&figures).unwrap();
    println!("{text}");
    if let Ok(path) = std::env::var("MF_GATEWAY_LOAD_OUT") {
        std::fs::write(&path, text + "\n").unwrap();
    }
}
