//! Prometheus metrics (`GET /metrics`, text exposition format).

use std::sync::atomic::AtomicU64;
use std::sync::Mutex;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

type Labels = Vec<(String, String)>;

pub struct Metrics {
    registry: Mutex<Registry>,
    /// Requests by endpoint and HTTP status.
    pub requests: Family<Labels, Counter>,
    /// Vouchers accepted (each paid one answer).
    pub vouchers_accepted: Counter,
    /// Accepted but not yet claimed on chain, base units of the channels' denom.
    pub unclaimed_value: Gauge<f64, AtomicU64>,
    /// Settlement transactions by result (`ok` / `error`).
    pub settlements: Family<Labels, Counter>,
    /// Vouchers settled on chain.
    pub vouchers_settled: Counter,
    /// Failed chain reads and transactions.
    pub chain_errors: Counter,
    /// Model artifacts whose sha256 did not match the registry's content hash.
    pub artifact_mismatches: Counter,
    /// The registry version index being served (0 = none yet).
    pub model_version: Gauge,
    /// Calls answered from credits or a lease (`X-Modelfund-Access`).
    pub usages_accepted: Counter,
    /// Calls answered from credits or leases and not yet in a `consume_batch` on chain.
    pub usages_pending: Gauge,
    /// Calls settled on chain by `consume_batch`.
    pub usages_settled: Counter,
    /// Calls the chain refused on their own (rights spent elsewhere): answered, never paid.
    pub usages_refused: Counter,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("modelfund_gateway");
        let m = Metrics {
            registry: Mutex::new(Registry::default()),
            requests: Family::default(),
            vouchers_accepted: Counter::default(),
            unclaimed_value: Gauge::default(),
            settlements: Family::default(),
            vouchers_settled: Counter::default(),
            chain_errors: Counter::default(),
            artifact_mismatches: Counter::default(),
            model_version: Gauge::default(),
            usages_accepted: Counter::default(),
            usages_pending: Gauge::default(),
            usages_settled: Counter::default(),
            usages_refused: Counter::default(),
        };
        registry.register(
            "requests",
            "Requests by endpoint and status",
            m.requests.clone(),
        );
        registry.register(
            "vouchers_accepted",
            "Vouchers accepted",
            m.vouchers_accepted.clone(),
        );
        registry.register(
            "unclaimed_value",
            "Accepted but not yet claimed, in base units",
            m.unclaimed_value.clone(),
        );
        registry.register(
            "settlements",
            "Settlement transactions by result",
            m.settlements.clone(),
        );
        registry.register(
            "vouchers_settled",
            "Vouchers settled on chain",
            m.vouchers_settled.clone(),
        );
        registry.register(
            "chain_errors",
            "Failed chain reads and transactions",
            m.chain_errors.clone(),
        );
        registry.register(
            "artifact_mismatches",
            "Model artifacts refused for a wrong sha256",
            m.artifact_mismatches.clone(),
        );
        registry.register(
            "model_version",
            "Registry version index being served",
            m.model_version.clone(),
        );
        registry.register(
            "usages_accepted",
            "Calls answered from credits or leases",
            m.usages_accepted.clone(),
        );
        registry.register(
            "usages_pending",
            "Calls answered from credits or leases, not yet consumed on chain",
            m.usages_pending.clone(),
        );
        registry.register(
            "usages_settled",
            "Calls consumed on chain by consume_batch",
            m.usages_settled.clone(),
        );
        registry.register(
            "usages_refused",
            "Answered calls the chain refused to consume",
            m.usages_refused.clone(),
        );
        if let Ok(mut r) = m.registry.lock() {
            *r = registry;
        }
        m
    }

    pub fn request(&self, endpoint: &str, status: u16) {
        self.requests
            .get_or_create(&vec![
                ("endpoint".to_string(), endpoint.to_string()),
                ("status".to_string(), status.to_string()),
            ])
            .inc();
    }

    pub fn settlement(&self, ok: bool) {
        let result = if ok { "ok" } else { "error" };
        self.settlements
            .get_or_create(&vec![("result".to_string(), result.to_string())])
            .inc();
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Ok(r) = self.registry.lock() {
            // writing to a String cannot fail
            let _ = encode(&mut out, &r);
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
