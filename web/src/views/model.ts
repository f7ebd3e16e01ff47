// The model page (#/model/<id>[/dao|/usage|/revenue|/try]): its name and tabs; each tab is a view.
import { LaunchpadQueryClient } from "../generated/Launchpad.client";
import { RegistryQueryClient } from "../generated/Registry.client";
import { $, esc, S } from "../ui";
import { renderDao } from "./dao";
import { renderOverview } from "./overview";
import { renderRevenue } from "./revenue";
import { renderTry } from "./try";
import { renderUsage } from "./usage";

export async function renderModel(main: HTMLElement, modelId: string, tab: string): Promise<void> {
  const m = await new LaunchpadQueryClient(S.clients.cw, S.cfg.launchpad).model({ modelId });
  const registry = new RegistryQueryClient(S.clients.cw, m.registry);
  const model = await registry.model({ tokenId: modelId });
  const tabs = [["overview", "Overview & presale"], ["dao", "DAO"], ["usage", "Usage"], ["revenue", "Revenue"], ["try", "Try the model"]];
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
  else if (tab === "try") await renderTry(body, m);
  else await renderOverview(body, m, model);
}
