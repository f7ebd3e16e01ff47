//! Configuration: a JSON file (`--config`), every field of which a flag overrides.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Parser;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Error, Debug)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the config file {path} is not valid JSON for the gateway: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

/// Which model runtime answers the calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BackendConfig {
    /// The built-in runtime: runs the verified artifact of the model's latest version.
    Builtin,
    /// An OpenAI-compatible server (vLLM, llama.cpp's server, Ollama): `<url>/v1/completions`
    /// and `<url>/v1/chat/completions`.
    Openai { url: String },
}

/// The gateway's settings (the JSON file's shape; every field has a flag).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The node's REST API (LCD), e.g. `http://127.0.0.1:1317`: queries and broadcast.
    pub rest: String,
    pub chain_id: String,
    /// Bech32 prefix of the chain's addresses.
    #[serde(default = "default_prefix")]
    pub prefix: String,
    pub registry: String,
    pub access: String,
    pub channels: String,
    /// The model (registry token id) this gateway serves.
    pub model_id: String,
    /// File holding the gateway's secp256k1 secret key as 64 hex characters (a plain Cosmos
    /// key; its address is the channels' `gateway`).
    pub key_file: PathBuf,
    pub backend: BackendConfig,
    /// Settle at least this often (seconds) while anything is unclaimed.
    #[serde(default = "default_settle_interval")]
    pub settle_interval_seconds: u64,
    /// Settle at once when the unclaimed value (base units, all channels) exceeds this.
    #[serde(default)]
    pub settle_above: Option<u128>,
    /// Settle at once when the calls answered from credits and leases and not yet metered on
    /// chain exceed this.
    #[serde(default)]
    pub settle_above_calls: Option<u64>,
    /// Listen address; only loopback addresses are accepted.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The SQLite database of accepted vouchers and the request log.
    pub database: PathBuf,
    /// HTTP gateway for `ipfs://<cid>` (the CID is appended after `/ipfs/`).
    #[serde(default = "default_ipfs")]
    pub ipfs_gateway: String,
    /// HTTP gateway for `ar://<id>` (the id is appended).
    #[serde(default = "default_arweave")]
    pub arweave_gateway: String,
    /// Where verified artifacts are kept, by content hash.
    pub cache_dir: PathBuf,
    /// How often the registry's latest version is polled (seconds).
    #[serde(default = "default_model_poll")]
    pub model_poll_seconds: u64,
    /// How long a channel read from the chain is trusted (milliseconds).
    #[serde(default = "default_channel_ttl")]
    pub channel_ttl_ms: u64,
    /// Largest request body accepted (bytes).
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// Largest `max_tokens` a request may ask for.
    #[serde(default = "default_max_tokens_cap")]
    pub max_tokens_cap: u32,
    /// Gas price of the settlement transaction, e.g. `160000000inj`.
    #[serde(default = "default_gas_price")]
    pub gas_price: String,
    /// Simulated gas is multiplied by this.
    #[serde(default = "default_gas_adjustment")]
    pub gas_adjustment: f64,
    /// Web pages (origins) that may call the gateway from a browser: `*`, an origin such as
    /// `https://app.example.org`, or one with any port (`http://127.0.0.1:*`). Default: the
    /// loopback interface on any port. `[]` sends no CORS headers.
    #[serde(default = "crate::cors::default_origins")]
    pub cors_allowed_origins: Vec<String>,
}

fn default_prefix() -> String {
    "inj".into()
}
fn default_settle_interval() -> u64 {
    60
}
fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8088))
}
fn default_ipfs() -> String {
    "http://127.0.0.1:8080".into()
}
fn default_arweave() -> String {
    "https://arweave.net".into()
}
fn default_model_poll() -> u64 {
    30
}
fn default_channel_ttl() -> u64 {
    2_000
}
fn default_max_body() -> usize {
    64 * 1024
}
fn default_max_tokens_cap() -> u32 {
    512
}
fn default_gas_price() -> String {
    "160000000inj".into()
}
fn default_gas_adjustment() -> f64 {
    1.5
}

