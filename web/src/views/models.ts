// The models list (#/): the launchpad's index, a page at a time.
import { timestampSeconds } from "../amounts";
import { formatUtc } from "../errors";
import { LaunchpadQueryClient } from "../generated/Launchpad.client";
import { PresaleQueryClient } from "../generated/Presale.client";
import { RegistryQueryClient } from "../generated/Registry.client";
import { $, coin, esc, knowDenoms, PAGE, phaseLabel, S, type LaunchedModel } from "../ui";

export async function renderModels(main: HTMLElement, startAfter?: string): Promise<void> {
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
  if (cfg) await knowDenoms([cfg.denom]);
  const name = info?.info.name ?? m.model_id;
  return `<tr class="model-row" data-model="${esc(m.model_id)}">
    <td><a href="#/model/${encodeURIComponent(m.model_id)}">${esc(name)}</a> <span class="muted">${esc(m.model_id)}</span></td>
    <td>${state ? phaseLabel(state.phase) : "?"}</td>
    <td>${state && cfg ? `${esc(coin(state.raised, cfg.denom))} / ${esc(coin(cfg.hard_cap, cfg.denom))}` : "?"}</td>
    <td>${esc(formatUtc(timestampSeconds(m.launched_at)))}</td></tr>`;
}
