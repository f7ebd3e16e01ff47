//! The HTTP API against a stand-in chain: the happy paths, every bad input with its status and
//! JSON error, and that nothing unpaid reaches the model.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use common::*;
use modelfund::access::MeteredUnit;
use modelfund::channels::ChannelStatus;
use modelfund_vouchers::{Domain, SessionKey};
use serde_json::json;

async fn gateway(ids: &[u64]) -> Gateway {
    start(
        MockChain::with_channels(ids),
        Arc::new(tempfile::tempdir().unwrap()),
    )
    .await
}

#[tokio::test]
async fn paid_completions_and_chat_are_answered_and_recorded() {
    let gw = gateway(&[1]).await;
    let (status, body, replayed) = gw.complete(1, PRICE).await;
    assert_eq!(status, 200, "{body}");
    assert!(!replayed);
    assert_eq!(body["object"], "text_completion");
    assert_eq!(body["model"], MODEL);
    assert!(body["choices"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("hello there model"));
    assert_eq!(body["usage"]["prompt_tokens"], 3);
    assert_eq!(body["modelfund"]["price"], PRICE.to_string());
    assert_eq!(body["modelfund"]["accepted"], PRICE.to_string());

    let v = user_key(1).sign(&domain(), 1, 2 * PRICE).to_header();
    let (status, body, _) = gw
        .post(
            "/v1/chat/completions",
            json!({"model": MODEL, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 8}),
            Some(v),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["object"], "chat.completion");
    assert_eq!(body["choices"][0]["message"]["role"], "assistant");
    assert!(body["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .contains("user: hi"));

    // paying ahead is allowed: a voucher above previous + price
    let (status, _, _) = gw.complete(1, 10 * PRICE).await;
    assert_eq!(status, 200);
    let accepted = gw.store.accepted(1).unwrap().unwrap();
    assert_eq!(accepted.amount, 10 * PRICE);
    assert_eq!(gw.store.request_count(1).unwrap(), 3);
    assert_eq!(gw.calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn bad_requests_get_their_status_and_reach_no_model() {
    let gw = gateway(&[1, 2, 3, 4, 5, 6]).await;
    let ok_body = json!({"prompt": "hello", "max_tokens": 4});
    let voucher =
        |id: u64, amount: u128| Some(user_key(id).sign(&domain(), id, amount).to_header());

    // 401: no voucher; a voucher signed by another key; one for another chain or contract
    assert_error(
        &gw.post("/v1/completions", ok_body.clone(), None).await,
        401,
        "voucher_missing",
    );
    let mallory = SessionKey::from_seed(b"mallory")
        .sign(&domain(), 1, PRICE)
        .to_header();
    assert_error(
        &gw.post("/v1/completions", ok_body.clone(), Some(mallory))
            .await,
        401,
        "bad_signature",
    );
    let other_chain = user_key(1)
        .sign(&Domain::new("injective-1", CHANNELS), 1, PRICE)
        .to_header();
    assert_error(
        &gw.post("/v1/completions", ok_body.clone(), Some(other_chain))
            .await,
        401,
        "bad_signature",
    );
    let other_contract = user_key(1)
        .sign(&Domain::new(CHAIN_ID, "inj1otherchannels"), 1, PRICE)
        .to_header();
    assert_error(
        &gw.post("/v1/completions", ok_body.clone(), Some(other_contract))
            .await,
        401,
        "bad_signature",
    );
    // a voucher of channel 2 presented as channel 1's
    let v2 = user_key(2).sign(&domain(), 2, PRICE);
    let swapped = format!("1:{}", v2.to_header().split_once(':').unwrap().1);
    assert_error(
        &gw.post("/v1/completions", ok_body.clone(), Some(swapped))
            .await,
        401,
        "bad_signature",
    );

    // 400: malformed header, malformed bodies, another model, streaming
    for bad in ["", "1", "1:2", "x:1:AAAA", "1:-5:AAAA", "1:5:%%%"] {
        assert_error(
            &gw.post("/v1/completions", ok_body.clone(), Some(bad.into()))
                .await,
            400,
            "voucher_malformed",
        );
    }
    for body in [
        json!({"max_tokens": 4}),
        json!({"prompt": ["a", "b"]}),
        json!({"prompt": "x", "max_tokens": 0}),
        json!({"prompt": "x", "model": "another-model"}),
        json!({"prompt": "x", "stream": true}),
        json!("just a string"),
    ] {
        assert_error(
            &gw.post("/v1/completions", body, voucher(1, PRICE)).await,
            400,
            "invalid_request",
        );
    }
    assert_error(
        &gw.post(
            "/v1/chat/completions",
            json!({"messages": []}),
            voucher(1, PRICE),
        )
        .await,
        400,
        "invalid_request",
    );
    let raw = gw
        .http
        .post(format!("{}/v1/completions", gw.url))
        .header("content-type", "application/json")
        .header("X-Modelfund-Voucher", voucher(1, PRICE).unwrap())
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);

    // 413: a body above the limit, max_tokens above the cap
    let big = json!({"prompt": "x".repeat(5000), "max_tokens": 4});
    assert_error(
        &gw.post("/v1/completions", big, voucher(1, PRICE)).await,
        413,
        "request_too_large",
    );
    assert_error(
        &gw.post(
            "/v1/completions",
            json!({"prompt": "x", "max_tokens": 65}),
            voucher(1, PRICE),
        )
        .await,
        413,
        "max_tokens_too_large",
    );

    // 402: underpaying, above the deposit
    assert_error(&gw.complete(1, PRICE - 1).await, 402, "underpaid");
    assert_error(&gw.complete(1, 0).await, 402, "underpaid");
    assert_error(&gw.complete(1, DEPOSIT + 1).await, 402, "above_deposit");

    // 403: another gateway's channel, another model's, unapproved gateway, expired, closed, unknown
    gw.chain.edit(2, |c| {
        c.gateway = cosmwasm_std::Addr::unchecked("inj1othergateway")
    });
    assert_error(&gw.complete(2, PRICE).await, 403, "foreign_channel");
    gw.chain.edit(3, |c| c.model_id = "another-model".into());
    assert_error(&gw.complete(3, PRICE).await, 403, "wrong_model");
    gw.chain.edit(4, |c| {
        c.expires_at = cosmwasm_std::Timestamp::from_nanos(now_nanos() - 1);
        c.status = ChannelStatus::Grace;
    });
    assert_error(&gw.complete(4, PRICE).await, 403, "channel_not_open");
    gw.chain.edit(5, |c| c.status = ChannelStatus::Closed);
    assert_error(&gw.complete(5, PRICE).await, 403, "channel_not_open");
    assert_error(&gw.complete(77, PRICE).await, 403, "unknown_channel");
    gw.chain.state.lock().unwrap().approved.clear();
    assert_error(&gw.complete(6, PRICE).await, 403, "gateway_not_approved");
    gw.chain
        .state
        .lock()
        .unwrap()
        .approved
        .insert((MODEL.into(), GATEWAY.into()));

    // 502: the chain cannot be read
    gw.chain.state.lock().unwrap().down = true;
    assert_error(&gw.complete(6, PRICE).await, 502, "chain_unavailable");
    gw.chain.state.lock().unwrap().down = false;

    // nothing above was served or recorded
    assert_eq!(gw.calls.load(Ordering::SeqCst), 0);
    for id in 1..=6 {
        assert_eq!(gw.store.accepted(id).unwrap(), None);
    }
    // unknown endpoints
    let (status, body, _) = gw.post("/v1/embeddings", json!({}), None).await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn a_replayed_voucher_is_refused_and_the_same_voucher_again_returns_the_same_answer() {
    let gw = gateway(&[1]).await;
    assert_eq!(gw.complete(1, PRICE).await.0, 200);
    let (status, first, _) = gw.complete(1, 2 * PRICE).await;
    assert_eq!(status, 200);
    // an older voucher: 409
    assert_error(&gw.complete(1, PRICE).await, 409, "voucher_replayed");
    // between the accepted total and the price: underpaid
    assert_error(&gw.complete(1, 2 * PRICE + 1).await, 402, "underpaid");
    // the newest voucher sent again (a retry after a lost answer): the same answer, no new call
    let calls = gw.calls.load(Ordering::SeqCst);
    let (status, again, replayed) = gw.complete(1, 2 * PRICE).await;
    assert_eq!(status, 200);
    assert!(replayed);
    assert_eq!(again, first);
    assert_eq!(gw.calls.load(Ordering::SeqCst), calls);
    // the same amount with another (valid, high-s) signature is a replay, not a free call
    let v = user_key(1).sign(&domain(), 1, 2 * PRICE);
    let sig = k256::ecdsa::Signature::from_slice(&v.signature).unwrap();
    let (r, s) = sig.split_scalars();
    let high = k256::ecdsa::Signature::from_scalars(r, -*s).unwrap();
    let mut high_v = v.clone();
    high_v.signature.copy_from_slice(&high.to_bytes());
    let resp = gw
        .post(
            "/v1/completions",
            json!({"prompt": "again", "max_tokens": 2}),
            Some(high_v.to_header()),
        )
        .await;
    assert_error(&resp, 409, "voucher_replayed");
    // a voucher at or below what the chain already claimed is refused even with an empty database
    gw.chain
        .edit(1, |c| c.claimed = cosmwasm_std::Uint128::new(5 * PRICE));
    assert_error(&gw.complete(1, 5 * PRICE).await, 409, "voucher_replayed");
    assert_error(&gw.complete(1, 5 * PRICE + 1).await, 402, "underpaid");
    assert_eq!(gw.complete(1, 6 * PRICE).await.0, 200);
}

#[tokio::test]
async fn a_kilo_token_plan_prices_prompt_and_max_tokens_before_the_call() {
    let gw = gateway(&[1]).await;
    gw.chain.edit(1, |c| c.terms.unit = MeteredUnit::KiloTokens);
    // "hello there model" = 3 tokens, max_tokens 4: 7 tokens at PRICE per 1,000, rounded up
    let price = (7 * PRICE).div_ceil(1000);
    assert_error(&gw.complete(1, price - 1).await, 402, "underpaid");
    let (status, body, _) = gw.complete(1, price).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["modelfund"]["price"], price.to_string());
}

#[tokio::test]
async fn models_healthz_and_metrics_describe_the_service() {
    let gw = gateway(&[1]).await;
    assert_eq!(gw.complete(1, PRICE).await.0, 200);
    assert_eq!(gw.complete(1, 2 * PRICE).await.0, 200);
    assert_error(&gw.complete(1, PRICE).await, 409, "voucher_replayed");
    let models: serde_json::Value = gw
        .http
        .get(format!("{}/v1/models", gw.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(models["data"][0]["id"], MODEL);
    assert_eq!(models["data"][0]["modelfund"]["gateway"], GATEWAY);
    assert_eq!(models["data"][0]["modelfund"]["version"], "v1");
    let health = gw
        .http
        .get(format!("{}/healthz", gw.url))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let health: serde_json::Value = health.json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["serving"]["version"], "v1");
    let text = gw
        .http
        .get(format!("{}/metrics", gw.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "modelfund_gateway_requests_total{endpoint=\"/v1/completions\",status=\"200\"} 2",
        "modelfund_gateway_requests_total{endpoint=\"/v1/completions\",status=\"409\"} 1",
        "modelfund_gateway_vouchers_accepted_total 2",
        "modelfund_gateway_unclaimed_value 2000",
        "# TYPE modelfund_gateway_settlements counter",
        "modelfund_gateway_chain_errors_total 0",
        "modelfund_gateway_model_version 1",
    ] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}
