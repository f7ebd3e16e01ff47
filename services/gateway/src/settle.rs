//! Settlement: the accepted vouchers above what the chain has claimed go out as batched
//! `claim {vouchers}` transactions (at most `max_claims_per_tx` each). Idempotent: the chain's
//! claimed amount is read first and a voucher at or below it is not sent.
//!
//! Calls answered from credits or leases go out as access `consume_batch {usages}` transactions
//! (at most `MAX_CONSUME_BATCH` each). Idempotent too: access skips a usage whose request id it
//! already recorded for this gateway, so a batch re-sent after a crash meters nothing twice.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cosmwasm_std::Uint128;
use modelfund::access::{UsageMsg, MAX_CONSUME_BATCH};
use modelfund::channels::{ChannelStatus, Voucher};

use crate::chain::{Chain, ChainError};
use crate::metrics::Metrics;
use crate::store::{Accepted, Store, Usage, UsageState};

/// What one settlement round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Vouchers the chain took (one per channel).
    pub settled: Vec<(u64, u128)>,
    /// Channels already claimed up to the accepted amount (nothing sent).
    pub already_claimed: Vec<u64>,
    /// Channels past their claim deadline or closed: their accepted value is lost.
    pub missed: Vec<u64>,
    /// Transactions sent.
    pub transactions: usize,
    /// Transactions that failed.
    pub failures: usize,
    /// Request ids of the usages (credits, leases) the chain metered in this round.
    pub usages_settled: Vec<String>,
    /// Request ids of usages the chain refused on their own: answered, never paid.
    pub usages_refused: Vec<String>,
}

fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn voucher(a: &Accepted) -> Voucher {
    Voucher {
        channel_id: a.channel_id,
        amount: Uint128::new(a.amount),
        signature: a.signature.clone().into(),
    }
}

/// One settlement round: the usages, then the vouchers.
pub async fn settle_once(chain: &dyn Chain, store: &Store, metrics: &Metrics) -> Report {
    let mut report = Report::default();
    settle_usages(chain, store, metrics, &mut report).await;
    settle_vouchers(chain, store, metrics, report).await
}

/// The most usages one round takes from the database (the rest wait for the next round).
const USAGES_PER_ROUND: usize = 50 * MAX_CONSUME_BATCH as usize;

fn usage_msg(u: &Usage) -> UsageMsg {
    UsageMsg {
        user: u.user.clone(),
        calls: u.calls,
        request_id: u.request_id.clone(),
        license_id: u.license_id.clone(),
    }
}

/// Whether the contract refused the transaction (as opposed to a node or network failure,
/// after which the same usages are sent again next round).
fn refused(e: &ChainError) -> bool {
    matches!(e, ChainError::TxFailed { log, .. } if log.contains("wasm"))
}

/// The pending usages in `consume_batch` transactions of at most `MAX_CONSUME_BATCH`, one model
/// per transaction. A refused batch (one usage whose rights were spent elsewhere fails it all)
/// is sent again one usage at a time; a usage refused alone is recorded as refused.
async fn settle_usages(chain: &dyn Chain, store: &Store, metrics: &Metrics, report: &mut Report) {
    let pending = match store.pending_usages(USAGES_PER_ROUND) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot read answered usages");
            return;
        }
    };
    let mut by_model: Vec<(String, Vec<Usage>)> = vec![];
    for u in pending {
        match by_model.iter_mut().find(|(m, _)| *m == u.model_id) {
            Some((_, list)) => list.push(u),
            None => by_model.push((u.model_id.clone(), vec![u])),
        }
    }
    for (model_id, usages) in by_model {
        for batch in usages.chunks(MAX_CONSUME_BATCH as usize) {
            report.transactions += 1;
            let msgs = batch.iter().map(usage_msg).collect();
            match chain.consume_batch(&model_id, msgs).await {
                Ok(hash) => {
                    metrics.settlement(true);
                    tracing::info!(tx = %hash, usages = batch.len(), "usages metered");
                    mark(store, metrics, batch, UsageState::Settled, &hash, report);
                }
                Err(e) => {
                    metrics.settlement(false);
                    metrics.chain_errors.inc();
                    report.failures += 1;
                    tracing::error!(error = %e, usages = batch.len(), "consume_batch failed");
                    if refused(&e) && batch.len() > 1 {
                        for u in batch {
                            settle_usage_alone(chain, store, metrics, &model_id, u, report).await;
                        }
                    } else if refused(&e) {
                        mark(store, metrics, batch, UsageState::Refused, "", report);
                    }
                }
            }
        }
    }
    refresh_usage_gauge(store, metrics);
}

