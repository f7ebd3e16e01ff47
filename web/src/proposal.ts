// What a proposal does, for people: every action of the governance contract's `Action` enum with
// its parameters (amounts in display units with their exact base units, full recipient addresses,
// the raw JSON of `custom`), and the typed actions built from the propose form, checked before
// anything is signed. Pure functions (no DOM), so the unit tests cover them.
import { fromBase64, fromBech32, fromUtf8 } from "@cosmjs/encoding";
import { bpsToPercent, formatDuration, InputError, toBase, toCount, toDisplay, type DenomUnit } from "./amounts";
import type { Action, Coin, CosmosMsgForEmpty, GovernanceParams, PlanMsg } from "./generated/Governance.types";

/** What rendering needs: display units of denoms, the share token, and optionally the current state. */
export interface ActionCtx {
  unitOf: (denom: string) => DenomUnit;
  /** The model's share token (min_propose_power is in share units). */
  shares: { symbol: string; decimals: number };
  /** The DAO's current rules: an update_config action shows what changes. */
  params?: GovernanceParams;
  /** The model's current plans by id: a set_pricing_plan action shows what it replaces. */
  plans?: ReadonlyMap<string, PlanMsg>;
}

export function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "0.1 INJ (100000000000000000 inj)": display units, then the exact base units. */
export function coinText(c: Coin, ctx: Pick<ActionCtx, "unitOf">): string {
  const u = ctx.unitOf(c.denom);
  const shown = `${toDisplay(c.amount, u.decimals)} ${u.display}`;
  return u.decimals === 0 && u.display === c.denom ? shown : `${shown} (${c.amount} ${c.denom})`;
}

function coinHtml(c: Coin, ctx: ActionCtx): string {
  const u = ctx.unitOf(c.denom);
  const shown = `${toDisplay(c.amount, u.decimals)} ${u.display}`;
  const exact = u.decimals === 0 && u.display === c.denom ? "" : ` <span class="base">(${esc(c.amount)} ${esc(c.denom)})</span>`;
  return `<b class="amount">${esc(shown)}</b>${exact}`;
}

const coinsHtml = (cs: Coin[], ctx: ActionCtx) => (cs.length ? cs.map((c) => coinHtml(c, ctx)).join(" + ") : "nothing");
const addr = (a: string, cls = "recipient") => `<span class="mono ${cls}">${esc(a)}</span>`;

/** The action's kind: its enum tag ("spend_treasury"). */
export function actionKind(a: Action): string {
  return Object.keys(a)[0] ?? "unknown";
}

/** Every denom an action mentions (to learn their display units before rendering). */
export function actionDenoms(a: Action): string[] {
  if ("spend_treasury" in a) return a.spend_treasury.amount.map((c) => c.denom);
  if ("release_milestone" in a) return [a.release_milestone.amount.denom];
  if ("set_pricing_plan" in a) return [a.set_pricing_plan.plan.price.denom];
  if ("update_config" in a) return a.update_config.params.deposit ? [a.update_config.params.deposit.denom] : [];
  if ("custom" in a) {
    const m = a.custom;
    if ("bank" in m) return ("send" in m.bank ? m.bank.send.amount : m.bank.burn.amount).map((c) => c.denom);
    if ("wasm" in m && ("execute" in m.wasm || "instantiate" in m.wasm)) {
      return ("execute" in m.wasm ? m.wasm.execute.funds : m.wasm.instantiate.funds).map((c) => c.denom);
    }
  }
  return [];
}

/** Decimal "0.2" -> "20%" exactly. */
export function decimalPercent(d: string): string {
  const [w, f = ""] = d.split(".");
  const bps = BigInt(w) * 10000n + BigInt((f + "0000").slice(0, 4));
  return bpsToPercent(Number(bps));
}

