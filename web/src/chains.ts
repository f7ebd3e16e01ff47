// Network presets and the Keplr `experimentalSuggestChain` data built from them.
// The presets are scripts/networks/<chain-id>.json, the same chain-registry-style files the
// scripts read (scripts/lib/network.sh, through jq), bundled here at build time: the page and
// the scripts cannot disagree on an endpoint, a gas price or an explorer.
// config.json names a chain id; a preset fills in everything else, and config.json may override
// any field (see web/README.md).
import type { ChainInfo } from "@keplr-wallet/types";
import injective777 from "../../scripts/networks/injective-777.json";
import injective888 from "../../scripts/networks/injective-888.json";
import pion1 from "../../scripts/networks/pion-1.json";
import uni7 from "../../scripts/networks/uni-7.json";

/** The fields of a scripts/networks/<chain-id>.json file this page reads. */
export interface NetworkFile {
  chain_id: string;
  pretty_name: string;
  network_type: "local" | "testnet";
  bech32_prefix: string;
  slip44: number;
  apis: { rpc: { address: string }[]; rest: { address: string }[]; grpc: { address: string }[] };
  fees: {
    fee_tokens: {
      denom: string;
      display: string;
      decimals: number;
      low_gas_price: number;
      average_gas_price: number;
      high_gas_price: number;
    }[];
  };
  explorers: { kind: string; url: string; tx_page: string }[];
  keplr: { features: string[]; eth_pubkey_type_url?: string; gas_adjustment: number };
}

/** Every file of scripts/networks/ (web/test/unit/networks.test.ts checks none is missing). */
export const NETWORK_FILES: NetworkFile[] = [injective777, injective888, pion1, uni7] as NetworkFile[];

export interface ChainConfig {
  chainId: string;
  chainName: string;
  rpc: string;
  rest: string;
  /** bech32 prefix of account addresses ("inj", "neutron", "juno"). */
  bech32Prefix: string;
  /** BIP-44 coin type: 60 on Injective (Ethereum keys), 118 on most Cosmos chains. */
  coinType: number;
  /** Fee and presale denom in base units ("inj", "untrn", "ujunox"). */
  denom: string;
  /** Its display name ("INJ") and decimals (18 for inj, 6 for untrn / ujunox). */
  displayDenom: string;
  decimals: number;
  /** Gas prices in base units per gas unit (decimal strings). */
  gasPrice: { low: string; average: string; high: string };
  /** Keplr chain features ("eth-address-gen", "eth-key-sign", "cosmwasm", …). */
  features: string[];
  /**
   * Protobuf type URL of an Ethereum-style (eth_secp256k1) public key on this chain, used when the
   * wallet reports such a key. Injective: "/injective.crypto.v1beta1.ethsecp256k1.PubKey".
   */
  ethPubkeyTypeUrl?: string;
  /** Multiplier on simulated gas. */
  gasAdjustment: number;
  /** Local development node (shown in the header, enables the funding hint). */
  local?: boolean;
  /** Explorer page of a transaction, with `${txHash}` in it (chain registry's `tx_page`). */
  explorerTxPage?: string;
}

/** The page's chain config of one scripts/networks/*.json file. */
export function chainOfNetwork(n: NetworkFile): ChainConfig {
  const fee = n.fees.fee_tokens[0];
  const c: ChainConfig = {
    chainId: n.chain_id,
    chainName: n.pretty_name,
    rpc: n.apis.rpc[0].address,
    rest: n.apis.rest[0].address,
    bech32Prefix: n.bech32_prefix,
    coinType: n.slip44,
    denom: fee.denom,
    displayDenom: fee.display,
    decimals: fee.decimals,
    gasPrice: {
      low: String(fee.low_gas_price),
      average: String(fee.average_gas_price),
      high: String(fee.high_gas_price),
    },
    features: [...n.keplr.features],
    gasAdjustment: n.keplr.gas_adjustment,
  };
  if (n.keplr.eth_pubkey_type_url) c.ethPubkeyTypeUrl = n.keplr.eth_pubkey_type_url;
  if (n.network_type === "local") c.local = true;
  if (n.explorers[0]?.tx_page) c.explorerTxPage = n.explorers[0].tx_page;
  return c;
}

export const PRESETS: Record<string, ChainConfig> = Object.fromEntries(
  NETWORK_FILES.map((n) => [n.chain_id, chainOfNetwork(n)]),
);

/** The explorer page of a transaction on a chain, or undefined when the chain has no explorer. */
export function txUrl(c: ChainConfig, txHash: string): string | undefined {
  return c.explorerTxPage ? c.explorerTxPage.split("${txHash}").join(txHash) : undefined;
}

/** The chain of a config.json: its preset (if any) with config.json's overrides on top. */
export function resolveChain(chainId: string, overrides: Partial<ChainConfig> = {}): ChainConfig {
  const preset = PRESETS[chainId];
  const merged = { ...(preset ?? {}), ...overrides, chainId } as Partial<ChainConfig>;
  if (overrides.gasPrice && preset) merged.gasPrice = { ...preset.gasPrice, ...overrides.gasPrice };
  const required: (keyof ChainConfig)[] = [
    "chainName", "rpc", "rest", "bech32Prefix", "coinType", "denom", "displayDenom", "decimals", "gasPrice",
  ];
  const missing = required.filter((k) => merged[k] === undefined);
  if (missing.length) {
    throw new Error(`config.json: chain ${chainId} has no preset; "chain" must set ${missing.join(", ")}`);
  }
  merged.features ??= [];
  merged.gasAdjustment ??= 1.4;
  return merged as ChainConfig;
}

/** Keplr's `experimentalSuggestChain` argument for a chain. */
export function keplrChainInfo(c: ChainConfig): ChainInfo {
  const p = c.bech32Prefix;
  const currency = { coinDenom: c.displayDenom, coinMinimalDenom: c.denom, coinDecimals: c.decimals };
  return {
    chainId: c.chainId,
    chainName: c.chainName,
    rpc: c.rpc,
    rest: c.rest,
    bip44: { coinType: c.coinType },
    bech32Config: {
      bech32PrefixAccAddr: p,
      bech32PrefixAccPub: `${p}pub`,
      bech32PrefixValAddr: `${p}valoper`,
      bech32PrefixValPub: `${p}valoperpub`,
      bech32PrefixConsAddr: `${p}valcons`,
      bech32PrefixConsPub: `${p}valconspub`,
    },
    currencies: [currency],
    feeCurrencies: [
      {
        ...currency,
        gasPriceStep: {
          low: Number(c.gasPrice.low),
          average: Number(c.gasPrice.average),
          high: Number(c.gasPrice.high),
        },
      },
    ],
    stakeCurrency: currency,
    features: c.features,
  } as ChainInfo;
}
