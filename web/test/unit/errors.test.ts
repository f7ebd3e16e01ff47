import { test } from "node:test";
import assert from "node:assert/strict";
import { contractSentence, friendlyError } from "../../src/errors";

const inj = { denom: "inj", displayDenom: "INJ", decimals: 18 };

// Shapes as the node and CosmJS report them (tx result raw_log, and a failed simulation).
const txLog = (sentence: string) =>
  `failed to execute message; message index: 0: ${sentence}: execute wasm contract failed`;
const simLog = (sentence: string) =>
  `Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: ${sentence}: execute wasm contract failed [CosmWasm/wasmd@v0.53.0/x/wasm/keeper/keeper.go:436] With gas wanted: '18446744073709551615' and gas used: '131230' : unknown request`;

test("the presale's own sentences come out of a tx log and a simulation error", () => {
  assert.equal(friendlyError(new Error(txLog("the presale has ended")), inj), "The presale has ended.");
  assert.equal(friendlyError(new Error(simLog("the presale has ended")), inj), "The presale has ended.");
  assert.equal(friendlyError(new Error(simLog("the hard cap is reached")), inj), "The hard cap is reached.");
  assert.equal(friendlyError(new Error(txLog("shares already claimed")), inj), "Shares already claimed.");
});

test("timestamps and base amounts inside a sentence become readable", () => {
  assert.equal(
    friendlyError(new Error(simLog("the presale has not started yet; it opens at 2025-11-25T14:00:00Z")), inj),
    "The presale has not started yet; it opens at 2025-11-25 14:00:00 UTC.",
  );
  assert.equal(
    friendlyError(new Error(txLog("contribution below the minimum of 100000000000000000inj per address")), inj),
    "The minimum contribution per address is 0.1 INJ.",
  );
  assert.equal(
    friendlyError(new Error(txLog("wrong payment: send exactly 2000000000000000000inj (received 1000000000000000000inj)")), inj),
    "Wrong payment: send exactly 2 INJ (you sent 1 INJ).",
  );
});

test("contract sentences that need other words are rewritten", () => {
  assert.equal(
    friendlyError(new Error(txLog("this address already contributed its maximum of 2000000000000000000inj")), inj),
    "This address already contributed the maximum of 2 INJ.",
  );
  assert.equal(
    friendlyError(new Error(simLog("proposal 1 is in its timelock until 2025-11-25T14:01:01Z")), inj),
    "Proposal 1 passed but is in its timelock until 2025-11-25 14:01:01 UTC.",
  );
  assert.equal(
    friendlyError(new Error(simLog("proposal 3 is not open for voting (it is execution_failed)")), inj),
    "Proposal 3 is no longer open for voting (it is execution failed).",
  );
  assert.equal(
    friendlyError(new Error(simLog("no voting power at the proposal's start height 1234")), inj),
    "You held no shares when this proposal started (block 1234), so you cannot vote on it.",
  );
  assert.equal(
    friendlyError(new Error(simLog("claims are open only after a successful presale")), inj),
    "Shares can be claimed only after the presale succeeded and was finalized.",
  );
});

test("wallet and SDK errors without a contract sentence map to our own sentences", () => {
  assert.equal(friendlyError(new Error("Request rejected"), inj), "You rejected the request in Keplr.");
  assert.equal(
    friendlyError(new Error("Account 'inj1grjkdvjw3glcgm2vlsnmqv2cmnkqy7cmxk6wn9' does not exist on chain. Send some tokens there before trying to query sequence."), inj),
    "This address has no coins on the chain yet: fund it first (an account exists once it has received coins).",
  );
  assert.equal(
    friendlyError(new Error("Query failed with (6): rpc error: code = Unknown desc = spendable balance 10inj is smaller than 2000000000000000000inj: insufficient funds [cosmos/cosmos-sdk@v0.50.9/x/bank/keeper/send.go:278] With gas wanted"), inj),
    "Your balance is too low for this amount plus the transaction fee.",
  );
  assert.equal(
    friendlyError(new Error("Broadcasting transaction failed with code 32 (codespace: sdk). Log: account sequence mismatch, expected 5, got 4: incorrect account sequence"), inj),
    "Another transaction from this account was still pending; please try again.",
  );
  assert.equal(friendlyError(new TypeError("Failed to fetch"), inj), "The network node cannot be reached; check your connection or the node.");
  assert.equal(
    friendlyError(new Error(simLog("Must send reserve token 'inj'")), inj),
    "This needs a payment in inj.",
  );
  assert.equal(friendlyError(new Error("Received unsupported denom 'uatom'"), inj), "Payments in uatom are not accepted here.");
});

test("an unknown error never leaks its raw log", () => {
  const raw = "codespace: wasm, code: 5, [github.com/whatever/keeper.go:123] panic: weird internals 0xdeadbeef";
  const out = friendlyError(new Error(raw), inj);
  assert.ok(!out.includes("keeper.go") && !out.includes("0xdeadbeef"), out);
  assert.match(out, /^The transaction failed/);
  assert.match(friendlyError({ weird: true }), /^The transaction failed/);
});

test("contractSentence finds the sentence or nothing", () => {
  assert.equal(contractSentence(txLog("the presale has ended")), "the presale has ended");
  assert.equal(contractSentence("Generic error: Querier contract error: model x not found: query wasm contract failed"), "model x not found");
  assert.equal(contractSentence("something else"), undefined);
});

test("withdrawal and allowlist refusals read as sentences", () => {
  assert.equal(
    friendlyError(new Error(txLog("the goal of 100000000000000000000inj is reached: contributions can no longer be withdrawn")), inj),
    "The soft cap of 100 INJ is reached: contributions are locked until the presale settles.",
  );
  assert.equal(
    friendlyError(new Error(simLog("the presale is cancelled: refund returns the whole contribution")), inj),
    "The presale was cancelled: use Refund to get your whole contribution back.",
  );
  assert.equal(
    friendlyError(new Error(txLog("this presale has an allowlist: contribute with your cap and its proof")), inj),
    "Only allowlisted addresses may contribute: paste your allowlist entry first.",
  );
  assert.equal(
    friendlyError(new Error(txLog("cannot withdraw more than the contribution of 1250000000000000000inj")), inj),
    "Cannot withdraw more than the contribution of 1.25 INJ.",
  );
});
