use cosmwasm_std::{coin, Addr, Binary, Coin, Empty, Timestamp};
use cw_multi_test::{App, AppResponse, Contract};
use modelfund::access::{MeteredUnit, PlanKind, SalesStatus};
use modelfund::channels::{ChannelResponse, ExecuteMsg, InstantiateMsg, QueryMsg, Voucher};
use modelfund_vouchers::{Domain, SessionKey};

use super::doubles::{access_double, shares_double, AccessExec, Distribution, SharesQuery};
use modelfund_testing::{addrs, funded_app, instantiate, stand_in, watch};
pub use modelfund_testing::{wasm_attr, Harness};

use crate::ContractError;

pub const MODEL: &str = "tiny-llm";
pub const MODEL2: &str = "big-llm";
pub const DENOM: &str = "uinj";
pub const OTHER_DENOM: &str = "uatom";
/// MODEL's metered plan "per-call": 2 uinj per call.
pub const UNIT_PRICE: u128 = 2;
/// MODEL2's metered plan "per-1k": 5 uatom per 1,000 tokens.
pub const UNIT_PRICE2: u128 = 5;
pub const DEPOSIT: u128 = 1_000;
pub const GRACE: u64 = 3_600;
pub const MAX_CLAIMS: u32 = 5;
pub const DAY: u64 = 86_400;
pub const START_BALANCE: u128 = 1_000_000;

pub fn channels_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!()
}

pub struct Suite {
    pub app: App,
    pub channels: Addr,
    pub access: Addr,
    /// shares double of MODEL
    pub shares: Addr,
    /// shares double of MODEL2
    pub shares2: Addr,
    pub admin: Addr,
    /// a user (opens channels)
    pub alice: Addr,
    pub bob: Addr,
    /// approved for MODEL and MODEL2
    pub gateway: Addr,
    /// approved for MODEL only
    pub gateway2: Addr,
    /// alice's session key
    pub key: SessionKey,
    pub code_id: u64,
}

pub fn metered(unit: MeteredUnit) -> PlanKind {
    PlanKind::Metered { unit }
}

modelfund_testing::harness!(Suite, channels, {
    /// A failed message also leaves the balances of every party in both denoms as they were.
    fn watched(&self) -> (Vec<Addr>, Vec<&'static str>) {
        let parties = [
            &self.channels,
            &self.shares,
            &self.shares2,
            &self.alice,
            &self.bob,
            &self.gateway,
            &self.gateway2,
        ];
        watch(&parties, &[DENOM, OTHER_DENOM])
    }
});

impl Suite {
    /// Doubles set up (MODEL on sale with metered plan `per-call` and credits plan `pack`;
    /// MODEL2 with metered plan `per-1k` in OTHER_DENOM; `gateway` approved for both,
    /// `gateway2` for MODEL), channels instantiated with `GRACE` and `MAX_CLAIMS`; no channel.
    pub fn new() -> Self {
        let mut app = funded_app(
            &["alice", "bob", "gateway", "gateway2"],
            &[coin(START_BALANCE, DENOM), coin(START_BALANCE, OTHER_DENOM)],
        );
        let [admin, alice, bob, gateway, gateway2] =
            addrs(&app, ["admin", "alice", "bob", "gateway", "gateway2"]);
        let access = stand_in(&mut app, access_double(), &admin, &Empty {}, "access");
        let shares_code = app.store_code(shares_double());
        let shares = instantiate(&mut app, shares_code, &admin, &Empty {}, "shares", None);
        let shares2 = instantiate(&mut app, shares_code, &admin, &Empty {}, "shares2", None);
        let code_id = app.store_code(channels_contract());
        let msg = InstantiateMsg {
            access: access.to_string(),
            grace_period_seconds: GRACE,
            max_claims_per_tx: MAX_CLAIMS,
        };
        let channels = instantiate(&mut app, code_id, &admin, &msg, "channels", Some(&admin));
        let mut suite = Suite {
            app,
            channels,
            access,
            shares,
            shares2,
            admin,
            alice,
            bob,
            gateway,
            gateway2,
            key: SessionKey::from_seed(b"alice's session key"),
            code_id,
        };
        let (s1, s2) = (suite.shares.clone(), suite.shares2.clone());
        suite.set_model(MODEL, &s1, SalesStatus::Open);
        suite.set_model(MODEL2, &s2, SalesStatus::Open);
        suite.set_per_call(UNIT_PRICE, MeteredUnit::Call);
        suite.set_plan(
            MODEL,
            "pack",
            coin(100, DENOM),
            PlanKind::Credits { calls_per_pack: 10 },
        );
        suite.set_plan(
            MODEL2,
            "per-1k",
            coin(UNIT_PRICE2, OTHER_DENOM),
            metered(MeteredUnit::KiloTokens),
        );
        let (g1, g2) = (suite.gateway.to_string(), suite.gateway2.to_string());
        suite.approve(MODEL, &g1);
        suite.approve(MODEL2, &g1);
        suite.approve(MODEL, &g2);
        suite
    }

    pub fn access_exec(&mut self, msg: AccessExec) {
        let (admin, access) = (self.admin.clone(), self.access.clone());
        self.exec_contract(&admin, &access, &msg);
    }

