//! The protocol builder: one call stores the seven contracts' code in a cw-multi-test `App`,
//! instantiates the registry, access, the launchpad (with its minter and registrar roles) and
//! the channels contract,
//! funds the named actors and launches a model through the real launchpad `launch`.

use std::collections::BTreeMap;

use cosmwasm_std::{coin, coins, Addr, Coin, Timestamp};
use cw_multi_test::{App, AppResponse, Executor};
use modelfund::launchpad::{self, CodeIds, LaunchFee};
use modelfund::{access, channels, registry};

use crate::spec::ModelSpec;
use crate::{contracts, AnyResult, DENOM};

/// Code ids of everything stored.
#[derive(Clone, Copy, Debug)]
pub struct Codes {
    pub registry: u64,
    pub access: u64,
    pub launchpad: u64,
    pub shares: u64,
    pub presale: u64,
    pub governance: u64,
    pub channels: u64,
    /// The cw20 receiver double (see [`contracts::cw20_receiver`]).
    pub receiver: u64,
}

impl Codes {
    pub fn per_model(&self) -> CodeIds {
        CodeIds {
            shares: self.shares,
            presale: self.presale,
            governance: self.governance,
        }
    }
}

/// The named actors (`addr_make` of their name). `creator`, `alice`, `bob`, `carol`, `user`
/// and `marketplace` start with the builder's funds; the others with nothing.
#[derive(Clone, Debug)]
pub struct Actors {
    /// Instantiates the shared contracts and owns the launchpad.
    pub admin: Addr,
    /// The protocol treasury: receives the launch fee.
    pub protocol: Addr,
    /// Launches models.
    pub creator: Addr,
    /// Backers.
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
    /// Buys usage in access.
    pub user: Addr,
    /// An inference gateway.
    pub gateway: Addr,
    /// Pays royalties by plain bank send.
    pub marketplace: Addr,
    /// Two contributors for royalty splits.
    pub contributors: [Addr; 2],
}

/// One launched model: its id, its creator and its three per-model contracts.
#[derive(Clone, Debug)]
pub struct Launched {
    pub id: String,
    pub creator: Addr,
    pub shares: Addr,
    pub presale: Addr,
    pub governance: Addr,
    /// What it was launched with.
    pub spec: ModelSpec,
    pub launched_height: u64,
    /// The presale window, `[start, end)`.
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Anything that names a shares token: a launched model, or a token's address.
pub trait SharesRef {
    fn shares_addr(&self) -> &Addr;
}

impl SharesRef for Launched {
    fn shares_addr(&self) -> &Addr {
        &self.shares
    }
}

impl SharesRef for Addr {
    fn shares_addr(&self) -> &Addr {
        self
    }
}

/// Anything that names a presale: a launched model, or a presale's address.
pub trait PresaleRef {
    fn presale_addr(&self) -> &Addr;
}

impl PresaleRef for Launched {
    fn presale_addr(&self) -> &Addr {
        &self.presale
    }
}

impl PresaleRef for Addr {
    fn presale_addr(&self) -> &Addr {
        self
    }
}

/// The launchpad's instantiate message: the one place to adapt when the launchpad's config
/// changes. It takes the production launch bounds and reservation periods (the defaults); a
/// test that needs others overrides them with [`ProtocolBuilder::configure_launchpad`].
pub fn launchpad_instantiate_msg(
    codes: &Codes,
    registry: &Addr,
    access: &Addr,
    fee: Option<LaunchFee>,
) -> launchpad::InstantiateMsg {
    launchpad::InstantiateMsg {
        owner: None,
        code_ids: codes.per_model(),
        registry: registry.to_string(),
        access: access.to_string(),
        fee,
        bounds: None,
        reservation_periods: None,
    }
}

type LaunchpadHook = Box<dyn FnOnce(&mut launchpad::InstantiateMsg)>;

/// The channels contract's grace period in the builder's protocol: one hour.
pub const CHANNEL_GRACE_SECONDS: u64 = 3_600;
/// The most vouchers one claim may carry in the builder's protocol.
pub const CHANNEL_MAX_CLAIMS: u32 = 50;

/// Builds a [`Protocol`]. Defaults: 1,000,000 inj for each funded actor, no launch fee, and
/// one model launched by `creator` with `ModelSpec::default()`.
pub struct ProtocolBuilder {
    funds: u128,
    extra_denoms: Vec<String>,
    extra_actors: Vec<(String, u128)>,
    fee: Option<u128>,
    models: Vec<ModelSpec>,
    launchpad_hook: Option<LaunchpadHook>,
}

impl Default for ProtocolBuilder {
    fn default() -> Self {
        ProtocolBuilder {
            funds: 1_000_000,
            extra_denoms: vec![],
            extra_actors: vec![],
            fee: None,
            models: vec![ModelSpec::default()],
            launchpad_hook: None,
        }
    }
}

impl ProtocolBuilder {
    /// The balance in inj (and each extra denom) of every funded actor.
    pub fn funds(mut self, amount: u128) -> Self {
        self.funds = amount;
        self
    }

