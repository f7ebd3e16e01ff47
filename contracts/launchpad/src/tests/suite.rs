use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coin, instantiate2_address, to_json_binary, Addr, Api, Binary, CanonicalAddr, Checksum, Coin,
    Decimal, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError, StdResult, Storage,
    Timestamp, Uint128,
};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{
    AddressGenerator, App, AppBuilder, AppResponse, Contract, ContractWrapper, WasmKeeper,
};
use cw_storage_plus::Item;
use modelfund::access::{PlanKind, PlanMsg};
use modelfund::governance::GovernanceParams;
use modelfund::launchpad::{
    CodeIds, ExecuteMsg, InstantiateMsg, LaunchFee, ModelLaunch, PresaleLaunch, SharesLaunch,
};
use modelfund::registry::{License, ModelMetadata};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use modelfund_testing::Harness;
use modelfund_testing::{addrs, fund, instantiate, watch};

use crate::ContractError;

pub const DENOM: &str = "inj";
pub const FEE: u128 = 1_000;
pub const HASH: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
pub const START_BALANCE: u128 = 1_000_000;
/// The creator's shares in `launch_msg`: 20 of the 120 in existence at the soft cap (1,000 /
/// price 10 + 20), about 16.7 %: within the 20 % bound and below the 20 % quorum.
pub const CREATOR_ALLOCATION: u128 = 20;

// ---- stand-ins for shares, governance and presale: record their instantiate message ----

/// What a per-model stand-in was instantiated with, and by whom.
#[cw_serde]
pub struct Instantiated<T> {
    pub sender: Addr,
    pub address: Addr,
    pub msg: T,
}

const INIT: Item<Binary> = Item::new("init");

fn recorder_init<T: Serialize + DeserializeOwned>(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: T,
) -> StdResult<Response> {
    let record = Instantiated {
        sender: info.sender,
        address: env.contract.address,
        msg,
    };
    INIT.save(deps.storage, &to_json_binary(&record)?)?;
    Ok(Response::new().add_attribute("action", "instantiate"))
}

fn recorder_query(deps: Deps, _: Env, _: Empty) -> StdResult<Binary> {
    INIT.load(deps.storage)
}

fn recorder<T: Serialize + DeserializeOwned + 'static>() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
                Ok(Response::new())
            },
            recorder_init::<T>,
            recorder_query,
        )
        .with_migrate(|_: DepsMut, _: Env, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        }),
    )
}

// ---- registry and access stand-ins: enforce the minter / registrar role and record ----

#[cw_serde]
pub struct RoleInit {}

#[cw_serde]
pub enum RoleExec {
    /// Give `addr` the minter / registrar role.
    Allow { addr: String },
}

const ALLOWED: Item<Vec<Addr>> = Item::new("allowed");
const CALLS: Item<Vec<Binary>> = Item::new("calls");

fn record_call<T: Serialize>(deps: DepsMut, info: &MessageInfo, msg: &T) -> StdResult<()> {
    if !ALLOWED
        .may_load(deps.storage)?
        .unwrap_or_default()
        .contains(&info.sender)
    {
        return Err(StdError::generic_err("not allowed"));
    }
    let mut calls = CALLS.may_load(deps.storage)?.unwrap_or_default();
    calls.push(to_json_binary(&(info.sender.clone(), msg))?);
    CALLS.save(deps.storage, &calls)
}

fn role_init(_: DepsMut, _: Env, _: MessageInfo, _: RoleInit) -> StdResult<Response> {
    Ok(Response::new())
}

fn role_query(deps: Deps, _: Env, _: Empty) -> StdResult<Binary> {
    to_json_binary(&CALLS.may_load(deps.storage)?.unwrap_or_default())
}

fn allow(deps: DepsMut, addr: String) -> StdResult<Response> {
    let addr = deps.api.addr_validate(&addr)?;
    let mut allowed = ALLOWED.may_load(deps.storage)?.unwrap_or_default();
    allowed.push(addr);
    ALLOWED.save(deps.storage, &allowed)?;
    Ok(Response::new())
}

#[allow(clippy::large_enum_variant)]
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
#[serde(untagged)]
pub enum RegistryExec {
    Role(RoleExec),
    Registry(modelfund::registry::ExecuteMsg),
}

/// Records `mint`s from allowed minters; checks the metadata's content hash like the registry,
/// and refuses a token id twice.
fn registry_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _: Env, info: MessageInfo, msg: RegistryExec| -> StdResult<Response> {
            match msg {
                RegistryExec::Role(RoleExec::Allow { addr }) => allow(deps, addr),
                RegistryExec::Registry(m) => {
                    let modelfund::registry::ExecuteMsg::Mint {
                        token_id, model, ..
                    } = &m
                    else {
                        return Err(StdError::generic_err("only mint is expected"));
                    };
                    modelfund::validate::content_hash(&model.content_hash)
                        .map_err(|e| StdError::generic_err(e.to_string()))?;
                    let key = format!("token:{token_id}");
                    if deps.storage.get(key.as_bytes()).is_some() {
                        return Err(StdError::generic_err("token exists"));
                    }
                    deps.storage.set(key.as_bytes(), b"1");
                    record_call(deps, &info, &m)?;
                    Ok(Response::new().add_attribute("action", "mint"))
                }
            }
        },
        role_init,
        role_query,
    ))
}

