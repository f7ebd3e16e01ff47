//! Settlement: the accepted vouchers above what the chain has claimed go out as batched
//! `claim {vouchers}` transactions (at most `max_claims_per_tx` each). Idempotent: the chain's
//! claimed amount is read first and a voucher at or below it is not sent.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cosmwasm_std::Uint128;
use modelfund::channels::{ChannelStatus, Voucher};

use crate::chain::Chain;
use crate::metrics::Metrics;
use crate::store::{Accepted, Store};

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

/// One settlement round.
pub async fn settle_once(chain: &dyn Chain, store: &Store, metrics: &Metrics) -> Report {
    let mut report = Report::default();
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

/// The policy: settle every `interval` while anything is unclaimed, or at once above
/// `above`. Returns when `stop` fires, after one last round.
pub async fn run(
    chain: std::sync::Arc<dyn Chain>,
    store: std::sync::Arc<Store>,
    metrics: std::sync::Arc<Metrics>,
    interval: Duration,
    above: Option<u128>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut last = Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            _ = stop.changed() => break,
        }
        let value = unclaimed_value(&store);
        metrics.unclaimed_value.set(value as f64);
        // above the threshold: at once, but never more often than every MIN_GAP (a failing
        // chain is not hammered)
        let due = value > 0
            && (last.elapsed() >= interval
                || (above.is_some_and(|a| value > a) && last.elapsed() >= MIN_GAP));
        if due {
            settle_once(chain.as_ref(), &store, &metrics).await;
            last = Instant::now();
        }
    }
}
