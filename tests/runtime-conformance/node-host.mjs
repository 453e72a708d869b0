// A TEST-ONLY implementation of the Switchyard host interface (src/Switchyard.Runtime/js/HOST_INTERFACE.md) for
// node: node's crypto, http and url modules stand in for the C# host. Values are created in the target context's
// realm (its own Uint8Array, Array, Object and Promise), as the real V8 host does.
import * as nodeCrypto from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { domainToASCII } from "node:url";
import { createLegacyDecoder } from "./node-host-encodings.mjs";

/**
 * Builds the host object for a vm context; `onLog(level, text)` receives console output; `encodingTables` is the
 * encoding-tables.bin the build wrote beside the bundle (read on the first legacy decode).
 */
export function createNodeHost(realm, { onLog = () => {}, encodingTables = null } = {}) {
  const { Uint8Array: RUint8Array, Array: RArray, Object: RObject, Promise: RPromise, Error: RError } = realm;

  // ---- realm bridging
  const toRealm = (value) => {
    if (value === null || value === undefined || typeof value !== "object") return value;
    if (ArrayBuffer.isView(value)) {
      const out = new RUint8Array(value.byteLength);
      out.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return out;
    }
    if (Array.isArray(value)) return RArray.from(value, toRealm);
    const out = new RObject();
    for (const [k, v] of Object.entries(value)) out[k] = toRealm(v);
    return out;
  };
  const errorInRealm = (error) => new RError(error?.message ?? String(error));
  const sync = (fn) => (...args) => {
    try {
      return toRealm(fn(...args));
    } catch (error) {
      throw errorInRealm(error);
    }
  };
  const async = (fn) => (...args) => new RPromise((resolve, reject) => {
    Promise.resolve().then(() => fn(...args)).then((v) => resolve(toRealm(v)), (e) => reject(errorInRealm(e)));
  });
  const buf = (view) => Buffer.from(view.buffer, view.byteOffset, view.byteLength);

  // ---- timers
  const timers = new Map();
  const timer = (id, delay) => new RPromise((resolve) => {
    const handle = setTimeout(() => { timers.delete(id); resolve(true); }, delay);
    timers.set(id, { handle, resolve });
  });
  const cancelTimer = (id) => {
    const t = timers.get(id);
    if (t === undefined) return;
    clearTimeout(t.handle);
    timers.delete(id);
    t.resolve(false);
  };

  // ---- fetch: responses are node streams read chunk by chunk on demand
  const inflight = new Map(); // fetch id -> ClientRequest
  const bodies = new Map();   // body id -> { stream, ended }
  let nextBodyId = 1;

  function doFetch(request, redirectsLeft = 20, urlList = []) {
    return new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const lib = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
      if (lib === null) { reject(new Error(`unsupported protocol ${url.protocol}`)); return; }
      const headers = {};
      for (const [k, v] of request.headers) headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
      const req = lib.request(url, { method: request.method, headers });
      inflight.set(request.id, req);
      req.on("error", (e) => { inflight.delete(request.id); reject(e); });
      req.on("response", (res) => {
        const status = res.statusCode;
        const location = res.headers.location;
        if ([301, 302, 303, 307, 308].includes(status) && location !== undefined && request.redirect !== "manual") {
          res.resume();
          if (request.redirect === "error") { reject(new Error("redirect was not allowed")); return; }
          if (redirectsLeft === 0) { reject(new Error("too many redirects")); return; }
          const next = new URL(location, url).href;
          const change = status === 303 || ((status === 301 || status === 302) && request.method === "POST");
          resolve(doFetch({ ...request, url: next, method: change ? "GET" : request.method, body: change ? null : request.body },
            redirectsLeft - 1, [...urlList, url.href]));
          return;
        }
        const headerPairs = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headerPairs.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
        const nullBody = request.method === "HEAD" || [101, 204, 205, 304].includes(status);
        let body = null;
        if (nullBody) res.resume();
        else {
          body = nextBodyId++;
          res.pause();
          bodies.set(body, { stream: res, ended: false });
          res.on("end", () => { const b = bodies.get(body); if (b) b.ended = true; });
        }
        inflight.delete(request.id);
        resolve({ status, statusText: res.statusMessage ?? "", headers: headerPairs, url: url.href,
          redirected: urlList.length > 0, body });
      });
      if (request.body) req.end(buf(request.body)); else req.end();
    });
  }

  function readBody(id) {
    const entry = bodies.get(id);
    if (entry === undefined) return Promise.resolve(null);
    const { stream } = entry;
    return new Promise((resolve, reject) => {
      const chunk = stream.read();
      if (chunk !== null) { resolve(chunk); return; }
      if (entry.ended || stream.readableEnded) { bodies.delete(id); resolve(null); return; }
      const cleanup = () => { stream.off("readable", onReadable); stream.off("end", onEnd); stream.off("error", onError); };
      const onReadable = () => { const c = stream.read(); if (c !== null) { cleanup(); resolve(c); } };
      const onEnd = () => { cleanup(); bodies.delete(id); resolve(null); };
      const onError = (e) => { cleanup(); bodies.delete(id); reject(e); };
      stream.on("readable", onReadable);
      stream.on("end", onEnd);
      stream.on("error", onError);
    });
  }

  // ---- cryptography
  const nodeHash = { "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512", MD5: "md5" };
  const nodeCurve = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" };

  function aes(op, mode, key, data, params) {
    const bits = key.byteLength * 8;
    const k = buf(key);
    if (mode === "AES-KW") {
      const cipher = op === "encrypt" ? nodeCrypto.createCipheriv(`id-aes${bits}-wrap`, k, Buffer.from("A6A6A6A6A6A6A6A6", "hex"))
        : nodeCrypto.createDecipheriv(`id-aes${bits}-wrap`, k, Buffer.from("A6A6A6A6A6A6A6A6", "hex"));
      return Buffer.concat([cipher.update(buf(data)), cipher.final()]);
    }
    if (mode === "AES-CBC") {
      const c = op === "encrypt" ? nodeCrypto.createCipheriv(`aes-${bits}-cbc`, k, buf(params.iv)) : nodeCrypto.createDecipheriv(`aes-${bits}-cbc`, k, buf(params.iv));
      return Buffer.concat([c.update(buf(data)), c.final()]);
    }
    if (mode === "AES-CTR") {
      // Counter blocks wrap within the low `length` bits, as Web Crypto specifies.
      const out = Buffer.alloc(data.byteLength);
      const counter = Buffer.from(buf(params.counter));
      const cipher = nodeCrypto.createCipheriv(`aes-${bits}-ecb`, k, null);
      cipher.setAutoPadding(false);
      const length = BigInt(params.length);
      const mask = (1n << length) - 1n;
      let ctr = BigInt(`0x${counter.toString("hex")}`);
      const fixed = ctr & ~mask;
      for (let offset = 0; offset < data.byteLength; offset += 16) {
        const block = Buffer.from(ctr.toString(16).padStart(32, "0"), "hex");
        const stream = cipher.update(block);
        for (let i = 0; i < 16 && offset + i < data.byteLength; i++) out[offset + i] = data[offset + i] ^ stream[i];
        ctr = fixed | (((ctr & mask) + 1n) & mask);
      }
      return out;
    }
    const tagBytes = params.tagLength / 8;
    if (op === "encrypt") {
      const c = nodeCrypto.createCipheriv(`aes-${bits}-gcm`, k, buf(params.iv), { authTagLength: tagBytes });
      c.setAAD(buf(params.additionalData));
      return Buffer.concat([c.update(buf(data)), c.final(), c.getAuthTag()]);
    }
    const d = nodeCrypto.createDecipheriv(`aes-${bits}-gcm`, k, buf(params.iv), { authTagLength: tagBytes });
    d.setAAD(buf(params.additionalData));
    d.setAuthTag(buf(data.subarray(data.byteLength - tagBytes)));
    return Buffer.concat([d.update(buf(data.subarray(0, data.byteLength - tagBytes))), d.final()]);
  }

  function keyObject(der, type) {
    return type === "public"
      ? nodeCrypto.createPublicKey({ key: buf(der), format: "der", type: "spki" })
      : nodeCrypto.createPrivateKey({ key: buf(der), format: "der", type: "pkcs8" });
  }

  function describeKey(key) {
    const details = key.asymmetricKeyDetails ?? {};
    const out = {
      type: key.type,
      der: key.type === "public" ? key.export({ format: "der", type: "spki" }) : key.export({ format: "der", type: "pkcs8" }),
    };
    if (key.asymmetricKeyType === "rsa") {
      out.modulusLength = details.modulusLength;
      let e = BigInt(details.publicExponent);
      const bytes = [];
      while (e > 0n) { bytes.unshift(Number(e & 0xffn)); e >>= 8n; }
      out.publicExponent = new Uint8Array(bytes);
    }
    if (key.asymmetricKeyType === "ec") {
      out.namedCurve = key.export({ format: "jwk" }).crv;
    }
    return out;
  }

  const OKP_TYPES = { Ed25519: "ed25519", X25519: "x25519" };
  const expectedType = (kind) => (kind === "RSA" ? ["rsa"] : kind === "EC" ? ["ec"] : [OKP_TYPES[kind]]);

  function importKey(kind, format, data, params) {
    let key;
    if (format === "spki") key = nodeCrypto.createPublicKey({ key: buf(data), format: "der", type: "spki" });
    else if (format === "pkcs8") key = nodeCrypto.createPrivateKey({ key: buf(data), format: "der", type: "pkcs8" });
    else if (format === "jwk") {
      const jwk = { ...data };
      key = jwk.d !== undefined ? nodeCrypto.createPrivateKey({ key: jwk, format: "jwk" }) : nodeCrypto.createPublicKey({ key: jwk, format: "jwk" });
    } else if (format === "raw") {
      if (kind === "EC") {
        const size = { "P-256": 32, "P-384": 48, "P-521": 66 }[params.namedCurve];
        let point = Buffer.from(buf(data));
        if (point[0] === 0x02 || point[0] === 0x03) {
          point = nodeCrypto.ECDH.convertKey(point, nodeCurve[params.namedCurve], undefined, undefined, "uncompressed");
        }
        if (point[0] !== 0x04 || point.length !== 1 + 2 * size) throw new Error("invalid EC point");
        key = nodeCrypto.createPublicKey({ key: { kty: "EC", crv: params.namedCurve, x: point.subarray(1, 1 + size).toString("base64url"),
          y: point.subarray(1 + size).toString("base64url") }, format: "jwk" });
      } else {
        if (data.byteLength !== 32) throw new Error("raw OKP keys are 32 bytes");
        key = nodeCrypto.createPublicKey({ key: { kty: "OKP", crv: kind, x: buf(data).toString("base64url") }, format: "jwk" });
      }
    } else throw new Error(`unsupported format ${format}`);
    if (!expectedType(kind).includes(key.asymmetricKeyType)) throw new Error(`not a ${kind} key`);
    return describeKey(key);
  }

  function exportKey(kind, format, type, der) {
    const key = keyObject(der, type);
    if (format === "jwk") return key.export({ format: "jwk" });
    if (format === "raw") {
      const jwk = key.export({ format: "jwk" });
      if (kind === "EC") return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, "base64url"), Buffer.from(jwk.y, "base64url")]);
      return Buffer.from(jwk.x, "base64url");
    }
    throw new Error(`unsupported format ${format}`);
  }

  // Workers' parameter caps, as Switchyard.Crypto checks them; a failure with a DOMException name of its own is
  // thrown as "<Name>: <message>" (HOST_INTERFACE.md, "Cryptography").
  const named = (name, message) => new Error(`${name}: ${message}`);
  function pbkdf2(hash, password, salt, iterations, length) {
    if (iterations <= 0) throw named("OperationError", `PBKDF2 requires a positive iteration count (requested ${iterations}).`);
    if (iterations > 100000) {
      throw named("NotSupportedError", `Pbkdf2 failed: iteration counts above 100000 are not supported (requested ${iterations}).`);
    }
    return nodeCrypto.pbkdf2Sync(buf(password), buf(salt), iterations, length, nodeHash[hash]);
  }

  function generateKeyPair(kind, params) {
    let pair;
    if (kind === "RSA") {
      const bits = params.modulusLength;
      if (bits <= 0) throw named("OperationError", `modulusLength must be greater than zero (requested ${bits}).`);
      if (bits % 8 !== 0 || bits < 256 || bits > 16384) {
        throw named("OperationError", `The modulus length must be a multiple of 8 and between 256 and 16k, but ${bits} was requested.`);
      }
      let e = 0;
      for (const b of params.publicExponent) e = e * 256 + b;
      if (e !== 3 && e !== 65537) throw named("OperationError", `The "publicExponent" must be either 3 or 65537, but got ${e}.`);
      pair = nodeCrypto.generateKeyPairSync("rsa", { modulusLength: params.modulusLength, publicExponent: e });
    } else if (kind === "EC") {
      pair = nodeCrypto.generateKeyPairSync("ec", { namedCurve: nodeCurve[params.namedCurve] });
    } else {
      pair = nodeCrypto.generateKeyPairSync(OKP_TYPES[kind]);
    }
    return {
      publicKey: pair.publicKey.export({ format: "der", type: "spki" }),
      privateKey: pair.privateKey.export({ format: "der", type: "pkcs8" }),
    };
  }

  function signOptions(algorithm, key, params) {
    if (algorithm === "RSA-PSS") return { key, padding: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength };
    if (algorithm === "ECDSA") return { key, dsaEncoding: "ieee-p1363" };
    return { key };
  }
  const signHash = (algorithm, params) => (algorithm === "Ed25519" ? null : nodeHash[params.hash]);

  const host = {
    log: (level, text) => { onLog(level, text); },
    now: () => Date.now() + (performance.now() % 1),
    randomBytes: sync((n) => nodeCrypto.randomBytes(n)),
    timer,
    cancelTimer,
    idnaToAscii: (domain) => { const r = domainToASCII(domain); return r === "" ? null : r; },
    fetch: async(doFetch),
    readBody: async(readBody),
    cancelBody: (id) => { const b = bodies.get(id); if (b) { b.stream.destroy(); bodies.delete(id); } },
    abortFetch: (id) => { const req = inflight.get(id); if (req) { req.destroy(new Error("aborted")); inflight.delete(id); } },
    digest: sync((alg, data) => nodeCrypto.createHash(nodeHash[alg]).update(buf(data)).digest()),
    hmac: sync((hash, key, data) => nodeCrypto.createHmac(nodeHash[hash], buf(key)).update(buf(data)).digest()),
    aesEncrypt: sync((mode, key, data, params) => aes("encrypt", mode, key, data, params)),
    aesDecrypt: sync((mode, key, data, params) => aes("decrypt", mode, key, data, params)),
    pbkdf2: sync(pbkdf2),
    hkdf: sync((hash, key, salt, info, length) => Buffer.from(nodeCrypto.hkdfSync(nodeHash[hash], buf(key), buf(salt), buf(info), length))),
    generateKeyPair: async(generateKeyPair),
    importKey: sync(importKey),
    exportKey: sync(exportKey),
    sign: sync((algorithm, der, data, params) => nodeCrypto.sign(signHash(algorithm, params), buf(data), signOptions(algorithm, keyObject(der, "private"), params))),
    verify: sync((algorithm, der, signature, data, params) => nodeCrypto.verify(signHash(algorithm, params), buf(data), signOptions(algorithm, keyObject(der, "public"), params), buf(signature))),
    rsaOaep: sync((op, der, data, params) => {
      const options = { padding: nodeCrypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: nodeHash[params.hash], oaepLabel: buf(params.label) };
      return op === "encrypt"
        ? nodeCrypto.publicEncrypt({ key: keyObject(der, "public"), ...options }, buf(data))
        : nodeCrypto.privateDecrypt({ key: keyObject(der, "private"), ...options }, buf(data));
    }),
    deriveBits: sync((algorithm, privateDer, publicDer) => nodeCrypto.diffieHellman({
      privateKey: keyObject(privateDer, "private"), publicKey: keyObject(publicDer, "public"),
    })),
    decodeLegacy: sync(encodingTables === null
      ? () => { throw new Error("no encoding-tables.bin was given to the node host"); }
      : createLegacyDecoder(encodingTables)),
  };
  return host;
}
