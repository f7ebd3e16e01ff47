//! The reference model: the protocol's current rules, written from the docs (`README.md`,
//! `docs/architecture.md`, `docs/security.md`, the `modelfund::governance` module docs; never
//! from the contract code), as state transitions that say whether a step succeeds and what it
//! moves.

use std::collections::BTreeMap;

use cw20::Expiration;
use modelfund::governance::VoteOption;

use super::steps::LaunchParams;
use super::*;

// =============================================================================================
// Reference model, from the rules in the module docs.

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Sale {
    Active,
    Succeeded,
    Failed,
    Cancelled,
}

/// How a proposal was decided (early, or at the end of its voting period).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Decided {
    /// `at`: when it passed (the deciding vote, or the end of the voting period).
    Passed {
        at: u64,
    },
    Rejected {
        quorum: bool,
    },
}

/// What happened to a decided proposal afterwards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Settled {
    No,
    Executed,
    ExecutionFailed,
    Closed,
    Cancelled,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Deposit {
    None,
    Held,
    Refunded,
    Forfeited,
}

/// A proposal's status at a time, by the rules.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Live {
    Open,
    Passed { at: u64 },
    Rejected { quorum: bool },
    Settled(Settled),
}

#[derive(Clone, Debug)]
pub(crate) struct Proposal {
    pub(crate) id: u64,
    pub(crate) proposer: usize,
    pub(crate) start_height: u64,
    pub(crate) start_time: u64,
    /// Total power: the total supply at the start height.
    pub(crate) total: u128,
    pub(crate) quorum_pct: u64,
    pub(crate) threshold_pct: u64,
    pub(crate) voting: u64,
    pub(crate) timelock: u64,
    pub(crate) deposit: u128,
    /// Coins its actions send from the treasury, by recipient.
    pub(crate) payments: Vec<(usize, u128)>,
    pub(crate) approve_gateway: bool,
    pub(crate) voters: Vec<usize>,
    /// Who voted yes (they may not exit against it).
    pub(crate) yes_voters: Vec<usize>,
    /// Shares each account exited with against this proposal.
    pub(crate) exited: [u128; ACCOUNTS],
    pub(crate) yes: u128,
    pub(crate) no: u128,
    pub(crate) abstain: u128,
    pub(crate) early: Option<Decided>,
    pub(crate) settled: Settled,
    pub(crate) deposit_state: Deposit,
}

impl Proposal {
    pub(crate) fn voted(&self) -> u128 {
        self.yes + self.no + self.abstain
    }

    /// Quorum: (yes + no + abstain) >= quorum × total.
    pub(crate) fn quorum(&self, voted: u128) -> bool {
        voted * 100 >= u128::from(self.quorum_pct) * self.total
    }

    /// Pass: yes > threshold × (yes + no).
    pub(crate) fn passes(&self, yes: u128, no: u128) -> bool {
        yes * 100 > u128::from(self.threshold_pct) * (yes + no)
    }

    /// Votes are accepted while `now < start + voting period`.
    pub(crate) fn voting_ends(&self) -> u64 {
        self.start_time + self.voting
    }

    /// Executable from `passed_at + timelock` (inclusive) ...
    pub(crate) fn executable_at(&self, passed_at: u64) -> u64 {
        passed_at + self.timelock
    }

    /// ... until `passed_at + timelock + EXECUTION_WINDOW_SECONDS` (exclusive): then expired.
    pub(crate) fn expires_at(&self, passed_at: u64) -> u64 {
        self.executable_at(passed_at) + EXECUTION_WINDOW_SECONDS
    }

    pub(crate) fn live(&self, now: u64) -> Live {
        if self.settled != Settled::No {
            return Live::Settled(self.settled);
        }
        let decided = match self.early {
            Some(d) => Some(d),
            None if now >= self.voting_ends() => {
                let quorum = self.quorum(self.voted());
                if quorum && self.passes(self.yes, self.no) {
                    Some(Decided::Passed {
                        at: self.voting_ends(),
                    })
                } else {
                    Some(Decided::Rejected { quorum })
                }
            }
            None => None,
        };
        match decided {
            None => Live::Open,
            Some(Decided::Passed { at }) => Live::Passed { at },
            Some(Decided::Rejected { quorum }) => Live::Rejected { quorum },
        }
    }

