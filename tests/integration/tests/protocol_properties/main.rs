//! "Safe to put money in": a cross-contract property test over the whole protocol, on the
//! protocol builder. Each case launches a model through the real launchpad with random presale
//! and DAO parameters, then runs a random sequence of steps by named actors: launches (a second
//! model), contributions, withdrawals, finalizes, share claims, refunds, presale cancels, share transfers,
//! sends, allowances and transfers from them, vote delegations (re-delegations, taking a vote
//! back, refused ones), proposals (text, `spend_treasury`, `release_milestone`,
//! `approve_gateway`, with deposits), votes, executes, closes, proposal cancels, exits during a
//! timelock (some in exit campaigns around a delegation), credit and lease purchases, grants, metered consumption, payment channels (open,
//! signed vouchers, top-ups, extensions, batched claims across models, closes), distributions,
//! royalties and sweeps, revenue claims, and time jumps that cross presale windows, voting periods,
//! timelocks, execution windows and allowance expiries.
//!
//! A REFERENCE MODEL written from the protocol's rules (below, and `docs/architecture.md`;
//! never from the contract code) predicts whether every step succeeds and what it moves. After
//! every step, failed steps included, the chain must agree with it:
//!
//! - **(a) every coin is accounted**: the sum of all actors' and contracts' bank balances never
//!   changes, each actor holds exactly what the model says, and each contract holds exactly what
//!   its own books say it owes — presale: the contributions not yet refunded before a success, 0
//!   after it; shares: its revenue books' `owed` (plus royalties sent but not yet swept);
//!   governance: the free treasury + the deposits it holds; access, launchpad, registry: 0;
//!   and no backer ever gets back from a presale (withdrawals + refund, seen in its own bank
//!   balance) more than it put in, exactly that after its refund;
//! - **(b)** no treasury coin leaves governance except through a proposal that passed with the
//!   votes its rules require, counted over the whole supply at its start height, or through an
//!   exit, which pays exactly floor(free × shares / supply) and never more than that fraction;
//! - **(c)** each holder's claimed + claimable revenue (and, for a backer that has not claimed its
//!   presale shares, its share of what the escrow earned) equals its pro-rata share of every
//!   distribution by holdings at that time, within [`DUST_PER_DISTRIBUTION`] base unit per
//!   distribution of its model (the documented bound, see the constant); contributor splits
//!   are exact floors; and what the books hold beyond every claimable coin is the escrow's
//!   revenue plus at most the documented total dust;
//! - **(d)** every proposal deposit is refunded or forfeited exactly once;
//! - **(e)** payment channels (`channels.rs`, rules of `docs/channels.md`): the channels contract
//!   holds exactly the unclaimed deposits of its open channels, every channel's deposit and
//!   claimed amount are as the rules say, and no channel ever claims more than the highest
//!   voucher its user signed; claims reach the holders through (c): each claim is one
//!   distribution per model of exactly what it claimed;
//! - **(f)** voting power: after every step that ran on a model, every account's
//!   `voting_power_at_height` is what the rules say (delegation included: each vote's tally
//!   too), at the next height and, in turn, at the heights that matter (proposal starts,
//!   finalize, claims, delegation changes and the heights before them); and **delegation never
//!   changes the total**: the accounts' powers sum to their stakes, and with the shares still
//!   in escrow to the total power.
//!
//! The rules the model encodes (each in one function of `model::ModelState` or
//! `model::Proposal`, with the numbers and boundary conventions as named constants below, so a
//! documented difference is a one-place change). Boundaries: a presale is open in
//! `[start, end)`; votes are taken while `now < start + voting period`; a passed proposal
//! executes in `[passed + timelock, passed + timelock + EXECUTION_WINDOW_SECONDS)`; a change in
//! block H counts from H + 1; an allowance expiring at height / time X is expired at X.
//!
//! - presale: one denom, contributions within `[start, end)`, min / max per address, up to the
//!   hard cap (the excess returned in the same tx); withdrawals within `[start, end)` while the
//!   raise is below the soft cap, at most the contribution, leaving 0 or at least the minimum;
//!   finalize after the end or at the hard cap.
//!   Success (raised >= soft cap): the whole raise goes to the DAO treasury; the sold shares
//!   (Σ floor(contribution / price)) go to an escrow in the shares contract and the creator
//!   allocation to the creator — from finalize on the total supply is sold + allocation. `claim`
//!   moves a backer's shares out of escrow with the revenue they earned there. Failure or cancel:
//!   every backer refunds its whole contribution, no share ever exists;
//! - stake at height h = the balance checkpoint at h + the claimed-from-escrow entitlement for
//!   finalize height < h <= claim height; voting power at h = the entitlement + the balance
//!   unless the holder delegates at h + the balances at h of every holder delegating to it at h
//!   (one level: what it received is its own to vote even if it delegates); total power =
//!   total supply at h. `delegate {to}` changes the holder's delegate from the next block on
//!   (`to` = itself: takes the vote back); refused when nothing changes (the same delegate, or
//!   itself when not delegating) and toward the shares contract;
//! - shares revenue: splits get floor(amount × bps / 10,000) first, the rest pro-rata to the
//!   holdings at that moment (escrow included); distributions are refused while the supply is
//!   zero; transfers settle first; shares cannot go to the shares contract itself; an expired
//!   allowance counts as zero (and is raised from zero);
//! - access: plans sell only once the model's presale succeeded (never after a failure or a
//!   cancel); an approved gateway consumes within the user's grant, each request id once;
//! - governance: quorum (yes + no + abstain) >= quorum × total; pass: yes > threshold ×
//!   (yes + no); early pass / rejection once quorum is reached and the outcome cannot change,
//!   else decided at the end of the voting period; execution after the timelock and before the
//!   end of the execution window, all actions or none (a spend above the FREE treasury fails the
//!   execution, recorded); deposits held apart, refunded on pass (at execute, or at close after
//!   expiry), on rejection after quorum (close) and on cancel (proposer, before any vote),
//!   forfeited to the free treasury when the proposal ends without quorum (close); exit while a
//!   passed spend waits in its timelock, by a holder who did not vote yes itself (its
//!   delegate's yes does not bind it), with at most its STAKE at the start height (never power
//!   delegated to it) minus earlier exits: the shares are burned (the supply shrinks) and
//!   floor(free × shares / supply) of the free treasury is paid.
//!
//! Also checked: step outcomes (the chain and the model agree on which steps succeed; a refused
//! delegation for the reason the rules give), share balances and allowances, each mover's
//! current delegate, credits and grants, and that a claim pays exactly the claimable.
//!
//! Environment:
//! - `MODELFUND_FUZZ_CASES=N`: run N sequences (default [`DEFAULT_CASES`], sized for CI:
//!   about 30 s in debug on a loaded 2-core machine); `PROPTEST_RNG_SEED=<u64>` replays a run,
//!   `PROPTEST_MAX_SHRINK_TIME=<ms>` shrinks a failure longer (default 30 s);
//! - `MODELFUND_FUZZ_STATS=1`: print how often each step kind ran, with which outcome;
//! - `MODELFUND_FUZZ_WITHOUT=buy,distribute,...`: leave step kinds out of the generator, to
//!   look past one known failure (the kinds: `steps::Kind`); never relaxes a check.
//!
//! Layout: `steps.rs` (what a sequence is made of, and how it is drawn), `model.rs` (the
//! reference model), `world.rs` (each step on the chain and on the model), `checks.rs` (the
//! invariants).

