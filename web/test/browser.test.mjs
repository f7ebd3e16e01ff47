// Browser test: headless Chromium drives the built page against a local injectived node with a
// window.keplr stand-in (test/keplr-standin.js) backed by a CosmJS eth_secp256k1 wallet — the key
// type real Keplr uses on Injective. Every step goes through the page's UI, checks the result on
// chain with a CLI query, and saves a screenshot after checking the page shows the expected text.
//
// Started by `scripts/web.sh test`, which provides (environment):
//   MF_WEB_URL        the served page (web/dist + config.json)
//   MF_WEB_DEPLOY     deployment JSON written by test/chain.sh deploy
//   MF_WEB_SHOTS      folder for the screenshots
//   MF_WEB_PROFILE    a fresh, empty Chromium --user-data-dir
//   MF_CHROMIUM       Chromium binary (default /usr/bin/chromium)
//   and the localnet environment (scripts/localnet.sh env) for test/chain.sh.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { DirectEthSecp256k1HdWallet, DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { stringToPath } from "@cosmjs/crypto";
import { fromBase64, toBase64 } from "@cosmjs/encoding";

const here = dirname(fileURLToPath(import.meta.url));
const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run this test through scripts/web.sh test`);
  return v;
};
const URL_ = env("MF_WEB_URL");
const deploy = JSON.parse(readFileSync(env("MF_WEB_DEPLOY"), "utf8"));
const SHOTS = env("MF_WEB_SHOTS");
const PROFILE = env("MF_WEB_PROFILE");
const CHROMIUM = process.env.MF_CHROMIUM || "/usr/bin/chromium";
const CHAIN_ID = "injective-777";
const MODEL = deploy.model;
const REFUND = deploy.refund_model; // a presale that misses its soft cap
const GATEWAY = "inj1snjhadxudks2z3wg34lf0l47fklwcm76ktucy7"; // the localnet's "gateway" key
// the inference gateway test/chain.sh started for MODEL (services/gateway), its own plain key
const HTTP_GATEWAY = deploy.gateway;
const PER_CALL = 1000000000000000n; // the per-call plan's price: 0.001 INJ
const TIMEOUT = 60_000;

const cli = (...args) => execFileSync(join(here, "chain.sh"), args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const query = (addr, msg) => JSON.parse(cli("query", addr, JSON.stringify(msg)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let context, page, wallet, address;
let main; // the main wallet's bridge: what the page asked the Keplr stand-in

/**
 * The test side of the Keplr stand-in for one CosmJS wallet: keys, signatures and a record of
 * the calls. `algo` is what Keplr would report ("ethsecp256k1" on Injective, coin type 60).
 * With `ledger`, the key reports isNanoLedger like a Ledger in Keplr: it signs amino JSON only
 * (`w` is then an amino wallet) and refuses direct signing. `hold`, when set to a promise,
 * keeps every signature waiting until it resolves (a transaction pending in the wallet).
 */
function makeBridge(w, algo, { ledger = false } = {}) {
  const calls = [];
  const suggested = new Map();
  const tokens = [];
  const bridge = { fn, calls, suggested, tokens, hold: null };
  async function fn(method, argJson) {
    const arg = JSON.parse(argJson);
    calls.push(method);
    switch (method) {
      case "experimentalSuggestChain":
        suggested.set(arg.chainId, arg);
        return "null";
      case "enable":
        for (const id of [arg].flat()) if (!suggested.has(id)) throw new Error(`There is no chain info for ${id}`);
        return "null";
      case "getKey": {
        const [a] = await w.getAccounts();
        return JSON.stringify({ name: "web-test", algo, pubKey: toBase64(a.pubkey), address: toBase64(new Uint8Array(20)), bech32Address: a.address, isNanoLedger: ledger });
      }
      case "getAccounts": {
        const accounts = await w.getAccounts();
        return JSON.stringify(accounts.map((a) => ({ address: a.address, algo, pubkey: toBase64(a.pubkey) })));
      }
      case "signDirect": {
        if (ledger) throw new Error("Ledger does not support direct signing");
        if (bridge.hold) await bridge.hold;
        const d = arg.signDoc;
        const { signed, signature } = await w.signDirect(arg.signerAddress, {
          bodyBytes: fromBase64(d.bodyBytes),
          authInfoBytes: fromBase64(d.authInfoBytes),
          chainId: d.chainId,
          accountNumber: BigInt(d.accountNumber),
        });
        return JSON.stringify({
          signed: { bodyBytes: toBase64(signed.bodyBytes), authInfoBytes: toBase64(signed.authInfoBytes), chainId: signed.chainId, accountNumber: signed.accountNumber.toString() },
          signature,
        });
      }
      case "signAmino": {
        if (typeof w.signAmino !== "function") throw new Error("this key signs direct only");
        if (bridge.hold) await bridge.hold;
        bridge.lastAminoDoc = arg.signDoc;
        return JSON.stringify(await w.signAmino(arg.signerAddress, arg.signDoc));
      }
      case "suggestToken":
        if (!suggested.has(arg.chainId)) throw new Error(`There is no chain info for ${arg.chainId}`);
        tokens.push(arg);
        return "null";
      default:
        throw new Error(`unknown wallet call ${method}`);
    }
  }
  return bridge;
}

/** A new page with the Keplr stand-in backed by `bridge`. */
async function pageWithKeplr(bridge) {
  const p = await context.newPage();
  p.on("pageerror", (e) => console.error("page error:", e.message));
  await p.exposeFunction("__mfWallet", bridge.fn);
  await p.addInitScript({ path: join(here, "keplr-standin.js") });
  return p;
}

/** Checks the page shows `text`, then saves a screenshot of it. */
async function shot(p, name, text) {
  await p.getByText(text, { exact: false }).first().waitFor({ state: "visible", timeout: TIMEOUT });
  const path = join(SHOTS, `${name}.png`);
  await p.screenshot({ path, fullPage: true });
  const png = readFileSync(path);
  assert.equal(png.subarray(1, 4).toString(), "PNG", `${path} is a PNG`);
  assert.ok(statSync(path).size > 5_000, `${path} has content`);
  const body = await p.locator("body").innerText();
  assert.ok(body.includes(text), `screenshot ${name}: page shows "${text}"`);
}

async function statusOf(p) {
  const el = p.locator("#status");
  await p.waitForFunction(() => ["ok", "error"].includes(document.querySelector("#status")?.dataset.kind ?? ""), null, { timeout: TIMEOUT });
  return { kind: await el.getAttribute("data-kind"), text: (await el.innerText()).trim() };
}

/** A fresh load of the page at `hash` (about:blank first, so even the same URL reloads). */
async function goto(p, hash) {
  await p.goto("about:blank");
  await p.goto(`${URL_}#${hash}`);
  await p.waitForFunction(() => document.body.dataset.ready === "1", null, { timeout: TIMEOUT });
}

