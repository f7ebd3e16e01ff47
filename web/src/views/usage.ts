// Model page, "Usage" tab: plans on sale (credits, leases), my rights, grants to a gateway.
import { AmountError, formatDuration, mulBase, timestampSeconds, toBase } from "../amounts";
import { formatUtc } from "../errors";
import { AccessQueryClient } from "../generated/Access.client";
import { AccessMsgComposer } from "../generated/Access.message-composer";
import type { Plan } from "../generated/Access.types";
import { $, act, coin, esc, S, short, type LaunchedModel } from "../ui";

export async function renderUsage(body: HTMLElement, m: LaunchedModel): Promise<void> {
  const access = new AccessQueryClient(S.clients.cw, m.access);
  const [{ plans }, { gateways }, credits, grants, licenses] = await Promise.all([
    access.plans({ modelId: m.model_id, limit: 30 }),
    access.gateways({ modelId: m.model_id, limit: 30 }),
    S.wallet ? access.credits({ modelId: m.model_id, user: S.wallet.address }) : Promise.resolve(null),
    S.wallet ? access.grants({ modelId: m.model_id, user: S.wallet.address, limit: 30 }) : Promise.resolve(null),
    S.wallet ? access.licenses({ owner: S.wallet.address, limit: 30 }) : Promise.resolve(null),
  ]);
  const active = plans.filter((p) => !p.retired);
  body.innerHTML = `
    <div class="card"><h3>Plans</h3>${active.map(planHtml).join("") || "<p>No plans on sale.</p>"}</div>
    <div class="card"><h3>My usage rights</h3>
      ${S.wallet ? `<p>Credits: <b id="my-credits">${credits!.credits}</b> calls</p>
      <p>Leases: ${licenses!.licenses.filter((l) => l.info.model_id === m.model_id).map((l) => `#${esc(l.token_id)} (${l.info.calls_left}/${l.info.call_cap} calls left, ${l.expired ? "expired" : "until"} ${esc(formatUtc(timestampSeconds(l.info.expires_at)))})`).join(", ") || "none"}</p>
      <p>Gateway grants: <span id="my-grants">${grants!.grants.map((g) => `${esc(short(g.gateway))}: ${g.calls} calls`).join(", ") || "none"}</span></p>` : `<p>Connect Keplr to see your credits.</p>`}
      <h4>Grant a gateway</h4>
      <p class="muted">Approved gateways: ${gateways.map((g) => `<span class="mono">${esc(g)}</span>`).join(", ") || "none yet (the DAO approves them)"}</p>
      <div class="form"><input id="grant-gateway" placeholder="gateway address" value="${esc(gateways[0] ?? "")}">
        <input id="grant-calls" inputmode="numeric" placeholder="calls">
        <button id="grant">Grant</button></div>
    </div>`;
  const composer = (sender: string) => new AccessMsgComposer(sender, m.access);
  body.querySelectorAll<HTMLButtonElement>("button.buy-credits").forEach((btn) =>
    btn.addEventListener("click", () => {
      const plan = active.find((p) => p.plan_id === btn.dataset.plan)!;
      const text = $<HTMLInputElement>(`#packs-${cssId(plan.plan_id)}`)!.value.trim();
      act(`Buying ${text} pack(s) of ${plan.plan_id}…`, `Bought ${text} pack(s) of ${plan.plan_id}.`, (s) => {
        const packs = Number(toBase(text, 0));
        if (!Number.isSafeInteger(packs) || packs > 4294967295) throw new AmountError("too many packs");
        const amount = mulBase(plan.price.amount, packs);
        return [composer(s).buyCredits({ modelId: m.model_id, planId: plan.plan_id, packs }, [{ denom: plan.price.denom, amount }])];
      });
    }),
  );
  body.querySelectorAll<HTMLButtonElement>("button.buy-lease").forEach((btn) =>
    btn.addEventListener("click", () => {
      const plan = active.find((p) => p.plan_id === btn.dataset.plan)!;
      act(`Buying lease ${plan.plan_id}…`, `Bought lease ${plan.plan_id}.`, (s) => [
        composer(s).buyLease({ modelId: m.model_id, planId: plan.plan_id }, [plan.price]),
      ]);
    }),
  );
  $("#grant")!.addEventListener("click", () => {
    const gateway = $<HTMLInputElement>("#grant-gateway")!.value.trim();
    const text = $<HTMLInputElement>("#grant-calls")!.value;
    act(`Granting ${short(gateway)}…`, `Granted ${text} calls to ${short(gateway)}.`, (s) => {
      const calls = Number(toBase(text, 0));
      if (!gateway) throw new AmountError("enter the gateway's address");
      return [composer(s).grant({ modelId: m.model_id, gateway, calls })];
    });
  });
}

function cssId(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, "_");
}

function planHtml(p: Plan): string {
  const price = coin(p.price.amount, p.price.denom);
  if ("credits" in p.kind) {
    return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: ${p.kind.credits.calls_per_pack} calls per pack for ${esc(price)}
      <div class="form"><input id="packs-${esc(cssId(p.plan_id))}" inputmode="numeric" value="1" size="4"> packs
      <button class="buy-credits" data-plan="${esc(p.plan_id)}">Buy credits</button></div></div>`;
  }
  if ("metered" in p.kind) {
    // paid through a payment channel (the channels contract), never bought here
    const unit = p.kind.metered.unit === "call" ? "call" : "1,000 tokens";
    return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: metered, ${esc(price)} per ${unit}, paid through a payment channel</div>`;
  }
  const l = p.kind.lease;
  return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: lease of ${esc(formatDuration(l.duration_seconds))}, up to ${l.call_cap} calls,
    ${l.terms.commercial_use ? "commercial use allowed" : "non-commercial"}${l.terms.attribution_required ? ", attribution required" : ""} for ${esc(price)}
    <button class="buy-lease" data-plan="${esc(p.plan_id)}">Buy lease</button></div>`;
}
