//! The steps a sequence is made of, and how they are drawn.

use modelfund::governance::VoteOption;
use proptest::prelude::*;

use super::*;

/// `pick` of a proposal that means the latest one.
pub(crate) const LATEST: u8 = u8::MAX;

// =============================================================================================
// Steps

/// A launch's random parameters.
#[derive(Clone, Debug)]
pub(crate) struct LaunchParams {
    pub(crate) price: u128,
    pub(crate) min: u128,
    pub(crate) max: u128,
    pub(crate) soft_cap: u128,
    pub(crate) hard_cap: u128,
    pub(crate) start_in: u64,
    pub(crate) duration: u64,
    pub(crate) creator_allocation: u128,
    pub(crate) voting: u64,
    pub(crate) timelock: u64,
    pub(crate) quorum_pct: u64,
    pub(crate) threshold_pct: u64,
    pub(crate) deposit: u128,
    pub(crate) splits: Vec<u16>,
    pub(crate) credit_price: u128,
    pub(crate) lease_price: Option<u128>,
}

/// A contribution, relative to the presale's config.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Amount {
    Zero,
    BelowMin,
    Min,
    /// `min + (max - min) * pct / 100`.
    Normal(u8),
    AtMax,
    AboveMax(u128),
    RestOfHardCap,
    AboveHardCap(u128),
}

/// An allowance's expiry, relative to the step's block.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Expiry {
    Never,
    InBlocks(u64),
    InSeconds(u64),
}

/// What a proposal carries; amounts are percentages of the free treasury at propose time.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Acts {
    Text,
    Spend {
        to: usize,
        pct: u16,
    },
    Milestone {
        pct: u16,
    },
    /// Spend everything the DAO's bank holds, deposits included.
    SpendAll {
        to: usize,
    },
    ApproveGateway,
    SpendAndApprove {
        to: usize,
        pct: u16,
    },
}

/// `m` picks a launched model (mod their count), `pick` a proposal.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    Launch(LaunchParams),
    Contribute {
        m: u8,
        who: usize,
        amount: Amount,
    },
    Finalize {
        m: u8,
        by: usize,
    },
    Claim {
        m: u8,
        who: usize,
    },
    Refund {
        m: u8,
        who: usize,
    },
    /// `withdraw` of `pct` % of the backer's contribution (0: nothing, above 100: more than it
    /// put in; a backer without a contribution asks for `pct` base units).
    Withdraw {
        m: u8,
        who: usize,
        pct: u8,
    },
    CancelPresale {
        m: u8,
        by: usize,
    },
    Transfer {
        m: u8,
        from: usize,
        to: usize,
        pct: u8,
    },
    /// A transfer to the shares contract itself.
    TransferToToken {
        m: u8,
        from: usize,
        pct: u8,
    },
    Send {
        m: u8,
        from: usize,
        pct: u8,
    },
    /// `who`'s vote goes through `to` (`to` = `who`: takes it back; `TOKEN`: the shares
    /// contract, refused).
    Delegate {
        m: u8,
        who: usize,
        to: usize,
    },
    IncreaseAllowance {
        m: u8,
        owner: usize,
        spender: usize,
        amount: u128,
        expires: Expiry,
    },
    /// `more`: one more than the allowance.
    TransferFrom {
        m: u8,
        spender: usize,
        owner: usize,
        to: usize,
        pct: u8,
        more: bool,
    },
    Propose {
        m: u8,
        who: usize,
        acts: Acts,
        pay_deposit: bool,
    },
    Vote {
        m: u8,
        who: usize,
        pick: u8,
        vote: VoteOption,
    },
    Execute {
        m: u8,
        pick: u8,
        by: usize,
    },
    Close {
        m: u8,
        pick: u8,
        by: usize,
    },
    CancelProposal {
        m: u8,
        pick: u8,
        by_proposer: bool,
    },
    BuyCredits {
        m: u8,
        who: usize,
        packs: u32,
        exact: bool,
    },
    BuyLease {
        m: u8,
        who: usize,
    },
    Grant {
        m: u8,
        who: usize,
        calls: u64,
    },
    Consume {
        m: u8,
        who: usize,
        calls: u64,
        replay: bool,
    },
    Distribute {
        m: u8,
        who: usize,
        amount: u128,
    },
    Royalty {
        m: u8,
        amount: u128,
    },
    Sweep {
        m: u8,
        by: usize,
    },
    ClaimRevenue {
        m: u8,
        who: usize,
    },
    Time {
        seconds: u64,
        blocks: u64,
    },
    /// Every mover that can vote on the picked proposal votes `vote`.
    Rally {
        m: u8,
        pick: u8,
        vote: VoteOption,
    },
    /// One block `offset` seconds before or after a boundary of the picked proposal.
    WaitFor {
        m: u8,
        pick: u8,
        boundary: Boundary,
        after: bool,
        offset: u64,
    },
    /// One block `extra` seconds past the end of the presale of model `m`.
    PastEnd {
        m: u8,
        extra: u64,
    },
    /// A payment-channel step (`channels.rs`).
    Channel(super::channels::ChOp),
    /// `who` exits against the picked proposal with `pct` % of the shares it may still exit
    /// with (above 100: more than its stake). `rally`: first every other mover votes yes on
    /// the picked open proposal until it passes (so a window opens with `who` outside the yes).
    Exit {
        m: u8,
        who: usize,
        pick: u8,
        pct: u8,
        rally: bool,
    },
}

