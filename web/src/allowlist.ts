// Presale allowlists on the page: the entry a backer pastes to contribute.
import { InputError } from "./amounts";

/**
 * The allowlist entry a backer pastes: the JSON `modelfund allowlist proof` prints
 * (`{"contribute":{"cap":"…","proof":[…]}}`) or just its inner `{"cap":…,"proof":…}`.
 */
export function parseAllowlistEntry(text: string): { cap: string; proof: string[] } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new InputError("Paste the JSON that `modelfund allowlist proof` printed for your address.");
  }
  const inner = (v as { contribute?: unknown })?.contribute ?? v;
  const { cap, proof } = (inner ?? {}) as { cap?: unknown; proof?: unknown };
  if (typeof cap !== "string" || !/^\d+$/.test(cap) || !Array.isArray(proof) || !proof.every((h) => typeof h === "string" && /^[0-9a-fA-F]{64}$/.test(h))) {
    throw new InputError("That is not an allowlist entry: it needs a cap in base units and a proof of 64-character hex hashes.");
  }
  return { cap, proof: proof as string[] };
}

