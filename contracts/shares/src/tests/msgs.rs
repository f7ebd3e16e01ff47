//! Messages several test files send, written once.

use cosmwasm_std::Addr;
use modelfund::shares::ExecuteMsg;

use super::suite::amount;

pub fn transfer(to: &Addr, n: u128) -> ExecuteMsg {
    ExecuteMsg::Transfer {
        recipient: to.to_string(),
        amount: amount(n),
    }
}

pub fn mint(to: &Addr, n: u128) -> ExecuteMsg {
    ExecuteMsg::Mint {
        recipient: to.to_string(),
        amount: amount(n),
    }
}
