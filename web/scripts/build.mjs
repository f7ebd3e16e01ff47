// Bundles src/main.ts into dist/app.js (esbuild) and copies index.html and style.css.
//   node scripts/build.mjs [--out DIR]
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const out = args[0] === "--out" ? resolve(args[1]) : join(web, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(web, "src", "main.ts")],
  bundle: true,
  outfile: join(out, "app.js"),
  format: "iife",
  platform: "browser",
  target: ["chrome110", "firefox115", "safari16"],
  minify: true,
  sourcemap: true,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
});
for (const f of ["index.html", "style.css"]) copyFileSync(join(web, f), join(out, f));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + (o.bytes ?? 0), 0);
console.log(`built ${out} (app.js + map: ${bytes} bytes)`);
