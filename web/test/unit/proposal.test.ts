import { test } from "node:test";
import assert from "node:assert/strict";
import { toBase64, toUtf8 } from "@cosmjs/encoding";
import { AmountError, InputError } from "../../src/amounts";
import type { Action } from "../../src/generated/Governance.types";
import governanceSchema from "../../../schema/governance/modelfund-governance.json";
import { actionDenoms, actionHtml, buildAction, checkAddress, checkPlanId, checkProposalText, decodeWasmMsg, type ActionCtx } from "../../src/proposal";

const ALICE = "inj1grjkdvjw3glcgm2vlsnmqv2cmnkqy7cmxk6wn9";
const GATEWAY = "inj1snjhadxudks2z3wg34lf0l47fklwcm76ktucy7";
const unitOf = (denom: string) =>
  denom === "inj" ? { denom, display: "INJ", decimals: 18 } : denom === "peggy0xdAC1" ? { denom, display: "USDT", decimals: 6 } : { denom, display: denom, decimals: 0 };
const ctx: ActionCtx = { unitOf, shares: { symbol: "WTLLM", decimals: 6 } };
const text = (html: string) =>
  html.replace(/<[^>]+>/g, "").replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/\s+/g, " ").trim();
const params = {
  quorum: "0.3", threshold: "0.5", voting_period_seconds: 3600, timelock_seconds: 20, execution_window_seconds: 86400,
  max_actions: 10, min_propose_power: "1", deposit: null,
};

test("every action of the Action enum shows its parameters", () => {
  const cases: [Action, string[]][] = [
    [{ spend_treasury: { recipient: ALICE, amount: [{ denom: "inj", amount: "100000000000000000" }, { denom: "peggy0xdAC1", amount: "2500000" }] } },
      ["Spend from the treasury", "0.1 INJ (100000000000000000 inj)", "2.5 USDT (2500000 peggy0xdAC1)", ALICE]],
    [{ release_milestone: { recipient: ALICE, amount: { denom: "inj", amount: "1500000000000000000" }, memo: "v2 trained" } },
      ["Release a milestone", "1.5 INJ (1500000000000000000 inj)", ALICE, "v2 trained"]],
    [{ publish_model_version: { version: "1.1.0", content_hash: "sha256:ab", uri: "ipfs://x", notes: "faster" } },
      ["Publish model version", "1.1.0", "sha256:ab", "ipfs://x", "faster"]],
    [{ update_config: { params: { ...params, quorum: "0.25", deposit: { denom: "inj", amount: "1000000000000000000" } } } },
      ["Change the DAO's rules", "quorum 25%", "threshold 50%", "voting period 1h", "timelock 20s", "max actions 10",
        "min power to propose 0.000001 WTLLM", "deposit 1 INJ (1000000000000000000 inj)"]],
    [{ set_pricing_plan: { plan: { plan_id: "pack", price: { denom: "inj", amount: "100000000000000000" }, kind: { credits: { calls_per_pack: 100 } } } } },
      ["Set pricing plan pack", "100 calls per pack", "0.1 INJ (100000000000000000 inj)"]],
    [{ set_pricing_plan: { plan: { plan_id: "pro", price: { denom: "inj", amount: "500000000000000000" },
      kind: { lease: { duration_seconds: 2592000, call_cap: 10000, terms: { commercial_use: true, attribution_required: false, notes: "no resale" } } } } } },
      ["Set pricing plan pro", "a lease of 30d (2592000 s)", "up to 10000 calls", "commercial use allowed", "no resale", "0.5 INJ"]],
    [{ retire_pricing_plan: { plan_id: "pack" } }, ["Retire pricing plan pack"]],
    [{ approve_gateway: { gateway: GATEWAY } }, ["Approve inference gateway", GATEWAY]],
    [{ revoke_gateway: { gateway: GATEWAY } }, ["Revoke inference gateway", GATEWAY]],
    [{ set_royalty_splits: { splits: [{ address: ALICE, bps: 1250, label: "trainer" }] } }, ["Set royalty splits", "trainer: 12.5% to " + ALICE]],
    [{ set_royalty_splits: { splits: [] } }, ["none (all revenue goes to the share holders)"]],
    [{ custom: { bank: { send: { to_address: ALICE, amount: [{ denom: "inj", amount: "7" }] } } } },
      ["Custom message", "bank send of 0.000000000000000007 INJ (7 inj) to " + ALICE, '"to_address": "' + ALICE + '"']],
  ];
  for (const [a, wants] of cases) {
    const shown = text(actionHtml(a, ctx));
    assert.ok(!shown.includes("Unknown action"), shown);
    for (const w of wants) assert.ok(shown.includes(w), `${Object.keys(a)[0]}: "${w}" in "${shown}"`);
  }
  // every variant of the contract's Action enum (schema/) is covered above: a new action fails here
  const variants = governanceSchema.execute.definitions.Action.oneOf.map((o: { required: string[] }) => o.required[0]).sort();
  assert.deepEqual([...new Set(cases.map(([a]) => Object.keys(a)[0]))].sort(), variants);
  assert.equal(variants.length, 10);
});

