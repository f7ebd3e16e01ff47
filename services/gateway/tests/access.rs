//! Calls paid from credits and leases (`X-Modelfund-Access`) against the stand-in chain: the
//! happy paths, every refusal with its status (none reaches the model or the database),
//! nonces, durability across a dropped gateway, and settlement in `consume_batch` batches that
//! are idempotent and survive one user's refusal.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use cosmwasm_std::Timestamp;
use modelfund::access::UsageMsg;
use modelfund_gateway::backend::Builtin;
use modelfund_gateway::chain::Chain;
use modelfund_gateway::settle::settle_once;
use modelfund_vouchers::{AccessDomain, SessionKey};
use serde_json::json;

fn dir() -> Arc<tempfile::TempDir> {
    Arc::new(tempfile::tempdir().unwrap())
}

/// A gateway whose chain reads are cached for `ttl`.
async fn start_cached(
    chain: Arc<MockChain>,
    dir: Arc<tempfile::TempDir>,
    ttl: Duration,
) -> Gateway {
    let calls = Arc::new(AtomicUsize::new(0));
    let builtin = Arc::new(Builtin::new(echo_loader(calls.clone())));
    start_with(chain, dir, builtin, b"stand-in model one", ttl, calls).await
}

fn pending(gw: &Gateway) -> u64 {
    gw.store.usage_counts().unwrap().0
}

#[tokio::test]
async fn calls_from_credits_are_answered_recorded_and_settled_in_one_batch() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 5, 10);
    chain.fund_user(2, 5, 10);
    let gw = start(chain.clone(), dir()).await;

    let (status, body, replayed) = gw.ask_access(1, 1, None).await;
    assert_eq!(status, 200, "{body}");
    assert!(!replayed);
    assert!(body["choices"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("hello there model"));
    let m = &body["modelfund"];
    assert_eq!(m["user"], access_user(1));
    assert_eq!(m["source"], "credits");
    assert_eq!(m["calls"], 1);
    assert_eq!(m["request_id"], format!("1-{}", access_user(1)));
    assert_eq!(m["version"], "v1");
    // nonces need only go up, not be consecutive
    assert_eq!(gw.ask_access(1, 7, None).await.0, 200);
    assert_eq!(gw.ask_access(2, 1, None).await.0, 200);
    assert_eq!(gw.calls.load(Ordering::SeqCst), 3);
    assert_eq!(pending(&gw), 3);
    assert_eq!(gw.store.last_nonce(&access_user(1)).unwrap(), 7);
    // nothing on chain before settlement
    assert_eq!(chain.credits_of(1), 5);

    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.usages_settled.len(), 3);
    assert_eq!(report.failures, 0);
    {
        let s = chain.state.lock().unwrap();
        assert_eq!(s.batches.len(), 1, "one consume_batch for all three");
        assert_eq!(s.grants[&access_user(1)].calls, 8);
    }
    assert_eq!((chain.credits_of(1), chain.credits_of(2)), (3, 4));
    assert_eq!(gw.store.usage_counts().unwrap(), (0, 3, 0));
    // a second round has nothing to send
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.transactions, 0);
    assert_eq!(chain.state.lock().unwrap().batches.len(), 1);

    let metrics = gw
        .http
        .get(format!("{}/metrics", gw.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "modelfund_gateway_usages_accepted_total 3",
        "modelfund_gateway_usages_settled_total 3",
        "modelfund_gateway_usages_pending 0",
        "modelfund_gateway_usages_refused_total 0",
    ] {
        assert!(metrics.contains(line), "{line} missing in\n{metrics}");
    }
}

