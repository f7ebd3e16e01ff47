#!/usr/bin/env python3
"""The structure rules of contracts/ (docs/architecture.md, "Where code lives"), checked.

    python3 scripts/lib/structure.py [ROOT] [--max-lines N]

Fails (exit 1, one line per finding) when, in the non-test code of contracts/*/src:
  - a function is longer than N lines (default 80), counted from its `fn` line to its closing
    brace; the entry-point dispatchers `execute` and `query` are exempt, since each of their arms
    calls one function;
  - a module other than contract.rs imports from `crate::contract` (the dispatcher calls the
    modules, never the other way round: shared helpers live in validate.rs, state.rs, a domain
    module or packages/modelfund).

Test code is skipped: files under a tests/ directory, files named tests.rs or test*.rs, and the
item after a `#[cfg(test)]` attribute.
"""

import pathlib
import re
import sys

DISPATCHERS = {"execute", "query"}
FN_RE = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
CFG_TEST_RE = re.compile(r"^\s*#\[cfg\(test\)\]")
IMPORT_CONTRACT_RE = re.compile(r"\bcrate::contract\b")


def is_test_file(path: pathlib.Path) -> bool:
    return "tests" in path.parts or path.name == "tests.rs" or path.name.startswith("test")


def item_end(lines, start):
    """Index of the line that closes the item starting at `start` (braces counted; a `;` before
    any brace ends a declaration without a body)."""
    depth, opened = 0, False
    for j in range(start, len(lines)):
        line = lines[j]
        depth += line.count("{") - line.count("}")
        if "{" in line:
            opened = True
        if opened and depth <= 0:
            return j
        if not opened and line.rstrip().endswith(";"):
            return j
    return len(lines) - 1


def non_test_lines(lines):
    """(index, line) of every line outside a #[cfg(test)] item."""
    i = 0
    while i < len(lines):
        if CFG_TEST_RE.match(lines[i]):
            i = item_end(lines, i + 1) + 1
            continue
        yield i, lines[i]
        i += 1


def check(root: pathlib.Path, max_lines: int):
    findings = []
    files = sorted(root.glob("contracts/*/src/**/*.rs"))
    if not files:
        findings.append(f"no Rust sources under {root}/contracts/*/src")
    for path in files:
        if is_test_file(path.relative_to(root)):
            continue
        rel = path.relative_to(root)
        lines = path.read_text().splitlines()
        skip_until = -1
        for i, line in non_test_lines(lines):
            if path.name != "contract.rs" and IMPORT_CONTRACT_RE.search(line):
                findings.append(f"{rel}:{i + 1}: imports from crate::contract (the dispatcher)")
            if i <= skip_until:
                continue
            m = FN_RE.match(line)
            if not m:
                continue
            name = m.group(6)
            end = item_end(lines, i)
            n = end - i + 1
            if n > max_lines and name not in DISPATCHERS:
                findings.append(f"{rel}:{i + 1}: fn {name} is {n} lines (limit {max_lines})")
    return findings


def main(argv):
    args = list(argv)
    max_lines = 80
    if "--max-lines" in args:
        k = args.index("--max-lines")
        max_lines = int(args[k + 1])
        del args[k : k + 2]
    root = pathlib.Path(args[0] if args else pathlib.Path(__file__).resolve().parents[2])
    findings = check(root, max_lines)
    for f in findings:
        print(f, file=sys.stderr)
    if findings:
        print(f"structure: {len(findings)} finding(s)", file=sys.stderr)
        return 1
    print(f"structure: ok (no non-test fn in contracts/ over {max_lines} lines, no import of crate::contract)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