/** Clicks `selector` and waits for the page's status line to settle; returns it. */
async function act(selector, p = page) {
  await p.evaluate(() => {
    document.querySelector("#status").dataset.kind = "idle";
  });
  await p.click(selector);
  return statusOf(p);
}

before(async () => {
  wallet = await DirectEthSecp256k1HdWallet.generate(12, { prefix: "inj", hdPaths: [stringToPath("m/44'/60'/0'/0/0")] });
  [{ address }] = await wallet.getAccounts();
  cli("fund", address, "10000000000000000000inj"); // 10 INJ from alice
  context = await chromium.launchPersistentContext(PROFILE, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(20_000);
});

after(async () => {
  await context?.close();
});

test("without Keplr the page says so and still shows the models (read-only)", async () => {
  const p = await context.newPage();
  await goto(p, "/");
  await p.locator(".model-row").first().waitFor();
  assert.match(await p.locator("#notice").innerText(), /Keplr is not installed/);
  assert.equal(await p.locator("#connect").isDisabled(), true);
  await shot(p, "01-no-keplr", "Web Test LLM");
  await goto(p, `/model/${MODEL.model_id}`);
  await shot(p, "02-no-keplr-model", "hard cap");
  await p.close();
});

test("connect: the page suggests the chain to Keplr, enables it and shows the account", async () => {
  main = makeBridge(wallet, "ethsecp256k1");
  page = await pageWithKeplr(main);
  await goto(page, "/");
  assert.equal(await page.locator("#notice").isHidden(), true);
  const st = await act("#connect");
  assert.equal(st.kind, "ok", st.text);
  assert.equal((await page.locator("#address").innerText()).trim(), address);
  const info = main.suggested.get(CHAIN_ID);
  assert.ok(info, "experimentalSuggestChain was called for injective-777");
  assert.equal(info.bip44.coinType, 60);
  assert.equal(info.bech32Config.bech32PrefixAccAddr, "inj");
  assert.equal(info.feeCurrencies[0].coinMinimalDenom, "inj");
  assert.ok(info.features.includes("eth-key-sign"));
  assert.ok(main.calls.indexOf("experimentalSuggestChain") < main.calls.indexOf("enable"), "suggest before enable");
  await shot(page, "03-connected", "10 INJ");
  // a reload reconnects by itself (Keplr keeps the permission; the page remembers the chain)
  await goto(page, "/");
  assert.equal((await page.locator("#address").innerText()).trim(), address);
});

test("contribute: a too small amount is refused with a sentence, then 2 INJ reach the hard cap", async () => {
  await goto(page, `/model/${MODEL.model_id}`);
  // the presale opens a few seconds after the launch
  for (let i = 0; ; i++) {
    if ((await page.locator("#presale .phase-open").count()) > 0) break;
    assert.ok(i < 60, "presale did not open");
    await sleep(1000);
    await goto(page, `/model/${MODEL.model_id}`);
  }
  // "1,000" was read as 1 INJ: now refused with a sentence, before anything is signed
  const signs = main.calls.filter((c) => c === "signDirect").length;
  assert.equal((await page.locator('label[for="contribute-amount"]').innerText()).trim(), "Amount in INJ");
  await page.fill("#contribute-amount", "1,000");
  const ambiguous = '"1,000" is ambiguous: use "." as the decimal point and no thousands separators (one thousand is 1000, one and a half is 1.5).';
  assert.equal((await page.locator("#contribute-preview").innerText()).trim(), ambiguous);
  let st = await act("#contribute");
  assert.equal(st.kind, "error");
  assert.equal(st.text, ambiguous);
  assert.equal(main.calls.filter((c) => c === "signDirect").length, signs, "nothing was signed");
  await shot(page, "04a-contribute-ambiguous", "is ambiguous");
  // the exact amount is shown before signing
  await page.fill("#contribute-amount", "0.05");
  assert.equal((await page.locator("#contribute-preview").innerText()).trim(), "You will send exactly 0.05 INJ (50000000000000000 inj) to the presale.");
  st = await act("#contribute");
  assert.equal(st.kind, "error");
  assert.equal(st.text, "The minimum contribution per address is 0.1 INJ.");
  assert.equal(query(MODEL.presale, { contribution: { address } }).amount, "0");
  await shot(page, "04-contribute-refused", "The minimum contribution per address is 0.1 INJ.");

  await page.fill("#contribute-amount", "2");
  st = await act("#contribute");
  assert.equal(st.kind, "ok", st.text);
  // the status line links the transaction to the chain's explorer (config.json's explorerTxPage)
  const link = await page.locator("#status a").getAttribute("href");
  assert.match(link, /^https:\/\/explorer\.test\.invalid\/tx\/[0-9A-F]{64}$/);
  const c = query(MODEL.presale, { contribution: { address } });
  assert.equal(c.amount, "2000000000000000000");
  assert.equal(c.shares, "2000000");
  const state = query(MODEL.presale, { state: {} });
  assert.equal(state.raised, "2000000000000000000");
  assert.equal(state.phase, "ended");
  assert.equal((await page.locator("#raised").innerText()).trim(), "2 INJ");
  // the presale progress is a progressbar for assistive technology
  const bar = page.locator('#presale [role="progressbar"]');
  assert.equal(await bar.getAttribute("aria-valuenow"), "100");
  assert.equal(await bar.getAttribute("aria-valuetext"), "2 INJ of 2 INJ (100%)");
  // at the goal (here the hard cap) contributions are locked: no withdraw offered
  assert.equal(await page.locator("#withdraw").count(), 0);
  await shot(page, "05-contributed", "You contributed 2 INJ");
});

test("contribute to a second presale that will miss its soft cap, and withdraw part of it below the goal", async () => {
  await goto(page, `/model/${REFUND.model_id}`);
  await page.fill("#contribute-amount", "1.5");
  let st = await act("#contribute");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(REFUND.presale, { contribution: { address } }).amount, "1500000000000000000");
  // below the soft cap the page offers withdraw; more than the contribution is refused with a sentence
  await page.fill("#withdraw-amount", "2");
  st = await act("#withdraw");
  assert.equal(st.kind, "error");
  assert.equal(st.text, "Cannot withdraw more than the contribution of 1.5 INJ.");
  await page.fill("#withdraw-amount", "0.25");
  assert.equal((await page.locator("#withdraw-preview").innerText()).trim(), "You will take back exactly 0.25 INJ (250000000000000000 inj) from the presale.");
  st = await act("#withdraw");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(REFUND.presale, { contribution: { address } }).amount, "1250000000000000000");
  assert.equal(query(REFUND.presale, { state: {} }).withdrawn, "250000000000000000");
  await shot(page, "05b-refund-model-contributed", "You contributed 1.25 INJ");
});

