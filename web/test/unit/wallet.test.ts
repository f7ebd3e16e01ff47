import { test } from "node:test";
import assert from "node:assert/strict";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { BinaryWriter } from "cosmjs-types/binary";
import { PRESETS, keplrChainInfo, resolveChain } from "../../src/chains";
import { parseConfig } from "../../src/config";
import { ETH_ACCOUNT_TYPE, accountParser, isEthKey, signerPubkeyAny } from "../../src/wallet";
import { DirectEthSecp256k1HdWallet, DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { stringToPath } from "@cosmjs/crypto";

const ADDR = "inj1grjkdvjw3glcgm2vlsnmqv2cmnkqy7cmxk6wn9";

function ethAccount(base: BaseAccount, codeHash: Uint8Array): Uint8Array {
  // injective.types.v1beta1.EthAccount { base_account = 1; code_hash = 2; }
  const w = new BinaryWriter();
  w.uint32(10).bytes(BaseAccount.encode(base).finish());
  w.uint32(18).bytes(codeHash);
  return w.finish();
}

test("accountParser unwraps Injective's EthAccount, also with an eth_secp256k1 pubkey set", () => {
  const ethPub = {
    typeUrl: "/injective.crypto.v1beta1.ethsecp256k1.PubKey",
    value: PubKey.encode({ key: new Uint8Array(33).fill(2) }).finish(),
  };
  const base = BaseAccount.fromPartial({ address: ADDR, pubKey: ethPub, accountNumber: 7n, sequence: 42n });
  const acc = accountParser({ typeUrl: ETH_ACCOUNT_TYPE, value: ethAccount(base, new Uint8Array(32).fill(9)) });
  assert.deepEqual(acc, { address: ADDR, pubkey: null, accountNumber: 7, sequence: 42 });
});

test("accountParser still reads a plain BaseAccount with a secp256k1 key", () => {
  const key = new Uint8Array(33).fill(3);
  const base = BaseAccount.fromPartial({
    address: ADDR,
    pubKey: { typeUrl: "/cosmos.crypto.secp256k1.PubKey", value: PubKey.encode({ key }).finish() },
    accountNumber: 1n,
    sequence: 0n,
  });
  const acc = accountParser({ typeUrl: "/cosmos.auth.v1beta1.BaseAccount", value: BaseAccount.encode(base).finish() });
  assert.equal(acc.accountNumber, 1);
  assert.equal(acc.pubkey?.type, "tendermint/PubKeySecp256k1");
  assert.throws(() => accountParser({ typeUrl: "/injective.types.v1beta1.EthAccount", value: new Uint8Array([18, 0]) }), /without base_account/);
});

test("the signer pubkey gets Injective's type for Ethereum-style keys", () => {
  const inj = PRESETS["injective-777"];
  const pubkey = new Uint8Array(33).fill(2);
  assert.equal(signerPubkeyAny({ algo: "ethsecp256k1", pubkey }, inj).typeUrl, "/injective.crypto.v1beta1.ethsecp256k1.PubKey");
  assert.equal(signerPubkeyAny({ algo: "eth_secp256k1", pubkey }, inj).typeUrl, "/injective.crypto.v1beta1.ethsecp256k1.PubKey");
  assert.equal(signerPubkeyAny({ algo: "secp256k1", pubkey }, inj).typeUrl, "/cosmos.crypto.secp256k1.PubKey");
  assert.deepEqual(PubKey.decode(signerPubkeyAny({ algo: "secp256k1", pubkey }, inj).value).key, pubkey);
  assert.throws(() => signerPubkeyAny({ algo: "ethsecp256k1", pubkey }, PRESETS["pion-1"]), /Ethereum-style key/);
});

test("the key type comes from the address derivation, whatever algo the wallet reports", async () => {
  const inj = PRESETS["injective-777"];
  // alice of scripts/localnet.sh: coin type 60, eth_secp256k1 -> inj1grjk… (as injectived derives it)
  const alice = "addict install sport bonus series pluck plunge humor primary siren diagram wave company dad various gain toe stand certain forget chase pioneer lake south";
  const eth = await DirectEthSecp256k1HdWallet.fromMnemonic(alice, { prefix: "inj", hdPaths: [stringToPath("m/44'/60'/0'/0/0")] });
  const [a] = await eth.getAccounts();
  assert.equal(a.address, ADDR);
  assert.equal(isEthKey({ ...a, algo: "secp256k1" }), true); // a wallet reporting a generic algo
  assert.equal(signerPubkeyAny({ ...a, algo: "secp256k1" }, inj).typeUrl, "/injective.crypto.v1beta1.ethsecp256k1.PubKey");
  const plain = await DirectSecp256k1HdWallet.fromMnemonic(alice, { prefix: "inj" });
  const [b] = await plain.getAccounts();
  assert.notEqual(b.address, ADDR);
  assert.equal(isEthKey({ ...b, algo: "ethsecp256k1" }), false);
  assert.equal(signerPubkeyAny({ ...b, algo: "ethsecp256k1" }, inj).typeUrl, "/cosmos.crypto.secp256k1.PubKey");
});

test("chain presets give Keplr the right coin type, prefix, fee currency and features", () => {
  const local = keplrChainInfo(PRESETS["injective-777"]);
  assert.equal(local.bip44.coinType, 60);
  assert.equal(local.bech32Config?.bech32PrefixAccAddr, "inj");
  assert.deepEqual(local.features, ["eth-address-gen", "eth-key-sign", "cosmwasm"]);
  assert.equal(local.feeCurrencies[0].coinMinimalDenom, "inj");
  assert.equal(local.feeCurrencies[0].coinDecimals, 18);
  assert.equal(local.feeCurrencies[0].gasPriceStep?.low, 160000000);
  const testnet = keplrChainInfo(PRESETS["injective-888"]);
  assert.equal(testnet.bip44.coinType, 60);
  const neutron = keplrChainInfo(PRESETS["pion-1"]);
  assert.equal(neutron.bip44.coinType, 118);
  assert.equal(neutron.bech32Config?.bech32PrefixValAddr, "neutronvaloper");
  assert.equal(neutron.feeCurrencies[0].coinMinimalDenom, "untrn");
  assert.equal(neutron.feeCurrencies[0].coinDecimals, 6);
  const juno = keplrChainInfo(PRESETS["uni-7"]);
  assert.equal(juno.feeCurrencies[0].coinMinimalDenom, "ujunox");
  assert.equal(juno.bip44.coinType, 118);
});

test("config.json: preset plus overrides, and clear errors", () => {
  const cfg = parseConfig({ chainId: "injective-777", rpc: "http://127.0.0.1:26957", rest: "http://127.0.0.1:1617", launchpad: "inj1lp" });
  assert.equal(cfg.chain.rpc, "http://127.0.0.1:26957");
  assert.equal(cfg.chain.coinType, 60);
  assert.equal(cfg.launchpad, "inj1lp");
  assert.throws(() => parseConfig({ chainId: "injective-777" }), /launchpad/);
  assert.throws(() => parseConfig({ launchpad: "x" }), /chainId/);
  assert.throws(() => resolveChain("mystery-1"), /no preset/);
  const custom = resolveChain("mystery-1", {
    chainName: "M", rpc: "r", rest: "s", bech32Prefix: "m", coinType: 118, denom: "um", displayDenom: "M", decimals: 6,
    gasPrice: { low: "0.1", average: "0.2", high: "0.3" },
  });
  assert.equal(custom.gasAdjustment, 1.4);
});

test("config.json: display units of other denoms, checked", () => {
  const base = { chainId: "injective-777", launchpad: "inj1lp" };
  assert.deepEqual(parseConfig(base).denoms, {});
  const cfg = parseConfig({ ...base, denoms: { "peggy0xdAC1": { display: "USDT", decimals: 6 } } });
  assert.deepEqual(cfg.denoms, { "peggy0xdAC1": { display: "USDT", decimals: 6 } });
  assert.throws(() => parseConfig({ ...base, denoms: { x: { display: "X" } } }), /denoms\["x"\] needs "display" \(a name\) and "decimals" \(0 to 36\)/);
  assert.throws(() => parseConfig({ ...base, denoms: { x: { display: "", decimals: 6 } } }), /denoms\["x"\]/);
  assert.throws(() => parseConfig({ ...base, denoms: { x: { display: "X", decimals: 1.5 } } }), /denoms\["x"\]/);
});

test("a Ledger's amino-only signer takes the amino path; a direct signer keeps the direct one", async () => {
  const { Secp256k1HdWallet } = await import("@cosmjs/amino");
  const { SignMode } = await import("cosmjs-types/cosmos/tx/signing/v1beta1/signing");
  const { isDirectSigner, signModeOf } = await import("../../src/wallet");
  const amino = await Secp256k1HdWallet.generate(12, { prefix: "inj" });
  const direct = await DirectEthSecp256k1HdWallet.generate(12, { prefix: "inj", hdPaths: [stringToPath("m/44'/60'/0'/0/0")] });
  assert.equal(isDirectSigner(amino), false);
  assert.equal(signModeOf(amino), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
  assert.equal(isDirectSigner(direct), true);
  assert.equal(signModeOf(direct), SignMode.SIGN_MODE_DIRECT);
});

test("the amino sign doc carries the contract message as JSON, funds, fee and sequence as strings", async () => {
  const { toUtf8 } = await import("@cosmjs/encoding");
  const { aminoSignDoc } = await import("../../src/wallet");
  const msg = {
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: { sender: ADDR, contract: "inj1c", msg: toUtf8(JSON.stringify({ buy_credits: { model_id: "m", plan_id: "pack", packs: 3 } })), funds: [{ denom: "inj", amount: "3" }] },
  };
  const doc = aminoSignDoc([msg], { amount: [{ denom: "inj", amount: "10" }], gas: "200000" }, "injective-777", "", 7, 42);
  assert.deepEqual(doc, {
    chain_id: "injective-777",
    account_number: "7",
    sequence: "42",
    fee: { amount: [{ denom: "inj", amount: "10" }], gas: "200000" },
    msgs: [{ type: "wasm/MsgExecuteContract", value: { sender: ADDR, contract: "inj1c", msg: { buy_credits: { model_id: "m", plan_id: "pack", packs: 3 } }, funds: [{ denom: "inj", amount: "3" }] } }],
    memo: "",
  });
});
