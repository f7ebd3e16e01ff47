//! Property test: random sequences of contributions, finalizes, claims, refunds, cancels, share
//! transfers and time jumps over a presale and its real shares token, with the invariants checked
//! after every step, failed steps included (a failed tx must change nothing):
//!
//! 1. until a successful finalize the presale holds exactly the unrefunded contributions
//!    (raised − refunded); after it, nothing, and the treasury holds exactly `raised`;
//! 2. shares claimed never exceed shares sold, and `state.shares_claimed` is the sum of the
//!    claims minted;
//! 3. the balances of all holders plus the escrow (sold shares not claimed yet) sum to the
//!    total supply, now and at every recorded height; after a successful finalize the supply
//!    is every sold share plus the creator allocation at once.
//!
//! A small reference model (written from the README, not from the contract code) predicts
//! whether each step succeeds and tracks every backer's coins and every holder's shares,
//! including the balances at the start of each block, so wrong returns, double refunds and
//! wrong snapshots show up as exact mismatches. `PROPTEST_CASES=1000` runs more cases.

use std::collections::BTreeMap;

use cosmwasm_std::{coins, Addr, Timestamp, Uint128};
use cw20::{BalanceResponse, TokenInfoResponse};
use cw_multi_test::AppResponse;
use modelfund::presale::{self, ContributionsResponse, Phase, StateResponse};
use modelfund::shares::{self, TotalSupplyResponse};
use modelfund_integration_tests::standalone::SharesSpec;
use modelfund_integration_tests::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde::{de::DeserializeOwned, Serialize};

const WALLET: u128 = 100_000;
const BACKERS: usize = 4;
/// Everyone who may hold shares: the backers, then the creator, a stranger and the treasury.
const HOLDERS: usize = BACKERS + 3;
/// The holders' balances, then the escrow.
const SLOTS: usize = HOLDERS + 1;
const ESCROW: usize = HOLDERS;

type Balances = [u128; SLOTS];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Backer(usize),
    Creator,
    Stranger,
    Treasury,
}

impl Who {
    fn index(self) -> usize {
        match self {
            Who::Backer(i) => i,
            Who::Creator => BACKERS,
            Who::Stranger => BACKERS + 1,
            Who::Treasury => BACKERS + 2,
        }
    }
}

/// A contribution, relative to the case's config so that every kind stays meaningful.
#[derive(Clone, Copy, Debug)]
enum Amount {
    /// No coin at all.
    Zero,
    /// This percentage of `min_per_address` (at least 1): accepted only as a top-up.
    BelowMin(u8),
    Min,
    /// `min + (max - min) * pct / 100`.
    Normal(u8),
    AtMax,
    /// `max_per_address + 1 + extra`: partly returned.
    AboveMax(u128),
    /// `hard_cap + 1 + extra`: partly returned.
    AboveHardCap(u128),
    /// Exactly what is left below the hard cap.
    RestOfHardCap,
    Raw(u128),
    /// One more than the backer's wallet: the bank refuses.
    OverWallet,
}

#[derive(Clone, Copy, Debug)]
enum ShareAmount {
    All,
    Percent(u8),
    /// One more than the sender holds.
    AboveBalance,
    Raw(u128),
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Contribute {
        backer: usize,
        amount: Amount,
    },
    Finalize {
        by: Who,
    },
    Claim {
        backer: Who,
    },
    Refund {
        backer: Who,
    },
    Cancel {
        by: Who,
    },
    Transfer {
        from: Who,
        to: Who,
        amount: ShareAmount,
    },
    TimeJump {
        seconds: u64,
        blocks: u64,
    },
}

/// One case's presale config.
#[derive(Clone, Debug)]
struct Params {
    price: u128,
    min: u128,
    max: u128,
    soft_cap: u128,
    hard_cap: u128,
    start_delay: u64,
    duration: u64,
    creator_allocation: u128,
    hand_over_minter: bool,
}

