#!/usr/bin/env node
// Runs the runtime conformance suite under node: every *.test.js file gets a fresh bare vm context with only the
// runtime bundle installed over the test host (node-host.mjs). Prints per-API counts, failures, and a final
// "N passed, N failed" line; exits non-zero when a test fails.
// Usage: node run-node.mjs [--bundle path/to/runtime.bundle.js] [--verbose] [--markdown out.md --v8 summary.jsonl]
//                          [name-filter...]
// Without --bundle it builds a fresh bundle from src/Switchyard.Runtime/js (build.sh, into a temp dir), so the run
// always tests the current sources. --markdown writes docs/runtime-conformance.md from this run beside Switchyard's
// V8 run, read from the summary file ConformanceTests writes (SWITCHYARD_CONFORMANCE_SUMMARY=summary.jsonl); each
// failing case's explanation comes from known-failures.json.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createNodeHost } from "./node-host.mjs";
import { startTestServer } from "./test-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
let bundlePath = null;
let verbose = false;
let markdownPath = null;
let v8SummaryPath = null;
const filters = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--bundle") bundlePath = path.resolve(args[++i]);
  else if (args[i] === "--markdown") markdownPath = path.resolve(args[++i]);
  else if (args[i] === "--v8") v8SummaryPath = path.resolve(args[++i]);
  else if (args[i] === "--verbose") verbose = true;
  else filters.push(args[i]);
}
if (markdownPath !== null && (v8SummaryPath === null || filters.length > 0)) {
  console.error("--markdown needs the whole suite and --v8 <summary.jsonl>, the V8 run written by\n" +
    "  SWITCHYARD_CONFORMANCE_SUMMARY=<summary.jsonl> dotnet test tests/Switchyard.Runtime.Tests --filter FullyQualifiedName~ConformanceTests");
  process.exit(2);
}
const v8Summary = v8SummaryPath === null ? null : readV8Summary(v8SummaryPath);
if (bundlePath === null) bundlePath = buildBundle();

function buildBundle() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-conformance-")), "runtime.bundle.js");
  const build = spawnSync("bash", [path.resolve(here, "../../src/Switchyard.Runtime/js/build.sh"), out], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) {
    console.error("src/Switchyard.Runtime/js/build.sh failed; pass --bundle to test an existing bundle.");
    process.exit(2);
  }
  return out;
}

// One JSON line per file: { api, passed, failed, skipped, cases: [{ name, status, message, expected }] }. A file run
// twice (appended runs) counts once, from its last line.
function readV8Summary(file) {
  const byApi = new Map();
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const entry = JSON.parse(line);
    byApi.set(entry.api, entry);
  }
  return byApi;
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
// The legacy encodings' index tables, which the build writes beside the bundle (the host decodes with them).
const encodingTables = path.join(path.dirname(bundlePath), "encoding-tables.bin");
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
// The host-facing side door (__switchyard_runtime) is exercised from the host's side, as the C# engine will use it.
async function checkRuntimeApi() {
  const context = bareContext();
  const realm = vm.runInContext("({ Uint8Array, Array, Object, Promise, Error })", context);
  vm.runInContext("globalThis", context).__switchyard_host = createNodeHost(realm, { encodingTables });
  vm.runInContext(bundle, context, { filename: "runtime.bundle.js" });
  const runtime = vm.runInContext("globalThis.__switchyard_runtime", context);
  vm.runInContext("delete globalThis.__switchyard_runtime", context);
  const inContext = (source) => vm.runInContext(source, context);
  const checks = {
    "createRequest builds an immutable-headers Request with a body": async () => {
      const request = runtime.createRequest("POST", "https://w.example/p?q", "content-type\x00text/plain\x00x-a\x001", `{"colo":"LHR"}`,
        inContext("new Uint8Array([104, 105])"));
      const text = await request.text();
      if (text !== "hi" || request.method !== "POST" || request.url !== "https://w.example/p?q" || request.cf.colo !== "LHR") throw new Error("wrong request");
      if (request.headers.get("x-a") !== "1" || request.headers.get("content-type") !== "text/plain") throw new Error("wrong headers");
      let threw = false;
      try { request.headers.set("x", "y"); } catch { threw = true; }
      if (!threw) throw new Error("headers are mutable");
    },
    "responseParts streams a Response body chunk by chunk": async () => {
      const response = inContext(`new Response(ReadableStream.from([new Uint8Array([1]), new Uint8Array([2, 3])]), { status: 201, statusText: "Made", headers: [["set-cookie", "a"], ["set-cookie", "b"]] })`);
      const parts = runtime.responseParts(response);
      const chunks = [];
      for (let c = await parts.body.read(); c !== null; c = await parts.body.read()) chunks.push(...c);
      if (parts.status !== 201 || parts.statusText !== "Made" || chunks.join() !== "1,2,3") throw new Error("wrong parts");
      if (parts.headers !== "set-cookie\x00a\x00set-cookie\x00b") throw new Error("wrong headers");
    },
    "responseParts rejects non-Responses and used bodies": async () => {
      let threw = 0;
      try { runtime.responseParts({}); } catch { threw++; }
      const used = inContext(`(() => { const r = new Response("x"); r.text(); return r; })()`);
      try { runtime.responseParts(used); } catch { threw++; }
      if (threw !== 2) throw new Error("accepted invalid input");
      if (runtime.responseParts(inContext("new Response(null, { status: 204 })")).body !== null) throw new Error("null body expected");
    },
  };
  const results = [];
  for (const [name, fn] of Object.entries(checks)) {
    try { await fn(); results.push({ name, status: "passed", message: "" }); }
    catch (error) { results.push({ name, status: "failed", message: String(error?.message ?? error) }); }
  }
  return results;
}

