//! What every contract's cw-multi-test suite shares, so that each suite keeps only its own set-up
//! and domain helpers: [`Harness`] (execute with the contract's typed error, query, the exact JSON
//! of a query, a message sent as raw JSON, bank balances, block time, driving a stand-in) and
//! [`Harness::fail`], the check that a failed message left the contract's storage and the watched
//! balances as they were; the event finders ([`wasm_attr`], [`has_wasm_attr`]); the app set-up
//! ([`funded_app`], [`addrs`], [`instantiate`], [`stand_in`]); and the stand-ins more than one
//! suite needs ([`nft_receiver`], [`token_receiver`], the [`Distribution`] record of a shares
//! stand-in).
//!
//! A suite says which field holds the contract under test, and gets the contract's wrapper from
//! its `contract` module:
//!
//! ```ignore
//! modelfund_testing::harness!(Suite, shares);
//! pub fn shares_contract() -> Box<dyn Contract<Empty>> {
//!     modelfund_testing::contract!()
//! }
//! ```

mod events;
mod setup;
mod stand_ins;
#[cfg(test)]
mod tests;

pub use events::{has_wasm_attr, wasm_attr, wasm_attributes};
pub use setup::{addrs, fund, funded_app, instantiate, stand_in, watch};
pub use stand_ins::{
    distributions, nft_receiver, record_distribution, token_receiver, Distribution,
};

use std::fmt::{Debug, Display};

use cosmwasm_std::{
    to_json_vec, Binary, ContractResult, Empty, QueryRequest, StdError, StdResult, SystemResult,
    Timestamp, WasmMsg, WasmQuery,
};
pub use cosmwasm_std::{Addr, Coin};
use cw_multi_test::Executor;
pub use cw_multi_test::{App, AppResponse, ContractWrapper};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One key-value pair of a contract's raw storage.
pub type StorageRecord = (Vec<u8>, Vec<u8>);

/// A cw-multi-test suite around one contract under test.
pub trait Harness {
    /// The contract's execute message.
    type Execute: Serialize + Debug;
    /// The contract's query message.
    type Query: Serialize;
    /// The contract's error type, recovered from a failed message.
    type Error: Display + Debug + Send + Sync + 'static;

    fn app(&self) -> &App;
    fn app_mut(&mut self) -> &mut App;
    /// The address of the contract under test.
    fn contract(&self) -> &Addr;

    /// The test address for `name` (valid bech32, as the chain would make it).
    fn addr(&self, name: &str) -> Addr {
        self.app().api().addr_make(name)
    }

    /// The test addresses of `names`, in order: `let [alice, bob] = suite.addrs(["alice", "bob"]);`
    /// (the same as the suite's fields of those names, which are made the same way).
    fn addrs<const N: usize>(&self, names: [&str; N]) -> [Addr; N] {
        setup::addrs(self.app(), names)
    }

    /// Executes `msg` from `sender` without funds.
    fn exec(&mut self, sender: &Addr, msg: &Self::Execute) -> Result<AppResponse, Self::Error> {
        self.exec_funds(sender, msg, &[])
    }

    /// Executes `msg` from `sender` with `funds`; a failure is the contract's own error (a test
    /// panics when the failure is anything else, e.g. a bank error of the test's making).
    fn exec_funds(
        &mut self,
        sender: &Addr,
        msg: &Self::Execute,
        funds: &[Coin],
    ) -> Result<AppResponse, Self::Error> {
        let contract = self.contract().clone();
        self.app_mut()
            .execute_contract(sender.clone(), contract, msg, funds)
            .map_err(|e| match e.downcast::<Self::Error>() {
                Ok(err) => err,
                Err(other) => Self::foreign_error(format!("{other:#}")),
            })
    }

    /// A failure that is not the contract's own error (e.g. a stand-in's refusal of a call the
    /// contract made, or a bank error): a suite that tests such failures turns the text into
    /// its error type; by default the test stops here.
    fn foreign_error(chain: String) -> Self::Error {
        panic!("failed outside the contract: {chain}")
    }

