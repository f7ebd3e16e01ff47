import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AmountError,
  bpsToPercent,
  describeSend,
  formatCoin,
  formatDuration,
  mulBase,
  ratioBps,
  timestampSeconds,
  toBase,
  toCount,
  toDisplay,
  unitFromMetadata,
} from "../../src/amounts";

test("toBase converts display units to base units exactly at 18 decimals", () => {
  assert.equal(toBase("1", 18), "1000000000000000000");
  assert.equal(toBase("1.5", 18), "1500000000000000000");
  assert.equal(toBase("0.000000000000000001", 18), "1");
  assert.equal(toBase("123456789.123456789123456789", 18), "123456789123456789123456789");
  // the classic float trap: 0.1 + 0.2 and 1.005 must stay exact
  assert.equal(toBase("0.3", 18), "300000000000000000");
  assert.equal(toBase("1.005", 6), "1005000");
  assert.equal(toBase("4.35", 2), "435");
  assert.equal(toBase(" 2.5 ", 6), "2500000");
  assert.equal(toBase(".5", 6), "500000");
  assert.equal(toBase("7.", 6), "7000000");
  assert.equal(toBase("000012", 0), "12");
});

test("toBase rejects what cannot be sent", () => {
  for (const bad of ["", " ", ".", "abc", "-1", "+1", "1e18", "1.2.3", "0x10", "1 000", "NaN", "Infinity", "１２"]) {
    assert.throws(() => toBase(bad, 18), AmountError, bad);
  }
  assert.throws(() => toBase("0", 6), /^AmountError: The amount must be greater than zero\.$|greater than zero/);
  assert.throws(() => toBase("0.000", 6), /greater than zero/);
  assert.equal(toBase("0", 6, true), "0");
  assert.equal(toBase("0", 6, { allowZero: true }), "0");
});

/** The sentence toBase refuses `text` with. */
function refusal(text: string, decimals = 18, unit?: string): string {
  try {
    toBase(text, decimals, { unit });
  } catch (e) {
    assert.ok(e instanceof AmountError, `${text}: an AmountError`);
    return e.message;
  }
  assert.fail(`"${text}" was accepted`);
}

test("toBase refuses thousands separators instead of reading 1,000 as 1", () => {
  // "1,000" was read as 1 INJ (the comma taken as a decimal point): a thousandth of what was meant
  for (const text of ["1,000", "1,000,000.5", "2,5", ",5", "1 000", "1\u00a0000", "1\u202f000", "1'000", "1\u2019000", "1_000"]) {
    const msg = refusal(text, 18, "INJ");
    assert.match(msg, /is ambiguous: use "\." as the decimal point and no thousands separators/, text);
    assert.match(msg, /\.$/, `${text}: a sentence`);
  }
});

test("toBase refuses more decimals than the denom has, naming the unit", () => {
  assert.equal(refusal("0.0000001", 6, "NTRN"), 'NTRN has at most 6 digits after the decimal point; "0.0000001" has 7.');
  assert.equal(refusal("0.0000000000000000001", 18, "INJ"), 'INJ has at most 18 digits after the decimal point; "0.0000000000000000001" has 19.');
  assert.equal(refusal("1.5", 0, "packs"), 'Packs cannot have decimals: "1.5" is not a whole number.');
  assert.equal(refusal("1.5", 0), 'This amount cannot have decimals: "1.5" is not a whole number.');
  // trailing zeros beyond the decimals are digits too: refused rather than silently dropped
  assert.match(refusal("1.0000000", 6, "NTRN"), /at most 6 digits/);
});

test("toBase refuses exponents, signs and empty input with a sentence", () => {
  assert.equal(refusal("1e18", 18, "INJ"), 'Write the amount out in digits: exponent notation ("1e18") is not accepted.');
  assert.equal(refusal("1.5E-3"), 'Write the amount out in digits: exponent notation ("1.5E-3") is not accepted.');
  assert.equal(refusal("-1"), "The amount cannot be negative.");
  assert.equal(refusal("\u22122"), "The amount cannot be negative.");
  assert.equal(refusal("-0.5"), "The amount cannot be negative.");
  assert.equal(refusal("+1"), 'Write the amount without a sign: "+1" is not accepted.');
  assert.equal(refusal("", 18, "INJ"), "Enter an amount in INJ.");
  assert.equal(refusal("   "), "Enter an amount.");
  assert.equal(refusal("1.2.3"), '"1.2.3" is not an amount: use digits and at most one "." as the decimal point.');
  assert.equal(refusal("0x10"), '"0x10" is not an amount: use digits and at most one "." as the decimal point.');
  assert.equal(refusal("0"), "The amount must be greater than zero.");
  // a very long input is cut in the sentence
  assert.match(refusal("x".repeat(100)), /^"x{40}…" is not an amount/);
});

test("toCount reads whole numbers of packs or calls and refuses the rest", () => {
  assert.equal(toCount("2", "packs"), 2);
  assert.equal(toCount(" 007 ", "calls"), 7);
  assert.equal(toCount("4294967295", "calls"), 4294967295);
  assert.throws(() => toCount("4294967296", "calls"), /^AmountError: At most 4294967295 calls\.$|At most 4294967295 calls\./);
  assert.throws(() => toCount("1,000", "calls"), /ambiguous/);
  assert.throws(() => toCount("1.5", "packs"), /Packs cannot have decimals/);
  assert.throws(() => toCount("0", "packs"), /greater than zero/);
  assert.throws(() => toCount("", "packs"), /Enter an amount in packs\./);
});

