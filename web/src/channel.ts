// The "Try the model" tab's logic without the DOM: where the session key and the answered amount
// live in localStorage, which channel to reuse, the next voucher's amount, the voucher header,
// the gateway's model list and its errors as sentences. Payment per call, as `modelfund ask`
// (services/cli/src/ask.rs): the next voucher is what the gateway answered so far plus one
// price; only an answered call advances it. Also what the tab offers on a channel besides calls:
// a top-up, a later expiry, and closing a channel that may be closed now.
import { toBase64 } from "@cosmjs/encoding";
import { AmountError, InputError, timestampSeconds, toCount, toDisplay, type DenomUnit } from "./amounts";
import type { ChannelResponse } from "./generated/Channels.types";
import type { SignedVoucher } from "./vouchers";

/** The voucher header the gateway reads (docs/gateway.md). */
export const VOUCHER_HEADER = "X-Modelfund-Voucher";
/** Longest expiry the page offers: the contract takes at most 366 days ahead of its block time. */
export const MAX_DAYS = 365;

/**
 * localStorage key of the session key of one wallet on one channels contract of one chain: a
 * channel's `voucher_key` is this key's public key, so the same wallet finds its channel again.
 */
export function sessionKeyStorageKey(chainId: string, channels: string, user: string): string {
  return `modelfund.session-key.${chainId}.${channels}.${user}`;
}

/**
 * localStorage key of what the gateway answered on a channel. The channel's opening time is part
 * of it: a fresh local chain reuses the contract address and the channel ids, and what was
 * answered on the old chain's channel is not owed on the new one (as `modelfund ask` keys it).
 */
export function answeredStorageKey(chainId: string, channels: string, channelId: number, openedAt: string): string {
  return `modelfund.answered.${chainId}.${channels}.${channelId}.${openedAt}`;
}

/** What has been spent on a channel: the stored answered amount, at least what the chain claimed. */
export function spentOf(stored: string | null | undefined, claimed: string): bigint {
  const mine = stored && /^\d{1,39}$/.test(stored) ? BigInt(stored) : 0n;
  const chain = BigInt(claimed);
  return mine > chain ? mine : chain;
}

/** The next voucher's cumulative amount, or a sentence when the deposit cannot pay one more call. */
export function nextAmount(
  spent: bigint,
  price: bigint,
  deposit: bigint,
  channelId: number,
  fmt: (base: bigint) => string = (v) => `${v}`,
): bigint {
  const next = spent + price;
  if (next > deposit) {
    const left = deposit > spent ? deposit - spent : 0n;
    throw new InputError(`Channel ${channelId} cannot pay another call: ${fmt(left)} of its deposit is left and a call costs ${fmt(price)}. Top it up or open a new channel.`);
  }
  return next;
}

/** `<channel_id>:<cumulative amount>:<base64 r||s>`, the header value `modelfund voucher --header` prints. */
export function voucherHeader(v: SignedVoucher): string {
  return `${v.channelId}:${v.amount}:${toBase64(v.signature)}`;
}

/** The channel's expiry `days` days after `nowSeconds`, as the contract's Timestamp (nanoseconds). */
export function expiryNanos(daysText: string, nowSeconds: number): string {
  const days = toCount(daysText, "days");
  if (days > MAX_DAYS) throw new AmountError(`A channel can stay open at most ${MAX_DAYS} days.`);
  return ((BigInt(nowSeconds) + BigInt(days) * 86400n) * 1_000_000_000n).toString();
}

/**
 * A top-up of `amount` (base units, from `toBase`) to a channel whose call costs `price`: at least
 * one call, else a sentence (the contract takes any non-zero coin, but less than a call buys nothing).
 */
export function checkTopUp(amount: string, price: string, fmt: (base: bigint) => string = (v) => `${v}`): string {
  if (BigInt(amount) < BigInt(price)) throw new InputError(`A top-up must pay at least one call (${fmt(BigInt(price))}).`);
  return amount;
}

/**
 * The new expiry of "open longer": `days` days from now (as at open), which must be later than the
 * channel's current `expires_at` (the contract refuses an earlier or equal one); a sentence otherwise.
 */
export function extendExpiryNanos(
  daysText: string,
  nowSeconds: number,
  current: { channel_id: number; expires_at: string },
  fmtTime: (seconds: number) => string = (s) => `${s}`,
): string {
  const next = expiryNanos(daysText, nowSeconds);
  if (BigInt(next) <= BigInt(current.expires_at)) {
    throw new InputError(`Channel ${current.channel_id} is already open until ${fmtTime(timestampSeconds(current.expires_at))}: choose more days than that.`);
  }
  return next;
}

/** An amount in a display unit with every digit (no rounding): what a button promises exactly. */
export function exactAmount(base: string | bigint, unit: DenomUnit): string {
  return `${toDisplay(base, unit.decimals)} ${unit.display}`;
}

/** One row of "Your channels for this model". */
export interface ChannelRow {
  channel: ChannelResponse;
  /** What `close` returns now: deposit − claimed (base units). */
  takeBack: bigint;
  /** `close` is accepted now: past the claim deadline, or its gateway is no longer approved. */
  closable: boolean;
}

