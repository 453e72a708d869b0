// node:crypto: hashes, HMAC, PBKDF2 and randomness over the host's synchronous primitives (node:internal/host, the
// same .NET code behind crypto.subtle), plus Web Crypto as `webcrypto`/`subtle`. Ciphers, signing and key objects are
// not provided: they throw, rather than a bundle silently getting something other than Node's behaviour.
import host from "node:internal/host";
import { Buffer } from "./buffer.js";
import { registerBuiltin } from "./internal/process.js";

const MAX_RANDOM_CHUNK = 65536;

// The runtime's Web Crypto, as it is before worker code could replace the global.
export const webcrypto = globalThis.crypto;
export const subtle = webcrypto.subtle;
const DOMException = globalThis.DOMException;
const MAX_RANDOM_INT_RANGE = 2 ** 48 - 1;

// Node's hash names (OpenSSL's, case-insensitive) -> the host's.
const HASHES = new Map([
  ["md5", "MD5"], ["sha1", "SHA-1"], ["sha256", "SHA-256"], ["sha384", "SHA-384"], ["sha512", "SHA-512"],
  ["sha-1", "SHA-1"], ["sha-256", "SHA-256"], ["sha-384", "SHA-384"], ["sha-512", "SHA-512"],
  ["rsa-md5", "MD5"], ["rsa-sha1", "SHA-1"], ["rsa-sha256", "SHA-256"], ["rsa-sha384", "SHA-384"], ["rsa-sha512", "SHA-512"],
]);

function notImplemented(name) {
  const error = new Error(`crypto.${name} is not implemented in Switchyard.`);
  error.code = "ERR_METHOD_NOT_IMPLEMENTED";
  return error;
}

function typeError(code, message) {
  const error = new TypeError(message);
  error.code = code;
  return error;
}

function hostHash(algorithm, { hmac = false } = {}) {
  if (typeof algorithm !== "string") throw typeError("ERR_INVALID_ARG_TYPE", 'The "algorithm" argument must be of type string.');
  const name = HASHES.get(algorithm.toLowerCase());
  if (name === undefined || (hmac && name === "MD5")) {
    if (name === undefined && /^(sha3-|shake|blake2|ripemd|sha224|sha512-)/i.test(algorithm)) throw notImplemented(`createHash('${algorithm}')`);
    throw new Error(name === undefined ? "Digest method not supported" : `crypto.createHmac('${algorithm}') is not implemented in Switchyard.`);
  }
  return name;
}

// Node accepts strings (in `encoding`, utf8 by default), Buffers, TypedArrays and DataViews as data and keys.
// (npm `buffer` lacks Node's base64url encoding, so it is mapped to base64 here.)
function toBytes(data, encoding, argument = "data") {
  if (typeof data === "string") {
    return encoding === "base64url" ? Buffer.from(data.replace(/-/g, "+").replace(/_/g, "/"), "base64") : Buffer.from(data, encoding ?? "utf8");
  }
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw typeError("ERR_INVALID_ARG_TYPE",
    `The "${argument}" argument must be of type string or an instance of Buffer, TypedArray, or DataView.`);
}

function encodeOutput(bytes, encoding) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding === "base64url") return buffer.toString("base64").replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return encoding === undefined || encoding === "buffer" ? buffer : buffer.toString(encoding);
}

function concat(chunks) {
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.byteLength; }
  return out;
}

// Hash and Hmac buffer their input and compute in one host call at digest(): the host API is one-shot.
class Digester {
  #chunks = [];
  #finished = false;

