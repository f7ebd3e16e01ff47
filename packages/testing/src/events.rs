//! Finding what a contract wrote into its events.

use cosmwasm_std::Attribute;
use cw_multi_test::AppResponse;

/// Every attribute of the response's `wasm` events, the contract's own and its sub-calls'.
pub fn wasm_attributes(res: &AppResponse) -> impl Iterator<Item = &Attribute> {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
}

/// The value of the first attribute `key` in the response's `wasm` events (sub-calls too); the
/// test stops when there is none.
pub fn wasm_attr(res: &AppResponse, key: &str) -> String {
    wasm_attributes(res)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no wasm attribute {key} in {:?}", res.events))
}

/// Whether any `wasm` event of the response (sub-calls too) carries `key` = `value`.
pub fn has_wasm_attr(res: &AppResponse, key: &str, value: &str) -> bool {
    wasm_attributes(res).any(|a| a.key == key && a.value == value)
}
