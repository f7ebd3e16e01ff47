// Amount conversions between display units ("1.5" INJ) and base units ("1500000000000000000" inj).
// Pure string / bigint math: no floating point anywhere, so no rounding surprises at 18 decimals.

const DISPLAY_RE = /^(\d*)(?:\.(\d*))?$/;

/** Thrown for an amount a user typed that cannot be sent. The message is shown as is. */
export class AmountError extends Error {}

/**
 * Display units -> base units. "1.5" with 18 decimals -> "1500000000000000000".
 * Accepts digits with an optional decimal point (and "," as decimal point); rejects signs,
 * exponents, more fractional digits than `decimals`, and zero unless `allowZero`.
 */
export function toBase(display: string, decimals: number, allowZero = false): string {
  checkDecimals(decimals);
  const text = display.trim().replace(",", ".");
  const m = DISPLAY_RE.exec(text);
  if (text === "" || text === "." || !m) throw new AmountError(`"${display}" is not an amount`);
  const whole = m[1] || "0";
  const frac = m[2] ?? "";
  if (frac.length > decimals) {
    throw new AmountError(
      decimals === 0
        ? "this amount cannot have decimals"
        : `at most ${decimals} digits after the decimal point`,
    );
  }
  const base = BigInt(whole + frac.padEnd(decimals, "0"));
  if (base === 0n && !allowZero) throw new AmountError("the amount must be greater than zero");
  return base.toString();
}

/**
 * Base units -> display units, exact: "1500000000000000000" with 18 decimals -> "1.5".
 * Trailing fractional zeros are dropped. With `maxFraction`, the fraction is cut (rounded down)
 * to that many digits; a non-zero amount that would show as 0 shows as "<0.0…1" instead.
 */
export function toDisplay(base: string | bigint, decimals: number, maxFraction?: number): string {
  checkDecimals(decimals);
  const value = typeof base === "bigint" ? base : parseBase(base);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const digits = abs.toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  let frac = digits.slice(digits.length - decimals);
  if (maxFraction !== undefined && frac.length > maxFraction) {
    frac = frac.slice(0, maxFraction);
    if (abs > 0n && BigInt(whole) === 0n && /^0*$/.test(frac)) {
      return `${negative ? "-" : ""}<${maxFraction === 0 ? "1" : "0." + "0".repeat(maxFraction - 1) + "1"}`;
    }
  }
  frac = frac.replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${frac ? "." + frac : ""}`;
}

/** A coin for people: "1.5 INJ" for the chain's fee denom, "123 ufoo" for any other denom. */
export function formatCoin(
  amount: string | bigint,
  denom: string,
  chain: { denom: string; displayDenom: string; decimals: number },
  maxFraction = 6,
): string {
  if (denom === chain.denom) return `${toDisplay(amount, chain.decimals, maxFraction)} ${chain.displayDenom}`;
  return `${toDisplay(amount, 0)} ${denom}`;
}

/** part / whole in basis points (0..10000 and beyond), rounded down; 0 when whole is 0. */
export function ratioBps(part: string | bigint, whole: string | bigint): number {
  const p = typeof part === "bigint" ? part : parseBase(part);
  const w = typeof whole === "bigint" ? whole : parseBase(whole);
  if (w <= 0n) return 0;
  return Number((p * 10000n) / w);
}

/** Basis points as a percentage string: 1234 -> "12.34%". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const frac = bps % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${frac.toString().padStart(2, "0").replace(/0$/, "")}%`;
}

/** base × count, exactly (e.g. a plan's price × packs). */
export function mulBase(base: string, count: number | bigint): string {
  const c = typeof count === "bigint" ? count : BigInt(count);
  return (parseBase(base) * c).toString();
}

/** A duration for people: 3725 -> "1h 2m", 90061 -> "1d 1h". */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) return "0s";
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

/** A cosmwasm Timestamp (nanoseconds since the epoch, as a string) -> seconds since the epoch. */
export function timestampSeconds(nanos: string): number {
  return Number(parseBase(nanos) / 1_000_000_000n);
}

function parseBase(base: string): bigint {
  if (!/^-?\d+$/.test(base)) throw new AmountError(`"${base}" is not an integer amount`);
  return BigInt(base);
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36) {
    throw new AmountError(`unsupported number of decimals: ${decimals}`);
  }
}
