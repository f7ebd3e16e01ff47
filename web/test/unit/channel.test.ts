import { test } from "node:test";
import assert from "node:assert/strict";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { AmountError, InputError } from "../../src/amounts";
import {
  answeredStorageKey,
  answerText,
  channelRows,
  checkTopUp,
  exactAmount,
  expiryNanos,
  extendExpiryNanos,
  gatewayErrorSentence,
  nextAmount,
  parseGatewayInfo,
  pickChannel,
  sessionKeyStorageKey,
  spentOf,
  voucherHeader,
} from "../../src/channel";
import { parseConfig } from "../../src/config";
import type { ChannelResponse } from "../../src/generated/Channels.types";
import { SessionKey, verifyVoucher } from "../../src/vouchers";

const CHANNELS = "inj1channels";
const GW = "inj1gateway";
const NOW = 1_800_000_000; // seconds
const nanos = (s: number) => `${BigInt(s) * 1_000_000_000n}`;

function channel(id: number, over: Partial<ChannelResponse> = {}): ChannelResponse {
  return {
    channel_id: id, user: "inj1user", gateway: GW, model_id: "demo-llm", plan_id: "per-call",
    voucher_key: toBase64(SessionKey.fromSeed("page").publicKey),
    terms: { price: { denom: "inj", amount: "1000" }, unit: "call", shares: "inj1shares" },
    deposit: "10000", claimed: "0", refunded: "0", status: "open",
    opened_at: nanos(NOW - 100), expires_at: nanos(NOW + 86400), claim_deadline: nanos(NOW + 90000),
    ...over,
  };
}

test("storage keys: per chain, contract and wallet; the answered amount also per channel opening", () => {
  assert.equal(sessionKeyStorageKey("injective-777", CHANNELS, "inj1me"), "modelfund.session-key.injective-777.inj1channels.inj1me");
  assert.notEqual(sessionKeyStorageKey("injective-888", CHANNELS, "inj1me"), sessionKeyStorageKey("injective-777", CHANNELS, "inj1me"));
  const a = answeredStorageKey("injective-777", CHANNELS, 1, "100");
  assert.equal(a, "modelfund.answered.injective-777.inj1channels.1.100");
  // a reset chain reuses channel 1: opened at another time, it starts afresh
  assert.notEqual(answeredStorageKey("injective-777", CHANNELS, 1, "200"), a);
});

test("spent: the stored answered amount, never below what the chain claimed; junk counts as nothing", () => {
  assert.equal(spentOf(null, "0"), 0n);
  assert.equal(spentOf("3000", "0"), 3000n);
  assert.equal(spentOf("3000", "5000"), 5000n);
  assert.equal(spentOf("1e3", "0"), 0n);
  assert.equal(spentOf("-5", "2000"), 2000n);
});

test("next voucher: spent plus one price, refused with a sentence past the deposit", () => {
  assert.equal(nextAmount(0n, 1000n, 10000n, 1), 1000n);
  assert.equal(nextAmount(9000n, 1000n, 10000n, 1), 10000n);
  assert.throws(
    () => nextAmount(9500n, 1000n, 10000n, 4, (v) => `${v} inj`),
    (e: Error) => e instanceof InputError && e.message === "Channel 4 cannot pay another call: 500 inj of its deposit is left and a call costs 1000 inj. Top it up or open a new channel.",
  );
});

test("voucher header: id:amount:base64, and it verifies with the channel's key", () => {
  const key = SessionKey.fromSeed("page");
  const domain = { chainId: "injective-777", contract: CHANNELS };
  const v = key.sign(domain, 7, 3000n);
  const header = voucherHeader(v);
  const [id, amount, sig] = header.split(":");
  assert.equal(id, "7");
  assert.equal(amount, "3000");
  assert.equal(fromBase64(sig).length, 64);
  assert.ok(verifyVoucher(key.publicKey, domain, 7, 3000n, fromBase64(sig)));
  // RFC 6979: the same voucher signs to the same header (a retry is a replay the gateway answers)
  assert.equal(voucherHeader(key.sign(domain, 7, 3000n)), header);
});

