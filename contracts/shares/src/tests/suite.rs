use cosmwasm_std::{
    coins, to_json_binary, to_json_vec, Addr, Coin, CosmosMsg, Empty, Uint128, WasmMsg,
};
use cw20::{
    AllAccountsResponse, AllAllowancesResponse, AllSpenderAllowancesResponse, AllowanceResponse,
    BalanceResponse, Cw20Coin, Cw20ReceiveMsg, Logo, MarketingInfoResponse, MinterResponse,
    TokenInfoResponse,
};
use cw_multi_test::{App, AppResponse, Contract, Executor};
use modelfund::revenue::Split;
use modelfund::shares::{
    ClaimableRevenueResponse, EscrowResponse, ExecuteMsg, InstantiateMarketingInfo, InstantiateMsg,
    QueryMsg, RevenueConfigResponse, RevenueInit, TotalSupplyResponse, VotingPowerAtHeightResponse,
};
use serde::Serialize;

use modelfund_testing::{addrs, stand_in, token_receiver};
pub use modelfund_testing::{wasm_attr, Harness};

use crate::ContractError;

pub const DENOM: &str = "inj";
/// A second accepted revenue denom.
pub const USDC: &str = "uusdc";
/// A denom every account holds but no revenue config accepts.
pub const ATOM: &str = "uatom";
/// Split of the dataset provider, then of the fine-tuner, in the revenue suite.
pub const DATASET_BPS: u16 = 1_000;
pub const FINETUNER_BPS: u16 = 500;
pub const ALICE_START: u128 = 1_000;
pub const BOB_START: u128 = 500;
pub const CAP: u128 = 10_000;
/// Seconds per block in [`Suite::next_block`].
pub const BLOCK_SECONDS: u64 = 5;

pub fn shares_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!()
}

pub fn coin(address: &Addr, amount: u128) -> Cw20Coin {
    Cw20Coin {
        address: address.to_string(),
        amount: Uint128::new(amount),
    }
}

pub fn url_logo() -> Logo {
    Logo::Url("https://modelfund.example/logo.png".into())
}

/// alice 1000, bob 500, minter with a cap of 10 000, marketing metadata with a logo URL.
pub fn instantiate_msg(
    alice: &Addr,
    bob: &Addr,
    minter: &Addr,
    marketing: &Addr,
) -> InstantiateMsg {
    InstantiateMsg {
        name: "Tiny LLM shares".into(),
        symbol: "TLLM".into(),
        decimals: 6,
        initial_balances: vec![coin(alice, ALICE_START), coin(bob, BOB_START)],
        mint: Some(MinterResponse {
            minter: minter.to_string(),
            cap: Some(Uint128::new(CAP)),
        }),
        marketing: Some(InstantiateMarketingInfo {
            project: Some("https://modelfund.example/tiny-llm".into()),
            description: Some("Co-ownership of Tiny LLM".into()),
            marketing: Some(marketing.to_string()),
            logo: Some(url_logo()),
        }),
        revenue: None,
    }
}

/// An app where alice and bob hold native coins (to attach funds where none are accepted).
pub fn funded_app() -> App {
    let funds: Vec<Coin> = [DENOM, USDC, ATOM]
        .iter()
        .map(|d| Coin::new(1_000_000u128, *d))
        .collect();
    modelfund_testing::funded_app(
        &["alice", "bob", "carol", "admin", "presale", "marketing"],
        &funds,
    )
}

/// Instantiates through a `WasmMsg` so the response (events) comes back.
pub fn instantiate(
    app: &mut App,
    code_id: u64,
    sender: &Addr,
    msg: &InstantiateMsg,
    funds: &[Coin],
) -> Result<(Addr, AppResponse), ContractError> {
    let res = app
        .execute(
            sender.clone(),
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                admin: Some(sender.to_string()),
                code_id,
                msg: to_json_binary(msg).unwrap(),
                funds: funds.to_vec(),
                label: "shares".into(),
            }),
        )
        .map_err(|e| e.downcast::<ContractError>().unwrap())?;
    let addr = res
        .events
        .iter()
        .filter(|e| e.ty == "instantiate")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == "_contract_address")
        .map(|a| Addr::unchecked(a.value.clone()))
        .unwrap();
    Ok((addr, res))
}

pub struct Suite {
    pub app: App,
    pub shares: Addr,
    pub code_id: u64,
    pub admin: Addr,
    pub minter: Addr,
    pub marketing: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
}

modelfund_testing::harness!(Suite, shares);

/// The revenue config of the revenue suites: `admin` may change it, denoms `inj` and `uusdc`,
/// the dataset provider gets [`DATASET_BPS`], the fine-tuner [`FINETUNER_BPS`].
pub fn revenue_init(admin: &Addr, dataset: &Addr, finetuner: &Addr) -> RevenueInit {
    RevenueInit {
        admin: Some(admin.to_string()),
        denoms: vec![DENOM.into(), USDC.into()],
        splits: vec![
            Split {
                address: dataset.to_string(),
                bps: DATASET_BPS,
                label: "dataset: medical-qa".into(),
            },
            Split {
                address: finetuner.to_string(),
                bps: FINETUNER_BPS,
                label: "fine-tune v2".into(),
            },
        ],
    }
}