/// A proposal's time boundaries.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Boundary {
    VotingEnd,
    Executable,
    Expiry,
}

/// Step kinds, as named in `MODELFUND_FUZZ_WITHOUT`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    Launch,
    Contribute,
    Finalize,
    Claim,
    Refund,
    Withdraw,
    Cancel,
    Transfer,
    Send,
    Delegate,
    Allowance,
    Propose,
    Vote,
    Execute,
    Close,
    CancelProposal,
    Buy,
    Grant,
    Consume,
    Distribute,
    Royalty,
    Sweep,
    ClaimRevenue,
    Time,
    Channel,
    Exit,
}

impl Kind {
    pub(crate) const ALL: [Kind; 26] = [
        Kind::Launch,
        Kind::Contribute,
        Kind::Finalize,
        Kind::Claim,
        Kind::Refund,
        Kind::Withdraw,
        Kind::Cancel,
        Kind::Transfer,
        Kind::Send,
        Kind::Delegate,
        Kind::Allowance,
        Kind::Propose,
        Kind::Vote,
        Kind::Execute,
        Kind::Close,
        Kind::CancelProposal,
        Kind::Buy,
        Kind::Grant,
        Kind::Consume,
        Kind::Distribute,
        Kind::Royalty,
        Kind::Sweep,
        Kind::ClaimRevenue,
        Kind::Time,
        Kind::Channel,
        Kind::Exit,
    ];

    pub(crate) fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut out = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// The kinds `MODELFUND_FUZZ_WITHOUT` leaves out.
    pub(crate) fn without() -> Vec<Kind> {
        let var = std::env::var("MODELFUND_FUZZ_WITHOUT").unwrap_or_default();
        let names: Vec<&str> = var
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        for name in &names {
            assert!(
                Kind::ALL.iter().any(|k| k.name() == *name),
                "MODELFUND_FUZZ_WITHOUT: no step kind {name:?} (kinds: {:?})",
                Kind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>()
            );
        }
        Kind::ALL
            .into_iter()
            .filter(|k| names.contains(&k.name().as_str()))
            .collect()
    }

    /// `weight`, or 0 when this kind is left out.
    pub(crate) fn w(self, weight: u32) -> u32 {
        thread_local! {
            static WITHOUT: Vec<Kind> = Kind::without();
        }
        if WITHOUT.with(|w| w.contains(&self)) {
            0
        } else {
            weight
        }
    }
}

