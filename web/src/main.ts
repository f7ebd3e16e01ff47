// Modelfund web app: models list, model page (presale, DAO, usage, revenue), Keplr connection.
// Hash routing: #/ (models), #/model/<id>[/dao|/usage|/revenue].
import type { EncodeObject } from "@cosmjs/proto-signing";
import {
  AmountError,
  bpsToPercent,
  formatCoin,
  formatDuration,
  mulBase,
  ratioBps,
  timestampSeconds,
  toBase,
  toDisplay,
} from "./amounts";
import { keplrChainInfo } from "./chains";
import { loadConfig, type AppConfig } from "./config";
import { friendlyError, formatUtc } from "./errors";
import { connectChain, connectKeplr, getKeplr, signAndBroadcast, type ChainClients, type Connected } from "./wallet";
import { LaunchpadQueryClient } from "./generated/Launchpad.client";
import type { ModelResponse as LaunchedModel } from "./generated/Launchpad.types";
import { RegistryQueryClient } from "./generated/Registry.client";
import { PresaleQueryClient } from "./generated/Presale.client";
import { PresaleMsgComposer } from "./generated/Presale.message-composer";
import type { ConfigResponse as PresaleConfig, StateResponse as PresaleState } from "./generated/Presale.types";
import { SharesQueryClient } from "./generated/Shares.client";
import { SharesMsgComposer } from "./generated/Shares.message-composer";
import { GovernanceQueryClient } from "./generated/Governance.client";
import { GovernanceMsgComposer } from "./generated/Governance.message-composer";
import type { ProposalResponse, VoteOption } from "./generated/Governance.types";
import { AccessQueryClient } from "./generated/Access.client";
import { AccessMsgComposer } from "./generated/Access.message-composer";
import type { Plan } from "./generated/Access.types";

interface State {
  cfg: AppConfig;
  clients: ChainClients;
  wallet?: Connected;
}

let S: State;
const PAGE = 10;
/** localStorage key: the chain id the user connected Keplr for (reconnect on the next visit). */
const AUTO_CONNECT = "modelfund.connected";

// ---------- small DOM helpers ----------
const $ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T | null;

function esc(v: unknown): string {
  return String(v ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function setStatus(kind: "pending" | "ok" | "error" | "idle", text: string): void {
  const el = $("#status")!;
  el.dataset.kind = kind;
  el.textContent = text;
  el.hidden = kind === "idle";
}

const chain = () => S.cfg.chain;
const coin = (amount: string | bigint, denom = chain().denom) => formatCoin(amount, denom, chain());
const errCtx = () => ({ denom: chain().denom, displayDenom: chain().displayDenom, decimals: chain().decimals });
const short = (addr: string) => (addr.length > 20 ? `${addr.slice(0, 10)}…${addr.slice(-6)}` : addr);
const nowSeconds = () => Math.floor(Date.now() / 1000);

// ---------- wallet ----------
async function connect(): Promise<void> {
  const keplr = getKeplr();
  if (!keplr) {
    setStatus("error", "Keplr is not installed: install the Keplr browser extension to connect.");
    return;
  }
  setStatus("pending", "Connecting to Keplr…");
  try {
    S.wallet = await connectKeplr(keplr, keplrChainInfo(chain()), chain().chainId);
    localStorage.setItem(AUTO_CONNECT, chain().chainId);
    await renderWallet();
    await route(false);
    setStatus("ok", `Connected as ${S.wallet.address}.`);
  } catch (e) {
    console.error(e);
    setStatus("error", friendlyError(e, errCtx()));
  }
}

async function suggestChain(): Promise<void> {
  const keplr = getKeplr();
  if (!keplr) {
    setStatus("error", "Keplr is not installed: install the Keplr browser extension first.");
    return;
  }
  try {
    await keplr.experimentalSuggestChain(keplrChainInfo(chain()));
    setStatus("ok", `${chain().chainName} (${chain().chainId}) is known to Keplr now.`);
  } catch (e) {
    console.error(e);
    setStatus("error", friendlyError(e, errCtx()));
  }
}

async function renderWallet(): Promise<void> {
  const box = $("#wallet")!;
  if (!S.wallet) {
    $("#connect")!.hidden = false;
    box.innerHTML = "";
    return;
  }
  let balance = "…";
  try {
    const b = await S.clients.cw.getBalance(S.wallet.address, chain().denom);
    balance = coin(b.amount);
  } catch {
    balance = "unknown";
  }
  $("#connect")!.hidden = true;
  box.innerHTML = `<span id="address" title="${esc(S.wallet.address)}">${esc(S.wallet.address)}</span>
    <span id="balance">${esc(balance)}</span>`;
}

/** Runs a transaction from the page: status line, readable errors, refresh afterwards. */
async function act(pending: string, done: string, build: (sender: string) => EncodeObject[]): Promise<void> {
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
  await renderWallet();
  await route(false);
  setStatus(...outcome);
}

// ---------- routing ----------
async function route(clearStatus = true): Promise<void> {
  if (clearStatus && $("#status")!.dataset.kind !== "pending") setStatus("idle", "");
  const main = $("#main")!;
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === "model" && parts[1]) await renderModel(main, parts[1], parts[2] ?? "overview");
    else await renderModels(main);
  } catch (e) {
    console.error(e);
    main.innerHTML = `<p class="error" id="load-error">${esc(friendlyError(e, errCtx()))}</p>`;
  }
}

