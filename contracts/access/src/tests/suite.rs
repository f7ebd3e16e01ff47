use cosmwasm_std::{coin, coins, Addr, Empty};
use cw_multi_test::{App, AppResponse, Contract};
use modelfund::access::{
    AccessResponse, ExecuteMsg, GrantMsg, InstantiateMsg, LeaseTerms, LicenseResponse,
    ModelResponse, PlanKind, PlanMsg, QueryMsg,
};

use super::doubles::{
    registry_double, shares_double, Distribution, RegistryExec, RegistryInit, SharesInit,
    SharesQuery,
};
use modelfund_testing::{addrs, funded_app, instantiate, nft_receiver, stand_in, watch};
pub use modelfund_testing::{wasm_attr, Harness};

pub const MODEL: &str = "tiny-llm";
pub const MODEL2: &str = "big-llm";
pub const DENOM: &str = "uusdc";
pub const OTHER_DENOM: &str = "uatom";
pub const PACK_PRICE: u128 = 100;
pub const CALLS_PER_PACK: u64 = 10;
pub const LEASE_PRICE: u128 = 1_000;
pub const LEASE_SECONDS: u64 = 30 * 86_400;
pub const LEASE_CAP: u64 = 500;
pub const ROYALTY_BPS: u16 = 500;
pub const START_BALANCE: u128 = 1_000_000;

pub fn access_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!()
}

pub struct Suite {
    pub app: App,
    pub access: Addr,
    pub registry: Addr,
    /// shares double of MODEL
    pub shares: Addr,
    /// shares double of MODEL2
    pub shares2: Addr,
    pub admin: Addr,
    pub launchpad: Addr,
    /// owner of MODEL in the registry
    pub dao: Addr,
    /// owner of MODEL2 in the registry
    pub dao2: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub gateway: Addr,
    pub gateway2: Addr,
    pub code_id: u64,
}

pub fn terms() -> LeaseTerms {
    LeaseTerms {
        commercial_use: true,
        attribution_required: false,
        notes: Some("no resale of outputs".into()),
    }
}

pub fn credits_plan(plan_id: &str) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(PACK_PRICE, DENOM),
        kind: PlanKind::Credits {
            calls_per_pack: CALLS_PER_PACK,
        },
    }
}

pub fn lease_plan(plan_id: &str) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(LEASE_PRICE, DENOM),
        kind: PlanKind::Lease {
            duration_seconds: LEASE_SECONDS,
            call_cap: LEASE_CAP,
            terms: terms(),
        },
    }
}

modelfund_testing::harness!(Suite, access, {
    /// A failed message also leaves every party's balances as they were.
    fn watched(&self) -> (Vec<Addr>, Vec<&'static str>) {
        let parties = [
            &self.access,
            &self.shares,
            &self.shares2,
            &self.alice,
            &self.bob,
            &self.dao,
            &self.gateway,
        ];
        watch(&parties, &[DENOM, OTHER_DENOM])
    }
});

impl Suite {
    /// Contracts instantiated; no model registered.
    pub fn bare() -> Self {
        let mut app = funded_app(
            &[
                "admin",
                "alice",
                "bob",
                "dao",
                "dao2",
                "dave",
                "gateway",
                "launchpad",
            ],
            &[coin(START_BALANCE, DENOM), coin(START_BALANCE, OTHER_DENOM)],
        );
        let [admin, launchpad, dao, dao2, alice, bob, gateway, gateway2] = addrs(
            &app,
            [
                "admin",
                "launchpad",
                "dao",
                "dao2",
                "alice",
                "bob",
                "gateway",
                "gateway2",
            ],
        );

        let models = vec![
            (MODEL.into(), dao.to_string()),
            (MODEL2.into(), dao2.to_string()),
        ];
        let registry = stand_in(
            &mut app,
            registry_double(),
            &admin,
            &RegistryInit { models },
            "registry",
        );
        let shares_code = app.store_code(shares_double());
        // both accept DENOM only: plans in OTHER_DENOM are refused
        let accepted = SharesInit {
            denoms: vec![DENOM.to_string()],
        };
        let shares = instantiate(&mut app, shares_code, &admin, &accepted, "shares", None);
        let shares2 = instantiate(&mut app, shares_code, &admin, &accepted, "shares2", None);
        let code_id = app.store_code(access_contract());
        let msg = InstantiateMsg {
            registry: registry.to_string(),
            admin: None,
            registrars: Some(vec![launchpad.to_string()]),
            name: "Modelfund licenses".into(),
            symbol: "MFLIC".into(),
        };
        let access = instantiate(&mut app, code_id, &admin, &msg, "access", Some(&admin));
        Suite {
            app,
            access,
            registry,
            shares,
            shares2,
            admin,
            launchpad,
            dao,
            dao2,
            alice,
            bob,
            gateway,
            gateway2,
            code_id,
        }
    }

