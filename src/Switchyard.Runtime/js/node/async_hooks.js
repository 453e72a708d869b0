// node:async_hooks: AsyncLocalStorage and AsyncResource.
// The store follows async continuations as in Node (since 24, AsyncContextFrame): the current context lives in V8's
// continuation-preserved embedder data, which V8 saves on every promise reaction when it is created (`await`, `then`,
// queueMicrotask through a promise) and restores while the reaction runs. The host hands this module the two native
// functions over it; setTimeout and setInterval callbacks, which the host calls, are bound to the context they were
// scheduled in.

import host from "node:internal/host";
import { registerBuiltin } from "./internal/process.js";

// The current context: a map from each AsyncLocalStorage to its store, replaced (never mutated) on entry; unset
// (undefined) is the empty context. The data is the isolate's, which is the worker's own.
const EMPTY = new Map();
const { get: getFrame, set: setFrame } = host.continuationData();
const currentContext = () => getFrame() ?? EMPTY;

for (const name of ["setTimeout", "setInterval"]) {
  const schedule = globalThis[name];
  globalThis[name] = {
    [name](handler, ...rest) {
      const context = currentContext();
      const bound = typeof handler !== "function" || context === EMPTY
        ? handler
        : function bound(...args) { return runInContext(context, handler, this, args); };
      return schedule(bound, ...rest);
    },
  }[name];
}

function runInContext(context, fn, thisArg, args) {
  const previous = getFrame();
  setFrame(context);
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    setFrame(previous);
  }
}

export class AsyncLocalStorage {
  getStore() {
    return currentContext().get(this);
  }

  run(store, callback, ...args) {
    const context = new Map(currentContext());
    context.set(this, store);
    return runInContext(context, callback, undefined, args);
  }

  exit(callback, ...args) {
    const context = new Map(currentContext());
    context.delete(this);
    return runInContext(context, callback, undefined, args);
  }

  // Sets the store for the rest of the current synchronous execution.
  enterWith(store) {
    const context = new Map(currentContext());
    context.set(this, store);
    setFrame(context);
  }

  disable() {
    if (!currentContext().has(this)) return;
    const context = new Map(currentContext());
    context.delete(this);
    setFrame(context);
  }

  static bind(fn) {
    if (typeof fn !== "function") throw new TypeError('The "fn" argument must be of type function.');
    const context = currentContext();
    return function bound(...args) { return runInContext(context, fn, this, args); };
  }

  static snapshot() {
    const context = currentContext();
    return (fn, ...args) => runInContext(context, fn, undefined, args);
  }
}

export class AsyncResource {
  #context = currentContext();
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
