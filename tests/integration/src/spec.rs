//! What to launch: a model's launch parameters with realistic defaults and builder-style
//! overrides. [`ModelSpec::launch_msg`] turns it into the launchpad's `launch` message.

use cosmwasm_std::{coin, Addr, Coin, Decimal, Timestamp, Uint128};
use modelfund::access::{PlanKind, PlanMsg};
use modelfund::governance::GovernanceParams;
use modelfund::launchpad::{self, ModelLaunch, PresaleLaunch, SharesLaunch};
use modelfund::registry::{License, ModelMetadata};
use modelfund::revenue::Split;

use crate::{DAY, DENOM};

/// Content hash of a model's first version in the default spec.
pub const HASH_1: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
/// A second content hash, for `publish_model_version` proposals.
pub const HASH_2: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

/// The presale part of a launch, with its window relative to the launch block.
#[derive(Clone, Debug)]
pub struct PresaleSpec {
    pub denom: String,
    pub price: u128,
    pub soft_cap: u128,
    pub hard_cap: u128,
    /// Seconds from the launch block to the opening (0: open at once).
    pub start_in: u64,
    /// Seconds the presale stays open.
    pub duration: u64,
    pub min_per_address: u128,
    pub max_per_address: u128,
    pub creator_allocation: u128,
}

/// Everything a `launch` carries. `ModelSpec::default()` is a realistic model:
///
/// - presale: 10 inj per share, soft cap 5,000 / hard cap 10,000 inj, 10 to 10,000 inj per
///   address, open at once for 7 days, creator allocation 50 shares (10 % of the supply the
///   soft cap sells);
/// - shares: decimals 0, revenue in inj, no contributor splits;
/// - governance: voting 3 days, timelock 1 day, quorum 30 %, threshold 50 %, deposit 100 inj,
///   1 share to propose, at most 10 actions;
/// - one plan: `pack`, 10 calls for 100 inj; NFT royalty 5 %, license resale royalty 3 %.
#[derive(Clone, Debug)]
pub struct ModelSpec {
    pub model_id: String,
    pub metadata: ModelMetadata,
    pub royalty_bps: u16,
    pub presale: PresaleSpec,
    pub shares: SharesLaunch,
    pub governance: GovernanceParams,
    pub plans: Vec<PlanMsg>,
    pub license_royalty_bps: u16,
    /// The DAO's guardian (`veto`), if any.
    pub vetoer: Option<String>,
    /// The creator allocation's vesting (cliff, duration in seconds), if locked.
    pub creator_vesting: Option<(u64, u64)>,
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec::new("tiny-llm")
    }
}

impl ModelSpec {
    /// The default spec under another model id.
    pub fn new(model_id: &str) -> Self {
        ModelSpec {
            model_id: model_id.into(),
            metadata: ModelMetadata {
                name: "Tiny LLM".into(),
                description: "A tiny language model".into(),
                content_hash: HASH_1.into(),
                storage_uri: format!("ipfs://bafy-{model_id}-v1"),
                license: License {
                    id: "apache-2.0".into(),
                    uri: None,
                },
                version: "v1.0.0".into(),
                notes: None,
                image: None,
            },
            royalty_bps: 500,
            presale: PresaleSpec {
                denom: DENOM.into(),
                price: 10,
                soft_cap: 5_000,
                hard_cap: 10_000,
                start_in: 0,
                duration: 7 * DAY,
                min_per_address: 10,
                max_per_address: 10_000,
                creator_allocation: 50,
            },
            shares: SharesLaunch {
                name: "Tiny LLM shares".into(),
                symbol: "TINY".into(),
                decimals: 0,
                revenue_denoms: vec![DENOM.into()],
                splits: vec![],
            },
            governance: default_governance(),
            plans: vec![credits_plan("pack", 100, 10)],
            license_royalty_bps: 300,
            vetoer: None,
            creator_vesting: None,
        }
    }

    /// The `launch` message, with the presale window placed relative to `now`.
    pub fn launch_msg(&self, now: Timestamp) -> launchpad::ExecuteMsg {
        let p = &self.presale;
        let start = now.plus_seconds(p.start_in);
        launchpad::ExecuteMsg::Launch {
            model: Box::new(ModelLaunch {
                token_id: self.model_id.clone(),
                token_uri: None,
                metadata: self.metadata.clone(),
                royalty_bps: self.royalty_bps,
            }),
            presale: Box::new(PresaleLaunch {
                denom: p.denom.clone(),
                price: Uint128::new(p.price),
                soft_cap: Uint128::new(p.soft_cap),
                hard_cap: Uint128::new(p.hard_cap),
                start,
                end: start.plus_seconds(p.duration),
                min_per_address: Uint128::new(p.min_per_address),
                max_per_address: Uint128::new(p.max_per_address),
                creator_allocation: Uint128::new(p.creator_allocation),
                allowlist: None,
                creator_vesting: self
                    .creator_vesting
                    .map(
                        |(cliff_seconds, duration_seconds)| modelfund::presale::CreatorVesting {
                            cliff_seconds,
                            duration_seconds,
                        },
                    ),
            }),
            shares: Box::new(self.shares.clone()),
            governance: Box::new(self.governance.clone()),
            plans: self.plans.clone(),
            license_royalty_bps: self.license_royalty_bps,
            vetoer: self.vetoer.clone(),
        }
    }

