use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    coin, to_json_binary, Addr, Binary, Decimal, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    StdResult, Uint128,
};
use cw_multi_test::{App, AppResponse, Contract, ContractWrapper, Executor};
use cw_storage_plus::{Item, SnapshotItem, Strategy};
use modelfund::governance::{
    Action, ExecuteMsg, GovernanceParams, InstantiateMsg, ParamBounds, ProposalResponse,
    ProposalStatus, QueryMsg, TreasuryResponse, VoteOption,
};
use modelfund::presale::Phase;
use modelfund::shares::checkpoints::{
    Checkpoint, CHECKPOINTS, CHECKPOINT_COUNT, TOTAL_SUPPLY_CHANGELOG_KEY,
    TOTAL_SUPPLY_CHECKPOINTS_KEY, TOTAL_SUPPLY_KEY,
};
use modelfund::shares::{QueryMsg as SharesQuery, TotalPowerAtHeightResponse};

use modelfund_testing::{addrs, funded_app, instantiate, stand_in};
pub use modelfund_testing::{has_wasm_attr, wasm_attr, Harness};

use crate::ContractError;

pub const DENOM: &str = "inj";
pub const PERIOD: u64 = 1_000;
pub const TIMELOCK: u64 = 500;
pub const DEPOSIT: u128 = 100;
pub const WINDOW: u64 = 2_000;
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
    /// cw20 `send`: moves the sender's power to `contract` (from the next block on, like a
    /// balance change) and calls its `receive` hook; recorded.
    Send {
        contract: String,
        amount: Uint128,
        msg: Binary,
    },
    /// cw20 `burn`: the sender's power and the total shrink; recorded.
    Burn { amount: Uint128 },
}

/// Everything the stand-ins received, by kind.
pub const RECORDED: Item<Vec<String>> = Item::new("recorded");

fn record(storage: &mut dyn cosmwasm_std::Storage, entry: String) -> StdResult<()> {
    let mut all = RECORDED.may_load(storage)?.unwrap_or_default();
    all.push(entry);
    RECORDED.save(storage, &all)
}

/// The total power in the shares' published supply layout (a snapshot per block), which
/// governance reads raw at propose.
const TOTAL: SnapshotItem<Uint128> = SnapshotItem::new(
    TOTAL_SUPPLY_KEY,
    TOTAL_SUPPLY_CHECKPOINTS_KEY,
    TOTAL_SUPPLY_CHANGELOG_KEY,
    Strategy::EveryBlock,
);

fn power_exec(deps: DepsMut, env: Env, info: MessageInfo, msg: PowerExec) -> StdResult<Response> {
    match msg {
        PowerExec::SetPower { addr, power } => {
            let addr = deps.api.addr_validate(&addr)?;
            write_power(deps.storage, &env, &addr, power)?;
            Ok(Response::new())
        }
        PowerExec::SetSplits { splits } => {
            record(deps.storage, format!("set_splits:{}", splits.len()))?;
            Ok(Response::new())
        }
        PowerExec::Send {
            contract,
            amount,
            msg,
        } => {
            let to = deps.api.addr_validate(&contract)?;
            let from_power = power_of(deps.storage, &info.sender)?;
            write_power(
                deps.storage,
                &env,
                &info.sender,
                from_power.checked_sub(amount)?,
            )?;
            let to_power = power_of(deps.storage, &to)?;
            write_power(deps.storage, &env, &to, to_power + amount)?;
            record(deps.storage, format!("send:{amount}"))?;
            let hook = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
                sender: info.sender.to_string(),
                amount,
                msg,
            });
            Ok(Response::new().add_message(cosmwasm_std::WasmMsg::Execute {
                contract_addr: contract,
                msg: to_json_binary(&hook)?,
                funds: vec![],
            }))
        }
        PowerExec::Burn { amount } => {
            let power = power_of(deps.storage, &info.sender)?;
            write_power(deps.storage, &env, &info.sender, power.checked_sub(amount)?)?;
            record(deps.storage, format!("burn:{amount}"))?;
            Ok(Response::new())
        }
    }
}

/// An account's latest power (its last checkpoint).
fn power_of(storage: &dyn cosmwasm_std::Storage, addr: &Addr) -> StdResult<Uint128> {
    Ok(
        match CHECKPOINT_COUNT.may_load(storage, addr)?.unwrap_or(0) {
            0 => Uint128::zero(),
            n => CHECKPOINTS.load(storage, (addr, n - 1))?.balance,
        },
    )
}

