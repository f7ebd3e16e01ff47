// Payment-channel vouchers: the TypeScript twin of packages/vouchers (modelfund-vouchers).
//
// A voucher is a secp256k1 signature by the channel's session key over
//   sha256("modelfund/channels/voucher/v1" || u32be(len chain_id) || chain_id
//          || u32be(len contract) || contract || u64be(channel_id) || u128be(amount))
// (docs/channels.md, "Vouchers: the exact bytes"). Signatures are RFC 6979 and low-s, 64 bytes
// r || s, so this file and the Rust library sign byte-identical vouchers; both accept a high s
// when verifying, as the contract does. The shared vectors are tests/fixtures/vouchers.json.

import { Random, Secp256k1, Secp256k1Signature, Sha256 } from "@cosmjs/crypto";
import { fromHex, toBase64, toHex, toUtf8 } from "@cosmjs/encoding";
import type { Voucher } from "./generated/Channels.types";

/** The first bytes of every voucher message (ASCII). */
export const VOUCHER_TAG = "modelfund/channels/voucher/v1";
/** Length of a compressed secp256k1 public key (a channel's `voucher_key`). */
export const VOUCHER_KEY_LEN = 33;
/** Length of a voucher signature, r || s. */
export const SIGNATURE_LEN = 64;

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

/** A bad key, signature, id or amount. The message is shown as is. */
export class VoucherError extends Error {}

/** Where a voucher is valid: one chain and one channels contract (its bech32 address). */
export interface Domain {
  chainId: string;
  contract: string;
}

/** A channel id or amount: a bigint, a safe integer, or a decimal string (as the chain's JSON). */
export type Integer = bigint | number | string;

function toBig(value: Integer, max: bigint, what: string): bigint {
  let big: bigint;
  if (typeof value === "bigint") big = value;
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new VoucherError(`${what} must be a whole number, got ${value}`);
    big = BigInt(value);
  } else {
    if (!/^\d+$/.test(value)) throw new VoucherError(`${what} must be a whole number, got "${value}"`);
    big = BigInt(value);
  }
  if (big < 0n || big > max) throw new VoucherError(`${what} is out of range: ${big}`);
  return big;
}

function beBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function lengthPrefixed(text: string): Uint8Array {
  const bytes = toUtf8(text);
  const out = new Uint8Array(4 + bytes.length);
  out.set(beBytes(BigInt(bytes.length), 4), 0);
  out.set(bytes, 4);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The exact bytes a voucher for `channelId` and cumulative `amount` signs in `domain`. */
export function voucherMessage(domain: Domain, channelId: Integer, amount: Integer): Uint8Array {
  return concat([
    toUtf8(VOUCHER_TAG),
    lengthPrefixed(domain.chainId),
    lengthPrefixed(domain.contract),
    beBytes(toBig(channelId, U64_MAX, "channel id"), 8),
    beBytes(toBig(amount, U128_MAX, "amount"), 16),
  ]);
}

/** `sha256(voucherMessage(..))`: the 32-byte digest the session key signs. */
export function voucherDigest(domain: Domain, channelId: Integer, amount: Integer): Uint8Array {
  return new Sha256(voucherMessage(domain, channelId, amount)).digest();
}

/** A signed voucher. */
export interface SignedVoucher {
  channelId: bigint;
  /** Cumulative amount owed on the channel, in base units of its denom. */
  amount: bigint;
  /** r || s, low-s, 64 bytes. */
  signature: Uint8Array;
}

/** A secp256k1 session key: the client holds the secret, the channel records the public key. */
export class SessionKey {
  private constructor(
    private readonly secret: Uint8Array,
    /** The 33-byte compressed public key: the channel's `voucher_key`. */
    readonly publicKey: Uint8Array,
  ) {}

  /** From a 32-byte secret scalar (non-zero, below the curve order). */
  static fromSecret(secret: Uint8Array): SessionKey {
    if (secret.length !== 32) throw new VoucherError("a session key secret is 32 bytes");
    let pair;
    try {
      pair = Secp256k1.makeKeypair(secret);
    } catch {
      throw new VoucherError("not a valid secp256k1 secret (zero or not below the curve order)");
    }
    return new SessionKey(Uint8Array.from(secret), Secp256k1.compressPubkey(pair.pubkey));
  }

  /** From a 64-character hex secret (what the key files and the fixture hold). */
  static fromHex(secretHex: string): SessionKey {
    const text = secretHex.trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new VoucherError("a session key secret is 64 hex characters");
    return SessionKey.fromSecret(fromHex(text));
  }

  /**
   * A deterministic key from a seed, exactly as the Rust `SessionKey::from_seed`: the secret is
   * sha256(seed), re-hashed in the negligible case it is not a valid scalar. For tests only.
   */
  static fromSeed(seed: Uint8Array | string): SessionKey {
    let secret = new Sha256(typeof seed === "string" ? toUtf8(seed) : seed).digest();
    for (;;) {
      try {
        return SessionKey.fromSecret(secret);
      } catch {
        secret = new Sha256(secret).digest();
      }
    }
  }

  /** A fresh random key (the browser's or Node's secure random source). */
  static generate(): SessionKey {
    for (;;) {
      try {
        return SessionKey.fromSecret(Random.getBytes(32));
      } catch {
        // a scalar at or above the curve order: about 2^-128, draw again
      }
    }
  }

  /** The secret as hex, to store (keep it private: it spends the whole deposit). */
  secretHex(): string {
    return toHex(this.secret);
  }

  /** Signs the voucher for `channelId` and cumulative `amount` in `domain` (RFC 6979, low-s). */
  sign(domain: Domain, channelId: Integer, amount: Integer): SignedVoucher {
    const id = toBig(channelId, U64_MAX, "channel id");
    const amt = toBig(amount, U128_MAX, "amount");
    return { channelId: id, amount: amt, signature: this.signDigest(voucherDigest(domain, id, amt)) };
  }

  /** Signs a 32-byte digest (RFC 6979, low-s): r || s. */
  signDigest(digest: Uint8Array): Uint8Array {
    const sig = Secp256k1.createSignature(digest, this.secret);
    // r || s || recovery byte -> r || s
    return Secp256k1.trimRecoveryByte(sig.toFixedLength());
  }
}

/**
 * Verifies a voucher as the channels contract does: `publicKey` is the channel's 33-byte
 * `voucher_key`, `signature` 64 bytes r || s (either s). Throws a VoucherError for a malformed
 * key or signature; returns whether the signature is valid for this domain, channel and amount.
 */
export function verifyVoucher(
  publicKey: Uint8Array,
  domain: Domain,
  channelId: Integer,
  amount: Integer,
  signature: Uint8Array,
): boolean {
  if (publicKey.length !== VOUCHER_KEY_LEN || (publicKey[0] !== 2 && publicKey[0] !== 3)) {
    throw new VoucherError("a voucher key is a 33-byte compressed secp256k1 public key");
  }
  if (signature.length !== SIGNATURE_LEN) throw new VoucherError("a voucher signature is 64 bytes r || s");
  const digest = voucherDigest(domain, channelId, amount);
  try {
    return Secp256k1.verifySignature(Secp256k1Signature.fromFixedLength(signature), digest, publicKey);
  } catch {
    // not a point on the curve, r or s out of range
    return false;
  }
}

/** The voucher as the channels contract's `claim {vouchers: [...]}` takes it. */
export function toClaimVoucher(voucher: SignedVoucher): Voucher {
  if (voucher.channelId > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new VoucherError(`channel id ${voucher.channelId} does not fit the claim JSON number`);
  }
  return {
    amount: voucher.amount.toString(),
    channel_id: Number(voucher.channelId),
    signature: toBase64(voucher.signature),
  };
}

// ---- access requests: calls paid from credits or a lease (docs/gateway.md) ----
//
// The twin of modelfund_vouchers::AccessDomain: a user who granted a gateway calls with a
// `session_key` signs each request over
//   sha256("modelfund/access/request/v1" || lp(chain_id) || lp(access) || lp(gateway)
//          || lp(model_id) || lp(user) || lp(license_id or "") || u64be(nonce))
// where lp(s) = u32be(len s) || s, and sends `X-Modelfund-Access: <user>:<nonce>[:<license>]:<sig>`.

/** The first bytes of every access-request message (ASCII). */
export const ACCESS_REQUEST_TAG = "modelfund/access/request/v1";
/** The gateway's header of a call paid from credits or a lease. */
export const ACCESS_HEADER = "X-Modelfund-Access";

/** Where an access request is valid: one chain, access contract, gateway and model. */
export interface AccessDomain {
  chainId: string;
  access: string;
  gateway: string;
  modelId: string;
}

/** The exact bytes an access request of `user` with `nonce` (and the lease, if any) signs. */
export function accessRequestMessage(
  domain: AccessDomain,
  user: string,
  nonce: Integer,
  licenseId?: string,
): Uint8Array {
  return concat([
    toUtf8(ACCESS_REQUEST_TAG),
    lengthPrefixed(domain.chainId),
    lengthPrefixed(domain.access),
    lengthPrefixed(domain.gateway),
    lengthPrefixed(domain.modelId),
    lengthPrefixed(user),
    lengthPrefixed(licenseId ?? ""),
    beBytes(toBig(nonce, U64_MAX, "nonce"), 8),
  ]);
}

/** `sha256(accessRequestMessage(..))`: the digest the session key signs. */
export function accessRequestDigest(
  domain: AccessDomain,
  user: string,
  nonce: Integer,
  licenseId?: string,
): Uint8Array {
  return new Sha256(accessRequestMessage(domain, user, nonce, licenseId)).digest();
}

/**
 * The `X-Modelfund-Access` header value of a request signed by `key` (RFC 6979, low-s; the same
 * bytes the Rust `SignedAccess::to_header` writes).
 */
export function accessHeader(
  key: SessionKey,
  domain: AccessDomain,
  user: string,
  nonce: Integer,
  licenseId?: string,
): string {
  const n = toBig(nonce, U64_MAX, "nonce");
  if (n === 0n) throw new VoucherError("a nonce is at least 1");
  const signature = key.signDigest(accessRequestDigest(domain, user, n, licenseId));
  const parts = licenseId === undefined ? [user, n.toString()] : [user, n.toString(), licenseId];
  return [...parts, toBase64(signature)].join(":");
}
