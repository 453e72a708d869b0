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
  // What the Node.js built-ins need of the host: synchronous primitives for node:crypto (createHash().digest() cannot
  // await) and V8's continuation-preserved embedder data for node:async_hooks. The C# host takes this global in every
  // context and hands it only to the built-ins, as the internal module "node:internal/host".
  const continuationData = raw.continuationData;
  Object.defineProperty(g, "__switchyard_node_host", {
    value: Object.freeze({
      digest: raw.digest, hmac: raw.hmac, pbkdf2: raw.pbkdf2, randomBytes: raw.randomBytes,
      continuationData: () => continuationData(),
    }),
    configurable: true,
  });
  for (const name of ["log", "logValues", "now", "randomBytes", "timer", "cancelTimer", "idnaToAscii", "cancelBody", "abortFetch",
    "digest", "hmac", "pbkdf2", "hkdf", "deriveBits", "decodeLegacy", "htmlRewriterModule",
    "webSocketCreate", "webSocketSend", "webSocketClose", "webSocketFinish"]) {
    g["__switchyard_host_" + name] = raw[name];
  }
  const { parse, stringify } = JSON;
  // Bytes come back from async host calls as a numbered slot, taken synchronously inside the isolate.
  g.__switchyard_host_fetch = async (request) => {
    const { body, ...rest } = request;
    return parse(await raw.fetch(stringify(rest), body ?? null));
  };
  // A WebSocket frame: {kind: "text"|"binary", data} (binary bytes from their slot) or {kind: "close"|"error", code, reason}.
  g.__switchyard_host_webSocketReceive = async (id) => {
    const frame = parse(await raw.webSocketReceive(id));
    if (frame.kind === "text") return { kind: "text", data: frame.text };
    if (frame.kind === "binary") return { kind: "binary", data: raw.take(frame.slot) };
    return frame;
  };
  g.__switchyard_host_readBody = async (id) => {
    const slot = await raw.readBody(id);
    return slot === null ? null : raw.take(slot);
  };
  // Web Crypto: `params` objects are spread into arguments (null when absent), JWKs cross as JSON, and results holding
  // several byte arrays name slots.
  const aes = (fn) => (mode, key, data, p) =>
    fn(mode, key, data, p.iv ?? null, p.counter ?? null, p.length ?? null, p.additionalData ?? null, p.tagLength ?? null);
  g.__switchyard_host_aesEncrypt = aes(raw.aesEncrypt);
  g.__switchyard_host_aesDecrypt = aes(raw.aesDecrypt);
  g.__switchyard_host_generateKeyPair = async (kind, p) => {
    const pair = parse(await raw.generateKeyPair(kind, p.modulusLength ?? null, p.publicExponent ?? null, p.namedCurve ?? null));
    return { publicKey: raw.take(pair.publicKey), privateKey: raw.take(pair.privateKey) };
  };
  g.__switchyard_host_importKey = (kind, format, keyData, p) => {
    const key = parse(raw.importKey(kind, format, format === "jwk" ? stringify(keyData) : keyData, p.namedCurve ?? null));
    const result = { type: key.type, der: raw.take(key.der) };
    if (key.modulusLength != null) result.modulusLength = key.modulusLength;
    if (key.publicExponent != null) result.publicExponent = raw.take(key.publicExponent);
    if (key.namedCurve != null) result.namedCurve = key.namedCurve;
    return result;
  };
  g.__switchyard_host_exportKey = (kind, format, type, der) => {
    const result = raw.exportKey(kind, format, type, der);
    return format === "jwk" ? parse(result) : result;
  };
  g.__switchyard_host_sign = (algorithm, key, data, p) =>
    raw.sign(algorithm, key, data, p.hash ?? null, p.saltLength ?? null, p.namedCurve ?? null);
  g.__switchyard_host_verify = (algorithm, key, signature, data, p) =>
    raw.verify(algorithm, key, signature, data, p.hash ?? null, p.saltLength ?? null, p.namedCurve ?? null);
  g.__switchyard_host_rsaOaep = (op, key, data, p) => raw.rsaOaep(op, key, data, p.hash, p.label);
})();