async fn settle_usage_alone(
    chain: &dyn Chain,
    store: &Store,
    metrics: &Metrics,
    model_id: &str,
    u: &Usage,
    report: &mut Report,
) {
    report.transactions += 1;
    let one = std::slice::from_ref(u);
    match chain.consume_batch(model_id, vec![usage_msg(u)]).await {
        Ok(hash) => {
            metrics.settlement(true);
            mark(store, metrics, one, UsageState::Settled, &hash, report);
        }
        Err(e) => {
            metrics.settlement(false);
            metrics.chain_errors.inc();
            report.failures += 1;
            if refused(&e) {
                tracing::error!(error = %e, request = %u.request_id, user = %u.user,
                    "the chain refused an answered usage: it is lost");
                mark(store, metrics, one, UsageState::Refused, "", report);
            } else {
                tracing::warn!(error = %e, request = %u.request_id, "usage not metered; next round");
            }
        }
    }
}

fn mark(
    store: &Store,
    metrics: &Metrics,
    usages: &[Usage],
    state: UsageState,
    hash: &str,
    report: &mut Report,
) {
    let ids: Vec<&str> = usages.iter().map(|u| u.request_id.as_str()).collect();
    if let Err(e) = store.set_usage_state(&ids, state, hash) {
        tracing::error!(error = %e, "cannot record metered usages (the next round re-sends them; the chain skips them)");
        return;
    }
    let calls: u64 = usages.iter().map(|u| u.calls).sum();
    let list = match state {
        UsageState::Settled => {
            metrics.usages_settled.inc_by(calls);
            &mut report.usages_settled
        }
        _ => {
            metrics.usages_refused.inc_by(calls);
            &mut report.usages_refused
        }
    };
    list.extend(ids.iter().map(|s| s.to_string()));
}

/// Calls answered from credits or leases and not settled.
pub fn pending_calls(store: &Store) -> u64 {
    store.usage_counts().map(|(p, _, _)| p).unwrap_or(0)
}

fn refresh_usage_gauge(store: &Store, metrics: &Metrics) {
    metrics.usages_pending.set(pending_calls(store) as i64);
}