/** One action as HTML (an <li> body): what it does with all its parameters. */
export function actionHtml(a: Action, ctx: ActionCtx): string {
  if ("spend_treasury" in a) {
    const s = a.spend_treasury;
    return `<b>Spend from the treasury</b>: send ${coinsHtml(s.amount, ctx)} to ${addr(s.recipient)}`;
  }
  if ("release_milestone" in a) {
    const r = a.release_milestone;
    return `<b>Release a milestone</b>: pay ${coinHtml(r.amount, ctx)} to ${addr(r.recipient)} — “${esc(r.memo)}”`;
  }
  if ("publish_model_version" in a) {
    const v = a.publish_model_version;
    return `<b>Publish model version</b> <b>${esc(v.version)}</b>: content hash <span class="mono">${esc(v.content_hash)}</span>,
      storage <span class="mono">${esc(v.uri)}</span>${v.notes ? `, notes “${esc(v.notes)}”` : ""}`;
  }
  if ("update_config" in a) return `<b>Change the DAO's rules</b>: ${paramsHtml(a.update_config.params, ctx)}`;
  if ("set_pricing_plan" in a) {
    const p = a.set_pricing_plan.plan;
    const old = ctx.plans?.get(p.plan_id);
    const was = old ? ` <span class="muted">(replaces: ${esc(planText(old, ctx))})</span>` : ctx.plans ? ` <span class="muted">(a new plan)</span>` : "";
    return `<b>Set pricing plan</b> <b>${esc(p.plan_id)}</b>: ${planKindHtml(p)} for ${coinHtml(p.price, ctx)}${was}`;
  }
  if ("retire_pricing_plan" in a) return `<b>Retire pricing plan</b> <b>${esc(a.retire_pricing_plan.plan_id)}</b> (rights already bought keep working)`;
  if ("approve_gateway" in a) return `<b>Approve inference gateway</b> ${addr(a.approve_gateway.gateway, "gateway")}`;
  if ("revoke_gateway" in a) return `<b>Revoke inference gateway</b> ${addr(a.revoke_gateway.gateway, "gateway")}`;
  if ("set_royalty_splits" in a) {
    const sp = a.set_royalty_splits.splits;
    if (!sp.length) return `<b>Set royalty splits</b>: none (all revenue goes to the share holders)`;
    return `<b>Set royalty splits</b> (paid first on every distribution):<ul>${sp
      .map((s) => `<li>${esc(s.label)}: <b>${esc(bpsToPercent(s.bps))}</b> to ${addr(s.address)}</li>`)
      .join("")}</ul>`;
  }
  if ("custom" in a) return `<b>Custom message</b>: ${customSummary(a.custom, ctx)}${customJson(a.custom)}`;
  return `<b>Unknown action</b><pre class="json">${esc(JSON.stringify(a, null, 2))}</pre>`;
}

function planKindHtml(p: PlanMsg): string {
  if ("credits" in p.kind) return `credits, ${p.kind.credits.calls_per_pack} calls per pack,`;
  if ("metered" in p.kind) return `metered, priced per ${meteredUnit(p.kind.metered.unit)} (paid through a payment channel),`;
  const l = p.kind.lease;
  return `a lease of ${esc(formatDuration(l.duration_seconds))} (${l.duration_seconds} s), up to ${l.call_cap} calls,
    ${l.terms.commercial_use ? "commercial use allowed" : "non-commercial"}${l.terms.attribution_required ? ", attribution required" : ""}${
      l.terms.notes ? `, “${esc(l.terms.notes)}”` : ""
    },`;
}

/** A metered plan's unit in words. */
function meteredUnit(unit: string): string {
  return unit === "kilo_tokens" ? "1,000 tokens" : "call";
}

function planText(p: PlanMsg, ctx: ActionCtx): string {
  const kind =
    "credits" in p.kind
      ? `${p.kind.credits.calls_per_pack} calls per pack`
      : "metered" in p.kind
        ? `metered, per ${meteredUnit(p.kind.metered.unit)}`
        : `lease of ${formatDuration(p.kind.lease.duration_seconds)}, ${p.kind.lease.call_cap} calls`;
  return `${kind} for ${coinText(p.price, ctx)}`;
}

