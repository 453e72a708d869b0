// The `process` object of node:process, and of the bundled npm packages that expect a global `process`
// (readable-stream, util). One object per worker context, like workerd's: no real OS process behind it.
import { EventEmitter } from "./events.js";

const process = new EventEmitter();

// The built-ins this worker has imported, by specifier without "node:", for process.getBuiltinModule. Modules load
// through imports only, so a built-in nothing has imported yet is reported as absent (undefined).
const loaded = new Map();
export function registerBuiltin(specifier, exports) {
  loaded.set(specifier, exports);
}
const startedAt = performance.now();

Object.assign(process, {
  title: "workerd",
  version: "v22.14.0",
  versions: { node: "22.14.0" },
  platform: "linux",
  arch: "x64",
  release: { name: "node" },
  argv: ["workerd"],
  argv0: "workerd",
  execArgv: [],
  // Workers have no OS environment; code may still read and write it.
  env: {},
  pid: 1,
  ppid: 0,
  exitCode: undefined,
  features: {},
  browser: false,
  // Node runs nextTick callbacks before promise reactions; a microtask is the closest the platform offers.
  nextTick(callback, ...args) {
    if (typeof callback !== "function") throw new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
    queueMicrotask(() => callback(...args));
  },
  cwd: () => "/",
  chdir() { throw new Error("process.chdir() is not supported in Workers."); },
  umask: () => 0o22,
  uptime: () => (performance.now() - startedAt) / 1000,
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
  hrtime: Object.assign((previous) => {
    const now = performance.now();
    let seconds = Math.floor(now / 1000);
    let nanos = Math.floor((now % 1000) * 1e6);
    if (previous) {
      seconds -= previous[0];
      nanos -= previous[1];
      if (nanos < 0) { seconds -= 1; nanos += 1e9; }
    }
    return [seconds, nanos];
  }, { bigint: () => BigInt(Math.floor(performance.now() * 1e6)) }),
  emitWarning(warning, type) {
    const text = typeof warning === "string" ? `${type ?? "Warning"}: ${warning}` : String(warning);
    console.warn(text);
  },
  exit(code) { throw new Error(`process.exit(${code ?? ""}) is not supported in Workers.`); },
  abort() { throw new Error("process.abort() is not supported in Workers."); },
  getBuiltinModule(id) {
    const name = String(id);
    return loaded.get(name.startsWith("node:") ? name.slice(5) : name);
  },
});

registerBuiltin("process", process);

export default process;
