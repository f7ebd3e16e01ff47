// Model page, "DAO" tab: treasury, proposals with their tallies, vote and execute.
import { bpsToPercent, formatDuration, ratioBps, timestampSeconds, toDisplay } from "../amounts";
import { formatUtc } from "../errors";
import { GovernanceQueryClient } from "../generated/Governance.client";
import { GovernanceMsgComposer } from "../generated/Governance.message-composer";
import type { ProposalResponse, VoteOption } from "../generated/Governance.types";
import { act, coin, esc, nowSeconds, S, shareToken, type LaunchedModel } from "../ui";

export async function renderDao(body: HTMLElement, m: LaunchedModel): Promise<void> {
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