/// Sets `addr`'s power from the next block on and moves the total by the difference.
fn write_power(
    storage: &mut dyn cosmwasm_std::Storage,
    env: &Env,
    addr: &Addr,
    power: Uint128,
) -> StdResult<()> {
    let height = env.block.height + 1;
    let count = CHECKPOINT_COUNT.may_load(storage, addr)?.unwrap_or(0);
    let previous = power_of(storage, addr)?;
    let index = match count {
        n if n > 0 && CHECKPOINTS.load(storage, (addr, n - 1))?.height == height => n - 1,
        n => {
            CHECKPOINT_COUNT.save(storage, addr, &(n + 1))?;
            n
        }
    };
    CHECKPOINTS.save(
        storage,
        (addr, index),
        &Checkpoint::of_balance(height, power),
    )?;
    let total = TOTAL.may_load(storage)?.unwrap_or_default() + power - previous;
    TOTAL.save(storage, &total, env.block.height)?;
    Ok(())
}

fn power_query(deps: Deps, env: Env, msg: SharesQuery) -> StdResult<Binary> {
    match msg {
        SharesQuery::TotalPowerAtHeight { height } => {
            let (power, h) = match height {
                Some(h) => (TOTAL.may_load_at_height(deps.storage, h)?, h),
                None => (TOTAL.may_load(deps.storage)?, env.block.height),
            };
            to_json_binary(&TotalPowerAtHeightResponse {
                power: power.unwrap_or_default(),
                height: h,
            })
        }
        // every other shares query, named so a new one must be placed here
        SharesQuery::Balance { .. }
        | SharesQuery::TokenInfo {}
        | SharesQuery::Minter {}
        | SharesQuery::Allowance { .. }
        | SharesQuery::AllAllowances { .. }
        | SharesQuery::AllSpenderAllowances { .. }
        | SharesQuery::AllAccounts { .. }
        | SharesQuery::MarketingInfo {}
        | SharesQuery::DownloadLogo {}
        | SharesQuery::BalanceAtHeight { .. }
        | SharesQuery::TotalSupplyAtHeight { .. }
        | SharesQuery::VotingPowerAtHeight { .. }
        | SharesQuery::ClaimableRevenue { .. }
        | SharesQuery::RevenueConfig {}
        | SharesQuery::Escrow {}
        | SharesQuery::Vesting { .. }
        | SharesQuery::Delegation { .. }
        | SharesQuery::Delegators { .. }
        | SharesQuery::Dao {}
        | SharesQuery::Info {} => Err(cosmwasm_std::StdError::generic_err(
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
                // never sent by the DAO; named, so a new access message must be placed here
                // (recorded above if an action sends it)
                A::RegisterModel { .. }
                | A::BuyCredits { .. }
                | A::BuyLease { .. }
                | A::Grant { .. }
                | A::RevokeGrant { .. }
                | A::Consume { .. }
                | A::ConsumeBatch { .. }
                | A::AddRegistrar { .. }
                | A::RemoveRegistrar { .. }
                | A::UpdateAdmin { .. } => {
                    return Err(cosmwasm_std::StdError::generic_err("not expected"))
                }
                modelfund::cw721_execute_variants!(A) => {
                    return Err(cosmwasm_std::StdError::generic_err("not expected"))
                }
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

// ---- a registry stand-in: records publish_version calls, holds the model NFT ----

const PUBLISHED: Item<Vec<(String, String)>> = Item::new("published");
/// A version the registry stand-in refuses to publish: a typed action that fails when it runs.
pub const REFUSED_VERSION: &str = "refused";
const NFT_OWNER: Item<Addr> = Item::new("nft_owner");

fn registry_contract() -> Box<dyn Contract<Empty>> {
    use modelfund::registry::{ExecuteMsg as R, QueryMsg as Q};
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _: Env, info: MessageInfo, msg: R| -> StdResult<Response> {
            match msg {
                R::PublishVersion {
                    token_id, version, ..
                } => {
                    if version == REFUSED_VERSION {
                        return Err(cosmwasm_std::StdError::generic_err("version refused"));
                    }
                    let mut all = PUBLISHED.may_load(deps.storage)?.unwrap_or_default();
                    all.push((token_id, version));
                    PUBLISHED.save(deps.storage, &all)?;
                }
                // the first transfer mints; later ones only from the owner
                R::TransferNft { recipient, .. } => {
                    if let Some(owner) = NFT_OWNER.may_load(deps.storage)? {
                        if owner != info.sender {
                            return Err(cosmwasm_std::StdError::generic_err("not the owner"));
                        }
                    }
                    NFT_OWNER.save(deps.storage, &deps.api.addr_validate(&recipient)?)?;
                }
                // never sent by the DAO's typed actions; named, so a new registry message
                // must be placed here
                R::Mint { .. }
                | R::SetRoyalty { .. }
                | R::SendNft { .. }
                | R::Approve { .. }
                | R::Revoke { .. }
                | R::ApproveAll { .. }
                | R::RevokeAll { .. }
                | R::Burn { .. }
                | R::AddMinter { .. }
                | R::RemoveMinter { .. }
                | R::UpdateOwnership(_) => {
                    return Err(cosmwasm_std::StdError::generic_err("not expected"))
                }
            }
            Ok(Response::new())
        },
        |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _: Env, msg: Q| -> StdResult<Binary> {
            match msg {
                Q::OwnerOf { .. } => {
                    let owner = NFT_OWNER
                        .may_load(deps.storage)?
                        .ok_or_else(|| cosmwasm_std::StdError::not_found("token"))?;
                    to_json_binary(&OwnerOfAnswer {
                        owner: owner.to_string(),
                        approvals: vec![],
                    })
                }
                Q::Config {}
                | Q::Model { .. }
                | Q::Versions { .. }
                | Q::LatestVersion { .. }
                | Q::RoyaltyInfo { .. }
                | Q::CheckRoyalties {}
                | Q::Extension { .. }
                | Q::Minters { .. }
                | Q::Approval { .. }
                | Q::Approvals { .. }
                | Q::Operator { .. }
                | Q::AllOperators { .. }
                | Q::NumTokens {}
                | Q::ContractInfo {}
                | Q::NftInfo { .. }
                | Q::AllNftInfo { .. }
                | Q::Tokens { .. }
                | Q::AllTokens { .. }
                | Q::Minter {}
                | Q::Ownership {} => Err(cosmwasm_std::StdError::generic_err("not supported")),
            }
        },
    ))
}

/// cw721's `owner_of` answer.
#[cw_serde]
struct OwnerOfAnswer {
    owner: String,
    approvals: Vec<Empty>,
}

// ---- a presale stand-in: answers `config` and `state` with a phase the test sets ----

#[cw_serde]
pub struct PresaleInit {
    pub creator: String,
}

#[cw_serde]
pub enum PresaleExec {
    SetPhase { phase: Phase },
}

const PHASE: Item<Phase> = Item::new("phase");
const CREATOR: Item<Addr> = Item::new("creator");

fn presale_contract() -> Box<dyn Contract<Empty>> {
    use modelfund::presale::{ConfigResponse, QueryMsg as Q, StateResponse};
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _: Env, _: MessageInfo, msg: PresaleExec| -> StdResult<Response> {
            let PresaleExec::SetPhase { phase } = msg;
            PHASE.save(deps.storage, &phase)?;
            Ok(Response::new())
        },
        |deps: DepsMut, _: Env, _: MessageInfo, msg: PresaleInit| -> StdResult<Response> {
            CREATOR.save(deps.storage, &deps.api.addr_validate(&msg.creator)?)?;
            PHASE.save(deps.storage, &Phase::Open)?;
            Ok(Response::new())
        },
        |deps: Deps, env: Env, msg: Q| -> StdResult<Binary> {
            let zero = Uint128::zero();
            match msg {
                Q::State {} => to_json_binary(&StateResponse {
                    phase: PHASE.load(deps.storage)?,
                    raised: zero,
                    backers: 0,
                    soft_cap_progress: Decimal::zero(),
                    hard_cap_progress: Decimal::zero(),
                    shares_sold: zero,
                    shares_claimed: zero,
                    refunded: zero,
                    seconds_left: 0,
                    starts_in_seconds: 0,
                    withdrawn: zero,
                }),
                Q::Config {} => to_json_binary(&ConfigResponse {
                    denom: DENOM.into(),
                    price: Uint128::one(),
                    soft_cap: Uint128::new(1_000),
                    hard_cap: Uint128::new(2_000),
                    start: env.block.time,
                    end: env.block.time,
                    min_per_address: Uint128::one(),
                    max_per_address: Uint128::new(2_000),
                    treasury: env.contract.address.clone(),
                    creator: CREATOR.load(deps.storage)?,
                    creator_allocation: zero,
                    shares: env.contract.address,
                    allowlist: None,
                    creator_vesting: None,
                }),
                Q::Contribution { .. }
                | Q::Contributions { .. }
                | Q::Allowlist {}
                | Q::AllowlistCheck { .. } => {
                    Err(cosmwasm_std::StdError::generic_err("not supported"))
                }
            }
        },
    ))
}