    /// MODEL registered by its DAO with a credits plan `pack` and a lease plan `lease`, and
    /// `gateway` approved.
    pub fn new() -> Self {
        let mut suite = Self::bare();
        let (dao, shares) = (suite.dao.clone(), suite.shares.clone());
        suite
            .exec(&dao, &register_msg(MODEL, shares.as_str(), ROYALTY_BPS))
            .unwrap();
        for plan in [credits_plan("pack"), lease_plan("lease")] {
            suite
                .exec(
                    &dao,
                    &ExecuteMsg::SetPlan {
                        model_id: MODEL.into(),
                        plan,
                    },
                )
                .unwrap();
        }
        let gateway = suite.gateway.to_string();
        suite.exec(&dao, &approve_gateway_msg(&gateway)).unwrap();
        suite
    }

    /// alice, bob and the gateway, the parties most tests use.
    pub fn parties(&self) -> (Addr, Addr, Addr) {
        (self.alice.clone(), self.bob.clone(), self.gateway.clone())
    }

    pub fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        self.bank_balance(addr, denom)
    }

    /// Asserts the access contract holds no funds at all.
    pub fn assert_access_empty(&self) {
        for denom in [DENOM, OTHER_DENOM] {
            assert_eq!(
                self.balance(&self.access, denom),
                0,
                "the access contract must never keep funds"
            );
        }
    }

    pub fn distributions(&self, shares: &Addr) -> Vec<Distribution> {
        self.query_contract(shares, &SharesQuery::Distributions {})
    }

    /// What `access` answers for `user` on MODEL.
    pub fn access_of(&self, user: &Addr) -> AccessResponse {
        self.query(&QueryMsg::Access {
            model_id: MODEL.into(),
            user: user.to_string(),
        })
        .unwrap()
    }

    pub fn model(&self, model_id: &str) -> ModelResponse {
        self.query(&QueryMsg::Model {
            model_id: model_id.into(),
        })
        .unwrap()
    }

    pub fn license(&self, token_id: &str) -> LicenseResponse {
        self.query(&QueryMsg::License {
            token_id: token_id.into(),
        })
        .unwrap()
    }

    pub fn credits(&self, user: &Addr) -> u64 {
        let res: modelfund::access::CreditsResponse = self
            .query(&QueryMsg::Credits {
                model_id: MODEL.into(),
                user: user.to_string(),
            })
            .unwrap();
        res.credits
    }

    pub fn buy_credits(&mut self, user: &Addr, packs: u32) -> AppResponse {
        self.exec_funds(
            user,
            &buy_credits_msg(packs, "pack"),
            &coins(PACK_PRICE * u128::from(packs), DENOM),
        )
        .unwrap()
    }

    /// Buys a lease of MODEL for `user`; returns the license token id.
    pub fn buy_lease(&mut self, user: &Addr) -> String {
        self.buy_lease_of(user, buy_lease_msg("lease"))
    }

    /// dao2 registers MODEL2 (shares2, no royalty) with the lease plan `l2`.
    pub fn register_model2(&mut self) {
        let (dao2, shares2) = (self.dao2.clone(), self.shares2.clone());
        self.exec(
            &dao2,
            &ExecuteMsg::RegisterModel {
                model_id: MODEL2.into(),
                shares: shares2.to_string(),
                license_royalty_bps: 0,
                plans: vec![lease_plan("l2")],
                presale: None,
            },
        )
        .unwrap();
    }

    /// Buys a lease of MODEL2 (`register_model2`) for `user`; returns the license token id.
    pub fn buy_model2_lease(&mut self, user: &Addr) -> String {
        self.buy_lease_of(
            user,
            ExecuteMsg::BuyLease {
                model_id: MODEL2.into(),
                plan_id: "l2".into(),
                grant: None,
            },
        )
    }

    /// `user` sends `msg`, a `buy_lease` of a `LEASE_PRICE` plan; returns the license token id.
    fn buy_lease_of(&mut self, user: &Addr, msg: ExecuteMsg) -> String {
        let res = self
            .exec_funds(user, &msg, &coins(LEASE_PRICE, DENOM))
            .unwrap();
        wasm_attr(&res, "token_id")
    }

    pub fn grant(&mut self, user: &Addr, gateway: &Addr, calls: u64) {
        self.exec(
            user,
            &ExecuteMsg::Grant {
                model_id: MODEL.into(),
                gateway: gateway.to_string(),
                calls,
                session_key: None,
            },
        )
        .unwrap();
    }

    pub fn consume_msg(
        user: &Addr,
        calls: u64,
        request_id: &str,
        license: Option<&str>,
    ) -> ExecuteMsg {
        ExecuteMsg::Consume {
            model_id: MODEL.into(),
            user: user.to_string(),
            calls,
            request_id: request_id.into(),
            license_id: license.map(String::from),
        }
    }

    /// Moves a model NFT in the registry double (e.g. to a new DAO).
    pub fn set_model_owner(&mut self, model_id: &str, owner: &Addr) {
        let (admin, registry) = (self.admin.clone(), self.registry.clone());
        let msg = RegistryExec::SetOwner {
            model_id: model_id.into(),
            owner: owner.to_string(),
        };
        self.exec_contract(&admin, &registry, &msg);
    }

    pub fn advance_seconds(&mut self, seconds: u64) {
        Harness::advance_seconds(self, seconds);
    }

    pub fn receiver(&mut self) -> Addr {
        stand_in(
            &mut self.app,
            nft_receiver(),
            &self.admin,
            &Empty {},
            "receiver",
        )
    }
}

