//! The chain side: the protocol built with the builder, each step run on the chain and on the
//! model, and their outcomes compared.

use std::fmt;

use cosmwasm_std::{coin, coins, Addr, Binary};
use cw20::Expiration;
use cw_multi_test::AppResponse;
use modelfund::governance::{Action, VoteOption};
use proptest::test_runner::TestCaseError;

use super::model::*;
use super::steps::*;
use super::*;

// =============================================================================================
// What a failure is about, and the step outcomes

/// What a failed check is about.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Inv {
    /// (a) every coin is accounted.
    A,
    /// (b) no treasury coin leaves but through a proposal that passed by the rules.
    B,
    /// (c) revenue is each holder's pro-rata share.
    C,
    /// (d) every deposit is refunded or forfeited exactly once.
    D,
    /// Share balances and allowances.
    Ledger,
    /// Credits, grants and request ids.
    Metering,
    /// (e) payment channels: deposits, claimed amounts, never above what the user signed.
    Channels,
    /// (f) voting power: every account's power as the rules say, delegation included.
    Power,
    /// (f) delegation never changes the total power.
    PowerTotal,
}

impl fmt::Display for Inv {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Inv::A => "(a) every coin is accounted",
            Inv::B => "(b) treasury coins leave only through proposals that passed by the rules",
            Inv::C => "(c) revenue is each holder's pro-rata share",
            Inv::D => "(d) every deposit is refunded or forfeited exactly once",
            Inv::Ledger => "share ledger",
            Inv::Metering => "access metering",
            Inv::Channels => "(e) channels: nobody pays more than the highest voucher it signed",
            Inv::Power => {
                "(f) every account votes with the power the rules say, delegation included"
            }
            Inv::PowerTotal => "(f) delegation never changes the total power",
        })
    }
}

pub(crate) fn violated(inv: Inv, ctx: &str, what: String) -> TestCaseError {
    TestCaseError::fail(format!("INVARIANT {inv}\n  at: {ctx}\n  {what}"))
}

/// The chain and the model agree on whether a step succeeds.
pub(crate) fn agree<T: fmt::Debug>(
    inv: Inv,
    ctx: &str,
    expected: &Rule<T>,
    out: &Result<AppResponse, String>,
) -> Result<(), TestCaseError> {
    stats::record(ctx, expected);
    if expected.is_ok() != out.is_ok() {
        let chain = match out {
            Ok(_) => "it succeeded".to_string(),
            Err(e) => format!("it failed: {e}"),
        };
        return Err(violated(
            inv,
            ctx,
            format!("the rules say {expected:?}, the chain disagrees: {chain}"),
        ));
    }
    Ok(())
}

/// `MODELFUND_FUZZ_STATS=1`: after each sequence, print how often each step kind ran and with
/// which outcome, over the whole run (to see what the generator reaches).
pub(crate) mod stats {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    pub(crate) static STATS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

    pub(crate) fn enabled() -> bool {
        std::env::var_os("MODELFUND_FUZZ_STATS").is_some()
    }

    pub fn record<T>(ctx: &str, expected: &Result<T, &'static str>) {
        if !enabled() {
            return;
        }
        let kind: String = ctx
            .split_whitespace()
            .nth(2)
            .unwrap_or("?")
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let key = format!(
            "{kind}: {}",
            expected.as_ref().err().copied().unwrap_or("ok")
        );
        *STATS.lock().unwrap().entry(key).or_default() += 1;
    }

    /// Counts `what` under `kind`.
    pub fn note(kind: &str, what: &str) {
        if enabled() {
            *STATS
                .lock()
                .unwrap()
                .entry(format!("{kind}: {what}"))
                .or_default() += 1;
        }
    }

    pub fn print() {
        if enabled() {
            let stats = STATS.lock().unwrap();
            let lines: Vec<String> = stats.iter().map(|(k, v)| format!("{v:>7} {k}")).collect();
            eprintln!("---- steps so far ----\n{}", lines.join("\n"));
        }
    }
}

pub(crate) fn outcome(res: AnyResult<AppResponse>) -> Result<AppResponse, String> {
    res.map_err(|e| format!("{e:#}"))
}

pub(crate) struct World {
    pub(crate) p: Protocol,
    /// Indexed like `NAMES`.
    pub(crate) accounts: Vec<Addr>,
    pub(crate) models: Vec<Launched>,
    pub(crate) initial_total: u128,
    /// Checks run so far: which past heights the next power check reads.
    pub(crate) checks: std::cell::Cell<usize>,
    /// Per model: whether the last step ran anything on it (its power may have changed).
    pub(crate) touched: Vec<bool>,
}

impl World {
    pub(crate) fn new() -> Self {
        let p = Protocol::builder()
            .funds(FUNDS)
            .launch_fee(LAUNCH_FEE)
            .no_model()
            .build();
        let accounts: Vec<Addr> = NAMES
            .iter()
            .map(|n| {
                if *n == "receiver" {
                    p.receiver.clone()
                } else {
                    p.addr(n)
                }
            })
            .collect();
        let initial_total = p.initial_funds.values().sum();
        World {
            p,
            accounts,
            models: vec![],
            initial_total,
            checks: std::cell::Cell::new(0),
            touched: vec![],
        }
    }

    pub(crate) fn now(&self) -> u64 {
        self.p.now().seconds()
    }

    pub(crate) fn height(&self) -> u64 {
        self.p.height()
    }

    pub(crate) fn addr(&self, i: usize) -> Addr {
        self.accounts[i].clone()
    }

