use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coin, to_json_binary, Addr, Binary, Coin, Decimal, Deps, DepsMut, Empty, Env, MessageInfo,
    Response, StdResult, Uint128,
};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use cw_storage_plus::{Item, Map};
use modelfund::governance::{
    Action, ExecuteMsg, GovernanceParams, InstantiateMsg, ProposalResponse, ProposalStatus,
    QueryMsg, VoteOption,
};
use modelfund::shares::checkpoints::{Checkpoint, CHECKPOINTS, CHECKPOINT_COUNT};
use modelfund::shares::{QueryMsg as SharesQuery, TotalPowerAtHeightResponse};
use serde::de::DeserializeOwned;

use crate::ContractError;

pub const DENOM: &str = "inj";
pub const PERIOD: u64 = 1_000;
pub const TIMELOCK: u64 = 500;
pub const DEPOSIT: u128 = 100;
pub const HASH: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

// ---- a shares stand-in: writes the published checkpoint layout ----

#[cw_serde]
pub enum PowerExec {
    /// Sets `addr`'s power from the next block on (like a balance change in this block).
    SetPower { addr: String, power: Uint128 },
    /// Shares' `set_splits`, recorded.
    SetSplits {
        splits: Vec<modelfund::revenue::Split>,
    },
}

/// Everything the stand-ins received, by kind.
pub const RECORDED: Item<Vec<String>> = Item::new("recorded");

fn record(storage: &mut dyn cosmwasm_std::Storage, entry: String) -> StdResult<()> {
    let mut all = RECORDED.may_load(storage)?.unwrap_or_default();
    all.push(entry);
    RECORDED.save(storage, &all)
}

/// height -> total power from that height on
const TOTALS: Map<u64, Uint128> = Map::new("totals");
const TOTAL: Item<Uint128> = Item::new("total");

fn power_exec(deps: DepsMut, env: Env, _: MessageInfo, msg: PowerExec) -> StdResult<Response> {
    let (addr, power) = match msg {
        PowerExec::SetPower { addr, power } => (addr, power),
        PowerExec::SetSplits { splits } => {
            record(deps.storage, format!("set_splits:{}", splits.len()))?;
            return Ok(Response::new());
        }
    };
    let addr = deps.api.addr_validate(&addr)?;
    let height = env.block.height + 1;
    let count = CHECKPOINT_COUNT.may_load(deps.storage, &addr)?.unwrap_or(0);
    let previous = match count {
        0 => Uint128::zero(),
        n => CHECKPOINTS.load(deps.storage, (&addr, n - 1))?.power,
    };
    let index = match count {
        n if n > 0 && CHECKPOINTS.load(deps.storage, (&addr, n - 1))?.height == height => n - 1,
        n => {
            CHECKPOINT_COUNT.save(deps.storage, &addr, &(n + 1))?;
            n
        }
    };
    CHECKPOINTS.save(deps.storage, (&addr, index), &Checkpoint { height, power })?;
    let total = TOTAL.may_load(deps.storage)?.unwrap_or_default() + power - previous;
    TOTAL.save(deps.storage, &total)?;
    TOTALS.save(deps.storage, height, &total)?;
    Ok(Response::new())
}

fn power_query(deps: Deps, _: Env, msg: SharesQuery) -> StdResult<Binary> {
    match msg {
        SharesQuery::TotalPowerAtHeight { height } => {
            let h = height.unwrap_or(u64::MAX);
            let power = TOTALS
                .range(
                    deps.storage,
                    None,
                    Some(cw_storage_plus::Bound::inclusive(h)),
                    cosmwasm_std::Order::Descending,
                )
                .next()
                .transpose()?
                .map(|(_, p)| p)
                .unwrap_or_default();
            to_json_binary(&TotalPowerAtHeightResponse { power, height: h })
        }
        _ => Err(cosmwasm_std::StdError::generic_err(
            "not supported by the stand-in",
        )),
    }
}

fn power_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        power_exec,
        |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        power_query,
    ))
}

// ---- an access stand-in: records the DAO's plan and gateway messages ----

