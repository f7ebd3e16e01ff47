//! Stand-ins more than one suite needs: receivers of cw721 / cw20 `send` hooks, and the record a
//! shares stand-in keeps of the revenue it was sent.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    from_json, to_json_binary, to_json_vec, Addr, Binary, Coin, Deps, DepsMut, Empty, Env,
    MessageInfo, Response, StdError, StdResult, Storage,
};
use cw20::Cw20ReceiveMsg;
use cw721::receiver::Cw721ReceiveMsg;
use cw_multi_test::{Contract, ContractWrapper};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where a receiver keeps the last hook it accepted.
const RECEIVED: &[u8] = b"received";

/// A `send` hook a receiver accepts, and what it keeps of it.
trait Hook: DeserializeOwned + 'static {
    type Payload: Serialize;
    /// What the receiver keeps; an error fails the hook (the receiver refuses what was sent).
    fn accept(self) -> StdResult<Self::Payload>;
}

#[cw_serde]
enum NftHook {
    ReceiveNft(Cw721ReceiveMsg),
}

impl Hook for NftHook {
    type Payload = Cw721ReceiveMsg;
    fn accept(self) -> StdResult<Cw721ReceiveMsg> {
        let NftHook::ReceiveNft(received) = self;
        Ok(received)
    }
}

#[cw_serde]
enum TokenHook {
    Receive(Cw20ReceiveMsg),
}

impl Hook for TokenHook {
    type Payload = Cw20ReceiveMsg;
    fn accept(self) -> StdResult<Cw20ReceiveMsg> {
        let TokenHook::Receive(received) = self;
        if received.msg.as_slice() == b"fail" {
            return Err(StdError::generic_err("receiver refused the tokens"));
        }
        Ok(received)
    }
}

fn receiver<H: Hook>() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        |deps: DepsMut, _: Env, _: MessageInfo, msg: H| -> StdResult<Response> {
            let payload = msg.accept()?;
            deps.storage.set(RECEIVED, &to_json_vec(&payload)?);
            Ok(Response::new())
        },
        |_: DepsMut, _: Env, _: MessageInfo, _: Empty| -> StdResult<Response> {
            Ok(Response::new())
        },
        |deps: Deps, _: Env, _: Empty| -> StdResult<Binary> {
            match deps.storage.get(RECEIVED) {
                Some(payload) => Ok(Binary::from(payload)),
                None => to_json_binary(&None::<Empty>),
            }
        },
    ))
}

/// A contract that accepts cw721 `send_nft` (its `receive_nft` hook) and answers the last
/// `Cw721ReceiveMsg` (`null` before any) to the query `{}`; instantiated with `{}`.
pub fn nft_receiver() -> Box<dyn Contract<Empty>> {
    receiver::<NftHook>()
}

/// A contract that accepts cw20 `send` / `send_from` (its `receive` hook) and answers the last
/// `Cw20ReceiveMsg` (`null` before any) to the query `{}`; it fails the hook when the attached
/// message is `"fail"`. Instantiated with `{}`.
pub fn token_receiver() -> Box<dyn Contract<Empty>> {
    receiver::<TokenHook>()
}

/// One `distribute {}` a shares stand-in received: who sent it, with which funds.
#[cw_serde]
pub struct Distribution {
    pub sender: Addr,
    pub funds: Vec<Coin>,
}

/// Where a shares stand-in keeps the distributions it received.
const DISTRIBUTIONS: &[u8] = b"distributions";

/// The distributions a shares stand-in recorded, in order.
pub fn distributions(storage: &dyn Storage) -> StdResult<Vec<Distribution>> {
    storage.get(DISTRIBUTIONS).map_or(Ok(vec![]), from_json)
}

/// Records the `distribute {}` of `info` (its sender and funds) after the earlier ones.
pub fn record_distribution(storage: &mut dyn Storage, info: MessageInfo) -> StdResult<()> {
    let mut all = distributions(storage)?;
    all.push(Distribution {
        sender: info.sender,
        funds: info.funds,
    });
    storage.set(DISTRIBUTIONS, &to_json_vec(&all)?);
    Ok(())
}
