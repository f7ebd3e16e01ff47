// Amount conversions between display units ("1.5" INJ) and base units ("1500000000000000000" inj).
// Pure string / bigint math: no floating point anywhere, so no rounding surprises at 18 decimals.

const DISPLAY_RE = /^(\d*)(?:\.(\d*))?$/;

/** Thrown for an amount a user typed that cannot be sent. The message is a sentence, shown as is. */
export class AmountError extends Error {}

/** A form field a person filled in wrongly (not an amount); the message is a sentence, shown as is. */
export class InputError extends Error {}

export interface ToBaseOptions {
  /** Accept 0 (default: refused). */
  allowZero?: boolean;
  /** The display unit named in the sentences ("INJ"); default "this amount". */
  unit?: string;
}

/**
 * Display units -> base units. "1.5" with 18 decimals -> "1500000000000000000".
 *
 * Accepts only plain digits with an optional "." as the decimal point ("1.5", ".5", "7.").
 * Everything a person could mean two ways is refused with a sentence instead of guessed:
 * a comma ("1,000" is 1000 in English and 1 in German), spaces, apostrophes or underscores
 * between digits (thousands separators), exponents ("1e18"), signs, more fractional digits than
 * the denom has, empty input, and zero unless `allowZero`.
 */
export function toBase(display: string, decimals: number, opts: ToBaseOptions | boolean = {}): string {
  checkDecimals(decimals);
  const { allowZero = false, unit } = typeof opts === "boolean" ? { allowZero: opts } : opts;
  const text = display.trim();
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (text === "") throw new AmountError(`Enter an amount${unit ? ` in ${unit}` : ""}.`);
  if (/^[-\u2212]/.test(text)) throw new AmountError("The amount cannot be negative.");
  if (text.startsWith("+")) throw new AmountError(`Write the amount without a sign: "${shown}" is not accepted.`);
  if (/^[\d.]*\d[eE][-+]?\d+$/.test(text)) {
    throw new AmountError(`Write the amount out in digits: exponent notation ("${shown}") is not accepted.`);
  }
  if (/\d[,'\u2019_\s\u00a0\u202f]+\d/.test(text) || text.includes(",")) {
    throw new AmountError(
      `"${shown}" is ambiguous: use "." as the decimal point and no thousands separators (one thousand is 1000, one and a half is 1.5).`,
    );
  }
  const m = DISPLAY_RE.exec(text);
  if (text === "." || !m) throw new AmountError(`"${shown}" is not an amount: use digits and at most one "." as the decimal point.`);
  const whole = m[1] || "0";
  const frac = m[2] ?? "";
  if (frac.length > decimals) {
    const what = unit ?? "this amount";
    throw new AmountError(
      decimals === 0
        ? `${capitalize(what)} cannot have decimals: "${shown}" is not a whole number.`
        : `${capitalize(what)} has at most ${decimals} digits after the decimal point; "${shown}" has ${frac.length}.`,
    );
  }
  const base = BigInt(whole + frac.padEnd(decimals, "0"));
  if (base === 0n && !allowZero) throw new AmountError("The amount must be greater than zero.");
  return base.toString();
}

/**
 * A whole number a person typed (packs, calls): digits only, 1 to `max` (a u32 by default).
 * Refuses the same ambiguous forms as `toBase`, then the range, with a sentence naming `what`.
 */
export function toCount(text: string, what: string, max = 4294967295): number {
  const base = toBase(text, 0, { unit: what });
  if (BigInt(base) > BigInt(max)) throw new AmountError(`At most ${max} ${what}.`);
  return Number(base);
}

/**
 * The exact amount that will be sent, for the line shown before signing:
 * "2 INJ (2000000000000000000 inj)" — display units, then base units and the denom.
 */
export function describeSend(base: string, unit: DenomUnit): string {
  const display = `${toDisplay(base, unit.decimals)} ${unit.display}`;
  return unit.decimals === 0 && unit.display === unit.denom ? display : `${display} (${base} ${unit.denom})`;
}

/** How a denom is shown: its display name and decimals (exponent of the display unit). */
export interface DenomUnit {
  denom: string;
  display: string;
  decimals: number;
}

/**
 * A denom's display unit from the bank module's denom metadata (`denom_units` with exponents,
 * `display` naming one of them; `symbol` preferred as the name). Undefined when the metadata
 * does not name a usable display unit.
 */
export function unitFromMetadata(meta: {
  base: string;
  display: string;
  symbol?: string;
  denomUnits: { denom: string; exponent: number; aliases?: string[] }[];
}): DenomUnit | undefined {
  const display = meta.denomUnits.find((u) => u.denom === meta.display || (u.aliases ?? []).includes(meta.display));
  if (!display || !Number.isInteger(display.exponent) || display.exponent < 0 || display.exponent > 36) return undefined;
  const name = meta.symbol || meta.display;
  if (!name) return undefined;
  return { denom: meta.base, display: name, decimals: display.exponent };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
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

/**
 * A coin for people: "1.5 INJ" for the chain's fee denom and for every denom in `units` (display
 * units from config.json or the bank's denom metadata); base units with the denom ("123 ufoo")
 * for a denom nothing is known about.
 */
export function formatCoin(
  amount: string | bigint,
  denom: string,
  chain: { denom: string; displayDenom: string; decimals: number },
  maxFraction = 6,
  units?: ReadonlyMap<string, DenomUnit | null>,
): string {
  if (denom === chain.denom) return `${toDisplay(amount, chain.decimals, maxFraction)} ${chain.displayDenom}`;
  const u = units?.get(denom);
  if (u) return `${toDisplay(amount, u.decimals, maxFraction)} ${u.display}`;
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
