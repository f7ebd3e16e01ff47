//! Every Modelfund contract wrapped for cw-multi-test, plus one test double: a cw20 receiver
//! that accepts any `send` of shares (a stand-in for a vault, a DEX pool or a staking contract).

use cosmwasm_std::{Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdResult};
use cw20::Cw20ReceiveMsg;
use cw_multi_test::{Contract, ContractWrapper};
use serde::{Deserialize, Serialize};

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

pub fn channels() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            modelfund_channels::contract::execute,
            modelfund_channels::contract::instantiate,
            modelfund_channels::contract::query,
        )
        .with_migrate(modelfund_channels::contract::migrate),
    )
}

/// The receiver double's one message: cw20's `receive` hook.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum ReceiverMsg {
    Receive(Cw20ReceiveMsg),
}

/// A contract that accepts every cw20 `send` and does nothing else (no funds, no queries).
pub fn cw20_receiver() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |_: DepsMut, _: Env, _: MessageInfo, msg: ReceiverMsg| -> StdResult<Response> {
            let ReceiverMsg::Receive(r) = msg;
            Ok(Response::new()
                .add_attribute("action", "receive")
                .add_attribute("from", r.sender)
                .add_attribute("amount", r.amount))
        },
        |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |_: Deps, _: Env, _: Empty| -> StdResult<Binary> { Ok(Binary::default()) },
    ))
}
