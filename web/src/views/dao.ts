// Model page, "DAO" tab: treasury, my vote (delegate it, take it back, who delegates to me),
// proposals with every action's parameters and their tallies, the voter's own power at each
// proposal's start, vote and execute, the exit window of a passed spend I did not vote yes on
// (with what an exit would pay), and a propose form for the typed actions (src/proposal.ts
// builds and checks them before anything is signed).
import { bpsToPercent, describeSend, formatDuration, InputError, ratioBps, timestampSeconds, toBase, toDisplay } from "../amounts";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { toBase64, toUtf8 } from "@cosmjs/encoding";
import { formatUtc } from "../errors";
import { AccessQueryClient } from "../generated/Access.client";
import { GovernanceQueryClient } from "../generated/Governance.client";
import { GovernanceMsgComposer } from "../generated/Governance.message-composer";
import type { Action, ExitQuoteResponse, ProposalResponse, VoteOption } from "../generated/Governance.types";
import type { DelegationResponse, Delegator } from "../generated/Shares.types";
import { SharesQueryClient } from "../generated/Shares.client";
import { SharesMsgComposer } from "../generated/Shares.message-composer";
import {
  actionDenoms,
  actionHtml,
  actionKind,
  buildAction,
  checkAddress,
  checkProposalText,
  decimalPercent,
  PROPOSE_KINDS,
  type ActionCtx,
  type ProposeFields,
  type ProposeKind,
} from "../proposal";
import { $, act, chain, coin, esc, fromInput, knowDenoms, nowSeconds, S, unitOf, type LaunchedModel } from "../ui";