function paramsHtml(n: GovernanceParams, ctx: ActionCtx): string {
  const sh = (v: string) => `${toDisplay(v, ctx.shares.decimals)} ${ctx.shares.symbol}`;
  const dep = (d?: Coin | null) => (d ? coinText(d, ctx) : "none");
  const rows: [string, string, string | undefined][] = [
    ["quorum", decimalPercent(n.quorum), ctx.params && decimalPercent(ctx.params.quorum)],
    ["threshold", decimalPercent(n.threshold), ctx.params && decimalPercent(ctx.params.threshold)],
    ["voting period", formatDuration(n.voting_period_seconds), ctx.params && formatDuration(ctx.params.voting_period_seconds)],
    ["timelock", formatDuration(n.timelock_seconds), ctx.params && formatDuration(ctx.params.timelock_seconds)],
    ["execution window", n.execution_window_seconds === undefined ? "default" : formatDuration(n.execution_window_seconds),
      ctx.params && (ctx.params.execution_window_seconds === undefined ? "default" : formatDuration(ctx.params.execution_window_seconds))],
    ["max actions", String(n.max_actions), ctx.params && String(ctx.params.max_actions)],
    ["min power to propose", sh(n.min_propose_power), ctx.params && sh(ctx.params.min_propose_power)],
    ["deposit", dep(n.deposit), ctx.params && dep(ctx.params.deposit)],
  ];
  return `<ul>${rows
    .map(([k, v, now]) => `<li>${esc(k)} <b>${esc(v)}</b>${now === undefined ? "" : now === v ? ` <span class="muted">(unchanged)</span>` : ` <span class="changed">(now ${esc(now)})</span>`}</li>`)
    .join("")}</ul>`;
}

/** The JSON inside a wasm message's base64 `msg`, pretty-printed; the base64 itself if it is not JSON. */
export function decodeWasmMsg(b64: string): string {
  try {
    return JSON.stringify(JSON.parse(fromUtf8(fromBase64(b64))), null, 2);
  } catch {
    return b64;
  }
}

function customSummary(m: CosmosMsgForEmpty, ctx: ActionCtx): string {
  if ("bank" in m) {
    if ("send" in m.bank) return `bank send of ${coinsHtml(m.bank.send.amount, ctx)} to ${addr(m.bank.send.to_address)}`;
    return `bank burn of ${coinsHtml(m.bank.burn.amount, ctx)}`;
  }
  if ("wasm" in m) {
    const w = m.wasm;
    const decoded = (b64: string) => `<p class="muted">its message, decoded:</p><pre class="json decoded">${esc(decodeWasmMsg(b64))}</pre>`;
    if ("execute" in w) {
      return `call contract ${addr(w.execute.contract_addr, "contract")} with ${coinsHtml(w.execute.funds, ctx)} attached${decoded(w.execute.msg)}`;
    }
    if ("instantiate" in w) {
      const i = w.instantiate;
      return `instantiate code ${i.code_id} as “${esc(i.label)}” (admin ${i.admin ? addr(i.admin, "admin") : "none"}) with ${coinsHtml(i.funds, ctx)}${decoded(i.msg)}`;
    }
    if ("migrate" in w) return `migrate contract ${addr(w.migrate.contract_addr, "contract")} to code ${w.migrate.new_code_id}${decoded(w.migrate.msg)}`;
    if ("update_admin" in w) return `make ${addr(w.update_admin.admin, "admin")} the admin of contract ${addr(w.update_admin.contract_addr, "contract")}`;
    if ("clear_admin" in w) return `remove the admin of contract ${addr(w.clear_admin.contract_addr, "contract")}`;
  }
  return "a chain-specific message";
}

function customJson(m: CosmosMsgForEmpty): string {
  return `<p class="muted">raw JSON, as the DAO will send it:</p><pre class="json raw">${esc(JSON.stringify(m, null, 2))}</pre>`;
}

// ---------- the propose form ----------

/** The typed actions the page's propose form builds. */
export const PROPOSE_KINDS = {
  spend_treasury: "Spend from the treasury",
  release_milestone: "Release a milestone",
  set_pricing_plan: "Set a pricing plan",
  retire_pricing_plan: "Retire a pricing plan",
  approve_gateway: "Approve an inference gateway",
  revoke_gateway: "Revoke an inference gateway",
} as const;
export type ProposeKind = keyof typeof PROPOSE_KINDS;

/** The propose form's fields, as typed (strings; checkboxes as booleans). */
export interface ProposeFields {
  title: string;
  description: string;
  recipient?: string;
  amount?: string;
  denom?: string;
  memo?: string;
  planId?: string;
  planKind?: "credits" | "lease";
  callsPerPack?: string;
  leaseDays?: string;
  callCap?: string;
  commercialUse?: boolean;
  attributionRequired?: boolean;
  notes?: string;
  gateway?: string;
}

const MAX_TITLE = 128;
const MAX_DESCRIPTION = 4096;
const MAX_MEMO = 256;
const MAX_LABEL = 32;