    /// An account, or `TOKEN`: the shares contract of `lm`.
    pub(crate) fn target(&self, lm: &Launched, i: usize) -> Addr {
        if i == TOKEN {
            lm.shares.clone()
        } else {
            self.addr(i)
        }
    }

    pub(crate) fn spec(&self, i: usize, lp: &LaunchParams) -> ModelSpec {
        let contributors: Vec<(Addr, u16)> = lp
            .splits
            .iter()
            .enumerate()
            .map(|(c, bps)| (self.addr(CONTRIBUTORS[c]), *bps))
            .collect();
        let splits: Vec<(&Addr, u16)> = contributors.iter().map(|(a, b)| (a, *b)).collect();
        let mut plans = vec![
            credits_plan("pack", lp.credit_price, 10),
            metered_plan(
                "metered",
                super::channels::unit_price(lp),
                modelfund::access::MeteredUnit::Call,
            ),
        ];
        if let Some(price) = lp.lease_price {
            plans.push(lease_plan("lease", price, DAY, 100));
        }
        ModelSpec::new(&format!("model-{i}"))
            .price(lp.price)
            .caps(lp.soft_cap, lp.hard_cap)
            .per_address(lp.min, lp.max)
            .window(lp.start_in, lp.duration)
            .creator_allocation(lp.creator_allocation)
            .voting(lp.voting, lp.timelock)
            .quorum_threshold(lp.quorum_pct, lp.threshold_pct)
            .deposit_amount((lp.deposit > 0).then_some(lp.deposit))
            .splits(&splits)
            .plans(plans)
    }

    /// `who` votes on proposal `j` of model `i`.
    pub(crate) fn cast_vote(
        &mut self,
        model: &mut Model,
        i: usize,
        j: usize,
        who: usize,
        vote: VoteOption,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let (lm, now) = (self.models[i].clone(), self.now());
        let ms = &model.models[i];
        let prop = &ms.proposals[j];
        let mut next = ms.clone();
        let expected = next.vote(j, who, vote, now);
        let addr = self.addr(who);
        let out = outcome(self.p.vote(&lm, &addr, prop.id, vote));
        let ctx = format!(
            "{ctx} ({} votes {vote:?} on #{} with power {} of {}, tally yes {} no {} abstain {}); the chain's proposal: {}",
            NAMES[who],
            prop.id,
            ms.power(who, prop.start_height),
            prop.total,
            prop.yes,
            prop.no,
            prop.abstain,
            self.chain_view(&lm, prop.id)
        );
        agree(Inv::B, &ctx, &expected, &out)?;
        if expected.is_ok() {
            // the vote counted the voter's power at the start height, delegated power included
            let want = &next.proposals[j];
            let chain = self.p.proposal(&lm, want.id);
            let got = (
                chain.tally.yes.u128(),
                chain.tally.no.u128(),
                chain.tally.abstain.u128(),
            );
            if got != (want.yes, want.no, want.abstain) || chain.total_power.u128() != want.total {
                return Err(violated(
                    Inv::Power,
                    &ctx,
                    format!(
                        "after the vote the chain's tally is yes {} no {} abstain {} of {}, the rules say yes {} no {} abstain {} of {}",
                        got.0, got.1, got.2, chain.total_power, want.yes, want.no, want.abstain, want.total
                    ),
                ));
            }
            if ms.received(who, prop.start_height) > 0 {
                stats::note("Vote", "-> with power delegated to the voter");
            }
            model.models[i] = next;
        }
        Ok(())
    }

    /// Every mover but `who` votes yes on the picked open proposal that spends, until it passes.
    fn rally_but(
        &mut self,
        model: &mut Model,
        i: usize,
        pick: u8,
        who: usize,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let now = self.now();
        let ms = &model.models[i];
        let Some(j) = choose(&ms.proposals, pick, |p| {
            p.live(now) == Live::Open && !p.payments.is_empty()
        }) else {
            return Ok(());
        };
        for a in MOVERS.into_iter().filter(|a| *a != who) {
            let ms = &model.models[i];
            let prop = &ms.proposals[j];
            if prop.live(now) != Live::Open {
                break;
            }
            if !prop.voters.contains(&a) && ms.power(a, prop.start_height) > 0 {
                self.cast_vote(model, i, j, a, VoteOption::Yes, ctx)?;
            }
        }
        Ok(())
    }

