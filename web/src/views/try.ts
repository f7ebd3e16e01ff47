// Model page, "Try" tab: open a payment channel once (one Keplr signature), then chat with the
// model through its inference gateway. Each call is paid by a voucher the page signs with a
// session key kept in this browser (src/vouchers.ts), never by a Keplr pop-up; spent and
// remaining are shown. The flow of `modelfund ask` (services/cli/src/ask.rs), in the browser.
// The chat also tops the channel up and keeps it open longer (one Keplr signature each), and
// "Your channels for this model" closes a channel that may be closed now and takes back what the
// gateway did not claim.
import { toBase64 } from "@cosmjs/encoding";
import { describeSend, InputError, timestampSeconds, toBase, type DenomUnit } from "../amounts";
import {
  answeredStorageKey,
  answerText,
  channelRows,
  checkTopUp,
  exactAmount,
  expiryNanos,
  extendExpiryNanos,
  gatewayErrorSentence,
  MAX_DAYS,
  nextAmount,
  parseGatewayInfo,
  pickChannel,
  sessionKeyStorageKey,
  spentOf,
  VOUCHER_HEADER,
  voucherHeader,
  type ChannelRow,
  type GatewayInfo,
} from "../channel";
import { formatUtc, friendlyError } from "../errors";
import { AccessQueryClient } from "../generated/Access.client";
import type { Plan } from "../generated/Access.types";
import { ChannelsQueryClient } from "../generated/Channels.client";
import { ChannelsMsgComposer } from "../generated/Channels.message-composer";
import type { ChannelResponse } from "../generated/Channels.types";
import { $, act, bindPreview, chain, coin, errCtx, esc, fromInput, isBusy, knowDenoms, nowSeconds, S, setStatus, unitOf, type LaunchedModel } from "../ui";
import { SessionKey, VoucherError } from "../vouchers";

/** Tokens asked per answer: short answers, well under the gateway's `max_tokens_cap`. */
const MAX_TOKENS = 48;
/** Earlier turns sent along with a question (the conversation's context). */
const HISTORY = 6;
/** channels_by_user pages read at most (30 channels each). */
const MAX_PAGES = 20;

interface Turn {
  role: "user" | "assistant";
  content: string;
}
/** The conversation per channel while the page is open (a reload starts a new one; the amounts stay). */
const transcripts = new Map<string, Turn[]>();
/** A call is in flight: the send button is disabled and a second send does nothing. */
let sending = false;