/// Everything an execute could change, to prove a rejected message changed nothing.
#[derive(Debug, PartialEq)]
pub struct Fingerprint {
    revenue: RevenueConfigResponse,
    claimable: Vec<ClaimableRevenueResponse>,
    bank: Vec<Vec<Coin>>,
    token_info: TokenInfoResponse,
    minter: Option<MinterResponse>,
    marketing: MarketingInfoResponse,
    accounts: Vec<String>,
    balances: Vec<Uint128>,
    allowances: Vec<AllAllowancesResponse>,
    spender_allowances: Vec<AllSpenderAllowancesResponse>,
    escrow: EscrowResponse,
    voting_power: Vec<Uint128>,
    delegations: Vec<modelfund::shares::DelegationResponse>,
}

impl Suite {
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// alice 1000, bob 500, and revenue: [`revenue_init`] with `admin` as the revenue admin.
    pub fn with_revenue() -> Self {
        Self::with(|msg| {
            let api = cosmwasm_std::testing::MockApi::default();
            msg.revenue = Some(revenue_init(
                &api.addr_make("admin"),
                &api.addr_make("dataset"),
                &api.addr_make("finetuner"),
            ));
        })
    }

    /// A suite whose instantiate message is first adjusted by `edit`.
    pub fn with(edit: impl FnOnce(&mut InstantiateMsg)) -> Self {
        Self::at_height(funded_app().block_info().height, edit)
    }

    /// Like [`Self::with`], instantiating at block `height` (e.g. low, to walk every height).
    pub fn at_height(height: u64, edit: impl FnOnce(&mut InstantiateMsg)) -> Self {
        let mut app = funded_app();
        app.update_block(|b| b.height = height);
        let [admin, minter, marketing, alice, bob, carol] = addrs(
            &app,
            ["admin", "presale", "marketing", "alice", "bob", "carol"],
        );
        let code_id = app.store_code(shares_contract());
        let mut msg = instantiate_msg(&alice, &bob, &minter, &marketing);
        edit(&mut msg);
        let (shares, _) = instantiate(&mut app, code_id, &admin, &msg, &[]).unwrap();
        Suite {
            app,
            shares,
            code_id,
            admin,
            minter,
            marketing,
            alice,
            bob,
            carol,
        }
    }

    /// The exact JSON a smart query answers (for cw20 shape checks).
    pub fn raw_query<M: Serialize>(&self, msg: &M) -> String {
        let json = String::from_utf8(to_json_vec(msg).unwrap()).unwrap();
        self.query_json(&json).unwrap()
    }

    pub fn balance(&self, addr: &Addr) -> u128 {
        self.query::<BalanceResponse>(&QueryMsg::Balance {
            address: addr.to_string(),
        })
        .unwrap()
        .balance
        .u128()
    }

    pub fn supply(&self) -> u128 {
        self.query::<TokenInfoResponse>(&QueryMsg::TokenInfo {})
            .unwrap()
            .total_supply
            .u128()
    }

    pub fn balance_at(&self, addr: &Addr, height: u64) -> u128 {
        self.query::<BalanceResponse>(&QueryMsg::BalanceAtHeight {
            address: addr.to_string(),
            height,
        })
        .unwrap()
        .balance
        .u128()
    }

    pub fn supply_at(&self, height: u64) -> u128 {
        self.query::<TotalSupplyResponse>(&QueryMsg::TotalSupplyAtHeight { height })
            .unwrap()
            .total_supply
            .u128()
    }

    pub fn allowance(&self, owner: &Addr, spender: &Addr) -> AllowanceResponse {
        self.query(&QueryMsg::Allowance {
            owner: owner.to_string(),
            spender: spender.to_string(),
        })
        .unwrap()
    }

    pub fn height(&self) -> u64 {
        self.app.block_info().height
    }

    /// Moves to the next block (height + 1, time + 5 s).
    pub fn next_block(&mut self) {
        self.advance_blocks(1);
    }

    pub fn advance_blocks(&mut self, blocks: u64) {
        self.app.update_block(|b| {
            b.height += blocks;
            b.time = b.time.plus_seconds(blocks * BLOCK_SECONDS);
        });
    }

    /// A contract that accepts `send` / `send_from` and remembers the last `Cw20ReceiveMsg`; it
    /// fails the hook when the attached message is `"fail"`.
    pub fn receiver(&mut self) -> Addr {
        let admin = &self.admin;
        stand_in(
            &mut self.app,
            token_receiver(),
            admin,
            &Empty {},
            "receiver",
        )
    }

    pub fn received(&self, receiver: &Addr) -> Option<Cw20ReceiveMsg> {
        self.query_contract(receiver, &Empty {})
    }