test("expiry: whole days from now in nanoseconds, 1 to 365", () => {
  assert.equal(expiryNanos("7", NOW), nanos(NOW + 7 * 86400));
  assert.equal(expiryNanos("365", NOW), nanos(NOW + 365 * 86400));
  assert.throws(() => expiryNanos("366", NOW), (e: Error) => e instanceof AmountError && /at most 365 days/.test(e.message));
  assert.throws(() => expiryNanos("1.5", NOW), /cannot have decimals/);
  assert.throws(() => expiryNanos("0", NOW), /greater than zero/);
  assert.throws(() => expiryNanos("", NOW), /Enter an amount in days/);
});

test("top-up: at least one call's price, else a sentence", () => {
  assert.equal(checkTopUp("1000", "1000"), "1000");
  assert.equal(checkTopUp("5000000000000000", "1000000000000000"), "5000000000000000");
  assert.throws(
    () => checkTopUp("999", "1000", (v) => `${v} inj`),
    (e: Error) => e instanceof InputError && e.message === "A top-up must pay at least one call (1000 inj).",
  );
});

test("open longer: days from now as at open, later than the current expiry, at most 365", () => {
  const ch = channel(4, { expires_at: nanos(NOW + 7 * 86400) });
  assert.equal(extendExpiryNanos("30", NOW, ch), nanos(NOW + 30 * 86400));
  assert.equal(extendExpiryNanos("8", NOW, ch), nanos(NOW + 8 * 86400));
  assert.throws(
    () => extendExpiryNanos("7", NOW, ch, (s) => `t${s}`),
    (e: Error) => e instanceof InputError && e.message === `Channel 4 is already open until t${NOW + 7 * 86400}: choose more days than that.`,
  );
  assert.throws(() => extendExpiryNanos("3", NOW, ch), /already open until/);
  assert.throws(() => extendExpiryNanos("366", NOW, ch), (e: Error) => e instanceof AmountError && /at most 365 days/.test(e.message));
  assert.throws(() => extendExpiryNanos("1,5", NOW, ch), /is ambiguous/);
});

test("exact amounts: every digit in the display unit, no rounding", () => {
  const inj = { denom: "inj", display: "INJ", decimals: 18 };
  assert.equal(exactAmount(7000000000000001n, inj), "0.007000000000000001 INJ");
  assert.equal(exactAmount("10000000000000000", inj), "0.01 INJ");
  assert.equal(exactAmount(0n, inj), "0 INJ");
});

test("my channels: this model's, not closed, by id; closable once past the grace or when the gateway lost its approval", () => {
  const list = [
    channel(7, { status: "closable", deposit: "10000", claimed: "3000" }),
    channel(2),
    channel(3, { status: "closed" }),
    channel(4, { model_id: "other-model", status: "closable" }),
    channel(5, { status: "grace", claimed: "10000" }),
    channel(6, { gateway: "inj1revoked", deposit: "5000", claimed: "1000" }),
  ];
  const rows = channelRows(list, "demo-llm", [GW]);
  assert.deepEqual(rows.map((r) => [r.channel.channel_id, r.closable, r.takeBack]), [
    [2, false, 10000n],
    [5, false, 0n],
    [6, true, 4000n],
    [7, true, 7000n],
  ]);
  // with the gateway no longer approved every open channel of it can be closed at once
  assert.deepEqual(channelRows(list, "demo-llm", []).map((r) => r.closable), [true, true, true, true]);
  assert.deepEqual(channelRows([], "demo-llm", [GW]), []);
});

test("pick channel: the newest open one of this key, model and gateway that does not expire within a minute", () => {
  const key = SessionKey.fromSeed("page").publicKey;
  const want = { voucherKey: key, modelId: "demo-llm", gateway: GW, nowSeconds: NOW };
  const other = toBase64(SessionKey.fromSeed("other").publicKey);
  const list = [
    channel(1),
    channel(2, { voucher_key: other }),
    channel(3, { gateway: "inj1another" }),
    channel(4, { model_id: "other-model" }),
    channel(5, { status: "grace" }),
    channel(6, { expires_at: nanos(NOW + 30) }),
  ];
  assert.equal(pickChannel(list, want)?.channel_id, 1);
  assert.equal(pickChannel([...list, channel(9)], want)?.channel_id, 9);
  assert.equal(pickChannel(list.slice(1), want), undefined);
});