#[tokio::test]
async fn a_lease_pays_when_named_and_its_calls_are_metered_from_it() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 0, 10);
    chain
        .state
        .lock()
        .unwrap()
        .licenses
        .insert("4".into(), lease("4", &access_user(1), 2));
    let gw = start(chain.clone(), dir()).await;
    let (status, body, _) = gw.ask_access(1, 1, Some("4")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["modelfund"]["source"], "lease");
    assert_eq!(body["modelfund"]["license_id"], "4");
    // credits are 0: a call without the lease is refused
    assert_error(
        &gw.ask_access(1, 2, None).await,
        402,
        "insufficient_credits",
    );
    assert_eq!(gw.ask_access(1, 3, Some("4")).await.0, 200);
    // two calls answered, two on the lease: none left until settlement shows otherwise
    assert_error(
        &gw.ask_access(1, 4, Some("4")).await,
        402,
        "lease_exhausted",
    );
    settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    let s = chain.state.lock().unwrap();
    assert_eq!(s.licenses["4"].info.calls_left, 0);
    assert_eq!(s.batches[0][0].license_id.as_deref(), Some("4"));
}

#[tokio::test]
async fn every_refusal_has_its_status_reaches_no_model_and_stores_nothing() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 1, 10);
    chain.fund_user(2, 10, 1);
    chain.fund_user(3, 10, 10);
    chain
        .state
        .lock()
        .unwrap()
        .grants
        .get_mut(&access_user(3))
        .unwrap()
        .session_key = None;
    {
        let mut s = chain.state.lock().unwrap();
        s.licenses
            .insert("7".into(), lease("7", &access_user(2), 5));
        let mut expired = lease("8", &access_user(1), 5);
        expired.info.expires_at = Timestamp::from_nanos(1);
        expired.expired = true;
        s.licenses.insert("8".into(), expired);
        let mut other = lease("9", &access_user(1), 5);
        other.info.model_id = "other-model".into();
        s.licenses.insert("9".into(), other);
    }
    let gw = start(chain.clone(), dir()).await;
    let u1 = access_user(1);
    let sig = |key: &SessionKey, d: &AccessDomain, user: &str, nonce, lic| {
        key.sign_access(d, user, nonce, lic).to_header()
    };

    // 400: the header's shape, a user that is not an address of this chain
    let cosmos_user = cosmrs::AccountId::new("cosmos", &[1; 20])
        .unwrap()
        .to_string();
    for bad in [
        "nonsense".to_string(),
        format!("{u1}:1"),
        format!("{u1}:0:AAAA"),
        sig(&access_key(1), &access_domain(), "inj1notbech32", 1, None),
        sig(&access_key(1), &access_domain(), &cosmos_user, 1, None),
    ] {
        assert_error(&gw.post_access(bad).await, 400, "access_malformed");
    }
    // 401: signed by another key, or for another chain, access contract, gateway or model
    assert_error(
        &gw.post_access(sig(&access_key(9), &access_domain(), &u1, 1, None))
            .await,
        401,
        "bad_signature",
    );
    for d in [
        AccessDomain::new("injective-1", ACCESS, GATEWAY, MODEL),
        AccessDomain::new(CHAIN_ID, "inj1otheraccess", GATEWAY, MODEL),
        AccessDomain::new(CHAIN_ID, ACCESS, "inj1othergateway", MODEL),
        AccessDomain::new(CHAIN_ID, ACCESS, GATEWAY, "other-model"),
    ] {
        assert_error(
            &gw.post_access(sig(&access_key(1), &d, &u1, 1, None)).await,
            401,
            "bad_signature",
        );
    }
    // 401: a grant without a session key
    assert_error(&gw.ask_access(3, 1, None).await, 401, "no_session_key");
    // 403: no grant at all
    assert_error(&gw.ask_access(4, 1, None).await, 403, "no_grant");
    // 403: leases that are not this user's, do not exist, or are for another model
    assert_error(
        &gw.ask_access(1, 1, Some("7")).await,
        403,
        "license_not_owned",
    );
    assert_error(
        &gw.ask_access(1, 1, Some("77")).await,
        403,
        "unknown_license",
    );
    assert_error(&gw.ask_access(1, 1, Some("9")).await, 403, "wrong_model");
    // 402: an expired lease
    assert_error(&gw.ask_access(1, 1, Some("8")).await, 402, "lease_expired");
    // 413 and 400 of the body come first
    let big = gw
        .http
        .post(format!("{}/v1/completions", gw.url))
        .header(
            "X-Modelfund-Access",
            sig(&access_key(1), &access_domain(), &u1, 1, None),
        )
        .json(&json!({"prompt": "hi", "max_tokens": 100_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status().as_u16(), 413);
    assert_eq!(
        gw.calls.load(Ordering::SeqCst),
        0,
        "a refused call reached the model"
    );
    assert_eq!(gw.store.usage_counts().unwrap(), (0, 0, 0));
    assert_eq!(
        gw.store.last_nonce(&u1).unwrap(),
        0,
        "a refused call moved the nonce"
    );

    // 402: user 1 has one credit: the first call takes it (pending), the second is refused
    assert_eq!(gw.ask_access(1, 1, None).await.0, 200);
    assert_error(
        &gw.ask_access(1, 2, None).await,
        402,
        "insufficient_credits",
    );
    // 402: user 2 granted one call
    assert_eq!(gw.ask_access(2, 1, None).await.0, 200);
    assert_error(&gw.ask_access(2, 2, None).await, 402, "grant_exhausted");
    // 403: the DAO revoked the gateway
    chain.state.lock().unwrap().approved.clear();
    assert_error(
        &gw.ask_access(1, 3, None).await,
        403,
        "gateway_not_approved",
    );
    // 502: the chain cannot be read
    chain.state.lock().unwrap().down = true;
    assert_error(&gw.ask_access(1, 4, None).await, 502, "chain_unavailable");
    assert_eq!(gw.calls.load(Ordering::SeqCst), 2);
    assert_eq!(pending(&gw), 2);
}

#[tokio::test]
async fn nonces_only_go_up_and_the_same_request_again_gets_its_answer_again() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 10, 10);
    chain
        .state
        .lock()
        .unwrap()
        .licenses
        .insert("1".into(), lease("1", &access_user(1), 5));
    let gw = start(chain.clone(), dir()).await;
    let header = access_key(1)
        .sign_access(&access_domain(), &access_user(1), 5, None)
        .to_header();
    let (status, first, replayed) = gw.post_access(header.clone()).await;
    assert_eq!((status, replayed), (200, false));
    // the same header again: the stored answer, no new model call, nothing more pending
    let (status, again, replayed) = gw.post_access(header).await;
    assert_eq!((status, replayed), (200, true));
    assert_eq!(again, first);
    assert_eq!(gw.calls.load(Ordering::SeqCst), 1);
    assert_eq!(pending(&gw), 1);
    // a lower or equal nonce with another signature (here: for a lease) is a replay
    for nonce in [5, 4] {
        assert_error(
            &gw.ask_access(1, nonce, Some("1")).await,
            409,
            "nonce_replayed",
        );
    }
    assert_error(&gw.ask_access(1, 3, None).await, 409, "nonce_replayed");
    assert_eq!(gw.ask_access(1, 6, None).await.0, 200);
    assert_eq!(pending(&gw), 2);
}

