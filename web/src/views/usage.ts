// Model page, "Usage" tab: plans on sale (credits, leases), my rights, grants to a gateway.
import { describeSend, formatDuration, mulBase, timestampSeconds, toCount } from "../amounts";
import { formatUtc } from "../errors";
import { AccessQueryClient } from "../generated/Access.client";
import { AccessMsgComposer } from "../generated/Access.message-composer";
import type { Plan } from "../generated/Access.types";
import { $, act, bindPreview, coin, esc, fromInput, InputError, knowDenoms, S, short, unitOf, type LaunchedModel } from "../ui";

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
  await knowDenoms(active.map((p) => p.price.denom));
  body.innerHTML = `
    <div class="card"><h3>Plans</h3>${active.map(planHtml).join("") || "<p>No plans on sale.</p>"}</div>
    <div class="card"><h3>My usage rights</h3>
      ${S.wallet ? `<p>Credits: <b id="my-credits">${credits!.credits}</b> calls</p>
      <p>Leases: ${licenses!.licenses.filter((l) => l.info.model_id === m.model_id).map((l) => `#${esc(l.token_id)} (${l.info.calls_left}/${l.info.call_cap} calls left, ${l.expired ? "expired" : "until"} ${esc(formatUtc(timestampSeconds(l.info.expires_at)))})`).join(", ") || "none"}</p>
      <p>Gateway grants: <span id="my-grants">${grants!.grants.map((g) => `${esc(short(g.gateway))}: ${g.calls} calls`).join(", ") || "none"}</span></p>` : `<p>Connect Keplr to see your credits.</p>`}
      <h4>Grant a gateway</h4>
      <p class="muted">Approved gateways: ${gateways.map((g) => `<span class="mono">${esc(g)}</span>`).join(", ") || "none yet (the DAO approves them)"}</p>
      <div class="form"><label for="grant-gateway">Gateway address</label>
        <input id="grant-gateway" autocomplete="off" placeholder="${esc(S.cfg.chain.bech32Prefix)}1…" value="${esc(gateways[0] ?? "")}">
        <label for="grant-calls">Calls</label>
        <input id="grant-calls" inputmode="numeric" autocomplete="off" placeholder="e.g. 50">
        <button id="grant">Grant</button></div>
    </div>`;
  const composer = (sender: string) => new AccessMsgComposer(sender, m.access);
  for (const plan of active.filter((p) => "credits" in p.kind)) {
    const input = $<HTMLInputElement>(`#packs-${cssId(plan.plan_id)}`);
    bindPreview(input, $(`#packs-preview-${cssId(plan.plan_id)}`), () => {
      const packs = toCount(input!.value, "packs");
      return `You will send exactly ${describeSend(mulBase(plan.price.amount, packs), unitOf(plan.price.denom))} for ${packs} pack${packs === 1 ? "" : "s"}.`;
    });
  }
  body.querySelectorAll<HTMLButtonElement>("button.buy-credits").forEach((btn) =>
    btn.addEventListener("click", () => {
      const plan = active.find((p) => p.plan_id === btn.dataset.plan)!;
      const packs = fromInput(() => toCount($<HTMLInputElement>(`#packs-${cssId(plan.plan_id)}`)!.value, "packs"));
      if (packs === undefined) return;
      const amount = mulBase(plan.price.amount, packs);
      const paid = describeSend(amount, unitOf(plan.price.denom));
      act(`Buying ${packs} pack(s) of ${plan.plan_id} for ${paid}…`, `Bought ${packs} pack(s) of ${plan.plan_id}.`, (s) => [
        composer(s).buyCredits({ modelId: m.model_id, planId: plan.plan_id, packs }, [{ denom: plan.price.denom, amount }]),
      ]);
    }),
  );
  body.querySelectorAll<HTMLButtonElement>("button.buy-lease").forEach((btn) =>
    btn.addEventListener("click", () => {
      const plan = active.find((p) => p.plan_id === btn.dataset.plan)!;
      const paid = describeSend(plan.price.amount, unitOf(plan.price.denom));
      act(`Buying lease ${plan.plan_id} for ${paid}…`, `Bought lease ${plan.plan_id}.`, (s) => [
        composer(s).buyLease({ modelId: m.model_id, planId: plan.plan_id }, [plan.price]),
      ]);
    }),
  );
  $("#grant")!.addEventListener("click", () => {
    const gateway = $<HTMLInputElement>("#grant-gateway")!.value.trim();
    const calls = fromInput(() => {
      if (!gateway) throw new InputError("Enter the gateway's address.");
      return toCount($<HTMLInputElement>("#grant-calls")!.value, "calls");
    });
    if (calls === undefined) return;
    act(`Granting ${calls} calls to ${short(gateway)}…`, `Granted ${calls} calls to ${short(gateway)}.`, (s) => [
      composer(s).grant({ modelId: m.model_id, gateway, calls }),
    ]);
  });
}

function cssId(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, "_");
}

function planHtml(p: Plan): string {
  const price = coin(p.price.amount, p.price.denom);
  if ("credits" in p.kind) {
    return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: ${p.kind.credits.calls_per_pack} calls per pack for ${esc(price)}
      <div class="form"><label for="packs-${esc(cssId(p.plan_id))}">Packs</label>
      <input id="packs-${esc(cssId(p.plan_id))}" inputmode="numeric" autocomplete="off" value="1" size="4" aria-describedby="packs-preview-${esc(cssId(p.plan_id))}">
      <button class="buy-credits" data-plan="${esc(p.plan_id)}">Buy credits</button></div>
      <p class="preview" id="packs-preview-${esc(cssId(p.plan_id))}" aria-live="polite"></p></div>`;
  }
  if ("metered" in p.kind) {
    // paid through a payment channel (the channels contract), never bought here
    const unit = p.kind.metered.unit === "call" ? "call" : "1,000 tokens";
    return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: metered, ${esc(price)} per ${unit}, paid through a payment channel</div>`;
  }
  const l = p.kind.lease;
  return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: lease of ${esc(formatDuration(l.duration_seconds))}, up to ${l.call_cap} calls,
    ${l.terms.commercial_use ? "commercial use allowed" : "non-commercial"}${l.terms.attribution_required ? ", attribution required" : ""} for ${esc(price)}
    <span class="muted">(exactly ${esc(describeSend(p.price.amount, unitOf(p.price.denom)))})</span>
    <button class="buy-lease" data-plan="${esc(p.plan_id)}">Buy lease</button></div>`;
}