  update(data, inputEncoding) {
    if (this.#finished) throw Object.assign(new Error("Digest already called"), { code: "ERR_CRYPTO_HASH_FINALIZED" });
    this.#chunks.push(toBytes(data, inputEncoding).slice());
    return this;
  }

  digest(outputEncoding) {
    if (this.#finished) throw Object.assign(new Error("Digest already called"), { code: "ERR_CRYPTO_HASH_FINALIZED" });
    this.#finished = true;
    const data = concat(this.#chunks);
    this.#chunks = [];
    return encodeOutput(this.compute(data), outputEncoding);
  }

  copyChunksTo(other) {
    if (this.#finished) throw Object.assign(new Error("Digest already called"), { code: "ERR_CRYPTO_HASH_FINALIZED" });
    other.#chunks = this.#chunks.slice();
    return other;
  }
}

export class Hash extends Digester {
  #algorithm;
  constructor(algorithm) {
    super();
    this.#algorithm = hostHash(algorithm);
  }
  compute(data) { return host.digest(this.#algorithm, data); }
  copy() { return this.copyChunksTo(new Hash(HASH_NAMES.get(this.#algorithm))); }
}

export class Hmac extends Digester {
  #algorithm;
  #key;
  constructor(algorithm, key, options) {
    super();
    this.#algorithm = hostHash(algorithm, { hmac: true });
    if (key !== null && typeof key === "object" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) {
      throw notImplemented("createHmac with a KeyObject or CryptoKey");
    }
    this.#key = toBytes(key, options?.encoding, "key").slice();
  }
  compute(data) { return host.hmac(this.#algorithm, this.#key, data); }
}

const HASH_NAMES = new Map([["MD5", "md5"], ["SHA-1", "sha1"], ["SHA-256", "sha256"], ["SHA-384", "sha384"], ["SHA-512", "sha512"]]);

export function createHash(algorithm, options) {
  if (options?.outputLength !== undefined) throw notImplemented("createHash with outputLength");
  return new Hash(algorithm);
}

export function createHmac(algorithm, key, options) {
  return new Hmac(algorithm, key, options);
}

/** Node 21's one-shot `crypto.hash(algorithm, data, outputEncoding = "hex")`. */
export function hash(algorithm, data, outputEncoding = "hex") {
  return createHash(algorithm).update(data).digest(outputEncoding);
}

export function getHashes() {
  return ["md5", "sha1", "sha256", "sha384", "sha512"];
}

function fillRandom(view) {
  for (let offset = 0; offset < view.byteLength; offset += MAX_RANDOM_CHUNK) {
    const length = Math.min(MAX_RANDOM_CHUNK, view.byteLength - offset);
    view.set(host.randomBytes(length), offset);
  }
  return view;
}

function checkSize(size, name = "size") {
  if (typeof size !== "number") throw typeError("ERR_INVALID_ARG_TYPE", `The "${name}" argument must be of type number.`);
  if (!Number.isInteger(size) || size < 0 || size > 2 ** 31 - 1) {
    throw Object.assign(new RangeError(`The value of "${name}" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`), { code: "ERR_OUT_OF_RANGE" });
  }
}

// Callback forms run the callback asynchronously, as Node's do.
function callLater(callback, compute) {
  if (callback === undefined) return compute();
  if (typeof callback !== "function") throw typeError("ERR_INVALID_ARG_TYPE", 'The "callback" argument must be of type function.');
  let result;
  let error = null;
  try { result = compute(); } catch (e) { error = e; }
  queueMicrotask(() => (error ? callback(error) : callback(null, result)));
  return undefined;
}

export function randomBytes(size, callback) {
  checkSize(size);
  return callLater(callback, () => {
    const buffer = Buffer.alloc(size);
    fillRandom(buffer);
    return buffer;
  });
}

export function randomFillSync(buffer, offset = 0, size) {
  const view = toBytes(buffer, undefined, "buf");
  checkSize(offset, "offset");
  const length = size ?? view.byteLength - offset;
  checkSize(length, "size");
  if (offset + length > view.byteLength) {
    throw Object.assign(new RangeError(`The value of "size + offset" is out of range. It must be <= ${view.byteLength}.`), { code: "ERR_OUT_OF_RANGE" });
  }
  fillRandom(view.subarray(offset, offset + length));
  return buffer;
}

export function randomFill(buffer, offset, size, callback) {
  if (typeof offset === "function") return randomFill(buffer, 0, undefined, offset);
  if (typeof size === "function") return randomFill(buffer, offset, undefined, size);
  if (typeof callback !== "function") throw typeError("ERR_INVALID_ARG_TYPE", 'The "callback" argument must be of type function.');
  return callLater(callback, () => randomFillSync(buffer, offset, size));
}

export function randomInt(min, max, callback) {
  if (typeof max === "function" || max === undefined) {
    callback = max;
    max = min;
    min = 0;
  }
  if (!Number.isSafeInteger(min)) throw typeError("ERR_INVALID_ARG_TYPE", 'The "min" argument must be a safe integer.');
  if (!Number.isSafeInteger(max)) throw typeError("ERR_INVALID_ARG_TYPE", 'The "max" argument must be a safe integer.');
  if (max <= min) {
    throw Object.assign(new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`), { code: "ERR_OUT_OF_RANGE" });
  }
  const range = max - min;
  if (range > MAX_RANDOM_INT_RANGE) {
    throw Object.assign(new RangeError(`The value of "max - min" is out of range. It must be <= ${MAX_RANDOM_INT_RANGE}. Received ${range}`), { code: "ERR_OUT_OF_RANGE" });
  }
  return callLater(callback, () => {
    // Rejection sampling over 48 random bits, so every value in [min, max) is equally likely.
    const limit = 2 ** 48 - (2 ** 48 % range);
    for (;;) {
      const b = host.randomBytes(6);
      const x = b[0] * 2 ** 40 + b[1] * 2 ** 32 + b[2] * 2 ** 24 + b[3] * 2 ** 16 + b[4] * 2 ** 8 + b[5];
      if (x < limit) return min + (x % range);
    }
  });
}

export function randomUUID(options) {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw typeError("ERR_INVALID_ARG_TYPE", 'The "options" argument must be of type object.');
  }
  return webcrypto.randomUUID();
}

export function getRandomValues(array) {
  return webcrypto.getRandomValues(array);
}

export function timingSafeEqual(a, b) {
  const x = toBytes(a, undefined, "buf1");
  const y = toBytes(b, undefined, "buf2");
  if (typeof a === "string" || typeof b === "string") {
    throw typeError("ERR_INVALID_ARG_TYPE", 'The "buf1" and "buf2" arguments must be instances of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  if (x.byteLength !== y.byteLength) {
    throw Object.assign(new RangeError("Input buffers must have the same byte length"), { code: "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH" });
  }
  let difference = 0;
  for (let i = 0; i < x.byteLength; i++) difference |= x[i] ^ y[i];
  return difference === 0;
}

export function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  if (typeof digest !== "string") throw typeError("ERR_INVALID_ARG_TYPE", 'The "digest" argument must be of type string.');
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw Object.assign(new RangeError(`The value of "iterations" is out of range. It must be >= 1. Received ${iterations}`), { code: "ERR_OUT_OF_RANGE" });
  }
  checkSize(keylen, "keylen");
  const name = HASHES.get(digest.toLowerCase());
  if (name === undefined || name === "MD5") {
    throw typeError("ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${digest}`);
  }
  if (keylen === 0) return Buffer.alloc(0);
  // Workers' cap on iterations (100000) is the host's, and fails as there with DOMException NotSupportedError; the
  // host names it as "<Name>: <message>" (HOST_INTERFACE.md, "Cryptography") and takes 32-bit signed integers.
  if (iterations > 0x7fffffff) {
    throw new DOMException(`Pbkdf2 failed: iteration counts above 100000 are not supported (requested ${iterations}).`, "NotSupportedError");
  }
  let bytes;
  try {
    bytes = host.pbkdf2(name, toBytes(password, undefined, "password"), toBytes(salt, undefined, "salt"), iterations, keylen);
  } catch (e) {
    const message = e?.message ?? String(e);
    if (message.startsWith("NotSupportedError: ")) throw new DOMException(message.slice("NotSupportedError: ".length), "NotSupportedError");
    throw e;
  }
  return encodeOutput(bytes);
}

export function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof callback !== "function") throw typeError("ERR_INVALID_ARG_TYPE", 'The "callback" argument must be of type function.');
  return callLater(callback, () => pbkdf2Sync(password, salt, iterations, keylen, digest));
}

export const constants = {};

// The rest of Node's crypto API: present so that bundles importing it link, failing clearly when called.
const unsupported = (name) => ({ [name]() { throw notImplemented(name); } })[name];
export const createCipheriv = unsupported("createCipheriv");
export const createDecipheriv = unsupported("createDecipheriv");
export const createSign = unsupported("createSign");
export const createVerify = unsupported("createVerify");
export const sign = unsupported("sign");
export const verify = unsupported("verify");
export const createPublicKey = unsupported("createPublicKey");
export const createPrivateKey = unsupported("createPrivateKey");
export const createSecretKey = unsupported("createSecretKey");
export const generateKeyPair = unsupported("generateKeyPair");
export const generateKeyPairSync = unsupported("generateKeyPairSync");
export const generateKey = unsupported("generateKey");
export const generateKeySync = unsupported("generateKeySync");
export const createDiffieHellman = unsupported("createDiffieHellman");
export const createECDH = unsupported("createECDH");
export const diffieHellman = unsupported("diffieHellman");
export const hkdf = unsupported("hkdf");
export const hkdfSync = unsupported("hkdfSync");
export const scrypt = unsupported("scrypt");
export const scryptSync = unsupported("scryptSync");
export const publicEncrypt = unsupported("publicEncrypt");
export const privateDecrypt = unsupported("privateDecrypt");
export const privateEncrypt = unsupported("privateEncrypt");
export const publicDecrypt = unsupported("publicDecrypt");
export const getCiphers = () => [];
export const getCurves = () => [];

const crypto = {
  Hash, Hmac, createHash, createHmac, hash, getHashes, randomBytes, randomFillSync, randomFill, randomInt, randomUUID,
  getRandomValues, timingSafeEqual, pbkdf2, pbkdf2Sync, webcrypto, subtle, constants, createCipheriv, createDecipheriv,
  createSign, createVerify, sign, verify, createPublicKey, createPrivateKey, createSecretKey, generateKeyPair,
  generateKeyPairSync, generateKey, generateKeySync, createDiffieHellman, createECDH, diffieHellman, hkdf, hkdfSync,
  scrypt, scryptSync, publicEncrypt, privateDecrypt, privateEncrypt, publicDecrypt, getCiphers, getCurves,
};
registerBuiltin("crypto", crypto);
export default crypto;