fn params() -> impl Strategy<Value = Params> {
    (
        prop_oneof![Just(1u128), 2..=10u128, 100..=1_000u128],
        1..=5u128,
        0..=5_000u128,
        0..=20_000u128,
        0..=100u128,
        prop_oneof![3 => Just(0u64), 1 => 1..=100u64],
        200..=3_000u64,
        prop_oneof![Just(0u128), 1..=1_000u128],
        prop::bool::weighted(0.9),
    )
        .prop_map(
            |(
                price,
                min_shares,
                above_min,
                cap_above_min,
                soft_pct,
                start_delay,
                duration,
                creator_allocation,
                hand_over_minter,
            )| {
                let min = price * min_shares;
                let hard_cap = min + cap_above_min;
                // the soft cap sells at least one share (the launchpad refuses less)
                let soft_cap = (hard_cap * soft_pct / 100).max(price);
                Params {
                    price,
                    min,
                    max: min + above_min,
                    soft_cap,
                    hard_cap,
                    start_delay,
                    duration,
                    // at most 20 % of the shares the soft cap sells (the launch bound)
                    creator_allocation: creator_allocation.min(soft_cap / price / 5),
                    hand_over_minter,
                }
            },
        )
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        5 => (0..BACKERS).prop_map(Who::Backer),
        1 => Just(Who::Creator),
        1 => Just(Who::Stranger),
        1 => Just(Who::Treasury),
    ]
}

fn claimant() -> impl Strategy<Value = Who> {
    prop_oneof![
        8 => (0..BACKERS).prop_map(Who::Backer),
        1 => Just(Who::Creator),
        1 => Just(Who::Stranger),
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        1 => Just(Amount::Zero),
        2 => (0..100u8).prop_map(Amount::BelowMin),
        2 => Just(Amount::Min),
        6 => (0..=100u8).prop_map(Amount::Normal),
        2 => Just(Amount::AtMax),
        2 => (0..=3_000u128).prop_map(Amount::AboveMax),
        1 => (0..=3_000u128).prop_map(Amount::AboveHardCap),
        1 => Just(Amount::RestOfHardCap),
        2 => (1..=20_000u128).prop_map(Amount::Raw),
        1 => Just(Amount::OverWallet),
    ]
}

fn share_amount() -> impl Strategy<Value = ShareAmount> {
    prop_oneof![
        1 => Just(ShareAmount::All),
        3 => (0..=100u8).prop_map(ShareAmount::Percent),
        1 => Just(ShareAmount::AboveBalance),
        1 => (0..=500u128).prop_map(ShareAmount::Raw),
    ]
}

/// Any operation; `funding` weighs towards contributions and small time steps, the settling
/// part of a sequence towards finalize, claims, refunds, transfers and long jumps.
fn op(funding: bool) -> impl Strategy<Value = Op> {
    let w = |funding_weight: u32, settling_weight: u32| {
        if funding {
            funding_weight
        } else {
            settling_weight
        }
    };
    prop_oneof![
        w(24, 1) => (0..BACKERS, amount())
            .prop_map(|(backer, amount)| Op::Contribute { backer, amount }),
        w(2, 4) => who().prop_map(|by| Op::Finalize { by }),
        w(2, 8) => claimant().prop_map(|backer| Op::Claim { backer }),
        w(2, 6) => claimant().prop_map(|backer| Op::Refund { backer }),
        1 => prop_oneof![1 => Just(Who::Creator), 2 => Just(Who::Stranger)]
            .prop_map(|by| Op::Cancel { by }),
        w(2, 8) => (who(), who(), share_amount())
            .prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        w(6, 2) => (prop_oneof![w(8, 1) => 0..=60u64, 1 => 200..=4_000u64], 1..=3u64)
            .prop_map(|(seconds, blocks)| Op::TimeJump { seconds, blocks }),
    ]
}