export async function renderTry(body: HTMLElement, m: LaunchedModel): Promise<void> {
  const channelsAddr = S.cfg.channels;
  const url = S.cfg.gateways[m.model_id];
  if (!channelsAddr || !url) {
    body.innerHTML = `<div class="card"><h3>Try the model</h3><p id="try-unavailable">${
      !channelsAddr
        ? "This deployment's config.json names no payment channels contract, so the page cannot pay a gateway."
        : `config.json names no inference gateway for ${esc(m.model_id)}: ask it with the CLI (modelfund ask) against a gateway you know.`
    }</p></div>`;
    return;
  }
  const access = new AccessQueryClient(S.clients.cw, m.access);
  const [{ plans }, { gateways }] = await Promise.all([
    access.plans({ modelId: m.model_id, limit: 30 }),
    access.gateways({ modelId: m.model_id, limit: 30 }),
  ]);
  const perCall = plans.filter((p) => !p.retired && "metered" in p.kind && p.kind.metered.unit === "call");
  await knowDenoms(perCall.map((p) => p.price.denom));
  let info: GatewayInfo | undefined;
  let problem = "";
  try {
    const res = await fetch(`${url}/v1/models`, { cache: "no-store" });
    info = parseGatewayInfo(await res.json(), { modelId: m.model_id, chainId: chain().chainId, channels: channelsAddr, url });
  } catch (e) {
    problem = e instanceof InputError ? e.message : `The model's gateway at ${url} cannot be reached right now.`;
  }
  if (info && !gateways.includes(info.address)) {
    problem = `The model's DAO has not approved the gateway ${info.address} yet: it cannot be paid, so the page offers no channel.`;
  }
  if (!perCall.length) problem = problem || "This model has no plan priced per call: the page pays per-call plans only (the CLI signs vouchers for others).";
  const header = `<h3>Try the model</h3>
    <p class="muted">Gateway <span class="mono" id="try-gateway-url">${esc(url)}</span>${
      info ? ` · address <span class="mono" id="try-gateway">${esc(info.address)}</span>${info.version ? ` · serves ${esc(info.version)}` : ""}` : ""
    }</p>`;
  if ((problem || !info) && !S.wallet) {
    body.innerHTML = `<div class="card">${header}<p id="try-unavailable">${esc(problem)}</p></div>`;
    return;
  }
  if (!S.wallet) {
    body.innerHTML = `<div class="card">${header}<p>Per call: ${perCall.map((p) => `${esc(p.plan_id)} ${esc(coin(p.price.amount, p.price.denom))}`).join(", ")}.</p>
      <p id="try-connect">Connect Keplr to open a payment channel and chat with the model.</p></div>`;
    return;
  }
  const user = S.wallet.address;
  const channels = new ChannelsQueryClient(S.clients.cw, channelsAddr);
  const mine = await myChannels(channels, user);
  // the wallet's channels of this model: shown in every case, so money left in one (a revoked or
  // unreachable gateway included) can be taken back from here
  const rows = channelRows(mine, m.model_id, gateways);
  await knowDenoms(rows.map((r) => r.channel.terms.price.denom));
  const list = channelList(rows);
  if (problem || !info) {
    body.innerHTML = `<div class="card">${header}<p id="try-unavailable">${esc(problem)}</p></div>${list}`;
    bindClose(channelsAddr);
    return;
  }
  const key = sessionKey(chain().chainId, channelsAddr, user);
  const ch = pickChannel(mine, { voucherKey: key.publicKey, modelId: m.model_id, gateway: info.address, nowSeconds: nowSeconds() });
  if (!ch) {
    renderOpen(body, header, m, perCall, info, key, channelsAddr);
  } else {
    renderChat(body, header, m, ch, url, key, channelsAddr);
  }
  body.insertAdjacentHTML("beforeend", list);
  bindClose(channelsAddr);
}

/** "Your channels for this model": each channel not closed, with a close button where `close` is accepted now. */
function channelList(rows: ChannelRow[]): string {
  if (!rows.length) return "";
  const status = (r: ChannelRow) =>
    r.closable && r.channel.status !== "closable"
      ? `${r.channel.status} · its gateway is no longer approved`
      : r.channel.status === "grace"
        ? "grace (the gateway may still claim)"
        : r.channel.status;
  return `<div class="card"><h3 id="try-channels-title">Your channels for this model</h3>
    <p class="muted">A channel can be closed from its expiry plus the grace period on, or at once when the model's DAO no longer
      approves its gateway; closing returns what the gateway did not claim.</p>
    <table id="try-channels" aria-labelledby="try-channels-title"><thead><tr><th>Channel</th><th>Deposit</th><th>Claimed</th><th>Status</th><th>Open until</th><th></th></tr></thead><tbody>
    ${rows
      .map((r) => {
        const c = r.channel;
        const denom = c.terms.price.denom;
        const close = r.closable
          ? `<button class="small try-close" id="try-close-${c.channel_id}" data-channel="${c.channel_id}" data-take-back="${esc(exactAmount(r.takeBack, unitOf(denom)))}">Close and take back ${esc(exactAmount(r.takeBack, unitOf(denom)))}</button>`
          : "";
        return `<tr id="try-row-${c.channel_id}" data-status="${esc(c.status)}"><td>${c.channel_id}</td><td>${esc(coin(c.deposit, denom))}</td><td>${esc(coin(c.claimed, denom))}</td>
          <td class="try-status">${esc(status(r))}</td><td>${esc(formatUtc(timestampSeconds(c.expires_at)))}</td><td>${close}</td></tr>`;
      })
      .join("")}
    </tbody></table></div>`;
}

function bindClose(channelsAddr: string): void {
  document.querySelectorAll<HTMLButtonElement>("#try-channels button.try-close").forEach((b) =>
    b.addEventListener("click", () => {
      const channelId = Number(b.dataset.channel);
      const back = b.dataset.takeBack ?? "";
      act(`Closing channel ${channelId} and taking back ${back}…`, `Channel ${channelId} closed: ${back} back to you.`, (s) => [
        new ChannelsMsgComposer(s, channelsAddr).close({ channelId }),
      ]);
    }),
  );
}