test("a custom wasm message shows its raw JSON and its decoded msg, escaped", () => {
  const inner = { transfer: { recipient: ALICE, amount: "5", note: "<script>" } };
  const a: Action = { custom: { wasm: { execute: { contract_addr: GATEWAY, funds: [], msg: toBase64(toUtf8(JSON.stringify(inner))) } } } };
  const html = actionHtml(a, ctx);
  assert.ok(!html.includes("<script>"), "escaped");
  const shown = text(html);
  assert.ok(shown.includes(`call contract ${GATEWAY} with nothing attached`), shown);
  assert.ok(shown.includes('"recipient": "' + ALICE + '"'), "decoded msg");
  assert.ok(shown.includes('"msg": "' + toBase64(toUtf8(JSON.stringify(inner))) + '"'), "raw JSON keeps the base64");
  assert.equal(decodeWasmMsg("not base64 json"), "not base64 json");
});

test("update_config marks what changes against the current rules", () => {
  const shown = text(actionHtml({ update_config: { params: { ...params, quorum: "0.25" } } }, { ...ctx, params }));
  assert.ok(shown.includes("quorum 25% (now 30%)"), shown);
  assert.ok(shown.includes("threshold 50% (unchanged)"), shown);
});

test("set_pricing_plan says which plan it replaces", () => {
  const plan = { plan_id: "pack", price: { denom: "inj", amount: "100000000000000000" }, kind: { credits: { calls_per_pack: 100 } } };
  const shown = text(actionHtml({ set_pricing_plan: { plan: { ...plan, price: { denom: "inj", amount: "200000000000000000" } } } }, { ...ctx, plans: new Map([["pack", plan]]) }));
  assert.ok(shown.includes("for 0.2 INJ"), shown);
  assert.ok(shown.includes("(replaces: 100 calls per pack for 0.1 INJ (100000000000000000 inj))"), shown);
  const fresh = text(actionHtml({ set_pricing_plan: { plan: { ...plan, plan_id: "other" } } }, { ...ctx, plans: new Map() }));
  assert.ok(fresh.includes("(a new plan)"), fresh);
});

test("a metered plan shows its unit and that it is paid through a payment channel", () => {
  const plan = { plan_id: "per-call", price: { denom: "inj", amount: "1000000000000000" }, kind: { metered: { unit: "call" as const } } };
  const shown = text(actionHtml({ set_pricing_plan: { plan } }, { ...ctx, plans: new Map() }));
  assert.ok(shown.includes("metered, priced per call (paid through a payment channel)"), shown);
  assert.ok(shown.includes("0.001 INJ"), shown);
  const kt = { ...plan, plan_id: "per-kt", kind: { metered: { unit: "kilo_tokens" as const } } };
  const old = text(actionHtml({ set_pricing_plan: { plan: { ...kt, price: { denom: "inj", amount: "2000000000000000" } } } }, { ...ctx, plans: new Map([["per-kt", kt]]) }));
  assert.ok(old.includes("(replaces: metered, per 1,000 tokens for 0.001 INJ"), old);
});

test("actionDenoms lists the denoms to learn display units for", () => {
  assert.deepEqual(actionDenoms({ spend_treasury: { recipient: ALICE, amount: [{ denom: "a", amount: "1" }, { denom: "b", amount: "1" }] } }), ["a", "b"]);
  assert.deepEqual(actionDenoms({ approve_gateway: { gateway: GATEWAY } }), []);
  assert.deepEqual(actionDenoms({ custom: { bank: { burn: { amount: [{ denom: "c", amount: "1" }] } } } }), ["c"]);
});

const form = { title: "Pay the trainer", description: "" };
const build = (kind: Parameters<typeof buildAction>[0], f: object) => buildAction(kind, { ...form, ...f }, { prefix: "inj", unitOf });