/// Mostly presales four backers can fill (the per-address maximum is a quarter to all of the
/// hard cap), some they cannot.
pub(crate) fn launch_params() -> impl Strategy<Value = LaunchParams> {
    (
        (
            prop_oneof![Just(1u128), Just(3), Just(10)],
            1..=3u128,
            1_000..=20_000u128,
            100..=300u128,
            prop_oneof![3 => 40..=100u128, 1 => 10..=40u128],
            prop_oneof![6 => Just(0u64), 1 => 60..=3_600u64],
            prop_oneof![Just(DAY), Just(2 * DAY), Just(5 * DAY)],
            0..=20u128,
        ),
        (
            prop_oneof![Just(DAY), Just(3 * DAY)],
            prop_oneof![Just(DAY), Just(2 * DAY)],
            prop_oneof![Just(10u64), Just(30), Just(51)],
            prop_oneof![Just(50u64), Just(66)],
            prop_oneof![1 => Just(0u128), 3 => 1..=500u128],
            prop::collection::vec(1..=3_000u16, 0..=2),
            1..=1_000u128,
            prop::option::weighted(0.75, 1..=5_000u128),
        ),
    )
        .prop_map(
            |(
                (price, min_shares, soft_cap, hard_pct, max_pct, start_in, duration, alloc_pct),
                (voting, timelock, quorum_pct, threshold_pct, deposit, splits, credit_price, lease),
            )| {
                let min = price * min_shares;
                let hard_cap = soft_cap * hard_pct / 100;
                // the launch bounds: at most 20 % of the shares the soft cap sells, and less
                // than the quorum of the supply at the soft cap (the creator alone can never
                // reach quorum): alloc × 100 < quorum_pct × (sold + alloc)
                let sold = soft_cap / price;
                let below_quorum = (u128::from(quorum_pct) * sold).saturating_sub(1)
                    / (100 - u128::from(quorum_pct));
                let creator_allocation = (sold * alloc_pct / 100).min(below_quorum);
                LaunchParams {
                    price,
                    min,
                    max: (hard_cap * max_pct / 100).max(min),
                    soft_cap,
                    hard_cap,
                    start_in,
                    duration,
                    creator_allocation,
                    voting,
                    timelock,
                    quorum_pct,
                    threshold_pct,
                    deposit,
                    splits,
                    credit_price,
                    lease_price: lease,
                }
            },
        )
}

pub(crate) fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        1 => Just(Amount::Zero),
        1 => Just(Amount::BelowMin),
        2 => Just(Amount::Min),
        8 => (30..=100u8).prop_map(Amount::Normal),
        2 => Just(Amount::AtMax),
        1 => (1..=3_000u128).prop_map(Amount::AboveMax),
        2 => Just(Amount::RestOfHardCap),
        1 => (1..=3_000u128).prop_map(Amount::AboveHardCap),
    ]
}

pub(crate) fn acts() -> impl Strategy<Value = Acts> {
    let to = prop::sample::select(vec![CREATOR, ALICE, BOB, USER, MARKETPLACE]);
    prop_oneof![
        2 => Just(Acts::Text),
        5 => (to.clone(), prop_oneof![4 => 1..=100u16, 1 => 101..=200u16])
            .prop_map(|(to, pct)| Acts::Spend { to, pct }),
        2 => (1..=100u16).prop_map(|pct| Acts::Milestone { pct }),
        2 => to.clone().prop_map(|to| Acts::SpendAll { to }),
        3 => Just(Acts::ApproveGateway),
        1 => (to, 1..=150u16).prop_map(|(to, pct)| Acts::SpendAndApprove { to, pct }),
    ]
}

pub(crate) fn expiry() -> impl Strategy<Value = Expiry> {
    prop_oneof![
        1 => Just(Expiry::Never),
        2 => (1..=20u64).prop_map(Expiry::InBlocks),
        2 => prop_oneof![1..=600u64, DAY..=3 * DAY].prop_map(Expiry::InSeconds),
    ]
}

/// A delegation's target: mostly a mover (the delegator itself takes its vote back), some
/// accounts that never vote, and the shares contract (refused).
pub(crate) fn delegate_to() -> impl Strategy<Value = usize> {
    prop_oneof![
        12 => prop::sample::select(MOVERS.to_vec()),
        2 => prop::sample::select(BYSTANDERS.to_vec()),
        1 => Just(TOKEN),
    ]
}

pub(crate) fn vote_option() -> impl Strategy<Value = VoteOption> {
    prop_oneof![
        6 => Just(VoteOption::Yes),
        3 => Just(VoteOption::No),
        1 => Just(VoteOption::Abstain),
    ]
}