/// 1 to 60 steps: a funding part, mostly a jump past the end, then a settling part.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    (
        prop::collection::vec(op(true), 1..=30),
        prop::option::weighted(0.7, 3_200..=5_000u64),
        prop::collection::vec(op(false), 0..30),
    )
        .prop_map(|(mut ops, jump, settling)| {
            if let Some(seconds) = jump {
                ops.push(Op::TimeJump { seconds, blocks: 1 });
            }
            ops.extend(settling);
            ops
        })
}

/// The recorded outcome, as the README describes it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    Active,
    Succeeded,
    Failed,
    Cancelled,
}

/// What the presale and the shares should hold.
#[derive(Clone, Debug)]
struct Model {
    status: Status,
    raised: u128,
    refunded: u128,
    shares_claimed: u128,
    contributed: [u128; BACKERS],
    claimed: [bool; BACKERS],
    refunded_to: [bool; BACKERS],
    /// The backers' native coins.
    coins: [u128; BACKERS],
    treasury_coins: u128,
    shares: Balances,
}

impl Model {
    fn new() -> Self {
        Model {
            status: Status::Active,
            raised: 0,
            refunded: 0,
            shares_claimed: 0,
            contributed: [0; BACKERS],
            claimed: [false; BACKERS],
            refunded_to: [false; BACKERS],
            coins: [WALLET; BACKERS],
            treasury_coins: 0,
            shares: [0; SLOTS],
        }
    }

    fn phase(&self, p: &Params, now: Timestamp, start: Timestamp, end: Timestamp) -> Phase {
        match self.status {
            Status::Succeeded => Phase::Succeeded,
            Status::Failed => Phase::Failed,
            Status::Cancelled => Phase::Cancelled,
            Status::Active if now < start => Phase::Upcoming,
            Status::Active if now >= end || self.raised >= p.hard_cap => Phase::Ended,
            Status::Active => Phase::Open,
        }
    }

    /// Accepts `sent` from backer `b`; returns the accepted part, or why the tx must fail.
    fn contribute(
        &mut self,
        w: &World,
        now: Timestamp,
        b: usize,
        sent: u128,
    ) -> Result<u128, &'static str> {
        let p = &w.p;
        if sent == 0 {
            return Err("no coin sent");
        }
        if sent > self.coins[b] {
            return Err("more than the wallet");
        }
        if self.status != Status::Active {
            return Err("settled");
        }
        if now < w.start {
            return Err("not started");
        }
        if now >= w.end {
            return Err("ended");
        }
        if self.raised >= p.hard_cap {
            return Err("hard cap reached");
        }
        if !p.hand_over_minter {
            return Err("the presale is not the shares minter");
        }
        let room_address = p.max.saturating_sub(self.contributed[b]);
        if room_address == 0 {
            return Err("per-address maximum reached");
        }
        let accepted = sent.min(p.hard_cap - self.raised).min(room_address);
        if self.contributed[b] + accepted < p.min {
            return Err("below the minimum");
        }
        self.contributed[b] += accepted;
        self.raised += accepted;
        self.coins[b] -= accepted;
        Ok(accepted)
    }

    fn finalize(&mut self, w: &World, now: Timestamp) -> Result<(), &'static str> {
        if self.status != Status::Active {
            return Err("settled");
        }
        if now < w.end && self.raised < w.p.hard_cap {
            return Err("too early");
        }
        if self.raised >= w.p.soft_cap {
            self.status = Status::Succeeded;
            self.treasury_coins += self.raised;
            self.shares[Who::Creator.index()] += w.p.creator_allocation;
            // every sold share exists from now on, in escrow until its backer claims
            self.shares[ESCROW] += self.contributed.iter().map(|c| c / w.p.price).sum::<u128>();
        } else {
            self.status = Status::Failed;
        }
        Ok(())
    }

    /// Claims for `who`; returns the shares minted.
    fn claim(&mut self, w: &World, who: Who) -> Result<u128, &'static str> {
        if self.status != Status::Succeeded {
            return Err("claims not open");
        }
        let Who::Backer(b) = who else {
            return Err("no contribution");
        };
        if self.contributed[b] == 0 {
            return Err("no contribution");
        }
        if self.claimed[b] {
            return Err("already claimed");
        }
        let minted = self.contributed[b] / w.p.price;
        self.claimed[b] = true;
        self.shares_claimed += minted;
        self.shares[ESCROW] -= minted;
        self.shares[b] += minted;
        Ok(minted)
    }

    fn refund(&mut self, who: Who) -> Result<u128, &'static str> {
        if !matches!(self.status, Status::Failed | Status::Cancelled) {
            return Err("refunds not open");
        }
        let Who::Backer(b) = who else {
            return Err("no contribution");
        };
        if self.contributed[b] == 0 {
            return Err("no contribution");
        }
        if self.refunded_to[b] {
            return Err("already refunded");
        }
        self.refunded_to[b] = true;
        self.refunded += self.contributed[b];
        self.coins[b] += self.contributed[b];
        Ok(self.contributed[b])
    }

    fn cancel(&mut self, w: &World, now: Timestamp, by: Who) -> Result<(), &'static str> {
        if by != Who::Creator {
            return Err("not the creator");
        }
        if self.status != Status::Active {
            return Err("settled");
        }
        if now >= w.end {
            return Err("ended");
        }
        self.status = Status::Cancelled;
        Ok(())
    }

    fn transfer(&mut self, from: Who, to: Who, amount: u128) -> Result<(), &'static str> {
        if amount == 0 {
            return Err("zero amount");
        }
        if from == to {
            return Err("to self");
        }
        if self.shares[from.index()] < amount {
            return Err("insufficient shares");
        }
        self.shares[from.index()] -= amount;
        self.shares[to.index()] += amount;
        Ok(())
    }
}