async fn settle_vouchers(
    chain: &dyn Chain,
    store: &Store,
    metrics: &Metrics,
    mut report: Report,
) -> Report {
    let pending = match store.unclaimed() {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "cannot read accepted vouchers");
            return report;
        }
    };
    if pending.is_empty() {
        metrics.unclaimed_value.set(0.0);
        return report;
    }
    let mut to_send = vec![];
    for a in pending {
        match chain.channel(a.channel_id).await {
            Ok(Some(ch)) => {
                let claimed = ch.claimed.u128();
                if claimed >= a.amount {
                    let _ = store.set_claimed(a.channel_id, claimed);
                    report.already_claimed.push(a.channel_id);
                } else if ch.status == ChannelStatus::Closed
                    || ch.status == ChannelStatus::Closable
                    || ch.claim_deadline.nanos() <= now_nanos()
                {
                    tracing::error!(
                        channel = a.channel_id,
                        accepted = a.amount,
                        claimed,
                        "claim deadline passed: accepted value lost"
                    );
                    let _ = store.set_claimed(a.channel_id, a.amount);
                    report.missed.push(a.channel_id);
                } else {
                    to_send.push(a);
                }
            }
            Ok(None) => {
                tracing::error!(
                    channel = a.channel_id,
                    "accepted voucher for a channel the chain does not know"
                );
            }
            Err(e) => {
                metrics.chain_errors.inc();
                tracing::warn!(error = %e, channel = a.channel_id, "cannot read channel before settling");
            }
        }
    }
    if to_send.is_empty() {
        refresh_gauge(store, metrics);
        return report;
    }
    let limit = match chain.max_claims_per_tx().await {
        Ok(n) => n.max(1) as usize,
        Err(e) => {
            metrics.chain_errors.inc();
            tracing::warn!(error = %e, "cannot read max_claims_per_tx");
            return report;
        }
    };
    for batch in to_send.chunks(limit) {
        report.transactions += 1;
        match chain.claim(batch.iter().map(voucher).collect()).await {
            Ok(hash) => {
                metrics.settlement(true);
                tracing::info!(tx = %hash, vouchers = batch.len(), "settled");
                for a in batch {
                    settled(store, metrics, a, &mut report);
                }
            }
            Err(e) => {
                metrics.settlement(false);
                metrics.chain_errors.inc();
                report.failures += 1;
                tracing::error!(error = %e, vouchers = batch.len(), "claim failed");
                // one bad channel (e.g. revoked) fails the whole batch: settle the rest alone
                if batch.len() > 1 {
                    for a in batch {
                        report.transactions += 1;
                        match chain.claim(vec![voucher(a)]).await {
                            Ok(_) => {
                                metrics.settlement(true);
                                settled(store, metrics, a, &mut report);
                            }
                            Err(e) => {
                                metrics.settlement(false);
                                metrics.chain_errors.inc();
                                report.failures += 1;
                                tracing::error!(error = %e, channel = a.channel_id, "claim of one channel failed");
                            }
                        }
                    }
                }
            }
        }
    }
    refresh_gauge(store, metrics);
    report
}

fn settled(store: &Store, metrics: &Metrics, a: &Accepted, report: &mut Report) {
    if let Err(e) = store.set_claimed(a.channel_id, a.amount) {
        tracing::error!(error = %e, "cannot record a settlement (the next round re-reads the chain)");
    }
    metrics.vouchers_settled.inc();
    report.settled.push((a.channel_id, a.amount));
}

/// Unclaimed value from the database (accepted − known claimed, all channels).
pub fn unclaimed_value(store: &Store) -> u128 {
    store
        .unclaimed()
        .map(|v| v.iter().map(|a| a.amount - a.claimed).sum())
        .unwrap_or(0)
}

fn refresh_gauge(store: &Store, metrics: &Metrics) {
    metrics.unclaimed_value.set(unclaimed_value(store) as f64);
}

/// Shortest time between two settlement rounds.
pub const MIN_GAP: Duration = Duration::from_secs(2);

/// When to settle: every `interval` while anything is unsettled, at once (at most every
/// `MIN_GAP`) when the unclaimed voucher value exceeds `above` or the pending calls from
/// credits and leases exceed `above_calls`.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    pub interval: Duration,
    pub above: Option<u128>,
    pub above_calls: Option<u64>,
}

/// The policy, until `stop` fires. Returns then (the caller settles once more).
pub async fn run(
    chain: std::sync::Arc<dyn Chain>,
    store: std::sync::Arc<Store>,
    metrics: std::sync::Arc<Metrics>,
    policy: Policy,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let Policy {
        interval,
        above,
        above_calls,
    } = policy;
    let mut last = Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            _ = stop.changed() => break,
        }
        let value = unclaimed_value(&store);
        metrics.unclaimed_value.set(value as f64);
        let calls = pending_calls(&store);
        metrics.usages_pending.set(calls as i64);
        // above a threshold: at once, but never more often than every MIN_GAP (a failing
        // chain is not hammered)
        let over = above.is_some_and(|a| value > a) || above_calls.is_some_and(|a| calls > a);
        let due = (value > 0 || calls > 0)
            && (last.elapsed() >= interval || (over && last.elapsed() >= MIN_GAP));
        if due {
            settle_once(chain.as_ref(), &store, &metrics).await;
            last = Instant::now();
        }
    }
}