pub fn governance_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!(reply)
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
        execution_window_seconds: WINDOW,
    }
}

pub struct Suite {
    pub app: App,
    pub dao: Addr,
    pub power: Addr,
    pub registry: Addr,
    pub access: Addr,
    pub presale: Addr,
    /// The presale's creator (receives what `reclaim` returns).
    pub creator: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
    pub dave: Addr,
    pub code_id: u64,
}

modelfund_testing::harness!(Suite, dao);
modelfund_testing::exec_with_funds!(Suite);

pub const WALLET: u128 = 10_000;
pub const TREASURY: u128 = 5_000;

impl Suite {
    /// A second DAO over the suite's shares, without registry, access or presale, under
    /// `bounds`: the instantiate error when refused.
    pub fn bare_dao(
        &mut self,
        params: GovernanceParams,
        bounds: Option<ParamBounds>,
    ) -> Result<Addr, ContractError> {
        let admin = self.app.api().addr_make("admin");
        self.app
            .instantiate_contract(
                self.code_id,
                admin,
                &InstantiateMsg {
                    shares: self.power.to_string(),
                    registry: None,
                    model_id: None,
                    access: None,
                    presale: None,
                    bounds,
                    vetoer: None,
                    params,
                },
                &[],
                "dao2",
                None,
            )
            .map_err(|e| e.downcast::<ContractError>().unwrap())
    }