/** This wallet's session key on this chain and channels contract: from localStorage, or a new one kept there. */
function sessionKey(chainId: string, channels: string, user: string): SessionKey {
  const slot = sessionKeyStorageKey(chainId, channels, user);
  const stored = localStorage.getItem(slot);
  if (stored) {
    try {
      return SessionKey.fromHex(stored);
    } catch (e) {
      if (!(e instanceof VoucherError)) throw e;
      console.warn("stored session key is unreadable; making a new one", e);
    }
  }
  const fresh = SessionKey.generate();
  localStorage.setItem(slot, fresh.secretHex());
  return fresh;
}

async function myChannels(channels: ChannelsQueryClient, user: string): Promise<ChannelResponse[]> {
  const all: ChannelResponse[] = [];
  let startAfter: number | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await channels.channelsByUser({ user, startAfter, limit: 30 });
    all.push(...page.channels);
    if (page.channels.length < 30) break;
    startAfter = page.channels[page.channels.length - 1].channel_id;
  }
  return all;
}

function renderOpen(body: HTMLElement, header: string, m: LaunchedModel, plans: Plan[], info: GatewayInfo, key: SessionKey, channelsAddr: string): void {
  const plan = () => plans.find((p) => p.plan_id === $<HTMLSelectElement>("#try-plan")!.value) ?? plans[0];
  body.innerHTML = `<div class="card">${header}
    <p>Open a payment channel once: its deposit pays the gateway call by call. Each question is paid by a voucher that a
      session key kept in this browser signs — no Keplr pop-up per call. What the gateway does not claim comes back to you
      after the channel's expiry. The session key can spend the whole deposit: keep deposits small.</p>
    <div class="form">
      <label for="try-plan">Plan</label>
      <select id="try-plan">${plans.map((p) => `<option value="${esc(p.plan_id)}">${esc(p.plan_id)}: ${esc(coin(p.price.amount, p.price.denom))} a call</option>`).join("")}</select>
      <label for="try-deposit">Deposit in ${esc(unitOf(plans[0].price.denom).display)}</label>
      <input id="try-deposit" inputmode="decimal" autocomplete="off" placeholder="e.g. 0.05" size="10" aria-describedby="try-deposit-preview">
      <label for="try-days">Open for (days, at most ${MAX_DAYS})</label>
      <input id="try-days" inputmode="numeric" autocomplete="off" value="7" size="4">
      <button id="try-open">Open channel</button>
    </div>
    <p class="preview" id="try-deposit-preview" aria-live="polite"></p>
    <p class="muted">Session key (the channel's voucher key): <span class="mono" id="try-session-key">${esc(toBase64(key.publicKey))}</span></p>
  </div>`;
  const deposit = () => {
    const p = plan();
    const u = unitOf(p.price.denom);
    return { p, u, amount: toBase($<HTMLInputElement>("#try-deposit")!.value, u.decimals, { unit: u.display }) };
  };
  bindPreview($<HTMLInputElement>("#try-deposit"), $("#try-deposit-preview"), () => {
    const { p, u, amount } = deposit();
    const calls = BigInt(amount) / BigInt(p.price.amount);
    return `You will send exactly ${describeSend(amount, u)} into a payment channel with ${info.address}: ${calls} call${calls === 1n ? "" : "s"} at ${coin(p.price.amount, p.price.denom)}.`;
  }, [$("#try-plan")]);
  $("#try-open")!.addEventListener("click", () => {
    const input = fromInput(() => {
      const d = deposit();
      if (BigInt(d.amount) < BigInt(d.p.price.amount)) {
        throw new InputError(`The deposit must pay at least one call (${coin(d.p.price.amount, d.p.price.denom)}).`);
      }
      const days = $<HTMLInputElement>("#try-days")!.value;
      return { ...d, expiresAt: expiryNanos(days, nowSeconds()), days: days.trim() };
    });
    if (!input) return;
    const sent = describeSend(input.amount, input.u);
    act(`Opening a payment channel with ${sent} for ${input.days} day(s)…`, `Channel opened with ${sent}.`, (s) => [
      new ChannelsMsgComposer(s, channelsAddr).open(
        { modelId: m.model_id, planId: input.p.plan_id, gateway: info.address, voucherKey: toBase64(key.publicKey), expiresAt: input.expiresAt },
        [{ denom: input.p.price.denom, amount: input.amount }],
      ),
    ]);
  });
}

