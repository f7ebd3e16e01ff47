import { test } from "node:test";
import assert from "node:assert/strict";
import { fromBase64, toHex } from "@cosmjs/encoding";
import { Secp256k1, Secp256k1Signature } from "@cosmjs/crypto";
import {
  SessionKey,
  VoucherError,
  accessHeader,
  accessRequestDigest,
  accessRequestMessage,
  type AccessDomain,
} from "../../src/vouchers";

const domain: AccessDomain = {
  chainId: "injective-777",
  access: "inj1access",
  gateway: "inj1gateway",
  modelId: "demo-llm",
};

// Pinned on both sides: packages/vouchers/src/lib.rs (the_ts_twin_signs_the_same_access_header).
const ALICE_CREDITS_7 =
  "inj1alice:7:g1/1564ROaF76Tspn6SAGQqr4c/mGQjDY3Wnmkt1lv56Uw0PNGf9LBEsHp0m4M051bb4Pi8iYofdIFfRWcC7uw==";

test("the access-request message has the documented layout", () => {
  const lp = (s: string) => {
    const hex = Buffer.from(s, "utf8").toString("hex");
    return (s.length.toString(16).padStart(8, "0")) + hex;
  };
  const expected =
    Buffer.from("modelfund/access/request/v1", "utf8").toString("hex") +
    lp("injective-777") + lp("inj1access") + lp("inj1gateway") + lp("demo-llm") + lp("inj1user") + lp("7") +
    (258).toString(16).padStart(16, "0");
  assert.equal(toHex(accessRequestMessage(domain, "inj1user", 258, "7")), expected);
  // credits: an empty license id
  assert.ok(toHex(accessRequestMessage(domain, "inj1user", 258)).endsWith("00000000" + "0000000000000102"));
});

test("the header verifies with the session key and matches the Rust library's bytes", () => {
  const key = SessionKey.fromSeed("alice");
  const header = accessHeader(key, domain, "inj1alice", 7n);
  assert.equal(header, ALICE_CREDITS_7);
  const [user, nonce, sig] = header.split(":");
  assert.equal(user, "inj1alice");
  assert.equal(nonce, "7");
  const digest = accessRequestDigest(domain, "inj1alice", 7);
  assert.ok(Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(fromBase64(sig)), digest, key.publicKey));
  // a lease adds its id before the signature; another nonce signs other bytes
  const lease = accessHeader(key, domain, "inj1alice", 8, "42").split(":");
  assert.deepEqual(lease.slice(0, 3), ["inj1alice", "8", "42"]);
  assert.notEqual(lease[3], sig);
  assert.throws(() => accessHeader(key, domain, "inj1alice", 0), VoucherError);
  assert.throws(() => accessHeader(key, domain, "inj1alice", -1), VoucherError);
});