// ---------- models list ----------
async function renderModels(main: HTMLElement, startAfter?: string): Promise<void> {
  const lp = new LaunchpadQueryClient(S.clients.cw, S.cfg.launchpad);
  const { models } = await lp.models({ limit: PAGE, startAfter });
  const rows = await Promise.all(models.map(modelRow));
  const list = startAfter ? $("#models")! : null;
  if (!list) {
    main.innerHTML = `<h2>Models</h2>
      <table class="models"><thead><tr><th>Model</th><th>Presale</th><th>Raised</th><th>Launched</th></tr></thead>
      <tbody id="models"></tbody></table>
      <p id="models-empty" ${models.length ? "hidden" : ""}>No model was launched yet.</p>
      <button id="models-more" hidden>More models</button>`;
  }
  $("#models")!.insertAdjacentHTML("beforeend", rows.join(""));
  const more = $<HTMLButtonElement>("#models-more")!;
  more.hidden = models.length < PAGE;
  more.onclick = () => renderModels(main, models[models.length - 1].model_id);
}

async function modelRow(m: LaunchedModel): Promise<string> {
  const [info, state, cfg] = await Promise.all([
    new RegistryQueryClient(S.clients.cw, m.registry).model({ tokenId: m.model_id }).catch(() => null),
    new PresaleQueryClient(S.clients.cw, m.presale).state().catch(() => null),
    new PresaleQueryClient(S.clients.cw, m.presale).config().catch(() => null),
  ]);
  const name = info?.info.name ?? m.model_id;
  return `<tr class="model-row" data-model="${esc(m.model_id)}">
    <td><a href="#/model/${encodeURIComponent(m.model_id)}">${esc(name)}</a> <span class="muted">${esc(m.model_id)}</span></td>
    <td>${state ? phaseLabel(state.phase) : "?"}</td>
    <td>${state && cfg ? `${esc(coin(state.raised, cfg.denom))} / ${esc(coin(cfg.hard_cap, cfg.denom))}` : "?"}</td>
    <td>${esc(formatUtc(timestampSeconds(m.launched_at)))}</td></tr>`;
}

function phaseLabel(phase: string): string {
  const words: Record<string, string> = {
    upcoming: "not open yet", open: "open", ended: "ended, awaiting finalize", succeeded: "succeeded",
    failed: "failed (refunds open)", cancelled: "cancelled (refunds open)",
  };
  return `<span class="phase phase-${esc(phase)}">${esc(words[phase] ?? phase)}</span>`;
}

