//! Payment channels in the property test: the rules of `docs/channels.md` as a reference model,
//! the channel steps on the chain and on the model, and the channel invariants.
//!
//! Each launched model has a metered plan `metered` at `unit_price` (derived from the launch's
//! credit price: `credit_price % 7 + 1`) per call; the world's one gateway (`GATEWAY`) serves
//! channels once the DAO approved it by proposal. The buyers open channels with a session key of
//! their own, sign cumulative vouchers off chain (a step that changes nothing on chain), top up,
//! extend and close; the gateway claims batches of the latest, an older, or a tampered voucher
//! (an amount the user never signed, with the signature of one it did) across channels and
//! models. Rules (boundaries as in docs/channels.md, `deadline = expires_at + grace`):
//!
//! - open: sales open (presale succeeded), the gateway approved for the model, a non-zero
//!   deposit; the deposit leaves the user;
//! - top-up: the channel's user, not closed, before `expires_at`, non-zero;
//! - extend: the channel's user, not closed, to a later time in the future;
//! - claim (by the channel's gateway only; the batch is all or nothing): per voucher, not closed,
//!   before the deadline, amount ≤ deposit; an amount ≤ claimed pays nothing (no signature
//!   check); above it the signature must be the user's for exactly that amount, and
//!   `amount − claimed` is paid; the paid amounts of a model are ONE distribution of their sum
//!   (contributor splits first, then holders pro-rata);
//! - close: the channel's user, not closed, from the deadline on (the gateway is never revoked
//!   here); `deposit − claimed` goes back to the user.
//!
//! Invariants, after every step: (a) the channels contract holds exactly Σ (deposit − claimed)
//! of the channels not closed (and is in the sum of all coins); (e) every channel's deposit,
//! claimed amount and closed state are as the rules say, and **no channel ever claimed more than
//! the highest voucher its user signed**; what the holders receive is checked by (c), since every
//! claim is one distribution of exactly what was claimed.

use cosmwasm_std::{coins, Timestamp, Uint128};
use modelfund::channels::{ChannelStatus, Voucher};
use modelfund_vouchers::SessionKey;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::model::*;
use super::steps::{Acts, Boundary};
use super::world::*;
use super::*;

/// How far past its expiry a channel can still be claimed (the builder's channels contract).
pub(crate) const GRACE: u64 = CHANNEL_GRACE_SECONDS;

/// A channel as the rules see it.
#[derive(Clone, Debug)]
pub(crate) struct ChannelState {
    /// The model (index into `Model::models`) and the user (account index).
    pub(crate) model: usize,
    pub(crate) user: usize,
    pub(crate) deposit: u128,
    pub(crate) claimed: u128,
    /// Every cumulative amount the user signed, in order (increasing).
    pub(crate) signed: Vec<u128>,
    /// In seconds.
    pub(crate) expires_at: u64,
    pub(crate) closed: bool,
}

impl ChannelState {
    pub(crate) fn deadline(&self) -> u64 {
        self.expires_at + GRACE
    }

    pub(crate) fn highest_signed(&self) -> u128 {
        self.signed.last().copied().unwrap_or(0)
    }
}

/// Which voucher of a channel the gateway puts in a claim.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pick {
    Latest,
    /// The `n`-th (mod) voucher signed so far.
    Older(u8),
    /// The latest signed amount plus this, with the latest signature.
    Tampered(u128),
}

/// A channel step; `ch` picks a channel (mod their count).
#[derive(Clone, Debug)]
pub(crate) enum ChOp {
    Open {
        m: u8,
        who: usize,
        deposit: u128,
        seconds: u64,
    },
    /// The channel's user signs `calls` more calls (off chain).
    Sign {
        ch: u8,
        calls: u64,
    },
    TopUp {
        ch: u8,
        amount: u128,
        by_user: bool,
    },
    Extend {
        ch: u8,
        extra: u64,
        by_user: bool,
    },
    Close {
        ch: u8,
        by_user: bool,
    },
    /// `by_gateway: false`: a buyer sends the gateway's batch.
    Claim {
        picks: Vec<(u8, Pick)>,
        by_gateway: bool,
    },
    /// One block `offset` seconds before or after the picked channel's deadline.
    WaitForDeadline {
        ch: u8,
        after: bool,
        offset: u64,
    },
}