test("describeSend shows display units, then base units and the denom", () => {
  const inj = { denom: "inj", display: "INJ", decimals: 18 };
  assert.equal(describeSend("2000000000000000000", inj), "2 INJ (2000000000000000000 inj)");
  assert.equal(describeSend("1", inj), "0.000000000000000001 INJ (1 inj)");
  assert.equal(describeSend("1500000", { denom: "ibc/ABC", display: "USDC", decimals: 6 }), "1.5 USDC (1500000 ibc/ABC)");
  // an unknown denom has no display unit: its base units are the whole story
  assert.equal(describeSend("25", { denom: "ufoo", display: "ufoo", decimals: 0 }), "25 ufoo");
});

test("unitFromMetadata reads the bank's denom metadata", () => {
  const meta = {
    base: "factory/inj1x/usdt",
    display: "usdt",
    symbol: "USDT",
    denomUnits: [
      { denom: "factory/inj1x/usdt", exponent: 0, aliases: [] },
      { denom: "usdt", exponent: 6, aliases: [] },
    ],
  };
  assert.deepEqual(unitFromMetadata(meta), { denom: "factory/inj1x/usdt", display: "USDT", decimals: 6 });
  assert.deepEqual(unitFromMetadata({ ...meta, symbol: "" }), { denom: "factory/inj1x/usdt", display: "usdt", decimals: 6 });
  // display found through an alias
  assert.equal(unitFromMetadata({ ...meta, display: "tether", denomUnits: [{ denom: "usdt", exponent: 6, aliases: ["tether"] }] })?.decimals, 6);
  // no unit named by `display`, or an absurd exponent: no display unit
  assert.equal(unitFromMetadata({ ...meta, display: "nope" }), undefined);
  assert.equal(unitFromMetadata({ ...meta, denomUnits: [{ denom: "usdt", exponent: 99 }] }), undefined);
});

test("toDisplay converts base units to display units exactly", () => {
  assert.equal(toDisplay("1000000000000000000", 18), "1");
  assert.equal(toDisplay("1500000000000000000", 18), "1.5");
  assert.equal(toDisplay("1", 18), "0.000000000000000001");
  assert.equal(toDisplay("0", 18), "0");
  assert.equal(toDisplay("123456789123456789123456789", 18), "123456789.123456789123456789");
  assert.equal(toDisplay(2500000n, 6), "2.5");
  assert.equal(toDisplay("1234", 0), "1234");
  assert.equal(toDisplay("-1500000", 6), "-1.5");
});

test("toDisplay with maxFraction rounds down and never shows a non-zero amount as zero", () => {
  assert.equal(toDisplay("1999999999999999999", 18, 6), "1.999999");
  assert.equal(toDisplay("1000000000000000001", 18, 6), "1");
  assert.equal(toDisplay("1", 18, 6), "<0.000001");
  assert.equal(toDisplay("1", 6, 0), "<1");
  assert.equal(toDisplay("0", 18, 6), "0");
});

test("round trip display -> base -> display is the identity", () => {
  for (const [v, d] of [["1.5", 18], ["0.000001", 6], ["42", 0], ["98765.4321", 8], ["0.1", 18]] as const) {
    assert.equal(toDisplay(toBase(v, d), d), v);
  }
});

test("formatCoin shows the chain's denom and every known denom in display units", () => {
  const chain = { denom: "inj", displayDenom: "INJ", decimals: 18 };
  assert.equal(formatCoin("2500000000000000000", "inj", chain), "2.5 INJ");
  assert.equal(formatCoin("25", "ufoo", chain), "25 ufoo");
  assert.equal(formatCoin("1", "inj", chain), "<0.000001 INJ");
  const units = new Map([
    ["peggy0xdAC1", { denom: "peggy0xdAC1", display: "USDT", decimals: 6 }],
    ["unknown", null],
  ]);
  assert.equal(formatCoin("1234567", "peggy0xdAC1", chain, 6, units), "1.234567 USDT");
  assert.equal(formatCoin("1", "peggy0xdAC1", chain, 2, units), "<0.01 USDT");
  assert.equal(formatCoin("25", "unknown", chain, 6, units), "25 unknown");
});

test("ratios, percentages, products and durations", () => {
  assert.equal(ratioBps("1", "3"), 3333);
  assert.equal(ratioBps("2000000000000000000", "2000000000000000000"), 10000);
  assert.equal(ratioBps("3", "2"), 15000);
  assert.equal(ratioBps("5", "0"), 0);
  // beyond 2^53: bigint keeps it exact
  assert.equal(ratioBps("123456789012345678901234567", "246913578024691357802469134"), 5000);
  assert.equal(bpsToPercent(3333), "33.33%");
  assert.equal(bpsToPercent(10000), "100%");
  assert.equal(bpsToPercent(2050), "20.5%");
  assert.equal(bpsToPercent(5), "0.05%");
  assert.equal(mulBase("1000000000000000000", 3), "3000000000000000000");
  assert.equal(mulBase("10", 10n ** 18n), "10000000000000000000");
  assert.equal(formatDuration(3725), "1h 2m");
  assert.equal(formatDuration(90061), "1d 1h");
  assert.equal(formatDuration(59), "59s");
  assert.equal(formatDuration(-5), "0s");
  assert.equal(timestampSeconds("1764079200123456789"), 1764079200);
});