export async function renderDao(body: HTMLElement, m: LaunchedModel): Promise<void> {
  const gov = new GovernanceQueryClient(S.clients.cw, m.governance);
  const shares = new SharesQueryClient(S.clients.cw, m.shares);
  const me = S.wallet?.address;
  const [{ proposals }, treasury, token, cfg, plans, myPowerNow, delegation, delegators] = await Promise.all([
    gov.proposals({ descending: true, limit: 30 }),
    gov.treasury(),
    shares.tokenInfo(),
    gov.config(),
    new AccessQueryClient(S.clients.cw, m.access).plans({ modelId: m.model_id, limit: 30 }).then((r) => r.plans).catch(() => null),
    me ? shares.votingPowerAtHeight({ address: me }).catch(() => null) : Promise.resolve(null),
    me ? shares.delegation({ address: me }).catch(() => null) : Promise.resolve(null),
    me ? shares.delegators({ delegate: me, limit: 30 }).then((r) => r.delegators).catch(() => null) : Promise.resolve(null),
  ]);
  // per proposal: my ballot, and my power at its start height (what a vote would count)
  const [ballots, powers] = await Promise.all([
    Promise.all(proposals.map((p) => (me ? gov.vote({ proposalId: p.id, voter: me }).catch(() => null) : null))),
    Promise.all(proposals.map((p) => (me ? shares.votingPowerAtHeight({ address: me, height: p.start_height }).catch(() => null) : null))),
  ]);
  // per passed proposal in its timelock that I did not vote yes on: what exiting with my whole
  // stake would pay (the contract's own answer, rounding included), or why I cannot. The stake
  // is my own shares at the start (not the votes delegated to me): the contract answers it as
  // `exitable` to a quote for one base unit, then quotes it.
  const exitDenoms = treasury.balances.map((c) => c.denom).slice(0, 10);
  const quote = async (p: ProposalResponse): Promise<ExitQuoteResponse | null> => {
    const ask = (shares: string) => gov.exitQuote({ proposalId: p.id, holder: me!, shares, denoms: exitDenoms });
    const probe = await ask("1");
    return probe.exitable === "0" || probe.exitable === "1" ? probe : ask(probe.exitable);
  };
  const quotes: (ExitQuoteResponse | null)[] = await Promise.all(
    proposals.map((p, i) =>
      me && p.status === "passed" && ballots[i]?.vote !== "yes" && exitDenoms.length ? quote(p).catch(() => null) : Promise.resolve(null),
    ),
  );
  await knowDenoms([
    ...treasury.balances.map((c) => c.denom),
    ...proposals.flatMap((p) => p.actions.flatMap(actionDenoms)),
    ...(cfg.params.deposit ? [cfg.params.deposit.denom] : []),
  ]);
  const ctx: ActionCtx = {
    unitOf,
    shares: { symbol: token.symbol, decimals: token.decimals },
    params: cfg.params,
    plans: plans ? new Map(plans.map((p) => [p.plan_id, { plan_id: p.plan_id, price: p.price, kind: p.kind }])) : undefined,
  };
  const sh = (v: string) => `${toDisplay(v, token.decimals, 6)} ${token.symbol}`;
  const now = nowSeconds();
  const cards = proposals.map((p: ProposalResponse, idx) => {
    const b = ballots[idx];
    const power = powers[idx]?.power;
    const execAt = p.executable_at ? timestampSeconds(p.executable_at) : undefined;
    const turnout = ratioBps(BigInt(p.tally.yes) + BigInt(p.tally.no) + BigInt(p.tally.abstain), p.total_power);
    let mine = "";
    if (b) mine = `<p class="my-vote">You voted <b>${esc(b.vote)}</b> with ${esc(sh(b.power))}.</p>`;
    else if (me && power !== undefined) {
      mine =
        power === "0"
          ? `<p class="my-power">You had no votes at block ${p.start_height} (the proposal's start: no ${esc(token.symbol)}, or you had delegated them), so you have no vote on it.</p>`
          : `<p class="my-power">Your voting power on it: <b>${esc(sh(power))}</b> (your votes at block ${p.start_height}, the proposal's start).</p>`;
    }
    const canVote = p.status === "open" && !b && me && power !== "0";
    return `<div class="card proposal" id="proposal-${p.id}" data-status="${esc(p.status)}">
      <h3>#${p.id} ${esc(p.title)} <span class="status status-${esc(p.status)}">${esc(p.status.replace("_", " "))}</span></h3>
      <p class="description">${esc(p.description)}</p>
      <h4>If it passes, the DAO will (${p.actions.length} action${p.actions.length === 1 ? "" : "s"}, in order):</h4>
      <ol class="actions">${p.actions.map((a) => `<li data-action="${esc(actionKind(a))}">${actionHtml(a, ctx)}</li>`).join("") || "<li>nothing</li>"}</ol>
      <p class="tally">Yes <b>${esc(sh(p.tally.yes))}</b> · No <b>${esc(sh(p.tally.no))}</b> · Abstain <b>${esc(sh(p.tally.abstain))}</b>
        · turnout ${esc(bpsToPercent(turnout))} of ${esc(sh(p.total_power))} (quorum ${esc(decimalPercent(p.quorum))}, threshold ${esc(decimalPercent(p.threshold))})</p>
      <p class="muted">proposed by <span class="mono">${esc(p.proposer)}</span> at block ${p.start_height}${p.deposit ? ` with a deposit of ${esc(coin(p.deposit.amount, p.deposit.denom))} (${esc(p.deposit_status)})` : ""} ·
        voting ends ${esc(formatUtc(timestampSeconds(p.expires_at)))}${execAt ? ` · executable from ${esc(formatUtc(execAt))}${execAt > now ? ` (in ${formatDuration(execAt - now)})` : ""}` : ""}</p>
      ${p.execution_error ? `<p class="error">Execution failed: ${esc(p.execution_error)}</p>` : ""}
      ${mine}
      ${canVote ? `<div class="votes" role="group" aria-label="Vote on proposal ${p.id}">
        <button class="vote" data-id="${p.id}" data-vote="yes">Vote yes</button>
        <button class="vote" data-id="${p.id}" data-vote="no">Vote no</button>
        <button class="vote" data-id="${p.id}" data-vote="abstain">Abstain</button></div>` : ""}
      ${p.status === "passed" ? `<button class="execute" data-id="${p.id}">Execute</button>` : ""}
      ${exitHtml(p.id, quotes[idx], sh, token.decimals, now)}
    </div>`;
  });
  const denoms = [...new Set([chain().denom, ...treasury.balances.map((c) => c.denom)])];
  body.innerHTML = `<p id="treasury">Treasury: <b>${esc(treasury.balances.map((c) => coin(c.amount, c.denom)).join(", ") || "empty")}</b>
      · voting period ${esc(formatDuration(cfg.params.voting_period_seconds))} · timelock ${esc(formatDuration(cfg.params.timelock_seconds))}</p>
    ${delegation ? delegationHtml(delegation, delegators ?? [], sh) : ""}
    ${cards.join("") || `<p id="no-proposals">No proposals yet.</p>`}
    ${proposeFormHtml(denoms, cfg.params.min_propose_power, myPowerNow?.power, sh, cfg.params.deposit ? coin(cfg.params.deposit.amount, cfg.params.deposit.denom) : undefined)}`;
  const composer = (sender: string) => new GovernanceMsgComposer(sender, m.governance);
  body.querySelectorAll<HTMLButtonElement>("button.vote").forEach((btn) =>
    btn.addEventListener("click", () => {
      const id = Number(btn.dataset.id);
      const vote = btn.dataset.vote as VoteOption;
      act(`Voting ${vote} on proposal ${id}…`, `Voted ${vote} on proposal ${id}.`, (s) => [composer(s).vote({ proposalId: id, vote })]);
    }),
  );
  body.querySelectorAll<HTMLButtonElement>("button.execute").forEach((btn) =>
    btn.addEventListener("click", () => {
      const id = Number(btn.dataset.id);
      act(`Executing proposal ${id}…`, `Proposal ${id} executed.`, (s) => [composer(s).execute({ proposalId: id })]);
    }),
  );
  bindExits(body, gov, m, exitDenoms, token.decimals, token.symbol);
  bindDelegation(body, m, me);
  bindProposeForm(body, ctx, (s, title, description, actions) => {
    const funds = cfg.params.deposit ? [cfg.params.deposit] : undefined;
    return [composer(s).propose({ title, description, actions }, funds)];
  });
}

