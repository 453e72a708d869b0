// Bundles src/index.js and its dependencies into one classic script, dist/runtime.bundle.js (for V8 14.7), and the
// Node.js built-in modules of node/ (for workers with the nodejs_compat flag) into dist/node-builtins.json.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import fs from "node:fs";
import path from "node:path";
import { buildEncodingTables, encodingLabels } from "./encoding-data.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = process.env.SWITCHYARD_RUNTIME_NODE_MODULES ?? path.join(here, "node_modules");
const { build } = createRequire(path.join(nodeModules, "_"))("esbuild");
const outfile = process.env.SWITCHYARD_RUNTIME_OUT ?? path.join(here, "dist", "runtime.bundle.js");
const minify = process.env.SWITCHYARD_RUNTIME_MINIFY !== "0";
// The engine's V8 (14.7, the V8 of Chrome 147): esbuild lowers nothing that V8 runs natively.
const target = "chrome147";

// Replaces dependencies of whatwg-url that the runtime provides itself (see README.md).
const shims = {
  name: "switchyard-shims",
  setup(b) {
    b.onResolve({ filter: /^tr46$/ }, () => ({ path: path.join(here, "src/vendor-shims/tr46.js") }));
    b.onResolve({ filter: /^\.\/encoding$/ }, (args) =>
      args.importer.includes(`${path.sep}whatwg-url${path.sep}`)
        ? { path: path.join(here, "src/vendor-shims/whatwg-url-encoding.js") }
        : undefined);
  },
};

// The Encoding Standard's labels, as the virtual module "switchyard:encoding-labels" (see encoding-data.mjs).
const labels = await encodingLabels(nodeModules);
const generated = {
  name: "switchyard-generated",
  setup(b) {
    b.onResolve({ filter: /^switchyard:encoding-labels$/ }, (args) => ({ path: args.path, namespace: "switchyard-generated" }));
    b.onLoad({ filter: /.*/, namespace: "switchyard-generated" }, () => ({ contents: `export default ${JSON.stringify(labels)};`, loader: "js" }));
  },
};