struct World {
    proto: Protocol,
    presale: Addr,
    shares: Addr,
    /// Indexed by `Who::index`.
    holders: Vec<Addr>,
    p: Params,
    start: Timestamp,
    end: Timestamp,
}

impl World {
    /// A model launched through the real launchpad with the case's presale (its treasury is the
    /// model's DAO); or, when the case keeps the minter role away from the presale (something
    /// a launch never does), a hand-wired presale over a bare shares token.
    fn launch(params: &Params) -> Self {
        let mut builder = Protocol::builder().no_model();
        for i in 0..BACKERS {
            builder = builder.actor(&format!("backer{i}"), WALLET);
        }
        let mut p = builder.build();
        let mut holders: Vec<Addr> = (0..BACKERS)
            .map(|i| p.addr(&format!("backer{i}")))
            .collect();
        let creator = p.actors.creator.clone();
        let stranger = p.addr("stranger");
        let (presale, shares, treasury, start, end) = if params.hand_over_minter {
            let spec = ModelSpec::new("tiny-llm")
                .price(params.price)
                .caps(params.soft_cap, params.hard_cap)
                .per_address(params.min, params.max)
                .window(params.start_delay, params.duration)
                .creator_allocation(params.creator_allocation)
                .decimals(6);
            let m = p.launch(&creator, spec).unwrap();
            (m.presale, m.shares, m.governance, m.start, m.end)
        } else {
            let treasury = p.addr("dao");
            let shares = p
                .instantiate_shares(&SharesSpec {
                    decimals: 6,
                    initial_balances: vec![],
                    minter: creator.clone(),
                    revenue: None,
                })
                .unwrap();
            let start = p.now().plus_seconds(params.start_delay);
            let end = start.plus_seconds(params.duration);
            let msg = presale::InstantiateMsg {
                denom: DENOM.into(),
                price: Uint128::new(params.price),
                soft_cap: Uint128::new(params.soft_cap),
                hard_cap: Uint128::new(params.hard_cap),
                start,
                end,
                min_per_address: Uint128::new(params.min),
                max_per_address: Uint128::new(params.max),
                treasury: treasury.to_string(),
                creator: creator.to_string(),
                creator_allocation: Uint128::new(params.creator_allocation),
                shares: shares.to_string(),
                allowlist: None,
                creator_vesting: None,
            };
            let presale = p.instantiate_presale(&creator, &msg).unwrap();
            (presale, shares, treasury, start, end)
        };
        holders.extend([creator, stranger, treasury]);
        World {
            proto: p,
            presale,
            shares,
            holders,
            p: params.clone(),
            start,
            end,
        }
    }