/** An account address of this chain (bech32 with its prefix), or an InputError naming the field. */
export function checkAddress(value: string | undefined, prefix: string, field: string): string {
  const a = (value ?? "").trim();
  if (!a) throw new InputError(`Enter the ${field}'s address.`);
  let decoded: { prefix: string; data: Uint8Array };
  try {
    decoded = fromBech32(a, 256);
  } catch {
    throw new InputError(`The ${field} "${a.length > 70 ? a.slice(0, 70) + "…" : a}" is not a valid address.`);
  }
  if (decoded.prefix !== prefix) throw new InputError(`The ${field}'s address must start with "${prefix}1" on this network.`);
  if (decoded.data.length !== 20 && decoded.data.length !== 32) throw new InputError(`The ${field} "${a}" is not a valid address.`);
  return a;
}

/** A plan id as the contracts accept it: 1 to 32 of letters, digits and . _ - +. */
export function checkPlanId(value: string | undefined): string {
  const id = (value ?? "").trim();
  if (!id) throw new InputError("Enter the plan id.");
  if (id.length > MAX_LABEL) throw new InputError(`The plan id has at most ${MAX_LABEL} characters.`);
  if (!/^[A-Za-z0-9._+-]+$/.test(id)) throw new InputError("The plan id may use only letters, digits and . _ - +.");
  return id;
}

function checkText(value: string, field: string, max: number, required: boolean): string {
  if (required && !value.trim()) throw new InputError(`Enter the ${field}.`);
  if ([...value].length > max) throw new InputError(`The ${field} has at most ${max} characters.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(value)) throw new InputError(`The ${field} cannot contain control characters.`);
  return value;
}

/** Checks the title and description as the governance contract will (1–128 and ≤ 4,096 characters). */
export function checkProposalText(f: Pick<ProposeFields, "title" | "description">): { title: string; description: string } {
  return { title: checkText(f.title.trim(), "title", MAX_TITLE, true), description: checkText(f.description, "description", MAX_DESCRIPTION, false) };
}

/**
 * The action the form describes, checked before signing: addresses of this chain, amounts typed
 * in display units (ambiguous forms refused, see toBase), plan ids and counts as the contracts
 * accept them. Throws an InputError / AmountError with a sentence.
 */
export function buildAction(kind: ProposeKind, f: ProposeFields, ctx: { prefix: string; unitOf: (denom: string) => DenomUnit }): Action {
  const coin = (): Coin => {
    const denom = (f.denom ?? "").trim();
    if (!denom) throw new InputError("Choose the denom.");
    const u = ctx.unitOf(denom);
    return { denom, amount: toBase(f.amount ?? "", u.decimals, { unit: u.display }) };
  };
  switch (kind) {
    case "spend_treasury":
      return { spend_treasury: { recipient: checkAddress(f.recipient, ctx.prefix, "recipient"), amount: [coin()] } };
    case "release_milestone": {
      const recipient = checkAddress(f.recipient, ctx.prefix, "recipient");
      const amount = coin();
      const memo = checkText((f.memo ?? "").trim(), "milestone memo", MAX_MEMO, true);
      return { release_milestone: { recipient, amount, memo } };
    }
    case "set_pricing_plan": {
      const plan_id = checkPlanId(f.planId);
      const price = coin();
      if (f.planKind === "lease") {
        const days = toCount(f.leaseDays ?? "", "days", 3650);
        const call_cap = toCount(f.callCap ?? "", "calls");
        const notes = (f.notes ?? "").trim();
        checkText(notes, "notes", MAX_MEMO, false);
        return {
          set_pricing_plan: {
            plan: {
              plan_id,
              price,
              kind: {
                lease: {
                  duration_seconds: days * 86400,
                  call_cap,
                  terms: { commercial_use: !!f.commercialUse, attribution_required: !!f.attributionRequired, notes: notes || null },
                },
              },
            },
          },
        };
      }
      if (f.planKind !== "credits") throw new InputError("Choose credits or a lease.");
      return { set_pricing_plan: { plan: { plan_id, price, kind: { credits: { calls_per_pack: toCount(f.callsPerPack ?? "", "calls per pack") } } } } };
    }
    case "retire_pricing_plan":
      return { retire_pricing_plan: { plan_id: checkPlanId(f.planId) } };
    case "approve_gateway":
      return { approve_gateway: { gateway: checkAddress(f.gateway, ctx.prefix, "gateway") } };
    case "revoke_gateway":
      return { revoke_gateway: { gateway: checkAddress(f.gateway, ctx.prefix, "gateway") } };
    default:
      throw new InputError("Choose what the proposal does.");
  }
}
