use cosmwasm_std::{coin, coins, Addr, Empty, Timestamp, Uint128};
use cw_multi_test::{App, AppResponse, Contract};
use modelfund::presale::{
    Allowlist, ContributionResponse, ExecuteMsg, InstantiateMsg, QueryMsg, StateResponse,
};

use super::shares_double::shares_double;
use modelfund_testing::{addrs, funded_app, instantiate, stand_in};
pub use modelfund_testing::{wasm_attr, Harness};

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
modelfund_testing::exec_with_funds!(Suite);

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
        s.make_presale_minter();
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
        s.presale = s.instantiate_presale(&msg, "presale with");
        s.make_presale_minter();
        s
    }

    /// The creator instantiates a presale (the creator its admin).
    fn instantiate_presale(&mut self, msg: &InstantiateMsg, label: &str) -> Addr {
        let creator = &self.creator;
        instantiate(
            &mut self.app,
            self.code_id,
            creator,
            msg,
            label,
            Some(creator),
        )
    }

    /// The creator makes the presale the shares minter.
    fn make_presale_minter(&mut self) {
        let (creator, shares) = (self.creator.clone(), self.shares.clone());
        let msg = modelfund::shares::ExecuteMsg::UpdateMinter {
            new_minter: Some(self.presale.to_string()),
        };
        self.exec_contract(&creator, &shares, &msg);
    }

    /// Same, but the shares minter is still the creator.
    pub fn without_minter() -> Self {
        let mut app = funded_app(
            &["alice", "bob", "carol", "creator"],
            &[coin(WALLET, DENOM), coin(WALLET, "uother")],
        );
        let [creator, treasury, alice, bob, carol] =
            addrs(&app, ["creator", "dao-treasury", "alice", "bob", "carol"]);
        let now = app.block_info().time;
        let minter = super::shares_double::InstantiateMsg {
            minter: creator.to_string(),
        };
        let shares = stand_in(&mut app, shares_double(), &creator, &minter, "shares");
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
        s.presale = s.instantiate_presale(&msg, "presale");
        s
    }

    pub fn open(&mut self) {
        self.set_time(self.start);
    }

    pub fn close(&mut self) {
        self.set_time(self.end);
    }

    pub fn set_time(&mut self, t: Timestamp) {
        self.next_block_at(t);
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
        self.bank_balance(who, DENOM)
    }

    pub fn shares_of(&self, who: &Addr) -> u128 {
        let address = who.to_string();
        let res: cw20::BalanceResponse = self.query_contract(
            &self.shares,
            &modelfund::shares::QueryMsg::Balance { address },
        );
        res.balance.u128()
    }

    /// Shares still in escrow, and the total supply.
    pub fn escrow_and_supply(&self) -> (u128, u128) {
        let escrow: modelfund::shares::EscrowResponse =
            self.query_contract(&self.shares, &modelfund::shares::QueryMsg::Escrow {});
        let info: cw20::TokenInfoResponse =
            self.query_contract(&self.shares, &modelfund::shares::QueryMsg::TokenInfo {});
        (escrow.amount.u128(), info.total_supply.u128())
    }
}