    /// alice 40, bob 30, carol 30 voting power (total 100); dave holds nothing.
    pub fn new() -> Self {
        Self::with_params(params())
    }

    pub fn with_params(p: GovernanceParams) -> Self {
        Self::with_params_and_bounds(p, None, None)
    }

    /// A DAO instantiated with these bounds (as a launchpad would pass them).
    pub fn with_bounds(p: GovernanceParams, bounds: ParamBounds) -> Self {
        Self::with_params_and_bounds(p, Some(bounds), None)
    }

    /// The default DAO with a vetoer, the address `addr_make(vetoer)`.
    pub fn with_vetoer(vetoer: &str) -> Self {
        Self::with_params_and_bounds(params(), None, Some(vetoer))
    }

    fn with_params_and_bounds(
        p: GovernanceParams,
        bounds: Option<ParamBounds>,
        vetoer: Option<&str>,
    ) -> Self {
        let mut app = funded_app(
            &["alice", "bob", "carol", "dave"],
            &[
                coin(WALLET, DENOM),
                coin(WALLET, "other"),
                coin(WALLET, "third"),
                coin(WALLET, "fourth"),
            ],
        );
        let [admin, alice, bob, carol, dave, creator] =
            addrs(&app, ["admin", "alice", "bob", "carol", "dave", "creator"]);
        let power = stand_in(&mut app, power_contract(), &admin, &Empty {}, "power");
        let registry = stand_in(&mut app, registry_contract(), &admin, &Empty {}, "registry");
        let access = stand_in(&mut app, access_contract(), &admin, &Empty {}, "access");
        let presale_init = PresaleInit {
            creator: creator.to_string(),
        };
        let presale = stand_in(
            &mut app,
            presale_contract(),
            &admin,
            &presale_init,
            "presale",
        );
        let code_id = app.store_code(governance_contract());
        let msg = InstantiateMsg {
            shares: power.to_string(),
            registry: Some(registry.to_string()),
            model_id: Some("tiny-llm".into()),
            access: Some(access.to_string()),
            presale: Some(presale.to_string()),
            bounds,
            vetoer: vetoer.map(|v| app.api().addr_make(v).to_string()),
            params: p,
        };
        let dao = instantiate(&mut app, code_id, &admin, &msg, "dao", Some(&admin));
        let mut s = Suite {
            app,
            dao,
            power,
            registry,
            access,
            presale,
            creator,
            alice,
            bob,
            carol,
            dave,
            code_id,
        };
        // the DAO owns the model NFT (the stand-in's first transfer mints it)
        let transfer = modelfund::registry::ExecuteMsg::TransferNft {
            recipient: s.dao.to_string(),
            token_id: "tiny-llm".into(),
        };
        let registry = s.registry.clone();
        s.exec_contract(&admin, &registry, &transfer);
        // the treasury the presale would have filled
        let (alice, dao) = (s.alice.clone(), s.dao.clone());
        s.app
            .send_tokens(alice, dao, &[coin(TREASURY, DENOM)])
            .unwrap();
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

    /// alice, bob, carol and dave (40, 30, 30 and no shares at the start).
    pub fn holders(&self) -> (Addr, Addr, Addr, Addr) {
        (
            self.alice.clone(),
            self.bob.clone(),
            self.carol.clone(),
            self.dave.clone(),
        )
    }

    pub fn set_power(&mut self, who: &Addr, power: u128) {
        let (admin, contract) = (self.addr("admin"), self.power.clone());
        let msg = PowerExec::SetPower {
            addr: who.to_string(),
            power: Uint128::new(power),
        };
        self.exec_contract(&admin, &contract, &msg);
    }

    pub fn next_block(&mut self, seconds: u64) {
        self.next_block_after(seconds);
    }

    pub fn propose(&mut self, who: &Addr, actions: Vec<Action>) -> Result<u64, ContractError> {
        let dao = self.dao.clone();
        self.propose_to(&dao, who, actions)
    }

    /// `who` proposes `actions` with the deposit to `dao` (the suite's or another): the id.
    pub fn propose_to(
        &mut self,
        dao: &Addr,
        who: &Addr,
        actions: Vec<Action>,
    ) -> Result<u64, ContractError> {
        let msg = ExecuteMsg::Propose {
            title: "Publish v2".into(),
            description: "A distilled model".into(),
            actions,
        };
        let res = self
            .app
            .execute_contract(who.clone(), dao.clone(), &msg, &[coin(DEPOSIT, DENOM)])
            .map_err(|e| e.downcast::<ContractError>().unwrap())?;
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

    pub fn proposal(&self, id: u64) -> ProposalResponse {
        self.query(&QueryMsg::Proposal { proposal_id: id }).unwrap()
    }

    pub fn status(&self, id: u64) -> ProposalStatus {
        self.proposal(id).status
    }

    pub fn balance(&self, who: &Addr) -> u128 {
        self.bank_balance(who, DENOM)
    }

    /// What the access and shares stand-ins recorded, in order.
    pub fn recorded(&self) -> (Vec<String>, Vec<String>) {
        let access = self.query_contract(&self.access, &Empty {});
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
            .query_wasm_raw(self.registry.clone(), b"published".to_vec())
            .unwrap()
            .map(|b| cosmwasm_std::from_json(&b).unwrap())
            .unwrap_or_default()
    }

    /// Who holds the model NFT in the registry stand-in.
    pub fn nft_owner(&self) -> Addr {
        let raw = self
            .app
            .wrap()
            .query_wasm_raw(self.registry.clone(), b"nft_owner".to_vec())
            .unwrap()
            .unwrap();
        cosmwasm_std::from_json(&raw).unwrap()
    }

    pub fn set_presale_phase(&mut self, phase: Phase) {
        let (admin, presale) = (self.addr("admin"), self.presale.clone());
        self.exec_contract(&admin, &presale, &PresaleExec::SetPhase { phase });
    }

    pub fn balance_of(&self, who: &Addr, denom: &str) -> u128 {
        self.bank_balance(who, denom)
    }

    pub fn treasury(&self) -> TreasuryResponse {
        self.query(&QueryMsg::Treasury {}).unwrap()
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

/// Proposes `actions` as alice and passes them early with alice + bob (70 of 100).
pub fn passed(s: &mut Suite, actions: Vec<Action>) -> u64 {
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let id = s.propose(&alice, actions).unwrap();
    s.vote(&alice, id, VoteOption::Yes).unwrap();
    s.vote(&bob, id, VoteOption::Yes).unwrap();
    assert_eq!(s.status(id), ProposalStatus::Passed);
    id
}

/// Passes `actions` (as [`passed`]), waits out the timelock and executes them: the id and the
/// answer to `execute` (which succeeds when the actions fail, the proposal `execution_failed`).
pub fn executed(s: &mut Suite, actions: Vec<Action>) -> (u64, AppResponse) {
    let id = passed(s, actions);
    s.next_block(TIMELOCK);
    let res = execute(s, id).unwrap();
    (id, res)
}

pub fn execute(s: &mut Suite, id: u64) -> Result<cw_multi_test::AppResponse, ContractError> {
    let carol = s.carol.clone();
    s.exec(&carol, &ExecuteMsg::Execute { proposal_id: id }, &[])
}

/// An action that fails when it runs: a message the shares stand-in cannot parse.
pub fn failing(s: &Suite) -> Action {
    Action::Custom(
        cosmwasm_std::WasmMsg::Execute {
            contract_addr: s.power.to_string(),
            msg: Binary::from(br#"{"no_such_message":{}}"#.as_slice()),
            funds: vec![],
        }
        .into(),
    )
}