/// The metered plan's price per call.
pub(crate) fn unit_price(p: &steps::LaunchParams) -> u128 {
    p.credit_price % 7 + 1
}

fn session_key(user: usize) -> SessionKey {
    SessionKey::from_seed(format!("session key of {}", NAMES[user]).as_bytes())
}

pub(crate) fn channel_op() -> BoxedStrategy<Op> {
    let buyer = || prop::sample::select(BUYERS.to_vec());
    let ch = || any::<u8>();
    let pick = prop_oneof![
        6 => Just(Pick::Latest),
        2 => any::<u8>().prop_map(Pick::Older),
        1 => (1..=50u128).prop_map(Pick::Tampered),
    ];
    prop_oneof![
        4 => (
            0..MAX_MODELS as u8,
            buyer(),
            prop_oneof![1 => Just(0u128), 9 => 1..=5_000u128],
            prop_oneof![3 => 600..=7_200u64, 2 => DAY..=3 * DAY],
        )
            .prop_map(|(m, who, deposit, seconds)| ChOp::Open { m, who, deposit, seconds }),
        8 => (ch(), 1..=400u64).prop_map(|(ch, calls)| ChOp::Sign { ch, calls }),
        2 => (ch(), 0..=2_000u128, prop::bool::weighted(0.9))
            .prop_map(|(ch, amount, by_user)| ChOp::TopUp { ch, amount, by_user }),
        1 => (ch(), 0..=DAY, prop::bool::weighted(0.9))
            .prop_map(|(ch, extra, by_user)| ChOp::Extend { ch, extra, by_user }),
        3 => (ch(), prop::bool::weighted(0.9))
            .prop_map(|(ch, by_user)| ChOp::Close { ch, by_user }),
        6 => (
            prop::collection::vec((ch(), pick), 1..=4),
            prop::bool::weighted(0.9),
        )
            .prop_map(|(picks, by_gateway)| ChOp::Claim { picks, by_gateway }),
        2 => (ch(), prop::bool::weighted(0.5), 0..=120u64)
            .prop_map(|(ch, after, offset)| ChOp::WaitForDeadline { ch, after, offset }),
    ]
    .prop_map(Op::Channel)
    .boxed()
}

/// A channel session: the DAO approves the gateway by proposal (as a campaign does), a buyer
/// opens a channel, signs vouchers and the gateway claims some; a top-up, a wait to just before
/// or after the deadline, another claim and a close. Ordinary steps, which the life around them
/// may interleave with; `ch: LATEST` is the newest channel.
pub(crate) fn channel_session() -> impl Strategy<Value = Vec<Op>> {
    let pick = prop_oneof![
        6 => Just(Pick::Latest),
        2 => any::<u8>().prop_map(Pick::Older),
        1 => (1..=50u128).prop_map(Pick::Tampered),
    ];
    (
        (
            0..MAX_MODELS as u8,
            prop::sample::select(MOVERS.to_vec()),
            prop::sample::select(BUYERS.to_vec()),
            100..=5_000u128,
            prop_oneof![600..=7_200u64, DAY..=2 * DAY],
        ),
        (
            prop::collection::vec(1..=300u64, 1..=6),
            pick,
            0..=1_000u128,
            prop::bool::ANY,
            0..=30u64,
            prop::bool::weighted(0.8),
        ),
    )
        .prop_map(
            |((m, who, buyer, deposit, seconds), (signs, pick, top_up, after, offset, by_user))| {
                let mut ops = vec![
                    Op::Propose {
                        m,
                        who,
                        acts: Acts::ApproveGateway,
                        pay_deposit: true,
                    },
                    Op::Rally {
                        m,
                        pick: steps::LATEST,
                        vote: modelfund::governance::VoteOption::Yes,
                    },
                    Op::WaitFor {
                        m,
                        pick: steps::LATEST,
                        boundary: Boundary::Executable,
                        after: true,
                        offset: 1,
                    },
                    Op::Execute {
                        m,
                        pick: steps::LATEST,
                        by: CAROL,
                    },
                    Op::Channel(ChOp::Open {
                        m,
                        who: buyer,
                        deposit,
                        seconds,
                    }),
                ];
                let latest = |op: ChOp| Op::Channel(op);
                for calls in &signs {
                    ops.push(latest(ChOp::Sign {
                        ch: LATEST,
                        calls: *calls,
                    }));
                }
                ops.push(latest(ChOp::Claim {
                    picks: vec![(LATEST, Pick::Latest)],
                    by_gateway: true,
                }));
                ops.push(latest(ChOp::Sign {
                    ch: LATEST,
                    calls: signs[0],
                }));
                ops.push(latest(ChOp::TopUp {
                    ch: LATEST,
                    amount: top_up,
                    by_user: true,
                }));
                ops.push(latest(ChOp::WaitForDeadline {
                    ch: LATEST,
                    after,
                    offset,
                }));
                ops.push(latest(ChOp::Claim {
                    picks: vec![(LATEST, pick), (LATEST, Pick::Latest)],
                    by_gateway: true,
                }));
                ops.push(latest(ChOp::Close {
                    ch: LATEST,
                    by_user,
                }));
                ops
            },
        )
}