    /// Sends `json` as it is (a raw `WasmMsg::Execute` binary); a failure is the whole error
    /// chain as text (for messages the typed `Execute` cannot even express).
    fn exec_json(
        &mut self,
        sender: &Addr,
        json: &str,
        funds: &[Coin],
    ) -> Result<AppResponse, String> {
        let msg = WasmMsg::Execute {
            contract_addr: self.contract().to_string(),
            msg: Binary::from(json.as_bytes()),
            funds: funds.to_vec(),
        };
        self.app_mut()
            .execute(sender.clone(), msg.into())
            .map_err(|e| format!("{e:#}"))
    }

    /// Asks the contract `msg`.
    fn query<T: DeserializeOwned>(&self, msg: &Self::Query) -> StdResult<T> {
        self.app()
            .wrap()
            .query_wasm_smart(self.contract().clone(), msg)
    }

    /// Sends `json` as it is as a smart query and answers the contract's JSON bytes as text
    /// (for checking a standard's exact shapes).
    fn query_json(&self, json: &str) -> StdResult<String> {
        let request: QueryRequest<Empty> = WasmQuery::Smart {
            contract_addr: self.contract().to_string(),
            msg: Binary::from(json.as_bytes()),
        }
        .into();
        match self.app().wrap().raw_query(&to_json_vec(&request)?) {
            SystemResult::Ok(ContractResult::Ok(bin)) => {
                String::from_utf8(bin.to_vec()).map_err(StdError::from)
            }
            SystemResult::Ok(ContractResult::Err(e)) => Err(StdError::generic_err(e)),
            SystemResult::Err(e) => Err(StdError::generic_err(e.to_string())),
        }
    }

    /// `addr`'s bank balance in `denom`.
    fn bank_balance(&self, addr: &Addr, denom: &str) -> u128 {
        match self.app().wrap().query_balance(addr, denom) {
            Ok(coin) => coin.amount.u128(),
            Err(e) => panic!("balance of {addr} in {denom}: {e}"),
        }
    }

    /// Asks `contract` (another than the one under test, e.g. a stand-in) `msg`; the test stops
    /// when it fails.
    fn query_contract<T: DeserializeOwned, M: Serialize>(&self, contract: &Addr, msg: &M) -> T {
        match self.app().wrap().query_wasm_smart(contract, msg) {
            Ok(answer) => answer,
            Err(e) => panic!("query of {contract}: {e}"),
        }
    }

    /// `sender` executes `msg` on `contract` (another than the one under test, e.g. a stand-in
    /// the test sets up) without funds; the test stops when it fails.
    fn exec_contract<M: Serialize + Debug>(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        msg: &M,
    ) -> AppResponse {
        match self
            .app_mut()
            .execute_contract(sender.clone(), contract.clone(), msg, &[])
        {
            Ok(res) => res,
            Err(e) => panic!("{msg:?} on {contract}: {e:#}"),
        }
    }

    /// The block time now.
    fn now(&self) -> Timestamp {
        self.app().block_info().time
    }

    /// Moves block time forward to exactly `time`, and the height along (a block every 5
    /// seconds, at least one).
    fn advance_to(&mut self, time: Timestamp) {
        self.app_mut().update_block(|b| {
            assert!(time >= b.time, "time only moves forward");
            b.height += (time.seconds() - b.time.seconds()) / 5 + 1;
            b.time = time;
        });
    }

    /// [`Harness::advance_to`] `seconds` from now.
    fn advance_seconds(&mut self, seconds: u64) {
        let time = self.now().plus_seconds(seconds);
        self.advance_to(time);
    }

    /// The next block (height + 1), at `time`.
    fn next_block_at(&mut self, time: Timestamp) {
        self.app_mut().update_block(|b| {
            b.height += 1;
            b.time = time;
        });
    }

    /// The next block (height + 1), `seconds` later.
    fn next_block_after(&mut self, seconds: u64) {
        let time = self.now().plus_seconds(seconds);
        self.next_block_at(time);
    }

    /// The parties and denoms whose balances [`Harness::fail`] checks besides the contract's
    /// storage; none unless the suite names them.
    fn watched(&self) -> (Vec<Addr>, Vec<&'static str>) {
        (vec![], vec![])
    }

