// What a wrangler bundle of a nodejs_compat worker (unenv "hybrid" preset via @cloudflare/unenv-preset) expects from
// the runtime: it imports exactly these two built-ins, builds its console polyfill's stdout/stderr on Writable and its
// process polyfill on EventEmitter, takes workerd's own process from globalThis.process.getBuiltinModule, and then
// replaces globalThis.console and globalThis.process with its polyfills.
import { Writable } from "node:stream";
import { EventEmitter } from "node:events";

const _stderr = new Writable();
const _stdout = new Writable();
const workerdConsole = Object.assign(Object.create(globalThis.console), { _stderr, _stdout });
globalThis.console = workerdConsole;

class Process extends EventEmitter {
  env;
  hrtime;
  nextTick;
  constructor(impl) {
    super();
    this.env = impl.env;
    this.hrtime = impl.hrtime;
    this.nextTick = impl.nextTick;
    for (const name of [...Object.getOwnPropertyNames(Process.prototype), ...Object.getOwnPropertyNames(EventEmitter.prototype)]) {
      const value = this[name];
      if (typeof value === "function") this[name] = value.bind(this);
    }
  }
  emit(...args) { return super.emit(...args); }
}

const globalProcess = globalThis["process"];
const getBuiltinModule = globalProcess.getBuiltinModule;
const workerdProcess = getBuiltinModule("node:process");
const unenvProcess = new Process({ env: globalProcess.env, hrtime: () => [0, 0], nextTick: workerdProcess.nextTick });
const { exit, features, platform } = workerdProcess;
const _process = { ...unenvProcess, exit, features, platform, getBuiltinModule, on: unenvProcess.on, emit: unenvProcess.emit };
globalThis.process = _process;

export default {
  async fetch() {
    const seen = [];
    const stdout = new Writable({
      write(chunk, encoding, callback) { seen.push(String(chunk)); callback(); },
    });
    const finished = new Promise((resolve) => stdout.on("finish", resolve));
    process.on("log", (text) => stdout.write(text));
    process.emit("log", "one");
    process.emit("log", "two");
    stdout.end();
    await finished;
    const ticked = await new Promise((resolve) => process.nextTick(resolve, "ticked"));
    return Response.json({
      seen, ticked, writable: _stdout.writable && _stderr.writable, platform: process.platform,
      replaced: globalThis.process === _process && console === workerdConsole,
    });
  },
};