pub fn grant_msg(gateway: &Addr, calls: u64) -> Option<GrantMsg> {
    Some(GrantMsg {
        gateway: gateway.to_string(),
        calls,
        session_key: None,
    })
}

/// `register_model` of `model_id` paid to `shares` with `bps` license royalty, without plans or
/// presale.
pub fn register_msg(model_id: &str, shares: &str, bps: u16) -> ExecuteMsg {
    ExecuteMsg::RegisterModel {
        model_id: model_id.into(),
        shares: shares.into(),
        license_royalty_bps: bps,
        plans: vec![],
        presale: None,
    }
}

/// `approve_gateway` of `gateway` for MODEL.
pub fn approve_gateway_msg(gateway: &str) -> ExecuteMsg {
    ExecuteMsg::ApproveGateway {
        model_id: MODEL.into(),
        gateway: gateway.into(),
    }
}

/// `revoke_gateway` of `gateway` for MODEL.
pub fn revoke_gateway_msg(gateway: &str) -> ExecuteMsg {
    ExecuteMsg::RevokeGateway {
        model_id: MODEL.into(),
        gateway: gateway.into(),
    }
}

/// `buy_credits` of `packs` of MODEL's `plan_id`, without a grant.
pub fn buy_credits_msg(packs: u32, plan_id: &str) -> ExecuteMsg {
    ExecuteMsg::BuyCredits {
        model_id: MODEL.into(),
        plan_id: plan_id.into(),
        packs,
        grant: None,
    }
}

/// `buy_lease` of MODEL's `plan_id`, without a grant.
pub fn buy_lease_msg(plan_id: &str) -> ExecuteMsg {
    ExecuteMsg::BuyLease {
        model_id: MODEL.into(),
        plan_id: plan_id.into(),
        grant: None,
    }
}