#[allow(clippy::large_enum_variant)]
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
#[serde(untagged)]
pub enum AccessExec {
    Role(RoleExec),
    Access(modelfund::access::ExecuteMsg),
}

/// Records `register_model` from allowed registrars; refuses more than 20 plans.
fn access_contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _: Env, info: MessageInfo, msg: AccessExec| -> StdResult<Response> {
            match msg {
                AccessExec::Role(RoleExec::Allow { addr }) => allow(deps, addr),
                AccessExec::Access(m) => {
                    let modelfund::access::ExecuteMsg::RegisterModel { plans, .. } = &m else {
                        return Err(StdError::generic_err("only register_model is expected"));
                    };
                    if plans.len() > 20 {
                        return Err(StdError::generic_err("too many plans"));
                    }
                    record_call(deps, &info, &m)?;
                    Ok(Response::new().add_attribute("action", "register_model"))
                }
            }
        },
        role_init,
        role_query,
    ))
}

pub fn launchpad_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!(reply)
}

/// Contract addresses of 20 bytes (Injective): classic ones from a hash of code and instance
/// id, instantiate2 ones the first 20 bytes of the standard 32-byte hash.
struct ShortAddresses {
    mangle: bool,
}

impl AddressGenerator for ShortAddresses {
    fn contract_address(
        &self,
        api: &dyn Api,
        _storage: &mut dyn Storage,
        code_id: u64,
        instance_id: u64,
    ) -> AnyResult<Addr> {
        let hash = Checksum::generate(format!("contract/{code_id}/{instance_id}").as_bytes());
        Ok(api.addr_humanize(&CanonicalAddr::from(&hash.as_slice()[..20]))?)
    }

    #[allow(clippy::too_many_arguments)]
    fn predictable_contract_address(
        &self,
        api: &dyn Api,
        _storage: &mut dyn Storage,
        _code_id: u64,
        _instance_id: u64,
        checksum: &[u8],
        creator: &CanonicalAddr,
        salt: &[u8],
    ) -> AnyResult<Addr> {
        let hash = instantiate2_address(checksum, creator, salt)?;
        let mut short = hash.as_slice()[..20].to_vec();
        if self.mangle {
            short[0] ^= 0xff;
        }
        Ok(api.addr_humanize(&CanonicalAddr::from(short))?)
    }
}

pub struct Suite {
    pub app: App,
    pub launchpad: Addr,
    pub registry: Addr,
    pub access: Addr,
    pub owner: Addr,
    pub creator: Addr,
    pub creator2: Addr,
    pub treasury: Addr,
    pub code_ids: CodeIds,
    pub launchpad_code: u64,
}

modelfund_testing::harness!(Suite, launchpad, {
    /// What a refused message must also leave as it was: the parties' balances.
    fn watched(&self) -> (Vec<Addr>, Vec<&'static str>) {
        let parties = [&self.owner, &self.creator, &self.creator2, &self.treasury];
        watch(&parties, &[DENOM])
    }
    /// A stand-in's refusal comes back as a `Std` error.
    fn foreign_error(chain: String) -> ContractError {
        ContractError::Std(StdError::generic_err(chain))
    }
});
modelfund_testing::exec_with_funds!(Suite);

impl Suite {
    /// A launchpad without fee, allowed to mint in the registry and register in access.
    pub fn new() -> Self {
        Self::with_fee(None)
    }

    pub fn with_fee(fee: Option<u128>) -> Self {
        Self::build(fee, App::default())
    }

    /// A launchpad on a chain whose contract addresses are 20 bytes, like Injective's:
    /// instantiate2 keeps the first 20 bytes of its hash; with `mangle` the chain derives
    /// something else entirely.
    pub fn with_short_addresses(mangle: bool) -> Self {
        let wasm = WasmKeeper::new().with_address_generator(ShortAddresses { mangle });
        Self::build(None, AppBuilder::new().with_wasm(wasm).build(|_, _, _| {}))
    }

