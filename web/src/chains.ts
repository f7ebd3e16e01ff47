// Network presets and the Keplr `experimentalSuggestChain` data built from them.
// config.json names a chain id; a preset fills in everything else, and config.json may override
// any field (see web/README.md).
import type { ChainInfo } from "@keplr-wallet/types";

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
}

const INJECTIVE_ETH_PUBKEY = "/injective.crypto.v1beta1.ethsecp256k1.PubKey";

export const PRESETS: Record<string, ChainConfig> = {
  "injective-777": {
    chainId: "injective-777",
    chainName: "Modelfund local (Injective)",
    rpc: "http://127.0.0.1:26657",
    rest: "http://127.0.0.1:1317",
    bech32Prefix: "inj",
    coinType: 60,
    denom: "inj",
    displayDenom: "INJ",
    decimals: 18,
    // the local node's minimum gas price (and the txfees module's floor) is 160000000inj
    gasPrice: { low: "160000000", average: "160000000", high: "200000000" },
    features: ["eth-address-gen", "eth-key-sign", "cosmwasm"],
    ethPubkeyTypeUrl: INJECTIVE_ETH_PUBKEY,
    gasAdjustment: 1.4,
    local: true,
  },
  "injective-888": {
    chainId: "injective-888",
    chainName: "Injective Testnet",
    rpc: "https://testnet.sentry.tm.injective.network:443",
    rest: "https://testnet.sentry.lcd.injective.network:443",
    bech32Prefix: "inj",
    coinType: 60,
    denom: "inj",
    displayDenom: "INJ",
    decimals: 18,
    gasPrice: { low: "160000000", average: "500000000", high: "1000000000" },
    features: ["eth-address-gen", "eth-key-sign", "cosmwasm"],
    ethPubkeyTypeUrl: INJECTIVE_ETH_PUBKEY,
    gasAdjustment: 1.4,
  },
  "pion-1": {
    chainId: "pion-1",
    chainName: "Neutron Testnet",
    rpc: "https://rpc-palvus.pion-1.ntrn.tech",
    rest: "https://rest-palvus.pion-1.ntrn.tech",
    bech32Prefix: "neutron",
    coinType: 118,
    denom: "untrn",
    displayDenom: "NTRN",
    decimals: 6,
    gasPrice: { low: "0.0053", average: "0.0075", high: "0.01" },
    features: ["cosmwasm"],
    gasAdjustment: 1.4,
  },
  "uni-7": {
    chainId: "uni-7",
    chainName: "Juno Testnet",
    rpc: "https://juno-testnet-rpc.polkachu.com",
    rest: "https://juno-testnet-api.polkachu.com",
    bech32Prefix: "juno",
    coinType: 118,
    denom: "ujunox",
    displayDenom: "JUNOX",
    decimals: 6,
    gasPrice: { low: "0.075", average: "0.1", high: "0.125" },
    features: ["cosmwasm"],
    gasAdjustment: 1.4,
  },
};

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