/// Jumps that cross every window: blocks, an hour, about a day, days, a week or two; odd
/// seconds so that boundaries are rarely hit exactly.
pub(crate) fn time() -> impl Strategy<Value = Op> {
    (
        prop_oneof![
            4 => 5..=60u64,
            1 => 3_000..=4_000u64,
            4 => (DAY - 1_800)..=(DAY + 1_800),
            2 => (2 * DAY)..=(4 * DAY),
            1 => (7 * DAY)..=(15 * DAY),
        ],
        1..=3u64,
    )
        .prop_map(|(seconds, blocks)| Op::Time { seconds, blocks })
}

/// Any step; `funding`: the steps while the presale runs, else the model's life.
pub(crate) fn op(funding: bool) -> BoxedStrategy<Op> {
    let m = || 0..MAX_MODELS as u8;
    let backer = || prop::sample::select(BACKERS.to_vec());
    let mover = || prop::sample::select(MOVERS.to_vec());
    let buyer = || prop::sample::select(BUYERS.to_vec());
    let anyone = || prop::sample::select(vec![CREATOR, ALICE, BOB, CAROL, USER, MARKETPLACE]);
    let earner = || {
        let mut earners = MOVERS.to_vec();
        earners.extend(CONTRIBUTORS);
        prop::sample::select(earners)
    };
    // the first arm is what shrinking turns a step into: a plain time jump
    let time = if funding {
        (5..=600u64, 1..=2u64)
            .prop_map(|(seconds, blocks)| Op::Time { seconds, blocks })
            .boxed()
    } else {
        time().boxed()
    };
    // (kind, weight while funding, weight in the model's life, step)
    let mut arms: Vec<(Kind, u32, u32, BoxedStrategy<Op>)> = vec![
        (Kind::Time, 3, 16, time),
        (
            Kind::Time,
            0,
            2,
            (m(), 1..=3_600u64)
                .prop_map(|(m, extra)| Op::PastEnd { m, extra })
                .boxed(),
        ),
        (
            Kind::Time,
            0,
            8,
            (
                m(),
                any::<u8>(),
                prop_oneof![
                    Just(Boundary::VotingEnd),
                    Just(Boundary::Executable),
                    Just(Boundary::Expiry)
                ],
                prop::bool::weighted(0.75),
                1..=600u64,
            )
                .prop_map(|(m, pick, boundary, after, offset)| Op::WaitFor {
                    m,
                    pick,
                    boundary,
                    after,
                    offset,
                })
                .boxed(),
        ),
        (
            Kind::Contribute,
            30,
            2,
            (m(), backer(), amount())
                .prop_map(|(m, who, amount)| Op::Contribute { m, who, amount })
                .boxed(),
        ),
        (
            Kind::Finalize,
            2,
            2,
            (m(), anyone())
                .prop_map(|(m, by)| Op::Finalize { m, by })
                .boxed(),
        ),
        (
            Kind::Claim,
            1,
            6,
            (m(), backer())
                .prop_map(|(m, who)| Op::Claim { m, who })
                .boxed(),
        ),
        (
            Kind::Refund,
            1,
            3,
            (m(), backer())
                .prop_map(|(m, who)| Op::Refund { m, who })
                .boxed(),
        ),
        (
            Kind::Withdraw,
            6,
            1,
            (
                m(),
                backer(),
                prop_oneof![
                    1 => Just(0u8),
                    4 => 1..=99u8,
                    3 => Just(100u8),
                    1 => 101..=150u8,
                ],
            )
                .prop_map(|(m, who, pct)| Op::Withdraw { m, who, pct })
                .boxed(),
        ),
        (
            Kind::Cancel,
            1,
            1,
            (m(), prop_oneof![3 => Just(CREATOR), 1 => Just(ALICE)])
                .prop_map(|(m, by)| Op::CancelPresale { m, by })
                .boxed(),
        ),
        (
            Kind::Transfer,
            0,
            6,
            (m(), mover(), mover(), 1..=100u8)
                .prop_map(|(m, from, to, pct)| Op::Transfer { m, from, to, pct })
                .boxed(),
        ),
        (
            Kind::Transfer,
            0,
            2,
            (m(), mover(), 1..=100u8)
                .prop_map(|(m, from, pct)| Op::TransferToToken { m, from, pct })
                .boxed(),
        ),
        (
            Kind::Send,
            0,
            2,
            (m(), mover(), 1..=100u8)
                .prop_map(|(m, from, pct)| Op::Send { m, from, pct })
                .boxed(),
        ),
        (
            Kind::Delegate,
            1,
            8,
            (m(), mover(), delegate_to())
                .prop_map(|(m, who, to)| Op::Delegate { m, who, to })
                .boxed(),
        ),
        (
            Kind::Allowance,
            0,
            4,
            (m(), mover(), mover(), 1..=500u128, expiry())
                .prop_map(
                    |(m, owner, spender, amount, expires)| Op::IncreaseAllowance {
                        m,
                        owner,
                        spender,
                        amount,
                        expires,
                    },
                )
                .boxed(),
        ),
        (
            Kind::Allowance,
            0,
            4,
            (
                m(),
                mover(),
                mover(),
                mover(),
                1..=100u8,
                prop::bool::weighted(0.2),
            )
                .prop_map(|(m, spender, owner, to, pct, more)| Op::TransferFrom {
                    m,
                    spender,
                    owner,
                    to,
                    pct,
                    more,
                })
                .boxed(),
        ),
        (
            Kind::Propose,
            1,
            6,
            (m(), mover(), acts(), prop::bool::weighted(0.9))
                .prop_map(|(m, who, acts, pay_deposit)| Op::Propose {
                    m,
                    who,
                    acts,
                    pay_deposit,
                })
                .boxed(),
        ),
        (
            Kind::Exit,
            0,
            6,
            (
                m(),
                mover(),
                any::<u8>(),
                prop_oneof![8 => 1..=100u8, 1 => 101..=150u8],
                prop::bool::weighted(0.5),
            )
                .prop_map(|(m, who, pick, pct, rally)| Op::Exit {
                    m,
                    who,
                    pick,
                    pct,
                    rally,
                })
                .boxed(),
        ),
        (
            Kind::Vote,
            0,
            24,
            (m(), mover(), any::<u8>(), vote_option())
                .prop_map(|(m, who, pick, vote)| Op::Vote { m, who, pick, vote })
                .boxed(),
        ),
        (
            Kind::Vote,
            0,
            10,
            (
                m(),
                any::<u8>(),
                prop_oneof![4 => Just(VoteOption::Yes), 1 => Just(VoteOption::No)],
            )
                .prop_map(|(m, pick, vote)| Op::Rally { m, pick, vote })
                .boxed(),
        ),
        (
            Kind::Execute,
            0,
            14,
            (m(), any::<u8>(), anyone())
                .prop_map(|(m, pick, by)| Op::Execute { m, pick, by })
                .boxed(),
        ),
        (
            Kind::Close,
            0,
            6,
            (m(), any::<u8>(), anyone())
                .prop_map(|(m, pick, by)| Op::Close { m, pick, by })
                .boxed(),
        ),
        (
            Kind::CancelProposal,
            0,
            2,
            (m(), any::<u8>(), prop::bool::weighted(0.8))
                .prop_map(|(m, pick, by_proposer)| Op::CancelProposal {
                    m,
                    pick,
                    by_proposer,
                })
                .boxed(),
        ),
        (
            Kind::Buy,
            2,
            6,
            (
                m(),
                buyer(),
                prop_oneof![1 => Just(0u32), 9 => 1..=3u32],
                prop::bool::weighted(0.9),
            )
                .prop_map(|(m, who, packs, exact)| Op::BuyCredits {
                    m,
                    who,
                    packs,
                    exact,
                })
                .boxed(),
        ),
        (
            Kind::Buy,
            1,
            2,
            (m(), buyer())
                .prop_map(|(m, who)| Op::BuyLease { m, who })
                .boxed(),
        ),
        (
            Kind::Grant,
            0,
            4,
            (m(), buyer(), 0..=50u64)
                .prop_map(|(m, who, calls)| Op::Grant { m, who, calls })
                .boxed(),
        ),
        (
            Kind::Consume,
            0,
            6,
            (m(), buyer(), 0..=20u64, prop::bool::weighted(0.15))
                .prop_map(|(m, who, calls, replay)| Op::Consume {
                    m,
                    who,
                    calls,
                    replay,
                })
                .boxed(),
        ),
        (
            Kind::Distribute,
            1,
            6,
            (m(), anyone(), prop_oneof![1..=10u128, 1..=100_000u128])
                .prop_map(|(m, who, amount)| Op::Distribute { m, who, amount })
                .boxed(),
        ),
        (
            Kind::Royalty,
            1,
            4,
            (m(), 1..=50_000u128)
                .prop_map(|(m, amount)| Op::Royalty { m, amount })
                .boxed(),
        ),
        (
            Kind::Sweep,
            1,
            4,
            (m(), anyone())
                .prop_map(|(m, by)| Op::Sweep { m, by })
                .boxed(),
        ),
        (
            Kind::ClaimRevenue,
            0,
            8,
            (m(), earner())
                .prop_map(|(m, who)| Op::ClaimRevenue { m, who })
                .boxed(),
        ),
    ];
    arms.push((Kind::Channel, 0, 26, super::channels::channel_op()));
    let arms: Vec<(u32, BoxedStrategy<Op>)> = arms
        .into_iter()
        .map(|(kind, f, l, s)| (kind.w(if funding { f } else { l }), s))
        .filter(|(weight, _)| *weight > 0)
        .collect();
    assert!(!arms.is_empty(), "MODELFUND_FUZZ_WITHOUT left no step kind");
    proptest::strategy::Union::new_weighted(arms).boxed()
}

