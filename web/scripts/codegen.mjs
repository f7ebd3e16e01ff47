// Generates the typed contract clients in src/generated/ from the repository's schema/ folder
// with @cosmwasm/ts-codegen. Everything in src/generated/ is generated: never edit it by hand.
//
//   node scripts/codegen.mjs              # write src/generated/
//   node scripts/codegen.mjs --out DIR    # write DIR instead (used by `scripts/web.sh codegen --check`)
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import codegenModule from "@cosmwasm/ts-codegen";

const codegen = codegenModule.default ?? codegenModule;
const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, "..");
const schema = resolve(web, "..", "schema");

let out = join(web, "src", "generated");
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out") out = resolve(args[++i]);
  else throw new Error(`unknown argument ${args[i]}`);
}

// Contract name in the generated code -> folder under schema/.
const CONTRACTS = {
  Registry: "registry",
  Presale: "presale",
  Shares: "shares",
  Governance: "governance",
  Access: "access",
  Launchpad: "launchpad",
  Channels: "channels",
};

for (const dir of Object.values(CONTRACTS)) {
  if (!existsSync(join(schema, dir))) throw new Error(`schema/${dir} is missing; run scripts/schema.sh`);
}
rmSync(out, { recursive: true, force: true });

await codegen({
  contracts: Object.entries(CONTRACTS).map(([name, dir]) => ({ name, dir: join(schema, dir) })),
  outPath: out,
  options: {
    bundle: { enabled: false },
    types: { enabled: true },
    client: { enabled: true, execExtendsQuery: false },
    messageComposer: { enabled: true },
    reactQuery: { enabled: false },
    recoil: { enabled: false },
    messageBuilder: { enabled: false },
    useContractsHook: { enabled: false },
  },
});
// ts-codegen 0.35.7 names the execute client's fee parameter `fee`, which collides with a message
// field of the same name (launchpad `update_config { fee }`): esbuild refuses the duplicate
// binding. Rename the client's parameter to `fee_` everywhere (a pure, deterministic rewrite).
for (const file of readdirSync(out).filter((f) => f.endsWith(".client.ts"))) {
  const path = join(out, file);
  const text = readFileSync(path, "utf8")
    .replace(/\bfee(\??): number \| StdFee \| "auto"/g, 'fee_$1: number | StdFee | "auto"')
    .replaceAll("}, fee, memo, _funds);", "}, fee_, memo, _funds);");
  writeFileSync(path, text);
}
console.log(`typed clients written to ${out}`);