    pub fn fingerprint(&self) -> Fingerprint {
        let people = [
            &self.admin,
            &self.minter,
            &self.marketing,
            &self.alice,
            &self.bob,
            &self.carol,
        ];
        let everyone: Vec<Addr> = people
            .iter()
            .map(|a| (*a).clone())
            .chain([
                self.addr("dataset"),
                self.addr("finetuner"),
                self.shares.clone(),
            ])
            .collect();
        Fingerprint {
            revenue: self.query(&QueryMsg::RevenueConfig {}).unwrap(),
            claimable: everyone
                .iter()
                .map(|a| {
                    self.query(&QueryMsg::ClaimableRevenue {
                        address: a.to_string(),
                    })
                    .unwrap()
                })
                .collect(),
            bank: everyone
                .iter()
                .map(|a| {
                    [DENOM, USDC, ATOM]
                        .iter()
                        .map(|d| self.app.wrap().query_balance(a, *d).unwrap())
                        .collect()
                })
                .collect(),
            token_info: self.query(&QueryMsg::TokenInfo {}).unwrap(),
            minter: self.query(&QueryMsg::Minter {}).unwrap(),
            marketing: self.query(&QueryMsg::MarketingInfo {}).unwrap(),
            accounts: self
                .query::<AllAccountsResponse>(&QueryMsg::AllAccounts {
                    start_after: None,
                    limit: Some(30),
                })
                .unwrap()
                .accounts,
            balances: people
                .iter()
                .map(|a| Uint128::new(self.balance(a)))
                .collect(),
            allowances: people
                .iter()
                .map(|a| {
                    self.query(&QueryMsg::AllAllowances {
                        owner: a.to_string(),
                        start_after: None,
                        limit: Some(30),
                    })
                    .unwrap()
                })
                .collect(),
            spender_allowances: people
                .iter()
                .map(|a| {
                    self.query(&QueryMsg::AllSpenderAllowances {
                        spender: a.to_string(),
                        start_after: None,
                        limit: Some(30),
                    })
                    .unwrap()
                })
                .collect(),
            escrow: self.query(&QueryMsg::Escrow {}).unwrap(),
            voting_power: people.iter().map(|a| self.voting_power(a, None)).collect(),
            delegations: people.iter().map(|a| self.delegation(a)).collect(),
        }
    }

    /// `addr`'s voting power at `height` (none: now), from the DAO DAO query.
    pub fn voting_power(&self, addr: &Addr, height: Option<u64>) -> Uint128 {
        self.query::<VotingPowerAtHeightResponse>(&QueryMsg::VotingPowerAtHeight {
            address: addr.to_string(),
            height,
        })
        .unwrap()
        .power
    }

    /// `addr`'s delegation as the `delegation` query answers it.
    pub fn delegation(&self, addr: &Addr) -> modelfund::shares::DelegationResponse {
        self.query(&QueryMsg::Delegation {
            address: addr.to_string(),
        })
        .unwrap()
    }

    /// The escrow as the `escrow` query answers it.
    pub fn escrow(&self) -> EscrowResponse {
        self.query(&QueryMsg::Escrow {}).unwrap()
    }

    /// Like [`Self::assert_rejected`] with `funds` attached (they go back with the failed tx).
    pub fn assert_rejected_with_funds(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
        expected: ContractError,
    ) {
        let before = self.fingerprint();
        let err = self.exec_funds(sender, msg, funds).unwrap_err();
        assert_eq!(err, expected, "{msg:?} with {funds:?}");
        assert_eq!(self.fingerprint(), before, "state changed by {msg:?}");
    }

    /// Runs `msg` from `sender`, expects exactly `expected`, and checks that nothing changed.
    pub fn assert_rejected(&mut self, sender: &Addr, msg: &ExecuteMsg, expected: ContractError) {
        let before = self.fingerprint();
        let err = self.exec(sender, msg).unwrap_err();
        assert_eq!(err, expected, "{msg:?}");
        assert_eq!(self.fingerprint(), before, "state changed by {msg:?}");
    }

    /// Like [`Self::assert_rejected`] for errors matched by a predicate (e.g. address errors).
    pub fn assert_rejected_with(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        expected: impl Fn(&ContractError) -> bool,
    ) {
        let before = self.fingerprint();
        let err = self.exec(sender, msg).unwrap_err();
        assert!(expected(&err), "unexpected error {err:?} for {msg:?}");
        assert_eq!(self.fingerprint(), before, "state changed by {msg:?}");
    }

    /// `msg` with one native coin attached is refused as non-payable, changing nothing.
    pub fn assert_nonpayable(&mut self, sender: &Addr, msg: &ExecuteMsg) {
        let before = self.fingerprint();
        let err = self.exec_funds(sender, msg, &coins(1, DENOM)).unwrap_err();
        assert_eq!(
            err,
            ContractError::Payment(cw_utils::PaymentError::NonPayable {}),
            "{msg:?}"
        );
        assert_eq!(self.fingerprint(), before, "state changed by {msg:?}");
    }
}

/// A malformed address error from `addr_validate`.
pub fn is_bad_address(err: &ContractError) -> bool {
    matches!(err, ContractError::Std(_))
}

pub const BAD_ADDRESS: &str = "not-an-address";

pub fn amount(n: u128) -> Uint128 {
    Uint128::new(n)
}
