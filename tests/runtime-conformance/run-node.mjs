#!/usr/bin/env node
// Runs the runtime conformance suite under node: every *.test.js file gets a fresh bare vm context with only the
// runtime bundle installed over the test host (node-host.mjs). Prints per-API counts, failures, and a final
// "N passed, N failed" line; exits non-zero when a test fails.
// Usage: node run-node.mjs [--bundle path/to/runtime.bundle.js] [--verbose] [name-filter...]
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { fileURLToPath } from "node:url";
import { createNodeHost } from "./node-host.mjs";
import { startTestServer } from "./test-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let bundlePath = path.resolve(here, "../../src/Switchyard.Runtime/js/dist/runtime.bundle.js");
let verbose = false;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--bundle") bundlePath = path.resolve(args[++i]);
  else if (args[i] === "--verbose") verbose = true;
  else filters.push(args[i]);
}

// ECMAScript's own globals: anything else a fresh node vm context has (node adds `console`) is removed so the
// context matches a bare V8 context.
const ECMASCRIPT_GLOBALS = new Set(["Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity",
  "NaN", "undefined", "Boolean", "String", "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError",
  "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "globalThis", "JSON", "Math",
  "Intl", "ArrayBuffer", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array",
  "Float32Array", "Float64Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map", "BigInt",
  "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "FinalizationRegistry", "WeakRef", "decodeURI",
  "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "eval", "isFinite", "isNaN",
  "SharedArrayBuffer", "Atomics", "WebAssembly"]);

const bundle = fs.readFileSync(bundlePath, "utf8");
const harness = fs.readFileSync(path.join(here, "harness.js"), "utf8");
const files = fs.readdirSync(here).filter((f) => f.endsWith(".test.js")).sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));

function bareContext() {
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  const extra = vm.runInContext("Object.getOwnPropertyNames(globalThis)", context).filter((n) => !ECMASCRIPT_GLOBALS.has(n));
  for (const name of extra) vm.runInContext(`delete globalThis[${JSON.stringify(name)}]`, context);
  return context;
}

const server = await startTestServer();
let passed = 0;
let failed = 0;
let skipped = 0;
const evalTimes = [];
const logs = [];
try {
  for (const file of files) {
    const api = file.replace(/\.test\.js$/, "");
    const context = bareContext();
    const realm = vm.runInContext("({ Uint8Array, Array, Object, Promise, Error })", context);
    const pending = []; // console output not yet taken by the test file
    const host = createNodeHost(realm, { onLog: (level, text) => { pending.push([level, text]); logs.push({ api, level, text }); } });
    vm.runInContext("globalThis", context).__switchyard_host = host;
    const started = process.hrtime.bigint();
    vm.runInContext(bundle, context, { filename: "runtime.bundle.js" });
    evalTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    // The host takes the runtime -> host API and removes it before worker code runs.
    vm.runInContext("delete globalThis.__switchyard_runtime", context);
    // What the suite may ask of its runner: an HTTP origin for fetch tests, and the console lines logged so far.
    vm.runInContext("(env) => { globalThis.__conformance_env = Object.freeze(env); }", context)(
      vm.runInContext("(origin, take) => ({ httpOrigin: origin, takeLogs: () => JSON.parse(take()) })", context)(
        server.origin, () => JSON.stringify(pending.splice(0))));
    vm.runInContext(harness, context, { filename: "harness.js" });
    vm.runInContext(fs.readFileSync(path.join(here, file), "utf8"), context, { filename: file });
    const result = JSON.parse(JSON.stringify(await vm.runInContext("__conformance.run()", context)));
    passed += result.passed;
    failed += result.failed;
    skipped += result.skipped;
    console.log(`${api}: ${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ""}`);
    for (const r of result.results) {
      if (r.status === "failed") console.log(`  FAIL ${r.name}\n       ${r.message}`);
      else if (verbose) console.log(`  ${r.status === "passed" ? "ok  " : "skip"} ${r.name}${r.message ? ` (${r.message})` : ""}`);
    }
  }
} finally {
  await server.close();
}
if (verbose) for (const l of logs) console.log(`[${l.api}] console.${l.level}: ${l.text}`);
const sorted = evalTimes.slice().sort((a, b) => a - b);
console.log(`bundle: ${bundle.length} bytes; eval in a fresh context: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, first ${evalTimes[0]?.toFixed(1)} ms (${process.version})`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