    fn addr(&self, who: Who) -> Addr {
        self.holders[who.index()].clone()
    }

    fn height(&self) -> u64 {
        self.proto.height()
    }

    fn query<T: DeserializeOwned>(&self, contract: &Addr, msg: &impl Serialize) -> T {
        self.proto.query(contract, msg)
    }

    fn bank(&self, who: &Addr) -> u128 {
        self.proto.balance(who)
    }

    fn presale_exec(&mut self, who: Who, msg: presale::ExecuteMsg, sent: u128) -> Outcome {
        let funds = if sent == 0 {
            vec![]
        } else {
            coins(sent, DENOM)
        };
        let (sender, presale) = (self.addr(who), self.presale.clone());
        Outcome::of(self.proto.exec(&sender, &presale, &msg, &funds))
    }

    /// Runs one step against the chain and the model; fails when they disagree on whether it
    /// succeeds or on what it reports. Returns the step's description for the checks.
    fn step(
        &mut self,
        m: &mut Model,
        snapshots: &mut BTreeMap<u64, Balances>,
        ctx: &str,
        op: Op,
    ) -> Result<String, TestCaseError> {
        let now = self.proto.now();
        let mut next = m.clone();
        match op {
            Op::Contribute { backer, amount } => {
                let p = &self.p;
                let sent = match amount {
                    Amount::Zero => 0,
                    Amount::BelowMin(pct) => (p.min * u128::from(pct) / 100).max(1),
                    Amount::Min => p.min,
                    Amount::Normal(pct) => p.min + (p.max - p.min) * u128::from(pct) / 100,
                    Amount::AtMax => p.max,
                    Amount::AboveMax(extra) => p.max + 1 + extra,
                    Amount::AboveHardCap(extra) => p.hard_cap + 1 + extra,
                    Amount::RestOfHardCap => p.hard_cap.saturating_sub(m.raised).max(1),
                    Amount::Raw(x) => x,
                    Amount::OverWallet => m.coins[backer] + 1,
                };
                let expected = next.contribute(self, now, backer, sent);
                let out = self.presale_exec(
                    Who::Backer(backer),
                    presale::ExecuteMsg::Contribute {
                        proof: None,
                        cap: None,
                    },
                    sent,
                );
                let desc = format!("{ctx}: sent {sent}, model {expected:?}, chain {out}");
                agree(&desc, &expected, &out)?;
                if let (Ok(accepted), Some(res)) = (expected, out.ok()) {
                    let attr = |k| wasm_attr(res, &self.presale, k);
                    prop_assert_eq!(
                        attr("accepted"),
                        Some(accepted.to_string()),
                        "{}: accepted",
                        desc
                    );
                    prop_assert_eq!(
                        attr("returned"),
                        Some((sent - accepted).to_string()),
                        "{}: returned",
                        desc
                    );
                }
                if expected.is_ok() {
                    *m = next;
                }
                Ok(desc)
            }
            Op::Finalize { by } => {
                let expected = next.finalize(self, now);
                let out = self.presale_exec(by, presale::ExecuteMsg::Finalize {}, 0);
                let desc = format!("{ctx}: model {expected:?}, chain {out}");
                agree(&desc, &expected, &out)?;
                if expected.is_ok() {
                    *m = next;
                }
                Ok(desc)
            }
            Op::Claim { backer } => {
                let expected = next.claim(self, backer);
                let out = self.presale_exec(backer, presale::ExecuteMsg::Claim {}, 0);
                let desc = format!("{ctx}: model {expected:?}, chain {out}");
                agree(&desc, &expected, &out)?;
                if let (Ok(minted), Some(res)) = (expected, out.ok()) {
                    prop_assert_eq!(
                        wasm_attr(res, &self.presale, "shares"),
                        Some(minted.to_string()),
                        "{}: shares minted",
                        desc
                    );
                    *m = next;
                }
                Ok(desc)
            }
            Op::Refund { backer } => {
                let expected = next.refund(backer);
                let out = self.presale_exec(backer, presale::ExecuteMsg::Refund {}, 0);
                let desc = format!("{ctx}: model {expected:?}, chain {out}");
                agree(&desc, &expected, &out)?;
                if expected.is_ok() {
                    *m = next;
                }
                Ok(desc)
            }
            Op::Cancel { by } => {
                let expected = next.cancel(self, now, by);
                let out = self.presale_exec(by, presale::ExecuteMsg::Cancel {}, 0);
                let desc = format!("{ctx}: model {expected:?}, chain {out}");
                agree(&desc, &expected, &out)?;
                if expected.is_ok() {
                    *m = next;
                }
                Ok(desc)
            }
            Op::Transfer { from, to, amount } => {
                let held = m.shares[from.index()];
                let amount = match amount {
                    ShareAmount::All => held,
                    ShareAmount::Percent(pct) => held * u128::from(pct) / 100,
                    ShareAmount::AboveBalance => held + 1,
                    ShareAmount::Raw(x) => x,
                };
                let expected = next.transfer(from, to, amount);
                let (sender, recipient, token) =
                    (self.addr(from), self.addr(to), self.shares.clone());
                let out = Outcome::of(self.proto.transfer(&token, &sender, &recipient, amount));
                let desc = format!("{ctx}: amount {amount}, model {expected:?}, chain {out}");
                agree(&desc, &expected, &out)?;
                if expected.is_ok() {
                    *m = next;
                }
                Ok(desc)
            }
            Op::TimeJump { seconds, blocks } => {
                // the balances at the start of each skipped block are the current ones
                let h = self.height();
                for skipped in h + 1..=h + blocks {
                    snapshots.insert(skipped, m.shares);
                }
                self.proto.jump(seconds, blocks);
                Ok(format!("{ctx}: now height {}", h + blocks))
            }
        }
    }