/// `ch` of the newest channel.
pub(crate) const LATEST: u8 = u8::MAX;

impl World {
    /// Runs one channel step on the chain and on the model; fails when they disagree.
    pub(crate) fn channel_step(
        &mut self,
        model: &mut Model,
        op: &ChOp,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let now = self.now();
        let pick_ch = |ch: u8| -> Option<usize> {
            let n = model.channels.len();
            match (n, ch) {
                (0, _) => None,
                (n, LATEST) => Some(n - 1),
                (n, ch) => Some(usize::from(ch) % n),
            }
        };
        match op.clone() {
            ChOp::Open {
                m,
                who,
                deposit,
                seconds,
            } => {
                stats::note("Channel", "open tried");
                let Some(i) =
                    (!model.models.is_empty()).then(|| usize::from(m) % model.models.len())
                else {
                    return Ok(());
                };
                let ms = &model.models[i];
                let expected: Rule<()> = ms.sellable().and_then(|()| {
                    if !ms.gateway_approved {
                        return Err("gateway not approved");
                    }
                    if deposit == 0 {
                        return Err("no deposit");
                    }
                    Ok(())
                });
                let lm = self.models[i].clone();
                let (addr, gateway) = (self.addr(who), self.addr(GATEWAY));
                let funds = if deposit > 0 {
                    coins(deposit, DENOM)
                } else {
                    vec![]
                };
                let expires_at = now + seconds;
                let out = outcome(self.p.open_channel_with(
                    &lm,
                    &addr,
                    "metered",
                    &gateway,
                    &session_key(who),
                    Timestamp::from_seconds(expires_at),
                    &funds,
                ));
                agree(
                    Inv::Channels,
                    &format!("{ctx} (presale {:?})", ms.sale),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    model.coins[who] -= deposit;
                    model.channels.push(ChannelState {
                        model: i,
                        user: who,
                        deposit,
                        claimed: 0,
                        signed: vec![],
                        expires_at,
                        closed: false,
                    });
                    let id = model.channels.len() as u64;
                    let got = self.p.channel(id);
                    if got.user != addr || got.model_id != lm.id {
                        return Err(violated(
                            Inv::Channels,
                            ctx,
                            format!("channel {id} is {got:?}, the rules expected a new one"),
                        ));
                    }
                }
            }
            ChOp::Sign { ch, calls } => {
                let Some(c) = pick_ch(ch) else {
                    return Ok(());
                };
                let price = unit_price(&model.models[model.channels[c].model].p);
                let channel = &mut model.channels[c];
                let next = channel.highest_signed() + u128::from(calls) * price;
                channel.signed.push(next);
                stats::note("Channel", "sign");
            }
            ChOp::TopUp {
                ch,
                amount,
                by_user,
            } => {
                let Some(c) = pick_ch(ch) else {
                    return Ok(());
                };
                let channel = &model.channels[c];
                let who = if by_user { channel.user } else { GATEWAY };
                let expected: Rule<()> = if who != channel.user {
                    Err("not the channel's user")
                } else if channel.closed {
                    Err("closed")
                } else if now >= channel.expires_at {
                    Err("expired")
                } else if amount == 0 {
                    Err("no deposit")
                } else {
                    Ok(())
                };
                let funds = if amount > 0 {
                    coins(amount, DENOM)
                } else {
                    vec![]
                };
                let addr = self.addr(who);
                let out = outcome(self.p.top_up_channel(&addr, c as u64 + 1, &funds));
                agree(Inv::Channels, ctx, &expected, &out)?;
                if expected.is_ok() {
                    model.coins[who] -= amount;
                    model.channels[c].deposit += amount;
                }
            }
            ChOp::Extend { ch, extra, by_user } => {
                let Some(c) = pick_ch(ch) else {
                    return Ok(());
                };
                let channel = &model.channels[c];
                let who = if by_user { channel.user } else { GATEWAY };
                let to = channel.expires_at + extra;
                let expected: Rule<()> = if who != channel.user {
                    Err("not the channel's user")
                } else if channel.closed {
                    Err("closed")
                } else if extra == 0 {
                    Err("not later than the current expiry")
                } else if to <= now {
                    Err("not in the future")
                } else {
                    Ok(())
                };
                let addr = self.addr(who);
                let out = outcome(self.p.extend_channel(
                    &addr,
                    c as u64 + 1,
                    Timestamp::from_seconds(to),
                ));
                agree(Inv::Channels, ctx, &expected, &out)?;
                if expected.is_ok() {
                    model.channels[c].expires_at = to;
                }
            }
            ChOp::Close { ch, by_user } => {
                let Some(c) = pick_ch(ch) else {
                    return Ok(());
                };
                let channel = &model.channels[c];
                let who = if by_user { channel.user } else { GATEWAY };
                let expected: Rule<u128> = if who != channel.user {
                    Err("not the channel's user")
                } else if channel.closed {
                    Err("closed")
                } else if now < channel.deadline() {
                    Err("before the deadline")
                } else {
                    Ok(channel.deposit - channel.claimed)
                };
                let addr = self.addr(who);
                let out = outcome(self.p.close_channel(&addr, c as u64 + 1));
                agree(
                    Inv::Channels,
                    &format!("{ctx} (deadline {})", channel.deadline()),
                    &expected,
                    &out,
                )?;
                if let Ok(refund) = expected {
                    model.coins[who] += refund;
                    model.channels[c].closed = true;
                }
            }
            ChOp::Claim { picks, by_gateway } => {
                if model.channels.is_empty() {
                    return Ok(());
                }
                let sender = if by_gateway { GATEWAY } else { USER };
                let mut next = model.clone();
                let mut vouchers: Vec<Voucher> = vec![];
                let mut paid = vec![0u128; next.models.len()];
                let mut expected: Rule<()> = if sender != GATEWAY {
                    Err("not the channel's gateway")
                } else {
                    Ok(())
                };
                let domain = self.p.voucher_domain();
                for (ch, pick) in &picks {
                    let n = next.channels.len();
                    let c = if *ch == LATEST {
                        n - 1
                    } else {
                        usize::from(*ch) % n
                    };
                    let channel = &mut next.channels[c];
                    let key = session_key(channel.user);
                    let id = c as u64 + 1;
                    // the amount claimed and the amount the signature is for
                    let (amount, signed_for) = match pick {
                        Pick::Latest => (channel.highest_signed(), channel.highest_signed()),
                        Pick::Older(n) if !channel.signed.is_empty() => {
                            let a = channel.signed[usize::from(*n) % channel.signed.len()];
                            (a, a)
                        }
                        Pick::Older(_) => (0, 0),
                        Pick::Tampered(d) => {
                            (channel.highest_signed() + d, channel.highest_signed())
                        }
                    };
                    let mut voucher = key.sign(&domain, id, signed_for).to_msg();
                    voucher.amount = Uint128::new(amount);
                    vouchers.push(voucher);
                    if expected.is_err() {
                        continue;
                    }
                    expected = if channel.closed {
                        Err("closed")
                    } else if now >= channel.deadline() {
                        Err("claim window over")
                    } else if amount > channel.deposit {
                        Err("above the deposit")
                    } else if amount <= channel.claimed {
                        Ok(())
                    } else if amount != signed_for {
                        Err("bad signature")
                    } else {
                        paid[channel.model] += amount - channel.claimed;
                        channel.claimed = amount;
                        Ok(())
                    };
                }
                if expected.is_ok() {
                    for (i, amount) in paid.iter().enumerate() {
                        if *amount > 0 {
                            // one distribution per model, of the batch's sum
                            next.models[i]
                                .distribute(*amount)
                                .expect("a model with channels has holders");
                        }
                    }
                }
                let addr = self.addr(sender);
                let out = outcome(self.p.claim_vouchers(&addr, vouchers));
                agree(
                    Inv::Channels,
                    &format!("{ctx} (now {now}, paying {paid:?})"),
                    &expected,
                    &out,
                )?;
                if expected.is_ok() {
                    stats::note(
                        "Channel",
                        if paid.iter().any(|p| *p > 0) {
                            "claim paid"
                        } else {
                            "claim paid nothing"
                        },
                    );
                    *model = next;
                }
            }
            ChOp::WaitForDeadline { ch, after, offset } => {
                let Some(c) = pick_ch(ch) else {
                    return Ok(());
                };
                let deadline = model.channels[c].deadline();
                let target = if after {
                    deadline + offset
                } else {
                    deadline.saturating_sub(offset)
                };
                if target > now {
                    self.p.jump(target - now, 1);
                }
            }
        }
        Ok(())
    }

