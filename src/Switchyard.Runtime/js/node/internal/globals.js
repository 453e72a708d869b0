// Evaluated before a nodejs_compat worker's own code: the globals workerd gives such workers. unenv's process
// polyfill reads globalThis.process and takes workerd's through process.getBuiltinModule("node:process").
import process from "./process.js";
import { Buffer } from "../buffer.js";

for (const [name, value] of [["process", process], ["Buffer", Buffer]]) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}