const allResults = [];
function report(api, results) {
  allResults.push({ api, results });
  const count = (status) => results.filter((r) => r.status === status).length;
  passed += count("passed");
  failed += count("failed");
  skipped += count("skipped");
  console.log(`${api}: ${count("passed")} passed, ${count("failed")} failed${count("skipped") ? `, ${count("skipped")} skipped` : ""}`);
  for (const r of results) {
    if (r.status === "failed") console.log(`  FAIL ${r.name}\n       ${r.message}`);
    else if (verbose) console.log(`  ${r.status === "passed" ? "ok  " : "skip"} ${r.name}${r.message ? ` (${r.message})` : ""}`);
  }
}

try {
  if (filters.length === 0 || filters.some((x) => "runtime-api".includes(x))) report("runtime-api", await checkRuntimeApi());
  for (const file of files) {
    const api = file.replace(/\.test\.js$/, "");
    const context = bareContext();
    const realm = vm.runInContext("({ Uint8Array, Array, Object, Promise, Error })", context);
    const pending = []; // console output not yet taken by the test file
    const host = createNodeHost(realm, { encodingTables, onLog: (level, text) => { pending.push([level, text]); logs.push({ api, level, text }); } });
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
    report(api, result.results);
  }
} finally {
  await server.close();
}
if (verbose) for (const l of logs) console.log(`[${l.api}] console.${l.level}: ${l.text}`);
const sorted = evalTimes.slice().sort((a, b) => a - b);
const evalSummary = sorted.length === 0 ? "" : `; eval in a fresh context: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, first ${evalTimes[0].toFixed(1)} ms`;
console.log(`bundle: ${bundle.length} bytes${evalSummary} (node ${process.version}, V8 ${process.versions.v8})`);
if (markdownPath !== null) fs.writeFileSync(markdownPath, markdown());

