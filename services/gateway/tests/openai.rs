//! The OpenAI-compatible proxy backend against a stand-in server on 127.0.0.1.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use modelfund_gateway::backend::{Backend, BackendError, ChatMessage, OpenAi, Prompt};
use serde_json::{json, Value};

type Seen = Arc<Mutex<Vec<(String, Value)>>>;

async fn completions(
    State(seen): State<Seen>,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    seen.lock()
        .unwrap()
        .push(("/v1/completions".into(), body.clone()));
    if body["prompt"] == "fail" {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": "boom"})),
        );
    }
    (
        StatusCode::OK,
        Json(
            json!({"choices": [{"text": " world", "finish_reason": "length"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1}}),
        ),
    )
}

async fn chat(State(seen): State<Seen>, Json(body): Json<Value>) -> Json<Value> {
    seen.lock()
        .unwrap()
        .push(("/v1/chat/completions".into(), body));
    Json(
        json!({"choices": [{"message": {"role": "assistant", "content": "hi!"}, "finish_reason": "stop"}]}),
    )
}

#[tokio::test]
async fn the_proxy_forwards_completions_and_chats_and_reports_failures() {
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route("/v1/completions", post(completions))
        .route("/v1/chat/completions", post(chat))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let backend = OpenAi::new(&url, "my-model").unwrap();
    let g = backend
        .generate(&Prompt::Text("hello".into()), 5, 9)
        .await
        .unwrap();
    assert_eq!(
        (g.text.as_str(), g.prompt_tokens, g.completion_tokens),
        (" world", 1, 1)
    );
    assert_eq!(g.finish_reason, "length");
    let chat_prompt = Prompt::Chat(vec![ChatMessage {
        role: "user".into(),
        content: "hey there".into(),
    }]);
    let g = backend.generate(&chat_prompt, 7, 1).await.unwrap();
    assert_eq!(g.text, "hi!");
    // no usage in the answer: estimated at 4 bytes per token
    assert_eq!(g.completion_tokens, 1);
    assert_eq!(g.prompt_tokens, backend.count_tokens(&chat_prompt));
    let err = backend
        .generate(&Prompt::Text("fail".into()), 5, 9)
        .await
        .unwrap_err();
    assert!(
        matches!(err, BackendError::Failed(ref m) if m.contains("500")),
        "{err}"
    );

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].0, "/v1/completions");
    assert_eq!(
        seen[0].1,
        json!({"model": "my-model", "prompt": "hello", "max_tokens": 5, "seed": 9})
    );
    assert_eq!(seen[1].0, "/v1/chat/completions");
    assert_eq!(seen[1].1["messages"][0]["content"], "hey there");
    assert_eq!(seen[1].1["max_tokens"], 7);
    server.abort();

    // a server that is not there
    let gone = OpenAi::new(&url, "my-model").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(matches!(
        gone.generate(&Prompt::Text("x".into()), 1, 1).await,
        Err(BackendError::Failed(_))
    ));
}
