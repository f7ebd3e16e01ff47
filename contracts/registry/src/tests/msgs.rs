//! cw721 messages several test files send, written once.

use cw721::Expiration;
use modelfund::registry::ExecuteMsg;

pub fn transfer_nft(recipient: &str, token_id: &str) -> ExecuteMsg {
    ExecuteMsg::TransferNft {
        recipient: recipient.into(),
        token_id: token_id.into(),
    }
}

pub fn approve(spender: &str, token_id: &str, expires: Option<Expiration>) -> ExecuteMsg {
    ExecuteMsg::Approve {
        spender: spender.into(),
        token_id: token_id.into(),
        expires,
    }
}
