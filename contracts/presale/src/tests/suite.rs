use cosmwasm_std::{coin, coins, Addr, Coin, Empty, Timestamp, Uint128};
use cw_multi_test::{App, AppResponse, Contract, Executor};
use modelfund::presale::{
    Allowlist, ContributionResponse, ExecuteMsg, InstantiateMsg, QueryMsg, StateResponse,
};

use super::shares_double::shares_double;
pub use modelfund_testing::Harness;

use crate::ContractError;

pub const DENOM: &str = "uinj";
pub const START_IN: u64 = 100;
pub const DURATION: u64 = 1_000;
/// Base units of DENOM per share unit.
pub const PRICE: u128 = 10;
pub const SOFT_CAP: u128 = 1_000;
pub const HARD_CAP: u128 = 3_000;
pub const MIN: u128 = 100;
pub const MAX: u128 = 2_000;
pub const ALLOCATION: u128 = 50;
pub const WALLET: u128 = 1_000_000;

pub fn presale_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!()
}

pub struct Suite {
    pub app: App,
    pub presale: Addr,
    pub shares: Addr,
    pub creator: Addr,
    pub treasury: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
    pub start: Timestamp,
    pub end: Timestamp,
    pub code_id: u64,
}

modelfund_testing::harness!(Suite, presale);

pub fn instantiate_msg(s: &Suite) -> InstantiateMsg {
    InstantiateMsg {
        denom: DENOM.into(),
        price: Uint128::new(PRICE),
        soft_cap: Uint128::new(SOFT_CAP),
        hard_cap: Uint128::new(HARD_CAP),
        start: s.start,
        end: s.end,
        min_per_address: Uint128::new(MIN),
        max_per_address: Uint128::new(MAX),
        treasury: s.treasury.to_string(),
        creator: s.creator.to_string(),
        creator_allocation: Uint128::new(ALLOCATION),
        shares: s.shares.to_string(),
        allowlist: None,
        creator_vesting: None,
    }
}

impl Suite {
    /// A presale whose shares (a stand-in) name the presale as minter; the window opens in
    /// START_IN seconds.
    pub fn new() -> Self {
        let mut s = Self::without_minter();
        let creator = s.creator.clone();
        s.app
            .execute_contract(
                creator,
                s.shares.clone(),
                &modelfund::shares::ExecuteMsg::UpdateMinter {
                    new_minter: Some(s.presale.to_string()),
                },
                &[],
            )
            .unwrap();
        s
    }

    /// A presale with an allowlist of `entries` (address, cap), otherwise as `new`.
    pub fn with_allowlist(entries: &[(&Addr, u128)]) -> Self {
        let entries: Vec<(String, Uint128)> = entries
            .iter()
            .map(|(a, c)| (a.to_string(), Uint128::new(*c)))
            .collect();
        let root = modelfund::allowlist::root(&entries).unwrap();
        Self::with(|m| {
            m.allowlist = Some(Allowlist { merkle_root: root });
        })
    }

    /// A presale instantiated with `edit` applied to the default message, otherwise as `new`
    /// (it replaces the default one, which never becomes the minter).
    pub fn with(edit: impl FnOnce(&mut InstantiateMsg)) -> Self {
        let mut s = Self::without_minter();
        let mut msg = instantiate_msg(&s);
        edit(&mut msg);
        s.presale = s
            .app
            .instantiate_contract(
                s.code_id,
                s.creator.clone(),
                &msg,
                &[],
                "presale with",
                Some(s.creator.to_string()),
            )
            .unwrap();
        let creator = s.creator.clone();
        s.app
            .execute_contract(
                creator,
                s.shares.clone(),
                &modelfund::shares::ExecuteMsg::UpdateMinter {
                    new_minter: Some(s.presale.to_string()),
                },
                &[],
            )
            .unwrap();
        s
    }

