// Model page, "Overview & presale" tab: metadata, version history, the presale and its actions.
import { bpsToPercent, describeSend, formatDuration, mulBase, ratioBps, timestampSeconds, toBase, toDisplay } from "../amounts";
import { parseAllowlistEntry } from "../allowlist";
import { formatUtc } from "../errors";
import { PresaleQueryClient } from "../generated/Presale.client";
import { PresaleMsgComposer } from "../generated/Presale.message-composer";
import type { ConfigResponse as PresaleConfig, StateResponse as PresaleState } from "../generated/Presale.types";
import { RegistryQueryClient } from "../generated/Registry.client";
import { $, act, bindPreview, chain, coin, errCtx, esc, fromInput, knowDenoms, nowSeconds, phaseLabel, S, setStatus, shareToken, short, unitOf, type LaunchedModel } from "../ui";
import { getKeplr } from "../wallet";
import { friendlyError } from "../errors";

export async function renderOverview(body: HTMLElement, m: LaunchedModel, model: Awaited<ReturnType<RegistryQueryClient["model"]>>) {
  const registry = new RegistryQueryClient(S.clients.cw, m.registry);
  const presale = new PresaleQueryClient(S.clients.cw, m.presale);
  const [versions, cfg, state, token, mine] = await Promise.all([
    registry.versions({ tokenId: m.model_id, limit: 30 }),
    presale.config(),
    presale.state(),
    shareToken(m),
    S.wallet ? presale.contribution({ address: S.wallet.address }) : Promise.resolve(null),
  ]);
  await knowDenoms([cfg.denom]);
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
          <dt>Shares</dt><dd><span class="mono">${esc(m.shares)}</span> (${esc(token.symbol)}, cw20)
            <button id="suggest-token" class="small" title="Keplr suggestToken: show ${esc(token.symbol)} balances in Keplr">Add ${esc(token.symbol)} to Keplr</button></dd>
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
  const unit = unitOf(cfg.denom);
  const amountInput = $<HTMLInputElement>("#contribute-amount");
  const readAmount = () => toBase(amountInput!.value, unit.decimals, { unit: unit.display });
  // the exact amount, in display and base units, before anything is signed
  bindPreview(amountInput, $("#contribute-preview"), () => `You will send exactly ${describeSend(readAmount(), unit)} to the presale.`);
  // an allowlisted presale: the backer pastes what `modelfund allowlist proof` printed for it
  let allowlistEntry: { cap: string; proof: string[] } | undefined;
  const entryInput = $<HTMLTextAreaElement>("#allowlist-entry");
  bindPreview(entryInput, $("#allowlist-preview"), () => {
    allowlistEntry = undefined;
    allowlistEntry = parseAllowlistEntry(entryInput!.value);
    return `Your cap on the allowlist: ${coin(allowlistEntry.cap, cfg.denom)}.`;
  });
  $("#contribute")?.addEventListener("click", () => {
    const amount = fromInput(readAmount);
    if (amount === undefined) return;
    const what = describeSend(amount, unit);
    act(`Contributing ${what}… confirm in Keplr.`, `Contributed ${toDisplay(amount, unit.decimals)} ${unit.display}.`, (s) => [
      composer(s).contribute(allowlistEntry ?? {}, [{ denom: cfg.denom, amount }]),
    ]);
  });
  const withdrawInput = $<HTMLInputElement>("#withdraw-amount");
  const readWithdraw = () => toBase(withdrawInput!.value, unit.decimals, { unit: unit.display });
  bindPreview(withdrawInput, $("#withdraw-preview"), () => `You will take back exactly ${describeSend(readWithdraw(), unit)} from the presale.`);
  $("#withdraw")?.addEventListener("click", () => {
    const amount = fromInput(readWithdraw);
    if (amount === undefined) return;
    act(`Withdrawing ${describeSend(amount, unit)}… confirm in Keplr.`, `Withdrew ${toDisplay(amount, unit.decimals)} ${unit.display}.`, (s) => [
      composer(s).withdraw({ amount }),
    ]);
  });
  $("#suggest-token")?.addEventListener("click", () => suggestShares(m.shares, token.symbol));
  $("#claim")?.addEventListener("click", () => act("Claiming shares…", "Shares claimed.", (s) => [composer(s).claim()]));
  $("#refund")?.addEventListener("click", () => act("Requesting refund…", "Contribution refunded.", (s) => [composer(s).refund()]));
  $("#finalize")?.addEventListener("click", () => act("Finalizing the presale…", "Presale finalized.", (s) => [composer(s).finalize()]));
}