// ---------- my vote: delegation ----------

/** Whom my shares vote through, what others delegated to me, and the forms to change it. */
function delegationHtml(d: DelegationResponse, delegators: Delegator[], sh: (v: string) => string): string {
  const status = d.delegate
    ? `Your <b>${esc(sh(d.delegated))}</b> vote through <span class="mono" id="my-delegate">${esc(d.delegate)}</span>. Your shares, their revenue and your right to exit stay yours.`
    : `You vote with your own shares.`;
  const received =
    d.received !== "0"
      ? ` <b>${esc(sh(d.received))}</b> are delegated to you by ${delegators.length === 30 ? "30 or more accounts" : `${delegators.length} account${delegators.length === 1 ? "" : "s"}`}.`
      : "";
  return `<div class="card delegation" id="delegation">
    <h3>Your vote</h3>
    <p id="delegation-status">${status}${received} Your voting power from the next block on: <b id="my-power-next">${esc(sh(d.power))}</b>.
      A change counts for proposals that start after it, never for one already open.</p>
    <label for="delegate-to">Delegate my vote to</label>
    <input id="delegate-to" autocomplete="off" placeholder="${esc(chain().bech32Prefix)}1…">
    <button id="delegate-submit">Delegate</button>
    ${d.delegate ? `<button id="undelegate">Take my vote back</button>` : ""}
  </div>`;
}

function bindDelegation(body: HTMLElement, m: LaunchedModel, me: string | undefined): void {
  const composer = (s: string) => new SharesMsgComposer(s, m.shares);
  $("#delegate-submit", body)?.addEventListener("click", () => {
    const to = fromInput(() => {
      const addr = checkAddress($<HTMLInputElement>("#delegate-to", body)?.value, chain().bech32Prefix, "delegate");
      if (addr === me) throw new InputError("That is your own address: use “Take my vote back” to vote yourself.");
      return addr;
    });
    if (!to) return;
    act(`Delegating your vote to ${to}… confirm in Keplr.`, `Your vote goes through ${to} from the next block on.`, (s) => [composer(s).delegate({ to })]);
  });
  $("#undelegate", body)?.addEventListener("click", () =>
    act("Taking your vote back… confirm in Keplr.", "You vote with your own shares again from the next block on.", (s) => [composer(s).delegate({ to: s })]),
  );
}

// ---------- exit during a timelock ----------

const payoutText = (q: ExitQuoteResponse) => q.payout.map((c) => coin(c.amount, c.denom)).join(" + ");

/** The exit window of one passed proposal: until when, how many shares, what the whole stake pays. */
function exitHtml(id: number, q: ExitQuoteResponse | null, sh: (v: string) => string, decimals: number, now: number): string {
  if (!q || !q.window_ends_at) return "";
  const ends = timestampSeconds(q.window_ends_at);
  if (ends <= now) return "";
  if (!q.allowed) {
    return `<div class="exit" id="exit-${id}"><p class="exit-window">Exit window open until ${esc(formatUtc(ends))}, but not for you: ${esc(q.reason ?? "")}</p></div>`;
  }
  return `<div class="exit" id="exit-${id}">
    <p class="exit-window">Exit window open until <b>${esc(formatUtc(ends))}</b> (in ${esc(formatDuration(ends - now))}): you did not vote yes,
      so you may burn up to <b>${esc(sh(q.exitable))}</b> for the same fraction of the free treasury before this proposal runs.</p>
    <label for="exit-shares-${id}">Shares to burn</label>
    <input id="exit-shares-${id}" class="exit-shares" data-id="${id}" inputmode="decimal" autocomplete="off" value="${esc(toDisplay(q.exitable, decimals))}">
    <p class="exit-payout" id="exit-payout-${id}" aria-live="polite">Your whole stake would receive <b>${esc(payoutText(q))}</b>.</p>
    <button class="exit-submit" data-id="${id}">Exit</button>
  </div>`;
}