test("gateway info: this model, chain and channels contract, and its address", () => {
  const want = { modelId: "demo-llm", chainId: "injective-777", channels: CHANNELS, url: "http://127.0.0.1:8088" };
  const body = { object: "list", data: [{ id: "demo-llm", modelfund: { gateway: GW, channels: CHANNELS, chain_id: "injective-777", version: "v1.0.0" } }] };
  assert.deepEqual(parseGatewayInfo(body, want), { address: GW, version: "v1.0.0" });
  assert.throws(() => parseGatewayInfo({ data: [{ id: "x" }] }, want), /does not serve demo-llm\.$/);
  assert.throws(() => parseGatewayInfo({ data: [{ ...body.data[0], modelfund: { ...body.data[0].modelfund, channels: "inj1else" } }] }, want), /another chain or channels contract/);
  assert.throws(() => parseGatewayInfo({ data: [{ ...body.data[0], modelfund: { channels: CHANNELS, chain_id: "injective-777" } }] }, want), /does not say its address/);
  assert.throws(() => parseGatewayInfo(null, want), InputError);
});

test("answers: chat content, else completion text", () => {
  assert.equal(answerText({ choices: [{ message: { role: "assistant", content: "a DAO votes" } }] }), "a DAO votes");
  assert.equal(answerText({ choices: [{ text: "plain" }] }), "plain");
  assert.equal(answerText({}), "");
});

test("gateway errors: one sentence each, with what to do", () => {
  const e = (status: number, code: string, message = "Its own sentence.") => gatewayErrorSentence(status, { error: { code, message, type: "x" } }, 3);
  assert.equal(e(409, "voucher_replayed"), "The gateway was already paid more on channel 3 than this browser remembers (was the channel used from another browser?); open a new channel to continue.");
  assert.equal(e(402, "above_deposit"), "Channel 3's deposit cannot pay this call: top it up or open a new channel.");
  assert.equal(e(402, "underpaid", "This call costs 5 inj: the voucher must be at least 10, it is 6."), "The gateway asks more for this call than this page offered on channel 3: This call costs 5 inj: the voucher must be at least 10, it is 6.");
  assert.match(e(401, "bad_signature"), /^The gateway did not accept this page's voucher signature for channel 3/);
  assert.equal(e(403, "channel_not_open"), "Channel 3 is expired or closed: open a new channel.");
  assert.match(e(403, "gateway_not_approved"), /has not approved this gateway/);
  assert.match(e(503, "model_not_ready"), /no verified version/);
  assert.equal(e(502, "backend_error", "The model failed."), "The gateway could not answer right now (The model failed.); nothing was charged: ask again.");
  assert.equal(e(413, "max_tokens_too_large", "max_tokens 9000 is above 512"), "The gateway refused the call (HTTP 413): max_tokens 9000 is above 512.");
  assert.equal(gatewayErrorSentence(500, "<html>", 3), "The gateway refused the call (HTTP 500).");
  for (const s of [e(409, "voucher_replayed"), e(402, "above_deposit"), e(401, "bad_signature"), gatewayErrorSentence(500, null, 3)]) {
    assert.match(s, /[.]$/, s);
    assert.doesNotMatch(s, /[{}]/, s);
  }
});

test("config.json: the channels contract and the gateways by model, checked", () => {
  const base = { chainId: "injective-777", launchpad: "inj1lp" };
  const plain = parseConfig(base);
  assert.equal(plain.channels, undefined);
  assert.deepEqual(plain.gateways, {});
  const cfg = parseConfig({ ...base, channels: CHANNELS, gateways: { "demo-llm": "http://127.0.0.1:8088/" } });
  assert.equal(cfg.channels, CHANNELS);
  assert.deepEqual(cfg.gateways, { "demo-llm": "http://127.0.0.1:8088" });
  assert.throws(() => parseConfig({ ...base, channels: "" }), /"channels"/);
  assert.throws(() => parseConfig({ ...base, gateways: ["http://x"] }), /"gateways" maps model ids/);
  assert.throws(() => parseConfig({ ...base, gateways: { m: "127.0.0.1:8088" } }), /gateways\["m"\] needs an http/);
  assert.throws(() => parseConfig({ ...base, gateways: { m: 8088 } }), /gateways\["m"\]/);
});