/// `modelfund-gateway [--config FILE] [flags]`: flags override the file.
#[derive(Parser, Debug, Default)]
#[command(
    name = "modelfund-gateway",
    version,
    about = "The Modelfund inference gateway"
)]
pub struct Args {
    /// JSON config file (docs/gateway.md)
    #[arg(long, env = "MODELFUND_GATEWAY_CONFIG")]
    pub config: Option<PathBuf>,
    #[arg(long)]
    pub rest: Option<String>,
    #[arg(long)]
    pub chain_id: Option<String>,
    #[arg(long)]
    pub prefix: Option<String>,
    #[arg(long)]
    pub registry: Option<String>,
    #[arg(long)]
    pub access: Option<String>,
    #[arg(long)]
    pub channels: Option<String>,
    #[arg(long)]
    pub model_id: Option<String>,
    #[arg(long)]
    pub key_file: Option<PathBuf>,
    /// `builtin` or the URL of an OpenAI-compatible server
    #[arg(long)]
    pub backend: Option<String>,
    #[arg(long)]
    pub settle_interval_seconds: Option<u64>,
    #[arg(long)]
    pub settle_above: Option<u128>,
    #[arg(long)]
    pub settle_above_calls: Option<u64>,
    #[arg(long)]
    pub listen: Option<SocketAddr>,
    #[arg(long)]
    pub database: Option<PathBuf>,
    #[arg(long)]
    pub ipfs_gateway: Option<String>,
    #[arg(long)]
    pub arweave_gateway: Option<String>,
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
    #[arg(long)]
    pub model_poll_seconds: Option<u64>,
    #[arg(long)]
    pub channel_ttl_ms: Option<u64>,
    #[arg(long)]
    pub max_body_bytes: Option<usize>,
    #[arg(long)]
    pub max_tokens_cap: Option<u32>,
    #[arg(long)]
    pub gas_price: Option<String>,
    #[arg(long)]
    pub gas_adjustment: Option<f64>,
    /// Comma-separated origins allowed to call from a browser (`*`, `https://app.example.org`,
    /// `http://127.0.0.1:*`); an empty value allows none
    #[arg(long, value_delimiter = ',')]
    pub cors_allowed_origins: Option<Vec<String>>,
    /// Print the gateway key's address and exit
    #[arg(long)]
    pub print_address: bool,
}

impl Config {
    /// The file (if any) with the flags laid over it; then validated.
    pub fn load(args: &Args) -> Result<Config, ConfigError> {
        let mut value = match &args.config {
            Some(path) => read_json(path)?,
            None => serde_json::Value::Object(Default::default()),
        };
        let obj = value.as_object_mut().ok_or_else(|| {
            ConfigError::Invalid("the config file must hold a JSON object".into())
        })?;
        let mut set = |key: &str, v: Option<serde_json::Value>| {
            if let Some(v) = v {
                obj.insert(key.to_string(), v);
            }
        };
        let s = |v: &Option<String>| v.clone().map(serde_json::Value::from);
        let p = |v: &Option<PathBuf>| v.as_ref().map(|p| p.display().to_string().into());
        set("rest", s(&args.rest));
        set("chain_id", s(&args.chain_id));
        set("prefix", s(&args.prefix));
        set("registry", s(&args.registry));
        set("access", s(&args.access));
        set("channels", s(&args.channels));
        set("model_id", s(&args.model_id));
        set("key_file", p(&args.key_file));
        set(
            "backend",
            args.backend.as_ref().map(|b| {
                if b == "builtin" {
                    serde_json::json!({"kind": "builtin"})
                } else {
                    serde_json::json!({"kind": "openai", "url": b})
                }
            }),
        );
        set(
            "settle_interval_seconds",
            args.settle_interval_seconds.map(Into::into),
        );
        set(
            "settle_above",
            args.settle_above.map(|v| serde_json::json!(v)),
        );
        set(
            "settle_above_calls",
            args.settle_above_calls.map(|v| serde_json::json!(v)),
        );
        set("listen", args.listen.map(|l| l.to_string().into()));
        set("database", p(&args.database));
        set("ipfs_gateway", s(&args.ipfs_gateway));
        set("arweave_gateway", s(&args.arweave_gateway));
        set("cache_dir", p(&args.cache_dir));
        set(
            "model_poll_seconds",
            args.model_poll_seconds.map(Into::into),
        );
        set("channel_ttl_ms", args.channel_ttl_ms.map(Into::into));
        set("max_body_bytes", args.max_body_bytes.map(Into::into));
        set("max_tokens_cap", args.max_tokens_cap.map(Into::into));
        set("gas_price", s(&args.gas_price));
        set("gas_adjustment", args.gas_adjustment.map(Into::into));
        set(
            "cors_allowed_origins",
            args.cors_allowed_origins.as_ref().map(|v| {
                v.iter()
                    .map(|o| o.trim())
                    .filter(|o| !o.is_empty())
                    .collect::<Vec<_>>()
                    .into()
            }),
        );
        let config: Config = serde_json::from_value(value).map_err(|e| ConfigError::Parse {
            path: args.config.clone().unwrap_or_else(|| "<flags>".into()),
            source: e,
        })?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        if !self.listen.ip().is_loopback() {
            return bad(format!(
                "listen address {} is not a loopback address: the gateway binds 127.0.0.1 only (put a TLS proxy in front)",
                self.listen
            ));
        }
        for (name, url) in [
            ("rest", &self.rest),
            ("ipfs_gateway", &self.ipfs_gateway),
            ("arweave_gateway", &self.arweave_gateway),
        ] {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return bad(format!("{name} '{url}' must be an http:// or https:// URL"));
            }
        }
        if let BackendConfig::Openai { url } = &self.backend {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return bad(format!("backend URL '{url}' must be http:// or https://"));
            }
        }
        for (name, addr) in [
            ("registry", &self.registry),
            ("access", &self.access),
            ("channels", &self.channels),
        ] {
            if !addr.starts_with(&format!("{}1", self.prefix)) {
                return bad(format!("{name} '{addr}' is not a {} address", self.prefix));
            }
        }
        if self.model_id.is_empty() || self.chain_id.is_empty() {
            return bad("model_id and chain_id must not be empty".into());
        }
        if self.settle_interval_seconds == 0 || self.model_poll_seconds == 0 {
            return bad("settle_interval_seconds and model_poll_seconds must be positive".into());
        }
        if self.max_tokens_cap == 0 || self.max_body_bytes == 0 {
            return bad("max_tokens_cap and max_body_bytes must be positive".into());
        }
        if !(1.0..=10.0).contains(&self.gas_adjustment) {
            return bad("gas_adjustment must be between 1 and 10".into());
        }
        crate::chain::parse_gas_price(&self.gas_price).map_err(ConfigError::Invalid)?;
        self.cors()?;
        Ok(())
    }

    /// The CORS rules of `cors_allowed_origins`.
    pub fn cors(&self) -> Result<crate::cors::Cors, ConfigError> {
        crate::cors::Cors::new(&self.cors_allowed_origins).map_err(ConfigError::Invalid)
    }
}

