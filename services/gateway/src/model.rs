//! Verifiable model files: the registry's latest version of the model is fetched from its
//! storage URI, its sha256 checked against the version's `content_hash`, and only a match is
//! served. A mismatch is a loud error and the previous good version keeps serving.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use modelfund::registry::ModelVersion;
use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::backend::Builtin;
use crate::chain::Chain;
use crate::metrics::Metrics;

/// Largest artifact fetched (bytes).
pub const MAX_ARTIFACT_BYTES: usize = 1 << 30;

#[derive(Error, Debug, Clone)]
pub enum ModelError {
    #[error("unsupported storage URI '{0}' (file://, http(s)://, ipfs://, ar://)")]
    Uri(String),
    #[error("fetching {uri} failed: {message}")]
    Fetch { uri: String, message: String },
    #[error("the artifact of version {version} has sha256 {actual}, but the registry says {expected}: refused")]
    HashMismatch {
        version: String,
        expected: String,
        actual: String,
    },
    #[error("the runtime could not load version {version}: {message}")]
    Load { version: String, message: String },
}

/// The version being served.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Serving {
    pub index: u32,
    pub version: String,
    pub content_hash: String,
    pub uri: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ModelStatus {
    pub serving: Option<Serving>,
    /// The last refusal or failure (cleared when the latest version is served).
    pub last_error: Option<String>,
}

pub struct ModelManager {
    pub status: RwLock<ModelStatus>,
    http: reqwest::Client,
    ipfs_gateway: String,
    arweave_gateway: String,
    cache_dir: PathBuf,
    builtin: Option<Arc<Builtin>>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl ModelManager {
    pub fn new(
        ipfs_gateway: &str,
        arweave_gateway: &str,
        cache_dir: PathBuf,
        builtin: Option<Arc<Builtin>>,
    ) -> Result<Self, ModelError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(600))
            .build()
            .map_err(|e| ModelError::Fetch {
                uri: String::new(),
                message: e.to_string(),
            })?;
        Ok(ModelManager {
            status: RwLock::new(ModelStatus::default()),
            http,
            ipfs_gateway: ipfs_gateway.trim_end_matches('/').into(),
            arweave_gateway: arweave_gateway.trim_end_matches('/').into(),
            cache_dir,
            builtin,
        })
    }

    pub fn serving(&self) -> Option<Serving> {
        self.status.read().ok().and_then(|s| s.serving.clone())
    }

    pub fn snapshot(&self) -> ModelStatus {
        self.status.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// The HTTP(S) URL or local path an artifact URI resolves to.
    pub fn resolve(&self, uri: &str) -> Result<Source, ModelError> {
        if let Some(path) = uri.strip_prefix("file://") {
            return Ok(Source::File(PathBuf::from(path)));
        }
        if uri.starts_with("https://") || uri.starts_with("http://") {
            return Ok(Source::Http(uri.to_string()));
        }
        if let Some(cid) = uri.strip_prefix("ipfs://") {
            if !cid.is_empty() {
                return Ok(Source::Http(format!("{}/ipfs/{cid}", self.ipfs_gateway)));
            }
        }
        if let Some(id) = uri.strip_prefix("ar://") {
            if !id.is_empty() {
                return Ok(Source::Http(format!("{}/{id}", self.arweave_gateway)));
            }
        }
        Err(ModelError::Uri(uri.to_string()))
    }

    async fn fetch(&self, uri: &str) -> Result<Vec<u8>, ModelError> {
        let err = |m: String| ModelError::Fetch {
            uri: uri.to_string(),
            message: m,
        };
        match self.resolve(uri)? {
            Source::File(path) => tokio::fs::read(&path)
                .await
                .map_err(|e| err(format!("{}: {e}", path.display()))),
            Source::Http(url) => {
                let resp = self
                    .http
                    .get(&url)
                    .send()
                    .await
                    .map_err(|e| err(e.to_string()))?;
                if !resp.status().is_success() {
                    return Err(err(format!("{url} answered {}", resp.status())));
                }
                if resp
                    .content_length()
                    .is_some_and(|l| l > MAX_ARTIFACT_BYTES as u64)
                {
                    return Err(err("larger than 1 GiB".into()));
                }
                let bytes = resp.bytes().await.map_err(|e| err(e.to_string()))?;
                if bytes.len() > MAX_ARTIFACT_BYTES {
                    return Err(err("larger than 1 GiB".into()));
                }
                Ok(bytes.to_vec())
            }
        }
    }

    /// Serves `version` if its artifact matches its content hash; otherwise records the error
    /// and keeps what was served.
    pub async fn offer(&self, version: &ModelVersion, metrics: &Metrics) -> Result<(), ModelError> {
        if self
            .serving()
            .is_some_and(|s| s.content_hash == version.content_hash && s.index == version.index)
        {
            return Ok(());
        }
        let result = self.verify_and_load(version).await;
        let mut status = match self.status.write() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        match &result {
            Ok(()) => {
                status.serving = Some(Serving {
                    index: version.index,
                    version: version.version.clone(),
                    content_hash: version.content_hash.clone(),
                    uri: version.uri.clone(),
                });
                status.last_error = None;
                metrics.model_version.set(version.index as i64);
                tracing::info!(version = %version.version, hash = %version.content_hash, "serving verified model version");
            }
            Err(e) => {
                if matches!(e, ModelError::HashMismatch { .. }) {
                    metrics.artifact_mismatches.inc();
                }
                status.last_error = Some(e.to_string());
                tracing::error!(error = %e, version = %version.version, "model version refused; the previous version keeps serving");
            }
        }
        result
    }

    async fn verify_and_load(&self, version: &ModelVersion) -> Result<(), ModelError> {
        let expected = version.content_hash.to_ascii_lowercase();
        let cached = self.cache_dir.join(&expected);
        let bytes = match tokio::fs::read(&cached).await {
            Ok(b) if sha256_hex(&b) == expected => b,
            _ => {
                let b = self.fetch(&version.uri).await?;
                let actual = sha256_hex(&b);
                if actual != expected {
                    return Err(ModelError::HashMismatch {
                        version: version.version.clone(),
                        expected,
                        actual,
                    });
                }
                if tokio::fs::create_dir_all(&self.cache_dir).await.is_ok() {
                    let _ = tokio::fs::write(&cached, &b).await;
                }
                b
            }
        };
        if let Some(builtin) = &self.builtin {
            let b = builtin.clone();
            tokio::task::spawn_blocking(move || b.load(&bytes))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r)
                .map_err(|message| ModelError::Load {
                    version: version.version.clone(),
                    message,
                })?;
        }
        Ok(())
    }

    /// One poll of the registry.
    pub async fn poll(&self, chain: &dyn Chain, model_id: &str, metrics: &Metrics) {
        match chain.latest_version(model_id).await {
            Ok(v) => {
                let _ = self.offer(&v, metrics).await;
            }
            Err(e) => {
                metrics.chain_errors.inc();
                tracing::warn!(error = %e, "cannot read the model's latest version");
                if let Ok(mut s) = self.status.write() {
                    s.last_error = Some(format!("reading the registry: {e}"));
                }
            }
        }
    }
}

pub enum Source {
    File(PathBuf),
    Http(String),
}