    /// `who` exits against the picked proposal in its timelock (after a rally, if asked).
    #[allow(clippy::too_many_arguments)]
    fn exit_step(
        &mut self,
        model: &mut Model,
        i: usize,
        who: usize,
        pick: u8,
        pct: u8,
        rally: bool,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        if rally {
            self.rally_but(model, i, pick, who, ctx)?;
        }
        let (lm, now, height) = (self.models[i].clone(), self.now(), self.height());
        let ms = &model.models[i];
        let mut next = ms.clone();
        let Some(j) = choose(
            &ms.proposals,
            pick,
            |p| matches!(p.live(now), Live::Passed { at } if now < p.executable_at(at)),
        ) else {
            return Ok(());
        };
        let prop = ms.proposals[j].clone();
        // most exits come from a holder who may exit
        let can = |a: usize| ms.balances[a] > 0 && ms.exitable(j, a) > 0;
        let who = if can(who) || pick.is_multiple_of(5) {
            who
        } else {
            MOVERS.into_iter().find(|a| can(*a)).unwrap_or(who)
        };
        let stake = ms.exitable(j, who).min(ms.balances[who]);
        let shares = (stake * u128::from(pct) / 100).max(1);
        let expected = next.exit(j, who, shares, now, height);
        let addr = self.addr(who);
        let dao_before = self.p.balance(&lm.governance);
        let out = outcome(self.p.exit(&lm, &addr, prop.id, shares, &[DENOM]));
        let ctx = format!(
            "{ctx} ({} exits with {shares} of {} shares (stake {stake}) against #{} ({:?}), free treasury {}); the chain's proposal: {}",
            NAMES[who], ms.supply, prop.id, prop.live(now), ms.free, self.chain_view(&lm, prop.id)
        );
        agree(Inv::B, &ctx, &expected, &out)?;
        let paid = dao_before - self.p.balance(&lm.governance);
        match expected {
            Err(_) if paid != 0 => Err(violated(
                Inv::B,
                &ctx,
                format!("a refused exit moved {paid} treasury coins"),
            )),
            Err(why) => {
                // a delegate asking more than its stake, within the power delegated to it
                let power = ms.power(who, prop.start_height);
                if why == "above the stake at the start height"
                    && shares + prop.exited[who] <= power
                    && shares <= ms.balances[who]
                {
                    stats::note("Exit", "-> refused above the stake, within the power");
                }
                Ok(())
            }
            // (b): an exit pays exactly the holder's fraction, never more
            Ok(payout) if paid != payout || payout * ms.supply > ms.free * shares => Err(violated(
                Inv::B,
                &ctx,
                format!(
                    "the exit paid {paid}, the rules say floor({} × {shares} / {}) = {payout}",
                    ms.free, ms.supply
                ),
            )),
            Ok(payout) => {
                stats::note("Exit", "-> paid");
                if let Some(d) = ms.delegate_at(who, prop.start_height) {
                    stats::note(
                        "Exit",
                        if prop.yes_voters.contains(&d) {
                            "-> by a holder whose delegate voted yes"
                        } else {
                            "-> by a holder delegating its vote"
                        },
                    );
                }
                model.coins[who] += payout;
                model.models[i] = next;
                Ok(())
            }
        }
    }

    /// A proposal as the chain reports it.
    pub(crate) fn chain_view(&self, lm: &Launched, id: u64) -> String {
        let pr = self.p.proposal(lm, id);
        format!(
            "{:?}, total power {}, tally yes {} no {} abstain {}",
            pr.status, pr.total_power, pr.tally.yes, pr.tally.no, pr.tally.abstain
        )
    }

    /// Launches a model from the creator (paying the launch fee).
    pub(crate) fn launch(
        &mut self,
        model: &mut Model,
        lp: LaunchParams,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let spec = self.spec(self.models.len(), &lp);
        let creator = self.addr(CREATOR);
        let launched = self
            .p
            .launch(&creator, spec)
            .map_err(|e| violated(Inv::A, ctx, format!("a valid launch failed: {e:#}")))?;
        self.models.push(launched);
        self.touched.push(true);
        model.coins[CREATOR] -= LAUNCH_FEE;
        model.coins[PROTOCOL] += LAUNCH_FEE;
        model.models.push(ModelState::new(lp, self.now()));
        Ok(())
    }