test("finalize (CLI), then claim the shares from the page", async () => {
  cli("finalize", MODEL.presale);
  assert.equal(query(MODEL.presale, { state: {} }).phase, "succeeded");
  await goto(page, `/model/${MODEL.model_id}`);
  const st = await act("#claim");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(MODEL.shares, { balance: { address } }).balance, "2000000");
  assert.equal(query(MODEL.presale, { contribution: { address } }).claimed, true);
  await shot(page, "06-claimed", "(claimed)");
});

test("suggestToken: the model's shares are offered to Keplr from the model page", async () => {
  const st = await act("#suggest-token");
  assert.equal(st.kind, "ok", st.text);
  assert.deepEqual(main.tokens, [{ chainId: CHAIN_ID, contractAddress: MODEL.shares, viewingKey: null }]);
  assert.match(st.text, /^WTLLM \(inj1[0-9a-z]+\) is in Keplr now/);
  await shot(page, "06b-suggest-token", "is in Keplr now");
});

test("accessibility basics: a live status region, a label for every input, a progressbar", async () => {
  assert.equal(await page.locator("#status-region").getAttribute("aria-live"), "polite");
  assert.equal(await page.locator("#status-region").getAttribute("role"), "status");
  assert.equal(await page.locator("#status-region #status").count(), 1);
  for (const hash of [`/model/${MODEL.model_id}/usage`, `/model/${MODEL.model_id}/dao`]) {
    await goto(page, hash);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll("#main input, #main select, #main textarea")].filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id || el.outerHTML),
    );
    assert.ok((await page.locator("#main input, #main select").count()) > 0, `${hash} has inputs`);
    assert.deepEqual(unlabelled, [], `${hash}: every input has a <label>`);
  }
  await goto(page, `/model/${REFUND.model_id}`);
  assert.equal(await page.locator('[role="progressbar"]').getAttribute("aria-valuenow"), "12.5");
});

let proposalId;
test("vote yes from the page on a proposal opened from the CLI", async () => {
  await sleep(1500); // the claim's checkpoint applies from the next block
  proposalId = Number(cli("propose", MODEL.governance, JSON.stringify({ propose: { title: "Approve the test gateways", description: "Let the gateways meter calls.", actions: [{ approve_gateway: { gateway: GATEWAY } }, { approve_gateway: { gateway: HTTP_GATEWAY.address } }] } })));
  assert.ok(proposalId >= 1);
  await goto(page, `/model/${MODEL.model_id}/dao`);
  await page.locator(`#proposal-${proposalId}`).waitFor();
  const st = await act(`#proposal-${proposalId} button.vote[data-vote="yes"]`);
  assert.equal(st.kind, "ok", st.text);
  const ballot = query(MODEL.governance, { vote: { proposal_id: proposalId, voter: address } });
  assert.equal(ballot.vote, "yes");
  assert.equal(ballot.power, "2000000");
  const prop = query(MODEL.governance, { proposal: { proposal_id: proposalId } });
  assert.equal(prop.tally.yes, "2000000");
  assert.equal(prop.status, "passed"); // 2 of 2.5 shares: nothing left can change the outcome
  await shot(page, "07-voted", "You voted yes with 2 WTLLM");
});

test("execute: refused with a sentence during the timelock, accepted after it", async () => {
  let st = await act(`#proposal-${proposalId} button.execute`);
  assert.equal(st.kind, "error");
  assert.match(st.text, new RegExp(`^Proposal ${proposalId} passed but is in its timelock until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\.$`));
  await shot(page, "08-execute-timelocked", "is in its timelock until");
  const prop = query(MODEL.governance, { proposal: { proposal_id: proposalId } });
  const wait = Number(BigInt(prop.executable_at) / 1_000_000n) - Date.now() + 2500;
  if (wait > 0) await sleep(wait);
  await goto(page, `/model/${MODEL.model_id}/dao`);
  st = await act(`#proposal-${proposalId} button.execute`);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(MODEL.governance, { proposal: { proposal_id: proposalId } }).status, "executed");
  assert.deepEqual(query(MODEL.access, { gateways: { model_id: MODEL.model_id } }).gateways.sort(), [GATEWAY, HTTP_GATEWAY.address].sort());
  await shot(page, "09-executed", "executed");
});

const RECIPIENT = "inj1grjkdvjw3glcgm2vlsnmqv2cmnkqy7cmxk6wn9"; // alice
let spendId;
test("propose a treasury spend from the page: an ambiguous amount is refused, the exact action is previewed", async () => {
  await goto(page, `/model/${MODEL.model_id}/dao`);
  const before = query(MODEL.governance, { proposal_count: {} });
  // only the chosen action's fields are shown
  await page.selectOption("#propose-kind", "set_pricing_plan");
  assert.equal(await page.locator("#propose-plan-id").isVisible(), true);
  assert.equal(await page.locator("#propose-calls-per-pack").isVisible(), true);
  assert.equal(await page.locator("#propose-lease-days").isVisible(), false);
  assert.equal(await page.locator("#propose-recipient").isVisible(), false);
  await page.selectOption("#propose-kind", "spend_treasury");
  assert.equal(await page.locator("#propose-plan-id").isVisible(), false);
  assert.equal(await page.locator("#propose-recipient").isVisible(), true);
  await page.fill("#propose-title", "Pay the data labeller");
  await page.fill("#propose-description", "0.1 INJ for the labelled set.");
  await page.fill("#propose-recipient", RECIPIENT);
  await page.fill("#propose-amount", "1,000");
  assert.match(await page.locator("#propose-preview").innerText(), /"1,000" is ambiguous/);
  let st = await act("#propose-submit");
  assert.equal(st.kind, "error");
  assert.match(st.text, /^"1,000" is ambiguous/);
  assert.deepEqual(query(MODEL.governance, { proposal_count: {} }), before, "nothing was proposed");
  await page.fill("#propose-amount", "0.1");
  const preview = await page.locator("#propose-preview").innerText();
  assert.ok(preview.includes("send 0.1 INJ (100000000000000000 inj) to " + RECIPIENT), preview);
  await shot(page, "09b-propose-preview", "100000000000000000 inj");
  st = await act("#propose-submit");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(st.text.startsWith("Proposed “Pay the data labeller”."), true, st.text);
  const { proposals } = query(MODEL.governance, { proposals: { descending: true, limit: 1 } });
  spendId = proposals[0].id;
  assert.equal(proposals[0].title, "Pay the data labeller");
  assert.deepEqual(proposals[0].actions, [{ spend_treasury: { recipient: RECIPIENT, amount: [{ denom: "inj", amount: "100000000000000000" }] } }]);
});