    /// Also fund the funded actors in `denom` (e.g. a denom no plan accepts).
    pub fn extra_denom(mut self, denom: &str) -> Self {
        self.extra_denoms.push(denom.into());
        self
    }

    /// Another funded actor, `addr_make(name)`, with `amount` inj.
    pub fn actor(mut self, name: &str, amount: u128) -> Self {
        self.extra_actors.push((name.into(), amount));
        self
    }

    /// Charge this launch fee (in inj), paid to `actors.protocol`.
    pub fn launch_fee(mut self, amount: u128) -> Self {
        self.fee = Some(amount);
        self
    }

    /// Launch `spec` at build instead of the default model.
    pub fn model(mut self, spec: ModelSpec) -> Self {
        self.models = vec![spec];
        self
    }

    /// Launch one more model at build.
    pub fn and_model(mut self, spec: ModelSpec) -> Self {
        self.models.push(spec);
        self
    }

    /// Launch nothing at build.
    pub fn no_model(mut self) -> Self {
        self.models.clear();
        self
    }

    /// Adjust the launchpad's instantiate message before it is sent.
    pub fn configure_launchpad(
        mut self,
        hook: impl FnOnce(&mut launchpad::InstantiateMsg) + 'static,
    ) -> Self {
        self.launchpad_hook = Some(Box::new(hook));
        self
    }