    /// Everything a failed message must leave untouched: the contract's whole storage and the
    /// balances [`Harness::watched`] names.
    fn snapshot(&self) -> (Vec<StorageRecord>, Vec<u128>) {
        let (parties, denoms) = self.watched();
        let balances = parties
            .iter()
            .flat_map(|party| denoms.iter().map(move |denom| (party, *denom)))
            .map(|(party, denom)| self.bank_balance(party, denom))
            .collect();
        (self.app().dump_wasm_raw(self.contract()), balances)
    }

    /// Runs a message that must fail, asserts that nothing changed ([`Harness::snapshot`]) and
    /// answers the error.
    fn fail(&mut self, sender: &Addr, msg: &Self::Execute, funds: &[Coin]) -> Self::Error {
        let before = self.snapshot();
        let Err(err) = self.exec_funds(sender, msg, funds) else {
            panic!("{msg:?} should have failed");
        };
        assert_eq!(self.snapshot(), before, "state changed by a failed message");
        err
    }

    /// [`Harness::fail`] for a message sent as raw JSON; answers the whole error chain as text.
    fn fail_json(&mut self, sender: &Addr, json: &str, funds: &[Coin]) -> String {
        let before = self.snapshot();
        let Err(err) = self.exec_json(sender, json, funds) else {
            panic!("{json} should have failed");
        };
        assert_eq!(self.snapshot(), before, "state changed by a failed message");
        err
    }
}

/// The contract under test for cw-multi-test, from the calling crate's `contract` module:
/// `execute`, `instantiate`, `query`, `migrate`, and `reply` with `contract!(reply)`.
// `crate` (not `$crate`) on purpose: the contract is the calling crate's.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! contract {
    () => {
        ::std::boxed::Box::new(
            $crate::ContractWrapper::new(
                crate::contract::execute,
                crate::contract::instantiate,
                crate::contract::query,
            )
            .with_migrate(crate::contract::migrate),
        )
    };
    (reply) => {
        ::std::boxed::Box::new(
            $crate::ContractWrapper::new(
                crate::contract::execute,
                crate::contract::instantiate,
                crate::contract::query,
            )
            .with_reply(crate::contract::reply)
            .with_migrate(crate::contract::migrate),
        )
    };
}

/// [`Harness`] for a suite whose `app` field is the `App` and whose `$contract` field is the
/// contract under test, with the calling crate's `msg::{ExecuteMsg, QueryMsg}` and
/// `ContractError`; a block after them adds to the impl (e.g. `watched`, `foreign_error`).
// `crate` (not `$crate`) on purpose: the messages and the error are the calling crate's.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! harness {
    ($suite:ty, $contract:ident $(, { $($extra:tt)* })?) => {
        impl $crate::Harness for $suite {
            type Execute = crate::msg::ExecuteMsg;
            type Query = crate::msg::QueryMsg;
            type Error = crate::ContractError;

            fn app(&self) -> &$crate::App {
                &self.app
            }
            fn app_mut(&mut self) -> &mut $crate::App {
                &mut self.app
            }
            fn contract(&self) -> &$crate::Addr {
                &self.$contract
            }
            $($($extra)*)?
        }
    };
}

/// For a suite whose tests attach funds (or `&[]`) to every message: an inherent
/// `exec(sender, msg, funds)` on `$suite`, which shadows [`Harness::exec`] and is
/// [`Harness::exec_funds`].
// `crate` (not `$crate`) on purpose: the messages and the error are the calling crate's.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! exec_with_funds {
    ($suite:ty) => {
        impl $suite {
            /// Executes `msg` from `sender` with `funds`.
            pub fn exec(
                &mut self,
                sender: &$crate::Addr,
                msg: &crate::msg::ExecuteMsg,
                funds: &[$crate::Coin],
            ) -> ::std::result::Result<$crate::AppResponse, crate::ContractError> {
                <Self as $crate::Harness>::exec_funds(self, sender, msg, funds)
            }
        }
    };
}