test("the spend proposal shows its recipient, amount and my power before I vote; a second click while pending sends nothing", async () => {
  await sleep(1500);
  await goto(page, `/model/${MODEL.model_id}/dao`);
  const card = page.locator(`#proposal-${spendId}`);
  await card.waitFor();
  const action = card.locator('li[data-action="spend_treasury"]');
  assert.equal((await action.locator(".recipient").innerText()).trim(), RECIPIENT);
  assert.equal((await action.locator(".amount").innerText()).trim(), "0.1 INJ");
  assert.match(await action.innerText(), /\(100000000000000000 inj\)/);
  const prop = query(MODEL.governance, { proposal: { proposal_id: spendId } });
  const power = query(MODEL.shares, { voting_power_at_height: { address, height: prop.start_height } }).power;
  assert.equal(power, "2000000");
  assert.equal((await card.locator(".my-power").innerText()).trim(),
    `Your voting power on it: 2 WTLLM (your votes at block ${prop.start_height}, the proposal's start).`);
  assert.equal(await card.locator("button.vote").count(), 3, "the vote buttons are there before voting");
  await shot(page, "09c-spend-before-vote", RECIPIENT);

  // the wallet keeps the signature pending until we release it
  let release;
  main.hold = new Promise((r) => (release = r));
  const signs = main.calls.filter((c) => c === "signDirect").length;
  await page.evaluate(() => (document.querySelector("#status").dataset.kind = "idle"));
  await card.locator('button.vote[data-vote="yes"]').click();
  await page.waitForFunction(() => document.querySelector("#status")?.dataset.kind === "pending");
  for (let i = 0; i < 50 && main.calls.filter((c) => c === "signDirect").length === signs; i++) await sleep(100);
  assert.equal(main.calls.filter((c) => c === "signDirect").length, signs + 1, "the first click asks the wallet");
  // every action button is disabled while pending ...
  const enabled = await page.evaluate(() => [...document.querySelectorAll("#main button")].filter((b) => !b.disabled).map((b) => b.id || b.textContent));
  assert.deepEqual(enabled, [], "no button is enabled while the vote is pending");
  assert.equal(await page.locator("#main").getAttribute("aria-busy"), "true");
  await shot(page, "09d-vote-pending", "Voting yes on proposal");
  // ... and even a click that gets through (a re-enabled button) sends nothing
  await page.evaluate((id) => {
    for (const vote of ["yes", "no"]) {
      const b = document.querySelector(`#proposal-${id} button.vote[data-vote="${vote}"]`);
      b.disabled = false;
      b.click();
    }
  }, spendId);
  await sleep(1000);
  assert.equal(main.calls.filter((c) => c === "signDirect").length, signs + 1, "the second click sent nothing to the wallet");
  main.hold = null;
  release();
  const st = await statusOf(page);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(main.calls.filter((c) => c === "signDirect").length, signs + 1);
  const ballot = query(MODEL.governance, { vote: { proposal_id: spendId, voter: address } });
  assert.equal(ballot.vote, "yes");
  assert.equal(ballot.power, "2000000");
  const after = query(MODEL.governance, { proposal: { proposal_id: spendId } });
  assert.equal(after.tally.yes, "2000000");
  assert.equal(after.tally.no, "0");
  assert.equal(await page.locator("#main button:disabled").count(), 0, "buttons are enabled again");
  await shot(page, "09e-voted-once", "You voted yes with 2 WTLLM");
});

test("usage: buy credits and grant the gateway from the page", async () => {
  await goto(page, `/model/${MODEL.model_id}/usage`);
  await page.fill("#packs-pack", "2");
  assert.equal((await page.locator("#packs-preview-pack").innerText()).trim(), "You will send exactly 0.2 INJ (200000000000000000 inj) for 2 packs.");
  let st = await act('button.buy-credits[data-plan="pack"]');
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(MODEL.access, { credits: { model_id: MODEL.model_id, user: address } }).credits, 200);
  assert.equal((await page.locator("#my-credits").innerText()).trim(), "200");
  await shot(page, "10-credits", "Bought 2 pack(s) of pack");

  // the first approved gateway is filled in; we grant the localnet's gateway key
  const approved = query(MODEL.access, { gateways: { model_id: MODEL.model_id } }).gateways;
  assert.equal(await page.inputValue("#grant-gateway"), approved[0]);
  await page.fill("#grant-gateway", GATEWAY);
  await page.fill("#grant-calls", "50");
  st = await act("#grant");
  assert.equal(st.kind, "ok", st.text);
  assert.deepEqual(query(MODEL.access, { grants: { model_id: MODEL.model_id, user: address } }).grants, [{ gateway: GATEWAY, calls: 50, session_key: null }]);
  await shot(page, "11-granted", "Granted 50 calls");
});

test("revenue: my shares and the revenue of the credit sale, claimed from the page", async () => {
  await goto(page, `/model/${MODEL.model_id}/revenue`);
  // 0.2 INJ paid for credits; no splits; 2 of the 2.5 shares are ours: 0.16 INJ
  const before = query(MODEL.shares, { claimable_revenue: { address } }).claimable;
  assert.deepEqual(before, [{ denom: "inj", amount: "160000000000000000" }]);
  assert.equal((await page.locator("#my-shares").innerText()).trim(), "2 WTLLM");
  assert.equal((await page.locator("#claimable").innerText()).trim(), "0.16 INJ");
  const bankBefore = BigInt(cli("balance", address));
  const st = await act("#claim-revenue");
  assert.equal(st.kind, "ok", st.text);
  assert.deepEqual(query(MODEL.shares, { claimable_revenue: { address } }).claimable, []);
  const bankAfter = BigInt(cli("balance", address));
  assert.ok(bankAfter > bankBefore, "the claimed revenue is more than the fee");
  await shot(page, "12-revenue-claimed", "Revenue claimed");
});

test("a failed presale: finalize and refund from the page", async () => {
  const cfg = query(REFUND.presale, { config: {} });
  const wait = Number(BigInt(cfg.end) / 1_000_000n) - Date.now() + 2000;
  if (wait > 0) await sleep(wait);
  await goto(page, `/model/${REFUND.model_id}`);
  let st = await act("#finalize");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(REFUND.presale, { state: {} }).phase, "failed");
  const bankBefore = BigInt(cli("balance", address));
  st = await act("#refund");
  assert.equal(st.kind, "ok", st.text);
  const c = query(REFUND.presale, { contribution: { address } });
  assert.equal(c.refunded, true);
  assert.equal(query(REFUND.presale, { state: {} }).refunded, "1250000000000000000");
  const bankAfter = BigInt(cli("balance", address));
  // the refund minus one transaction fee (well under 0.01 INJ)
  assert.ok(bankAfter - bankBefore > 1240000000000000000n, `refund arrived: ${bankAfter - bankBefore}`);
  await shot(page, "14-refunded", "(refunded)");
});