fn read_json(path: &Path) -> Result<serde_json::Value, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
        path: path.into(),
        source: e,
    })?;
    serde_json::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.into(),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> serde_json::Value {
        serde_json::json!({
            "rest": "http://127.0.0.1:1317", "chain_id": "injective-777",
            "registry": "inj1registry", "access": "inj1access", "channels": "inj1channels",
            "model_id": "m", "key_file": "/k", "backend": {"kind": "builtin"},
            "database": "/db", "cache_dir": "/c"
        })
    }

    #[test]
    fn flags_override_the_file_and_bad_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.json");
        std::fs::write(&path, base().to_string()).unwrap();
        let args = Args {
            config: Some(path.clone()),
            model_id: Some("other".into()),
            backend: Some("http://127.0.0.1:9000".into()),
            listen: Some("127.0.0.1:9999".parse().unwrap()),
            ..Default::default()
        };
        let c = Config::load(&args).unwrap();
        assert_eq!(c.model_id, "other");
        assert_eq!(
            c.backend,
            BackendConfig::Openai {
                url: "http://127.0.0.1:9000".into()
            }
        );
        assert_eq!(c.listen.port(), 9999);
        assert_eq!(c.settle_interval_seconds, 60);
        assert_eq!(c.cors_allowed_origins, crate::cors::default_origins());
        // the flag replaces the list; an empty value allows no page
        let c = Config::load(&Args {
            config: Some(path.clone()),
            cors_allowed_origins: Some(vec![
                "https://app.example.org".into(),
                " http://localhost:* ".into(),
            ]),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            c.cors_allowed_origins,
            ["https://app.example.org", "http://localhost:*"]
        );
        assert!(c.cors().unwrap().allows("http://localhost:8137"));
        let c = Config::load(&Args {
            config: Some(path.clone()),
            cors_allowed_origins: Some(vec!["".into()]),
            ..Default::default()
        })
        .unwrap();
        assert!(c.cors_allowed_origins.is_empty());
        assert!(!c.cors().unwrap().allows("http://127.0.0.1:8137"));

        let refused = |args: Args| Config::load(&args).unwrap_err().to_string();
        let e = refused(Args {
            config: Some(path.clone()),
            listen: Some("0.0.0.0:8088".parse().unwrap()),
            ..Default::default()
        });
        assert!(e.contains("loopback"), "{e}");
        let e = refused(Args {
            config: Some(path.clone()),
            channels: Some("cosmos1x".into()),
            ..Default::default()
        });
        assert!(e.contains("not a inj address"), "{e}");
        let e = refused(Args {
            config: Some(path.clone()),
            gas_price: Some("abc".into()),
            ..Default::default()
        });
        assert!(e.contains("gas price"), "{e}");
        let e = refused(Args {
            config: Some(path.clone()),
            cors_allowed_origins: Some(vec!["http://127.0.0.1:8137/".into()]),
            ..Default::default()
        });
        assert!(e.contains("cors origin"), "{e}");
        let e = refused(Args {
            config: Some(dir.path().join("missing.json")),
            ..Default::default()
        });
        assert!(e.contains("cannot read"), "{e}");
        let mut extra = base();
        extra["unknown"] = 1.into();
        std::fs::write(&path, extra.to_string()).unwrap();
        let e = refused(Args {
            config: Some(path),
            ..Default::default()
        });
        assert!(e.contains("unknown field"), "{e}");
    }
}
