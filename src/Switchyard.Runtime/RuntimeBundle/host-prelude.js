// Runs before runtime.bundle.js. The C# host functions are installed as globals named `__sy_<name>` and take or
// return only strings, numbers and byte arrays; this adapts them to the shapes of HOST_INTERFACE.md (published as
// `__switchyard_host_<name>` for the bundle to capture) and hands the raw set to worker-support.js.
(() => {
  const g = globalThis;
  const raw = Object.create(null);
  for (const key of Object.getOwnPropertyNames(g)) {
    if (key.startsWith("__sy_")) { raw[key.slice(5)] = g[key]; delete g[key]; }
  }
  Object.defineProperty(g, "__switchyard_sy", { value: raw, configurable: true });
  for (const name of ["log", "now", "randomBytes", "timer", "cancelTimer", "idnaToAscii", "cancelBody", "abortFetch"]) {
    g["__switchyard_host_" + name] = raw[name];
  }
  const { parse, stringify } = JSON;
  // Bytes come back from async host calls as a numbered slot, taken synchronously inside the isolate.
  g.__switchyard_host_fetch = async (request) => {
    const { body, ...rest } = request;
    return parse(await raw.fetch(stringify(rest), body ?? null));
  };
  g.__switchyard_host_readBody = async (id) => {
    const slot = await raw.readBody(id);
    return slot === null ? null : raw.take(slot);
  };
})();