test("a plain secp256k1 account (not an Ethereum key) signs too: it buys a lease", async () => {
  const plain = await DirectSecp256k1HdWallet.generate(12, { prefix: "inj" });
  const [{ address: who }] = await plain.getAccounts();
  cli("fund", who, "2000000000000000000inj");
  const p = await pageWithKeplr(makeBridge(plain, "secp256k1"));
  await goto(p, `/model/${MODEL.model_id}/usage`);
  assert.equal((await act("#connect", p)).kind, "ok");
  const st = await act('button.buy-lease[data-plan="pro-lease"]', p);
  assert.equal(st.kind, "ok", st.text);
  const { licenses } = query(MODEL.access, { licenses: { owner: who } });
  assert.equal(licenses.length, 1);
  assert.equal(licenses[0].info.plan_id, "pro-lease");
  assert.equal(licenses[0].info.model_id, MODEL.model_id);
  assert.equal(licenses[0].info.calls_left, 10000);
  await shot(p, "13-lease-secp256k1", "Bought lease pro-lease");
  await p.close();
});

test("a Ledger key in Keplr (amino only) signs with amino JSON: it buys credits", async () => {
  // getOfflineSignerAuto returns an amino-only signer for a Ledger key: the page must not ask
  // for a direct signature, and the chain must accept the SIGN_MODE_LEGACY_AMINO_JSON tx
  const ledger = await Secp256k1HdWallet.generate(12, { prefix: "inj" });
  const [{ address: who }] = await ledger.getAccounts();
  cli("fund", who, "2000000000000000000inj");
  const bridge = makeBridge(ledger, "secp256k1", { ledger: true });
  const p = await pageWithKeplr(bridge);
  await goto(p, `/model/${MODEL.model_id}/usage`);
  assert.equal((await act("#connect", p)).kind, "ok");
  await p.fill("#packs-pack", "3");
  const st = await act('button.buy-credits[data-plan="pack"]', p);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(bridge.calls.filter((c) => c === "signAmino").length, 1, "one amino signature");
  assert.equal(bridge.calls.includes("signDirect"), false, "no direct signature was asked of the Ledger");
  const doc = bridge.lastAminoDoc;
  assert.equal(doc.chain_id, CHAIN_ID);
  assert.equal(doc.msgs[0].type, "wasm/MsgExecuteContract");
  assert.deepEqual(doc.msgs[0].value.msg, { buy_credits: { model_id: MODEL.model_id, plan_id: "pack", packs: 3 } });
  assert.deepEqual(doc.msgs[0].value.funds, [{ denom: "inj", amount: "300000000000000000" }]);
  assert.equal(query(MODEL.access, { credits: { model_id: MODEL.model_id, user: who } }).credits, 300);
  await shot(p, "15-ledger-amino", "Bought 3 pack(s) of pack");
  await p.close();
});

test("exit during a timelock: the page shows the window and what I would receive, and the exit pays exactly that", async () => {
  // the creator proposes a spend and votes yes with 0.5 WTLLM; my abstention (2 WTLLM) reaches
  // the quorum and passes it without my yes, so its timelock is my exit window
  const exitId = Number(cli("propose", MODEL.governance, JSON.stringify({ propose: { title: "Pay the creator's friend", description: "A spend I disagree with.", actions: [{ spend_treasury: { recipient: RECIPIENT, amount: [{ denom: "inj", amount: "100000000000000000" }] } }] } })));
  cli("vote", MODEL.governance, String(exitId), "yes");
  await goto(page, `/model/${MODEL.model_id}/dao`);
  let st = await act(`#proposal-${exitId} button.vote[data-vote="abstain"]`);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(MODEL.governance, { proposal: { proposal_id: exitId } }).status, "passed");
  await goto(page, `/model/${MODEL.model_id}/dao`);
  const card = page.locator(`#exit-${exitId}`);
  await card.waitFor();
  assert.match(await card.locator(".exit-window").innerText(), /^Exit window open until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in .+\): you did not vote yes, so you may burn up to 2 WTLLM/);
  assert.equal(await page.locator(`#exit-shares-${exitId}`).inputValue(), "2");
  // a part of my stake: the page shows the contract's own quote before anything is signed
  const denoms = query(MODEL.governance, { treasury: {} }).balances.map((c) => c.denom);
  const quote = query(MODEL.governance, { exit_quote: { proposal_id: exitId, holder: address, shares: "500000", denoms } });
  assert.equal(quote.allowed, true, quote.reason);
  await page.fill(`#exit-shares-${exitId}`, "0.5");
  const expected = `You would receive ${(Number(BigInt(quote.payout[0].amount) / 10n ** 12n) / 1e6).toString()} INJ.`;
  await page.waitForFunction(([id, text]) => document.querySelector(`#exit-payout-${id}`)?.textContent === text, [exitId, expected], { timeout: TIMEOUT });
  await shot(page, "16-exit-window", "Exit window open until");
  const daoBefore = BigInt(cli("balance", MODEL.governance));
  const supplyBefore = BigInt(query(MODEL.shares, { token_info: {} }).total_supply);
  st = await act(`#exit-${exitId} button.exit-submit`);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(st.text.startsWith("Exited: 0.5 WTLLM burned."), true, st.text);
  assert.equal(daoBefore - BigInt(cli("balance", MODEL.governance)), BigInt(quote.payout[0].amount));
  assert.equal(supplyBefore - BigInt(query(MODEL.shares, { token_info: {} }).total_supply), 500000n);
  assert.equal(query(MODEL.shares, { balance: { address } }).balance, "1500000");
  await shot(page, "17-exited", "Exited: 0.5 WTLLM burned");
});