    /// Same, but the shares minter is still the creator.
    pub fn without_minter() -> Self {
        let mut app = App::new(|router, api, storage| {
            for name in ["alice", "bob", "carol", "creator"] {
                router
                    .bank
                    .init_balance(
                        storage,
                        &api.addr_make(name),
                        vec![coin(WALLET, DENOM), coin(WALLET, "uother")],
                    )
                    .unwrap();
            }
        });
        let creator = app.api().addr_make("creator");
        let treasury = app.api().addr_make("dao-treasury");
        let alice = app.api().addr_make("alice");
        let bob = app.api().addr_make("bob");
        let carol = app.api().addr_make("carol");
        let now = app.block_info().time;
        let shares_code = app.store_code(shares_double());
        let shares = app
            .instantiate_contract(
                shares_code,
                creator.clone(),
                &super::shares_double::InstantiateMsg {
                    minter: creator.to_string(),
                },
                &[],
                "shares",
                None,
            )
            .unwrap();
        let code_id = app.store_code(presale_contract());
        let mut s = Suite {
            app,
            presale: Addr::unchecked(""),
            shares,
            creator,
            treasury,
            alice,
            bob,
            carol,
            start: now.plus_seconds(START_IN),
            end: now.plus_seconds(START_IN + DURATION),
            code_id,
        };
        let msg = instantiate_msg(&s);
        s.presale = s
            .app
            .instantiate_contract(
                code_id,
                s.creator.clone(),
                &msg,
                &[],
                "presale",
                Some(s.creator.to_string()),
            )
            .unwrap();
        s
    }

    pub fn open(&mut self) {
        self.set_time(self.start);
    }

    pub fn close(&mut self) {
        self.set_time(self.end);
    }

    pub fn set_time(&mut self, t: Timestamp) {
        self.app.update_block(|b| {
            b.height += 1;
            b.time = t;
        });
    }

    /// Executes `msg` with `funds`.
    pub fn exec(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> Result<AppResponse, ContractError> {
        self.exec_funds(sender, msg, funds)
    }

    pub fn contribute(
        &mut self,
        sender: &Addr,
        amount: u128,
    ) -> Result<AppResponse, ContractError> {
        self.exec(
            sender,
            &ExecuteMsg::Contribute {
                proof: None,
                cap: None,
            },
            &coins(amount, DENOM),
        )
    }

    /// Contribute with an allowlist `cap` and its `proof`.
    pub fn contribute_listed(
        &mut self,
        sender: &Addr,
        amount: u128,
        cap: u128,
        proof: Vec<String>,
    ) -> Result<AppResponse, ContractError> {
        self.exec(
            sender,
            &ExecuteMsg::Contribute {
                proof: Some(proof),
                cap: Some(Uint128::new(cap)),
            },
            &coins(amount, DENOM),
        )
    }

    pub fn withdraw(&mut self, sender: &Addr, amount: u128) -> Result<AppResponse, ContractError> {
        self.exec(
            sender,
            &ExecuteMsg::Withdraw {
                amount: Uint128::new(amount),
            },
            &[],
        )
    }

    pub fn state(&self) -> StateResponse {
        self.query(&QueryMsg::State {}).unwrap()
    }

    pub fn contribution(&self, who: &Addr) -> ContributionResponse {
        self.query(&QueryMsg::Contribution {
            address: who.to_string(),
        })
        .unwrap()
    }

    pub fn balance(&self, who: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(who, DENOM)
            .unwrap()
            .amount
            .u128()
    }

    pub fn shares_of(&self, who: &Addr) -> u128 {
        let res: cw20::BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                self.shares.clone(),
                &modelfund::shares::QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        res.balance.u128()
    }

    /// Shares still in escrow, and the total supply.
    pub fn escrow_and_supply(&self) -> (u128, u128) {
        let wrap = self.app.wrap();
        let escrow: modelfund::shares::EscrowResponse = wrap
            .query_wasm_smart(self.shares.clone(), &modelfund::shares::QueryMsg::Escrow {})
            .unwrap();
        let info: cw20::TokenInfoResponse = wrap
            .query_wasm_smart(
                self.shares.clone(),
                &modelfund::shares::QueryMsg::TokenInfo {},
            )
            .unwrap();
        (escrow.amount.u128(), info.total_supply.u128())
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
