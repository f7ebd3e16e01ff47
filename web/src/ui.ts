// Shared by the page (main.ts) and its views (views/*.ts): the app's state, small DOM helpers,
// amounts in the chain's units, and `act`, which runs a transaction from the page.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { createProtobufRpcClient } from "@cosmjs/stargate";
import { QueryClientImpl as BankQuery } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { AmountError, formatCoin, InputError, unitFromMetadata, type DenomUnit } from "./amounts";

export { InputError };
import type { AppConfig } from "./config";
import { txUrl } from "./chains";
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

/** The status line: a `role="status"` / `aria-live="polite"` region (index.html), so screen readers read it. */
export function setStatus(kind: "pending" | "ok" | "error" | "idle", text: string, link?: string): void {
  const el = $("#status")!;
  el.dataset.kind = kind;
  el.textContent = text;
  if (link) {
    // the chain's explorer page of the transaction (scripts/networks/<chain>.json `tx_page`)
    const a = document.createElement("a");
    a.href = link;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = "view in the explorer";
    el.append(" ", a);
  }
  el.hidden = kind === "idle";
}

export const chain = () => S.cfg.chain;
export const coin = (amount: string | bigint, denom = chain().denom) => formatCoin(amount, denom, chain(), 6, UNITS);

// ---------- display units of denoms other than the fee denom ----------
/** Known display units: config.json's `denoms`, then the bank's denom metadata (null: none). */
const UNITS = new Map<string, DenomUnit | null>();

/** The display unit of `denom`: the chain's own, a known one, or the base denom itself (decimals 0). */
export function unitOf(denom: string): DenomUnit {
  const c = chain();
  if (denom === c.denom) return { denom, display: c.displayDenom, decimals: c.decimals };
  return UNITS.get(denom) ?? { denom, display: denom, decimals: 0 };
}

/**
 * Learns the display units of `denoms` before a view renders them (coin() is synchronous):
 * config.json's `denoms` first, then the bank module's denom metadata, asked once per denom.
 */
export async function knowDenoms(denoms: Iterable<string>): Promise<void> {
  const todo = [...new Set(denoms)].filter((d) => d !== chain().denom && !UNITS.has(d));
  if (!todo.length) return;
  const bank = new BankQuery(createProtobufRpcClient(S.clients.query));
  await Promise.all(
    todo.map(async (denom) => {
      const configured = S.cfg.denoms?.[denom];
      if (configured) {
        UNITS.set(denom, { denom, display: configured.display, decimals: configured.decimals });
        return;
      }
      try {
        const { metadata } = await bank.DenomMetadata({ denom });
        UNITS.set(denom, unitFromMetadata(metadata) ?? null);
      } catch {
        UNITS.set(denom, null); // no metadata: shown in base units with its denom
      }
    }),
  );
}
export const errCtx = () => ({ denom: chain().denom, displayDenom: chain().displayDenom, decimals: chain().decimals });
export const short = (addr: string) => (addr.length > 20 ? `${addr.slice(0, 10)}…${addr.slice(-6)}` : addr);
export const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---------- transactions ----------
/** What `act` runs after a transaction (main.ts: the wallet line, then the current view). */
let refresh: () => Promise<void> = async () => {};
export function onRefresh(fn: () => Promise<void>): void {
  refresh = fn;
}

/** Whether a transaction from the page is pending (then every action button is disabled). */
let busy = false;
export const isBusy = () => busy;

/**
 * Disables every enabled button in the header and the page while a transaction is pending and
 * enables them again after; called again after a re-render (a route change while pending).
 */
export function applyBusy(): void {
  document.querySelectorAll<HTMLButtonElement>("header button, #main button").forEach((b) => {
    if (busy && !b.disabled) {
      b.disabled = true;
      b.dataset.busy = "1";
    } else if (!busy && b.dataset.busy) {
      b.disabled = false;
      delete b.dataset.busy;
    }
  });
  $("#main")?.setAttribute("aria-busy", String(busy));
}

/**
 * Runs `fn` and shows an AmountError (or a bad form field) as the status line instead of throwing:
 * returns undefined then. For the values a view computes before it calls `act`.
 */
export function fromInput<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    setStatus("error", e instanceof AmountError || e instanceof InputError ? e.message : friendlyError(e, errCtx()));
    return undefined;
  }
}


/**
 * Runs a transaction from the page: status line, readable errors, refresh afterwards. While it
 * is pending every button is disabled and another `act` sends nothing (no double submit).
 */
export async function act(pending: string, done: string, build: (sender: string) => EncodeObject[]): Promise<void> {
  if (busy) return;
  if (!S.wallet) {
    setStatus("error", getKeplr() ? "Connect Keplr first." : "Keplr is not installed: this needs the Keplr browser extension.");
    return;
  }
  let msgs: EncodeObject[];
  try {
    msgs = build(S.wallet.address);
  } catch (e) {
    setStatus("error", e instanceof AmountError || e instanceof InputError ? e.message : friendlyError(e, errCtx()));
    return;
  }
  busy = true;
  applyBusy();
  setStatus("pending", pending);
  let outcome: ["ok" | "error", string, string?];
  try {
    try {
      const res = await signAndBroadcast(S.clients, chain(), S.wallet.signer, S.wallet.address, msgs);
      outcome = ["ok", `${done} (tx ${res.transactionHash.slice(0, 12)}…, block ${res.height})`, txUrl(chain(), res.transactionHash)];
    } catch (e) {
      console.error(e);
      outcome = ["error", friendlyError(e, errCtx())];
    }
    // refresh first, then report: what the status line says is what the page shows
    await refresh().catch((e) => console.error(e));
  } finally {
    busy = false;
    applyBusy();
  }
  setStatus(...outcome);
}

/**
 * Shows, under an input, what its value means before anything is signed (`describe` returns the
 * sentence, or throws an AmountError / InputError whose sentence is shown instead). Also runs once.
 */
export function bindPreview(input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null, out: HTMLElement | null, describe: () => string, also: (HTMLElement | null)[] = []): void {
  if (!input || !out) return;
  const update = () => {
    try {
      out.textContent = describe();
      out.dataset.kind = "ok";
    } catch (e) {
      out.textContent = e instanceof AmountError || e instanceof InputError ? e.message : String((e as Error).message ?? e);
      out.dataset.kind = "error";
    }
  };
  for (const el of [input, ...also]) el?.addEventListener("input", update);
  for (const el of [input, ...also]) el?.addEventListener("change", update);
  if ((input as HTMLInputElement).value !== "") update();
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
