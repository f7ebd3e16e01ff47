//! The shared helpers on a small suite of their own, around the cw20 receiver.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{coin, Addr, Binary, Empty, Event, StdError, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_multi_test::{App, AppResponse};

use crate::{
    addrs, distributions, funded_app, has_wasm_attr, record_distribution, stand_in, token_receiver,
    wasm_attr, watch, Harness,
};

/// The receiver's hook message, as a cw20 contract sends it.
#[cw_serde]
enum TokenHook {
    Receive(Cw20ReceiveMsg),
}

/// A suite around the cw20 receiver: the shared helpers on a contract of their own.
struct Suite {
    app: App,
    receiver: Addr,
    alice: Addr,
}

impl Harness for Suite {
    type Execute = TokenHook;
    type Query = Empty;
    type Error = StdError;
    fn app(&self) -> &App {
        &self.app
    }
    fn app_mut(&mut self) -> &mut App {
        &mut self.app
    }
    fn contract(&self) -> &Addr {
        &self.receiver
    }
    fn watched(&self) -> (Vec<Addr>, Vec<&'static str>) {
        watch(&[&self.alice, &self.receiver], &["uinj"])
    }
}

fn suite() -> Suite {
    let mut app = funded_app(&["alice"], &[coin(100, "uinj")]);
    let [alice] = addrs(&app, ["alice"]);
    let receiver = stand_in(&mut app, token_receiver(), &alice, &Empty {}, "receiver");
    Suite {
        app,
        receiver,
        alice,
    }
}

fn hook(msg: &[u8]) -> TokenHook {
    TokenHook::Receive(Cw20ReceiveMsg {
        sender: "someone".into(),
        amount: Uint128::new(5),
        msg: Binary::from(msg),
    })
}

#[test]
fn token_receiver_keeps_the_last_hook_and_refuses_fail() {
    let mut s = suite();
    let receiver = s.receiver.clone();
    let none: Option<Cw20ReceiveMsg> = s.query_contract(&receiver, &Empty {});
    assert_eq!(none, None);
    let alice = s.alice.clone();
    let err = s.fail(&alice, &hook(b"fail"), &[coin(1, "uinj")]);
    assert!(
        err.to_string().contains("receiver refused the tokens"),
        "{err}"
    );
    s.exec(&alice, &hook(b"ok")).unwrap();
    let got: Option<Cw20ReceiveMsg> = s.query_contract(&receiver, &Empty {});
    assert_eq!(got.map(|r| r.msg), Some(Binary::from(b"ok")));
    assert_eq!(s.bank_balance(&alice, "uinj"), 100);
}

#[test]
fn block_moves() {
    let mut s = suite();
    let (t0, h0) = (s.now(), s.app.block_info().height);
    s.advance_seconds(12);
    assert_eq!(
        (s.now(), s.app.block_info().height),
        (t0.plus_seconds(12), h0 + 3)
    );
    s.next_block_after(7);
    assert_eq!(
        (s.now(), s.app.block_info().height),
        (t0.plus_seconds(19), h0 + 4)
    );
}

#[test]
#[should_panic(expected = "time only moves forward")]
fn advance_to_refuses_the_past() {
    let mut s = suite();
    let past = s.now().minus_seconds(1);
    s.advance_to(past);
}

#[test]
fn wasm_attr_finds_sub_call_events_too() {
    let res = AppResponse {
        events: vec![
            Event::new("execute").add_attribute("key", "not wasm"),
            Event::new("wasm").add_attribute("action", "send"),
            Event::new("wasm").add_attribute("key", "sub-call"),
        ],
        ..AppResponse::default()
    };
    assert_eq!(wasm_attr(&res, "key"), "sub-call");
    assert!(has_wasm_attr(&res, "action", "send"));
    assert!(!has_wasm_attr(&res, "key", "not wasm"));
}

#[test]
fn distributions_are_recorded_in_order() {
    let mut deps = cosmwasm_std::testing::mock_dependencies();
    assert_eq!(distributions(&deps.storage).unwrap(), vec![]);
    for (who, amount) in [("a", 1u128), ("b", 2)] {
        let info =
            cosmwasm_std::testing::message_info(&Addr::unchecked(who), &[coin(amount, "uinj")]);
        record_distribution(&mut deps.storage, info).unwrap();
    }
    let all = distributions(&deps.storage).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].sender, Addr::unchecked("b"));
    assert_eq!(all[1].funds, vec![coin(2, "uinj")]);
}