function renderChat(body: HTMLElement, header: string, m: LaunchedModel, ch: ChannelResponse, url: string, key: SessionKey, channelsAddr: string): void {
  const domain = { chainId: chain().chainId, contract: channelsAddr };
  const slot = answeredStorageKey(domain.chainId, channelsAddr, ch.channel_id, ch.opened_at);
  const transcript = transcripts.get(slot) ?? [];
  transcripts.set(slot, transcript);
  const denom = ch.terms.price.denom;
  const price = BigInt(ch.terms.price.amount);
  let deposit = BigInt(ch.deposit);
  let spent = spentOf(localStorage.getItem(slot), ch.claimed);
  const unit = unitOf(denom);
  body.innerHTML = `<div class="card">${header}
    <p>Channel <b id="try-channel">${ch.channel_id}</b> (plan ${esc(ch.plan_id)}, ${esc(coin(price, denom))} a call, open until
      <span id="try-expires">${esc(formatUtc(timestampSeconds(ch.expires_at)))}</span>):
      spent <b id="try-spent"></b> · remaining <b id="try-remaining"></b> of the deposit <b id="try-deposit-total"></b></p>
    <ol id="chat-log" class="chat" aria-live="polite"></ol>
    <div class="form chat-form">
      <label for="try-prompt">Your question</label>
      <textarea id="try-prompt" rows="2" cols="60" placeholder="What does a model DAO do?"></textarea>
      <button id="try-send">Ask (${esc(coin(price, denom))})</button>
    </div>
    <p class="muted">Each answer is paid by the next voucher, signed in this browser by the session key; only an answered call counts.</p>
    <div class="form">
      <label for="try-topup">Top up by (${esc(unit.display)})</label>
      <input id="try-topup" inputmode="decimal" autocomplete="off" placeholder="e.g. 0.01" size="10" aria-describedby="try-topup-preview">
      <button id="try-topup-send">Top up</button>
    </div>
    <p class="preview" id="try-topup-preview" aria-live="polite"></p>
    <div class="form">
      <label for="try-extend-days">Keep open until (days from now, at most ${MAX_DAYS})</label>
      <input id="try-extend-days" inputmode="numeric" autocomplete="off" value="30" size="4" aria-describedby="try-extend-preview">
      <button id="try-extend">Open longer</button>
    </div>
    <p class="preview" id="try-extend-preview" aria-live="polite"></p>
  </div>`;
  bindTopUp(ch, unit, channelsAddr);
  bindExtend(ch, channelsAddr);
  const log = $("#chat-log")!;
  const showAmounts = () => {
    $("#try-spent")!.textContent = coin(spent, denom);
    $("#try-remaining")!.textContent = coin(deposit - spent, denom);
    $("#try-deposit-total")!.textContent = coin(deposit, denom);
  };
  const showTurn = (t: Turn) => {
    const li = document.createElement("li");
    li.className = `turn turn-${t.role}`;
    li.innerHTML = `<span class="who">${t.role === "user" ? "You" : esc(m.model_id)}</span> `;
    li.append(document.createTextNode(t.content));
    log.append(li);
  };
  transcript.forEach(showTurn);
  showAmounts();
  const prompt = $<HTMLTextAreaElement>("#try-prompt")!;
  const button = $<HTMLButtonElement>("#try-send")!;
  const fmt = (v: bigint) => coin(v, denom);

  const send = async () => {
    if (sending || isBusy()) return;
    const text = prompt.value.trim();
    if (!text) {
      setStatus("error", "Type a question first.");
      return;
    }
    sending = true;
    button.disabled = true;
    prompt.disabled = true;
    setStatus("pending", `Asking ${m.model_id} on channel ${ch.channel_id} (${coin(price, denom)} for this call)…`);
    try {
      // the channel as the chain has it now: deposit (a top-up), claimed, status
      const now = await new ChannelsQueryClient(S.clients.cw, channelsAddr).channel({ channelId: ch.channel_id });
      if (now.status !== "open") throw new InputError(`Channel ${ch.channel_id} is ${now.status}: open a new channel.`);
      deposit = BigInt(now.deposit);
      spent = spentOf(localStorage.getItem(slot), now.claimed);
      const amount = nextAmount(spent, price, deposit, ch.channel_id, fmt);
      const voucher = key.sign(domain, ch.channel_id, amount);
      const history = transcript.slice(-HISTORY);
      let res: Response;
      try {
        res = await fetch(`${url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json", [VOUCHER_HEADER]: voucherHeader(voucher) },
          body: JSON.stringify({ model: m.model_id, messages: [...history, { role: "user", content: text }], max_tokens: MAX_TOKENS }),
        });
      } catch {
        // not answered: the same voucher is sent again next time, and the gateway never charges twice
        throw new InputError(`The gateway at ${url} cannot be reached; nothing was charged. Ask again.`);
      }
      const json: unknown = await res.json().catch(() => null);
      if (!res.ok) throw new InputError(gatewayErrorSentence(res.status, json, ch.channel_id));
      // answered: the next call pays on top of this one (stored before it is shown)
      localStorage.setItem(slot, amount.toString());
      spent = amount;
      const turns: Turn[] = [{ role: "user", content: text }, { role: "assistant", content: answerText(json) }];
      transcript.push(...turns);
      turns.forEach(showTurn);
      showAmounts();
      prompt.value = "";
      setStatus("ok", `Answered: ${coin(price, denom)} for this call; ${coin(spent, denom)} of ${coin(deposit, denom)} spent on channel ${ch.channel_id}.`);
    } catch (e) {
      console.error(e);
      setStatus("error", e instanceof InputError ? e.message : friendlyError(e, errCtx()));
      showAmounts();
    } finally {
      sending = false;
      button.disabled = false;
      prompt.disabled = false;
    }
  };
  button.addEventListener("click", send);
  prompt.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  });
}

/** The chat's "Top up" form: at least one call's price, in the channel's denom, previewed exactly. */
function bindTopUp(ch: ChannelResponse, unit: DenomUnit, channelsAddr: string): void {
  const fmt = (v: bigint) => coin(v, unit.denom);
  const amount = () => checkTopUp(toBase($<HTMLInputElement>("#try-topup")!.value, unit.decimals, { unit: unit.display }), ch.terms.price.amount, fmt);
  bindPreview($<HTMLInputElement>("#try-topup"), $("#try-topup-preview"), () => {
    const a = amount();
    const calls = BigInt(a) / BigInt(ch.terms.price.amount);
    return `You will add exactly ${describeSend(a, unit)} to channel ${ch.channel_id}: ${calls} more call${calls === 1n ? "" : "s"}.`;
  });
  $("#try-topup-send")!.addEventListener("click", () => {
    const a = fromInput(amount);
    if (!a) return;
    const sent = describeSend(a, unit);
    act(`Adding ${sent} to channel ${ch.channel_id}…`, `Added ${sent} to channel ${ch.channel_id}.`, (s) => [
      new ChannelsMsgComposer(s, channelsAddr).topUp({ channelId: ch.channel_id }, [{ denom: unit.denom, amount: a }]),
    ]);
  });
}

/** The chat's "Open longer" form: a new expiry `days` from now, later than the current one. */
function bindExtend(ch: ChannelResponse, channelsAddr: string): void {
  const fmtTime = (sec: number) => formatUtc(sec);
  const expiry = () => extendExpiryNanos($<HTMLInputElement>("#try-extend-days")!.value, nowSeconds(), ch, fmtTime);
  bindPreview($<HTMLInputElement>("#try-extend-days"), $("#try-extend-preview"), () =>
    `Channel ${ch.channel_id} will stay open until ${formatUtc(timestampSeconds(expiry()))} (now until ${formatUtc(timestampSeconds(ch.expires_at))}).`,
  );
  $("#try-extend")!.addEventListener("click", () => {
    const expiresAt = fromInput(expiry);
    if (!expiresAt) return;
    const until = formatUtc(timestampSeconds(expiresAt));
    act(`Keeping channel ${ch.channel_id} open until ${until}…`, `Channel ${ch.channel_id} stays open until ${until}.`, (s) => [
      new ChannelsMsgComposer(s, channelsAddr).extend({ channelId: ch.channel_id, expiresAt }),
    ]);
  });
}
