//! CORS against a gateway on 127.0.0.1: a page from an allowed origin gets its preflight
//! answered and may read the paid answer; another origin's preflight is refused with 403; calls
//! without an `Origin` (curl, the CLI) are unchanged.

mod common;

use common::*;
use modelfund_gateway::cors::{Cors, ALLOW_HEADERS};
use reqwest::{Method, StatusCode};
use serde_json::json;

const PAGE: &str = "http://127.0.0.1:8157";

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

async fn preflight(gw: &Gateway, path: &str, origin: &str) -> reqwest::Response {
    gw.http
        .request(Method::OPTIONS, format!("{}{path}", gw.url))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "content-type,x-modelfund-voucher",
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_allowed_page_gets_its_preflight_and_reads_the_paid_answer() {
    // the default: any port of the loopback interface (the page of scripts/web.sh serve)
    let gw = start_cors(MockChain::with_channels(&[1]), Cors::loopback()).await;
    for path in ["/v1/chat/completions", "/v1/completions", "/v1/models"] {
        let r = preflight(&gw, path, PAGE).await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&r, "access-control-allow-origin").as_deref(),
            Some(PAGE)
        );
        let methods = header(&r, "access-control-allow-methods").unwrap();
        assert!(
            methods.contains("POST") && methods.contains("GET"),
            "{methods}"
        );
        let allowed = header(&r, "access-control-allow-headers").unwrap();
        assert_eq!(allowed, ALLOW_HEADERS);
        assert!(allowed.contains("x-modelfund-voucher") && allowed.contains("content-type"));
        assert_eq!(header(&r, "access-control-max-age").as_deref(), Some("600"));
        assert!(header(&r, "vary").unwrap().contains("origin"));
        assert!(header(&r, "access-control-allow-private-network").is_none());
    }
    // Chromium's private network access preflight
    let r = gw
        .http
        .request(Method::OPTIONS, format!("{}/v1/chat/completions", gw.url))
        .header("Origin", "http://localhost:8137")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Private-Network", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&r, "access-control-allow-private-network").as_deref(),
        Some("true")
    );
    assert_eq!(
        gw.calls.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a preflight reaches no model"
    );

    // the paid call itself carries the origin back and exposes the replay header
    let r = paid_chat_from_page(&gw, PRICE).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    assert_eq!(
        header(&r, "access-control-expose-headers").as_deref(),
        Some("x-modelfund-replayed")
    );
    // an error answer too (the page reads the sentence of a 402)
    let r = paid_chat_from_page(&gw, PRICE + 1).await;
    assert_eq!(r.status(), StatusCode::PAYMENT_REQUIRED);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "underpaid");
}

#[tokio::test]
async fn another_origin_is_refused_and_calls_without_origin_are_unchanged() {
    let gw = start_cors(MockChain::with_channels(&[1]), Cors::loopback()).await;
    for origin in [
        "https://evil.example",
        "http://127.0.0.1.evil.example:8157",
        "https://127.0.0.1:8157",
        "null",
    ] {
        let r = preflight(&gw, "/v1/chat/completions", origin).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{origin}");
        assert!(
            header(&r, "access-control-allow-origin").is_none(),
            "{origin}"
        );
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "origin_not_allowed");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.ends_with('.') && message.contains("cors_allowed_origins"),
            "{message}"
        );
    }
    // a request from that origin is answered without CORS headers: the browser hides it
    let r = gw
        .http
        .get(format!("{}/v1/models", gw.url))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(header(&r, "access-control-allow-origin").is_none());
    // no Origin: no CORS headers, the API as before (OPTIONS is not a method of the endpoints)
    let r = gw
        .http
        .get(format!("{}/v1/models", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(header(&r, "access-control-allow-origin").is_none());
    let r = gw
        .http
        .request(Method::OPTIONS, format!("{}/v1/chat/completions", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(gw.calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    // the metrics count preflights by status
    let metrics = gw.metrics.render();
    assert!(
        metrics.contains(r#"endpoint="preflight",status="403""#),
        "{metrics}"
    );
}

#[tokio::test]
async fn configured_origins_replace_the_default_and_an_empty_list_allows_none() {
    let gw = start_cors(
        MockChain::with_channels(&[1]),
        Cors::new(&["https://app.example.org".to_string()]).unwrap(),
    )
    .await;
    let r = preflight(&gw, "/v1/chat/completions", "https://app.example.org").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some("https://app.example.org")
    );
    let r = preflight(&gw, "/v1/chat/completions", PAGE).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "loopback is no longer allowed"
    );

    let gw = start_cors(MockChain::with_channels(&[1]), Cors::new(&[]).unwrap()).await;
    let r = preflight(&gw, "/v1/chat/completions", PAGE).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(header(&r, "access-control-allow-origin").is_none());
}

/// A chat completion sent from the page's origin, paid by channel 1's voucher for `amount`.
async fn paid_chat_from_page(gw: &Gateway, amount: u128) -> reqwest::Response {
    gw.http
        .post(format!("{}/v1/chat/completions", gw.url))
        .header("Origin", PAGE)
        .header(
            "X-Modelfund-Voucher",
            user_key(1).sign(&domain(), 1, amount).to_header(),
        )
        .json(&json!({"messages": [{"role": "user", "content": "hi"}], "max_tokens": 4}))
        .send()
        .await
        .unwrap()
}