    /// The access double answers `model_id` with `shares` and `sales`.
    pub fn set_model(&mut self, model_id: &str, shares: &Addr, sales: SalesStatus) {
        self.access_exec(AccessExec::SetModel {
            model_id: model_id.into(),
            shares: shares.to_string(),
            sales,
        });
    }

    pub fn set_plan(&mut self, model_id: &str, plan_id: &str, price: Coin, kind: PlanKind) {
        self.access_exec(AccessExec::SetPlan {
            model_id: model_id.into(),
            plan_id: plan_id.into(),
            price,
            kind,
        });
    }

    /// MODEL's metered plan `per-call` at `unit_price` uinj a `unit` (as set up: `UNIT_PRICE`
    /// a call).
    pub fn set_per_call(&mut self, unit_price: u128, unit: MeteredUnit) {
        self.set_plan(MODEL, "per-call", coin(unit_price, DENOM), metered(unit));
    }

    pub fn retire_plan(&mut self, model_id: &str, plan_id: &str) {
        self.access_exec(AccessExec::RetirePlan {
            model_id: model_id.into(),
            plan_id: plan_id.into(),
        });
    }

    pub fn approve(&mut self, model_id: &str, gateway: &str) {
        self.access_exec(AccessExec::Approve {
            model_id: model_id.into(),
            gateway: gateway.into(),
        });
    }

    pub fn revoke(&mut self, model_id: &str, gateway: &Addr) {
        self.access_exec(AccessExec::Revoke {
            model_id: model_id.into(),
            gateway: gateway.to_string(),
        });
    }

    /// alice, bob and the gateway, the parties most tests use.
    pub fn parties(&self) -> (Addr, Addr, Addr) {
        (self.alice.clone(), self.bob.clone(), self.gateway.clone())
    }

    pub fn now(&self) -> Timestamp {
        Harness::now(self)
    }

    /// The voucher domain of this chain and contract.
    pub fn domain(&self) -> Domain {
        Domain::new(self.app.block_info().chain_id, self.channels.to_string())
    }

    /// alice's signed voucher for `amount` on `channel_id`.
    pub fn voucher(&self, channel_id: u64, amount: u128) -> Voucher {
        self.key.sign(&self.domain(), channel_id, amount).to_msg()
    }

    /// alice's `open` (her session key), expiring in one day.
    pub fn open_msg(&self, model_id: &str, plan_id: &str, gateway: &Addr) -> ExecuteMsg {
        self.open_msg_with(&self.key, model_id, plan_id, gateway)
    }

    /// An `open` with session key `key`, expiring in one day.
    fn open_msg_with(
        &self,
        key: &SessionKey,
        model_id: &str,
        plan_id: &str,
        gateway: &Addr,
    ) -> ExecuteMsg {
        ExecuteMsg::Open {
            model_id: model_id.into(),
            plan_id: plan_id.into(),
            gateway: gateway.to_string(),
            voucher_key: Binary::from(key.public_key().to_vec()),
            expires_at: self.now().plus_seconds(DAY),
        }
    }

    /// alice opens a channel on MODEL's `per-call` plan for `gateway` with `DEPOSIT` uinj,
    /// expiring in one day; returns its id.
    pub fn open(&mut self) -> u64 {
        let (alice, gateway) = (self.alice.clone(), self.gateway.clone());
        self.open_for(&alice, &gateway)
    }

    pub fn open_for(&mut self, user: &Addr, gateway: &Addr) -> u64 {
        let key = self.key.clone();
        self.open_with(user, &key, MODEL, "per-call", gateway, coin(DEPOSIT, DENOM))
    }

    /// `user` opens a channel with session key `key`, expiring in one day; returns its id.
    pub fn open_with(
        &mut self,
        user: &Addr,
        key: &SessionKey,
        model_id: &str,
        plan_id: &str,
        gateway: &Addr,
        deposit: Coin,
    ) -> u64 {
        let msg = self.open_msg_with(key, model_id, plan_id, gateway);
        let res = self.exec_funds(user, &msg, &[deposit]).unwrap();
        wasm_attr(&res, "channel_id").parse().unwrap()
    }

    /// A voucher signed by `key` in this suite's domain.
    pub fn signed(&self, key: &SessionKey, channel_id: u64, amount: u128) -> Voucher {
        key.sign(&self.domain(), channel_id, amount).to_msg()
    }

    pub fn claim(
        &mut self,
        gateway: &Addr,
        vouchers: Vec<Voucher>,
    ) -> Result<AppResponse, ContractError> {
        self.exec(gateway, &ExecuteMsg::Claim { vouchers })
    }

    /// A claim that must fail and change nothing.
    pub fn fail_claim(&mut self, gateway: &Addr, vouchers: Vec<Voucher>) -> ContractError {
        self.fail(gateway, &ExecuteMsg::Claim { vouchers }, &[])
    }

    pub fn channel(&self, channel_id: u64) -> ChannelResponse {
        self.query(&QueryMsg::Channel { channel_id }).unwrap()
    }

    pub fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        self.bank_balance(addr, denom)
    }

    pub fn distributions(&self, shares: &Addr) -> Vec<Distribution> {
        self.query_contract(shares, &SharesQuery::Distributions {})
    }

    /// Moves block time to exactly `time` (and the height along).
    pub fn set_time(&mut self, time: Timestamp) {
        self.advance_to(time);
    }

    pub fn advance_seconds(&mut self, seconds: u64) {
        Harness::advance_seconds(self, seconds);
    }
}
