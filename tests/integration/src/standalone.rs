//! Single contracts from the stored code, outside a launch: a shares token with a minter of the
//! test's choosing, and a presale over it. The launchpad always wires a presale as its shares'
//! minter; suites that test the token's or the presale's own rules (arbitrary mints and burns,
//! a presale whose shares are not yet minted by it) build these instead.

use cosmwasm_std::{Addr, Uint128};
use cw20::{Cw20Coin, MinterResponse};
use cw_multi_test::Executor;
use modelfund::presale;
use modelfund::shares::{self, RevenueInit};

use crate::protocol::Protocol;
use crate::AnyResult;

/// A shares token to instantiate on its own.
#[derive(Clone, Debug)]
pub struct SharesSpec {
    pub decimals: u8,
    pub initial_balances: Vec<(Addr, u128)>,
    /// Who may mint (the test itself, usually).
    pub minter: Addr,
    pub revenue: Option<RevenueInit>,
}

impl Protocol {
    /// Instantiates a shares token from the stored code (admin: `actors.admin`).
    pub fn instantiate_shares(&mut self, spec: &SharesSpec) -> AnyResult<Addr> {
        let msg = shares::InstantiateMsg {
            name: "Tiny LLM shares".into(),
            symbol: "TINY".into(),
            decimals: spec.decimals,
            initial_balances: spec
                .initial_balances
                .iter()
                .filter(|(_, amount)| *amount > 0)
                .map(|(address, amount)| Cw20Coin {
                    address: address.to_string(),
                    amount: Uint128::new(*amount),
                })
                .collect(),
            mint: Some(MinterResponse {
                minter: spec.minter.to_string(),
                cap: None,
            }),
            marketing: None,
            revenue: spec.revenue.clone(),
        };
        let admin = self.actors.admin.clone();
        self.app
            .instantiate_contract(self.codes.shares, admin, &msg, &[], "shares", None)
    }

    /// Instantiates a presale from the stored code, sent by `creator`.
    pub fn instantiate_presale(
        &mut self,
        creator: &Addr,
        msg: &presale::InstantiateMsg,
    ) -> AnyResult<Addr> {
        self.app.instantiate_contract(
            self.codes.presale,
            creator.clone(),
            msg,
            &[],
            "presale",
            None,
        )
    }

    /// Hands the minter role of `shares` from `minter` to `to`.
    pub fn hand_over_minter(&mut self, shares: &Addr, minter: &Addr, to: &Addr) -> AnyResult<()> {
        let msg = shares::ExecuteMsg::UpdateMinter {
            new_minter: Some(to.to_string()),
        };
        self.exec(minter, shares, &msg, &[]).map(|_| ())
    }
}