function bindExits(body: HTMLElement, gov: GovernanceQueryClient, m: LaunchedModel, denoms: string[], decimals: number, symbol: string): void {
  const amountOf = (id: string) => toBase($<HTMLInputElement>(`#exit-shares-${id}`, body)?.value ?? "", decimals, { unit: symbol });
  body.querySelectorAll<HTMLInputElement>("input.exit-shares").forEach((input) => {
    const id = input.dataset.id!;
    const out = $(`#exit-payout-${id}`, body)!;
    let seq = 0;
    input.addEventListener("input", async () => {
      const mine = ++seq;
      try {
        const shares = amountOf(id);
        const q = await gov.exitQuote({ proposalId: Number(id), holder: S.wallet!.address, shares, denoms });
        if (mine !== seq) return;
        out.textContent = q.allowed ? `You would receive ${payoutText(q)}.` : (q.reason ?? "");
        out.dataset.kind = q.allowed ? "ok" : "error";
      } catch (e) {
        if (mine !== seq) return;
        out.textContent = (e as Error).message;
        out.dataset.kind = "error";
      }
    });
  });
  body.querySelectorAll<HTMLButtonElement>("button.exit-submit").forEach((btn) =>
    btn.addEventListener("click", () => {
      const id = Number(btn.dataset.id);
      const amount = fromInput(() => amountOf(String(id)));
      if (!amount) return;
      const hook = { exit: { proposal_id: id, denoms } };
      const msg = toBase64(toUtf8(JSON.stringify(hook)));
      act(`Exiting with ${toDisplay(amount, decimals)} ${symbol} against proposal ${id}… confirm in Keplr.`, `Exited: ${toDisplay(amount, decimals)} ${symbol} burned.`, (s) => [
        new SharesMsgComposer(s, m.shares).send({ contract: m.governance, amount, msg }),
      ]);
    }),
  );
}

// ---------- the propose form ----------

const field = (id: string, label: string, input: string, kinds: string) =>
  `<div class="field" data-kinds="${kinds}"><label for="${id}">${label}</label>${input}</div>`;

function proposeFormHtml(denoms: string[], minPower: string, myPower: string | undefined, sh: (v: string) => string, deposit?: string): string {
  const denomOptions = denoms.map((d) => `<option value="${esc(d)}">${esc(unitOf(d).display)}${unitOf(d).display === d ? "" : ` (${esc(d)})`}</option>`).join("");
  const money = "spend_treasury release_milestone set_pricing_plan";
  return `<div class="card propose" id="propose">
    <h3>New proposal</h3>
    <p class="muted">Proposing needs at least ${esc(sh(minPower === "0" ? "1" : minPower))} of voting power${
      myPower !== undefined ? `; you have <b id="my-power-now">${esc(sh(myPower))}</b> now` : " (connect Keplr to see yours)"
    }.${deposit ? ` A deposit of <b>${esc(deposit)}</b> is attached; it comes back unless the proposal misses its quorum.` : ""}</p>
    ${field("propose-kind", "What it does", `<select id="propose-kind">${Object.entries(PROPOSE_KINDS).map(([k, v]) => `<option value="${k}">${esc(v)}</option>`).join("")}</select>`, "all")}
    ${field("propose-title", "Title", `<input id="propose-title" maxlength="128" autocomplete="off">`, "all")}
    ${field("propose-description", "Description", `<textarea id="propose-description" rows="3" maxlength="4096"></textarea>`, "all")}
    ${field("propose-recipient", "Recipient address", `<input id="propose-recipient" autocomplete="off" placeholder="${esc(chain().bech32Prefix)}1…">`, "spend_treasury release_milestone")}
    ${field("propose-plan-id", "Plan id", `<input id="propose-plan-id" autocomplete="off" maxlength="32" placeholder="e.g. pack">`, "set_pricing_plan retire_pricing_plan")}
    ${field("propose-plan-kind", "Plan kind", `<select id="propose-plan-kind"><option value="credits">credits (packs of calls)</option><option value="lease">lease (a licence NFT)</option></select>`, "set_pricing_plan")}
    ${field("propose-amount", "Amount", `<input id="propose-amount" inputmode="decimal" autocomplete="off" placeholder="e.g. 1.5">`, money)}
    ${field("propose-denom", "Denom", `<select id="propose-denom">${denomOptions}</select>`, money)}
    ${field("propose-memo", "Milestone memo", `<input id="propose-memo" autocomplete="off" maxlength="256">`, "release_milestone")}
    ${field("propose-calls-per-pack", "Calls per pack", `<input id="propose-calls-per-pack" inputmode="numeric" autocomplete="off">`, "set_pricing_plan credits")}
    ${field("propose-lease-days", "Lease length in days", `<input id="propose-lease-days" inputmode="numeric" autocomplete="off">`, "set_pricing_plan lease")}
    ${field("propose-call-cap", "Calls per lease", `<input id="propose-call-cap" inputmode="numeric" autocomplete="off">`, "set_pricing_plan lease")}
    ${field("propose-commercial", "Commercial use allowed", `<input type="checkbox" id="propose-commercial">`, "set_pricing_plan lease")}
    ${field("propose-attribution", "Attribution required", `<input type="checkbox" id="propose-attribution">`, "set_pricing_plan lease")}
    ${field("propose-notes", "Lease notes", `<input id="propose-notes" autocomplete="off" maxlength="256">`, "set_pricing_plan lease")}
    ${field("propose-gateway", "Gateway address", `<input id="propose-gateway" autocomplete="off" placeholder="${esc(chain().bech32Prefix)}1…">`, "approve_gateway revoke_gateway")}
    <p class="muted">The proposal will:</p>
    <div id="propose-preview" class="preview" aria-live="polite"></div>
    <button id="propose-submit">Propose</button>
  </div>`;
}

