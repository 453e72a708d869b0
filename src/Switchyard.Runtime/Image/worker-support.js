// Runs after runtime.bundle.js: takes the runtime -> host API and builds what a worker sees beyond the Web platform
// (env bindings, the fetch handler's ctx, service-worker events, `cloudflare:workers`). Leaves one global,
// `__switchyard_internal`, which the C# host takes and deletes in every context before any worker code runs.
(() => {
  const g = globalThis;
  const sy = g.__switchyard_sy;
  delete g.__switchyard_sy;
  const { createRequest, requestHostHeaderList, requestCfJson, responseParts, responseFromHost, globalScope, reportError } = g.__switchyard_runtime;
  delete g.__switchyard_runtime;
  const { Request, Response, ReadableStream, Event, TextEncoder, TextDecoder, Promise, Error, TypeError, WeakSet, Number } = g;
  const { parse, stringify } = JSON;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  // A body the host streams (a fetched or bound response): pulled chunk by chunk through readBody.
  function hostBodyStream(id) {
    let done = false;
    return new ReadableStream({
      type: "bytes",
      async pull(controller) {
        const slot = await sy.readBody(id);
        if (slot === null) { done = true; controller.close(); return; }
        controller.enqueue(sy.take(slot));
      },
      cancel() { if (!done) { done = true; sy.cancelBody(id); } },
    }, { highWaterMark: 0 });
  }

  const NULL_BODY_STATUS = [101, 204, 205, 304];
  // answer.bytes: a slot holding the whole body; answer.body: a host body to stream; neither: no body.
  function bindingResponse(answer) {
    const nullBody = NULL_BODY_STATUS.includes(answer.status);
    const bytes = answer.bytes == null ? null : sy.take(answer.bytes);
    if (nullBody && answer.body != null) sy.cancelBody(answer.body);
    const body = nullBody ? null : bytes ?? (answer.body == null ? null : hostBodyStream(answer.body));
    return responseFromHost(answer.status, answer.statusText, answer.headers, body, answer.webSocket ?? null);
  }


  // JS RPC values cross between isolates as JSON with tags for what JSON lacks: undefined, -0/NaN/Infinity, BigInt,
  // Date, RegExp, Map, Set, ArrayBuffer and typed arrays (base64), errors, and shared or cyclic references. Other
  // objects go over as their own enumerable properties, as V8's structured serializer sends them; functions and
  // symbols cannot be sent (DataCloneError).
  const { DOMException, Map, Set, Date, RegExp, ArrayBuffer, DataView, BigInt, String, Object, Array, btoa, atob } = g;
  const ERRORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  function toBase64(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }
  function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  function rpcEncode(root) {
    const seen = new Map();
    const enc = (v) => {
      switch (typeof v) {
        case "undefined": return { $: "u" };
        case "boolean": case "string": return v;
        case "number": return Number.isFinite(v) && !Object.is(v, -0) ? v : { $: "n", v: Object.is(v, -0) ? "-0" : String(v) };
        case "bigint": return { $: "b", v: v.toString() };
        case "function": case "symbol": throw new DOMException(`${String(v).slice(0, 60)} could not be cloned.`, "DataCloneError");
      }
      if (v === null) return null;
      if (seen.has(v)) return { $: "r", v: seen.get(v) };
      const i = seen.size;
      seen.set(v, i);
      if (Array.isArray(v)) return { $: "a", i, v: Array.from(v, enc) };
      const tag = Object.prototype.toString.call(v).slice(8, -1);
      if (v instanceof Error || tag === "Error") return { $: "e", i, n: String(v.name), m: String(v.message), s: v.stack === undefined ? null : String(v.stack) };
      switch (tag) {
        case "Date": return { $: "d", i, v: v.getTime() };
        case "RegExp": return { $: "x", i, v: v.source, f: v.flags };
        case "Map": return { $: "m", i, v: Array.from(v, ([k, x]) => [enc(k), enc(x)]) };
        case "Set": return { $: "s", i, v: Array.from(v, enc) };
        case "ArrayBuffer": return { $: "ab", i, v: toBase64(new Uint8Array(v)) };
      }
      if (ArrayBuffer.isView(v)) return { $: "t", i, k: tag, v: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
      if (v instanceof Request || v instanceof Response || v instanceof ReadableStream) {
        throw new DOMException(`${tag} cannot be sent over RPC by this runtime.`, "DataCloneError");
      }
      const o = {};
      for (const key of Object.keys(v)) o[key] = enc(v[key]);
      return { $: "o", i, v: o };
    };
    return stringify(enc(root));
  }
  function rpcDecode(json) {
    const refs = [];
    const keep = (i, value) => { refs[i] = value; return value; };
    const dec = (x) => {
      if (x === null || typeof x !== "object") return x;
      switch (x.$) {
        case "u": return undefined;
        case "n": return Number(x.v);
        case "b": return BigInt(x.v);
        case "r": return refs[x.v];
        case "a": { const a = keep(x.i, []); for (const e of x.v) a.push(dec(e)); return a; }
        case "o": {
          const o = keep(x.i, {});
          for (const key of Object.keys(x.v)) Object.defineProperty(o, key, { value: dec(x.v[key]), writable: true, enumerable: true, configurable: true });
          return o;
        }
        case "d": return keep(x.i, new Date(x.v));
        case "x": return keep(x.i, new RegExp(x.v, x.f));
        case "m": { const m = keep(x.i, new Map()); for (const [k, v] of x.v) m.set(dec(k), dec(v)); return m; }
        case "s": { const s = keep(x.i, new Set()); for (const e of x.v) s.add(dec(e)); return s; }
        case "ab": return keep(x.i, fromBase64(x.v).buffer);
        case "t": {
          const bytes = fromBase64(x.v);
          if (x.k === "DataView") return keep(x.i, new DataView(bytes.buffer));
          const View = g[x.k];
          return keep(x.i, new View(bytes.buffer, 0, bytes.byteLength / View.BYTES_PER_ELEMENT));
        }
        case "e": {
          const error = keep(x.i, new (ERRORS[x.n] ?? Error)(x.m));
          if (error.name !== x.n) error.name = x.n;
          if (x.s !== null) error.stack = x.s;
          return error;
        }
      }
      throw new TypeError("Malformed RPC value.");
    };
    return dec(parse(json));
  }

  const NO_TARGET = [null, null, null, null];

  // The errors a dispatcher's fetch() rejects with when its user worker overran a limit: if the dispatcher lets one go
  // uncaught, invoke() reports it as a limit (error 1102) rather than an exception (1101).
  const limitErrors = new WeakSet();
  function bindingFailure({ message, limit }) {
    const error = new Error(message);
    if (limit) limitErrors.add(error);
    return error;
  }

  // env.SERVICE / env.ASSETS / a dispatched worker: requests handed to the host whole (headers and cf as they came when
  // the handler never read them), answered with a streamed Response.
  class Fetcher {
    #kind;
    #name;
    #target; // a dispatched worker: [script, cpuMs, subRequests, outbound params' JSON], nulls where not given
    constructor(kind, name, target = NO_TARGET) { this.#kind = kind; this.#name = name; this.#target = target; }
    async fetch(input, init) {
      // A Request passed on unchanged (a dispatcher forwarding its own) needs no copy: the host reads it as it is,
      // and reading its body leaves it used, as the copy's construction would.
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
      const answer = parse(await sy.bindingFetch(this.#kind, this.#name, request.method, request.url,
        requestHostHeaderList(request), requestCfJson(request), body, ...this.#target));
      if (answer.failure !== undefined) throw bindingFailure(answer.failure);
      return bindingResponse(answer);
    }

    // JS RPC: a service binding or dispatch fetcher answers any other method name with a stub that calls that
    // method of the target's entrypoint (a WorkerEntrypoint class). "then" stays undefined, so a stub is not a thenable.
    static stub(fetcher) {
      return new Proxy(fetcher, {
        get(target, key) {
          if (typeof key === "symbol" || key === "then") return undefined;
          if (key in target) { const value = target[key]; return typeof value === "function" ? value.bind(target) : value; }
          return (...args) => target.#call(key, args);
        },
      });
    }

    async #call(method, args) {
      const answer = parse(await sy.rpcCall(this.#kind, this.#name, method, rpcEncode(args), ...this.#target));
      if (answer.failure !== undefined) throw bindingFailure(answer.failure);
      if (answer.error !== undefined) throw new (ERRORS[answer.error.name] ?? Error)(answer.error.message);
      return rpcDecode(answer.value);
    }
  }

  function dispatchLimits(limits) {
    if (limits === undefined || limits === null) return { cpuMs: null, subRequests: null };
    if (typeof limits !== "object") throw new TypeError("limits must be an object.");
    const { cpuMs, subRequests } = limits;
    if (cpuMs !== undefined && !(typeof cpuMs === "number" && Number.isFinite(cpuMs) && cpuMs > 0)) {
      throw new TypeError("limits.cpuMs must be a positive number.");
    }
    if (subRequests !== undefined && !(Number.isInteger(subRequests) && subRequests >= 0)) {
      throw new TypeError("limits.subRequests must be a non-negative integer.");
    }
    return { cpuMs: cpuMs ?? null, subRequests: subRequests ?? null };
  }

  // env.DISPATCHER: get() only names a script of the namespace; the host looks it up (and runs it) at each fetch().
  class DispatchNamespace {
    #name;
    constructor(name) { this.#name = name; }
    get(name, args, options) {
      if (typeof name !== "string" || name.length === 0) throw new TypeError("get() needs the name of a script.");
      if (options !== undefined && options !== null && typeof options !== "object") throw new TypeError("options must be an object.");
      const { cpuMs, subRequests } = dispatchLimits(options?.limits);
      const outbound = options?.outbound;
      if (outbound !== undefined && outbound !== null && typeof outbound !== "object") throw new TypeError("outbound must be an object.");
      return Fetcher.stub(new Fetcher("dispatch", this.#name, [name, cpuMs, subRequests, outbound == null ? null : stringify(outbound)]));
    }
  }

  // The Cache API (caches.default, caches.open): the host keeps the responses (ResponseCache) and decides whose cache
  // a worker sees; here are Cloudflare's argument rules and errors. Keys are GET requests' URLs without fragment.
  const cacheToken = Symbol("cache");
  function cacheRequest(input) {
    const request = input instanceof Request ? input : new Request(input);
    const url = request.url.split("#")[0];
    if (!url.startsWith("http://") && !url.startsWith("https://")) throw new TypeError("Cache keys must be http or https URLs.");
    return { request, url };
  }
  class Cache {
    #name;
    constructor(token, name) {
      if (token !== cacheToken) throw new TypeError("Illegal constructor");
      this.#name = name;
    }
    async match(input, options) {
      const { request, url } = cacheRequest(input);
      if (request.method !== "GET" && !options?.ignoreMethod) return undefined;
      const answer = sy.cacheMatch(this.#name, url, requestHostHeaderList(request));
      return answer === null ? undefined : bindingResponse(parse(answer));
    }
    async put(input, response) {
      const { request, url } = cacheRequest(input);
      if (request.method !== "GET") throw new TypeError("Cannot cache response to non-GET request.");
      if (!(response instanceof Response)) throw new TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.");
      if (response.status === 206) throw new TypeError("Cannot cache response to a range request (206 Partial Content).");
      const vary = response.headers.get("vary");
      if (vary !== null && vary.split(",").some((v) => v.trim() === "*")) throw new TypeError("Cannot cache response with 'Vary: *' header.");
      if (response.bodyUsed) throw new TypeError("Response body is already used");
      const bytes = response.body === null ? null : new Uint8Array(await response.arrayBuffer());
      const headers = [];
      for (const [name, value] of response.headers) headers.push(name, value);
      sy.cachePut(this.#name, url, response.status, response.statusText, headers.join("\0"), bytes);
    }
    async delete(input, options) {
      const { request, url } = cacheRequest(input);
      if (request.method !== "GET" && !options?.ignoreMethod) return false;
      return sy.cacheDelete(this.#name, url);
    }
  }
  class CacheStorage {
    #default = new Cache(cacheToken, null);
    constructor(token) { if (token !== cacheToken) throw new TypeError("Illegal constructor"); }
    get default() { return this.#default; }
    async open(name) { return new Cache(cacheToken, String(name)); }
  }
  for (const [name, value] of [["caches", new CacheStorage(cacheToken)], ["Cache", Cache], ["CacheStorage", CacheStorage]]) {
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: name === "caches" });
  }

  // cloudflare:sockets: connect() returns a Socket at once; the host connects (under fetch()'s address rules, one
  // subrequest) and `opened` settles. The readable pulls the peer's bytes, the writable sends; with allowHalfOpen false
  // (the default) the socket closes when the peer ends its stream. startTls() upgrades a "starttls" socket once.
  const { WritableStream } = g;
  const socketToken = Symbol("socket");
  const handled = (promise) => { promise.catch(() => {}); return promise; };
  function socketAddress(address) {
    let hostname, port;
    if (typeof address === "string") {
      const colon = address.lastIndexOf(":");
      hostname = colon < 0 ? "" : address.slice(0, colon);
      port = colon < 0 ? NaN : Number(address.slice(colon + 1));
    } else if (address !== null && typeof address === "object") {
      hostname = String(address.hostname ?? "");
      port = Number(address.port);
    }
    if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
    if (!hostname || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new TypeError("connect() needs an address such as \"example.com:443\" or { hostname, port }.");
    }
    if (port === 25) throw new TypeError("Connections to port 25 (SMTP) are prohibited.");
    return { hostname, port };
  }
  class Socket {
    #info;
    #hostname;
    #secureTransport;
    #closed = false;
    #resolveClosed;
    #rejectClosed;
    constructor(token, info, hostname, secureTransport, allowHalfOpen) {
      if (token !== socketToken) throw new TypeError("Illegal constructor");
      this.#info = handled(info);
      this.#hostname = hostname;
      this.#secureTransport = secureTransport;
      this.closed = handled(new Promise((resolve, reject) => { this.#resolveClosed = resolve; this.#rejectClosed = reject; }));
      this.opened = handled(info.then((i) => ({ remoteAddress: i.remoteAddress, localAddress: i.localAddress })));
      info.catch((error) => this.#rejectClosed(error));
      const socket = this;
      this.readable = new ReadableStream({
        type: "bytes",
        async pull(controller) {
          const { id } = await socket.#info;
          const slot = socket.#closed ? null : await sy.socketRead(id);
          if (slot === null) {
            controller.close();
            if (!allowHalfOpen) socket.#finish(id);
            return;
          }
          controller.enqueue(sy.take(slot));
        },
      }, { highWaterMark: 0 });
      this.writable = new WritableStream({
        async write(chunk) {
          let bytes;
          if (typeof chunk === "string") bytes = encoder.encode(chunk);
          else if (chunk instanceof ArrayBuffer) bytes = new Uint8Array(chunk);
          else if (ArrayBuffer.isView(chunk)) bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          else throw new TypeError("A socket's writable takes strings, ArrayBuffers and ArrayBufferViews.");
          const { id } = await socket.#info;
          await sy.socketWrite(id, bytes);
        },
        async close() {
          const { id } = await socket.#info;
          if (!socket.#closed) await sy.socketCloseWrite(id);
        },
      });
    }
    get secureTransport() { return this.#secureTransport; }
    #finish(id) {
      if (this.#closed) return;
      this.#closed = true;
      sy.socketClose(id);
      this.#resolveClosed();
    }
    async close() {
      let info;
      try { info = await this.#info; } catch { this.#resolveClosed(); return this.closed; }
      this.#finish(info.id);
      return this.closed;
    }
    startTls(options) {
      if (this.#secureTransport !== "starttls") throw new TypeError("startTls() needs a socket made with secureTransport: \"starttls\".");
      const hostname = options?.expectedServerHostname ?? this.#hostname;
      const info = this.#info.then(async (i) => { await sy.socketStartTls(i.id, hostname); return i; });
      this.#secureTransport = "off";  // this socket's streams belong to the plain connection; the new socket is TLS
      return new Socket(socketToken, info, hostname, "on", false);
    }
  }
  function connect(address, options) {
    const { hostname, port } = socketAddress(address);
    const secureTransport = options?.secureTransport ?? "off";
    if (!["off", "on", "starttls"].includes(secureTransport)) throw new TypeError("secureTransport must be \"off\", \"on\" or \"starttls\".");
    const info = (async () => parse(await sy.socketConnect(hostname, port, secureTransport)))();
    return new Socket(socketToken, info, hostname, secureTransport, options?.allowHalfOpen === true);
  }

  const KV_TYPES = ["text", "json", "arrayBuffer", "stream"];
  function kvValue(bytes, type) {
    switch (type) {
      case "text": return decoder.decode(bytes);
      case "json": return parse(decoder.decode(bytes));
      case "arrayBuffer": return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      default: return new Response(bytes).body;
    }
  }
  function kvType(options) {
    const type = typeof options === "string" ? options : options?.type ?? "text";
    if (!KV_TYPES.includes(type)) throw new TypeError(`Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".`);
    return type;
  }
  async function kvBytes(value) {
    if (typeof value === "string") return encoder.encode(value);
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof ReadableStream) return new Uint8Array(await new Response(value).arrayBuffer());
    throw new TypeError("KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.");
  }
  const parseMetadata = (text) => (text === null || text === undefined ? null : parse(text));

  class KVNamespace {
    #id;
    constructor(id) { this.#id = id; }
    async get(key, options) {
      return (await this.getWithMetadata(key, options)).value;
    }
    async getWithMetadata(key, options) {
      const type = kvType(options);
      const found = await sy.kvGet(this.#id, String(key));
      if (found === null) return { value: null, metadata: null, cacheStatus: null };
      const entry = parse(found);
      return { value: kvValue(sy.take(entry.slot), type), metadata: parseMetadata(entry.metadata), cacheStatus: null };
    }
    async put(key, value, options = {}) {
      const bytes = await kvBytes(value);
      const write = { expiration: options?.expiration ?? null, expirationTtl: options?.expirationTtl ?? null,
        metadata: options?.metadata === undefined ? null : stringify(options.metadata) };
      await sy.kvPut(this.#id, String(key), bytes, stringify(write));
    }
    async delete(key) {
      await sy.kvDelete(this.#id, String(key));
    }
    async list(options = {}) {
      const page = parse(await sy.kvList(this.#id, stringify({
        prefix: options?.prefix ?? null, limit: options?.limit ?? null, cursor: options?.cursor ?? null })));
      const keys = page.keys.map((k) => {
        const key = { name: k.name };
        if (k.expiration !== null) key.expiration = k.expiration;
        if (k.metadata !== null) key.metadata = parse(k.metadata);
        return key;
      });
      return page.list_complete
        ? { keys, list_complete: true, cacheStatus: null }
        : { keys, list_complete: false, cursor: page.cursor, cacheStatus: null };
    }
  }

  // A rate limit binding (Cloudflare's Rate Limiting API): limit({ key }) -> { success }.
  class RateLimit {
    #name;
    constructor(name) { this.#name = name; }
    async limit(options) {
      const key = options?.key;
      if (typeof key !== "string") throw new TypeError("limit() requires an options object with a string key: limit({ key })");
      return { success: await sy.rateLimit(this.#name, key) };
    }
  }

  function makeEnv(descriptors) {
    const env = {};
    for (const { name, type, value } of descriptors) {
      switch (type) {
        case "text": env[name] = value; break;
        case "json": env[name] = parse(value); break;
        case "kv": env[name] = new KVNamespace(value); break;
        case "dispatch": env[name] = new DispatchNamespace(name); break;
        case "ratelimit": env[name] = new RateLimit(name); break;
        case "service": env[name] = Fetcher.stub(new Fetcher(type, name)); break;
        default: env[name] = new Fetcher(type, name); break;
      }
    }
    return env;
  }

  // ctx.waitUntil() and its service-worker forms. The first tells the host, which keeps the invocation's I/O going
  // for it if the client goes (until the grace period ends), as Cloudflare keeps the request's context alive.
  function waitUntilOf(state, promise) {
    if (state.waitUntilUsed !== true) {
      state.waitUntilUsed = true;
      sy.keepWaitUntilWork();
    }
    state.waits.push(Promise.resolve(promise));
  }

  class ExecutionContext {
    #request;
    constructor(request, props = {}) {
      this.#request = request;
      // A service binding's props (the custom-bindings pattern of platforms): fixed by the binding, not the caller.
      this.props = props ?? {};
    }
    waitUntil(promise) { waitUntilOf(this.#request, promise); }
    passThroughOnException() { this.#request.passThrough = true; }
  }

  class FetchEvent extends Event {
    #request;
    #context;
    constructor(request, context) {
      super("fetch");
      this.#request = request;
      this.#context = context;
    }
    get request() { return this.#request; }
    respondWith(response) {
      if (this.#context.responded) throw new Error("respondWith() was already called.");
      this.#context.responded = true;
      this.#context.response = response;
    }
    waitUntil(promise) { waitUntilOf(this.#context, promise); }
    passThroughOnException() { this.#context.passThrough = true; }
  }

  class WorkerEntrypoint {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }
  class DurableObject {
    constructor(ctx, env) { this.ctx = ctx; this.env = env; }
  }

  let env = {};
  let handler = null;
  let moduleNamespace = null;

  // The export a service binding names (null: the default), which must be a WorkerEntrypoint class for RPC.
  function entrypointOf(name) {
    const exported = name === null ? handler : moduleNamespace?.[name];
    if (exported === undefined) throw new TypeError(`The worker has no export named "${name}".`);
    return exported;
  }

  // A Cron Trigger's run: scheduled(controller, env, ctx) of the default export (or of its WorkerEntrypoint class), or a
  // "scheduled" event for service-worker syntax.
  class ScheduledController {
    #state;
    constructor(scheduled, state) {
      this.cron = scheduled.cron;
      this.scheduledTime = scheduled.scheduledTime;
      this.type = "scheduled";
      this.#state = state;
    }
    noRetry() { this.#state.noRetry = true; }
  }
  class ScheduledEvent extends Event {
    #controller;
    #state;
    constructor(controller, state) {
      super("scheduled");
      this.#controller = controller;
      this.#state = state;
    }
    get cron() { return this.#controller.cron; }
    get scheduledTime() { return this.#controller.scheduledTime; }
    noRetry() { this.#controller.noRetry(); }
    waitUntil(promise) { waitUntilOf(this.#state, promise); }
  }
  async function runScheduled(scheduled, state, env) {
    const controller = new ScheduledController(scheduled, state);
    if (handler === null) {
      const event = new ScheduledEvent(controller, state);
      globalScope.dispatchEvent(event);
      return;
    }
    await callHandler("scheduled", controller, state, env);
  }

  // A module worker's handler for an event other than fetch (whose path stays apart, it being the hot one): the
  // method of a new instance when the default export is a class (ctx and env go to its constructor), else the
  // object's method with (argument, env, ctx).
  function callHandler(method, argument, state, env) {
    const ctx = new ExecutionContext(state);
    if (typeof handler === "function" && typeof handler.prototype?.[method] === "function") return new handler(ctx, env)[method](argument);
    if (typeof handler?.[method] !== "function") throw new Error(`Handler does not export a ${method}() function.`);
    return handler[method](argument, env, ctx);
  }

  async function callRpc(call, state, env) {
    const exported = entrypointOf(call.entrypoint);
    const method = call.method;
    const receiver = typeof exported === "function" && exported.prototype instanceof WorkerEntrypoint
      ? new exported(new ExecutionContext(state, call.props), env) : null;
    const fn = receiver?.[method];
    if (typeof fn !== "function" || method === "constructor" || Object.prototype.hasOwnProperty.call(Object.prototype, method)) {
      throw new TypeError(`The RPC receiver does not implement the method "${method}".`);
    }
    return await fn.apply(receiver, rpcDecode(call.args));
  }

  async function respond(request, state, env, call) {
    if (call !== null) {
      const exported = entrypointOf(call.entrypoint);
      const ctx = new ExecutionContext(state, call.props);
      if (typeof exported === "function" && typeof exported.prototype?.fetch === "function") return new exported(ctx, env).fetch(request);
      if (typeof exported?.fetch === "function") return exported.fetch(request, env, ctx);
      throw new Error(`The entrypoint "${call.entrypoint ?? "default"}" does not export a fetch() function.`);
    }
    if (handler === null) {
      const event = new FetchEvent(request, state);
      globalScope.dispatchEvent(event);
      if (!state.responded) throw new Error("No event handler responded to the fetch event.");
      return state.response;
    }
    const ctx = new ExecutionContext(state);
    if (typeof handler === "function" && typeof handler.prototype?.fetch === "function") {
      return new handler(ctx, env).fetch(request);
    }
    if (handler === null || handler === undefined || typeof handler.fetch !== "function") {
      throw new Error("Handler does not export a fetch() function.");
    }
    return handler.fetch(request, env, ctx);
  }

  // enable_request_signal: null (off), "ignored-by-subrequests" (the default), or "passthrough"
  // (request_signal_passthrough: a fetch() made from the request is aborted with it).
  let requestSignals = null;
  const clientDisconnected = () => new DOMException("The client has disconnected", "AbortError");
  // A signal that aborts when the request's client disconnects (the host's clientGone settles true; it settles false
  // once the invocation is over, so nothing waits on it for longer).
  function clientSignal() {
    const controller = new AbortController();
    sy.clientGone().then((gone) => { if (gone) controller.abort(clientDisconnected()); }, () => {});
    return controller.signal;
  }

  const internal = Object.freeze({
    // Removes the host's globals once it has taken them, before any worker code runs. The warm-up cannot call it
    // (the snapshot needs the globals), so the parentheses make V8 compile it eagerly, with the snapshot's other code:
    // compiled on its first call, it cost every cold start 0.17 ms.
    detach: (function detach() {
      delete g.__switchyard_internal;
      delete g.__switchyard_node_host;
    }),
    // Bindings first, so `cloudflare:workers` and service-worker globals can see them.
    setBindings(descriptorsJson, asGlobals) {
      env = makeEnv(parse(descriptorsJson));
      if (asGlobals) for (const name of Object.keys(env)) g[name] = env[name];
    },
    // The version's enable_request_signal / request_signal_passthrough flags (called only when the first is set).
    enableRequestSignals(passthrough) { requestSignals = passthrough ? "passthrough" : "ignored-by-subrequests"; },
    // A binding whose value the host made (a wasm_module, text_blob or data_blob part).
    setBinding(name, value, asGlobal) {
      env[name] = value;
      if (asGlobal) g[name] = value;
    },
    // The console output of the running request as [level, text] pairs (for the conformance suite's runner).
    takeLogs() { return parse(sy.takeLogs()); },
    workersModule() { return { WorkerEntrypoint, DurableObject, env }; },
    socketsModule() { return { connect }; },
    warmUpOutcome() { return warmUpOutcome; },
    setModule(namespace) { moduleNamespace = namespace; handler = namespace.default ?? null; if (handler === null) handler = undefined; },
    // One request: resolves to its outcome and never rejects for worker errors (they come back as `error`), so the
    // host can still read the passThroughOnException flag; CPU and memory limits surface to the host as its own
    // exceptions. `settled` (null when the response is complete and nothing was passed to waitUntil) awaits the
    // request's waitUntil work. A handler that answers without waiting settles within the host's call, so the host
    // gets head, whole body and all in one entry into the isolate.
    // The request comes as plain arguments: `headerList` is every name and value joined by "\0" (which no header can
    // hold), `cf` JSON or null; the Request takes both apart only when the handler reads them. `body` is null or the
    // host's id of its body stream.
    // `envOverlay` (JSON or null): values laid over env for this request only (an outbound worker's params).
    // The outcome is an array, which the host reads by index in one crossing (indices need no property-name lookup):
    //   [settled, null, status, statusText, headers (joined as the request's are), bytes, body, webSocket (the host's
    //    id of a 101's WebSocket, or null)], or
    //   [settled, error (the stack), message, limit (the message of a dispatched worker's limit, or null), passThrough,
    //    null, null, null] (padded to the same length, so that no index the host reads is looked up on Array.prototype).
    // `rpc` (JSON or null): an RpcCall: a JS RPC method to call (its result, encoded, is the response body) or a fetch
    // through a named entrypoint, with the binding's props.
    async invoke(method, url, headerList, cf, body, envOverlay, rpc) {
      const requestEnv = envOverlay === null ? env : { ...env, ...parse(envOverlay) };
      const state = { waits: [], passThrough: false, responded: false, response: undefined, waitUntilUsed: false };
      const settled = async () => {
        while (state.waits.length > 0) {
          for (const result of await Promise.allSettled(state.waits.splice(0))) {
            if (result.status === "rejected") reportError(result.reason);
          }
        }
      };
      try {
        const call = rpc === null || rpc === undefined ? null : parse(rpc);
        if (call !== null && call.scheduled !== undefined) {
          await runScheduled(call.scheduled, state, requestEnv);
          return [state.waits.length === 0 ? null : settled, null, 200, "", "", null, null, null];
        }
        if (call !== null && call.tail !== undefined) {
          // A tail worker's delivery: its tail(events, env, ctx) handler gets the trace events (TraceItem objects).
          await callHandler("tail", call.tail, state, requestEnv);
          return [state.waits.length === 0 ? null : settled, null, 200, "", "", null, null, null];
        }
        if (call !== null && call.method !== null) {
          const bytes = encoder.encode(rpcEncode(await callRpc(call, state, requestEnv)));
          return [state.waits.length === 0 ? null : settled, null, 200, "", "content-type\0application/json", bytes, null, null];
        }
        const request = createRequest(method, url, headerList, cf, body, requestSignals === null ? null : clientSignal(),
          requestSignals === "ignored-by-subrequests");
        const parts = responseParts(await respond(request, state, requestEnv, call));
        // A WebSocket kept here lives on with the invocation: its message pump is waited for as waitUntil work is.
        const webSocket = parts.webSocket;
        if (webSocket !== null && webSocket.done !== null) state.waits.push(webSocket.done);
        return [parts.body === null && state.waits.length === 0 ? null : settled, null, parts.status, parts.statusText,
          parts.headers, parts.bytes, parts.body, webSocket === null ? null : webSocket.id];
      } catch (error) {
        const stack = error instanceof Error ? String(error.stack ?? error) : `Uncaught ${String(error)}`;
        const message = error instanceof Error ? String(error.message) : String(error);
        const waiting = state.waits.length === 0 ? null : settled;
        if (limitErrors.has(error)) return [waiting, stack, message, error.message, false, null, null, null];
        return [waiting, stack, message, null, state.passThrough, null, null, null];
      }
    },
  });
  Object.defineProperty(g, "__switchyard_internal", { value: internal, configurable: true });

  // One worker load and request through `internal` while the start-up snapshot is made: V8 compiles functions on their
  // first call and the snapshot keeps the bytecode, so the code every load and request runs (setBindings, setModule,
  // request and headers, URL, Response.json) comes compiled in each new isolate instead of costing every cold start
  // its compilation.
  // Calls no host function (none can run while snapshotting); the handler is gone before any worker code runs.
  // Its outcome stays readable (internal.warmUpOutcome) so that a test catches a warm-up that no longer works.
  async function warmUp() {
    try {
      internal.setBindings("[]", false);
      internal.setModule({
        default: {
          fetch(request) {
            const url = new URL(request.url);
            return Response.json({ path: url.pathname, query: url.searchParams.get("q"), accept: request.headers.get("accept") });
          },
        },
      });
      const [, error, , , headers, bytes] = await internal.invoke("GET", "https://warm-up.invalid/path?q=1", "accept\0*/*", null, null, null);
      if (error !== null) throw new Error(error);
      if (headers !== "content-type\0application/json") throw new Error(`unexpected headers ${headers}`);
      const answer = parse(decoder.decode(bytes));
      if (answer.path !== "/path" || answer.query !== "1") throw new Error(`unexpected answer ${stringify(answer)}`);
      return "ok";
    } catch (error) {
      return `failed: ${error?.stack ?? error}`;
    } finally {
      handler = null;
    }
  }
  let warmUpOutcome = "not run";
  warmUp().then((outcome) => { warmUpOutcome = outcome; });
})();