    /// After a vote at `now`: an early pass when quorum is reached and even all the remaining
    /// power voting no cannot stop it; an early rejection when quorum is reached and even all
    /// the remaining power voting yes cannot pass it.
    pub(crate) fn decide_early(&mut self, now: u64) {
        let voted = self.voted();
        let remaining = self.total.saturating_sub(voted);
        if !self.quorum(voted) {
            return;
        }
        if self.passes(self.yes, self.no + remaining) {
            self.early = Some(Decided::Passed { at: now });
        } else if !self.passes(self.yes + remaining, self.no) {
            self.early = Some(Decided::Rejected { quorum: true });
        }
    }

    pub(crate) fn spend(&self) -> u128 {
        self.payments.iter().map(|(_, a)| a).sum()
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ModelState {
    pub(crate) p: LaunchParams,
    pub(crate) start: u64,
    pub(crate) end: u64,
    pub(crate) sale: Sale,
    pub(crate) raised: u128,
    pub(crate) refunded: u128,
    pub(crate) contributed: [u128; ACCOUNTS],
    /// The height of each backer's share claim.
    pub(crate) claimed_at: [Option<u64>; ACCOUNTS],
    pub(crate) refunded_to: [bool; ACCOUNTS],
    /// Returned through `withdraw` so far.
    pub(crate) withdrawn: u128,
    /// What the chain moved between each backer and the presale, as seen in the backer's bank
    /// balance around its steps: coins it put in (contributions, net of the excess returned)
    /// and coins it got back (withdrawals, refunds).
    pub(crate) seen_put_in: [u128; ACCOUNTS],
    pub(crate) seen_paid_back: [u128; ACCOUNTS],
    /// The height of a successful finalize.
    pub(crate) finalized_at: Option<u64>,
    /// Total supply (sold + allocation from a successful finalize on), and its history:
    /// (first height it counts at, supply).
    pub(crate) supply: u128,
    pub(crate) supply_history: Vec<(u64, u128)>,
    /// Share balances outside the escrow.
    pub(crate) balances: [u128; ACCOUNTS],
    /// Per holder: (first height it counts at, balance), in order.
    pub(crate) history: Vec<Vec<(u64, u128)>>,
    /// Whom each holder's balance votes through now (none: itself).
    pub(crate) delegates: [Option<usize>; ACCOUNTS],
    /// Per holder: (first height it counts at, delegate), in order, like `history`.
    pub(crate) delegation_history: Vec<Vec<(u64, Option<usize>)>>,
    /// (owner, spender) -> (amount, expiry).
    pub(crate) allowances: BTreeMap<(usize, usize), (u128, Expiration)>,
    /// Coins sent to the shares contract and not yet swept.
    pub(crate) stray: u128,
    pub(crate) distributions: u128,
    /// Exact revenue of each holder's own balance, in 1 / SCALE units.
    pub(crate) exact: [u128; ACCOUNTS],
    /// Exact revenue of each unclaimed backer's shares in escrow, in 1 / SCALE units.
    pub(crate) exact_escrow: [u128; ACCOUNTS],
    /// Contributor split revenue (exact floors).
    pub(crate) split_revenue: [u128; 2],
    /// Everything accounted as revenue, and everything paid out by claims.
    pub(crate) revenue_in: u128,
    pub(crate) revenue_paid: u128,
    pub(crate) claimed_revenue: [u128; ACCOUNTS],
    /// The DAO: its free treasury and the deposits it holds apart from it.
    pub(crate) free: u128,
    pub(crate) held: u128,
    pub(crate) proposals: Vec<Proposal>,
    pub(crate) gateway_approved: bool,
    pub(crate) credits: [u64; ACCOUNTS],
    pub(crate) grants: [u64; ACCOUNTS],
    pub(crate) requests: Vec<String>,
    pub(crate) next_request: u64,
}

pub(crate) type Rule<T> = Result<T, &'static str>;

impl ModelState {
    pub(crate) fn new(p: LaunchParams, now: u64) -> Self {
        let start = now + p.start_in;
        ModelState {
            start,
            end: start + p.duration,
            p,
            sale: Sale::Active,
            raised: 0,
            refunded: 0,
            contributed: [0; ACCOUNTS],
            claimed_at: [None; ACCOUNTS],
            refunded_to: [false; ACCOUNTS],
            withdrawn: 0,
            seen_put_in: [0; ACCOUNTS],
            seen_paid_back: [0; ACCOUNTS],
            finalized_at: None,
            supply: 0,
            supply_history: vec![],
            balances: [0; ACCOUNTS],
            history: vec![vec![]; ACCOUNTS],
            delegates: [None; ACCOUNTS],
            delegation_history: vec![vec![]; ACCOUNTS],
            allowances: BTreeMap::new(),
            stray: 0,
            distributions: 0,
            exact: [0; ACCOUNTS],
            exact_escrow: [0; ACCOUNTS],
            split_revenue: [0; 2],
            revenue_in: 0,
            revenue_paid: 0,
            claimed_revenue: [0; ACCOUNTS],
            free: 0,
            held: 0,
            proposals: vec![],
            gateway_approved: false,
            credits: [0; ACCOUNTS],
            grants: [0; ACCOUNTS],
            requests: vec![],
            next_request: 0,
        }
    }

    // ---- presale ----

    /// floor(contribution / price): a backer's shares.
    pub(crate) fn entitlement(&self, b: usize) -> u128 {
        self.contributed[b] / self.p.price
    }

    /// A backer whose sold shares wait in the escrow.
    pub(crate) fn unclaimed(&self, b: usize) -> bool {
        self.sale == Sale::Succeeded && self.contributed[b] > 0 && self.claimed_at[b].is_none()
    }

    /// Accepts up to `sent` from `b`; the accepted part, or why the tx fails.
    pub(crate) fn contribute(
        &mut self,
        now: u64,
        b: usize,
        sent: u128,
        wallet: u128,
    ) -> Rule<u128> {
        let p = &self.p;
        if sent == 0 {
            return Err("no coin sent");
        }
        if sent > wallet {
            return Err("more than the wallet");
        }
        if self.sale != Sale::Active {
            return Err("settled");
        }
        if now < self.start {
            return Err("not open yet");
        }
        if now >= self.end {
            return Err("ended");
        }
        if self.raised >= p.hard_cap {
            return Err("hard cap reached");
        }
        let room = p.max.saturating_sub(self.contributed[b]);
        if room == 0 {
            return Err("per-address maximum reached");
        }
        let accepted = sent.min(p.hard_cap - self.raised).min(room);
        if self.contributed[b] + accepted < p.min {
            return Err("below the minimum");
        }
        self.contributed[b] += accepted;
        self.raised += accepted;
        Ok(accepted)
    }

    pub(crate) fn finalize(&mut self, now: u64, height: u64) -> Rule<()> {
        if self.sale != Sale::Active {
            return Err("settled");
        }
        if now < self.end && self.raised < self.p.hard_cap {
            return Err("too early");
        }
        if self.raised >= self.p.soft_cap {
            self.sale = Sale::Succeeded;
            self.finalized_at = Some(height);
            self.free += self.raised;
            let sold: u128 = BACKERS.iter().map(|b| self.entitlement(*b)).sum();
            self.set_supply(sold + self.p.creator_allocation, height);
            let alloc = self.balances[CREATOR] + self.p.creator_allocation;
            self.set_balance(CREATOR, alloc, height);
        } else {
            self.sale = Sale::Failed;
        }
        Ok(())
    }

    pub(crate) fn cancel(&mut self, now: u64, by: usize) -> Rule<()> {
        if by != CREATOR {
            return Err("not the creator");
        }
        if self.sale != Sale::Active {
            return Err("settled");
        }
        if now >= self.end {
            return Err("ended");
        }
        self.sale = Sale::Cancelled;
        Ok(())
    }

    /// Moves `b`'s shares out of escrow, with what they earned there.
    pub(crate) fn claim(&mut self, b: usize, height: u64) -> Rule<u128> {
        if self.sale != Sale::Succeeded {
            return Err("not succeeded");
        }
        if self.contributed[b] == 0 {
            return Err("no contribution");
        }
        if self.claimed_at[b].is_some() {
            return Err("already claimed");
        }
        let shares = self.entitlement(b);
        self.claimed_at[b] = Some(height);
        let balance = self.balances[b] + shares;
        self.set_balance(b, balance, height);
        self.exact[b] += std::mem::take(&mut self.exact_escrow[b]);
        Ok(shares)
    }

    /// Gives `amount` of `b`'s contribution back while the presale is open and below its soft
    /// cap, leaving nothing or at least the minimum; the amount, or why the tx fails.
    pub(crate) fn withdraw(&mut self, now: u64, b: usize, amount: u128) -> Rule<u128> {
        if amount == 0 {
            return Err("nothing to withdraw");
        }
        if self.sale != Sale::Active {
            return Err("settled");
        }
        if now < self.start {
            return Err("not open yet");
        }
        if now >= self.end {
            return Err("ended");
        }
        if self.raised >= self.p.soft_cap {
            return Err("goal reached");
        }
        if self.contributed[b] == 0 {
            return Err("no contribution");
        }
        if amount > self.contributed[b] {
            return Err("more than contributed");
        }
        let left = self.contributed[b] - amount;
        if left > 0 && left < self.p.min {
            return Err("below the minimum after");
        }
        self.contributed[b] = left;
        self.raised -= amount;
        self.withdrawn += amount;
        Ok(amount)
    }

    /// The backer's whole contribution, once, after a failure or a cancel.
    pub(crate) fn refund(&mut self, b: usize) -> Rule<u128> {
        if !matches!(self.sale, Sale::Failed | Sale::Cancelled) {
            return Err("no refunds");
        }
        if self.contributed[b] == 0 {
            return Err("no contribution");
        }
        if self.refunded_to[b] {
            return Err("already refunded");
        }
        self.refunded_to[b] = true;
        self.refunded += self.contributed[b];
        Ok(self.contributed[b])
    }

    /// What the presale must hold: the unrefunded contributions until a success, then 0.
    pub(crate) fn presale_holds(&self) -> u128 {
        if self.sale == Sale::Succeeded {
            0
        } else {
            self.raised - self.refunded
        }
    }

    // ---- shares ----

    /// A balance change in block `height` counts from `height + 1`.
    pub(crate) fn set_balance(&mut self, holder: usize, balance: u128, height: u64) {
        self.balances[holder] = balance;
        let h = &mut self.history[holder];
        match h.last_mut() {
            Some(last) if last.0 == height + 1 => last.1 = balance,
            _ => h.push((height + 1, balance)),
        }
    }

    pub(crate) fn set_supply(&mut self, supply: u128, height: u64) {
        self.supply = supply;
        match self.supply_history.last_mut() {
            Some(last) if last.0 == height + 1 => last.1 = supply,
            _ => self.supply_history.push((height + 1, supply)),
        }
    }

    pub(crate) fn balance_at(&self, holder: usize, height: u64) -> u128 {
        self.history[holder]
            .iter()
            .rev()
            .find(|(from, _)| *from <= height)
            .map_or(0, |(_, b)| *b)
    }

    /// The claimed-from-escrow entitlement at `height`: counted from the block after finalize
    /// until the block of the claim (from the next block on the shares are in the balance).
    pub(crate) fn escrow_at(&self, who: usize, height: u64) -> u128 {
        match (self.finalized_at, self.claimed_at[who]) {
            (Some(f), Some(c)) if f < height && height <= c => self.entitlement(who),
            _ => 0,
        }
    }

    /// `who`'s own stake at `height`: its balance + its escrow entitlement, whoever its vote
    /// goes through (delegation moves votes, not shares). What an exit may burn.
    pub(crate) fn stake(&self, who: usize, height: u64) -> u128 {
        self.balance_at(who, height) + self.escrow_at(who, height)
    }

    /// Whom `holder`'s balance votes through at `height` (none: itself).
    pub(crate) fn delegate_at(&self, holder: usize, height: u64) -> Option<usize> {
        self.delegation_history[holder]
            .iter()
            .rev()
            .find(|(from, _)| *from <= height)
            .and_then(|(_, to)| *to)
    }

    /// Voting power at `height`: the escrow entitlement (always the holder's own: no delegate
    /// holds it before the claim), plus the balance unless it is delegated, plus the balances
    /// of every holder delegating to `who` at that height (one level: what `who` received is
    /// its own whether or not `who` delegates itself).
    pub(crate) fn power(&self, who: usize, height: u64) -> u128 {
        let own = if self.delegate_at(who, height).is_some() {
            0
        } else {
            self.balance_at(who, height)
        };
        self.escrow_at(who, height) + own + self.received(who, height)
    }

    /// The power delegated to `who` at `height`: the balances of the holders delegating to it.
    pub(crate) fn received(&self, who: usize, height: u64) -> u128 {
        (0..ACCOUNTS)
            .filter(|j| self.delegate_at(*j, height) == Some(who))
            .map(|j| self.balance_at(j, height))
            .sum()
    }

    /// `holder`'s vote goes through `to` from the next block on (`to` = `holder`: through
    /// itself again). Refused when nothing changes (the same delegate again, or taking back a
    /// vote that was never given) and toward the shares contract, which never votes.
    pub(crate) fn delegate(&mut self, holder: usize, to: usize, height: u64) -> Rule<()> {
        if to == TOKEN {
            return Err("cannot delegate to the shares contract");
        }
        let next = (to != holder).then_some(to);
        if self.delegates[holder] == next {
            return Err("delegation unchanged");
        }
        self.delegates[holder] = next;
        let h = &mut self.delegation_history[holder];
        match h.last_mut() {
            Some(last) if last.0 == height + 1 => last.1 = next,
            _ => h.push((height + 1, next)),
        }
        Ok(())
    }

    /// Shares in the escrow at `height` that no account votes with there: those of backers
    /// that have not claimed yet (a claim makes them its backer's from the escrow's first
    /// block on).
    pub(crate) fn escrowed_at(&self, height: u64) -> u128 {
        match self.finalized_at {
            Some(f) if f < height => BACKERS
                .iter()
                .filter(|b| self.unclaimed(**b))
                .map(|b| self.entitlement(*b))
                .sum(),
            _ => 0,
        }
    }

    /// Past heights worth reading power at: every proposal's start, and the first height of
    /// the escrow, of every claim and of every delegation change, with the height before it.
    pub(crate) fn power_heights(&self) -> Vec<u64> {
        let mut heights: Vec<u64> = self.proposals.iter().map(|p| p.start_height).collect();
        let changes = self
            .delegation_history
            .iter()
            .flatten()
            .map(|(from, _)| *from);
        let escrow = self
            .finalized_at
            .iter()
            .chain(self.claimed_at.iter().flatten());
        for from in changes.chain(escrow.map(|h| h + 1)) {
            heights.extend([from - 1, from]);
        }
        heights.sort_unstable();
        heights.dedup();
        heights
    }

    /// The total supply at the start of block `height`.
    pub(crate) fn total_at(&self, height: u64) -> u128 {
        self.supply_history
            .iter()
            .rev()
            .find(|(from, _)| *from <= height)
            .map_or(0, |(_, s)| *s)
    }

    pub(crate) fn transfer(
        &mut self,
        from: usize,
        to: usize,
        amount: u128,
        height: u64,
    ) -> Rule<()> {
        if amount == 0 {
            return Err("zero amount");
        }
        if from == to {
            return Err("to the sender itself");
        }
        if to == TOKEN {
            return Err("shares cannot go to the shares contract itself");
        }
        if self.balances[from] < amount {
            return Err("more than the balance");
        }
        let (f, t) = (self.balances[from] - amount, self.balances[to] + amount);
        self.set_balance(from, f, height);
        self.set_balance(to, t, height);
        Ok(())
    }

    /// An allowance counts only while not expired (at the current block).
    pub(crate) fn allowance(&self, owner: usize, spender: usize, height: u64, now: u64) -> u128 {
        match self.allowances.get(&(owner, spender)) {
            Some((amount, exp)) if !expired(exp, height, now) => *amount,
            _ => 0,
        }
    }

    /// Raises an allowance (an expired one from zero) and sets its expiry.
    pub(crate) fn increase_allowance(
        &mut self,
        owner: usize,
        spender: usize,
        amount: u128,
        expires: Expiration,
        height: u64,
        now: u64,
    ) -> Rule<()> {
        if owner == spender {
            return Err("own account");
        }
        if expired(&expires, height, now) {
            return Err("expiry in the past");
        }
        let base = self.allowance(owner, spender, height, now);
        self.allowances
            .insert((owner, spender), (base + amount, expires));
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn transfer_from(
        &mut self,
        spender: usize,
        owner: usize,
        to: usize,
        amount: u128,
        height: u64,
        now: u64,
    ) -> Rule<()> {
        let allowed = self.allowance(owner, spender, height, now);
        if amount > allowed {
            return Err("above the allowance");
        }
        self.transfer(owner, to, amount, height)?;
        if let Some(a) = self.allowances.get_mut(&(owner, spender)) {
            a.0 -= amount;
        }
        Ok(())
    }

    // ---- revenue ----

    /// A distribution: splits first (exact floors), the rest pro-rata to the holdings at this
    /// moment, escrow included. Refused while the supply is zero.
    pub(crate) fn distribute(&mut self, amount: u128) -> Rule<()> {
        if amount == 0 {
            return Err("nothing to distribute");
        }
        if self.supply == 0 {
            return Err("no holders: the supply is zero");
        }
        let mut rest = amount;
        for (i, bps) in self.p.splits.iter().enumerate() {
            let part = amount * u128::from(*bps) / 10_000;
            self.split_revenue[i] += part;
            rest -= part;
        }
        self.distributions += 1;
        self.revenue_in += amount;
        for h in 0..ACCOUNTS {
            self.exact[h] += rest * self.balances[h] * SCALE / self.supply;
        }
        for b in BACKERS {
            if self.unclaimed(b) {
                self.exact_escrow[b] += rest * self.entitlement(b) * SCALE / self.supply;
            }
        }
        Ok(())
    }

    /// What the shares contract must hold: accounted revenue not yet paid, plus stray coins.
    pub(crate) fn shares_holds(&self) -> u128 {
        self.revenue_in - self.revenue_paid + self.stray
    }

    // ---- access ----

    /// Plans sell only once the presale succeeded.
    pub(crate) fn sellable(&self) -> Rule<()> {
        match self.sale {
            Sale::Succeeded => Ok(()),
            Sale::Active => Err("the presale has not succeeded yet"),
            Sale::Failed | Sale::Cancelled => Err("the presale failed: sales are closed"),
        }
    }

    pub(crate) fn consume(&mut self, user: usize, calls: u64, request: &str) -> Rule<()> {
        if !self.gateway_approved {
            return Err("gateway not approved");
        }
        if calls == 0 {
            return Err("zero calls");
        }
        if self.requests.iter().any(|r| r == request) {
            return Err("request id already used");
        }
        if self.grants[user] < calls {
            return Err("above the grant");
        }
        if self.credits[user] < calls {
            return Err("not enough credits");
        }
        self.grants[user] -= calls;
        self.credits[user] -= calls;
        self.requests.push(request.to_string());
        Ok(())
    }

    // ---- governance ----

    pub(crate) fn propose(
        &mut self,
        who: usize,
        paid: u128,
        height: u64,
        now: u64,
        payments: Vec<(usize, u128)>,
        approve_gateway: bool,
    ) -> Rule<Proposal> {
        if self.power(who, height) < MIN_PROPOSE_POWER {
            return Err("not enough voting power to propose");
        }
        if paid != self.p.deposit {
            return Err("wrong deposit");
        }
        self.held += paid;
        let proposal = Proposal {
            id: 0,
            proposer: who,
            start_height: height,
            start_time: now,
            total: self.total_at(height),
            quorum_pct: self.p.quorum_pct,
            threshold_pct: self.p.threshold_pct,
            voting: self.p.voting,
            timelock: self.p.timelock,
            deposit: paid,
            payments,
            approve_gateway,
            voters: vec![],
            yes_voters: vec![],
            exited: [0; ACCOUNTS],
            yes: 0,
            no: 0,
            abstain: 0,
            early: None,
            settled: Settled::No,
            deposit_state: if paid > 0 {
                Deposit::Held
            } else {
                Deposit::None
            },
        };
        self.proposals.push(proposal.clone());
        Ok(proposal)
    }

    pub(crate) fn vote(&mut self, i: usize, who: usize, vote: VoteOption, now: u64) -> Rule<u128> {
        let power = {
            let p = &self.proposals[i];
            if p.live(now) != Live::Open {
                return Err("not open");
            }
            if p.voters.contains(&who) {
                return Err("already voted");
            }
            self.power(who, p.start_height)
        };
        if power == 0 {
            return Err("no voting power at the start height");
        }
        let p = &mut self.proposals[i];
        p.voters.push(who);
        match vote {
            VoteOption::Yes => {
                p.yes += power;
                p.yes_voters.push(who);
            }
            VoteOption::No => p.no += power,
            VoteOption::Abstain => p.abstain += power,
        }
        p.decide_early(now);
        Ok(power)
    }

    /// The exit window of proposal `i`: passed, in its timelock, spending the treasury.
    pub(crate) fn exit_open(&self, i: usize, now: u64) -> bool {
        let p = &self.proposals[i];
        matches!(p.live(now), Live::Passed { at } if now < p.executable_at(at))
            && !p.payments.is_empty()
    }

    /// What `who` may still exit with against proposal `i`: its own stake at the start height
    /// (never power delegated to it; its own even if it delegated its vote) minus earlier
    /// exits, none after its own yes vote (a yes by its delegate does not bind it).
    pub(crate) fn exitable(&self, i: usize, who: usize) -> u128 {
        let p = &self.proposals[i];
        if p.yes_voters.contains(&who) {
            return 0;
        }
        self.stake(who, p.start_height)
            .saturating_sub(p.exited[who])
    }

    /// Exit (ragequit): `who` burns `shares` against proposal `i` during its timelock and is
    /// paid floor(free × shares / supply) of the free treasury (deposits held apart stay);
    /// the supply shrinks with the burn. The payout.
    pub(crate) fn exit(
        &mut self,
        i: usize,
        who: usize,
        shares: u128,
        now: u64,
        height: u64,
    ) -> Rule<u128> {
        if shares == 0 {
            return Err("zero shares");
        }
        if self.balances[who] < shares {
            return Err("more than the balance");
        }
        if !self.exit_open(i, now) {
            return Err("no exit window");
        }
        if self.proposals[i].yes_voters.contains(&who) {
            return Err("voted yes");
        }
        if shares > self.exitable(i, who) {
            return Err("above the stake at the start height");
        }
        let payout = self.free * shares / self.supply;
        if payout == 0 {
            return Err("pays nothing");
        }
        let (balance, supply) = (self.balances[who] - shares, self.supply - shares);
        self.set_balance(who, balance, height);
        self.set_supply(supply, height);
        self.free -= payout;
        self.proposals[i].exited[who] += shares;
        Ok(payout)
    }

    /// Refunds the deposit of proposal `i` to its proposer (if it still holds one): the amount.
    pub(crate) fn refund_deposit(&mut self, i: usize) -> u128 {
        let p = &mut self.proposals[i];
        if p.deposit_state != Deposit::Held {
            return 0;
        }
        p.deposit_state = Deposit::Refunded;
        self.held -= p.deposit;
        p.deposit
    }

    /// What the DAO's bank must hold: the free treasury and the deposits apart from it.
    pub(crate) fn dao_holds(&self) -> u128 {
        self.free + self.held
    }

    /// Executes proposal `i`: (deposit refunded, coins paid out), or why it fails.
    pub(crate) fn execute(&mut self, i: usize, now: u64) -> Rule<(u128, Vec<(usize, u128)>)> {
        let p = &self.proposals[i];
        let Live::Passed { at } = p.live(now) else {
            return Err("not passed");
        };
        if now < p.executable_at(at) {
            return Err("timelocked");
        }
        if now >= p.expires_at(at) {
            return Err("expired");
        }
        let spend = p.spend();
        // access refuses to approve a gateway twice: that action fails, and with it all
        let approvable = !(p.approve_gateway && self.gateway_approved);
        let refund = self.refund_deposit(i);
        // a proposal spends only the free treasury, never the deposits held apart
        if spend <= self.free && approvable {
            self.free -= spend;
            if self.proposals[i].approve_gateway {
                self.gateway_approved = true;
            }
            self.proposals[i].settled = Settled::Executed;
            Ok((refund, self.proposals[i].payments.clone()))
        } else {
            self.proposals[i].settled = Settled::ExecutionFailed;
            Ok((refund, vec![]))
        }
    }

    /// Closes proposal `i`: the deposit refunded (Ok(amount, true)) or forfeited (false).
    pub(crate) fn close(&mut self, i: usize, now: u64) -> Rule<(u128, bool)> {
        let p = &self.proposals[i];
        let refund = match p.live(now) {
            Live::Rejected { quorum } => quorum,
            Live::Passed { at } if now >= p.expires_at(at) => true,
            _ => return Err("nothing to close"),
        };
        if refund {
            let amount = self.refund_deposit(i);
            self.proposals[i].settled = Settled::Closed;
            Ok((amount, true))
        } else {
            self.proposals[i].settled = Settled::Closed;
            let p = &mut self.proposals[i];
            let forfeited = if p.deposit_state == Deposit::Held {
                p.deposit_state = Deposit::Forfeited;
                p.deposit
            } else {
                0
            };
            self.held -= forfeited;
            self.free += forfeited;
            Ok((forfeited, false))
        }
    }

    pub(crate) fn cancel_proposal(&mut self, i: usize, who: usize, now: u64) -> Rule<u128> {
        let p = &self.proposals[i];
        if who != p.proposer {
            return Err("not the proposer");
        }
        if p.live(now) != Live::Open {
            return Err("not open");
        }
        if !p.voters.is_empty() {
            return Err("already voted on");
        }
        let refund = self.refund_deposit(i);
        self.proposals[i].settled = Settled::Cancelled;
        Ok(refund)
    }
}

/// cw20's rule: an expiry at a height or time counts as reached at that height or time.
pub(crate) fn expired(exp: &Expiration, height: u64, now: u64) -> bool {
    match exp {
        Expiration::AtHeight(h) => height >= *h,
        Expiration::AtTime(t) => now >= t.seconds(),
        Expiration::Never {} => false,
    }
}

/// The whole protocol's expected state: every account's coins and each model's state.
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub(crate) coins: [u128; ACCOUNTS],
    pub(crate) models: Vec<ModelState>,
    /// Payment channels of every model, by channel id − 1.
    pub(crate) channels: Vec<super::channels::ChannelState>,
}