// urlpattern-polyfill 10.1.0 is the latest release. Where it departs from the URL Pattern Standard, its functions are
// rewritten to call vendor-shims/urlpattern-fixes.js (which says why for each), and its tokenizer reads a group
// name by code points, not UTF-16 units, so names such as ":\u{20000}" are names. A patch that no longer finds its
// target (after an upgrade) fails the build rather than silently dropping the fix.
const urlpatternFixes = path.join(here, "src/vendor-shims/urlpattern-fixes.js");
const urlpatternPatches = {
  name: "switchyard-urlpattern-patches",
  setup(b) {
    b.onLoad({ filter: /urlpattern-polyfill[\\/]dist[\\/]urlpattern\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, "utf8");
      const replaceOnce = (from, to) => {
        const at = source.indexOf(from);
        if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`urlpattern-polyfill patch: ${JSON.stringify(from)} not found once`);
        source = source.slice(0, at) + to + source.slice(at + from.length);
      };
      // Each function is declared as `function X(params){...}a(X,"label")` (esbuild's keepNames): the declaration is
      // replaced by one that forwards to the fix of the same label.
      for (const label of ["flags", "defaultPortForProtocol", "canonicalizePort", "portEncodeCallback", "hostnameEncodeCallback"]) {
        const named = new RegExp(`[;}]a\\(([\\w$]+),"${label}"\\)`).exec(source);
        if (named === null) throw new Error(`urlpattern-polyfill patch: function ${label} not found`);
        const name = named[1];
        const end = named.index + 1;
        const start = source.lastIndexOf(`function ${name}(`, end);
        if (start < 0) throw new Error(`urlpattern-polyfill patch: declaration of ${label} not found`);
        const params = source.slice(start + `function ${name}(`.length, source.indexOf(")", start));
        source = `${source.slice(0, start)}function ${name}(${params}){return __urlpatternFixes.${label}(${params})}${source.slice(end)}`;
      }
      replaceOnce("let i=e.substr(s,1);if(s===n+1&&Re.test(i)||s!==n+1&&Ee.test(i)){f+=e[s++];continue}",
        "let i=String.fromCodePoint(e.codePointAt(s));if(s===n+1&&Re.test(i)||s!==n+1&&Ee.test(i)){f+=i,s+=i.length;continue}");
      return { contents: `import * as __urlpatternFixes from ${JSON.stringify(urlpatternFixes)};\n${source}`, loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};

// html-rewriter-wasm 0.4.1 (lol-html compiled to WebAssembly, with asyncify for async handlers) is written for Node: it
// reads its .wasm with fs and instantiates at load. Bundled, it instead waits for __init(module): the host compiles the
// module (tenant code may not compile Wasm) on the first HTMLRewriter of each isolate (src/html-rewriter.js).
const htmlRewriterPatches = {
  name: "switchyard-html-rewriter-patches",
  setup(b) {
    const replaceOnce = (source, from, to, file) => {
      const at = source.indexOf(from);
      if (at < 0 || source.indexOf(from, at + 1) >= 0) throw new Error(`html-rewriter-wasm patch of ${file}: ${JSON.stringify(from)} not found once`);
      return source.slice(0, at) + to + source.slice(at + from.length);
    };
    b.onLoad({ filter: /html-rewriter-wasm[\\/]dist[\\/]html_rewriter\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, "utf8");
      source = replaceOnce(source, "const { TextDecoder, TextEncoder } = require(String.raw`util`);", `const { TextDecoder, TextEncoder } = require(${JSON.stringify(path.join(here, "src/encoding.js"))});`, "html_rewriter.js");
      source = replaceOnce(source, "require(String.raw`./asyncify.js`)", 'require("./asyncify.js")', "html_rewriter.js");
      const tail = source.indexOf("const path = require('path')");
      if (tail < 0) throw new Error("html-rewriter-wasm patch: the loader at the end of html_rewriter.js was not found");
      source = source.slice(0, tail) + "module.exports.__init = function (wasmModule) {\n  wasm = new WebAssembly.Instance(wasmModule, imports).exports;\n  setWasmExports(wasm);\n};\n";
      return { contents: source, loader: "js", resolveDir: path.dirname(args.path) };
    });
    b.onLoad({ filter: /html-rewriter-wasm[\\/]dist[\\/]asyncify\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, "utf8");
      source = replaceOnce(source, 'const assert = require("assert");',
        'function assert(ok) { if (!ok) throw new Error("HTMLRewriter: internal state error"); }\nassert.strictEqual = (a, b) => assert(a === b);', "asyncify.js");
      return { contents: source, loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};

const result = await build({
  absWorkingDir: here,
  entryPoints: [path.join(here, "src/index.js")],
  outfile,
  bundle: true,
  format: "iife",
  target,
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["browser", "import", "default"],
  nodePaths: [nodeModules],
  inject: [path.join(here, "src/vendor-shims/inject-globals.js")],
  plugins: [shims, generated, urlpatternPatches, htmlRewriterPatches],
  minifyWhitespace: minify,
  minifySyntax: minify,
  // Local names are kept: the source is shared by all isolates (the engine keeps it outside their heaps), and with
  // its own name a function needs no keepNames call (keepSameNames below). SWITCHYARD_RUNTIME_MANGLE=1 shortens them.
  minifyIdentifiers: process.env.SWITCHYARD_RUNTIME_MANGLE === "1",
  keepNames: true,
  legalComments: "eof",
  metafile: true,
  write: false,
  logLevel: "warning",
  banner: { js: "// Switchyard Workers runtime: Web platform APIs. Generated by src/Switchyard.Runtime/js/build.sh; do not edit." },
});

// keepNames calls esbuild's __name(fn, "name") for every function and class, which redefines `name` as a data
// property. On a function, whose map has `name` as a built-in accessor, V8 does that by turning the function into a
// dictionary-mode object: ~500 such functions were 140 KB of every isolate's heap. Most already bear the name (local
// names are not minified), so the helper is made to leave those alone; only functions esbuild renamed get a property.
function keepSameNames(bundle) {
  const helper = /var ([\w$]+)=\(([\w$]+),([\w$]+)\)=>([\w$]+)\(\2,"name",\{value(?::\3)?,configurable:!0\}\)/g;
  const found = bundle.match(helper);
  if (found?.length !== 1) throw new Error(`keepNames helper: found ${found?.length ?? 0} times, expected once`);
  return bundle.replace(helper, (_, name, fn, value, define) =>
    `var ${name}=(${fn},${value})=>${fn}.name===${value}?${fn}:${define}(${fn},"name",{value:${value},configurable:!0})`);
}

// esbuild labels CommonJS modules with their paths relative to `here`; when the packages come from
// the shared npm cache that path names this machine's cache, so it is rewritten to make the bundle reproducible.
const cachePrefix = `${path.relative(here, nodeModules).split(path.sep).join("/")}/`;
const text = keepSameNames(result.outputFiles[0].text.split(cachePrefix).join("node_modules/"));
fs.mkdirSync(path.dirname(outfile), { recursive: true });
fs.writeFileSync(outfile, text);
const output = Object.values(result.metafile.outputs)[0];
const bytes = Buffer.byteLength(text);
if (process.env.SWITCHYARD_RUNTIME_SIZES) {
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
    console.log(`${String(bytesInOutput).padStart(8)} ${file}`);
  }
}
console.log(`runtime bundle: ${outfile} (${bytes} bytes)`);

// lol-html's WebAssembly, which the host compiles for HTMLRewriter (embedded beside the bundle).
const htmlRewriterWasm = path.join(path.dirname(outfile), "html-rewriter.wasm");
fs.copyFileSync(path.join(nodeModules, "html-rewriter-wasm", "dist", "html_rewriter_bg.wasm"), htmlRewriterWasm);
console.log(`html rewriter: ${htmlRewriterWasm} (${fs.statSync(htmlRewriterWasm).size} bytes)`);

// The legacy encodings' index tables, which the host (not the bundle) decodes with: see encoding-data.mjs.
const tablesOut = path.join(path.dirname(outfile), "encoding-tables.bin");
const tables = await buildEncodingTables(nodeModules);
fs.writeFileSync(tablesOut, tables);
console.log(`encoding tables: ${tablesOut} (${tables.length} bytes)`);

// The Node.js built-ins: one ES module per built-in, sharing code through chunks, so a worker compiles only what it
// imports. Specifier (without "node:") -> entry file; several specifiers may name one module.
const nodeBuiltins = {
  "async_hooks": "async_hooks.js",
  "buffer": "buffer.js",
  "crypto": "crypto.js",
  "events": "events.js",
  "path": "path.js",
  "path/posix": "path.js",
  "process": "process.js",
  "stream": "stream.js",
  "stream/promises": "stream-promises.js",
  "stream/web": "stream-web.js",
  "string_decoder": "string_decoder.js",
  "util": "util.js",
  "util/types": "util-types.js",
};
const nodeAliases = {
  name: "switchyard-node-aliases",
  setup(b) {
    // node:process's object is the `process` every bundled package sees; the runtime has AbortController itself.
    b.onResolve({ filter: /^process\/?$/ }, () => ({ path: path.join(here, "node/internal/process.js") }));
    b.onResolve({ filter: /^abort-controller$/ }, () => ({ path: path.join(here, "node/internal/abort-controller.js") }));
    // The host's synchronous primitives: a module the C# host makes per context (NodeBuiltins.HostModule).
    b.onResolve({ filter: /^node:internal\/host$/ }, (args) => ({ path: args.path, external: true }));
  },
};
// Evaluated by the host before the worker's code (sets the `process` and `Buffer` globals); not importable.
const nodeSetup = "internal/globals.js";
const entries = [...new Set(Object.values(nodeBuiltins)), nodeSetup];
const node = await build({
  absWorkingDir: here,
  entryPoints: entries.map((file) => path.join(here, "node", file)),
  outdir: path.join(here, "dist", "node"),
  entryNames: "[name]",
  bundle: true,
  splitting: true,
  format: "esm",
  target,
  platform: "browser", // applies the packages' "browser" maps (readable-stream's own entry, its `util` shim)
  conditions: ["browser", "import", "default"],
  nodePaths: [nodeModules],
  inject: [path.join(here, "node/internal/inject-process.js")],
  define: { global: "globalThis" },
  plugins: [nodeAliases],
  minifyWhitespace: minify,
  minifySyntax: minify,
  keepNames: true,
  legalComments: "eof",
  write: false,
  logLevel: "warning",
});
// Module names: "node:<specifier>" for entries, "node:internal/<chunk>" for shared chunks; chunk imports
// ("./chunk-X.js") are rewritten to those names, which only the built-ins themselves can resolve.
const moduleName = (file) => {
  const base = path.basename(file);
  const entry = Object.entries(nodeBuiltins).find(([, f]) => f === base);
  return entry ? `node:${entry[0]}` : `node:internal/${base.replace(/\.js$/, "")}`;
};
const modules = {};
let nodeBytes = 0;
for (const output of node.outputFiles) {
  const text = output.text
    .split(cachePrefix).join("node_modules/")
    .replace(/(["'])\.\/(chunk-[\w-]+\.js)\1/g, (_, q, file) => `${q}${moduleName(file)}${q}`);
  modules[moduleName(output.path)] = text;
  nodeBytes += Buffer.byteLength(text);
}
const builtins = Object.fromEntries(Object.entries(nodeBuiltins).map(([specifier, file]) => [specifier, moduleName(file)]));
const nodeOut = path.join(path.dirname(outfile), "node-builtins.json");
fs.writeFileSync(nodeOut, JSON.stringify({ builtins, setup: moduleName(nodeSetup), modules }));
console.log(`node built-ins: ${nodeOut} (${node.outputFiles.length} modules, ${nodeBytes} bytes)`);
