#!/usr/bin/env python3
"""Render docs/reference.md from the cosmwasm-schema output in schema/.

    python3 scripts/docs.py [SCHEMA_DIR] > docs/reference.md

Reads schema/<contract>/modelfund-<contract>.json for every contract folder and writes one
Markdown reference to stdout: each contract's instantiate, execute, query and migrate messages
with their doc comments and fields, then the types they use. Standard library only; the output
depends on nothing but the schema files (no dates, no paths of this machine), so
`scripts/docs.sh --check` can compare it byte for byte.
"""

import json
import os
import re
import sys

# Story order first (launch → fund → own → govern → use); any other contract follows, sorted.
ORDER = ["registry", "presale", "shares", "governance", "access", "launchpad", "channels"]
SECTIONS = [
    ("instantiate", "Instantiate"),
    ("execute", "Execute"),
    ("query", "Query"),
    ("migrate", "Migrate"),
]


class SchemaError(Exception):
    pass


def slug(*parts):
    return "-".join(p.lower().replace("_", "-") for p in parts)


def escape_html(text):
    """`<` outside code spans and autolinks as `&lt;`, so `Vec<u8>` is not read as an HTML tag."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"<(?!https?://)", "&lt;", parts[i])
    return "`".join(parts)


def clean(text):
    """A description as Markdown prose: trailing blanks removed, stray `<` escaped."""
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    return "\n".join(lines if any("```" in line for line in lines) else map(escape_html, lines))


def short(text):
    """A definition's description without rustdoc sections (`# Examples`) or code blocks."""
    keep = []
    for para in clean(text).split("\n\n"):
        if para.startswith("#") or "```" in para:
            break
        keep.append(para)
    return "\n\n".join(keep)


def cell(text):
    """Text fit for one Markdown table cell."""
    text = " ".join(clean(text).split())
    return text.replace("|", "\\|")


def null_split(options):
    """anyOf/oneOf options -> (the non-null options, whether null is allowed)."""
    rest = [o for o in options if o.get("type") != "null"]
    return rest, len(rest) < len(options)


