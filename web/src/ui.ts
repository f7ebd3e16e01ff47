// Shared by the page (main.ts) and its views (views/*.ts): the app's state, small DOM helpers,
// amounts in the chain's units, and `act`, which runs a transaction from the page.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { AmountError, formatCoin } from "./amounts";
import type { AppConfig } from "./config";
import { friendlyError } from "./errors";
import { getKeplr, signAndBroadcast, type ChainClients, type Connected } from "./wallet";
import { SharesQueryClient } from "./generated/Shares.client";
import type { ModelResponse as LaunchedModel } from "./generated/Launchpad.types";

export type { LaunchedModel };

export interface State {
  cfg: AppConfig;
  clients: ChainClients;
  wallet?: Connected;
}

/** The app's state: filled in by main.ts once config.json is read and the node answers. */
export const S = {} as State;
export const PAGE = 10;

// ---------- small DOM helpers ----------
export const $ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T | null;

export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function setStatus(kind: "pending" | "ok" | "error" | "idle", text: string): void {
  const el = $("#status")!;
  el.dataset.kind = kind;
  el.textContent = text;
  el.hidden = kind === "idle";
}

export const chain = () => S.cfg.chain;
export const coin = (amount: string | bigint, denom = chain().denom) => formatCoin(amount, denom, chain());
export const errCtx = () => ({ denom: chain().denom, displayDenom: chain().displayDenom, decimals: chain().decimals });
export const short = (addr: string) => (addr.length > 20 ? `${addr.slice(0, 10)}…${addr.slice(-6)}` : addr);
export const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---------- transactions ----------
/** What `act` runs after a transaction (main.ts: the wallet line, then the current view). */
let refresh: () => Promise<void> = async () => {};
export function onRefresh(fn: () => Promise<void>): void {
  refresh = fn;
}

/** Runs a transaction from the page: status line, readable errors, refresh afterwards. */
export async function act(pending: string, done: string, build: (sender: string) => EncodeObject[]): Promise<void> {
  if (!S.wallet) {
    setStatus("error", getKeplr() ? "Connect Keplr first." : "Keplr is not installed: this needs the Keplr browser extension.");
    return;
  }
  let msgs: EncodeObject[];
  try {
    msgs = build(S.wallet.address);
  } catch (e) {
    setStatus("error", e instanceof AmountError ? `Amount: ${e.message}.` : friendlyError(e, errCtx()));
    return;
  }
  setStatus("pending", pending);
  let outcome: ["ok" | "error", string];
  try {
    const res = await signAndBroadcast(S.clients, chain(), S.wallet.signer, S.wallet.address, msgs);
    outcome = ["ok", `${done} (tx ${res.transactionHash.slice(0, 12)}…, block ${res.height})`];
  } catch (e) {
    console.error(e);
    outcome = ["error", friendlyError(e, errCtx())];
  }
  // refresh first, then report: what the status line says is what the page shows
  await refresh();
  setStatus(...outcome);
}

// ---------- shared by several views ----------
export function phaseLabel(phase: string): string {
  const words: Record<string, string> = {
    upcoming: "not open yet", open: "open", ended: "ended, awaiting finalize", succeeded: "succeeded",
    failed: "failed (refunds open)", cancelled: "cancelled (refunds open)",
  };
  return `<span class="phase phase-${esc(phase)}">${esc(words[phase] ?? phase)}</span>`;
}

export async function shareToken(m: LaunchedModel) {
  return new SharesQueryClient(S.clients.cw, m.shares).tokenInfo();
}