/// A campaign: a proposal, everyone who can votes on it, a wait past its timelock and an
/// execute (all ordinary steps, which the life around them may interleave with).
pub(crate) fn campaign() -> impl Strategy<Value = Vec<Op>> {
    (
        0..MAX_MODELS as u8,
        prop::sample::select(MOVERS.to_vec()),
        acts(),
        prop_oneof![4 => Just(VoteOption::Yes), 1 => Just(VoteOption::No)],
        prop::bool::weighted(0.8),
        1..=600u64,
    )
        .prop_map(|(m, who, acts, vote, after, offset)| {
            // the first campaigns of a DAO usually approve the gateway
            let acts = if offset % 3 == 0 {
                Acts::ApproveGateway
            } else {
                acts
            };
            vec![
                Op::Propose {
                    m,
                    who,
                    acts,
                    pay_deposit: true,
                },
                Op::Rally {
                    m,
                    pick: LATEST,
                    vote,
                },
                Op::WaitFor {
                    m,
                    pick: LATEST,
                    boundary: Boundary::Executable,
                    after,
                    offset,
                },
                Op::Execute {
                    m,
                    pick: LATEST,
                    by: CAROL,
                },
            ]
        })
}

/// A delegation before a spend, then exits in its timelock. The backers claim their shares
/// (escrowed shares vote for nobody, so they keep most spends from passing); backer `holder`
/// delegates its vote to mover `delegate`; a block later a spend is proposed and the proposer
/// hands the delegate some shares (so the delegate holds more than its stake at the start: the
/// attack of `tests/delegation.rs`). Then either
/// - the holder exits after every other mover voted yes until it passed: its delegate voted
///   yes with the holder's power, which does not bind the holder; then the delegate tries (it
///   voted yes: refused); or
/// - the delegate exits, not having voted, with a part of its own stake only (never with the
///   power it received), once every other mover voted yes (rarely enough to pass the spend
///   early: the delegate's power, its delegator's included, did not vote) and the voting
///   period ended; then the holder (it did not vote: its own stake).
///
/// An exit's `pct` above 100 asks more than the stake.
pub(crate) fn exit_campaign() -> impl Strategy<Value = Vec<Op>> {
    (
        0..MAX_MODELS as u8,
        prop::sample::select(BACKERS.to_vec()),
        prop::sample::select(MOVERS.to_vec()),
        prop::sample::select(MOVERS.to_vec()),
        (1..=100u16, prop::bool::ANY, 1..=100u8),
        (
            prop_oneof![8 => 1..=100u8, 2 => 101..=150u8],
            prop_oneof![8 => 1..=100u8, 2 => 101..=150u8],
            1..=600u64,
        ),
    )
        .prop_map(
            |(
                m,
                holder,
                delegate,
                proposer,
                (pct, holder_first, handed),
                (first_pct, second_pct, offset),
            )| {
                let exit = |who: usize, pct: u8, rally: bool| Op::Exit {
                    m,
                    who,
                    pick: LATEST,
                    pct,
                    rally,
                };
                let mut ops: Vec<Op> = BACKERS.map(|who| Op::Claim { m, who }).to_vec();
                ops.extend([
                    Op::Delegate {
                        m,
                        who: holder,
                        to: delegate,
                    },
                    Op::Time {
                        seconds: 5,
                        blocks: 1,
                    },
                    Op::Propose {
                        m,
                        who: proposer,
                        acts: Acts::Spend { to: proposer, pct },
                        pay_deposit: true,
                    },
                    Op::Transfer {
                        m,
                        from: proposer,
                        to: delegate,
                        pct: handed,
                    },
                ]);
                if holder_first {
                    ops.extend([
                        exit(holder, first_pct, true),
                        exit(delegate, second_pct, false),
                    ]);
                } else {
                    ops.extend([
                        // (in the timelock already if the others passed it early)
                        exit(delegate, first_pct, true),
                        Op::WaitFor {
                            m,
                            pick: LATEST,
                            boundary: Boundary::VotingEnd,
                            after: true,
                            offset,
                        },
                        exit(delegate, first_pct, false),
                        exit(holder, second_pct, false),
                    ]);
                }
                ops
            },
        )
}