fn access_contract() -> Box<dyn Contract<Empty>> {
    use modelfund::access::ExecuteMsg as A;
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _: Env, _: MessageInfo, msg: A| -> StdResult<Response> {
            let entry = match msg {
                A::SetPlan { model_id, plan } => format!("set_plan:{model_id}:{}", plan.plan_id),
                A::RetirePlan { model_id, plan_id } => format!("retire_plan:{model_id}:{plan_id}"),
                A::ApproveGateway { model_id, .. } => format!("approve_gateway:{model_id}"),
                A::RevokeGateway { model_id, .. } => format!("revoke_gateway:{model_id}"),
                _ => return Err(cosmwasm_std::StdError::generic_err("not expected")),
            };
            record(deps.storage, entry)?;
            Ok(Response::new())
        },
        |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _: Env, _: Empty| -> StdResult<Binary> {
            to_json_binary(&RECORDED.may_load(deps.storage)?.unwrap_or_default())
        },
    ))
}

// ---- a registry stand-in: records publish_version calls ----

const PUBLISHED: Item<Vec<(String, String)>> = Item::new("published");

fn registry_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut,
         _: Env,
         _: MessageInfo,
         msg: modelfund::registry::ExecuteMsg|
         -> StdResult<Response> {
            if let modelfund::registry::ExecuteMsg::PublishVersion {
                token_id, version, ..
            } = msg
            {
                let mut all = PUBLISHED.may_load(deps.storage)?.unwrap_or_default();
                all.push((token_id, version));
                PUBLISHED.save(deps.storage, &all)?;
            }
            Ok(Response::new())
        },
        |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _: Env, _: Empty| -> StdResult<Binary> {
            to_json_binary(&PUBLISHED.may_load(deps.storage)?.unwrap_or_default())
        },
    ))
}

pub fn governance_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            crate::contract::execute,
            crate::contract::instantiate,
            crate::contract::query,
        )
        .with_reply(crate::contract::reply)
        .with_migrate(crate::contract::migrate),
    )
}

pub fn params() -> GovernanceParams {
    GovernanceParams {
        voting_period_seconds: PERIOD,
        quorum: Decimal::percent(30),
        threshold: Decimal::percent(50),
        timelock_seconds: TIMELOCK,
        deposit: Some(coin(DEPOSIT, DENOM)),
        min_propose_power: Uint128::new(10),
        max_actions: 5,
    }
}

pub struct Suite {
    pub app: App,
    pub dao: Addr,
    pub power: Addr,
    pub registry: Addr,
    pub access: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
    pub dave: Addr,
    pub code_id: u64,
}

pub const WALLET: u128 = 10_000;
pub const TREASURY: u128 = 5_000;

impl Suite {
    /// alice 40, bob 30, carol 30 voting power (total 100); dave holds nothing.
    pub fn new() -> Self {
        Self::with_params(params())
    }

    pub fn with_params(p: GovernanceParams) -> Self {
        let mut app = App::new(|router, api, storage| {
            for name in ["alice", "bob", "carol", "dave"] {
                router
                    .bank
                    .init_balance(
                        storage,
                        &api.addr_make(name),
                        vec![coin(WALLET, DENOM), coin(WALLET, "other")],
                    )
                    .unwrap();
            }
        });
        let admin = app.api().addr_make("admin");
        let (alice, bob, carol, dave) = (
            app.api().addr_make("alice"),
            app.api().addr_make("bob"),
            app.api().addr_make("carol"),
            app.api().addr_make("dave"),
        );
        let power_code = app.store_code(power_contract());
        let power = app
            .instantiate_contract(power_code, admin.clone(), &Empty {}, &[], "power", None)
            .unwrap();
        let registry_code = app.store_code(registry_contract());
        let registry = app
            .instantiate_contract(
                registry_code,
                admin.clone(),
                &Empty {},
                &[],
                "registry",
                None,
            )
            .unwrap();
        let access_code = app.store_code(access_contract());
        let access = app
            .instantiate_contract(access_code, admin.clone(), &Empty {}, &[], "access", None)
            .unwrap();
        let code_id = app.store_code(governance_contract());
        let dao = app
            .instantiate_contract(
                code_id,
                admin.clone(),
                &InstantiateMsg {
                    shares: power.to_string(),
                    registry: Some(registry.to_string()),
                    model_id: Some("tiny-llm".into()),
                    access: Some(access.to_string()),
                    presale: None,
                    bounds: None,
                    params: p,
                },
                &[],
                "dao",
                Some(admin.to_string()),
            )
            .unwrap();
        // the treasury the presale would have filled
        app.send_tokens(alice.clone(), dao.clone(), &[coin(TREASURY, DENOM)])
            .unwrap();
        let mut s = Suite {
            app,
            dao,
            power,
            registry,
            access,
            alice,
            bob,
            carol,
            dave,
            code_id,
        };
        for (who, p) in [
            (s.alice.clone(), 40),
            (s.bob.clone(), 30),
            (s.carol.clone(), 30),
        ] {
            s.set_power(&who, p);
        }
        s.next_block(5);
        s
    }