    /// Every invariant, against the chain and the model.
    fn check(&self, m: &Model, ctx: &str) -> Result<(), TestCaseError> {
        let p = &self.p;
        let now = self.proto.now();
        let state: StateResponse = self.query(&self.presale, &presale::QueryMsg::State {});
        let list: ContributionsResponse = self.query(
            &self.presale,
            &presale::QueryMsg::Contributions {
                start_after: None,
                limit: Some(100),
            },
        );

        // the contract's own record matches the model
        prop_assert_eq!(
            state.phase,
            m.phase(p, now, self.start, self.end),
            "{}: phase",
            ctx
        );
        prop_assert_eq!(state.raised.u128(), m.raised, "{}: raised", ctx);
        prop_assert_eq!(state.refunded.u128(), m.refunded, "{}: refunded", ctx);
        let backers = m.contributed.iter().filter(|c| **c > 0).count();
        prop_assert_eq!(state.backers, backers as u64, "{}: backers", ctx);
        prop_assert_eq!(
            list.contributions.len(),
            backers,
            "{}: contributions listed",
            ctx
        );
        for b in 0..BACKERS {
            let addr = self.addr(Who::Backer(b));
            let entry = list.contributions.iter().find(|c| c.address == addr);
            match entry {
                None => prop_assert_eq!(m.contributed[b], 0, "{}: backer{} not listed", ctx, b),
                Some(c) => {
                    prop_assert_eq!(
                        c.amount.u128(),
                        m.contributed[b],
                        "{}: backer{} amount",
                        ctx,
                        b
                    );
                    prop_assert_eq!(
                        c.shares.u128(),
                        m.contributed[b] / p.price,
                        "{}: backer{} shares",
                        ctx,
                        b
                    );
                    prop_assert_eq!(c.claimed, m.claimed[b], "{}: backer{} claimed", ctx, b);
                    prop_assert_eq!(
                        c.refunded,
                        m.refunded_to[b],
                        "{}: backer{} refunded",
                        ctx,
                        b
                    );
                }
            }
        }

        // 1. the presale holds exactly the unrefunded contributions until a successful finalize
        let held = self.bank(&self.presale);
        let treasury = self.bank(&self.addr(Who::Treasury));
        let unrefunded: u128 = list
            .contributions
            .iter()
            .filter(|c| !c.refunded)
            .map(|c| c.amount.u128())
            .sum();
        if state.phase == Phase::Succeeded {
            prop_assert_eq!(held, 0, "{}: presale balance after success", ctx);
            prop_assert_eq!(
                treasury,
                state.raised.u128(),
                "{}: treasury got raised",
                ctx
            );
        } else {
            prop_assert_eq!(held, unrefunded, "{}: presale balance vs unrefunded", ctx);
            prop_assert_eq!(
                held,
                state.raised.u128() - state.refunded.u128(),
                "{}: presale balance vs raised - refunded",
                ctx
            );
            prop_assert_eq!(treasury, 0, "{}: treasury before success", ctx);
        }
        prop_assert_eq!(treasury, m.treasury_coins, "{}: treasury vs model", ctx);
        for b in 0..BACKERS {
            let coins = self.bank(&self.addr(Who::Backer(b)));
            prop_assert_eq!(coins, m.coins[b], "{}: backer{} coins", ctx, b);
        }

        // 2. shares claimed never exceed shares sold
        let sold: u128 = list.contributions.iter().map(|c| c.shares.u128()).sum();
        let claimed: u128 = list
            .contributions
            .iter()
            .filter(|c| c.claimed)
            .map(|c| c.amount.u128() / p.price)
            .sum();
        prop_assert!(
            claimed <= sold,
            "{}: claimed {} > sold {}",
            ctx,
            claimed,
            sold
        );
        prop_assert!(
            sold <= state.raised.u128() / p.price,
            "{}: sold {} > raised / price",
            ctx,
            sold
        );
        prop_assert_eq!(
            state.shares_claimed.u128(),
            claimed,
            "{}: shares_claimed vs claims",
            ctx
        );
        prop_assert_eq!(
            state.shares_claimed.u128(),
            m.shares_claimed,
            "{}: shares_claimed vs minted",
            ctx
        );

        // 3. the balances sum to the total supply (now; past heights in `check_height`)
        let info: TokenInfoResponse = self.query(&self.shares, &shares::QueryMsg::TokenInfo {});
        let balances = self.balances(None);
        prop_assert_eq!(
            balances.iter().sum::<u128>(),
            info.total_supply.u128(),
            "{}: sum of balances",
            ctx
        );
        prop_assert_eq!(balances, m.shares, "{}: balances vs model", ctx);
        let allocation = if state.phase == Phase::Succeeded {
            p.creator_allocation
        } else {
            0
        };
        prop_assert_eq!(
            info.total_supply.u128(),
            state.shares_claimed.u128() + balances[ESCROW] + allocation,
            "{}: supply = claimed + escrowed + creator allocation",
            ctx
        );
        if state.phase == Phase::Succeeded {
            prop_assert_eq!(
                info.total_supply.u128(),
                sold + allocation,
                "{}: from finalize on, the supply is the whole final supply",
                ctx
            );
        }
        Ok(())
    }