// ---------- model page ----------
async function renderModel(main: HTMLElement, modelId: string, tab: string): Promise<void> {
  const m = await new LaunchpadQueryClient(S.clients.cw, S.cfg.launchpad).model({ modelId });
  const registry = new RegistryQueryClient(S.clients.cw, m.registry);
  const model = await registry.model({ tokenId: modelId });
  const tabs = [["overview", "Overview & presale"], ["dao", "DAO"], ["usage", "Usage"], ["revenue", "Revenue"]];
  const base = `#/model/${encodeURIComponent(modelId)}`;
  main.innerHTML = `<p><a href="#/">← All models</a></p>
    <h2 id="model-name">${esc(model.info.name)} <span class="muted">${esc(modelId)}</span></h2>
    <nav class="tabs">${tabs
      .map(([t, label]) => `<a id="tab-${t}" class="${t === tab ? "active" : ""}" href="${base}${t === "overview" ? "" : "/" + t}">${label}</a>`)
      .join("")}</nav><section id="tab-body"><p>Loading…</p></section>`;
  const body = $("#tab-body")!;
  if (tab === "dao") await renderDao(body, m);
  else if (tab === "usage") await renderUsage(body, m);
  else if (tab === "revenue") await renderRevenue(body, m);
  else await renderOverview(body, m, model);
}

async function shareToken(m: LaunchedModel) {
  return new SharesQueryClient(S.clients.cw, m.shares).tokenInfo();
}

async function renderOverview(body: HTMLElement, m: LaunchedModel, model: Awaited<ReturnType<RegistryQueryClient["model"]>>) {
  const registry = new RegistryQueryClient(S.clients.cw, m.registry);
  const presale = new PresaleQueryClient(S.clients.cw, m.presale);
  const [versions, cfg, state, token, mine] = await Promise.all([
    registry.versions({ tokenId: m.model_id, limit: 30 }),
    presale.config(),
    presale.state(),
    shareToken(m),
    S.wallet ? presale.contribution({ address: S.wallet.address }) : Promise.resolve(null),
  ]);
  const i = model.info;
  body.innerHTML = `
    <div class="grid">
      <div class="card">
        <h3>Model</h3>
        <p id="model-description">${esc(i.description)}</p>
        <dl>
          <dt>License</dt><dd>${esc(i.license.id)}${i.license.uri ? ` (<a href="${esc(i.license.uri)}">text</a>)` : ""}</dd>
          <dt>Latest version</dt><dd id="latest-version">${esc(i.latest.version)}</dd>
          <dt>Content hash</dt><dd class="mono">${esc(i.latest.content_hash)}</dd>
          <dt>Storage</dt><dd class="mono">${esc(i.latest.uri)}</dd>
          <dt>DAO (owner)</dt><dd class="mono">${esc(model.owner ?? "burned")}</dd>
          <dt>Creator</dt><dd class="mono">${esc(m.creator)}</dd>
        </dl>
        <h4>Version history</h4>
        <table id="versions"><thead><tr><th>#</th><th>Version</th><th>Published</th><th>Notes</th></tr></thead><tbody>
        ${versions.versions
          .map((v) => `<tr><td>${v.index}</td><td>${esc(v.version)}</td><td>${esc(formatUtc(timestampSeconds(v.published_at)))}</td><td>${esc(v.notes ?? "")}</td></tr>`)
          .join("")}
        </tbody></table>
      </div>
      <div class="card" id="presale">${presaleHtml(cfg, state, token.decimals, token.symbol, mine)}</div>
    </div>`;
  const composer = (sender: string) => new PresaleMsgComposer(sender, m.presale);
  $("#contribute")?.addEventListener("click", () => {
    const text = $<HTMLInputElement>("#contribute-amount")!.value;
    act("Contributing… confirm in Keplr.", `Contributed ${text} ${chain().displayDenom}.`, (s) => {
      const amount = toBase(text, chain().decimals);
      return [composer(s).contribute([{ denom: cfg.denom, amount }])];
    });
  });
  $("#claim")?.addEventListener("click", () => act("Claiming shares…", "Shares claimed.", (s) => [composer(s).claim()]));
  $("#refund")?.addEventListener("click", () => act("Requesting refund…", "Contribution refunded.", (s) => [composer(s).refund()]));
  $("#finalize")?.addEventListener("click", () => act("Finalizing the presale…", "Presale finalized.", (s) => [composer(s).finalize()]));
}