function markdown() {
  const esc = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const explanations = JSON.parse(fs.readFileSync(path.join(here, "known-failures.json"), "utf8"));
  const v8 = (api, key) => v8Summary.get(api)?.[key] ?? "—";
  const v8Total = (key) => [...v8Summary.values()].reduce((sum, entry) => sum + entry[key], 0);
  const missing = allResults.map(({ api }) => api).filter((api) => api !== "runtime-api" && !v8Summary.has(api));
  if (missing.length > 0) throw new Error(`The V8 summary has no results for: ${missing.join(", ")}.`);
  const lines = [
    "# Runtime conformance",
    "",
    "Results of `tests/runtime-conformance/` (the Web platform APIs in `src/Switchyard.Runtime/js/`) under two runners:",
    "",
    "- **Switchyard (V8)** — the real runtime: `tests/Switchyard.Runtime.Tests/ConformanceTests.cs` runs each file in a",
    "  fresh isolate from the runtime image, with the real C# host functions and a loopback server for the fetch cases.",
    "  Those tests fail on any failing case except the expected failures listed below, which must still fail.",
    "- **node** — `run-node.mjs`: each file in a bare `vm` context with only `runtime.bundle.js` (built fresh from the",
    "  sources) installed over the test host `node-host.mjs`. The bundle targets the V8 Switchyard embeds (14.7), so",
    "  under an older node a case may fail for want of a newer built-in. `runtime-api` (the bundle's internal entry",
    "  points) runs only under node.",
    "",
    "Regenerate this file with both runs:",
    "",
    "```sh",
    "SWITCHYARD_CONFORMANCE_SUMMARY=/tmp/conf.jsonl dotnet test tests/Switchyard.Runtime.Tests --filter FullyQualifiedName~ConformanceTests",
    "node tests/runtime-conformance/run-node.mjs --markdown docs/runtime-conformance.md --v8 /tmp/conf.jsonl",
    "```",
    "",
    `This run: node ${process.version} (V8 ${process.versions.v8}), bundle ${bundle.length} bytes.`,
    "",
    "| API | V8 passed | V8 failed | V8 skipped | node passed | node failed | node skipped |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const { api, results } of allResults) {
    const n = (status) => results.filter((r) => r.status === status).length;
    lines.push(`| ${api} | ${v8(api, "passed")} | ${v8(api, "failed")} | ${v8(api, "skipped")} | ${n("passed")} | ${n("failed")} | ${n("skipped")} |`);
  }
  lines.push(`| **total** | **${v8Total("passed")}** | **${v8Total("failed")}** | **${v8Total("skipped")}** | **${passed}** | **${failed}** | **${skipped}** |`,
    "", "## Failures", "",
    "Every case that does not pass under either runner, with why. Expected failures are the ones `ConformanceTests.cs`",
    "expects (a test there fails if one of them starts passing, so this list stays true).", "");
  const nodeStatus = new Map(allResults.flatMap(({ api, results }) => results.map((r) => [`${api}\u0000${r.name}`, r])));
  const failures = new Map();
  for (const { api, results } of allResults) {
    for (const r of results.filter((r) => r.status !== "passed")) failures.set(`${api}\u0000${r.name}`, { api, name: r.name, node: r });
  }
  for (const [api, entry] of v8Summary) {
    for (const c of entry.cases) {
      const key = `${api}\u0000${c.name}`;
      failures.set(key, { api, name: c.name, node: nodeStatus.get(key), ...failures.get(key), v8: c });
    }
  }
  if (failures.size === 0) lines.push("None in this run.");
  for (const f of failures.values()) {
    const underV8 = f.v8 === undefined ? "passes under V8" : `${f.v8.status} under V8${f.v8.expected ? " (expected)" : " (unexpected)"}: \`${esc(f.v8.message)}\``;
    const underNode = f.node === undefined ? "not run under node" : f.node.status === "passed" ? "passes under node"
      : `${f.node.status} under node${f.v8?.message === f.node.message ? " too" : `: \`${esc(f.node.message)}\``}`;
    const why = explanations[f.api]?.[f.name] ?? "not yet explained (add it to `tests/runtime-conformance/known-failures.json`).";
    lines.push(`- **${f.api}** — ${esc(f.name)}: ${underV8}; ${underNode}. Why: ${why}`);
  }
  lines.push("", "## Cases", "", "Node's run; the failures above list every case whose outcome differs under V8.", "");
  for (const { api, results } of allResults) {
    lines.push(`### ${api}`, "");
    for (const r of results) lines.push(`- ${r.status === "passed" ? "✅" : r.status === "failed" ? "❌" : "⏭️"} ${esc(r.name)}`);
    lines.push("");
  }
  return lines.join("\n");
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
