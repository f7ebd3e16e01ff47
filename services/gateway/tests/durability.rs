//! Durability, settlement and verified model files, against the stand-in chain.

mod common;

use std::sync::Arc;

use common::*;
use modelfund_gateway::model::ModelManager;
use modelfund_gateway::settle::{settle_once, unclaimed_value};
use modelfund_gateway::store::Store;

#[tokio::test]
async fn accepted_vouchers_survive_a_dropped_gateway_and_a_reopened_database() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let chain = MockChain::with_channels(&[1, 2, 3]);
    let gw = start(chain.clone(), dir.clone()).await;
    for call in 1..=5u128 {
        for id in 1..=3u64 {
            let (status, body, _) = gw.complete(id, call * id as u128 * PRICE).await;
            assert_eq!(status, 200, "{body}");
        }
    }
    drop(gw); // the server task is aborted: nothing flushed or closed on purpose
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    // the database alone, reopened
    let store = Store::open(&dir.path().join("gateway.sqlite")).unwrap();
    for id in 1..=3u64 {
        let a = store.accepted(id).unwrap().unwrap();
        assert_eq!(a.amount, 5 * id as u128 * PRICE);
        modelfund_vouchers::verify(
            &user_key(id).public_key(),
            &domain(),
            id,
            a.amount,
            &a.signature,
        )
        .unwrap();
        assert_eq!(store.request_count(id).unwrap(), 5);
    }
    drop(store);

    // a new gateway on the same database refuses the old vouchers and continues
    let gw = start(chain, dir).await;
    let (status, body, _) = gw.complete(1, 4 * PRICE).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (409, Some("voucher_replayed"))
    );
    assert_eq!(gw.complete(1, 6 * PRICE).await.0, 200);
    assert_eq!(gw.calls.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn settlement_claims_only_what_the_chain_has_not_and_is_idempotent() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let chain = MockChain::with_channels(&[1, 2, 3, 4, 5]);
    chain.state.lock().unwrap().max_claims = 2;
    let gw = start(chain.clone(), dir).await;
    for id in 1..=5u64 {
        for call in 1..=3u128 {
            assert_eq!(gw.complete(id, call * PRICE).await.0, 200);
        }
    }
    // channel 2 was already claimed up to its accepted amount (e.g. by a settlement whose
    // answer was lost), channel 3 only in part
    chain.edit(2, |c| c.claimed = cosmwasm_std::Uint128::new(3 * PRICE));
    chain.edit(3, |c| c.claimed = cosmwasm_std::Uint128::new(PRICE));
    assert_eq!(unclaimed_value(&gw.store), 15 * PRICE);

    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.already_claimed, vec![2]);
    assert_eq!(
        report.settled,
        vec![
            (1, 3 * PRICE),
            (3, 3 * PRICE),
            (4, 3 * PRICE),
            (5, 3 * PRICE)
        ]
    );
    // four vouchers at two per tx: two claims, each the latest voucher of its channels
    let claims = chain.state.lock().unwrap().claims.clone();
    assert_eq!(claims.len(), 2);
    let sent: Vec<(u64, u128)> = claims
        .iter()
        .flatten()
        .map(|v| (v.channel_id, v.amount.u128()))
        .collect();
    assert_eq!(sent, report.settled);
    for id in 1..=5 {
        assert_eq!(chain.claimed(id), 3 * PRICE, "channel {id}");
    }
    assert_eq!(unclaimed_value(&gw.store), 0);

    // nothing new: nothing sent
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.transactions, 0);
    assert_eq!(chain.state.lock().unwrap().claims.len(), 2);

    // one failing channel (a revoked gateway's) does not hold back the others of its batch
    assert_eq!(gw.complete(1, 4 * PRICE).await.0, 200);
    assert_eq!(gw.complete(4, 4 * PRICE).await.0, 200);
    chain.state.lock().unwrap().failing.insert(4);
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.settled, vec![(1, 4 * PRICE)]);
    assert_eq!(report.failures, 2); // the batch, then channel 4 alone
    assert_eq!(chain.claimed(1), 4 * PRICE);
    assert_eq!(chain.claimed(4), 3 * PRICE);
    assert_eq!(unclaimed_value(&gw.store), PRICE);
    // a closed channel past its deadline is reported, not retried forever
    chain.state.lock().unwrap().failing.clear();
    chain.edit(4, |c| c.status = modelfund::channels::ChannelStatus::Closed);
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.missed, vec![4]);
    assert_eq!(report.transactions, 0);
    let metrics = gw.metrics.render();
    assert!(
        metrics.contains("modelfund_gateway_settlements_total{result=\"ok\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("modelfund_gateway_settlements_total{result=\"error\"} 2"),
        "{metrics}"
    );
}

