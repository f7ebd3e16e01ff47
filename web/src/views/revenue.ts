// Model page, "Revenue" tab: the share token, my shares and claimable revenue, claim it.
import { bpsToPercent, ratioBps, toDisplay } from "../amounts";
import { SharesQueryClient } from "../generated/Shares.client";
import { SharesMsgComposer } from "../generated/Shares.message-composer";
import { $, act, coin, esc, knowDenoms, S, type LaunchedModel } from "../ui";

export async function renderRevenue(body: HTMLElement, m: LaunchedModel): Promise<void> {
  const shares = new SharesQueryClient(S.clients.cw, m.shares);
  const [token, rev, balance, claimable] = await Promise.all([
    shares.tokenInfo(),
    shares.revenueConfig(),
    S.wallet ? shares.balance({ address: S.wallet.address }) : Promise.resolve(null),
    S.wallet ? shares.claimableRevenue({ address: S.wallet.address }) : Promise.resolve(null),
  ]);
  await knowDenoms([...rev.distributed, ...(claimable?.claimable ?? [])].map((c) => c.denom));
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