    pub fn build(self) -> Protocol {
        let mut app = App::default();
        let api = app.api();
        let a = |name: &str| api.addr_make(name);
        let actors = Actors {
            admin: a("admin"),
            protocol: a("protocol"),
            creator: a("creator"),
            alice: a("alice"),
            bob: a("bob"),
            carol: a("carol"),
            user: a("user"),
            gateway: a("gateway"),
            marketplace: a("marketplace"),
            contributors: [a("contributor0"), a("contributor1")],
        };
        let mut funded: Vec<(Addr, u128)> = [
            &actors.creator,
            &actors.alice,
            &actors.bob,
            &actors.carol,
            &actors.user,
            &actors.marketplace,
        ]
        .into_iter()
        .map(|who| (who.clone(), self.funds))
        .collect();
        for (name, amount) in &self.extra_actors {
            funded.push((a(name), *amount));
        }
        let denoms: Vec<String> = std::iter::once(DENOM.to_string())
            .chain(self.extra_denoms.iter().cloned())
            .collect();
        app.init_modules(|router, _, storage| {
            for (who, amount) in &funded {
                let balance: Vec<Coin> = denoms.iter().map(|d| coin(*amount, d)).collect();
                router.bank.init_balance(storage, who, balance).unwrap();
            }
        });
        let codes = Codes {
            registry: app.store_code(contracts::registry()),
            access: app.store_code(contracts::access()),
            launchpad: app.store_code(contracts::launchpad()),
            shares: app.store_code(contracts::shares()),
            presale: app.store_code(contracts::presale()),
            governance: app.store_code(contracts::governance()),
            channels: app.store_code(contracts::channels()),
            receiver: app.store_code(contracts::cw20_receiver()),
        };
        let admin = actors.admin.clone();
        let registry = app
            .instantiate_contract(
                codes.registry,
                admin.clone(),
                &registry::InstantiateMsg {
                    name: "Models".into(),
                    symbol: "MODEL".into(),
                    owner: None,
                    minters: None,
                    royalty_limits: None,
                },
                &[],
                "registry",
                None,
            )
            .unwrap();
        let access = app
            .instantiate_contract(
                codes.access,
                admin.clone(),
                &access::InstantiateMsg {
                    registry: registry.to_string(),
                    admin: None,
                    registrars: None,
                    name: "Licenses".into(),
                    symbol: "LIC".into(),
                },
                &[],
                "access",
                None,
            )
            .unwrap();
        let fee = self.fee.map(|amount| LaunchFee {
            amount: coin(amount, DENOM),
            treasury: actors.protocol.to_string(),
        });
        let mut lp_msg = launchpad_instantiate_msg(&codes, &registry, &access, fee);
        if let Some(hook) = self.launchpad_hook {
            hook(&mut lp_msg);
        }
        let launchpad = app
            .instantiate_contract(
                codes.launchpad,
                admin.clone(),
                &lp_msg,
                &[],
                "launchpad",
                Some(admin.to_string()),
            )
            .unwrap();
        // the launchpad mints models in the registry and registers them in access
        app.execute_contract(
            admin.clone(),
            registry.clone(),
            &registry::ExecuteMsg::AddMinter {
                minter: launchpad.to_string(),
            },
            &[],
        )
        .unwrap();
        app.execute_contract(
            admin.clone(),
            access.clone(),
            &access::ExecuteMsg::AddRegistrar {
                registrar: launchpad.to_string(),
            },
            &[],
        )
        .unwrap();
        let channels = app
            .instantiate_contract(
                codes.channels,
                admin.clone(),
                &channels::InstantiateMsg {
                    access: access.to_string(),
                    grace_period_seconds: CHANNEL_GRACE_SECONDS,
                    max_claims_per_tx: CHANNEL_MAX_CLAIMS,
                },
                &[],
                "channels",
                Some(admin.to_string()),
            )
            .unwrap();
        let receiver = app
            .instantiate_contract(
                codes.receiver,
                admin,
                &cosmwasm_std::Empty {},
                &[],
                "receiver",
                None,
            )
            .unwrap();
        let mut protocol = Protocol {
            app,
            codes,
            registry,
            access,
            launchpad,
            channels,
            receiver,
            actors,
            fee: self.fee,
            models: vec![],
            initial_funds: funded.into_iter().collect(),
        };
        for spec in self.models {
            let creator = protocol.actors.creator.clone();
            protocol.launch(&creator, spec).unwrap();
        }
        protocol
    }
}

/// A running protocol: the `App`, the shared contracts, the actors and the launched models.
pub struct Protocol {
    pub app: App,
    pub codes: Codes,
    pub registry: Addr,
    pub access: Addr,
    pub launchpad: Addr,
    /// Payment channels over `access` (grace [`CHANNEL_GRACE_SECONDS`], at most
    /// [`CHANNEL_MAX_CLAIMS`] vouchers per claim).
    pub channels: Addr,
    /// An instance of the cw20 receiver double, a valid target of shares `send`.
    pub receiver: Addr,
    pub actors: Actors,
    /// The launch fee in inj, if any.
    pub fee: Option<u128>,
    /// Every model launched through [`Protocol::launch`], in order.
    pub models: Vec<Launched>,
    /// What each funded address started with, in inj.
    pub initial_funds: BTreeMap<Addr, u128>,
}

impl Protocol {
    pub fn builder() -> ProtocolBuilder {
        ProtocolBuilder::default()
    }

    /// The default protocol: one default model launched.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// The first launched model.
    pub fn model(&self) -> Launched {
        self.models.first().expect("no model launched").clone()
    }

