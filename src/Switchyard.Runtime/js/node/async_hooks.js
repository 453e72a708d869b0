// node:async_hooks: AsyncLocalStorage and AsyncResource.
// Limit: V8 10.2 has no hook into promise continuations, so a store set by run() is visible to everything that runs
// synchronously inside it (and to callbacks bound with AsyncLocalStorage.bind / AsyncResource), but not after an
// `await` or in a later timer/promise callback. workerd propagates it across those; this runtime does not.

import { registerBuiltin } from "./internal/process.js";

// The current context: a frozen map from each AsyncLocalStorage to its store, replaced (never mutated) on entry.
let current = new Map();

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
