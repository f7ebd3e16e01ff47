//! Backends that answer the calls: an OpenAI-compatible HTTP server the gateway proxies to, or
//! the built-in runtime running the verified model artifact.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use thiserror::Error;

#[derive(Error, Debug, Clone)]
pub enum BackendError {
    #[error("the backend failed: {0}")]
    Failed(String),
    #[error("no verified model is loaded yet")]
    NotReady,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: String,
    pub content: String,
}

/// What the caller asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Prompt {
    Text(String),
    Chat(Vec<ChatMessage>),
}

impl Prompt {
    /// The chat as one text prompt (for runtimes without a chat template).
    pub fn as_text(&self) -> String {
        match self {
            Prompt::Text(t) => t.clone(),
            Prompt::Chat(messages) => {
                let mut out = String::new();
                for m in messages {
                    out.push_str(&m.role);
                    out.push_str(": ");
                    out.push_str(&m.content);
                    out.push('\n');
                }
                out.push_str("assistant:");
                out
            }
        }
    }
}

/// One generated answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generation {
    pub text: String,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub finish_reason: String,
}

#[async_trait]
pub trait Backend: Send + Sync {
    /// Tokens of the prompt as this backend counts them (a `kilo_tokens` plan is priced before
    /// generating, on prompt tokens plus `max_tokens`).
    fn count_tokens(&self, prompt: &Prompt) -> u32;
    async fn generate(
        &self,
        prompt: &Prompt,
        max_tokens: u32,
        seed: u64,
    ) -> Result<Generation, BackendError>;
}

/// A model runtime loaded from verified artifact bytes.
pub trait Runtime: Send + Sync {
    fn name(&self) -> String;
    fn count_tokens(&self, text: &str) -> u32;
    fn complete(&self, prompt: &str, max_tokens: u32, seed: u64) -> Generation;
}

/// Turns verified artifact bytes into a runtime.
pub type Loader = Arc<dyn Fn(&[u8]) -> Result<Arc<dyn Runtime>, String> + Send + Sync>;

/// The built-in backend: whatever verified runtime the model manager loaded last.
pub struct Builtin {
    loader: Loader,
    current: RwLock<Option<Arc<dyn Runtime>>>,
}

impl Builtin {
    pub fn new(loader: Loader) -> Self {
        Builtin {
            loader,
            current: RwLock::new(None),
        }
    }

    /// Loads verified bytes; on error the previous runtime stays.
    pub fn load(&self, bytes: &[u8]) -> Result<(), String> {
        let runtime = (self.loader)(bytes)?;
        let mut guard = self.current.write().map_err(|_| "runtime lock poisoned")?;
        *guard = Some(runtime);
        Ok(())
    }

    fn runtime(&self) -> Option<Arc<dyn Runtime>> {
        self.current.read().ok().and_then(|g| g.clone())
    }
}

#[async_trait]
impl Backend for Builtin {
    fn count_tokens(&self, prompt: &Prompt) -> u32 {
        match self.runtime() {
            Some(r) => r.count_tokens(&prompt.as_text()),
            None => approx_tokens(&prompt.as_text()),
        }
    }

    async fn generate(
        &self,
        prompt: &Prompt,
        max_tokens: u32,
        seed: u64,
    ) -> Result<Generation, BackendError> {
        let runtime = self.runtime().ok_or(BackendError::NotReady)?;
        let text = prompt.as_text();
        tokio::task::spawn_blocking(move || runtime.complete(&text, max_tokens, seed))
            .await
            .map_err(|e| BackendError::Failed(e.to_string()))
    }
}

/// About four bytes per token: the estimate for backends that do not say (the OpenAI proxy
/// prices a `kilo_tokens` plan with it before the call).
pub fn approx_tokens(text: &str) -> u32 {
    u32::try_from(text.len().div_ceil(4)).unwrap_or(u32::MAX)
}

/// An OpenAI-compatible server (vLLM, llama.cpp's server, Ollama).
pub struct OpenAi {
    http: reqwest::Client,
    url: String,
    model: String,
}

impl OpenAi {
    pub fn new(url: &str, model: &str) -> Result<Self, BackendError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|e| BackendError::Failed(e.to_string()))?;
        Ok(OpenAi {
            http,
            url: url.trim_end_matches('/').to_string(),
            model: model.into(),
        })
    }
}