class Contract:
    def __init__(self, name, data):
        self.name = name
        self.data = data
        self.defs = {}
        for key, _ in SECTIONS:
            for dname, dschema in ((data.get(key) or {}).get("definitions") or {}).items():
                if dname in self.defs and self.defs[dname] != dschema:
                    raise SchemaError(f"{name}: two different definitions named {dname}")
                self.defs[dname] = dschema
        self.used = set()

    # ---- types ----

    def target(self, schema):
        """The definition a `{"$ref"}` or single `{"allOf"}` points to, else None."""
        if "allOf" in schema and len(schema["allOf"]) == 1:
            schema = schema["allOf"][0]
        if "$ref" in schema:
            return self.defs.get(schema["$ref"].rsplit("/", 1)[-1])
        return None

    def base(self, schema):
        """The plain JSON type of a scalar definition (`Timestamp` -> `Uint64` -> string)."""
        inner = self.target(schema)
        return self.base(inner) if inner is not None else self.type_name(schema)

    def is_scalar(self, schema):
        inner = self.target(schema)
        if inner is not None and set(schema) <= {"allOf", "$ref", "description", "title"}:
            return self.is_scalar(inner)
        return (
            "properties" not in schema
            and "oneOf" not in schema
            and "anyOf" not in schema
            and "enum" not in schema
            and schema.get("type") in ("string", "integer", "number", "boolean")
        )

    def ref(self, schema):
        target = schema["$ref"]
        prefix = "#/definitions/"
        if not target.startswith(prefix) or target[len(prefix):] not in self.defs:
            raise SchemaError(f"{self.name}: unresolved $ref {target}")
        dname = target[len(prefix):]
        self.used.add(dname)
        link = f"[`{dname}`](#{slug(self.name, 'type', dname)})"
        dschema = self.defs[dname]
        if self.is_scalar(dschema):
            return f"{link} ({self.base(dschema)})"
        return link

    def type_name(self, schema):
        """The JSON type of a schema, with `optional` for Option and links to definitions."""
        if schema == {} or schema is True:
            return "any JSON"
        if "$ref" in schema:
            return self.ref(schema)
        if "allOf" in schema and len(schema["allOf"]) == 1:
            return self.type_name(schema["allOf"][0])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                rest, nullable = null_split(schema[key])
                inner = " or ".join(self.type_name(o) for o in rest)
                return f"optional {inner}" if nullable else inner
        if "enum" in schema:
            return " or ".join(f'`"{v}"`' if isinstance(v, str) else f"`{json.dumps(v)}`" for v in schema["enum"])
        t = schema.get("type")
        if isinstance(t, list):
            rest = [x for x in t if x != "null"]
            inner = " or ".join(self.type_name({**schema, "type": x}) for x in rest)
            return f"optional {inner}" if len(rest) < len(t) else inner
        if t == "integer":
            fmt = schema.get("format", "")
            return f"integer ({fmt.replace('int', '')})" if fmt.startswith(("uint", "int")) else "integer"
        if t == "array":
            items = schema.get("items")
            if isinstance(items, list):
                return "[" + ", ".join(self.type_name(i) for i in items) + "]"
            return f"array of {self.type_name(items or {})}"
        if t == "object":
            if "properties" in schema:
                return "object"
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                return f"map of string to {self.type_name(extra)}"
            return "object (no fields)"
        if t in ("string", "number", "boolean", "null"):
            return t
        raise SchemaError(f"{self.name}: a schema without a known type: {json.dumps(schema)[:200]}")

    def fields(self, schema, prefix=""):
        """Rows (name, type, description) of an object's properties; inline objects flattened."""
        rows = []
        required = set(schema.get("required") or [])
        for fname, fschema in (schema.get("properties") or {}).items():
            name = prefix + fname
            ftype = self.type_name(fschema)
            if fname not in required and not ftype.startswith("optional"):
                ftype = f"optional {ftype}"
            if "default" in fschema:
                ftype += f" (default `{json.dumps(fschema['default'])}`)"
            desc = fschema.get("description", "")
            inner = self.target(fschema)
            if not desc and inner is not None and not self.is_scalar(inner):
                desc = short(inner.get("description", ""))  # an undocumented field: its type's doc
            rows.append((name, ftype, desc))
            if fschema.get("type") == "object" and "properties" in fschema:
                rows.extend(self.fields(fschema, name + "."))
        return rows

    def table(self, rows):
        if not rows:
            return ["No fields."]
        out = ["| field | type | description |", "|---|---|---|"]
        for name, ftype, desc in rows:
            out.append(f"| `{name}` | {ftype} | {cell(desc)} |")
        return out

    # ---- messages ----

    def variants(self, schema):
        """(name, description, body schema) of each variant of an enum message."""
        out = []
        for v in schema.get("oneOf") or []:
            if v.get("type") == "string" and "enum" in v:
                for value in v["enum"]:
                    out.append((value, v.get("description", ""), None))
                continue
            props = v.get("properties") or {}
            if v.get("type") != "object" or len(props) != 1:
                raise SchemaError(f"{self.name}: a message variant that is not {{name: body}}: {json.dumps(v)[:200]}")
            (vname, body), = props.items()
            out.append((vname, v.get("description", ""), body))
        return out

    def shape(self, vname, body):
        """The JSON envelope of a variant: {"name":{"field":…}}, {"name":{}} or {"name":…}."""
        if body is None:
            return f'"{vname}"'
        if "properties" in body:
            inner = ",".join(f'"{n}":…' for n in body["properties"])
            return f'{{"{vname}":{{{inner}}}}}'
        if body.get("type") == "object" and not isinstance(body.get("additionalProperties"), dict):
            return f'{{"{vname}":{{}}}}'
        return f'{{"{vname}":…}}'

    def response(self, qname):
        resp = (self.data.get("responses") or {}).get(qname)
        if not resp:
            return None
        title = resp.get("title", "")
        props = list((resp.get("properties") or {}).keys())
        if props:
            return f"Returns `{title}`: " + ", ".join(f"`{p}`" for p in props) + "."
        if resp.get("type") == "object":
            return f"Returns `{title}`."
        options = resp.get("anyOf") or resp.get("oneOf")
        if options:
            names = [
                f"`{o['$ref'].rsplit('/', 1)[-1]}`" if "$ref" in o else f"`{o.get('type', 'JSON')}`" for o in options
            ]
            return "Returns " + " or ".join(names) + "."
        kind = resp.get("type")
        kind = kind if isinstance(kind, str) else "JSON"
        fmt = resp.get("format")
        return f"Returns `{title}` ({kind}{', ' + fmt if fmt else ''})."

    def render_section(self, key, heading):
        schema = self.data.get(key)
        out = []
        if not schema:
            return out
        out += [f'<a id="{slug(self.name, key)}"></a>', "", f"### {heading}", ""]
        if key == "instantiate":
            desc = clean(schema.get("description", ""))
            if desc:
                out += [desc, ""]
            out += [f"Message `{schema.get('title', 'InstantiateMsg')}`:", ""]
            out += self.table(self.fields(schema)) + [""]
            return out
        for vname, desc, body in self.variants(schema):
            out += [f'<a id="{slug(self.name, key, vname)}"></a>', "", f"#### `{vname}`", ""]
            if clean(desc):
                out += [clean(desc), ""]
            out += [f"`{self.shape(vname, body)}`", ""]
            if body is not None and self.shape(vname, body).endswith("…}"):
                out += [f"The value of `{vname}`: {self.type_name(body)}.", ""]
            elif body is not None:
                out += self.table(self.fields(body)) + [""]
            if key == "query":
                ret = self.response(vname)
                if ret:
                    out += [ret, ""]
        return out

    def render_type(self, dname):
        schema = self.defs[dname]
        out = [f'<a id="{slug(self.name, "type", dname)}"></a>', "", f"#### `{dname}`", ""]
        desc = short(schema.get("description", ""))
        if desc:
            out += [desc, ""]
        if self.is_scalar(schema):
            out += [f"JSON: {self.base(schema)}.", ""]
        elif "properties" in schema or schema.get("type") == "object" and "oneOf" not in schema:
            out += self.table(self.fields(schema)) + [""]
        elif "oneOf" in schema or "anyOf" in schema:
            out += ["One of:", ""]
            for v in schema.get("oneOf") or schema.get("anyOf"):
                out += self.render_option(v)
            out += [""]
        elif "enum" in schema:
            out += ["One of: " + self.type_name(schema) + ".", ""]
        else:
            out += [f"JSON: {self.type_name(schema)}.", ""]
        return out

    def render_option(self, v):
        desc = cell(v.get("description", ""))
        tail = f" — {desc}" if desc else ""
        if v.get("type") == "string" and "enum" in v:
            return [f'- `"{value}"`{tail}' for value in v["enum"]]
        props = v.get("properties") or {}
        if v.get("type") == "object" and len(props) == 1:
            (vname, body), = props.items()
            lines = [f"- `{self.shape(vname, body)}`{tail}"]
            if "properties" in body:
                for name, ftype, fdesc in self.fields(body):
                    d = cell(fdesc)
                    lines.append(f"  - `{name}`: {ftype}" + (f" — {d}" if d else ""))
            elif self.shape(vname, body).endswith("…}"):
                lines.append(f"  - value: {self.type_name(body)}")
            return lines
        return [f"- {self.type_name(v)}{tail}"]

    def render(self):
        version = self.data.get("contract_version", "")
        out = [f'<a id="{slug(self.name)}"></a>', "", f"## {self.name}", ""]
        out += [
            f"`{self.data.get('contract_name', self.name)}` {version} · schema: "
            f"[`schema/{self.name}/modelfund-{self.name}.json`](../schema/{self.name}/modelfund-{self.name}.json)",
            "",
        ]
        body = []
        for key, heading in SECTIONS:
            body += self.render_section(key, heading)
        index = []
        for key, heading in SECTIONS:
            schema = self.data.get(key)
            if not schema:
                continue
            if key == "instantiate":
                index.append(f"- [{heading}](#{slug(self.name, key)})")
                continue
            names = [f"[`{n}`](#{slug(self.name, key, n)})" for n, _, _ in self.variants(schema)]
            index.append(f"- [{heading}](#{slug(self.name, key)}): " + " · ".join(names))
        # types used by the messages, and the types those use, in name order
        types = []
        done = set()
        while self.used - done:
            for dname in sorted(self.used - done):
                done.add(dname)
                types.append(dname)
                self.render_type(dname)  # marks the types it refers to as used
        if types:
            index.append(f"- [Types](#{slug(self.name, 'types')})")
        out += index + [""] + body
        if types:
            out += [f'<a id="{slug(self.name, "types")}"></a>', "", "### Types", ""]
            for dname in sorted(types):
                out += self.render_type(dname)
        return out


