import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAllowlistEntry } from "../../src/allowlist";

const h = "ab".repeat(32);

test("an allowlist entry is read from what `modelfund allowlist proof` prints, or its inner part", () => {
  assert.deepEqual(parseAllowlistEntry(`{"contribute":{"cap":"1500","proof":["${h}"]}}`), { cap: "1500", proof: [h] });
  assert.deepEqual(parseAllowlistEntry(`{"cap":"7","proof":[]}`), { cap: "7", proof: [] });
});

test("anything else is refused with a sentence", () => {
  for (const bad of ["", "nope", `{"cap":7,"proof":[]}`, `{"cap":"1.5","proof":[]}`, `{"cap":"7","proof":["xyz"]}`, `{"cap":"7"}`, "null"]) {
    assert.throws(() => parseAllowlistEntry(bad), /modelfund allowlist proof|not an allowlist entry/, bad);
  }
});