    /// `addr_make(name)`: any actor, named or not.
    pub fn addr(&self, name: &str) -> Addr {
        self.app.api().addr_make(name)
    }

    /// Launches `spec` from `creator` (attaching the launch fee, if any) and returns the new
    /// model's handle.
    pub fn launch(&mut self, creator: &Addr, spec: ModelSpec) -> AnyResult<Launched> {
        let funds = self.fee.map(|f| coins(f, DENOM)).unwrap_or_default();
        self.launch_with(creator, spec, &funds).map(|(m, _)| m)
    }

    /// Launches `spec` from `creator` with exactly `funds` attached; the handle and the
    /// response.
    pub fn launch_with(
        &mut self,
        creator: &Addr,
        spec: ModelSpec,
        funds: &[Coin],
    ) -> AnyResult<(Launched, AppResponse)> {
        let now = self.now();
        let msg = spec.launch_msg(now);
        let res =
            self.app
                .execute_contract(creator.clone(), self.launchpad.clone(), &msg, funds)?;
        let index: launchpad::ModelResponse = self.app.wrap().query_wasm_smart(
            &self.launchpad,
            &launchpad::QueryMsg::Model {
                model_id: spec.model_id.clone(),
            },
        )?;
        let start = now.plus_seconds(spec.presale.start_in);
        let launched = Launched {
            id: spec.model_id.clone(),
            creator: creator.clone(),
            shares: index.shares,
            presale: index.presale,
            governance: index.governance,
            launched_height: self.height(),
            start,
            end: start.plus_seconds(spec.presale.duration),
            spec,
        };
        self.models.push(launched.clone());
        Ok((launched, res))
    }

    // ---- time ----

    pub fn now(&self) -> Timestamp {
        self.app.block_info().time
    }

    pub fn height(&self) -> u64 {
        self.app.block_info().height
    }

    /// The next block, 5 seconds later.
    pub fn next_block(&mut self) {
        self.jump(5, 1);
    }

    /// The next block, `seconds` later.
    pub fn advance(&mut self, seconds: u64) {
        self.jump(seconds, 1);
    }

    /// `blocks` blocks and `seconds` seconds later.
    pub fn jump(&mut self, seconds: u64, blocks: u64) {
        self.app.update_block(|b| {
            b.height += blocks;
            b.time = b.time.plus_seconds(seconds);
        });
    }

    /// One block at or just past `time` (nothing when it is not in the future).
    pub fn advance_to(&mut self, time: Timestamp) {
        let now = self.now();
        if time > now {
            self.advance(time.seconds() - now.seconds() + u64::from(time.subsec_nanos() > 0));
        }
    }
}

impl Default for Protocol {
    fn default() -> Self {
        Self::new()
    }
}

/// The DAO suites' model: caps of 5,000 and 10,000 inj, open from now for 1,000 s, no creator
/// allocation, a 10 inj proposal deposit.
pub fn dao_spec() -> ModelSpec {
    ModelSpec::new("tiny-llm")
        .caps(5_000, 10_000)
        .window(0, 1_000)
        .creator_allocation(0)
        .deposit_amount(Some(10))
}

/// [`dao_spec`] funded by alice (600 shares) and bob (400, the hard cap: it settles at once),
/// both claimed: 10,000 inj in the treasury.
pub fn funded_dao() -> (Protocol, Launched) {
    funded_by_alice_and_bob(dao_spec())
}

/// The model of `spec` funded by alice (6,000 inj) and bob (4,000 inj) and finalized, one block
/// later: the shared start of the governance, exit and veto suites.
pub fn funded_by_alice_and_bob(spec: ModelSpec) -> (Protocol, Launched) {
    let mut p = Protocol::builder().model(spec).build();
    let m = p.model();
    let (alice, bob) = (p.actors.alice.clone(), p.actors.bob.clone());
    p.fund_presale(&m, &[(&alice, 6_000), (&bob, 4_000)]);
    p.next_block();
    (p, m)
}
