// What wrangler's unenv "hybrid" preset leaves to the runtime when a worker has nodejs_compat: its bundle imports
// exactly these two built-ins and builds its process and console polyfills on them (unenv's Process extends
// EventEmitter and binds its methods; its console writes go to Writable instances for stdout/stderr).
import { Writable } from "node:stream";
import { EventEmitter } from "node:events";

class Process extends EventEmitter {
  env = {};
  constructor() {
    super();
    for (const name of [...Object.getOwnPropertyNames(Process.prototype), ...Object.getOwnPropertyNames(EventEmitter.prototype)]) {
      const value = this[name];
      if (typeof value === "function") this[name] = value.bind(this);
    }
  }
  nextTick(callback, ...args) { queueMicrotask(() => callback(...args)); }
  emitWarning(warning, type) { console.warn(`${type ? `${type}: ` : ""}${warning}`); }
  emit(...args) { return super.emit(...args); }
}

export const _stdout = new Writable();
export const _stderr = new Writable();
const process = new Process();

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
      seen, ticked, writable: _stdout instanceof Writable && _stderr.writable,
      listeners: process.listenerCount("log"), isEmitter: process instanceof EventEmitter,
    });
  },
};