    fn build(fee: Option<u128>, mut app: App) -> Self {
        let [owner, creator, creator2, treasury] =
            addrs(&app, ["owner", "creator", "creator2", "treasury"]);
        fund(
            &mut app,
            &["owner", "creator", "creator2"],
            &[coin(START_BALANCE, DENOM), coin(START_BALANCE, "uatom")],
        );
        let code_ids = CodeIds {
            shares: app.store_code(recorder::<modelfund::shares::InstantiateMsg>()),
            presale: app.store_code(recorder::<modelfund::presale::InstantiateMsg>()),
            governance: app.store_code(recorder::<modelfund::governance::InstantiateMsg>()),
        };
        let registry_code = app.store_code(registry_contract());
        let access_code = app.store_code(access_contract());
        let launchpad_code = app.store_code(launchpad_contract());
        let registry = instantiate(
            &mut app,
            registry_code,
            &owner,
            &RoleInit {},
            "registry",
            None,
        );
        let access = instantiate(&mut app, access_code, &owner, &RoleInit {}, "access", None);
        let msg = InstantiateMsg {
            owner: None,
            code_ids: code_ids.clone(),
            registry: registry.to_string(),
            access: access.to_string(),
            fee: fee.map(|f| LaunchFee {
                amount: coin(f, DENOM),
                treasury: treasury.to_string(),
            }),
            // production bounds and reservation periods
            bounds: None,
            reservation_periods: None,
        };
        let launchpad = instantiate(
            &mut app,
            launchpad_code,
            &owner,
            &msg,
            "launchpad",
            Some(&owner),
        );
        let mut suite = Suite {
            app,
            launchpad,
            registry,
            access,
            owner,
            creator,
            creator2,
            treasury,
            code_ids,
            launchpad_code,
        };
        // the launchpad may mint in the registry and register in access
        let allow = RoleExec::Allow {
            addr: suite.launchpad.to_string(),
        };
        let owner = suite.owner.clone();
        for contract in [suite.registry.clone(), suite.access.clone()] {
            suite.exec_contract(&owner, &contract, &allow);
        }
        suite
    }

    pub fn launch(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> Result<AppResponse, ContractError> {
        self.exec(sender, msg, funds)
    }

    /// What a per-model stand-in was instantiated with.
    pub fn instantiated<T: DeserializeOwned>(&self, contract: &Addr) -> Instantiated<T> {
        // the stand-in answers the recorded JSON itself
        self.query_contract(contract, &Empty {})
    }

    /// The calls a registry / access stand-in recorded: (sender, message).
    pub fn calls<T: DeserializeOwned>(&self, contract: &Addr) -> Vec<(Addr, T)> {
        let raw: Vec<Binary> = self.query_contract(contract, &Empty {});
        raw.into_iter()
            .map(|b| cosmwasm_std::from_json(b).unwrap())
            .collect()
    }

    pub fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        self.bank_balance(addr, denom)
    }

    pub fn now(&self) -> Timestamp {
        Harness::now(self)
    }

    /// The next block, `seconds` later.
    pub fn advance(&mut self, seconds: u64) {
        self.next_block_after(seconds);
    }
}

pub fn metadata() -> ModelMetadata {
    ModelMetadata {
        name: "Tiny LLM".into(),
        description: "A tiny language model".into(),
        content_hash: HASH.into(),
        storage_uri: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".into(),
        license: License {
            id: "apache-2.0".into(),
            uri: None,
        },
        version: "v1.0.0".into(),
        notes: None,
        image: None,
    }
}

/// Within the production bounds: votes of 3 days, a 1 day timelock, a 20 % quorum.
pub fn params() -> GovernanceParams {
    GovernanceParams {
        voting_period_seconds: 3 * 86_400,
        quorum: Decimal::percent(20),
        threshold: Decimal::percent(50),
        timelock_seconds: 86_400,
        deposit: None,
        min_propose_power: Uint128::one(),
        max_actions: 10,
        execution_window_seconds: modelfund::governance::DEFAULT_EXECUTION_WINDOW_SECONDS,
    }
}

pub fn credits_plan(plan_id: &str) -> PlanMsg {
    PlanMsg {
        plan_id: plan_id.into(),
        price: coin(100, DENOM),
        kind: PlanKind::Credits { calls_per_pack: 10 },
    }
}

/// A complete launch of `model_id` starting at `now` + 10 s.
pub fn launch_msg(model_id: &str, now: Timestamp) -> ExecuteMsg {
    ExecuteMsg::Launch {
        model: Box::new(ModelLaunch {
            token_id: model_id.into(),
            token_uri: None,
            metadata: metadata(),
            royalty_bps: 500,
        }),
        presale: Box::new(PresaleLaunch {
            denom: DENOM.into(),
            price: Uint128::new(10),
            soft_cap: Uint128::new(1_000),
            hard_cap: Uint128::new(10_000),
            start: now.plus_seconds(10),
            end: now.plus_seconds(1_000),
            min_per_address: Uint128::new(10),
            max_per_address: Uint128::new(5_000),
            creator_allocation: Uint128::new(CREATOR_ALLOCATION),
            allowlist: None,
            creator_vesting: None,
        }),
        shares: Box::new(SharesLaunch {
            name: "Tiny LLM shares".into(),
            symbol: "TINY".into(),
            decimals: 6,
            revenue_denoms: vec![DENOM.into()],
            splits: vec![],
        }),
        governance: Box::new(params()),
        plans: vec![credits_plan("pack")],
        license_royalty_bps: 300,
        vetoer: None,
    }
}

/// The value of `key` in the launchpad's `wasm` event.
pub fn wasm_attr(res: &AppResponse, contract: &Addr, key: &str) -> Option<String> {
    res.events
        .iter()
        .filter(|e| {
            e.ty == "wasm"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == contract.as_str())
        })
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}
