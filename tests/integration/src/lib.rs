//! Test infrastructure for workspace-level flows across the Modelfund contracts, in the spirit
//! of DAO DAO's `dao-testing`: contracts never depend on each other, only this test crate sees
//! them all.
//!
//! - [`contracts`]: every contract wrapped for cw-multi-test (and a cw20 receiver double);
//! - [`Protocol::builder`]: stores all code, instantiates registry, access, the launchpad
//!   (with its minter and registrar roles) and channels, funds named actors and launches models through the
//!   real launchpad `launch` ([`ModelSpec`] holds the launch parameters, realistic defaults);
//! - typed helpers on [`Protocol`] for every step (contribute, finalize, claim, refund, cancel,
//!   transfer / send / allowances, propose / vote / execute / close / cancel, buy / grant /
//!   consume, channels: open / top up / extend / close / claim with signed vouchers, distribute /
//!   sweep / claim revenue, time jumps) returning the `AppResponse` or the
//!   error, plus query helpers;
//! - [`standalone`]: a bare shares token or presale from the stored code, for suites that test
//!   one contract's rules outside a launch (a minter of their own, a presale that is not yet the
//!   minter).

mod channels;
pub mod contracts;
mod helpers;
pub mod protocol;
pub mod spec;
pub mod standalone;

use cosmwasm_std::{Addr, Event};
use cw_multi_test::AppResponse;

pub use contracts::*;
pub use helpers::{contract_err, spend};
pub use protocol::{
    dao_spec, funded_by_alice_and_bob, funded_dao, launchpad_instantiate_msg, Actors, Codes,
    Launched, PresaleRef, Protocol, ProtocolBuilder, SharesRef, CHANNEL_GRACE_SECONDS,
    CHANNEL_MAX_CLAIMS,
};
pub use spec::{
    credits_plan, default_governance, lease_plan, metered_plan, ModelSpec, PresaleSpec, HASH_1,
    HASH_2,
};

/// Result of a step in the `App`.
pub type AnyResult<T> = cw_multi_test::error::AnyResult<T>;

/// The native denom of every default model.
pub const DENOM: &str = "inj";
/// One day in seconds.
pub const DAY: u64 = 86_400;

/// The value of `key` in the `wasm` event emitted by `contract`.
pub fn wasm_attr(res: &AppResponse, contract: &Addr, key: &str) -> Option<String> {
    res.events
        .iter()
        .filter(|e| is_wasm_event_of(e, contract))
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

fn is_wasm_event_of(e: &Event, contract: &Addr) -> bool {
    e.ty == "wasm"
        && e.attributes
            .iter()
            .any(|a| a.key == "_contract_address" && a.value == contract.as_str())
}