function bindProposeForm(
  body: HTMLElement,
  ctx: ActionCtx,
  msgs: (sender: string, title: string, description: string, actions: Action[]) => EncodeObject[],
): void {
  const v = (id: string) => $<HTMLInputElement>(`#${id}`, body)?.value ?? "";
  const checked = (id: string) => !!$<HTMLInputElement>(`#${id}`, body)?.checked;
  const kind = () => v("propose-kind") as ProposeKind;
  const fields = (): ProposeFields => ({
    title: v("propose-title"),
    description: v("propose-description"),
    recipient: v("propose-recipient"),
    amount: v("propose-amount"),
    denom: v("propose-denom"),
    memo: v("propose-memo"),
    planId: v("propose-plan-id"),
    planKind: v("propose-plan-kind") as "credits" | "lease",
    callsPerPack: v("propose-calls-per-pack"),
    leaseDays: v("propose-lease-days"),
    callCap: v("propose-call-cap"),
    commercialUse: checked("propose-commercial"),
    attributionRequired: checked("propose-attribution"),
    notes: v("propose-notes"),
    gateway: v("propose-gateway"),
  });
  const action = () => buildAction(kind(), fields(), { prefix: chain().bech32Prefix, unitOf });
  // only the fields of the chosen kind are shown (and the lease / credits ones by plan kind)
  const showFields = () => {
    const k = kind();
    const pk = v("propose-plan-kind");
    body.querySelectorAll<HTMLElement>("#propose .field").forEach((f) => {
      const kinds = (f.dataset.kinds ?? "").split(" ");
      const byPlan = kinds.includes("credits") || kinds.includes("lease");
      f.hidden = !(kinds.includes("all") || (kinds.includes(k) && (!byPlan || kinds.includes(pk))));
    });
  };
  showFields();
  const preview = $("#propose-preview", body)!;
  const update = () => {
    try {
      const a = action();
      preview.innerHTML = `<ol class="actions"><li data-action="${esc(actionKind(a))}">${actionHtml(a, ctx)}</li></ol>`;
      preview.dataset.kind = "ok";
    } catch (e) {
      preview.textContent = (e as Error).message;
      preview.dataset.kind = "error";
    }
  };
  body.querySelectorAll<HTMLElement>("#propose input, #propose select, #propose textarea").forEach((el) => {
    el.addEventListener("input", () => {
      showFields();
      update();
    });
    el.addEventListener("change", () => {
      showFields();
      update();
    });
  });
  $("#propose-submit", body)!.addEventListener("click", () => {
    const built = fromInput(() => ({ text: checkProposalText(fields()), action: action() }));
    if (!built) return;
    const what = "spend_treasury" in built.action
      ? ` (send ${built.action.spend_treasury.amount.map((c) => describeSend(c.amount, unitOf(c.denom))).join(" + ")})`
      : "";
    act(`Proposing “${built.text.title}”${what}… confirm in Keplr.`, `Proposed “${built.text.title}”.`, (s) =>
      msgs(s, built.text.title, built.text.description, [built.action]),
    );
  });
}