/// A sequence: the presale's first days (contributions, mostly); usually the end of the
/// presale, its finalize and some share claims; then the model's life, with up to three
/// campaigns and two exit campaigns in it. One sequence in four launches a second model
/// somewhere in its life, with a few contributions to it.
pub(crate) fn ops() -> impl Strategy<Value = Vec<Op>> {
    let second = (
        launch_params(),
        prop::collection::vec((prop::sample::select(BACKERS.to_vec()), amount()), 0..=6),
        any::<prop::sample::Index>(),
    );
    (
        prop::collection::vec(op(true), 5..=14),
        prop::option::weighted(
            0.8,
            (
                1..=3_600u64,
                prop::collection::vec(prop::sample::select(BACKERS.to_vec()), 0..=BACKERS.len()),
            ),
        ),
        prop::collection::vec(op(false), 0..=100),
        prop::option::weighted(if Kind::Launch.w(1) > 0 { 0.25 } else { 0.0 }, second),
        prop::collection::vec(
            (campaign(), any::<prop::sample::Index>()),
            0..=if Kind::Propose.w(1) > 0 { 3 } else { 0 },
        ),
        prop::collection::vec(
            (
                super::channels::channel_session(),
                any::<prop::sample::Index>(),
            ),
            0..=if Kind::Channel.w(1) > 0 { 2 } else { 0 },
        ),
        prop::collection::vec(
            (exit_campaign(), any::<prop::sample::Index>()),
            0..=if [Kind::Delegate, Kind::Propose, Kind::Exit]
                .iter()
                .all(|k| k.w(1) > 0)
            {
                2
            } else {
                0
            },
        ),
    )
        .prop_map(
            |(mut ops, settle, mut life, second, campaigns, sessions, exits)| {
                for (steps, at) in campaigns.into_iter().chain(sessions).chain(exits) {
                    let at = at.index(life.len() + 1);
                    life.splice(at..at, steps);
                }
                if let Some((extra, claims)) = settle {
                    ops.push(Op::PastEnd { m: 0, extra });
                    ops.push(Op::Finalize { m: 0, by: CAROL });
                    if Kind::Claim.w(1) > 0 {
                        ops.extend(claims.into_iter().map(|who| Op::Claim { m: 0, who }));
                    }
                }
                if let Some((params, contributions, at)) = second {
                    let at = at.index(life.len() + 1);
                    let burst = std::iter::once(Op::Launch(params)).chain(
                        contributions
                            .into_iter()
                            .map(|(who, amount)| Op::Contribute { m: 1, who, amount }),
                    );
                    life.splice(at..at, burst);
                }
                ops.extend(life);
                ops
            },
        )
}
