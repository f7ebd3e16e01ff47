//! Shared suite builder for workspace-level flows: every Modelfund contract wrapped for
//! cw-multi-test, plus small helpers. Contracts never depend on each other; only this test
//! crate sees them all.

use cosmwasm_std::{Addr, Empty};
use cw_multi_test::{AppResponse, Contract, ContractWrapper};

pub fn presale() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        modelfund_presale::contract::execute,
        modelfund_presale::contract::instantiate,
        modelfund_presale::contract::query,
    ))
}

pub fn shares() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        modelfund_shares::contract::execute,
        modelfund_shares::contract::instantiate,
        modelfund_shares::contract::query,
    ))
}

pub fn governance() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            modelfund_governance::contract::execute,
            modelfund_governance::contract::instantiate,
            modelfund_governance::contract::query,
        )
        .with_reply(modelfund_governance::contract::reply),
    )
}

pub fn registry() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        modelfund_registry::contract::execute,
        modelfund_registry::contract::instantiate,
        modelfund_registry::contract::query,
    ))
}

pub fn access() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        modelfund_access::contract::execute,
        modelfund_access::contract::instantiate,
        modelfund_access::contract::query,
    ))
}

pub fn launchpad() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            modelfund_launchpad::contract::execute,
            modelfund_launchpad::contract::instantiate,
            modelfund_launchpad::contract::query,
        )
        .with_reply(modelfund_launchpad::contract::reply)
        .with_migrate(modelfund_launchpad::contract::migrate),
    )
}

/// The value of `key` in the `wasm` event emitted by `contract`.
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