    /// Balances of every holder, now or at the start of block `height`, and the escrow now
    /// (0 for a past height: the escrow keeps no history).
    fn balances(&self, height: Option<u64>) -> Balances {
        let mut out = [0; SLOTS];
        if height.is_none() {
            let escrow: shares::EscrowResponse =
                self.query(&self.shares, &shares::QueryMsg::Escrow {});
            out[ESCROW] = escrow.amount.u128();
        }
        for (i, addr) in self.holders.iter().enumerate() {
            let r: BalanceResponse = match height {
                None => self.query(
                    &self.shares,
                    &shares::QueryMsg::Balance {
                        address: addr.to_string(),
                    },
                ),
                Some(height) => self.query(
                    &self.shares,
                    &shares::QueryMsg::BalanceAtHeight {
                        address: addr.to_string(),
                        height,
                    },
                ),
            };
            out[i] = r.balance.u128();
        }
        out
    }

    /// 3. at `height`: the balances sum to the total supply and are the ones recorded.
    fn check_height(
        &self,
        height: u64,
        expected: &Balances,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let mut at = self.balances(Some(height));
        // the escrow then is the model's (the contract keeps no history of it)
        at[ESCROW] = expected[ESCROW];
        let supply: TotalSupplyResponse = self.query(
            &self.shares,
            &shares::QueryMsg::TotalSupplyAtHeight { height },
        );
        prop_assert_eq!(
            at.iter().sum::<u128>(),
            supply.total_supply.u128(),
            "{}: sum of balances at height {}",
            ctx,
            height
        );
        prop_assert_eq!(&at, expected, "{}: balances at height {}", ctx, height);
        Ok(())
    }
}