mod channels;
mod checks;
mod model;
mod steps;
mod world;

use modelfund_integration_tests::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use model::Model;
use steps::{launch_params, ops, LaunchParams, Op};
use world::stats;
use world::World;

// =============================================================================================
// Rules that carry a number: adjust here when an implementation documents a difference.

/// (c): a holder's revenue may differ from its exact pro-rata entitlement by at most this many
/// base units per distribution of its model. `docs/architecture.md` says amounts round down
/// and the dust stays in the contract; `contracts/shares/src/revenue.rs` bounds the total dust
/// by (accounts with a revenue record) + supply / 10^18, i.e. below one unit per account, and
/// the escrow's hand-over at `claim` may floor once more: one unit per distribution per holder
/// covers both.
pub(crate) const DUST_PER_DISTRIBUTION: u128 = 1;
/// (c): the documented bound on a model's total dust: one base unit per account that may hold
/// a revenue record (every account, the escrow), plus one per backer for the floor of the
/// escrow's hand-over at `claim` (the supplies here are far below 10^18, so the `supply /
/// 10^18` term of the bound is 0). Contributors' splits are exact and leave no dust.
pub(crate) const REVENUE_ACCOUNTS: u128 = ACCOUNTS as u128 + 1 + BACKERS.len() as u128;
/// How long a passed proposal stays executable once its timelock is over; after it the proposal
/// has expired and can only be closed (deposit refunded).
pub(crate) const EXECUTION_WINDOW_SECONDS: u64 = 7 * DAY;
/// Voting power needed to propose (every launched DAO here asks 1 share).
pub(crate) const MIN_PROPOSE_POWER: u128 = 1;
/// (f): past heights at which each check reads every account's power (besides the next
/// height), taken in turn from the heights that matter.
pub(crate) const PAST_POWER_HEIGHTS: usize = 1;