/**
 * The user's channels of `modelId` that are not closed, by id, each with what closing it returns
 * and whether it can be closed now: status `closable` (from `expires_at` + the grace period on),
 * or at any time once its gateway is not among the model's approved gateways.
 */
export function channelRows(channels: ChannelResponse[], modelId: string, approvedGateways: string[]): ChannelRow[] {
  return channels
    .filter((c) => c.model_id === modelId && c.status !== "closed")
    .sort((a, b) => a.channel_id - b.channel_id)
    .map((c) => {
      const deposit = BigInt(c.deposit);
      const claimed = BigInt(c.claimed);
      return {
        channel: c,
        takeBack: deposit > claimed ? deposit - claimed : 0n,
        closable: c.status === "closable" || !approvedGateways.includes(c.gateway),
      };
    });
}

/**
 * The channel this page pays with: open, for this model and gateway, with this session key's
 * `voucher_key`, not expired within the next minute; the newest such one. Others (another key,
 * another gateway, expired or closing) are left alone.
 */
export function pickChannel(
  channels: ChannelResponse[],
  want: { voucherKey: Uint8Array; modelId: string; gateway: string; nowSeconds: number },
): ChannelResponse | undefined {
  const key = toBase64(want.voucherKey);
  const soon = (BigInt(want.nowSeconds) + 60n) * 1_000_000_000n;
  return channels
    .filter((c) => c.status === "open" && c.voucher_key === key && c.model_id === want.modelId && c.gateway === want.gateway && BigInt(c.expires_at) > soon)
    .sort((a, b) => b.channel_id - a.channel_id)[0];
}

/** What the gateway says about itself (`GET /v1/models`). */
export interface GatewayInfo {
  /** The gateway's address: the channel's `gateway`. */
  address: string;
  version?: string;
}

/**
 * Reads `GET <gateway>/v1/models` and checks it serves this model for this chain and channels
 * contract; a sentence otherwise.
 */
export function parseGatewayInfo(body: unknown, want: { modelId: string; chainId: string; channels: string; url: string }): GatewayInfo {
  const data = (body as { data?: unknown })?.data;
  const entry = Array.isArray(data) ? (data as Record<string, unknown>[]).find((d) => d && d.id === want.modelId) : undefined;
  if (!entry) throw new InputError(`The gateway at ${want.url} does not serve ${want.modelId}.`);
  const mf = (entry.modelfund ?? {}) as Record<string, unknown>;
  if (mf.chain_id !== want.chainId || mf.channels !== want.channels) {
    throw new InputError(`The gateway at ${want.url} is paid on another chain or channels contract (${String(mf.chain_id)}, ${String(mf.channels)}).`);
  }
  if (typeof mf.gateway !== "string" || !mf.gateway) throw new InputError(`The gateway at ${want.url} does not say its address.`);
  return { address: mf.gateway, version: typeof mf.version === "string" ? mf.version : undefined };
}

/** The assistant's text of a chat completion (or a text completion). */
export function answerText(body: unknown): string {
  const choice = (body as { choices?: { message?: { content?: unknown }; text?: unknown }[] })?.choices?.[0];
  const text = choice?.message?.content ?? choice?.text;
  return typeof text === "string" ? text : "";
}

/**
 * A refused call as one sentence: the gateway's own sentence for what only it knows, ours where
 * the page can say what to do (docs/gateway.md, "Statuses").
 */
export function gatewayErrorSentence(status: number, body: unknown, channelId: number): string {
  const err = (body as { error?: { code?: unknown; message?: unknown } })?.error;
  const code = typeof err?.code === "string" ? err.code : "";
  const message = typeof err?.message === "string" && err.message.trim() ? err.message.trim() : "";
  switch (code) {
    case "voucher_replayed":
      return `The gateway was already paid more on channel ${channelId} than this browser remembers (was the channel used from another browser?); open a new channel to continue.`;
    case "underpaid":
      return `The gateway asks more for this call than this page offered on channel ${channelId}: ${message}`;
    case "above_deposit":
      return `Channel ${channelId}'s deposit cannot pay this call: top it up or open a new channel.`;
    case "bad_signature":
      return `The gateway did not accept this page's voucher signature for channel ${channelId} (its key is not this browser's session key).`;
    case "channel_not_open":
      return `Channel ${channelId} is expired or closed: open a new channel.`;
    case "gateway_not_approved":
      return "The model's DAO has not approved this gateway (or revoked it): it cannot be paid, so it answers nothing.";
    case "model_not_ready":
      return "The gateway has no verified version of the model to serve yet; try again later.";
    case "backend_error":
    case "chain_unavailable":
      return `The gateway could not answer right now (${message || "its model or the chain failed"}); nothing was charged: ask again.`;
    default:
      break;
  }
  if (message) return `The gateway refused the call (HTTP ${status}): ${/[.!?]$/.test(message) ? message : `${message}.`}`;
  return `The gateway refused the call (HTTP ${status}).`;
}