#[tokio::test]
async fn answered_calls_survive_a_dropped_gateway_and_are_settled_exactly_once() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 10, 10);
    let dir = dir();
    {
        let gw = start(chain.clone(), dir.clone()).await;
        for nonce in 1..=3 {
            assert_eq!(gw.ask_access(1, nonce, None).await.0, 200);
        }
        // dropped without settling: as kill -9 leaves it
    }
    let gw = start(chain.clone(), dir.clone()).await;
    assert_eq!(pending(&gw), 3);
    // the nonces and answers survived too: a re-sent request gets its stored answer, uncounted
    let (status, _, replayed) = gw.ask_access(1, 2, None).await;
    assert_eq!((status, replayed), (200, true));
    assert_eq!(pending(&gw), 3);
    assert_eq!(gw.store.last_nonce(&access_user(1)).unwrap(), 3);
    // a crash after the chain included a batch and before the gateway marked it: the first
    // two usages are already metered on chain
    let first_two: Vec<UsageMsg> = gw
        .store
        .pending_usages(2)
        .unwrap()
        .iter()
        .map(|u| UsageMsg {
            user: u.user.clone(),
            calls: u.calls,
            request_id: u.request_id.clone(),
            license_id: u.license_id.clone(),
        })
        .collect();
    chain.consume_batch(MODEL, first_two).await.unwrap();
    assert_eq!(chain.credits_of(1), 8);
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.usages_settled.len(), 3);
    // the re-sent two were skipped: the credits fell by exactly the three answered calls
    assert_eq!(chain.credits_of(1), 7);
    assert_eq!(gw.store.usage_counts().unwrap(), (0, 3, 0));
}