/// The chain and the model agree on whether a step succeeds.
fn agree<T: std::fmt::Debug>(
    desc: &str,
    expected: &Result<T, &'static str>,
    out: &Outcome,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        expected.is_ok(),
        out.ok().is_some(),
        "{}: model and chain disagree",
        desc
    );
    Ok(())
}

/// A tx's result, with the error kept as text for the failure messages.
enum Outcome {
    Ok(AppResponse),
    Err(String),
}

impl Outcome {
    fn of<E: std::fmt::Display>(res: Result<AppResponse, E>) -> Self {
        match res {
            Ok(res) => Outcome::Ok(res),
            Err(e) => Outcome::Err(format!("{e:#}")),
        }
    }

    fn ok(&self) -> Option<&AppResponse> {
        match self {
            Outcome::Ok(res) => Some(res),
            Outcome::Err(_) => None,
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Outcome::Ok(_) => write!(f, "ok"),
            Outcome::Err(e) => write!(f, "error: {e}"),
        }
    }
}

fn run(p: &Params, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut w = World::launch(p);
    let mut m = Model::new();
    let h0 = w.height();
    // balances at the start of each block; nothing is minted before the first step
    let mut snapshots: BTreeMap<u64, Balances> =
        BTreeMap::from([(h0 - 1, [0; SLOTS]), (h0, [0; SLOTS])]);
    w.check(&m, "after launch")?;
    for (i, op) in ops.iter().enumerate() {
        let ctx = format!("step {i} {op:?}");
        let desc = w.step(&mut m, &mut snapshots, &ctx, *op)?;
        w.check(&m, &desc)?;
        // the current block, the one before and two earlier ones picked by the step index
        let heights: Vec<u64> = snapshots.keys().copied().collect();
        let h = w.height();
        let mut sample = vec![
            h,
            h - 1,
            heights[i * 31 % heights.len()],
            heights[i * 7 % heights.len()],
        ];
        sample.sort_unstable();
        sample.dedup();
        for height in sample {
            w.check_height(height, &snapshots[&height], &desc)?;
        }
    }
    // at the end: every height of the case, and heights ahead answer the current balances
    let end = format!("after {} steps", ops.len());
    for (height, expected) in &snapshots {
        w.check_height(*height, expected, &end)?;
    }
    let h = w.height();
    for ahead in [h + 1, h + 1_000] {
        w.check_height(ahead, &m.shares, &end)?;
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn presale_and_shares_keep_their_invariants(
        p in params(),
        ops in ops(),
    ) {
        run(&p, &ops)?;
    }
}