#[tokio::test]
async fn only_an_artifact_matching_the_registry_hash_is_served() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let chain = MockChain::with_channels(&[1]);
    let gw = start(chain.clone(), dir.clone()).await;
    let (_, body, _) = gw.complete(1, PRICE).await;
    assert!(body["choices"][0]["text"]
        .as_str()
        .unwrap()
        .contains("[one:"));

    // the DAO publishes v2, but the file at its URI is not what it hashed: refused, loudly
    let mut v2 = version(dir.path(), 2, "stand-in model two", None);
    std::fs::write(dir.path().join("artifact-2.bin"), "stand-in model evil").unwrap();
    v2.content_hash = modelfund_gateway::model::sha256_hex(b"stand-in model two");
    chain.state.lock().unwrap().latest = Some(v2);
    gw.models.poll(chain.as_ref(), MODEL, &gw.metrics).await;
    let health: serde_json::Value = gw
        .http
        .get(format!("{}/healthz", gw.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["serving"]["version"], "v1");
    assert!(
        health["last_error"].as_str().unwrap().contains("refused"),
        "{health}"
    );
    assert!(gw
        .metrics
        .render()
        .contains("modelfund_gateway_artifact_mismatches_total 1"));
    let (_, body, _) = gw.complete(1, 2 * PRICE).await;
    assert!(
        body["choices"][0]["text"]
            .as_str()
            .unwrap()
            .contains("[one:"),
        "{body}"
    );
    assert_eq!(body["modelfund"]["version"], "v1");

    // v3, published correctly, is picked up and served
    let v3 = version(dir.path(), 3, "stand-in model three", None);
    chain.state.lock().unwrap().latest = Some(v3);
    gw.models.poll(chain.as_ref(), MODEL, &gw.metrics).await;
    let (_, body, _) = gw.complete(1, 3 * PRICE).await;
    assert!(
        body["choices"][0]["text"]
            .as_str()
            .unwrap()
            .contains("[three:"),
        "{body}"
    );
    assert_eq!(body["modelfund"]["version"], "v3");
    assert!(gw.models.snapshot().last_error.is_none());

    // URIs: ipfs:// and ar:// through the configured gateways; unknown schemes refused
    let m = ModelManager::new(
        "http://127.0.0.1:8080/",
        "https://ar.example",
        dir.path().into(),
        None,
    )
    .unwrap();
    let http = |uri: &str| match m.resolve(uri) {
        Ok(modelfund_gateway::model::Source::Http(u)) => u,
        _ => panic!("{uri}"),
    };
    assert_eq!(http("ipfs://bafyabc"), "http://127.0.0.1:8080/ipfs/bafyabc");
    assert_eq!(http("ar://tx123"), "https://ar.example/tx123");
    assert_eq!(http("https://host/m.bin"), "https://host/m.bin");
    assert!(m.resolve("fil://x").is_err());
    assert!(m.resolve("ipfs://").is_err());
}

#[tokio::test]
async fn without_a_verified_model_nothing_is_served() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let chain = MockChain::with_channels(&[1]);
    let gw = start(chain.clone(), dir.clone()).await;
    // a fresh manager that only ever saw a bad artifact
    let bad = version(dir.path(), 9, "stand-in model nine", Some("00".repeat(32)));
    let manager = ModelManager::new(
        "http://127.0.0.1:1",
        "http://127.0.0.1:1",
        dir.path().join("c2"),
        None,
    )
    .unwrap();
    let err = manager.offer(&bad, &gw.metrics).await.unwrap_err();
    assert!(err.to_string().contains("refused"), "{err}");
    assert!(manager.serving().is_none());
}

#[tokio::test]
async fn the_policy_settles_above_the_threshold_at_once_waits_below_it_and_stops_on_signal() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let chain = MockChain::with_channels(&[1]);
    let gw = start(chain.clone(), dir).await;
    for call in 1..=3u128 {
        assert_eq!(gw.complete(1, call * PRICE).await.0, 200);
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(modelfund_gateway::settle::run(
        chain.clone(),
        gw.store.clone(),
        gw.metrics.clone(),
        modelfund_gateway::settle::Policy {
            interval: std::time::Duration::from_secs(3600),
            above: Some(2 * PRICE),
            above_calls: None,
        },
        stopped,
    ));
    // 3 × PRICE unclaimed is above the threshold: settled without waiting for the hour
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while chain.claimed(1) != 3 * PRICE {
        assert!(std::time::Instant::now() < deadline, "not settled");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // one more call: PRICE unclaimed, below the threshold: nothing sent
    assert_eq!(gw.complete(1, 4 * PRICE).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(chain.claimed(1), 3 * PRICE);
    assert_eq!(chain.state.lock().unwrap().claims.len(), 1);
    stop.send(true).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), task)
        .await
        .expect("the settlement task stops on the signal")
        .unwrap();
    assert_eq!(unclaimed_value(&gw.store), PRICE);
}
