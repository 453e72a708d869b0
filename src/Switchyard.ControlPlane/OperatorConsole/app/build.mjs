// Bundles src/main.jsx (Preact, uPlot) into app-<hash>.js and app-<hash>.css and writes index.html naming them. The
// hash in the names lets the server mark them immutable; index.html itself is revalidated on every load.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = process.env.SWITCHYARD_CONSOLE_NODE_MODULES ?? path.join(here, "node_modules");
const { build } = createRequire(path.join(nodeModules, "_"))("esbuild");
const outdir = path.resolve(process.argv[2] ?? path.join(here, "dist"));

// Stale hashed files of an earlier build would otherwise be embedded too.
fs.rmSync(outdir, { recursive: true, force: true });
fs.mkdirSync(outdir, { recursive: true });

const result = await build({
  entryPoints: { app: path.join(here, "src/main.jsx") },
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["chrome120", "firefox120", "safari17"],
  jsx: "automatic",
  jsxImportSource: "preact",
  nodePaths: [nodeModules],
  entryNames: "[name]-[hash]",
  outdir,
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((p) => path.basename(p));
const js = outputs.find((f) => f.endsWith(".js"));
const css = outputs.find((f) => f.endsWith(".css"));
if (!js || !css) throw new Error(`console build: expected one .js and one .css output, got ${outputs.join(", ")}`);

const html = fs.readFileSync(path.join(here, "index.html"), "utf8")
  .replace("%APP_JS%", `/console/${js}`)
  .replace("%APP_CSS%", `/console/${css}`);
fs.writeFileSync(path.join(outdir, "index.html"), html);
