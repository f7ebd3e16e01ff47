//! Building a suite's app: funded test accounts, their addresses, the contract under test and the
//! stand-ins around it.

use cosmwasm_std::{Addr, Coin, Empty};
use cw_multi_test::{App, Contract, Executor};
use serde::Serialize;

/// An app in which each of `names` (its `addr_make` address) holds `coins`.
pub fn funded_app(names: &[&str], coins: &[Coin]) -> App {
    let mut app = App::default();
    fund(&mut app, names, coins);
    app
}

/// Gives each of `names` (its `addr_make` address) `coins` in an app built otherwise (e.g. with
/// another address generator).
pub fn fund(app: &mut App, names: &[&str], coins: &[Coin]) {
    app.init_modules(|router, api, storage| {
        for name in names {
            let addr = api.addr_make(name);
            if let Err(e) = router.bank.init_balance(storage, &addr, coins.to_vec()) {
                panic!("funding {name}: {e:#}");
            }
        }
    });
}

/// The test addresses (`addr_make`) of `names`, in the same order:
/// `let [admin, alice] = addrs(&app, ["admin", "alice"]);`.
pub fn addrs<const N: usize>(app: &App, names: [&str; N]) -> [Addr; N] {
    names.map(|name| app.api().addr_make(name))
}

/// Instantiates the stored `code_id` from `sender` without funds, with `admin` as its wasm admin
/// (the contract under test names its sender, so that migrations can be tried); the test stops
/// when instantiation fails.
pub fn instantiate<M: Serialize>(
    app: &mut App,
    code_id: u64,
    sender: &Addr,
    msg: &M,
    label: &str,
    admin: Option<&Addr>,
) -> Addr {
    let admin = admin.map(Addr::to_string);
    match app.instantiate_contract(code_id, sender.clone(), msg, &[], label, admin) {
        Ok(addr) => addr,
        Err(e) => panic!("instantiating {label}: {e:#}"),
    }
}

/// Stores `code` and instantiates it once from `sender`, without funds or admin: the address of
/// a stand-in.
pub fn stand_in<M: Serialize>(
    app: &mut App,
    code: Box<dyn Contract<Empty>>,
    sender: &Addr,
    msg: &M,
    label: &str,
) -> Addr {
    let code_id = app.store_code(code);
    instantiate(app, code_id, sender, msg, label, None)
}

/// What [`crate::Harness::watched`] answers: `parties` and `denoms` as owned lists.
pub fn watch(parties: &[&Addr], denoms: &[&'static str]) -> (Vec<Addr>, Vec<&'static str>) {
    (
        parties.iter().map(|p| (*p).clone()).collect(),
        denoms.to_vec(),
    )
}