/** Keplr `suggestToken`: the model's cw20 shares appear in the user's Keplr with their balance. */
async function suggestShares(shares: string, symbol: string): Promise<void> {
  const keplr = getKeplr();
  if (!keplr?.suggestToken) {
    setStatus("error", "Keplr is not installed: adding the shares to a wallet needs the Keplr browser extension.");
    return;
  }
  if (!S.wallet) {
    setStatus("error", "Connect Keplr first.");
    return;
  }
  setStatus("pending", `Adding ${symbol} to Keplr… confirm in Keplr.`);
  try {
    await keplr.suggestToken(chain().chainId, shares);
    setStatus("ok", `${symbol} (${shares}) is in Keplr now: its balance shows there.`);
  } catch (e) {
    console.error(e);
    setStatus("error", friendlyError(e, errCtx()));
  }
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
  const holds = !!mine && mine.amount !== "0";
  const belowGoal = BigInt(st.raised) < BigInt(cfg.soft_cap);
  // withdrawals only while open and below the goal: once reached, the goal stays reached
  const canWithdraw = st.phase === "open" && holds && belowGoal;
  let my = "";
  if (mine && mine.amount !== "0") {
    my = `<p id="my-contribution">You contributed <b>${esc(coin(mine.amount, cfg.denom))}</b>, worth
      <b>${esc(toDisplay(mine.shares, shareDecimals))} ${esc(symbol)}</b>${mine.claimed ? " (claimed)" : ""}${mine.refunded ? " (refunded)" : ""}.</p>`;
  } else if (S.wallet) {
    my = `<p id="my-contribution">You have not contributed.</p>`;
  }
  return `<h3>Presale ${phaseLabel(st.phase)}</h3>
    <div class="progress" id="presale-progress" role="progressbar" aria-label="Raised of the hard cap" aria-valuemin="0" aria-valuemax="100"
      aria-valuenow="${pct / 100}" aria-valuetext="${esc(`${coin(st.raised, cfg.denom)} of ${coin(cfg.hard_cap, cfg.denom)} (${bpsToPercent(pct)})`)}" title="${esc(bpsToPercent(pct))} of the hard cap">
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
      ${cfg.allowlist ? `<dt>Allowlist</dt><dd id="allowlist">only listed addresses, each up to its cap (root <span class="mono">${esc(short(cfg.allowlist.merkle_root))}</span>)</dd>` : ""}
    </dl>
    ${my}
    ${canContribute && cfg.allowlist ? `<div class="form"><label for="allowlist-entry">Your allowlist entry (from the creator, or <code>modelfund allowlist proof</code>)</label>
      <textarea id="allowlist-entry" rows="3" placeholder='{"contribute":{"cap":"…","proof":["…"]}}' aria-describedby="allowlist-preview"></textarea></div>
      <p id="allowlist-preview" class="preview" aria-live="polite"></p>` : ""}
    ${canContribute ? `<div class="form"><label for="contribute-amount">Amount in ${esc(unitOf(cfg.denom).display)}</label>
      <input id="contribute-amount" inputmode="decimal" autocomplete="off" placeholder="e.g. 1.5" aria-describedby="contribute-preview">
      <button id="contribute">Contribute</button></div>
      <p id="contribute-preview" class="preview" aria-live="polite"></p>` : ""}
    ${canWithdraw ? `<div class="form"><label for="withdraw-amount">Withdraw in ${esc(unitOf(cfg.denom).display)} (possible until the soft cap is reached)</label>
      <input id="withdraw-amount" inputmode="decimal" autocomplete="off" placeholder="e.g. 0.5" aria-describedby="withdraw-preview">
      <button id="withdraw">Withdraw</button></div>
      <p id="withdraw-preview" class="preview" aria-live="polite"></p>` : ""}
    ${st.phase === "open" && holds && !belowGoal ? `<p id="withdraw-locked">The soft cap is reached: contributions are locked until the presale settles.</p>` : ""}
    ${st.phase === "ended" ? `<button id="finalize">Finalize</button>` : ""}
    ${st.phase === "succeeded" && mine && mine.amount !== "0" && !mine.claimed ? `<button id="claim">Claim ${esc(toDisplay(mine.shares, shareDecimals))} ${esc(symbol)}</button>` : ""}
    ${(st.phase === "failed" || st.phase === "cancelled") && mine && mine.amount !== "0" && !mine.refunded ? `<button id="refund">Refund</button>` : ""}`;
}
