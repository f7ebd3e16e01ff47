//! Harness for running the optimized wasm artifacts in `cosmwasm-vm`, the engine chains use
//! (wasmer + the same gas metering), and recording gas per operation for `docs/benchmarks`.
//!
//! Artifacts come from `scripts/build.sh` (`artifacts/<contract>.wasm`); anchors built from
//! the crate registry by `scripts/anchors.sh` (`$MF_CACHE/anchors/<crate>.wasm`). A missing artifact is a
//! failure with instructions, never a skip.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cosmwasm_std::{Coin, ContractResult, Empty, Env, MessageInfo, Response};
use cosmwasm_vm::testing::{
    mock_env, mock_instance_with_options, MockApi, MockInstanceOptions, MockQuerier, MockStorage,
};
use cosmwasm_vm::Instance;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub type VmInstance = Instance<MockApi, MockStorage, MockQuerier>;

/// Gas limit for one instance: far above any single call, so running out is a real failure.
pub const GAS_LIMIT: u64 = 500_000_000_000_000;
/// wasmd's default upload limit (800 KiB).
pub const MAX_WASM_BYTES: u64 = 819_200;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn artifacts_dir() -> PathBuf {
    std::env::var_os("MF_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("artifacts"))
}

pub fn anchors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MF_ANCHORS") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("MODELFUND_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/modelfund")
        });
    cache.join("anchors")
}

fn read_wasm(path: &Path, hint: &str) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}; {hint}", path.display()))
}

/// The optimized artifact of one of our contracts.
pub fn artifact(contract: &str) -> Vec<u8> {
    read_wasm(
        &artifacts_dir().join(format!("{contract}.wasm")),
        "run scripts/build.sh first",
    )
}

/// An anchor contract built from the crate registry (cw20_base, cw721_base, cw3_fixed_multisig).
pub fn anchor(name: &str) -> Vec<u8> {
    read_wasm(
        &anchors_dir().join(format!("{name}.wasm")),
        "run scripts/anchors.sh first",
    )
}

pub fn instance(wasm: &[u8]) -> VmInstance {
    instance_with_balances(wasm, &[])
}

pub fn instance_with_balances(wasm: &[u8], balances: &[(&str, &[Coin])]) -> VmInstance {
    mock_instance_with_options(
        wasm,
        MockInstanceOptions {
            gas_limit: GAS_LIMIT,
            balances,
            ..Default::default()
        },
    )
}

/// Gas spent so far by an instance (wasm execution + metered host calls).
fn gas_used(instance: &mut VmInstance) -> u64 {
    let report = instance.create_gas_report();
    report.used_internally + report.used_externally
}

/// Runs `f` against the instance and returns its result and the gas it cost.
pub fn metered<T>(instance: &mut VmInstance, f: impl FnOnce(&mut VmInstance) -> T) -> (T, u64) {
    let before = gas_used(instance);
    let out = f(instance);
    let after = gas_used(instance);
    (out, after - before)
}

pub fn env_at(height: u64, seconds: u64) -> Env {
    let mut env = mock_env();
    env.block.height = height;
    env.block.time = cosmwasm_std::Timestamp::from_seconds(seconds);
    env
}

pub fn info(sender: &str, funds: &[Coin]) -> MessageInfo {
    MessageInfo {
        sender: cosmwasm_std::Addr::unchecked(sender),
        funds: funds.to_vec(),
    }
}

/// A valid bech32 address of the mock API (prefix `cosmwasm`), derived from a name.
pub fn addr(name: &str) -> String {
    MockApi::default().addr_make(name)
}

/// instantiate + gas
pub fn instantiate<M: Serialize + JsonSchema>(
    instance: &mut VmInstance,
    env: Env,
    info: MessageInfo,
    msg: &M,
) -> (ContractResult<Response<Empty>>, u64) {
    metered(instance, |i| {
        cosmwasm_vm::testing::instantiate(i, env, info, msg)
    })
}

/// execute + gas
pub fn execute<M: Serialize + JsonSchema>(
    instance: &mut VmInstance,
    env: Env,
    info: MessageInfo,
    msg: &M,
) -> (ContractResult<Response<Empty>>, u64) {
    metered(instance, |i| {
        cosmwasm_vm::testing::execute(i, env, info, msg)
    })
}

/// query, decoded; panics with the contract's error text on failure
pub fn query<M: Serialize + JsonSchema, T: DeserializeOwned>(
    instance: &mut VmInstance,
    env: Env,
    msg: &M,
) -> T {
    match cosmwasm_vm::testing::query(instance, env, msg) {
        ContractResult::Ok(bin) => cosmwasm_std::from_json(&bin).expect("query response decodes"),
        ContractResult::Err(e) => panic!("query failed: {e}"),
    }
}

/// Gas figures of one test binary, merged into `$MF_VM_GAS_OUT` (a JSON object
/// `{"<contract>/<op>": gas}`) when that variable is set; scripts/bench.sh reads it.
static GAS: Mutex<BTreeMap<String, u64>> = Mutex::new(BTreeMap::new());

pub fn record_gas(contract: &str, op: &str, gas: u64) {
    assert!(gas > 0, "{contract}/{op} reported zero gas");
    let Some(out) = std::env::var_os("MF_VM_GAS_OUT") else {
        return;
    };
    let mut gas_map = GAS.lock().unwrap_or_else(|e| e.into_inner());
    gas_map.insert(format!("{contract}/{op}"), gas);
    // merge with what other test binaries wrote
    let path = PathBuf::from(out);
    let mut all: BTreeMap<String, u64> = fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    all.extend(gas_map.iter().map(|(k, v)| (k.clone(), *v)));
    fs::write(
        &path,
        serde_json::to_vec_pretty(&all).expect("gas map serializes"),
    )
    .expect("gas file is writable");
}

/// Asserts a contract result is Ok and returns the response.
pub fn ok(res: ContractResult<Response<Empty>>, what: &str) -> Response<Empty> {
    match res {
        ContractResult::Ok(r) => r,
        ContractResult::Err(e) => panic!("{what} failed: {e}"),
    }
}

/// Asserts a contract result is an error containing `needle`.
pub fn err_contains(res: ContractResult<Response<Empty>>, needle: &str) {
    match res {
        ContractResult::Ok(_) => panic!("expected an error containing {needle:?}, got Ok"),
        ContractResult::Err(e) => assert!(e.contains(needle), "error {e:?} lacks {needle:?}"),
    }
}

/// Value of a `wasm` attribute in a response.
pub fn attr(res: &Response<Empty>, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} in {:?}", res.attributes))
}
