import { test } from "node:test";
import assert from "node:assert/strict";
import { fromBase64, fromHex, toHex } from "@cosmjs/encoding";
import {
  SessionKey,
  VoucherError,
  toClaimVoucher,
  verifyVoucher,
  voucherDigest,
  voucherMessage,
  type Domain,
} from "../../src/vouchers";
// The vectors modelfund-vouchers (Rust) writes and checks: packages/vouchers/tests/fixtures.rs.
import fixture from "../../../tests/fixtures/vouchers.json";

interface Vector {
  seed: string;
  secret_hex: string;
  public_key_hex: string;
  chain_id: string;
  contract: string;
  channel_id: number;
  amount: string;
  message_hex: string;
  digest_hex: string;
  signature_hex: string;
  high_s_signature_hex: string;
  claim_voucher: { channel_id: number; amount: string; signature: string };
}

const vectors = fixture.vectors as Vector[];
const domainOf = (v: Vector): Domain => ({ chainId: v.chain_id, contract: v.contract });

test("the shared fixture has vectors (tests/fixtures/vouchers.json)", () => {
  assert.ok(vectors.length >= 5);
});

test("message, digest and public key are byte-identical to the Rust library's", () => {
  for (const v of vectors) {
    assert.equal(toHex(voucherMessage(domainOf(v), v.channel_id, v.amount)), v.message_hex, v.seed);
    assert.equal(toHex(voucherDigest(domainOf(v), BigInt(v.channel_id), BigInt(v.amount))), v.digest_hex);
    const key = SessionKey.fromSeed(v.seed);
    assert.equal(key.secretHex(), v.secret_hex);
    assert.equal(toHex(key.publicKey), v.public_key_hex);
    assert.equal(toHex(SessionKey.fromHex(v.secret_hex).publicKey), v.public_key_hex);
  }
});

test("the Rust signatures verify here, with low and high s", () => {
  for (const v of vectors) {
    const pk = fromHex(v.public_key_hex);
    assert.equal(verifyVoucher(pk, domainOf(v), v.channel_id, v.amount, fromHex(v.signature_hex)), true);
    assert.equal(verifyVoucher(pk, domainOf(v), v.channel_id, v.amount, fromHex(v.high_s_signature_hex)), true);
    assert.equal(
      // the next amount (wrapping at u128, as the Rust test does)
      verifyVoucher(pk, domainOf(v), v.channel_id, (BigInt(v.amount) + 1n) % (1n << 128n), fromHex(v.signature_hex)),
      false,
    );
  }
});

test("TypeScript signs byte-identical vouchers (RFC 6979, low-s), which the Rust test verifies", () => {
  for (const v of vectors) {
    const signed = SessionKey.fromSeed(v.seed).sign(domainOf(v), v.channel_id, v.amount);
    // identical bytes: packages/vouchers/tests/fixtures.rs verifies exactly these, also with
    // cosmwasm's secp256k1_verify as the contract calls it
    assert.equal(toHex(signed.signature), v.signature_hex);
    assert.deepEqual(toClaimVoucher(signed), v.claim_voucher);
  }
});

test("a voucher is useless on another channel, amount, contract, chain or key", () => {
  const v = vectors[1];
  const d = domainOf(v);
  const key = SessionKey.fromSeed(v.seed);
  const sig = key.sign(d, v.channel_id, v.amount).signature;
  const pk = key.publicKey;
  assert.equal(verifyVoucher(pk, d, v.channel_id, v.amount, sig), true);
  assert.equal(verifyVoucher(pk, d, v.channel_id + 1, v.amount, sig), false);
  assert.equal(verifyVoucher(pk, d, v.channel_id, BigInt(v.amount) - 1n, sig), false);
  assert.equal(verifyVoucher(pk, { ...d, contract: d.contract + "x" }, v.channel_id, v.amount, sig), false);
  assert.equal(verifyVoucher(pk, { ...d, chainId: "injective-1" }, v.channel_id, v.amount, sig), false);
  assert.equal(verifyVoucher(SessionKey.fromSeed("mallory").publicKey, d, v.channel_id, v.amount, sig), false);
  const flipped = Uint8Array.from(sig);
  flipped[10] ^= 1;
  assert.equal(verifyVoucher(pk, d, v.channel_id, v.amount, flipped), false);
});

test("malformed keys, signatures, ids and amounts are VoucherErrors", () => {
  const v = vectors[0];
  const d = domainOf(v);
  const pk = fromHex(v.public_key_hex);
  const sig = fromHex(v.signature_hex);
  assert.throws(() => verifyVoucher(pk.slice(0, 32), d, 1, 1, sig), VoucherError);
  assert.throws(() => verifyVoucher(Uint8Array.from([4, ...pk.slice(1)]), d, 1, 1, sig), VoucherError);
  assert.throws(() => verifyVoucher(pk, d, 1, 1, sig.slice(0, 63)), VoucherError);
  assert.equal(verifyVoucher(pk, d, 1, 1, new Uint8Array(64)), false); // r = s = 0
  assert.throws(() => SessionKey.fromSecret(new Uint8Array(32)), VoucherError);
  assert.throws(() => SessionKey.fromSecret(new Uint8Array(32).fill(0xff)), VoucherError);
  assert.throws(() => SessionKey.fromHex("abc"), VoucherError);
  assert.throws(() => voucherMessage(d, -1, 1), VoucherError);
  assert.throws(() => voucherMessage(d, 1n << 64n, 1), VoucherError);
  assert.throws(() => voucherMessage(d, 1, 1n << 128n), VoucherError);
  assert.throws(() => voucherMessage(d, 1, "1.5"), VoucherError);
  assert.throws(() => voucherMessage(d, 1.5, 1), VoucherError);
  // the largest amount and channel id still encode
  assert.equal(voucherMessage(d, (1n << 64n) - 1n, (1n << 128n) - 1n).length, 29 + 4 + 13 + 4 + 42 + 8 + 16);
  const big = SessionKey.fromSeed("x").sign(d, 1n << 60n, 1);
  assert.throws(() => toClaimVoucher(big), VoucherError);
});

test("a generated key signs vouchers its public key verifies, and round-trips through hex", () => {
  const key = SessionKey.generate();
  assert.notEqual(key.secretHex(), SessionKey.generate().secretHex());
  const again = SessionKey.fromHex(key.secretHex());
  assert.deepEqual(again.publicKey, key.publicKey);
  assert.ok(key.publicKey[0] === 2 || key.publicKey[0] === 3);
  const d: Domain = { chainId: "injective-777", contract: "inj1channels" };
  const signed = key.sign(d, 3, "1500");
  assert.equal(signed.signature.length, 64);
  assert.equal(verifyVoucher(key.publicKey, d, 3, 1500, signed.signature), true);
  assert.equal(verifyVoucher(key.publicKey, d, 3, 1500, fromBase64(toClaimVoucher(signed).signature)), true);
});