#[tokio::test]
async fn one_users_refusal_does_not_hold_back_the_others_and_a_down_chain_loses_nothing() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 10, 10);
    chain.fund_user(2, 10, 10);
    let gw = start(chain.clone(), dir()).await;
    assert_eq!(gw.ask_access(1, 1, None).await.0, 200);
    assert_eq!(gw.ask_access(2, 1, None).await.0, 200);

    // the node is unreachable: nothing is marked, the next round sends them
    chain.state.lock().unwrap().batch_unreachable = true;
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!((report.failures, report.usages_settled.len()), (1, 0));
    assert_eq!(pending(&gw), 2);

    // user 1 spent its credits through another gateway meanwhile: the batch is refused,
    // each usage is sent alone, user 2's is metered and user 1's recorded as refused
    {
        let mut s = chain.state.lock().unwrap();
        s.batch_unreachable = false;
        s.credits.insert(access_user(1), 0);
    }
    let report = settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!(report.usages_settled, vec![format!("1-{}", access_user(2))]);
    assert_eq!(report.usages_refused, vec![format!("1-{}", access_user(1))]);
    assert_eq!(chain.credits_of(2), 9);
    assert_eq!(gw.store.usage_counts().unwrap(), (0, 1, 1));
    assert_eq!(gw.metrics.usages_refused.get(), 1);
}

#[tokio::test]
async fn a_settlement_makes_cached_chain_reads_stale() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 2, 10);
    // chain reads trusted for a minute
    let gw = start_cached(chain.clone(), dir(), Duration::from_secs(60)).await;
    assert_eq!(gw.ask_access(1, 1, None).await.0, 200);
    assert_eq!(gw.ask_access(1, 2, None).await.0, 200);
    assert_error(
        &gw.ask_access(1, 3, None).await,
        402,
        "insufficient_credits",
    );
    // settled: the chain has 0 credits, nothing is pending; the cached 2 must not count again
    settle_once(chain.as_ref(), &gw.store, &gw.metrics).await;
    assert_eq!((chain.credits_of(1), pending(&gw)), (0, 0));
    assert_error(
        &gw.ask_access(1, 4, None).await,
        402,
        "insufficient_credits",
    );
    // the user buys more: served again after the fresh read
    chain
        .state
        .lock()
        .unwrap()
        .credits
        .insert(access_user(1), 1);
    settle_once(chain.as_ref(), &gw.store, &gw.metrics).await; // nothing pending: no change
    let (status, body, _) = gw.ask_access(1, 5, None).await;
    // within the TTL and no settlement since the last read: the gateway still sees 0
    assert_eq!(status, 402, "{body}");
}

#[tokio::test]
async fn the_policy_settles_pending_calls_above_the_threshold_at_once() {
    let chain = MockChain::with_channels(&[]);
    chain.fund_user(1, 10, 10);
    let gw = start(chain.clone(), dir()).await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let task = tokio::spawn(modelfund_gateway::settle::run(
        chain.clone(),
        gw.store.clone(),
        gw.metrics.clone(),
        modelfund_gateway::settle::Policy {
            interval: Duration::from_secs(3600),
            above: None,
            above_calls: Some(1),
        },
        stopped,
    ));
    // one pending call is not above 1: it waits for the hour
    assert_eq!(gw.ask_access(1, 1, None).await.0, 200);
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(chain.credits_of(1), 10);
    // two are: metered without waiting
    assert_eq!(gw.ask_access(1, 2, None).await.0, 200);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while chain.credits_of(1) != 8 {
        assert!(std::time::Instant::now() < deadline, "not settled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pending(&gw), 0);
}