def load(schema_dir):
    names = sorted(
        d for d in os.listdir(schema_dir) if os.path.isdir(os.path.join(schema_dir, d)) and not d.startswith(".")
    )
    if not names:
        raise SchemaError(f"no contract folders in {schema_dir}")
    names = [n for n in ORDER if n in names] + [n for n in names if n not in ORDER]
    contracts = []
    for n in names:
        path = os.path.join(schema_dir, n, f"modelfund-{n}.json")
        try:
            with open(path, encoding="utf-8") as f:
                contracts.append(Contract(n, json.load(f)))
        except (OSError, ValueError) as e:
            raise SchemaError(f"cannot read {path}: {e}") from e
    return contracts


HEADER = """# Message reference

<!-- Generated by scripts/docs.sh from schema/<contract>/modelfund-<contract>.json; do not edit by hand. -->

Every Modelfund contract's instantiate, execute, query and migrate messages, as the JSON the
contracts accept, generated from the committed schemas (`scripts/schema.sh` writes them from the
message types in `packages/modelfund`; `scripts/docs.sh` turns them into this page, and
`scripts/test.sh static` fails when it is stale). The descriptions are the doc comments of the
Rust types. [cli-guide.md](cli-guide.md) shows the messages in use; [architecture.md](architecture.md)
explains how the contracts call each other.

Reading the tables:

- a message is `{"<variant>":{<fields>}}`; a variant without fields is still an object:
  `{"claim":{}}`;
- **optional** fields may be `null` or left out; every other field is required;
- `Uint128`, `Uint64`, `Decimal`, `Timestamp` and `Binary` are JSON **strings** (amounts in base
  units, `"1000000"`; decimals as `"0.5"`; timestamps in nanoseconds; `Binary` in base64);
  `integer (u64)` and friends are JSON numbers;
- nested fields of an inline object are shown with dots (`a.b`); named types link to the
  contract's **Types** section.
"""


def main(argv):
    schema_dir = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schema")
    if len(argv) > 2:
        print("usage: scripts/docs.py [SCHEMA_DIR]", file=sys.stderr)
        return 2
    try:
        contracts = load(schema_dir)
        lines = [HEADER.rstrip("\n"), "", "## Contracts", ""]
        for c in contracts:
            desc = {
                "registry": "model NFTs (cw721): metadata, version log, royalties — one for all models",
                "presale": "one crowdfunding campaign per model",
                "shares": "the model's cw20 co-ownership token, voting checkpoints and revenue — one per model",
                "governance": "the model's DAO: proposals, votes, typed actions, treasury — one per model",
                "access": "pricing plans, credits, leases, gateways, metering — one for all models",
                "launchpad": "one-transaction launch and the model index — one for all models",
                "channels": "payment channels for metered calls: deposits, batched voucher claims, refunds — one for all models",
            }.get(c.name, "")
            lines.append(f"- [{c.name}](#{slug(c.name)})" + (f": {desc}" if desc else ""))
        lines.append("")
        for c in contracts:
            lines += c.render()
    except SchemaError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    text = "\n".join(lines).rstrip("\n") + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
