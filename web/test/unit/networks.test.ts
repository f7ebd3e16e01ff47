// scripts/networks/*.json: the one source of network presets for the scripts (jq) and this page.
// Every file is bundled (chains.ts lists it), has the fields both sides read, and becomes the
// preset the page uses; explorer links come from its tx_page.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { NETWORK_FILES, PRESETS, txUrl } from "../../src/chains";

// the repository's scripts/networks, from wherever the bundled test runs inside the checkout
function networksDir(): string {
  for (let d = process.cwd(), i = 0; i < 8; d = dirname(d), i++) {
    if (existsSync(join(d, "scripts", "networks"))) return join(d, "scripts", "networks");
  }
  throw new Error(`no scripts/networks above ${process.cwd()}`);
}
const DIR = networksDir();
const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const onDisk = files.map((f) => ({ file: f, json: JSON.parse(readFileSync(join(DIR, f), "utf8")) }));

test("every scripts/networks/*.json file is bundled into the page, byte for byte", () => {
  assert.ok(files.length >= 4, files.join(", "));
  assert.deepEqual(NETWORK_FILES.map((n) => `${n.chain_id}.json`).sort(), files);
  for (const { json } of onDisk) {
    assert.deepEqual(NETWORK_FILES.find((n) => n.chain_id === json.chain_id), json);
  }
});

test("every network file has the fields the scripts and the page read", () => {
  for (const { file, json: n } of onDisk) {
    const where = `scripts/networks/${file}`;
    assert.equal(`${n.chain_id}.json`, file, `${where}: chain_id`);
    for (const k of ["pretty_name", "bech32_prefix", "daemon_name", "node_home"]) {
      assert.equal(typeof n[k], "string", `${where}: ${k}`);
      assert.ok(n[k].length > 0, `${where}: ${k}`);
    }
    assert.ok(["local", "testnet"].includes(n.network_type), `${where}: network_type`);
    assert.equal(typeof n.slip44, "number", `${where}: slip44`);
    for (const api of ["rpc", "rest", "grpc"]) {
      assert.equal(typeof n.apis?.[api]?.[0]?.address, "string", `${where}: apis.${api}[0].address`);
    }
    assert.match(n.apis.rpc[0].address, /^https?:\/\//, `${where}: rpc`);
    assert.match(n.apis.rest[0].address, /^https?:\/\//, `${where}: rest`);
    const fee = n.fees?.fee_tokens?.[0];
    assert.ok(fee, `${where}: fees.fee_tokens[0]`);
    for (const k of ["denom", "display"]) assert.equal(typeof fee[k], "string", `${where}: fee ${k}`);
    for (const k of ["decimals", "low_gas_price", "average_gas_price", "high_gas_price"]) {
      assert.equal(typeof fee[k], "number", `${where}: fee ${k}`);
    }
    assert.ok(fee.low_gas_price <= fee.average_gas_price && fee.average_gas_price <= fee.high_gas_price, where);
    assert.ok(Array.isArray(n.explorers), `${where}: explorers`);
    if (n.network_type === "testnet") assert.match(n.explorers[0]?.tx_page ?? "", /\$\{txHash\}/, `${where}: tx_page`);
    assert.ok(Array.isArray(n.keplr?.features), `${where}: keplr.features`);
    assert.equal(typeof n.keplr.gas_adjustment, "number", `${where}: keplr.gas_adjustment`);
    for (const k of ["keyring_backend", "install"]) assert.equal(typeof n.modelfund?.[k], "string", `${where}: modelfund.${k}`);
    for (const k of ["demo_soft_cap", "demo_hard_cap"]) assert.equal(typeof n.modelfund?.[k], "number", `${where}: modelfund.${k}`);
  }
});

test("the page's presets are the files: endpoints, gas prices, denoms, explorer", () => {
  for (const { json: n } of onDisk) {
    const c = PRESETS[n.chain_id];
    const fee = n.fees.fee_tokens[0];
    assert.equal(c.rpc, n.apis.rpc[0].address);
    assert.equal(c.rest, n.apis.rest[0].address);
    assert.equal(c.denom, fee.denom);
    assert.equal(c.decimals, fee.decimals);
    assert.deepEqual(c.gasPrice, {
      low: String(fee.low_gas_price), average: String(fee.average_gas_price), high: String(fee.high_gas_price),
    });
    assert.equal(c.local ?? false, n.network_type === "local");
  }
  assert.equal(PRESETS["pion-1"].rpc, "https://rpc-palvus.pion-1.ntrn.tech:443");
  assert.equal(txUrl(PRESETS["injective-888"], "AB12"), "https://testnet.explorer.injective.network/transaction/AB12");
  assert.equal(txUrl(PRESETS["pion-1"], "CD34"), "https://testnet.mintscan.io/neutron-testnet/txs/CD34");
  assert.equal(txUrl(PRESETS["injective-777"], "EF56"), undefined);
});
