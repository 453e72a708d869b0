// The host interface: the only way runtime code reaches outside the V8 context (see HOST_INTERFACE.md).
// Captured once when the bundle is evaluated, then removed from the global object so worker code cannot reach it.
// The bundle never *calls* the host while it is being evaluated, so it can be baked into a start-up snapshot.

const HOST_GLOBAL = "__switchyard_host";
const HOST_PREFIX = "__switchyard_host_";

function captureHost() {
  const g = globalThis;
  const host = Object.create(null);
  const object = g[HOST_GLOBAL];
  if (object !== undefined && object !== null) {
    for (const key of Object.keys(object)) host[key] = object[key];
  }
  delete g[HOST_GLOBAL];
  // A binding that installs every host function as its own global uses the prefixed form.
  for (const key of Object.getOwnPropertyNames(g)) {
    if (key.startsWith(HOST_PREFIX)) {
      host[key.slice(HOST_PREFIX.length)] = g[key];
      delete g[key];
    }
  }
  return host;
}

const captured = captureHost();

/** Returns the host function `name`, or throws a TypeError naming it when the host does not provide it. */
export function hostFunction(name) {
  const fn = captured[name];
  if (typeof fn !== "function") {
    throw new TypeError(`This runtime's host does not implement '${name}'.`);
  }
  return fn;
}

/** Calls host function `name` with `args`; the receiver is irrelevant to host functions. */
export function callHost(name, ...args) {
  return Reflect.apply(hostFunction(name), undefined, args);
}

export function hasHost(name) {
  return typeof captured[name] === "function";
}
