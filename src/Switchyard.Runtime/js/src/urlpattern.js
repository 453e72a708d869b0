// URLPattern (URLPattern Standard) over the bundled urlpattern-polyfill (see README.md). Loading the polyfill builds
// about 100 KB of heap in every isolate, and few workers use URLPattern, so this class loads it on the first
// construction (esbuild turns the require() into a module run on first use) and forwards to it.
import { defineInterface } from "./webidl.js";

let Polyfill = null;
const polyfill = () => (Polyfill ??= require("./urlpattern-polyfill.js").URLPattern);

export class URLPattern {
  #pattern;
  constructor(...args) { this.#pattern = new (polyfill())(...args); }
  test(...args) { return this.#pattern.test(...args); }
  exec(...args) { return this.#pattern.exec(...args); }
  get protocol() { return this.#pattern.protocol; }
  get username() { return this.#pattern.username; }
  get password() { return this.#pattern.password; }
  get hostname() { return this.#pattern.hostname; }
  get port() { return this.#pattern.port; }
  get pathname() { return this.#pattern.pathname; }
  get search() { return this.#pattern.search; }
  get hash() { return this.#pattern.hash; }
  get hasRegExpGroups() { return this.#pattern.hasRegExpGroups; }
}
defineInterface(URLPattern);