    pub fn set_power(&mut self, who: &Addr, power: u128) {
        let admin = self.app.api().addr_make("admin");
        self.app
            .execute_contract(
                admin,
                self.power.clone(),
                &PowerExec::SetPower {
                    addr: who.to_string(),
                    power: Uint128::new(power),
                },
                &[],
            )
            .unwrap();
    }

    pub fn next_block(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = b.time.plus_seconds(seconds);
        });
    }

    pub fn exec(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> Result<AppResponse, ContractError> {
        self.app
            .execute_contract(sender.clone(), self.dao.clone(), msg, funds)
            .map_err(|e| e.downcast::<ContractError>().unwrap())
    }

    pub fn propose(&mut self, who: &Addr, actions: Vec<Action>) -> Result<u64, ContractError> {
        let res = self.exec(
            who,
            &ExecuteMsg::Propose {
                title: "Publish v2".into(),
                description: "A distilled model".into(),
                actions,
            },
            &[coin(DEPOSIT, DENOM)],
        )?;
        Ok(wasm_attr(&res, "proposal_id").parse().unwrap())
    }

    pub fn vote(
        &mut self,
        who: &Addr,
        id: u64,
        vote: VoteOption,
    ) -> Result<AppResponse, ContractError> {
        self.exec(
            who,
            &ExecuteMsg::Vote {
                proposal_id: id,
                vote,
            },
            &[],
        )
    }

    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(self.dao.clone(), msg)
    }

    pub fn proposal(&self, id: u64) -> ProposalResponse {
        self.query(&QueryMsg::Proposal { proposal_id: id }).unwrap()
    }

    pub fn status(&self, id: u64) -> ProposalStatus {
        self.proposal(id).status
    }

    pub fn balance(&self, who: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(who, DENOM)
            .unwrap()
            .amount
            .u128()
    }

    /// What the access and shares stand-ins recorded, in order.
    pub fn recorded(&self) -> (Vec<String>, Vec<String>) {
        let access = self
            .app
            .wrap()
            .query_wasm_smart(self.access.clone(), &Empty {})
            .unwrap();
        let shares = self
            .app
            .wrap()
            .query_wasm_raw(self.power.clone(), b"recorded".to_vec())
            .unwrap()
            .map(|b| cosmwasm_std::from_json(&b).unwrap())
            .unwrap_or_default();
        (access, shares)
    }

    pub fn published(&self) -> Vec<(String, String)> {
        self.app
            .wrap()
            .query_wasm_smart(self.registry.clone(), &Empty {})
            .unwrap()
    }
}

pub fn publish(version: &str) -> Action {
    Action::PublishModelVersion {
        version: version.into(),
        content_hash: HASH.into(),
        uri: "ar://tiny-llm-v2".into(),
        notes: None,
    }
}

pub fn spend(to: &Addr, amount: u128) -> Action {
    Action::SpendTreasury {
        recipient: to.to_string(),
        amount: vec![coin(amount, DENOM)],
    }
}

pub fn wasm_attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no wasm attribute {key} in {:?}", res.events))
}