    /// Runs one step on the chain and the model; fails when they disagree.
    pub(crate) fn step(
        &mut self,
        model: &mut Model,
        op: &Op,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let (now, height) = (self.now(), self.height());
        self.touched.fill(false);
        let pick_model = |m: u8| usize::from(m) % model.models.len().max(1);
        match op.clone() {
            Op::Launch(lp) => {
                if model.models.len() < MAX_MODELS {
                    self.launch(model, lp, ctx)?;
                }
            }
            Op::Time { seconds, blocks } => self.p.jump(seconds, blocks),
            Op::Channel(op) => self.channel_step(model, &op, ctx)?,
            Op::WaitFor {
                m,
                pick,
                boundary,
                after,
                offset,
            } => {
                let now = self.now();
                let ms = &model.models[pick_model(m)];
                let Some(j) = choose(&ms.proposals, pick, |p| match boundary {
                    Boundary::VotingEnd => p.live(now) == Live::Open,
                    _ => matches!(p.live(now), Live::Passed { .. } | Live::Open),
                }) else {
                    return Ok(());
                };
                let p = &ms.proposals[j];
                let passed_at = match p.live(now) {
                    Live::Passed { at } => at,
                    _ => p.voting_ends(),
                };
                let at = match boundary {
                    Boundary::VotingEnd => p.voting_ends(),
                    Boundary::Executable => p.executable_at(passed_at),
                    Boundary::Expiry => p.expires_at(passed_at).min(passed_at + 30 * DAY),
                };
                let target = if after {
                    at + offset
                } else {
                    at.saturating_sub(offset)
                };
                if target > now {
                    self.p.jump(target - now, 1);
                }
            }
            Op::PastEnd { m, extra } => {
                let end = model.models[pick_model(m)].end;
                let now = self.now();
                if end + extra > now {
                    self.p.jump(end + extra - now, 1);
                }
            }
            Op::Royalty { m, amount } => {
                let i = pick_model(m);
                let token = self.models[i].shares.clone();
                let from = self.addr(MARKETPLACE);
                self.p
                    .send_coins(&from, &token, &coins(amount, DENOM))
                    .map_err(|e| violated(Inv::A, ctx, format!("a bank send failed: {e:#}")))?;
                model.coins[MARKETPLACE] -= amount;
                model.models[i].stray += amount;
            }
            other => {
                let i = pick_model(match &other {
                    Op::Contribute { m, .. }
                    | Op::Finalize { m, .. }
                    | Op::Claim { m, .. }
                    | Op::Refund { m, .. }
                    | Op::Withdraw { m, .. }
                    | Op::CancelPresale { m, .. }
                    | Op::Transfer { m, .. }
                    | Op::TransferToToken { m, .. }
                    | Op::Send { m, .. }
                    | Op::Delegate { m, .. }
                    | Op::IncreaseAllowance { m, .. }
                    | Op::TransferFrom { m, .. }
                    | Op::Propose { m, .. }
                    | Op::Vote { m, .. }
                    | Op::Rally { m, .. }
                    | Op::Execute { m, .. }
                    | Op::Close { m, .. }
                    | Op::CancelProposal { m, .. }
                    | Op::BuyCredits { m, .. }
                    | Op::BuyLease { m, .. }
                    | Op::Grant { m, .. }
                    | Op::Consume { m, .. }
                    | Op::Distribute { m, .. }
                    | Op::Sweep { m, .. }
                    | Op::ClaimRevenue { m, .. }
                    | Op::Exit { m, .. } => *m,
                    Op::Launch(_)
                    | Op::Time { .. }
                    | Op::WaitFor { .. }
                    | Op::PastEnd { .. }
                    | Op::Royalty { .. }
                    | Op::Channel(_) => 0,
                });
                if i < self.models.len() {
                    self.model_step(model, i, other, now, height, ctx)?;
                }
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn model_step(
        &mut self,
        model: &mut Model,
        i: usize,
        op: Op,
        now: u64,
        height: u64,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        self.touched[i] = true;
        let lm = self.models[i].clone();
        let mut next = model.models[i].clone();
        let ms = &model.models[i];
        match op {
            Op::Contribute { who, amount, .. } => {
                let p = &ms.p;
                // most contributions come from a backer with room left
                let who = if ms.contributed[who] < p.max {
                    who
                } else {
                    BACKERS
                        .into_iter()
                        .find(|b| ms.contributed[*b] < p.max)
                        .unwrap_or(who)
                };
                let sent = match amount {
                    Amount::Zero => 0,
                    Amount::BelowMin => p.min.saturating_sub(1).max(1),
                    Amount::Min => p.min,
                    Amount::Normal(pct) => p.min + (p.max - p.min) * u128::from(pct) / 100,
                    Amount::AtMax => p.max,
                    Amount::AboveMax(x) => p.max + x,
                    Amount::RestOfHardCap => p.hard_cap.saturating_sub(ms.raised).max(1),
                    Amount::AboveHardCap(x) => p.hard_cap + x,
                };
                let expected = next.contribute(now, who, sent, model.coins[who]);
                let addr = self.addr(who);
                let before = self.p.balance(&addr);
                let out = outcome(self.p.contribute(&lm, &addr, sent));
                agree(Inv::A, &format!("{ctx} (sent {sent})"), &expected, &out)?;
                if let Ok(accepted) = expected {
                    model.coins[who] -= accepted;
                    next.seen_put_in[who] += before.saturating_sub(self.p.balance(&addr));
                    model.models[i] = next;
                }
            }
            Op::Finalize { by, .. } => {
                let expected = next.finalize(now, height);
                let addr = self.addr(by);
                let out = outcome(self.p.finalize(&lm, &addr));
                agree(Inv::A, ctx, &expected, &out)?;
                if expected.is_ok() {
                    stats::note("Finalize", &format!("-> {:?}", next.sale));
                    model.models[i] = next;
                }
            }
            Op::CancelPresale { by, .. } => {
                let expected = next.cancel(now, by);
                let addr = self.addr(by);
                let out = outcome(self.p.cancel_presale(&lm, &addr));
                agree(Inv::A, ctx, &expected, &out)?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::Claim { who, .. } => {
                // most claims go to a backer that has something to claim
                let who = if ms.unclaimed(who) {
                    who
                } else {
                    BACKERS
                        .into_iter()
                        .find(|b| ms.unclaimed(*b))
                        .unwrap_or(who)
                };
                let expected = next.claim(who, height);
                let addr = self.addr(who);
                let out = outcome(self.p.claim(&lm, &addr));
                agree(
                    Inv::C,
                    &format!("{ctx} (claim of {})", NAMES[who]),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::Refund { who, .. } => {
                let expected = next.refund(who);
                let addr = self.addr(who);
                let before = self.p.balance(&addr);
                let out = outcome(self.p.refund(&lm, &addr));
                agree(Inv::A, ctx, &expected, &out)?;
                if let Ok(amount) = expected {
                    model.coins[who] += amount;
                    next.seen_paid_back[who] += self.p.balance(&addr).saturating_sub(before);
                    model.models[i] = next;
                }
            }
            Op::Withdraw { who, pct, .. } => {
                // most withdrawals come from a backer that holds a contribution
                let who = if ms.contributed[who] > 0 {
                    who
                } else {
                    BACKERS
                        .into_iter()
                        .find(|b| ms.contributed[*b] > 0)
                        .unwrap_or(who)
                };
                let amount = if ms.contributed[who] > 0 {
                    ms.contributed[who] * u128::from(pct) / 100
                } else {
                    u128::from(pct)
                };
                let expected = next.withdraw(now, who, amount);
                let addr = self.addr(who);
                let before = self.p.balance(&addr);
                let out = outcome(self.p.withdraw(&lm, &addr, amount));
                agree(
                    Inv::A,
                    &format!("{ctx} (withdraw {amount} by {})", NAMES[who]),
                    &expected,
                    &out,
                )?;
                if let Ok(amount) = expected {
                    model.coins[who] += amount;
                    next.seen_paid_back[who] += self.p.balance(&addr).saturating_sub(before);
                    model.models[i] = next;
                }
            }
            Op::Transfer { from, to, pct, .. } => {
                let from = holder_or(ms, from);
                let to = if to == from {
                    MOVERS[(MOVERS.iter().position(|x| *x == from).unwrap_or(0) + 1) % MOVERS.len()]
                } else {
                    to
                };
                let amount = ms.balances[from] * u128::from(pct) / 100;
                let expected = next.transfer(from, to, amount, height);
                let (a, b) = (self.addr(from), self.addr(to));
                let out = outcome(self.p.transfer(&lm, &a, &b, amount));
                agree(
                    Inv::Ledger,
                    &format!("{ctx} (amount {amount})"),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::TransferToToken { from, pct, .. } => {
                let from = holder_or(ms, from);
                let amount = (ms.balances[from] * u128::from(pct) / 100).max(1);
                let expected = next.transfer(from, TOKEN, amount, height);
                let a = self.addr(from);
                let token = lm.shares.clone();
                let out = outcome(self.p.transfer(&lm, &a, &token, amount));
                agree(Inv::C, &format!("{ctx} (amount {amount})"), &expected, &out)?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::Send { from, pct, .. } => {
                let from = holder_or(ms, from);
                let amount = (ms.balances[from] * u128::from(pct) / 100).max(1);
                let expected = next.transfer(from, RECEIVER, amount, height);
                let a = self.addr(from);
                let receiver = self.addr(RECEIVER);
                let out = outcome(self.p.send(&lm, &a, &receiver, amount, Binary::default()));
                agree(
                    Inv::Ledger,
                    &format!("{ctx} (amount {amount})"),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::Delegate { who, to, .. } => {
                // most delegations come from a holder (taking the vote back stays that)
                let back = to == who;
                let who = holder_or(ms, who);
                let to = if back { who } else { to };
                let expected = next.delegate(who, to, height);
                let (addr, target) = (self.addr(who), self.target(&lm, to));
                let out = outcome(self.p.delegate(&lm, &addr, &target));
                let ctx = format!(
                    "{ctx} ({} with {} shares delegates to {}, its vote now through {})",
                    NAMES[who],
                    ms.balances[who],
                    name(to),
                    ms.delegates[who].map_or("itself", name)
                );
                agree(Inv::Power, &ctx, &expected, &out)?;
                // a refusal for the reason the rules give
                if let (Err(why), Err(e)) = (&expected, &out) {
                    let says = match *why {
                        "delegation unchanged" => "the vote already goes through",
                        _ => "cannot delegate to the shares contract",
                    };
                    if !e.contains(says) {
                        return Err(violated(
                            Inv::Power,
                            &ctx,
                            format!(
                                "the rules refuse it ({why}), the chain for another reason: {e}"
                            ),
                        ));
                    }
                }
                if expected.is_ok() {
                    stats::note(
                        "Delegate",
                        match (ms.delegates[who], back) {
                            (_, true) => "-> vote taken back",
                            (None, false) => "-> delegated",
                            (Some(_), false) => "-> re-delegated",
                        },
                    );
                    model.models[i] = next;
                }
            }
            Op::IncreaseAllowance {
                owner,
                spender,
                amount,
                expires,
                ..
            } => {
                let spender = if spender == owner {
                    MOVERS
                        [(MOVERS.iter().position(|x| *x == owner).unwrap_or(0) + 1) % MOVERS.len()]
                } else {
                    spender
                };
                let expires = match expires {
                    Expiry::Never => Expiration::Never {},
                    Expiry::InBlocks(n) => Expiration::AtHeight(height + n),
                    Expiry::InSeconds(s) => {
                        Expiration::AtTime(cosmwasm_std::Timestamp::from_seconds(now + s))
                    }
                };
                let expected =
                    next.increase_allowance(owner, spender, amount, expires, height, now);
                let (a, b) = (self.addr(owner), self.addr(spender));
                let out = outcome(
                    self.p
                        .increase_allowance(&lm, &a, &b, amount, Some(expires)),
                );
                agree(Inv::Ledger, ctx, &expected, &out)?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::TransferFrom {
                spender,
                owner,
                to,
                pct,
                more,
                ..
            } => {
                // the allowance most likely to exist: owner → spender as drawn, else any
                let (owner, spender) = if ms.allowances.contains_key(&(owner, spender)) {
                    (owner, spender)
                } else {
                    ms.allowances
                        .keys()
                        .next()
                        .copied()
                        .unwrap_or((owner, spender))
                };
                let to = if to == owner { spender } else { to };
                let to = if to == owner {
                    MOVERS
                        [(MOVERS.iter().position(|x| *x == owner).unwrap_or(0) + 1) % MOVERS.len()]
                } else {
                    to
                };
                let allowed = ms.allowance(owner, spender, height, now);
                let stored = ms.allowances.get(&(owner, spender)).map_or(0, |a| a.0);
                let amount = if more {
                    stored.max(allowed) + 1
                } else {
                    (stored.min(ms.balances[owner]) * u128::from(pct) / 100).max(1)
                };
                let expected = next.transfer_from(spender, owner, to, amount, height, now);
                let (s, o, t) = (self.addr(spender), self.addr(owner), self.addr(to));
                let out = outcome(self.p.transfer_from(&lm, &s, &o, &t, amount));
                agree(
                    Inv::Ledger,
                    &format!(
                        "{ctx} ({} moves {amount} of {}'s shares, allowance {allowed})",
                        NAMES[spender], NAMES[owner]
                    ),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.models[i] = next;
                }
            }
            Op::Propose {
                who,
                acts,
                pay_deposit,
                ..
            } => {
                // most proposals come from someone who may propose
                let who = if ms.power(who, height) >= MIN_PROPOSE_POWER {
                    who
                } else {
                    MOVERS
                        .into_iter()
                        .find(|a| ms.power(*a, height) >= MIN_PROPOSE_POWER)
                        .unwrap_or(who)
                };
                let pct_of = |pct: u16| (ms.free * u128::from(pct) / 100).max(1);
                let gateway = self.addr(GATEWAY);
                let spend = |to: usize, amount: u128| Action::SpendTreasury {
                    recipient: self.addr(to).to_string(),
                    amount: vec![coin(amount, DENOM)],
                };
                let (actions, payments, approve): (Vec<Action>, Vec<(usize, u128)>, bool) =
                    match acts {
                        Acts::Text => (vec![], vec![], false),
                        Acts::Spend { to, pct } => {
                            let a = pct_of(pct);
                            (vec![spend(to, a)], vec![(to, a)], false)
                        }
                        Acts::Milestone { pct } => {
                            let a = pct_of(pct);
                            let action = Action::ReleaseMilestone {
                                recipient: self.addr(CREATOR).to_string(),
                                amount: coin(a, DENOM),
                                memo: "milestone".into(),
                            };
                            (vec![action], vec![(CREATOR, a)], false)
                        }
                        Acts::SpendAll { to } => {
                            let a = ms.dao_holds().max(1);
                            (vec![spend(to, a)], vec![(to, a)], false)
                        }
                        Acts::ApproveGateway => {
                            let action = Action::ApproveGateway {
                                gateway: gateway.to_string(),
                            };
                            (vec![action], vec![], true)
                        }
                        Acts::SpendAndApprove { to, pct } => {
                            let a = pct_of(pct);
                            let approve = Action::ApproveGateway {
                                gateway: gateway.to_string(),
                            };
                            (vec![spend(to, a), approve], vec![(to, a)], true)
                        }
                    };
                let paid = if pay_deposit { ms.p.deposit } else { 0 };
                let expected = next.propose(who, paid, height, now, payments, approve);
                let addr = self.addr(who);
                let funds = if paid > 0 { coins(paid, DENOM) } else { vec![] };
                let before = self.p.balance(&addr);
                let out = outcome(self.p.propose_with(&lm, &addr, "p", actions, &funds));
                let ctx = format!(
                    "{ctx} ({} proposes, power {} of {})",
                    NAMES[who],
                    ms.power(who, height),
                    ms.total_at(height)
                );
                agree(Inv::B, &ctx, &expected, &out)?;
                if let (Ok(_), Ok(res)) = (&expected, &out) {
                    let taken = before - self.p.balance(&addr);
                    if taken != paid {
                        return Err(violated(
                            Inv::D,
                            &ctx,
                            format!(
                                "propose took {taken} from the proposer, the deposit is {paid}"
                            ),
                        ));
                    }
                    let id = self.p.proposal_id(&lm, res);
                    next.proposals.last_mut().expect("just proposed").id = id;
                    model.coins[who] -= paid;
                    model.models[i] = next;
                }
            }
            Op::Vote {
                who, pick, vote, ..
            } => {
                let Some(j) = choose(&ms.proposals, pick, |p| p.live(now) == Live::Open) else {
                    return Ok(());
                };
                let prop = &ms.proposals[j];
                // most votes come from someone who can still vote on it
                let can =
                    |a: usize| !prop.voters.contains(&a) && ms.power(a, prop.start_height) > 0;
                let who = if can(who) || pick.is_multiple_of(5) {
                    who
                } else {
                    MOVERS.into_iter().find(|a| can(*a)).unwrap_or(who)
                };
                self.cast_vote(model, i, j, who, vote, ctx)?;
            }
            Op::Rally { pick, vote, .. } => {
                let Some(j) = choose(&ms.proposals, pick, |p| p.live(now) == Live::Open) else {
                    return Ok(());
                };
                for who in MOVERS {
                    let ms = &model.models[i];
                    let prop = &ms.proposals[j];
                    if !prop.voters.contains(&who) && ms.power(who, prop.start_height) > 0 {
                        self.cast_vote(model, i, j, who, vote, ctx)?;
                    }
                }
            }
            Op::Execute { pick, by, .. } => {
                let Some(j) = choose(&ms.proposals, pick, |p| {
                    matches!(p.live(now), Live::Passed { .. })
                }) else {
                    return Ok(());
                };
                let prop = ms.proposals[j].clone();
                let expected = next.execute(j, now);
                let dao = lm.governance.clone();
                let (dao_before, proposer_before) = (
                    self.p.balance(&dao),
                    self.p.balance(&self.addr(prop.proposer)),
                );
                let addr = self.addr(by);
                let out = outcome(self.p.execute_proposal(&lm, &addr, prop.id));
                let ctx = format!(
                    "{ctx} (execute #{} spending {} of a free treasury of {}: {:?} at {now}, total power {}, tally yes {} no {} abstain {})",
                    prop.id, prop.spend(), ms.free, prop.live(now), prop.total, prop.yes, prop.no, prop.abstain
                );
                let ctx = format!(
                    "{ctx}; the chain's proposal: {}",
                    self.chain_view(&lm, prop.id)
                );
                if expected.is_err() && out.is_ok() && self.p.balance(&dao) < dao_before {
                    return Err(violated(
                        Inv::B,
                        &ctx,
                        format!(
                            "{} left the treasury through a proposal the rules do not let execute ({:?})",
                            dao_before - self.p.balance(&dao),
                            expected
                        ),
                    ));
                }
                agree(Inv::B, &ctx, &expected, &out)?;
                if let Ok((refund, payments)) = expected {
                    let settled = next.proposals[j].settled;
                    stats::note("Execute", &format!("-> {settled:?}"));
                    if prop.approve_gateway {
                        stats::note("Execute", &format!("-> {settled:?} with approve_gateway"));
                    }
                    let chain = self.p.proposal(&lm, prop.id);
                    let executed = chain.status == modelfund::governance::ProposalStatus::Executed;
                    if executed != (settled == Settled::Executed) {
                        return Err(violated(
                            Inv::B,
                            &ctx,
                            format!(
                                "the rules say {settled:?}, the chain says {:?} ({:?})",
                                chain.status, chain.execution_error
                            ),
                        ));
                    }
                    let got =
                        self.p.balance(&self.addr(prop.proposer)) as i128 - proposer_before as i128;
                    let paid_to_proposer: u128 = payments
                        .iter()
                        .filter(|(to, _)| *to == prop.proposer)
                        .map(|(_, a)| a)
                        .sum();
                    if got != (refund + paid_to_proposer) as i128 {
                        return Err(violated(Inv::D, &ctx, format!("the proposer's balance moved by {got}, the rules refund {refund} (+ {paid_to_proposer} paid by the proposal)")));
                    }
                    model.coins[prop.proposer] += refund;
                    for (to, amount) in payments {
                        model.coins[to] += amount;
                    }
                    model.models[i] = next;
                }
            }
            Op::Exit {
                who,
                pick,
                pct,
                rally,
                ..
            } => self.exit_step(model, i, who, pick, pct, rally, ctx)?,
            Op::Close { pick, by, .. } => {
                let Some(j) = choose(&ms.proposals, pick, |p| match p.live(now) {
                    Live::Rejected { .. } => true,
                    Live::Passed { at } => now >= p.expires_at(at),
                    _ => false,
                }) else {
                    return Ok(());
                };
                let prop = ms.proposals[j].clone();
                let expected = next.close(j, now);
                let proposer_before = self.p.balance(&self.addr(prop.proposer));
                let addr = self.addr(by);
                let out = outcome(self.p.close_proposal(&lm, &addr, prop.id));
                let ctx = format!(
                    "{ctx} (close #{}: {:?} at {now}, deposit {:?} {})",
                    prop.id,
                    prop.live(now),
                    prop.deposit_state,
                    prop.deposit
                );
                agree(Inv::D, &ctx, &expected, &out)?;
                if let Ok((amount, refunded)) = expected {
                    stats::note(
                        "Close",
                        if amount == 0 {
                            "-> no deposit"
                        } else if refunded {
                            "-> deposit refunded"
                        } else {
                            "-> deposit forfeited"
                        },
                    );
                    let got = self.p.balance(&self.addr(prop.proposer)) - proposer_before;
                    let want = if refunded { amount } else { 0 };
                    if got != want {
                        return Err(violated(
                            Inv::D,
                            &ctx,
                            format!("the proposer got {got} back, the rules say {want}"),
                        ));
                    }
                    if refunded {
                        model.coins[prop.proposer] += amount;
                    }
                    model.models[i] = next;
                }
            }
            Op::CancelProposal {
                pick, by_proposer, ..
            } => {
                let Some(j) = choose(&ms.proposals, pick, |p| {
                    p.live(now) == Live::Open && p.voters.is_empty()
                }) else {
                    return Ok(());
                };
                let prop = ms.proposals[j].clone();
                let who = if by_proposer {
                    prop.proposer
                } else {
                    MOVERS[(MOVERS.iter().position(|x| *x == prop.proposer).unwrap_or(0) + 1)
                        % MOVERS.len()]
                };
                let expected = next.cancel_proposal(j, who, now);
                let addr = self.addr(who);
                let before = self.p.balance(&addr);
                let out = outcome(self.p.cancel_proposal(&lm, &addr, prop.id));
                let ctx = format!("{ctx} ({} cancels #{})", NAMES[who], prop.id);
                agree(Inv::D, &ctx, &expected, &out)?;
                if let Ok(refund) = expected {
                    let got = self.p.balance(&addr) - before;
                    if got != refund {
                        return Err(violated(
                            Inv::D,
                            &ctx,
                            format!("the proposer got {got} back, the deposit is {refund}"),
                        ));
                    }
                    model.coins[who] += refund;
                    model.models[i] = next;
                }
            }
            Op::BuyCredits {
                who, packs, exact, ..
            } => {
                let price = ms.p.credit_price * u128::from(packs);
                let sent = if exact {
                    price
                } else {
                    price.saturating_sub(1)
                };
                let expected = next.sellable().and_then(|()| {
                    if packs == 0 {
                        return Err("zero packs");
                    }
                    if !exact {
                        return Err("not the exact price");
                    }
                    next.distribute(price)?;
                    next.credits[who] += 10 * u64::from(packs);
                    Ok(())
                });
                let addr = self.addr(who);
                let funds = if sent > 0 { coins(sent, DENOM) } else { vec![] };
                let out = outcome(self.p.buy_credits(&lm, &addr, "pack", packs, None, &funds));
                agree(
                    Inv::A,
                    &format!("{ctx} (presale {:?}, paying {sent})", ms.sale),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.coins[who] -= price;
                    model.models[i] = next;
                }
            }
            Op::BuyLease { who, .. } => {
                let price = ms.p.lease_price.unwrap_or(1);
                let expected = next.sellable().and_then(|()| {
                    if ms.p.lease_price.is_none() {
                        return Err("no lease plan");
                    }
                    next.distribute(price)
                });
                let addr = self.addr(who);
                let out =
                    outcome(
                        self.p
                            .buy_lease(&lm, &addr, "lease", None, &coins(price, DENOM)),
                    );
                agree(
                    Inv::A,
                    &format!("{ctx} (presale {:?})", ms.sale),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.coins[who] -= price;
                    model.models[i] = next;
                }
            }
            Op::Grant { who, calls, .. } => {
                let expected: Rule<()> = if calls == 0 {
                    Err("zero calls")
                } else {
                    Ok(())
                };
                let (addr, gateway) = (self.addr(who), self.addr(GATEWAY));
                let out = outcome(self.p.grant(&lm, &addr, &gateway, calls));
                agree(Inv::Metering, ctx, &expected, &out)?;
                if expected.is_ok() {
                    model.models[i].grants[who] = calls;
                }
            }
            Op::Consume {
                who, calls, replay, ..
            } => {
                // most consumptions are for a user the gateway can serve, when there is one
                let servable = |u: &usize| ms.grants[*u] >= calls && ms.credits[*u] >= calls;
                let who = if servable(&who) || calls % 4 == 3 {
                    who
                } else {
                    BUYERS.into_iter().find(servable).unwrap_or(who)
                };
                let request = if replay && !ms.requests.is_empty() {
                    ms.requests[usize::from(calls as u8) % ms.requests.len()].clone()
                } else {
                    next.next_request += 1;
                    format!("req-{}", next.next_request)
                };
                let mut after = next.clone();
                let expected = after.consume(who, calls, &request);
                let (addr, gateway) = (self.addr(who), self.addr(GATEWAY));
                let out = outcome(self.p.consume(&lm, &gateway, &addr, calls, &request, None));
                agree(
                    Inv::Metering,
                    &format!("{ctx} (request {request})"),
                    &expected,
                    &out,
                )?;
                model.models[i] = if expected.is_ok() { after } else { next };
            }
            Op::Distribute { who, amount, .. } => {
                let expected = next.distribute(amount);
                let addr = self.addr(who);
                let out = outcome(self.p.distribute(&lm, &addr, &coins(amount, DENOM)));
                agree(
                    Inv::A,
                    &format!("{ctx} (supply by the rules {})", ms.supply),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.coins[who] -= amount;
                    model.models[i] = next;
                }
            }
            Op::Sweep { by, .. } => {
                let stray = ms.stray;
                let expected = next.distribute(stray);
                let addr = self.addr(by);
                let out = outcome(self.p.sweep(&lm, &addr, DENOM));
                agree(
                    Inv::A,
                    &format!("{ctx} (stray {stray}, supply by the rules {})", ms.supply),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    next.stray = 0;
                    model.models[i] = next;
                }
            }
            Op::ClaimRevenue { who, .. } => {
                let addr = self.addr(who);
                let claimable = self.p.claimable(&lm, &addr);
                let before = self.p.balance(&addr);
                let out = outcome(self.p.claim_revenue(&lm, &addr));
                let expected: Rule<()> = if claimable > 0 {
                    Ok(())
                } else {
                    Err("nothing claimable")
                };
                agree(
                    Inv::C,
                    &format!("{ctx} (claimable {claimable})"),
                    &expected,
                    &out,
                )?;
                let paid = self.p.balance(&addr) - before;
                if paid != claimable {
                    return Err(violated(
                        Inv::C,
                        ctx,
                        format!("claim_revenue paid {paid}, the claimable was {claimable}"),
                    ));
                }
                model.coins[who] += paid;
                model.models[i].revenue_paid += paid;
                model.models[i].claimed_revenue[who] += paid;
            }
            Op::Launch(_)
            | Op::Time { .. }
            | Op::WaitFor { .. }
            | Op::PastEnd { .. }
            | Op::Royalty { .. }
            | Op::Channel(_) => {
                unreachable!()
            }
        }
        Ok(())
    }
}

/// An account's name, or the shares contract's (`TOKEN`).
pub(crate) fn name(i: usize) -> &'static str {
    NAMES.get(i).copied().unwrap_or("the shares contract")
}

/// `who` when it holds shares, else the first mover that does (else `who`).
pub(crate) fn holder_or(ms: &ModelState, who: usize) -> usize {
    if ms.balances[who] > 0 {
        who
    } else {
        MOVERS
            .into_iter()
            .find(|a| ms.balances[*a] > 0)
            .unwrap_or(who)
    }
}

/// A proposal: the latest for `LATEST`, else among those `prefer` selects when there are any,
/// else among all.
pub(crate) fn choose(
    proposals: &[Proposal],
    pick: u8,
    prefer: impl Fn(&Proposal) -> bool,
) -> Option<usize> {
    if proposals.is_empty() {
        return None;
    }
    if pick == LATEST {
        return Some(proposals.len() - 1);
    }
    let preferred: Vec<usize> = (0..proposals.len())
        .filter(|j| prefer(&proposals[*j]))
        .collect();
    let pick = usize::from(pick);
    Some(if preferred.is_empty() || pick % 7 == 0 {
        pick % proposals.len()
    } else {
        preferred[pick % preferred.len()]
    })
}