// =============================================================================================
// The world: actors, funds, sizes.

/// Exact revenue is tracked in 10^-12 base units.
pub(crate) const SCALE: u128 = 1_000_000_000_000;
pub(crate) const FUNDS: u128 = 1_000_000_000;
pub(crate) const LAUNCH_FEE: u128 = 25;
pub(crate) const MAX_MODELS: usize = 2;
/// Sequences run by default (CI); `MODELFUND_FUZZ_CASES` overrides.
pub(crate) const DEFAULT_CASES: u32 = 64;

pub(crate) const CREATOR: usize = 0;
pub(crate) const ALICE: usize = 1;
pub(crate) const BOB: usize = 2;
pub(crate) const CAROL: usize = 3;
pub(crate) const USER: usize = 4;
pub(crate) const GATEWAY: usize = 5;
pub(crate) const MARKETPLACE: usize = 6;
pub(crate) const CONTRIBUTORS: [usize; 2] = [7, 8];
pub(crate) const PROTOCOL: usize = 9;
/// The cw20 receiver double: a share holder (through `send`), never a signer.
pub(crate) const RECEIVER: usize = 10;
/// Everything with an address the model tracks, actors then the receiver.
pub(crate) const ACCOUNTS: usize = 11;
pub(crate) const NAMES: [&str; ACCOUNTS] = [
    "creator",
    "alice",
    "bob",
    "carol",
    "user",
    "gateway",
    "marketplace",
    "contributor0",
    "contributor1",
    "protocol",
    "receiver",
];
/// The model's own shares contract, as a transfer target (never a holder: the rules refuse
/// every transfer to it).
pub(crate) const TOKEN: usize = ACCOUNTS;
pub(crate) const BACKERS: [usize; 4] = [CREATOR, ALICE, BOB, CAROL];
/// Who moves shares and votes.
pub(crate) const MOVERS: [usize; 5] = [CREATOR, ALICE, BOB, CAROL, USER];
pub(crate) const BUYERS: [usize; 3] = [USER, MARKETPLACE, ALICE];
/// Accounts that never vote but may be delegated to.
pub(crate) const BYSTANDERS: [usize; 2] = [RECEIVER, CONTRIBUTORS[0]];
/// Every account that can have voting power: the movers, the receiver (a holder through
/// `send`) and the bystanders. The others' power is checked through the total.
pub(crate) const VOTERS: [usize; 7] = [CREATOR, ALICE, BOB, CAROL, USER, RECEIVER, CONTRIBUTORS[0]];

fn run(first: &LaunchParams, ops: &[Op]) -> Result<(), TestCaseError> {
    let mut world = World::new();
    let mut model = Model {
        coins: std::array::from_fn(|a| world.p.balance(&world.accounts[a])),
        models: vec![],
        channels: vec![],
    };
    world.launch(&mut model, first.clone(), "launch of model 0")?;
    world.check(&model, "after the launch")?;
    for (n, op) in ops.iter().enumerate() {
        let ctx = format!(
            "step {n} {op:?} (height {}, time {})",
            world.height(),
            world.now()
        );
        world.step(&mut model, op, &ctx)?;
        world.check(&model, &ctx)?;
    }
    stats::note("Run", "sequences");
    stats::note("Run", &format!("models launched: {}", model.models.len()));
    for ms in &model.models {
        stats::note("Run", &format!("presale {:?}", ms.sale));
    }
    stats::print();
    Ok(())
}

fn cases() -> u32 {
    std::env::var("MODELFUND_FUZZ_CASES")
        .ok()
        .map(|v| {
            v.parse()
                .expect("MODELFUND_FUZZ_CASES: a number of sequences")
        })
        .unwrap_or(DEFAULT_CASES)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 1_024,
        // a failing run shrinks for at most this long (PROPTEST_MAX_SHRINK_TIME overrides)
        max_shrink_time: std::env::var("PROPTEST_MAX_SHRINK_TIME")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(30_000),
        // failing seeds are kept next to this file (relative to the crate, where cargo runs
        // tests) and replayed first
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "tests/protocol_properties/proptest-regressions.txt",
            ),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn money_is_safe_across_the_protocol(first in launch_params(), ops in ops()) {
        run(&first, &ops)?;
    }
}