#[async_trait]
impl Backend for OpenAi {
    fn count_tokens(&self, prompt: &Prompt) -> u32 {
        approx_tokens(&prompt.as_text())
    }

    async fn generate(
        &self,
        prompt: &Prompt,
        max_tokens: u32,
        seed: u64,
    ) -> Result<Generation, BackendError> {
        let (path, body) = match prompt {
            Prompt::Text(p) => (
                "/v1/completions",
                json!({"model": self.model, "prompt": p, "max_tokens": max_tokens, "seed": seed}),
            ),
            Prompt::Chat(m) => (
                "/v1/chat/completions",
                json!({"model": self.model, "messages": m, "max_tokens": max_tokens, "seed": seed}),
            ),
        };
        let resp = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .await
            .map_err(|e| BackendError::Failed(e.to_string()))?;
        let status = resp.status();
        let value: Value = resp
            .json()
            .await
            .map_err(|e| BackendError::Failed(format!("{status}: {e}")))?;
        if !status.is_success() {
            return Err(BackendError::Failed(format!("{status}: {value}")));
        }
        let choice = &value["choices"][0];
        let text = match prompt {
            Prompt::Text(_) => choice["text"].as_str(),
            Prompt::Chat(_) => choice["message"]["content"].as_str(),
        }
        .ok_or_else(|| BackendError::Failed(format!("no answer in {value}")))?
        .to_string();
        let usage = &value["usage"];
        let count = |k: &str| usage[k].as_u64().map(|n| n.min(u32::MAX as u64) as u32);
        Ok(Generation {
            prompt_tokens: count("prompt_tokens").unwrap_or_else(|| self.count_tokens(prompt)),
            completion_tokens: count("completion_tokens").unwrap_or_else(|| approx_tokens(&text)),
            finish_reason: choice["finish_reason"]
                .as_str()
                .unwrap_or("stop")
                .to_string(),
            text,
        })
    }
}

/// The built-in runtime: a `modelfund-tinylm` model loaded from the verified artifact.
pub struct TinyLm(modelfund_tinylm::Model);

impl Runtime for TinyLm {
    fn name(&self) -> String {
        self.0.name().to_string()
    }

    fn count_tokens(&self, text: &str) -> u32 {
        self.0.count_tokens(text)
    }

    fn complete(&self, prompt: &str, max_tokens: u32, seed: u64) -> Generation {
        let c = self.0.complete(prompt, max_tokens, seed);
        Generation {
            text: c.text,
            prompt_tokens: c.prompt_tokens,
            completion_tokens: c.completion_tokens,
            finish_reason: c.finish_reason.as_str().to_string(),
        }
    }
}

/// The built-in runtime's loader: the artifact must be a valid `modelfund-tinylm` model.
pub fn tinylm_loader() -> Loader {
    Arc::new(|bytes: &[u8]| -> Result<Arc<dyn Runtime>, String> {
        let model = modelfund_tinylm::Model::from_bytes(bytes).map_err(|e| e.to_string())?;
        Ok(Arc::new(TinyLm(model)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_builtin_backend_runs_a_trained_tinylm_artifact_and_refuses_garbage() {
        let corpus = "the model answers the call . the gateway serves the model .\n\n\
                      the holders own the model and the gateway pays the holders .";
        let artifact = modelfund_tinylm::train(corpus, &modelfund_tinylm::TrainParams::default());
        let builtin = Builtin::new(tinylm_loader());
        let prompt = Prompt::Text("the gateway".into());
        assert!(matches!(
            builtin.generate(&prompt, 4, 1).await,
            Err(BackendError::NotReady)
        ));
        assert!(builtin.load(b"not a model").is_err());
        builtin.load(&artifact).unwrap();
        let a = builtin.generate(&prompt, 4, 7).await.unwrap();
        let b = builtin.generate(&prompt, 4, 7).await.unwrap();
        assert_eq!(a, b, "seeded completions are deterministic");
        assert!(
            a.completion_tokens >= 1 && a.completion_tokens <= 4,
            "{a:?}"
        );
        assert_eq!(a.prompt_tokens, 2);
        assert!(a.finish_reason == "length" || a.finish_reason == "stop");
        assert_eq!(builtin.count_tokens(&prompt), 2);
        // garbage after a good model leaves the good one loaded
        assert!(builtin.load(&artifact[..artifact.len() / 2]).is_err());
        assert_eq!(builtin.generate(&prompt, 4, 7).await.unwrap(), a);
    }
}