function presaleHtml(
  cfg: PresaleConfig,
  st: PresaleState,
  shareDecimals: number,
  symbol: string,
  mine: Awaited<ReturnType<PresaleQueryClient["contribution"]>> | null,
): string {
  const pct = Math.min(ratioBps(st.raised, cfg.hard_cap), 10000);
  const softPct = Math.min(ratioBps(cfg.soft_cap, cfg.hard_cap), 10000);
  const start = timestampSeconds(cfg.start);
  const end = timestampSeconds(cfg.end);
  let time = "";
  if (st.phase === "upcoming") time = `Opens in ${formatDuration(start - nowSeconds())} (${formatUtc(start)})`;
  else if (st.phase === "open") time = `${formatDuration(Number(st.seconds_left))} left (ends ${formatUtc(end)})`;
  else if (st.phase === "ended") time = `Ended; anyone may finalize it now.`;
  else time = `Ended ${formatUtc(end)}`;
  // price is per share base unit; one whole share = price × 10^decimals
  const perShare = mulBase(cfg.price, 10n ** BigInt(shareDecimals));
  const canContribute = st.phase === "open" || st.phase === "upcoming";
  let my = "";
  if (mine && mine.amount !== "0") {
    my = `<p id="my-contribution">You contributed <b>${esc(coin(mine.amount, cfg.denom))}</b>, worth
      <b>${esc(toDisplay(mine.shares, shareDecimals))} ${esc(symbol)}</b>${mine.claimed ? " (claimed)" : ""}${mine.refunded ? " (refunded)" : ""}.</p>`;
  } else if (S.wallet) {
    my = `<p id="my-contribution">You have not contributed.</p>`;
  }
  return `<h3>Presale ${phaseLabel(st.phase)}</h3>
    <div class="progress" title="${esc(bpsToPercent(pct))} of the hard cap">
      <div class="bar" id="progress-bar" style="width:${pct / 100}%"></div>
      <div class="soft" style="left:${softPct / 100}%" title="soft cap"></div>
    </div>
    <p id="presale-numbers">Raised <b id="raised">${esc(coin(st.raised, cfg.denom))}</b> of
      <b id="hard-cap">${esc(coin(cfg.hard_cap, cfg.denom))}</b> hard cap (${esc(bpsToPercent(pct))}) ·
      soft cap <b id="soft-cap">${esc(coin(cfg.soft_cap, cfg.denom))}</b> · ${st.backers} backer${st.backers === 1 ? "" : "s"}</p>
    <p id="time-left">${esc(time)}</p>
    <dl>
      <dt>Price</dt><dd>${esc(coin(perShare, cfg.denom))} per ${esc(symbol)}</dd>
      <dt>Per address</dt><dd>${esc(coin(cfg.min_per_address, cfg.denom))} to ${esc(coin(cfg.max_per_address, cfg.denom))}</dd>
      <dt>Funds go to</dt><dd class="mono">the DAO treasury ${esc(short(cfg.treasury))}</dd>
    </dl>
    ${my}
    ${canContribute ? `<div class="form"><input id="contribute-amount" inputmode="decimal" placeholder="amount in ${esc(chain().displayDenom)}">
      <button id="contribute">Contribute</button></div>` : ""}
    ${st.phase === "ended" ? `<button id="finalize">Finalize</button>` : ""}
    ${st.phase === "succeeded" && mine && mine.amount !== "0" && !mine.claimed ? `<button id="claim">Claim ${esc(toDisplay(mine.shares, shareDecimals))} ${esc(symbol)}</button>` : ""}
    ${(st.phase === "failed" || st.phase === "cancelled") && mine && mine.amount !== "0" && !mine.refunded ? `<button id="refund">Refund</button>` : ""}`;
}