test("delegation: a bad address is refused with a sentence, my vote goes through another account, and I take it back", async () => {
  await goto(page, `/model/${MODEL.model_id}/dao`);
  const status = page.locator("#delegation-status");
  await status.waitFor();
  assert.match(await status.innerText(), /^You vote with your own shares\. Your voting power from the next block on: 1\.5 WTLLM\./);
  // a typo in the address: nothing is signed
  const signs = () => main.calls.filter((c) => c === "signDirect").length;
  const signed = signs();
  await page.fill("#delegate-to", "inj1notanaddress");
  let st = await act("#delegate-submit");
  assert.equal(st.kind, "error", st.text);
  assert.match(st.text, /is not a valid address/);
  await page.fill("#delegate-to", address);
  st = await act("#delegate-submit");
  assert.equal(st.kind, "error", st.text);
  assert.match(st.text, /your own address/);
  assert.equal(signs(), signed, "nothing was signed for a refused input");

  // my 1.5 WTLLM vote through the localnet's gateway key from the next block on
  const before = BigInt(query(MODEL.shares, { delegation: { address: GATEWAY } }).power);
  await page.fill("#delegate-to", GATEWAY);
  st = await act("#delegate-submit");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(st.text.startsWith(`Your vote goes through ${GATEWAY} from the next block on.`), true, st.text);
  const mine = query(MODEL.shares, { delegation: { address } });
  assert.deepEqual([mine.delegate, mine.delegated, mine.power], [GATEWAY, "1500000", "0"]);
  assert.equal(BigInt(query(MODEL.shares, { delegation: { address: GATEWAY } }).power) - before, 1500000n);
  const listed = query(MODEL.shares, { delegators: { delegate: GATEWAY, start_after: null, limit: null } }).delegators;
  assert.deepEqual(listed, [{ address, balance: "1500000" }]);
  await goto(page, `/model/${MODEL.model_id}/dao`);
  await status.waitFor();
  assert.match(await status.innerText(), new RegExp(`^Your 1\\.5 WTLLM vote through ${GATEWAY}\\. Your shares, their revenue and your right to exit stay yours\\. Your voting power from the next block on: 0 WTLLM\\.`));
  await shot(page, "18-delegated", "vote through");

  // and back: the gateway key loses exactly my votes again
  st = await act("#undelegate");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(query(MODEL.shares, { delegation: { address } }).delegate, null);
  assert.equal(BigInt(query(MODEL.shares, { delegation: { address: GATEWAY } }).power), before);
  await goto(page, `/model/${MODEL.model_id}/dao`);
  await status.waitFor();
  assert.match(await status.innerText(), /^You vote with your own shares\./);
});

// ---------- "Try the model": a payment channel opened once, then calls paid by the page ----------
const signatures = () => main.calls.filter((c) => c === "signDirect").length;
/** The voucher headers the page sent to the gateway (POST /v1/chat/completions), in order. */
const sentVouchers = [];
let tryChannel; // the channel the page opened
let signsAfterOpen;

/** Types a question and sends it; returns the status line. */
async function ask(question) {
  await page.fill("#try-prompt", question);
  return act("#try-send");
}

test("try the model: a deposit above the balance is refused with a sentence; one Keplr signature opens the channel", async () => {
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().startsWith(`${HTTP_GATEWAY.url}/v1/chat/completions`)) sentVouchers.push(r.headers()["x-modelfund-voucher"]);
  });
  await goto(page, `/model/${MODEL.model_id}/try`);
  await page.locator("#try-open").waitFor();
  assert.equal((await page.locator("#try-gateway").innerText()).trim(), HTTP_GATEWAY.address);
  assert.equal((await page.locator("#try-gateway-url").innerText()).trim(), HTTP_GATEWAY.url);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("#main input, #main select, #main textarea")].filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id),
  );
  assert.deepEqual(unlabelled, [], "every input of the Try tab has a <label>");
  const signs = signatures();
  // more than the wallet holds: the chain's simulation refuses it before anything is signed
  await page.fill("#try-deposit", "1000");
  assert.equal((await page.locator("#try-deposit-preview").innerText()).trim(),
    `You will send exactly 1000 INJ (1000000000000000000000 inj) into a payment channel with ${HTTP_GATEWAY.address}: 1000000 calls at 0.001 INJ.`);
  let st = await act("#try-open");
  assert.equal(st.kind, "error", st.text);
  assert.equal(st.text, "Your balance is too low for this amount plus the transaction fee.");
  assert.equal(signatures(), signs, "nothing was signed");
  await shot(page, "19-try-deposit-above-balance", "Your balance is too low");
  // an ambiguous amount is refused as in every other form
  await page.fill("#try-deposit", "0,01");
  st = await act("#try-open");
  assert.equal(st.kind, "error");
  assert.match(st.text, /^"0,01" is ambiguous/);

  await page.fill("#try-deposit", "0.01");
  await page.fill("#try-days", "7");
  assert.equal((await page.locator("#try-deposit-preview").innerText()).trim(),
    `You will send exactly 0.01 INJ (10000000000000000 inj) into a payment channel with ${HTTP_GATEWAY.address}: 10 calls at 0.001 INJ.`);
  const voucherKey = (await page.locator("#try-session-key").innerText()).trim();
  st = await act("#try-open");
  assert.equal(st.kind, "ok", st.text);
  assert.ok(st.text.startsWith("Channel opened with 0.01 INJ (10000000000000000 inj)."), st.text);
  assert.equal(signatures(), signs + 1, "one Keplr signature");
  signsAfterOpen = signatures();
  const { channels } = query(deploy.channels, { channels_by_user: { user: address } });
  assert.equal(channels.length, 1);
  tryChannel = channels[0];
  assert.equal(tryChannel.voucher_key, voucherKey, "the channel's voucher key is the page's session key");
  assert.equal(tryChannel.gateway, HTTP_GATEWAY.address);
  assert.equal(tryChannel.model_id, MODEL.model_id);
  assert.equal(tryChannel.plan_id, "per-call");
  assert.equal(tryChannel.deposit, "10000000000000000");
  assert.equal(tryChannel.status, "open");
  // the session key stays in this browser, keyed by chain, channels contract and wallet
  const stored = await page.evaluate((k) => localStorage.getItem(k), `modelfund.session-key.${CHAIN_ID}.${deploy.channels}.${address}`);
  assert.match(stored, /^[0-9a-f]{64}$/);
  // the page switched to the chat of this channel
  assert.equal((await page.locator("#try-channel").innerText()).trim(), String(tryChannel.channel_id));
  assert.equal((await page.locator("#try-spent").innerText()).trim(), "0 INJ");
  assert.equal((await page.locator("#try-remaining").innerText()).trim(), "0.01 INJ");
});

