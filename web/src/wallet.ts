// Chain access: a read-only CosmWasm client for queries, and a signing path that works with
// Keplr on Injective.
//
// Why not SigningCosmWasmClient.signAndBroadcast: CosmJS 0.38.1 knows Ethereum-style keys
// (algo "eth_secp256k1" / "ethsecp256k1") but encodes their public key as
// "/cosmos.evm.crypto.v1.ethsecp256k1.PubKey" (cosmos/evm). Injective (injectived 1.20.1) only
// knows "/injective.crypto.v1beta1.ethsecp256k1.PubKey", and real Keplr on Injective (coin type
// 60) signs with such a key. So the page builds the transaction itself: same body, an AuthInfo
// whose signer pubkey has the chain's type URL, a simulation with that pubkey, then the wallet's
// `signDirect` (Keplr hashes with keccak256 for eth-key-sign chains) and a plain broadcast.
// Plain secp256k1 wallets take the same path with "/cosmos.crypto.secp256k1.PubKey".
//
// Keys that cannot sign protobuf (a Ledger in Keplr: `getOfflineSignerAuto` returns an amino-only
// signer for them) take the amino path: the same messages as amino JSON
// (SIGN_MODE_LEGACY_AMINO_JSON), signed with the wallet's `signAmino`, with the same pubkey rule.
import { CosmWasmClient, createWasmAminoConverters, wasmTypes } from "@cosmjs/cosmwasm-stargate";
import {
  makeSignDoc as makeAminoSignDoc,
  rawEthSecp256k1PubkeyToRawAddress,
  rawSecp256k1PubkeyToRawAddress,
  type OfflineAminoSigner,
  type StdFee,
} from "@cosmjs/amino";
import { fromBase64, fromBech32 } from "@cosmjs/encoding";
import {
  Registry,
  makeAuthInfoBytes,
  makeSignDoc,
  type AccountData,
  type EncodeObject,
  type OfflineDirectSigner,
} from "@cosmjs/proto-signing";
import {
  AminoTypes,
  QueryClient,
  accountFromAny,
  createDefaultAminoConverters,
  calculateFee,
  createProtobufRpcClient,
  defaultRegistryTypes,
  GasPrice,
  type Account,
  type DeliverTxResponse,
} from "@cosmjs/stargate";
import { connectComet, type CometClient } from "@cosmjs/tendermint-rpc";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { ServiceClientImpl } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { AuthInfo, Fee, Tx, TxBody, TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import { BinaryReader } from "cosmjs-types/binary";
import type { Any } from "cosmjs-types/google/protobuf/any";
import type { ChainConfig } from "./chains";

export const ETH_ACCOUNT_TYPE = "/injective.types.v1beta1.EthAccount";
const BASE_ACCOUNT_TYPE = "/cosmos.auth.v1beta1.BaseAccount";
const SECP256K1_PUBKEY_TYPE = "/cosmos.crypto.secp256k1.PubKey";

/**
 * CosmJS `accountParser` that also understands Injective's EthAccount
 * (`{ base_account = 1; code_hash = 2 }`): it unwraps the BaseAccount. A public key CosmJS cannot
 * decode (Injective's eth_secp256k1 key, set after an account's first transaction) is left out:
 * signing needs only the account number and sequence.
 */
export function accountParser(any: Any): Account {
  if (any.typeUrl === ETH_ACCOUNT_TYPE) {
    const reader = new BinaryReader(any.value);
    let base: BaseAccount | undefined;
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag >>> 3 === 1) base = BaseAccount.decode(reader.bytes());
      else reader.skipType(tag & 7);
    }
    if (!base) throw new Error("EthAccount without base_account");
    return fromBaseAccount(base);
  }
  if (any.typeUrl === BASE_ACCOUNT_TYPE) return fromBaseAccount(BaseAccount.decode(any.value));
  return accountFromAny(any);
}

function fromBaseAccount(base: BaseAccount): Account {
  let pubkey: Account["pubkey"] = null;
  if (base.pubKey && base.pubKey.typeUrl === SECP256K1_PUBKEY_TYPE) {
    pubkey = { type: "tendermint/PubKeySecp256k1", value: toB64(PubKey.decode(base.pubKey.value).key) };
  }
  return {
    address: base.address,
    pubkey,
    accountNumber: Number(base.accountNumber),
    sequence: Number(base.sequence),
  };
}

export function isEthAlgo(algo: string): boolean {
  return algo === "ethsecp256k1" || algo === "eth_secp256k1";
}

/**
 * Whether the account's key is Ethereum-style: decided by which derivation of the public key
 * gives the account's address (keccak256 for eth_secp256k1, sha256 + ripemd160 for secp256k1),
 * so a wallet that reports a generic algo string cannot mislead us; the algo is the fallback.
 */