// ---------- DAO ----------
async function renderDao(body: HTMLElement, m: LaunchedModel): Promise<void> {
  const gov = new GovernanceQueryClient(S.clients.cw, m.governance);
  const [{ proposals }, treasury, token, cfg] = await Promise.all([
    gov.proposals({ descending: true, limit: 30 }),
    gov.treasury(),
    shareToken(m),
    gov.config(),
  ]);
  const ballots = S.wallet
    ? await Promise.all(proposals.map((p) => gov.vote({ proposalId: p.id, voter: S.wallet!.address }).catch(() => null)))
    : proposals.map(() => null);
  const sh = (v: string) => `${toDisplay(v, token.decimals, 6)} ${token.symbol}`;
  const now = nowSeconds();
  const cards = proposals.map((p: ProposalResponse, idx) => {
    const b = ballots[idx];
    const execAt = p.executable_at ? timestampSeconds(p.executable_at) : undefined;
    const voted = b ? `<p class="my-vote">You voted <b>${esc(b.vote)}</b> with ${esc(sh(b.power))}.</p>` : "";
    const turnout = ratioBps(BigInt(p.tally.yes) + BigInt(p.tally.no) + BigInt(p.tally.abstain), p.total_power);
    return `<div class="card proposal" id="proposal-${p.id}" data-status="${esc(p.status)}">
      <h3>#${p.id} ${esc(p.title)} <span class="status status-${esc(p.status)}">${esc(p.status.replace("_", " "))}</span></h3>
      <p>${esc(p.description)}</p>
      <p class="tally">Yes <b>${esc(sh(p.tally.yes))}</b> · No <b>${esc(sh(p.tally.no))}</b> · Abstain <b>${esc(sh(p.tally.abstain))}</b>
        · turnout ${esc(bpsToPercent(turnout))} of ${esc(sh(p.total_power))} (quorum ${esc(decimalPercent(p.quorum))}, threshold ${esc(decimalPercent(p.threshold))})</p>
      <p class="muted">${p.actions.length} action${p.actions.length === 1 ? "" : "s"}: ${esc(p.actions.map(actionName).join(", "))} ·
        voting ends ${esc(formatUtc(timestampSeconds(p.expires_at)))}${execAt ? ` · executable from ${esc(formatUtc(execAt))}${execAt > now ? ` (in ${formatDuration(execAt - now)})` : ""}` : ""}</p>
      ${p.execution_error ? `<p class="error">Execution failed: ${esc(p.execution_error)}</p>` : ""}
      ${voted}
      ${p.status === "open" && !b ? `<div class="votes">
        <button class="vote" data-id="${p.id}" data-vote="yes">Vote yes</button>
        <button class="vote" data-id="${p.id}" data-vote="no">Vote no</button>
        <button class="vote" data-id="${p.id}" data-vote="abstain">Abstain</button></div>` : ""}
      ${p.status === "passed" ? `<button class="execute" data-id="${p.id}">Execute</button>` : ""}
    </div>`;
  });
  body.innerHTML = `<p id="treasury">Treasury: <b>${esc(treasury.balances.map((c) => coin(c.amount, c.denom)).join(", ") || "empty")}</b>
      · voting period ${esc(formatDuration(cfg.params.voting_period_seconds))} · timelock ${esc(formatDuration(cfg.params.timelock_seconds))}</p>
    ${cards.join("") || `<p id="no-proposals">No proposals yet. Share holders propose with the chain CLI (see the README).</p>`}`;
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
}

function decimalPercent(d: string): string {
  // a cosmwasm Decimal ("0.2") -> "20%", exactly
  const [w, f = ""] = d.split(".");
  const bps = BigInt(w) * 10000n + BigInt((f + "0000").slice(0, 4));
  return bpsToPercent(Number(bps));
}

function actionName(a: object): string {
  return Object.keys(a)[0]?.replace(/_/g, " ") ?? "?";
}

// ---------- usage ----------
async function renderUsage(body: HTMLElement, m: LaunchedModel): Promise<void> {
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
  const l = p.kind.lease;
  return `<div class="plan" id="plan-${esc(cssId(p.plan_id))}"><b>${esc(p.plan_id)}</b>: lease of ${esc(formatDuration(l.duration_seconds))}, up to ${l.call_cap} calls,
    ${l.terms.commercial_use ? "commercial use allowed" : "non-commercial"}${l.terms.attribution_required ? ", attribution required" : ""} for ${esc(price)}
    <button class="buy-lease" data-plan="${esc(p.plan_id)}">Buy lease</button></div>`;
}