test("try the model: two questions answered with no further signature; spent and remaining follow; a double click sends once", async () => {
  assert.ok(tryChannel, "the channel was opened");
  let st = await ask("What does a model DAO do?");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(st.text, `Answered: 0.001 INJ for this call; 0.001 INJ of 0.01 INJ spent on channel ${tryChannel.channel_id}.`);
  // the second question, clicked twice while the first click's call is in flight
  await page.fill("#try-prompt", "Who decides the model's price?");
  await page.evaluate(() => (document.querySelector("#status").dataset.kind = "idle"));
  await page.evaluate(() => {
    const b = document.querySelector("#try-send");
    b.click();
    b.disabled = false;
    b.click();
  });
  st = await statusOf(page);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(st.text, `Answered: 0.001 INJ for this call; 0.002 INJ of 0.01 INJ spent on channel ${tryChannel.channel_id}.`);
  await sleep(500);
  assert.equal(sentVouchers.length, 2, `one call per question: ${sentVouchers.join(" | ")}`);
  assert.deepEqual(sentVouchers.map((v) => v.split(":").slice(0, 2).join(":")), [`${tryChannel.channel_id}:${PER_CALL}`, `${tryChannel.channel_id}:${2n * PER_CALL}`]);
  assert.equal(signatures(), signsAfterOpen, "no Keplr signature per call");
  const turns = await page.locator("#chat-log li").allInnerTexts();
  assert.equal(turns.length, 4);
  assert.match(turns[0], /What does a model DAO do\?/);
  assert.ok(turns[1].replace(MODEL.model_id, "").trim().length > 0, "an answer came back");
  assert.match(turns[2], /Who decides the model's price\?/);
  assert.equal((await page.locator("#try-spent").innerText()).trim(), "0.002 INJ");
  assert.equal((await page.locator("#try-remaining").innerText()).trim(), "0.008 INJ");
  assert.equal((await page.locator("#try-deposit-total").innerText()).trim(), "0.01 INJ");
  await shot(page, "20-try-chat", "0.002 INJ of 0.01 INJ spent");
});

test("try the model: a reload continues from the stored amount; a lost record is the gateway's refusal as a sentence", async () => {
  assert.ok(tryChannel, "the channel was opened");
  await goto(page, `/model/${MODEL.model_id}/try`);
  await page.locator("#try-send").waitFor();
  assert.equal((await page.locator("#try-spent").innerText()).trim(), "0.002 INJ");
  let st = await ask("And after a reload?");
  assert.equal(st.kind, "ok", st.text);
  assert.equal(st.text, `Answered: 0.001 INJ for this call; 0.003 INJ of 0.01 INJ spent on channel ${tryChannel.channel_id}.`);
  assert.equal(sentVouchers.at(-1).split(":")[1], String(3n * PER_CALL));
  assert.equal((await page.locator("#try-remaining").innerText()).trim(), "0.007 INJ");

  // as if the channel had been used from another browser: this one remembers nothing
  const slot = `modelfund.answered.${CHAIN_ID}.${deploy.channels}.${tryChannel.channel_id}.${tryChannel.opened_at}`;
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), slot), String(3n * PER_CALL));
  await page.evaluate((k) => localStorage.setItem(k, "0"), slot);
  st = await ask("Does the gateway take an old voucher?");
  assert.equal(st.kind, "error", st.text);
  assert.equal(st.text, `The gateway was already paid more on channel ${tryChannel.channel_id} than this browser remembers (was the channel used from another browser?); open a new channel to continue.`);
  assert.equal(sentVouchers.at(-1).split(":")[1], String(PER_CALL));
  await shot(page, "21-try-gateway-refused", "than this browser remembers");
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [slot, String(3n * PER_CALL)]);
  assert.equal(signatures(), signsAfterOpen, "still no Keplr signature");
});