    /// (a) and (e) for the channels.
    pub(crate) fn check_channels(&self, model: &Model, ctx: &str) -> Result<(), TestCaseError> {
        let p = &self.p;
        let owed: u128 = model
            .channels
            .iter()
            .filter(|c| !c.closed)
            .map(|c| c.deposit - c.claimed)
            .sum();
        let held = p.balance(&p.channels);
        if held != owed {
            return Err(violated(
                Inv::A,
                ctx,
                format!("the channels contract holds {held}, its open channels owe {owed}"),
            ));
        }
        for (c, channel) in model.channels.iter().enumerate() {
            let id = c as u64 + 1;
            let got = p.channel(id);
            let closed = got.status == ChannelStatus::Closed;
            if got.deposit.u128() != channel.deposit
                || got.claimed.u128() != channel.claimed
                || closed != channel.closed
                || got.expires_at.seconds() != channel.expires_at
            {
                return Err(violated(
                    Inv::Channels,
                    ctx,
                    format!(
                        "channel {id}: deposit {} claimed {} {:?} expires {}; the rules say {channel:?}",
                        got.deposit,
                        got.claimed,
                        got.status,
                        got.expires_at.seconds()
                    ),
                ));
            }
            if got.claimed.u128() > channel.highest_signed() {
                return Err(violated(
                    Inv::Channels,
                    ctx,
                    format!(
                        "channel {id} claimed {} but its user signed at most {}",
                        got.claimed,
                        channel.highest_signed()
                    ),
                ));
            }
            if closed && got.refunded.u128() != channel.deposit - channel.claimed {
                return Err(violated(
                    Inv::Channels,
                    ctx,
                    format!(
                        "channel {id} refunded {}, deposit {} − claimed {}",
                        got.refunded, channel.deposit, channel.claimed
                    ),
                ));
            }
        }
        Ok(())
    }
}