// ---------- revenue ----------
async function renderRevenue(body: HTMLElement, m: LaunchedModel): Promise<void> {
  const shares = new SharesQueryClient(S.clients.cw, m.shares);
  const [token, rev, balance, claimable] = await Promise.all([
    shares.tokenInfo(),
    shares.revenueConfig(),
    S.wallet ? shares.balance({ address: S.wallet.address }) : Promise.resolve(null),
    S.wallet ? shares.claimableRevenue({ address: S.wallet.address }) : Promise.resolve(null),
  ]);
  const supply = token.total_supply;
  const mine = balance?.balance ?? "0";
  body.innerHTML = `<div class="card">
    <h3>${esc(token.name)} (${esc(token.symbol)})</h3>
    <p>Total supply ${esc(toDisplay(supply, token.decimals))} ${esc(token.symbol)} · revenue distributed so far:
      ${esc(rev.distributed.map((c) => coin(c.amount, c.denom)).join(", ") || "nothing")}</p>
    ${S.wallet ? `<p>My shares: <b id="my-shares">${esc(toDisplay(mine, token.decimals))} ${esc(token.symbol)}</b>
      (${esc(bpsToPercent(ratioBps(mine, supply)))} of the supply)</p>
      <p>Claimable revenue: <b id="claimable">${esc(claimable!.claimable.map((c) => coin(c.amount, c.denom)).join(", ") || "nothing")}</b></p>
      <button id="claim-revenue" ${claimable!.claimable.length ? "" : "disabled"}>Claim revenue</button>` : `<p>Connect Keplr to see your shares and revenue.</p>`}
  </div>`;
  $("#claim-revenue")?.addEventListener("click", () =>
    act("Claiming revenue…", "Revenue claimed.", (s) => [new SharesMsgComposer(s, m.shares).claimRevenue()]),
  );
}

// ---------- start ----------
async function start(): Promise<void> {
  const keplr = getKeplr();
  $("#connect")!.addEventListener("click", connect);
  $("#suggest-chain")!.addEventListener("click", suggestChain);
  if (!keplr) {
    $("#notice")!.hidden = false;
    $("#notice")!.textContent =
      "Keplr is not installed: you can browse models and presales, but contributing, voting and buying need the Keplr browser extension (keplr.app).";
    $<HTMLButtonElement>("#connect")!.disabled = true;
    $<HTMLButtonElement>("#suggest-chain")!.disabled = true;
  }
  let cfg: AppConfig;
  try {
    cfg = await loadConfig();
  } catch (e) {
    $("#main")!.innerHTML = `<p class="error" id="load-error">${esc((e as Error).message)}</p>`;
    return;
  }
  $("#network")!.textContent = `${cfg.chain.chainName} · ${cfg.chain.chainId}`;
  try {
    S = { cfg, clients: await connectChain(cfg.chain) };
  } catch (e) {
    $("#main")!.innerHTML = `<p class="error" id="load-error">The network node ${esc(cfg.chain.rpc)} cannot be reached.</p>`;
    console.error(e);
    return;
  }
  window.addEventListener("hashchange", () => route());
  window.addEventListener("keplr_keystorechange", () => {
    if (S.wallet) connect();
  });
  // Reconnect silently when the user connected on an earlier visit (Keplr remembers the
  // permission; a failure just leaves the page read-only with the Connect button).
  if (keplr && localStorage.getItem(AUTO_CONNECT) === cfg.chain.chainId) {
    try {
      await keplr.enable(cfg.chain.chainId);
      S.wallet = await connectKeplr(keplr, keplrChainInfo(cfg.chain), cfg.chain.chainId);
      await renderWallet();
    } catch (e) {
      console.warn("reconnect failed", e);
    }
  }
  await route();
  document.body.dataset.ready = "1";
}

start();