test("the propose form builds typed actions from display units", () => {
  assert.deepEqual(build("spend_treasury", { recipient: ` ${ALICE} `, amount: "0.1", denom: "inj" }), {
    spend_treasury: { recipient: ALICE, amount: [{ denom: "inj", amount: "100000000000000000" }] },
  });
  assert.deepEqual(build("release_milestone", { recipient: ALICE, amount: "2.5", denom: "peggy0xdAC1", memo: " v2 " }), {
    release_milestone: { recipient: ALICE, amount: { denom: "peggy0xdAC1", amount: "2500000" }, memo: "v2" },
  });
  assert.deepEqual(build("set_pricing_plan", { planId: "pack", planKind: "credits", amount: "0.1", denom: "inj", callsPerPack: "100" }), {
    set_pricing_plan: { plan: { plan_id: "pack", price: { denom: "inj", amount: "100000000000000000" }, kind: { credits: { calls_per_pack: 100 } } } },
  });
  assert.deepEqual(
    build("set_pricing_plan", { planId: "pro", planKind: "lease", amount: "0.5", denom: "inj", leaseDays: "30", callCap: "10000", commercialUse: true }),
    { set_pricing_plan: { plan: { plan_id: "pro", price: { denom: "inj", amount: "500000000000000000" },
      kind: { lease: { duration_seconds: 2592000, call_cap: 10000, terms: { commercial_use: true, attribution_required: false, notes: null } } } } } },
  );
  assert.deepEqual(build("retire_pricing_plan", { planId: "pack" }), { retire_pricing_plan: { plan_id: "pack" } });
  assert.deepEqual(build("approve_gateway", { gateway: GATEWAY }), { approve_gateway: { gateway: GATEWAY } });
  assert.deepEqual(build("revoke_gateway", { gateway: GATEWAY }), { revoke_gateway: { gateway: GATEWAY } });
});

test("the propose form refuses bad input with a sentence before anything is signed", () => {
  const refused = (kind: Parameters<typeof buildAction>[0], f: object, re: RegExp, type: typeof InputError | typeof AmountError = InputError) =>
    assert.throws(() => build(kind, f), (e: unknown) => e instanceof type && re.test((e as Error).message), `${kind} ${JSON.stringify(f)}`);
  refused("spend_treasury", { recipient: "", amount: "1", denom: "inj" }, /^Enter the recipient's address\.$/);
  refused("spend_treasury", { recipient: "inj1notanaddress", amount: "1", denom: "inj" }, /^The recipient "inj1notanaddress" is not a valid address\.$/);
  refused("spend_treasury", { recipient: "neutron1grjkdvjw3glcgm2vlsnmqv2cmnkqy7cmxk6wn9", amount: "1", denom: "inj" }, /is not a valid address|must start with "inj1"/);
  refused("spend_treasury", { recipient: ALICE, amount: "1,000", denom: "inj" }, /ambiguous/, AmountError);
  refused("spend_treasury", { recipient: ALICE, amount: "0", denom: "inj" }, /greater than zero/, AmountError);
  refused("spend_treasury", { recipient: ALICE, amount: "0.0000001", denom: "peggy0xdAC1" }, /USDT has at most 6 digits/, AmountError);
  refused("spend_treasury", { recipient: ALICE, amount: "1", denom: "" }, /Choose the denom/);
  refused("release_milestone", { recipient: ALICE, amount: "1", denom: "inj", memo: " " }, /Enter the milestone memo/);
  refused("set_pricing_plan", { planId: "bad id", planKind: "credits", amount: "1", denom: "inj", callsPerPack: "1" }, /only letters, digits/);
  refused("set_pricing_plan", { planId: "x".repeat(33), planKind: "credits", amount: "1", denom: "inj", callsPerPack: "1" }, /at most 32/);
  refused("set_pricing_plan", { planId: "p", planKind: "credits", amount: "1", denom: "inj", callsPerPack: "0" }, /greater than zero/, AmountError);
  refused("set_pricing_plan", { planId: "p", planKind: "lease", amount: "1", denom: "inj", leaseDays: "1.5", callCap: "1" }, /Days cannot have decimals/, AmountError);
  refused("set_pricing_plan", { planId: "p", planKind: "lease", amount: "1", denom: "inj", leaseDays: "3651", callCap: "1" }, /At most 3650 days/, AmountError);
  refused("approve_gateway", { gateway: "" }, /Enter the gateway's address/);
  assert.throws(() => checkProposalText({ title: " ", description: "" }), /^InputError: Enter the title\.$|Enter the title\./);
  assert.throws(() => checkProposalText({ title: "x".repeat(129), description: "" }), /at most 128 characters/);
  assert.throws(() => checkProposalText({ title: "t", description: "x".repeat(4097) }), /at most 4096 characters/);
  assert.throws(() => checkProposalText({ title: "a\u0007b", description: "" }), /control characters/);
  assert.deepEqual(checkProposalText({ title: " Pay ", description: "line\nline" }), { title: "Pay", description: "line\nline" });
  assert.equal(checkAddress(ALICE, "inj", "recipient"), ALICE);
  assert.equal(checkPlanId(" a.b_c-d+e "), "a.b_c-d+e");
});