    /// The deposit a proposal must attach (none when the DAO asks none).
    pub fn deposit(&self) -> Vec<Coin> {
        self.governance.deposit.clone().into_iter().collect()
    }

    // ---- presale ----

    pub fn price(mut self, price: u128) -> Self {
        self.presale.price = price;
        self
    }

    pub fn caps(mut self, soft_cap: u128, hard_cap: u128) -> Self {
        self.presale.soft_cap = soft_cap;
        self.presale.hard_cap = hard_cap;
        self
    }

    pub fn per_address(mut self, min: u128, max: u128) -> Self {
        self.presale.min_per_address = min;
        self.presale.max_per_address = max;
        self
    }

    /// Opens `start_in` seconds after the launch block, for `duration` seconds.
    pub fn window(mut self, start_in: u64, duration: u64) -> Self {
        self.presale.start_in = start_in;
        self.presale.duration = duration;
        self
    }

    pub fn creator_allocation(mut self, shares: u128) -> Self {
        self.presale.creator_allocation = shares;
        self
    }

    // ---- shares ----

    pub fn decimals(mut self, decimals: u8) -> Self {
        self.shares.decimals = decimals;
        self
    }

    /// Contributor splits paid first on every distribution: `(address, bps)`.
    pub fn splits(mut self, splits: &[(&Addr, u16)]) -> Self {
        self.shares.splits = splits
            .iter()
            .enumerate()
            .map(|(i, (address, bps))| Split {
                address: address.to_string(),
                bps: *bps,
                label: format!("contributor {i}"),
            })
            .collect();
        self
    }

    // ---- governance ----

    pub fn governance(mut self, params: GovernanceParams) -> Self {
        self.governance = params;
        self
    }

    /// Voting period and timelock, in seconds.
    pub fn voting(mut self, voting_period_seconds: u64, timelock_seconds: u64) -> Self {
        self.governance.voting_period_seconds = voting_period_seconds;
        self.governance.timelock_seconds = timelock_seconds;
        self
    }

    /// Quorum and threshold, in percent.
    pub fn quorum_threshold(mut self, quorum: u64, threshold: u64) -> Self {
        self.governance.quorum = Decimal::percent(quorum);
        self.governance.threshold = Decimal::percent(threshold);
        self
    }

    /// The proposal deposit in the presale's denom (`None`: proposing is free).
    pub fn deposit_amount(mut self, amount: Option<u128>) -> Self {
        self.governance.deposit = amount.map(|a| coin(a, &self.presale.denom));
        self
    }

    // ---- access and registry ----

    pub fn plans(mut self, plans: Vec<PlanMsg>) -> Self {
        self.plans = plans;
        self
    }

    /// Lock the creator allocation from finalize on: a cliff, then linear unlocking.
    pub fn creator_vesting(mut self, cliff_seconds: u64, duration_seconds: u64) -> Self {
        self.creator_vesting = Some((cliff_seconds, duration_seconds));
        self
    }

    /// A guardian that may veto passed proposals during their timelock.
    pub fn vetoer(mut self, vetoer: &str) -> Self {
        self.vetoer = Some(vetoer.to_string());
        self
    }

    pub fn royalties(mut self, nft_royalty_bps: u16, license_royalty_bps: u16) -> Self {
        self.royalty_bps = nft_royalty_bps;
        self.license_royalty_bps = license_royalty_bps;
        self
    }
}

/// Voting 3 days, timelock 1 day, executable for 7 days after it, quorum 30 %, threshold 50 %,
/// deposit 100 inj, 1 share to propose, at most 10 actions.
pub fn default_governance() -> GovernanceParams {
    GovernanceParams {
        voting_period_seconds: 3 * DAY,
        quorum: Decimal::percent(30),
        threshold: Decimal::percent(50),
        timelock_seconds: DAY,
        execution_window_seconds: 7 * DAY,
        deposit: Some(coin(100, DENOM)),
        min_propose_power: Uint128::one(),
        max_actions: 10,
    }
}

/// A credits plan: `calls_per_pack` calls for `price` inj a pack.
pub fn credits_plan(plan_id: &str, price: u128, calls_per_pack: u64) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(price, DENOM),
        kind: PlanKind::Credits { calls_per_pack },
    }
}

/// A lease plan: a license NFT valid `duration_seconds` for up to `call_cap` calls.
pub fn lease_plan(plan_id: &str, price: u128, duration_seconds: u64, call_cap: u64) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(price, DENOM),
        kind: PlanKind::Lease {
            duration_seconds,
            call_cap,
            terms: modelfund::access::LeaseTerms {
                commercial_use: true,
                attribution_required: false,
                notes: None,
            },
        },
    }
}

/// A metered plan: `price` inj per `unit`, paid through a payment channel.
pub fn metered_plan(plan_id: &str, price: u128, unit: modelfund::access::MeteredUnit) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(price, DENOM),
        kind: PlanKind::Metered { unit },
    }
}
