// node:async_hooks: AsyncLocalStorage and AsyncResource.
// The store follows async continuations as in Node: V8's promise hooks (set through the host when this module is
// first imported, so other workers pay nothing) record the context current when each promise is created and restore
// it while that promise's reactions run, which covers `await`, then-callbacks and queueMicrotask; setTimeout and
// setInterval callbacks are bound to the context they were scheduled in.

import host from "node:internal/host";
import { registerBuiltin } from "./internal/process.js";

// The current context: a map from each AsyncLocalStorage to its store, replaced (never mutated) on entry.
const EMPTY = new Map();
let current = EMPTY;

// Promises created inside some context -> that context (a WeakMap: worker code may freeze its promises).
const promiseContexts = new WeakMap();
const saved = [];
host.setPromiseHooks(
  (promise) => { if (current !== EMPTY) promiseContexts.set(promise, current); },
  (promise) => { saved.push(current); current = promiseContexts.get(promise) ?? EMPTY; },
  () => { current = saved.pop() ?? EMPTY; },
  undefined,
);

for (const name of ["setTimeout", "setInterval"]) {
  const schedule = globalThis[name];
  globalThis[name] = {
    [name](handler, ...rest) {
      const context = current;
      const bound = typeof handler !== "function" || context === EMPTY
        ? handler
        : function bound(...args) { return runInContext(context, handler, this, args); };
      return schedule(bound, ...rest);
    },
  }[name];
}

function runInContext(context, fn, thisArg, args) {
  const previous = current;
  current = context;
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    current = previous;
  }
}

export class AsyncLocalStorage {
  getStore() {
    return current.get(this);
  }

  run(store, callback, ...args) {
    const context = new Map(current);
    context.set(this, store);
    return runInContext(context, callback, undefined, args);
  }

  exit(callback, ...args) {
    const context = new Map(current);
    context.delete(this);
    return runInContext(context, callback, undefined, args);
  }

  // Sets the store for the rest of the current synchronous execution.
  enterWith(store) {
    current = new Map(current);
    current.set(this, store);
  }

  disable() {
    if (!current.has(this)) return;
    current = new Map(current);
    current.delete(this);
  }

  static bind(fn) {
    if (typeof fn !== "function") throw new TypeError('The "fn" argument must be of type function.');
    const context = current;
    return function bound(...args) { return runInContext(context, fn, this, args); };
  }

  static snapshot() {
    const context = current;
    return (fn, ...args) => runInContext(context, fn, undefined, args);
  }
}

export class AsyncResource {
  #context = current;
  #type;

  constructor(type) {
    if (typeof type !== "string") throw new TypeError('The "type" argument must be of type string.');
    this.#type = type;
  }

  get type() { return this.#type; }

  runInAsyncScope(fn, thisArg, ...args) {
    return runInContext(this.#context, fn, thisArg, args);
  }

  bind(fn, thisArg) {
    const resource = this;
    return function bound(...args) { return resource.runInAsyncScope(fn, thisArg ?? this, ...args); };
  }

  emitDestroy() { return this; }
  asyncId() { return 0; }
  triggerAsyncId() { return 0; }

  static bind(fn, type, thisArg) {
    return new AsyncResource(type ?? (fn.name || "bound-anonymous-fn")).bind(fn, thisArg);
  }
}

const asyncHooks = { AsyncLocalStorage, AsyncResource };
registerBuiltin("async_hooks", asyncHooks);
export default asyncHooks;
