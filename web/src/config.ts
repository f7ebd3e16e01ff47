// The page's deployment: config.json served next to index.html (written by whoever deploys).
import { resolveChain, type ChainConfig } from "./chains";

/** config.json as written by the deployer (see web/README.md). */
export interface ConfigFile {
  /** Chain id; a preset (injective-777, injective-888, pion-1, uni-7) fills in the rest. */
  chainId: string;
  /** Overrides of the preset, e.g. rpc / rest of the local node's ports. */
  rpc?: string;
  rest?: string;
  chain?: Partial<ChainConfig>;
  /** The launchpad: the page's entry point (models list = its `models` query). */
  launchpad: string;
  /**
   * Display units of denoms other than the fee denom, e.g. `{"peggy0x…": {"display": "USDT",
   * "decimals": 6}}`. Denoms not listed use the bank's denom metadata, else base units.
   */
  denoms?: Record<string, DenomDisplay>;
  /** The payment channels contract (the "Try" tab opens channels on it). */
  channels?: string;
  /** Inference gateways by model id: their base URL, e.g. `{"demo-llm": "http://127.0.0.1:8088"}`. */
  gateways?: Record<string, string>;
}

/** How a denom is shown: its display name and decimals. */
export interface DenomDisplay {
  display: string;
  decimals: number;
}

export interface AppConfig {
  chain: ChainConfig;
  launchpad: string;
  denoms?: Record<string, DenomDisplay>;
  channels?: string;
  /** Gateway base URLs by model id, without a trailing slash. */
  gateways: Record<string, string>;
}

export function parseConfig(json: unknown): AppConfig {
  if (!json || typeof json !== "object") throw new Error("config.json is not a JSON object");
  const f = json as ConfigFile;
  if (typeof f.chainId !== "string" || !f.chainId) throw new Error('config.json needs "chainId"');
  if (typeof f.launchpad !== "string" || !f.launchpad) throw new Error('config.json needs "launchpad" (its address)');
  const overrides: Partial<ChainConfig> = { ...(f.chain ?? {}) };
  if (f.rpc) overrides.rpc = f.rpc;
  if (f.rest) overrides.rest = f.rest;
  const denoms: Record<string, DenomDisplay> = {};
  for (const [denom, d] of Object.entries(f.denoms ?? {})) {
    if (!d || typeof d.display !== "string" || !d.display || !Number.isInteger(d.decimals) || d.decimals < 0 || d.decimals > 36) {
      throw new Error(`config.json: denoms["${denom}"] needs "display" (a name) and "decimals" (0 to 36)`);
    }
    denoms[denom] = { display: d.display, decimals: d.decimals };
  }
  if (f.channels !== undefined && (typeof f.channels !== "string" || !f.channels)) {
    throw new Error('config.json: "channels" is the payment channels contract\'s address');
  }
  const gateways: Record<string, string> = {};
  if (f.gateways !== undefined && (!f.gateways || typeof f.gateways !== "object" || Array.isArray(f.gateways))) {
    throw new Error('config.json: "gateways" maps model ids to gateway URLs');
  }
  for (const [model, url] of Object.entries(f.gateways ?? {})) {
    if (typeof url !== "string" || !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(url)) {
      throw new Error(`config.json: gateways["${model}"] needs an http:// or https:// URL`);
    }
    gateways[model] = url.replace(/\/+$/, "");
  }
  return { chain: resolveChain(f.chainId, overrides), launchpad: f.launchpad, denoms, channels: f.channels, gateways };
}

export async function loadConfig(url = "config.json"): Promise<AppConfig> {
  const res = await fetch(url, { cache: "no-store" });
  if (!res.ok) throw new Error(`config.json could not be loaded (HTTP ${res.status}); the deployer writes it next to index.html`);
  return parseConfig(await res.json());
}