/** A chain timestamp (nanoseconds) as the page shows it: "2026-12-01 10:00:00 UTC". */
const utc = (nanos) => new Date(Number(BigInt(nanos) / 1_000_000_000n) * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
const channelNow = (id) => query(deploy.channels, { channel: { channel_id: id } });

test("try the model: a top-up below one call's price is refused with a sentence and nothing signed; a top-up adds exactly its amount", async () => {
  assert.ok(tryChannel, "the channel was opened");
  await goto(page, `/model/${MODEL.model_id}/try`);
  await page.locator("#try-topup").waitFor();
  assert.equal((await page.locator('label[for="try-topup"]').innerText()).trim(), "Top up by (INJ)");
  const signs = signatures();
  const below = "A top-up must pay at least one call (0.001 INJ).";
  await page.fill("#try-topup", "0.0005");
  assert.equal((await page.locator("#try-topup-preview").innerText()).trim(), below);
  let st = await act("#try-topup-send");
  assert.equal(st.kind, "error", st.text);
  assert.equal(st.text, below);
  await page.fill("#try-topup", "0,005");
  st = await act("#try-topup-send");
  assert.equal(st.kind, "error", st.text);
  assert.match(st.text, /^"0,005" is ambiguous/);
  assert.equal(signatures(), signs, "nothing was signed");
  await shot(page, "21a-try-topup-refused", "is ambiguous");

  const before = BigInt(channelNow(tryChannel.channel_id).deposit);
  const heldBefore = BigInt(cli("balance", deploy.channels));
  await page.fill("#try-topup", "0.005");
  assert.equal((await page.locator("#try-topup-preview").innerText()).trim(),
    `You will add exactly 0.005 INJ (5000000000000000 inj) to channel ${tryChannel.channel_id}: 5 more calls.`);
  st = await act("#try-topup-send");
  assert.equal(st.kind, "ok", st.text);
  assert.ok(st.text.startsWith(`Added 0.005 INJ (5000000000000000 inj) to channel ${tryChannel.channel_id}.`), st.text);
  assert.equal(signatures(), signs + 1, "one Keplr signature");
  assert.equal(BigInt(channelNow(tryChannel.channel_id).deposit) - before, 5n * PER_CALL);
  assert.equal(BigInt(cli("balance", deploy.channels)) - heldBefore, 5n * PER_CALL);
  // the page shows the new deposit; 0.003 INJ was spent before
  assert.equal((await page.locator("#try-deposit-total").innerText()).trim(), "0.015 INJ");
  assert.equal((await page.locator("#try-remaining").innerText()).trim(), "0.012 INJ");
  assert.equal((await page.locator("#try-spent").innerText()).trim(), "0.003 INJ");
  await shot(page, "21b-try-topped-up", "Added 0.005 INJ");
});

test("try the model: open longer: an expiry not later than today's is refused with a sentence; 30 days from now is set on chain", async () => {
  assert.ok(tryChannel, "the channel was opened");
  const ch = channelNow(tryChannel.channel_id);
  const signs = signatures();
  const notLater = `Channel ${tryChannel.channel_id} is already open until ${utc(ch.expires_at)}: choose more days than that.`;
  await page.fill("#try-extend-days", "3");
  assert.equal((await page.locator("#try-extend-preview").innerText()).trim(), notLater);
  let st = await act("#try-extend");
  assert.equal(st.kind, "error", st.text);
  assert.equal(st.text, notLater);
  await page.fill("#try-extend-days", "366");
  st = await act("#try-extend");
  assert.equal(st.kind, "error", st.text);
  assert.equal(st.text, "A channel can stay open at most 365 days.");
  assert.equal(signatures(), signs, "nothing was signed");

  await page.fill("#try-extend-days", "30");
  assert.match((await page.locator("#try-extend-preview").innerText()).trim(),
    new RegExp(`^Channel ${tryChannel.channel_id} will stay open until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(now until ${utc(ch.expires_at)}\\)\\.$`));
  const t0 = Math.floor(Date.now() / 1000);
  st = await act("#try-extend");
  const t1 = Math.ceil(Date.now() / 1000);
  assert.equal(st.kind, "ok", st.text);
  assert.equal(signatures(), signs + 1, "one Keplr signature");
  const after = channelNow(tryChannel.channel_id);
  const seconds = Number(BigInt(after.expires_at) / 1_000_000_000n);
  assert.equal(BigInt(after.expires_at) % 1_000_000_000n, 0n);
  assert.ok(seconds >= t0 + 30 * 86400 && seconds <= t1 + 30 * 86400, `expires_at ${seconds} is 30 days after the click (${t0}..${t1})`);
  assert.ok(st.text.startsWith(`Channel ${tryChannel.channel_id} stays open until ${utc(after.expires_at)}.`), st.text);
  assert.equal(after.status, "open");
  assert.equal(after.deposit, String(15n * PER_CALL), "the top-up stays");
  assert.equal((await page.locator("#try-expires").innerText()).trim(), utc(after.expires_at));
  await shot(page, "21c-try-extended", "stays open until");
});

test("try the model: an expired channel past its grace is listed with its exact take-back; Close returns exactly deposit − claimed", async () => {
  assert.ok(tryChannel, "the channel was opened");
  // a second channel of this wallet that expires in a few seconds (the page offers whole days
  // only): opened through the CLI with the wallet's own key, imported into the localnet keyring
  const imported = execFileSync(join(here, "chain.sh"), ["import-key", "web-test"], { input: `${wallet.mnemonic}\n`, encoding: "utf8", stdio: ["pipe", "pipe", "inherit"] }).trim();
  assert.equal(imported, address, "the keyring's key is the page's wallet");
  const grace = query(deploy.channels, { config: {} }).grace_period_seconds;
  assert.equal(grace, 5, "test/chain.sh deploys the channels contract with a 5 s grace");
  const [acct] = await wallet.getAccounts();
  const deposit = 7n * PER_CALL + 1n; // odd, so the exact amount shows every digit
  const expires = Math.floor(Date.now() / 1000) + 12;
  cli("execute", "web-test", deploy.channels, JSON.stringify({ open: {
    model_id: MODEL.model_id, plan_id: "per-call", gateway: HTTP_GATEWAY.address, voucher_key: toBase64(acct.pubkey), expires_at: `${expires}000000000`,
  } }), `${deposit}inj`);
  const { channels } = query(deploy.channels, { channels_by_user: { user: address } });
  assert.equal(channels.length, 2);
  const old = channels.find((c) => c.channel_id !== tryChannel.channel_id);
  assert.equal(old.deposit, String(deposit));
  assert.equal(old.status, "open");
  // before its expiry plus the grace the page offers no close (and the contract would refuse it)
  await goto(page, `/model/${MODEL.model_id}/try`);
  await page.locator(`#try-row-${old.channel_id}`).waitFor();
  assert.equal(await page.locator(`#try-close-${old.channel_id}`).count(), 0);
  for (let i = 0; channelNow(old.channel_id).status !== "closable"; i++) {
    assert.ok(i < 60, "the channel did not become closable");
    await sleep(1000);
  }
  await goto(page, `/model/${MODEL.model_id}/try`);
  const row = page.locator(`#try-row-${old.channel_id}`);
  await row.waitFor();
  assert.equal((await row.locator(".try-status").innerText()).trim(), "closable");
  const claimed = BigInt(channelNow(old.channel_id).claimed);
  const takeBack = deposit - claimed;
  const button = page.locator(`#try-close-${old.channel_id}`);
  assert.equal((await button.innerText()).trim(), "Close and take back 0.007000000000000001 INJ");
  assert.equal(takeBack, 7000000000000001n);
  // the page's own channel is listed as open, without a close button, and the chat goes on with it
  assert.equal((await page.locator(`#try-row-${tryChannel.channel_id} .try-status`).innerText()).trim(), "open");
  assert.equal(await page.locator(`#try-close-${tryChannel.channel_id}`).count(), 0);
  assert.equal((await page.locator("#try-channel").innerText()).trim(), String(tryChannel.channel_id));
  await shot(page, "21d-try-closable", "Close and take back 0.007000000000000001 INJ");

  const heldBefore = BigInt(cli("balance", deploy.channels));
  const signs = signatures();
  const st = await act(`#try-close-${old.channel_id}`);
  assert.equal(st.kind, "ok", st.text);
  assert.ok(st.text.startsWith(`Channel ${old.channel_id} closed: 0.007000000000000001 INJ back to you.`), st.text);
  assert.equal(signatures(), signs + 1, "one Keplr signature");
  const closed = channelNow(old.channel_id);
  assert.equal(closed.status, "closed");
  assert.equal(closed.refunded, String(takeBack));
  assert.equal(heldBefore - BigInt(cli("balance", deploy.channels)), takeBack, "the contract paid out exactly deposit − claimed");
  // a closed channel leaves the list; the page's channel stays
  assert.equal(await page.locator(`#try-row-${old.channel_id}`).count(), 0);
  assert.equal(await page.locator(`#try-row-${tryChannel.channel_id}`).count(), 1);
  await shot(page, "21e-try-closed", "back to you");
});

test("try the model: stopping the gateway settles on chain exactly what the page spent (its TypeScript vouchers verify in the contract)", async () => {
  assert.ok(tryChannel, "the channel was opened");
  const sharesBefore = query(MODEL.shares, { revenue_config: {} }).distributed;
  cli("gateway-stop"); // SIGTERM: the gateway stops taking calls, claims its newest vouchers, exits
  const ch = query(deploy.channels, { channel: { channel_id: tryChannel.channel_id } });
  assert.equal(ch.claimed, String(3n * PER_CALL), "claimed on chain = the page's spent");
  // the claim paid the model's holders in the same transaction
  const inj = (list) => BigInt(list.find((c) => c.denom === "inj")?.amount ?? "0");
  assert.equal(inj(query(MODEL.shares, { revenue_config: {} }).distributed) - inj(sharesBefore), 3n * PER_CALL);
  await goto(page, `/model/${MODEL.model_id}/try`);
  // the page's spent is the chain's claimed; with the gateway gone the tab says so
  await page.locator("#try-unavailable").waitFor();
  assert.equal((await page.locator("#try-unavailable").innerText()).trim(), `The model's gateway at ${HTTP_GATEWAY.url} cannot be reached right now.`);
});