export function isEthKey(account: Pick<AccountData, "algo" | "pubkey"> & { address?: string }): boolean {
  if (account.address && account.pubkey.length === 33) {
    try {
      // an explicit limit: CosmJS 0.38.1 defaults it to Infinity, which @scure/base 2.4 rejects
      const raw = fromBech32(account.address, 256).data;
      if (equalBytes(raw, rawEthSecp256k1PubkeyToRawAddress(account.pubkey))) return true;
      if (equalBytes(raw, rawSecp256k1PubkeyToRawAddress(account.pubkey))) return false;
    } catch {
      // not a bech32 address or not a secp256k1 key: fall back to the algo
    }
  }
  return isEthAlgo(account.algo);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The signer's public key as the chain expects it in AuthInfo. */
export function signerPubkeyAny(account: Pick<AccountData, "algo" | "pubkey"> & { address?: string }, chain: ChainConfig): Any {
  const eth = isEthKey(account);
  if (eth && !chain.ethPubkeyTypeUrl) {
    throw new Error(`this wallet uses an Ethereum-style key, which ${chain.chainName} does not accept`);
  }
  return {
    typeUrl: eth ? chain.ethPubkeyTypeUrl! : SECP256K1_PUBKEY_TYPE,
    value: PubKey.encode(PubKey.fromPartial({ key: account.pubkey })).finish(),
  };
}

export interface ChainClients {
  comet: CometClient;
  cw: CosmWasmClient;
  query: QueryClient;
}

export async function connectChain(chain: ChainConfig): Promise<ChainClients> {
  const comet = await connectComet(chain.rpc);
  const cw = CosmWasmClient.create(comet, { accountParser });
  return { comet, cw, query: new QueryClient(comet) };
}

const registry = new Registry([...defaultRegistryTypes, ...wasmTypes]);
const aminoTypes = new AminoTypes({ ...createDefaultAminoConverters(), ...createWasmAminoConverters() });

/** What the page signs with: Keplr's direct signer, or its amino-only signer (Ledger keys). */
export type PageSigner = OfflineDirectSigner | OfflineAminoSigner;

/** Whether the signer signs protobuf (SIGN_MODE_DIRECT); otherwise it signs amino JSON only. */
export function isDirectSigner(signer: PageSigner): signer is OfflineDirectSigner {
  return typeof (signer as Partial<OfflineDirectSigner>).signDirect === "function";
}

/** The sign mode the page uses with `signer`: direct when it can, amino JSON otherwise. */
export function signModeOf(signer: PageSigner): SignMode {
  return isDirectSigner(signer) ? SignMode.SIGN_MODE_DIRECT : SignMode.SIGN_MODE_LEGACY_AMINO_JSON;
}

/**
 * The amino sign doc of `msgs` (what a Ledger shows and signs): messages as amino JSON, the fee
 * with its gas as a string, account number and sequence as strings.
 */
export function aminoSignDoc(msgs: EncodeObject[], fee: StdFee, chainId: string, memo: string, accountNumber: number, sequence: number) {
  return makeAminoSignDoc(msgs.map((m) => aminoTypes.toAmino(m)), fee, chainId, memo, accountNumber, sequence);
}

/**
 * Signs `msgs` with `signer` (Keplr's offline signer or a stand-in), estimates gas by
 * simulation, broadcasts and waits for the block. Throws with the chain's log on failure (map it
 * with friendlyError).
 */
export async function signAndBroadcast(
  clients: ChainClients,
  chain: ChainConfig,
  signer: PageSigner,
  address: string,
  msgs: EncodeObject[],
  memo = "",
): Promise<DeliverTxResponse> {
  const accountData = (await signer.getAccounts()).find((a) => a.address === address);
  if (!accountData) throw new Error(`key not found: the wallet has no account ${address}`);
  const account = await clients.cw.getAccount(address);
  if (!account) throw new Error(`account ${address} not found`);
  const pubkey = signerPubkeyAny(accountData, chain);
  const mode = signModeOf(signer);
  const bodyBytes = registry.encode({ typeUrl: "/cosmos.tx.v1beta1.TxBody", value: { messages: msgs, memo } });

  // simulate with the real pubkey type, the sign mode and an empty signature
  const simAuth = AuthInfo.fromPartial({
    signerInfos: [{ publicKey: pubkey, modeInfo: { single: { mode } }, sequence: BigInt(account.sequence) }],
    fee: Fee.fromPartial({}),
  });
  const simTx = Tx.fromPartial({ body: TxBody.decode(bodyBytes), authInfo: simAuth, signatures: [new Uint8Array()] });
  const service = new ServiceClientImpl(createProtobufRpcClient(clients.query));
  const sim = await service.Simulate({ txBytes: Tx.encode(simTx).finish() });
  const gasUsed = Number(sim.gasInfo?.gasUsed ?? 0n);
  if (!gasUsed) throw new Error("simulation returned no gas estimate");
  const gasLimit = Math.ceil(gasUsed * chain.gasAdjustment);
  const fee = calculateFee(gasLimit, GasPrice.fromString(`${chain.gasPrice.average}${chain.denom}`));

  let txRaw: TxRaw;
  if (isDirectSigner(signer)) {
    const authInfoBytes = makeAuthInfoBytes([{ pubkey, sequence: account.sequence }], fee.amount, gasLimit, undefined, undefined);
    const signDoc = makeSignDoc(bodyBytes, authInfoBytes, chain.chainId, account.accountNumber);
    const { signed, signature } = await signer.signDirect(address, signDoc);
    txRaw = TxRaw.fromPartial({
      bodyBytes: signed.bodyBytes,
      authInfoBytes: signed.authInfoBytes,
      signatures: [fromBase64(signature.signature)],
    });
  } else {
    // amino JSON: the wallet may change the fee or memo (Keplr lets the user), so the tx is
    // built from what it signed, as CosmJS' SigningStargateClient does
    const doc = aminoSignDoc(msgs, fee, chain.chainId, memo, account.accountNumber, account.sequence);
    const { signed, signature } = await signer.signAmino(address, doc);
    const signedBody = registry.encode({
      typeUrl: "/cosmos.tx.v1beta1.TxBody",
      value: { messages: signed.msgs.map((m) => aminoTypes.fromAmino(m)), memo: signed.memo },
    });
    const authInfoBytes = makeAuthInfoBytes(
      [{ pubkey, sequence: Number(signed.sequence) }],
      signed.fee.amount,
      Number(signed.fee.gas),
      signed.fee.granter,
      signed.fee.payer,
      SignMode.SIGN_MODE_LEGACY_AMINO_JSON,
    );
    txRaw = TxRaw.fromPartial({ bodyBytes: signedBody, authInfoBytes, signatures: [fromBase64(signature.signature)] });
  }
  const result = await clients.cw.broadcastTx(TxRaw.encode(txRaw).finish(), 60_000, 500);
  if (result.code !== 0) throw new Error(result.rawLog || `transaction failed with code ${result.code}`);
  return result;
}

function toB64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

// ---- Keplr (public API only) ----

/** The part of window.keplr the page uses. */
export interface KeplrLike {
  enable(chainIds: string | string[]): Promise<void>;
  experimentalSuggestChain(info: unknown): Promise<void>;
  getKey(chainId: string): Promise<{ name: string; algo: string; pubKey: Uint8Array; bech32Address: string; isNanoLedger?: boolean }>;
  getOfflineSigner?(chainId: string): PageSigner;
  getOfflineSignerAuto?(chainId: string): Promise<PageSigner>;
  /** Adds a cw20 token (the model's shares) to the wallet's token list. */
  suggestToken?(chainId: string, contractAddress: string, viewingKey?: string): Promise<void>;
}

export function getKeplr(): KeplrLike | undefined {
  return (globalThis as unknown as { keplr?: KeplrLike }).keplr;
}

export interface Connected {
  address: string;
  name: string;
  algo: string;
  /** A hardware key (Ledger): signs amino JSON only. */
  ledger: boolean;
  signer: PageSigner;
}

/**
 * Suggests the chain to Keplr (harmless when known), enables it and returns the account with its
 * signer. `getOfflineSignerAuto` first: Keplr returns a direct signer for software keys and an
 * amino-only signer for Ledger keys (which cannot sign protobuf); `getOfflineSigner` (direct) is
 * the fallback for wallets without it.
 */
export async function connectKeplr(keplr: KeplrLike, chainInfo: unknown, chainId: string): Promise<Connected> {
  await keplr.experimentalSuggestChain(chainInfo);
  await keplr.enable(chainId);
  const key = await keplr.getKey(chainId);
  const signer = keplr.getOfflineSignerAuto ? await keplr.getOfflineSignerAuto(chainId) : keplr.getOfflineSigner?.(chainId);
  if (!signer) throw new Error("Keplr offered no signer for this chain");
  if (!isDirectSigner(signer) && typeof (signer as Partial<OfflineAminoSigner>).signAmino !== "function") {
    throw new Error("Keplr offered no signer for this chain");
  }
  return { address: key.bech32Address, name: key.name, algo: key.algo, ledger: !!key.isNanoLedger, signer };
}
