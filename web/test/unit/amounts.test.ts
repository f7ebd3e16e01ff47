import { test } from "node:test";
import assert from "node:assert/strict";
import { AmountError, bpsToPercent, formatCoin, formatDuration, mulBase, ratioBps, timestampSeconds, toBase, toDisplay } from "../../src/amounts";

test("toBase converts display units to base units exactly at 18 decimals", () => {
  assert.equal(toBase("1", 18), "1000000000000000000");
  assert.equal(toBase("1.5", 18), "1500000000000000000");
  assert.equal(toBase("0.000000000000000001", 18), "1");
  assert.equal(toBase("123456789.123456789123456789", 18), "123456789123456789123456789");
  // the classic float trap: 0.1 + 0.2 and 1.005 must stay exact
  assert.equal(toBase("0.3", 18), "300000000000000000");
  assert.equal(toBase("1.005", 6), "1005000");
  assert.equal(toBase("4.35", 2), "435");
  assert.equal(toBase(" 2,5 ", 6), "2500000");
  assert.equal(toBase(".5", 6), "500000");
  assert.equal(toBase("7.", 6), "7000000");
  assert.equal(toBase("000012", 0), "12");
});

test("toBase rejects what cannot be sent", () => {
  for (const bad of ["", ".", "abc", "-1", "+1", "1e18", "1.2.3", "0x10", "1 000", "NaN", "Infinity"]) {
    assert.throws(() => toBase(bad, 18), AmountError, bad);
  }
  assert.throws(() => toBase("0.0000001", 6), /at most 6 digits/);
  assert.throws(() => toBase("1.5", 0), /cannot have decimals/);
  assert.throws(() => toBase("0", 6), /greater than zero/);
  assert.throws(() => toBase("0.000", 6), /greater than zero/);
  assert.equal(toBase("0", 6, true), "0");
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

test("formatCoin uses the display denom for the chain's denom only", () => {
  const chain = { denom: "inj", displayDenom: "INJ", decimals: 18 };
  assert.equal(formatCoin("2500000000000000000", "inj", chain), "2.5 INJ");
  assert.equal(formatCoin("25", "ufoo", chain), "25 ufoo");
  assert.equal(formatCoin("1", "inj", chain), "<0.000001 INJ");
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
