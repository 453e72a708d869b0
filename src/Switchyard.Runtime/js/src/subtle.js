// SubtleCrypto and CryptoKey (Web Crypto API): argument validation, algorithm normalisation, key usages and
// formats happen here; the cryptographic primitives are host functions (HOST_INTERFACE.md, "Cryptography").
// Secret keys are kept as raw bytes, asymmetric keys as DER (SPKI for public, PKCS #8 for private keys).
import { callHost } from "./host.js";
import { DOMException } from "./domexception.js";
import { bytesToBase64Url, base64UrlToBytes } from "./base64.js";
import { utf8Encode, utf8Decode } from "./encoding.js";
import { bufferSourceView, defineInterface, isObject, requiredArguments } from "./webidl.js";

const error = (name, message) => new DOMException(message, name);
const notSupported = (message) => error("NotSupportedError", message);
const dataError = (message) => error("DataError", message);
const invalidAccess = (message) => error("InvalidAccessError", message);
const operationError = (message) => error("OperationError", message);
const syntaxError = (message) => error("SyntaxError", message);

// A crypto host function names the DOMException of a failure by prefixing its message with "<Name>: " (e.g. PBKDF2's
// iteration cap is "NotSupportedError: Pbkdf2 failed: ..."): worker code gets that name and exactly the rest as the
// message. Only these names are mapped (Switchyard.Crypto's WebCryptoException.Names); any other failure becomes the
// operation's default. See HOST_INTERFACE.md, "Cryptography".
const HOST_ERROR_NAMES = ["OperationError", "NotSupportedError", "DataError", "InvalidAccessError", "QuotaExceededError"];

function hostError(e, fallback) {
  const message = e?.message ?? String(e);
  const colon = message.indexOf(": ");
  const name = colon > 0 ? message.slice(0, colon) : "";
  return HOST_ERROR_NAMES.includes(name) ? error(name, message.slice(colon + 2)) : fallback(message);
}

// The host takes these as 32-bit signed integers; larger values are refused here, as the host refuses any above its cap.
const HOST_INT_MAX = 0x7fffffff;

// ------------------------------------------------------------------ algorithm registry

const HASHES = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
const DIGESTS = [...HASHES, "MD5"];
const HASH_BLOCK_BITS = { "SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024 };
const HASH_JWK = { "SHA-1": "1", "SHA-256": "256", "SHA-384": "384", "SHA-512": "512" };
const CURVES = ["P-256", "P-384", "P-521"];
const CURVE_JWK_ALG = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };
const CURVE_COORD_BYTES = { "P-256": 32, "P-384": 48, "P-521": 66 };

const ALGORITHMS = ["HMAC", "AES-CBC", "AES-CTR", "AES-GCM", "AES-KW", "PBKDF2", "HKDF", "RSASSA-PKCS1-v1_5",
  "RSA-PSS", "RSA-OAEP", "ECDSA", "ECDH", "Ed25519", "X25519", ...DIGESTS];
const ALIASES = { "NODE-ED25519": "Ed25519" }; // Workers' pre-standard Ed25519 name

const OPERATIONS = {
  digest: DIGESTS,
  encrypt: ["AES-CBC", "AES-CTR", "AES-GCM", "RSA-OAEP"],
  decrypt: ["AES-CBC", "AES-CTR", "AES-GCM", "RSA-OAEP"],
  sign: ["HMAC", "RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA", "Ed25519"],
  verify: ["HMAC", "RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA", "Ed25519"],
  generateKey: ["HMAC", "AES-CBC", "AES-CTR", "AES-GCM", "AES-KW", "RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP",
    "ECDSA", "ECDH", "Ed25519", "X25519"],
  importKey: ["HMAC", "AES-CBC", "AES-CTR", "AES-GCM", "AES-KW", "PBKDF2", "HKDF", "RSASSA-PKCS1-v1_5", "RSA-PSS",
    "RSA-OAEP", "ECDSA", "ECDH", "Ed25519", "X25519"],
  deriveBits: ["PBKDF2", "HKDF", "ECDH", "X25519"],
  wrapKey: ["AES-CBC", "AES-CTR", "AES-GCM", "AES-KW", "RSA-OAEP"],
  unwrapKey: ["AES-CBC", "AES-CTR", "AES-GCM", "AES-KW", "RSA-OAEP"],
  "get key length": ["HMAC", "AES-CBC", "AES-CTR", "AES-GCM", "AES-KW", "PBKDF2", "HKDF"],
};

const SECRET_USAGES = {
  HMAC: ["sign", "verify"],
  "AES-CBC": ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
  "AES-CTR": ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
  "AES-GCM": ["encrypt", "decrypt", "wrapKey", "unwrapKey"],
  "AES-KW": ["wrapKey", "unwrapKey"],
  PBKDF2: ["deriveKey", "deriveBits"],
  HKDF: ["deriveKey", "deriveBits"],
};
const PAIR_USAGES = {
  "RSASSA-PKCS1-v1_5": { public: ["verify"], private: ["sign"] },
  "RSA-PSS": { public: ["verify"], private: ["sign"] },
  ECDSA: { public: ["verify"], private: ["sign"] },
  Ed25519: { public: ["verify"], private: ["sign"] },
  "RSA-OAEP": { public: ["encrypt", "wrapKey"], private: ["decrypt", "unwrapKey"] },
  ECDH: { public: [], private: ["deriveKey", "deriveBits"] },
  X25519: { public: [], private: ["deriveKey", "deriveBits"] },
};
const KEY_TYPE_FAMILY = {
  "RSASSA-PKCS1-v1_5": "RSA", "RSA-PSS": "RSA", "RSA-OAEP": "RSA", ECDSA: "EC", ECDH: "EC", Ed25519: "OKP", X25519: "OKP",
};
const ALL_USAGES = ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"];

function canonicalName(name) {
  const upper = name.toUpperCase();
  if (ALIASES[upper]) return ALIASES[upper];
  return ALGORITHMS.find((a) => a.toUpperCase() === upper) ?? null;
}

function toBytes(value, member) {
  try {
    return bufferSourceView(value, member).slice();
  } catch {
    throw new TypeError(`${member} is not a BufferSource.`);
  }
}

function requireMember(alg, member, name) {
  if (alg[member] === undefined) throw new TypeError(`Algorithm ${name}: missing required member '${member}'.`);
  return alg[member];
}

function enforceRangeInt(value, member, bits) {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`${member} is not a finite number.`);
  const t = Math.trunc(n);
  if (t < 0 || t > 2 ** bits - 1) throw new TypeError(`${member} is outside the allowed range.`);
  return t;
}

/** "Normalize an algorithm" (Web Crypto §18.4) for `op`; returns a plain object with canonical names. */
export function normalizeAlgorithm(algorithm, op) {
  if (typeof algorithm === "string") return normalizeAlgorithm({ name: algorithm }, op);
  if (!isObject(algorithm)) throw new TypeError("Algorithm: the value is not an object or a string.");
  if (algorithm.name === undefined) throw new TypeError("Algorithm: missing required member 'name'.");
  const name = canonicalName(String(algorithm.name));
  if (name === null || !OPERATIONS[op].includes(name)) {
    throw notSupported(`Unrecognized or unsupported algorithm name for ${op}: ${String(algorithm.name)}`);
  }
  const a = algorithm;
  const out = { name };
  const hashOf = (required) => {
    if (a.hash === undefined) {
      if (required) throw new TypeError(`Algorithm ${name}: missing required member 'hash'.`);
      return undefined;
    }
    const hash = normalizeAlgorithm(a.hash, "digest").name;
    if (hash === "MD5") throw notSupported(`MD5 cannot be used as the hash of ${name}.`);
    return { name: hash };
  };
  switch (name) {
    case "HMAC":
      if (op === "sign" || op === "verify") break;
      out.hash = hashOf(true);
      if (a.length !== undefined) out.length = enforceRangeInt(a.length, "length", 32);
      break;
    case "AES-CBC": case "AES-CTR": case "AES-GCM": case "AES-KW":
      if (op === "generateKey" || op === "get key length") {
        out.length = enforceRangeInt(requireMember(a, "length", name), "length", 16);
      } else if (op === "encrypt" || op === "decrypt" || op === "wrapKey" || op === "unwrapKey") {
        if (name === "AES-CBC") out.iv = toBytes(requireMember(a, "iv", name), "iv");
        if (name === "AES-CTR") {
          out.counter = toBytes(requireMember(a, "counter", name), "counter");
          out.length = enforceRangeInt(requireMember(a, "length", name), "length", 8);
        }
        if (name === "AES-GCM") {
          out.iv = toBytes(requireMember(a, "iv", name), "iv");
          if (a.additionalData !== undefined) out.additionalData = toBytes(a.additionalData, "additionalData");
          if (a.tagLength !== undefined) out.tagLength = enforceRangeInt(a.tagLength, "tagLength", 8);
        }
      }
      break;
    case "PBKDF2":
      if (op === "deriveBits") {
        out.hash = hashOf(true);
        out.salt = toBytes(requireMember(a, "salt", name), "salt");
        out.iterations = enforceRangeInt(requireMember(a, "iterations", name), "iterations", 32);
      }
      break;
    case "HKDF":
      if (op === "deriveBits") {
        out.hash = hashOf(true);
        out.salt = toBytes(requireMember(a, "salt", name), "salt");
        out.info = toBytes(requireMember(a, "info", name), "info");
      }
      break;
    case "RSASSA-PKCS1-v1_5": case "RSA-PSS": case "RSA-OAEP":
      if (op === "generateKey") {
        out.modulusLength = enforceRangeInt(requireMember(a, "modulusLength", name), "modulusLength", 32);
        const e = requireMember(a, "publicExponent", name);
        if (!(e instanceof Uint8Array)) throw new TypeError("publicExponent is not a Uint8Array.");
        out.publicExponent = e.slice();
        out.hash = hashOf(true);
      } else if (op === "importKey") {
        out.hash = hashOf(true);
      } else if (name === "RSA-PSS" && (op === "sign" || op === "verify")) {
        out.saltLength = enforceRangeInt(requireMember(a, "saltLength", name), "saltLength", 32);
      } else if (name === "RSA-OAEP" && a.label !== undefined) {
        out.label = toBytes(a.label, "label");
      }
      break;
    case "ECDSA": case "ECDH":
      if (op === "generateKey" || op === "importKey") {
        out.namedCurve = String(requireMember(a, "namedCurve", name));
      } else if (op === "sign" || op === "verify") {
        out.hash = hashOf(true);
      } else if (op === "deriveBits") {
        out.public = requireMember(a, "public", name);
        if (!(out.public instanceof CryptoKey)) throw new TypeError("public is not a CryptoKey.");
      }
      break;
    case "X25519":
      if (op === "deriveBits") {
        out.public = requireMember(a, "public", name);
        if (!(out.public instanceof CryptoKey)) throw new TypeError("public is not a CryptoKey.");
      }
      break;
    default:
      break;
  }
  return out;
}

export function normaliseDigestName(algorithm) {
  return normalizeAlgorithm(algorithm, "digest").name;
}

// ------------------------------------------------------------------ CryptoKey

const KEY_CONSTRUCTION = Symbol("CryptoKey");

export class CryptoKey {
  #type;
  #extractable;
  #algorithm;
  #usages;
  #material;
  #cachedAlgorithm = null;
  #cachedUsages = null;

  constructor(key, type, extractable, algorithm, usages, material) {
    if (key !== KEY_CONSTRUCTION) throw new TypeError("Illegal constructor");
    this.#type = type;
    this.#extractable = extractable;
    this.#algorithm = algorithm;
    this.#usages = usages;
    this.#material = material;
  }

  get type() { return this.#type; }
  get extractable() { return this.#extractable; }
  get algorithm() {
    if (this.#cachedAlgorithm === null) this.#cachedAlgorithm = exposeAlgorithm(this.#algorithm);
    return this.#cachedAlgorithm;
  }
  get usages() {
    if (this.#cachedUsages === null) this.#cachedUsages = this.#usages.slice();
    return this.#cachedUsages;
  }

  static internals(key) {
    return { type: key.#type, extractable: key.#extractable, algorithm: key.#algorithm, usages: key.#usages, material: key.#material };
  }
}
const keyInternals = CryptoKey.internals;
delete CryptoKey.internals;
defineInterface(CryptoKey);

/** structuredClone support: a CryptoKey with the same internal slots. */
export function cloneCryptoKey(key) {
  const k = keyInternals(key);
  return new CryptoKey(KEY_CONSTRUCTION, k.type, k.extractable, k.algorithm, k.usages, k.material);
}

function exposeAlgorithm(alg) {
  const out = { name: alg.name };
  if (alg.length !== undefined) out.length = alg.length;
  if (alg.hash !== undefined) out.hash = { name: alg.hash.name };
  if (alg.namedCurve !== undefined) out.namedCurve = alg.namedCurve;
  if (alg.modulusLength !== undefined) out.modulusLength = alg.modulusLength;
  if (alg.publicExponent !== undefined) out.publicExponent = alg.publicExponent.slice();
  return out;
}

function createKey(type, extractable, algorithm, usages, material) {
  const ordered = ALL_USAGES.filter((u) => usages.includes(u));
  return new CryptoKey(KEY_CONSTRUCTION, type, extractable, algorithm, ordered, material);
}

function checkUsages(usages, allowed, context) {
  const list = [];
  for (const u of usages) {
    const s = String(u);
    if (!ALL_USAGES.includes(s)) throw new TypeError(`${context}: '${s}' is not a valid KeyUsage.`);
    if (!allowed.includes(s)) throw syntaxError(`${context}: usage '${s}' is not valid for this key.`);
    if (!list.includes(s)) list.push(s);
  }
  return list;
}

// Workers' RSA generation limits and messages, in its order (workerd's rsa.c++; the host checks them again): a
// positive length, then a multiple of 8 in 256..16384, then an exponent of 3 or 65537 (big-endian, any length).
function checkRsaGenerationParams(bits, exponent) {
  if (bits <= 0) throw operationError(`modulusLength must be greater than zero (requested ${bits}).`);
  if (bits % 8 !== 0 || bits < 256 || bits > 16384) {
    throw operationError(`The modulus length must be a multiple of 8 and between 256 and 16k, but ${bits} was requested.`);
  }
  let e = 0n;
  for (const byte of exponent) e = (e << 8n) | BigInt(byte);
  if (e !== 3n && e !== 65537n) throw operationError(`The "publicExponent" must be either 3 or 65537, but got ${e}.`);
}

function usableKey(key, algorithmName, usage) {
  const k = keyInternals(key);
  if (k.algorithm.name !== algorithmName) throw invalidAccess(`The key is for ${k.algorithm.name}, not ${algorithmName}.`);
  if (!k.usages.includes(usage)) throw invalidAccess(`The key does not support the '${usage}' operation.`);
  return k;
}

// ------------------------------------------------------------------ host calls

async function host(name, ...args) {
  let result;
  try {
    result = await callHost(name, ...args);
  } catch (e) {
    if (DOMException.prototype.isPrototypeOf(e)) throw e;
    throw hostError(e, (message) => operationError(`The operation failed: ${message}`));
  }
  return result;
}

const asBytes = (value) => (value instanceof Uint8Array ? value : new Uint8Array(value));

export async function digestBytes(name, data) {
  return asBytes(await host("digest", name, data));
}

// ------------------------------------------------------------------ key import/export helpers

function hmacJwkAlg(hash) { return `HS${HASH_JWK[hash]}`; }
function aesJwkAlg(name, bits) { return `A${bits}${name.slice(4)}`; }
function rsaJwkAlg(name, hash) {
  if (name === "RSASSA-PKCS1-v1_5") return `RS${HASH_JWK[hash]}`;
  if (name === "RSA-PSS") return `PS${HASH_JWK[hash]}`;
  return hash === "SHA-1" ? "RSA-OAEP" : `RSA-OAEP-${HASH_JWK[hash]}`;
}

function checkJwkCommon(jwk, usages, extractable, expectedKty) {
  if (!isObject(jwk)) throw new TypeError("keyData is not a JsonWebKey object.");
  if (jwk.kty !== expectedKty) throw dataError(`The JWK 'kty' member must be '${expectedKty}'.`);
  if (usages.length > 0 && jwk.use !== undefined && jwk.use !== (usages.some((u) => u === "encrypt" || u === "decrypt" || u === "wrapKey" || u === "unwrapKey") ? "enc" : "sig")) {
    throw dataError("The JWK 'use' member is inconsistent with the requested usages.");
  }
  if (jwk.key_ops !== undefined) {
    if (!Array.isArray(jwk.key_ops)) throw dataError("The JWK 'key_ops' member must be an array.");
    for (const u of usages) if (!jwk.key_ops.includes(u)) throw dataError(`The JWK 'key_ops' member does not include '${u}'.`);
  }
  if (jwk.ext === false && extractable) throw dataError("The JWK is not extractable but an extractable key was requested.");
}

function decodeJwkMember(jwk, member) {
  if (typeof jwk[member] !== "string") throw dataError(`The JWK member '${member}' is missing or not a string.`);
  const bytes = base64UrlToBytes(jwk[member]);
  if (bytes === null) throw dataError(`The JWK member '${member}' is not valid base64url.`);
  return bytes;
}

function jwkObject(members, key, algName) {
  const out = { ...members };
  if (algName !== undefined) out.alg = algName;
  out.key_ops = key.usages.slice();
  out.ext = key.extractable;
  return out;
}

function bitLengthOk(bits) { return bits === 128 || bits === 192 || bits === 256; }

// ------------------------------------------------------------------ SubtleCrypto

const SUBTLE_KEY = Symbol("SubtleCrypto");

export class SubtleCrypto {
  constructor(key) {
    if (key !== SUBTLE_KEY) throw new TypeError("Illegal constructor");
  }

  async digest(algorithm, data) {
    requiredArguments(arguments.length, 2, "Failed to execute 'digest' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "digest");
    const bytes = toBytes(data, "data");
    return (await digestBytes(alg.name, bytes)).buffer;
  }

  async encrypt(algorithm, key, data) {
    requiredArguments(arguments.length, 3, "Failed to execute 'encrypt' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "encrypt");
    const bytes = toBytes(data, "data");
    requireKey(key);
    const k = usableKey(key, alg.name, "encrypt");
    return (await cipher(alg, k, bytes, "encrypt")).buffer;
  }

  async decrypt(algorithm, key, data) {
    requiredArguments(arguments.length, 3, "Failed to execute 'decrypt' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "decrypt");
    const bytes = toBytes(data, "data");
    requireKey(key);
    const k = usableKey(key, alg.name, "decrypt");
    return (await cipher(alg, k, bytes, "decrypt")).buffer;
  }

  async sign(algorithm, key, data) {
    requiredArguments(arguments.length, 3, "Failed to execute 'sign' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "sign");
    const bytes = toBytes(data, "data");
    requireKey(key);
    const k = usableKey(key, alg.name, "sign");
    if (alg.name === "HMAC") return asBytes(await host("hmac", k.algorithm.hash.name, k.material, bytes)).buffer;
    if (k.type !== "private") throw invalidAccess("Signing requires a private key.");
    return asBytes(await host("sign", alg.name, k.material, bytes, signParams(alg, k))).buffer;
  }

  async verify(algorithm, key, signature, data) {
    requiredArguments(arguments.length, 4, "Failed to execute 'verify' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "verify");
    const sig = toBytes(signature, "signature");
    const bytes = toBytes(data, "data");
    requireKey(key);
    const k = usableKey(key, alg.name, "verify");
    if (alg.name === "HMAC") {
      const mac = asBytes(await host("hmac", k.algorithm.hash.name, k.material, bytes));
      return constantTimeEqual(mac, sig);
    }
    if (k.type !== "public") throw invalidAccess("Verification requires a public key.");
    return Boolean(await host("verify", alg.name, k.material, sig, bytes, signParams(alg, k)));
  }

  // The order of checks and the timing of rejections follow WPT generateKey/failures.js, as browsers and Workers
  // behave: the algorithm (its name, AES and HMAC lengths, the RSA modulus length and exponent, the curve) is checked
  // as it is normalized, so those errors reject the returned promise before any other microtask runs; the usages
  // are checked by the generate-key operation itself, so a SyntaxError for bad or empty usages comes a microtask
  // later, and an RSA key with a bad exponent is an OperationError even when the usages are empty too.
  async generateKey(algorithm, extractable, keyUsages) {
    requiredArguments(arguments.length, 3, "Failed to execute 'generateKey' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "generateKey");
    const usages = [...keyUsages];
    for (const u of usages) {
      if (!ALL_USAGES.includes(String(u))) throw new TypeError(`generateKey: '${String(u)}' is not a valid KeyUsage.`);
    }
    extractable = Boolean(extractable);
    const name = alg.name;
    if (SECRET_USAGES[name]) {
      let bits;
      if (name === "HMAC") {
        bits = alg.length ?? HASH_BLOCK_BITS[alg.hash.name];
        if (bits === 0) throw operationError("HMAC key length must not be zero.");
      } else {
        if (!bitLengthOk(alg.length)) throw operationError("AES key length must be 128, 192 or 256 bits.");
        bits = alg.length;
      }
      await undefined;
      const list = checkUsages(usages, SECRET_USAGES[name], "generateKey");
      if (list.length === 0) throw syntaxError("Usages cannot be empty when creating a key.");
      const bytes = await randomKeyBytes(bits);
      const keyAlg = name === "HMAC" ? { name, hash: alg.hash, length: bits } : { name, length: bits };
      return createKey("secret", extractable, keyAlg, list, bytes);
    }
    const allowed = PAIR_USAGES[name];
    const family = KEY_TYPE_FAMILY[name];
    let keyAlg;
    let params;
    if (family === "RSA") {
      checkRsaGenerationParams(alg.modulusLength, alg.publicExponent);
      keyAlg = { name, modulusLength: alg.modulusLength, publicExponent: alg.publicExponent, hash: alg.hash };
      params = { modulusLength: alg.modulusLength, publicExponent: alg.publicExponent };
    } else if (family === "EC") {
      if (!CURVES.includes(alg.namedCurve)) throw notSupported(`Unsupported named curve: ${alg.namedCurve}`);
      keyAlg = { name, namedCurve: alg.namedCurve };
      params = { namedCurve: alg.namedCurve };
    } else {
      keyAlg = { name };
      params = {};
    }
    await undefined;
    const list = checkUsages(usages, [...allowed.public, ...allowed.private], "generateKey");
    const privateUsages = list.filter((u) => allowed.private.includes(u));
    if (privateUsages.length === 0) throw syntaxError("Usages cannot be empty when creating a key.");
    const pair = await host("generateKeyPair", family === "OKP" ? name : family, params);
    const publicKey = createKey("public", true, keyAlg, list.filter((u) => allowed.public.includes(u)), asBytes(pair.publicKey));
    const privateKey = createKey("private", extractable, keyAlg, privateUsages, asBytes(pair.privateKey));
    return { publicKey, privateKey };
  }

  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    requiredArguments(arguments.length, 5, "Failed to execute 'importKey' on 'SubtleCrypto'");
    format = checkFormat(format);
    let data;
    if (format === "jwk") {
      if (!isObject(keyData)) throw new TypeError("Failed to execute 'importKey' on 'SubtleCrypto': keyData is not a JsonWebKey.");
      data = keyData;
    } else {
      data = toBytes(keyData, "keyData");
    }
    const alg = normalizeAlgorithm(algorithm, "importKey");
    return importKeyNormalized(format, data, alg, Boolean(extractable), [...keyUsages]);
  }

  async exportKey(format, key) {
    requiredArguments(arguments.length, 2, "Failed to execute 'exportKey' on 'SubtleCrypto'");
    format = checkFormat(format);
    requireKey(key);
    const result = await exportKeyInternal(format, key);
    return result instanceof Uint8Array ? result.buffer : result;
  }

  async deriveBits(algorithm, baseKey, length = null) {
    requiredArguments(arguments.length, 2, "Failed to execute 'deriveBits' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "deriveBits");
    requireKey(baseKey);
    const bits = length === null || length === undefined ? null : enforceRangeInt(length, "length", 32);
    const k = usableKey(baseKey, alg.name, "deriveBits");
    return (await deriveBitsInternal(alg, k, bits)).buffer;
  }

  async deriveKey(algorithm, baseKey, derivedKeyType, extractable, keyUsages) {
    requiredArguments(arguments.length, 5, "Failed to execute 'deriveKey' on 'SubtleCrypto'");
    const alg = normalizeAlgorithm(algorithm, "deriveBits");
    const importAlg = normalizeAlgorithm(derivedKeyType, "importKey");
    const lengthAlg = normalizeAlgorithm(derivedKeyType, "get key length");
    requireKey(baseKey);
    const k = usableKey(baseKey, alg.name, "deriveKey");
    let bits;
    if (lengthAlg.name === "HMAC") {
      bits = lengthAlg.length ?? HASH_BLOCK_BITS[lengthAlg.hash.name];
      if (bits === 0) throw new TypeError("HMAC key length must not be zero.");
    } else if (lengthAlg.name === "PBKDF2" || lengthAlg.name === "HKDF") {
      bits = null;
    } else {
      if (!bitLengthOk(lengthAlg.length)) throw operationError("AES key length must be 128, 192 or 256 bits.");
      bits = lengthAlg.length;
    }
    const secret = await deriveBitsInternal(alg, k, bits);
    return importKeyNormalized("raw", secret, importAlg, Boolean(extractable), [...keyUsages]);
  }

  async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
    requiredArguments(arguments.length, 4, "Failed to execute 'wrapKey' on 'SubtleCrypto'");
    format = checkFormat(format);
    const alg = normalizeWrapAlgorithm(wrapAlgorithm, "wrapKey");
    requireKey(key);
    requireKey(wrappingKey);
    const wk = usableKey(wrappingKey, alg.name, "wrapKey");
    const exported = await exportKeyInternal(format, key);
    const bytes = format === "jwk" ? utf8Encode(JSON.stringify(exported)) : exported;
    return (await cipher(alg, wk, bytes, "encrypt")).buffer;
  }

  async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
    requiredArguments(arguments.length, 7, "Failed to execute 'unwrapKey' on 'SubtleCrypto'");
    format = checkFormat(format);
    const alg = normalizeWrapAlgorithm(unwrapAlgorithm, "unwrapKey");
    const keyAlg = normalizeAlgorithm(unwrappedKeyAlgorithm, "importKey");
    const wrapped = toBytes(wrappedKey, "wrappedKey");
    requireKey(unwrappingKey);
    const uk = usableKey(unwrappingKey, alg.name, "unwrapKey");
    const bytes = await cipher(alg, uk, wrapped, "decrypt");
    let data = bytes;
    if (format === "jwk") {
      try {
        data = JSON.parse(utf8Decode(bytes));
      } catch {
        throw dataError("The unwrapped key is not valid JWK JSON.");
      }
    }
    return importKeyNormalized(format, data, keyAlg, Boolean(extractable), [...keyUsages]);
  }

  /** Workers extension: compares two buffers in time independent of their contents. */
  timingSafeEqual(a, b) {
    requiredArguments(arguments.length, 2, "Failed to execute 'timingSafeEqual' on 'SubtleCrypto'");
    const x = bufferSourceView(a, "a");
    const y = bufferSourceView(b, "b");
    if (x.byteLength !== y.byteLength) throw new TypeError("Input buffers must have the same byte length.");
    return constantTimeEqual(x, y);
  }
}
defineInterface(SubtleCrypto);

export const subtle = new SubtleCrypto(SUBTLE_KEY);

function normalizeWrapAlgorithm(algorithm, op) {
  // AES-KW is registered for wrapKey/unwrapKey; the other ciphers fall back to encrypt/decrypt parameters.
  const alg = normalizeAlgorithm(algorithm, op);
  if (alg.name === "AES-KW") return alg;
  return normalizeAlgorithm(algorithm, op === "wrapKey" ? "encrypt" : "decrypt");
}

function requireKey(key) {
  if (!(key instanceof CryptoKey)) throw new TypeError("The provided key is not a CryptoKey.");
}

function checkFormat(format) {
  const f = String(format);
  if (!["raw", "spki", "pkcs8", "jwk"].includes(f)) {
    throw new TypeError(`The provided value '${f}' is not a valid enum value of type KeyFormat.`);
  }
  return f;
}

function constantTimeEqual(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function randomKeyBytes(bits) {
  const bytes = asBytes(await host("randomBytes", Math.ceil(bits / 8)));
  if (bits % 8 !== 0) bytes[bytes.length - 1] &= 0xff << (8 - (bits % 8));
  return bytes;
}

function signParams(alg, k) {
  const params = {};
  if (alg.name === "ECDSA") params.hash = alg.hash.name;
  else if (k.algorithm.hash !== undefined) params.hash = k.algorithm.hash.name;
  if (alg.name === "RSA-PSS") params.saltLength = alg.saltLength;
  if (alg.name === "ECDSA") params.namedCurve = k.algorithm.namedCurve;
  return params;
}

async function cipher(alg, k, data, op) {
  switch (alg.name) {
    case "AES-CBC": {
      if (alg.iv.byteLength !== 16) throw operationError("AES-CBC iv must be 16 bytes.");
      return asBytes(await host(op === "encrypt" ? "aesEncrypt" : "aesDecrypt", "AES-CBC", k.material, data, { iv: alg.iv }));
    }
    case "AES-CTR": {
      if (alg.counter.byteLength !== 16) throw operationError("AES-CTR counter must be 16 bytes.");
      if (alg.length === 0 || alg.length > 128) throw operationError("AES-CTR length must be between 1 and 128.");
      return asBytes(await host(op === "encrypt" ? "aesEncrypt" : "aesDecrypt", "AES-CTR", k.material, data, { counter: alg.counter, length: alg.length }));
    }
    case "AES-GCM": {
      const tagLength = alg.tagLength ?? 128;
      if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength)) throw operationError(`Invalid AES-GCM tag length ${tagLength}.`);
      if (alg.iv.byteLength === 0) throw operationError("AES-GCM iv must not be empty.");
      if (op === "decrypt" && data.byteLength < tagLength / 8) throw operationError("The data is shorter than the authentication tag.");
      return asBytes(await host(op === "encrypt" ? "aesEncrypt" : "aesDecrypt", "AES-GCM", k.material, data,
        { iv: alg.iv, additionalData: alg.additionalData ?? new Uint8Array(0), tagLength }));
    }
    case "AES-KW": {
      if (data.byteLength % 8 !== 0 || (op === "encrypt" && data.byteLength < 16) || (op === "decrypt" && data.byteLength < 24)) {
        throw operationError("AES-KW data must be a multiple of 8 bytes and at least 16 bytes long.");
      }
      return asBytes(await host(op === "encrypt" ? "aesEncrypt" : "aesDecrypt", "AES-KW", k.material, data, {}));
    }
    case "RSA-OAEP": {
      if (op === "encrypt" && k.type !== "public") throw invalidAccess("RSA-OAEP encryption requires a public key.");
      if (op === "decrypt" && k.type !== "private") throw invalidAccess("RSA-OAEP decryption requires a private key.");
      return asBytes(await host("rsaOaep", op, k.material, data, { hash: k.algorithm.hash.name, label: alg.label ?? new Uint8Array(0) }));
    }
    default:
      throw notSupported(`${alg.name} cannot ${op}.`);
  }
}

async function deriveBitsInternal(alg, k, bits) {
  switch (alg.name) {
    case "PBKDF2":
      if (bits === null || bits % 8 !== 0) throw operationError("PBKDF2 length must be a non-null multiple of 8.");
      // The iteration count is checked by the host (0: OperationError; above 100000, Workers' cap: NotSupportedError).
      if (alg.iterations > HOST_INT_MAX) {
        throw notSupported(`Pbkdf2 failed: iteration counts above 100000 are not supported (requested ${alg.iterations}).`);
      }
      if (bits === 0) return new Uint8Array(0);
      return asBytes(await host("pbkdf2", alg.hash.name, k.material, alg.salt, alg.iterations, bits / 8));
    case "HKDF":
      if (bits === null || bits % 8 !== 0) throw operationError("HKDF length must be a non-null multiple of 8.");
      if (bits === 0) return new Uint8Array(0);
      return asBytes(await host("hkdf", alg.hash.name, k.material, alg.salt, alg.info, bits / 8));
    case "ECDH": case "X25519": {
      const pub = keyInternals(alg.public);
      if (pub.type !== "public") throw invalidAccess("The 'public' member must be a public key.");
      if (pub.algorithm.name !== alg.name) throw invalidAccess(`The public key is not an ${alg.name} key.`);
      if (alg.name === "ECDH" && pub.algorithm.namedCurve !== k.algorithm.namedCurve) throw invalidAccess("The keys are on different curves.");
      if (k.type !== "private") throw invalidAccess("Key derivation requires a private base key.");
      const secret = asBytes(await host("deriveBits", alg.name, k.material, pub.material));
      if (bits === null) return secret;
      if (bits > secret.byteLength * 8) throw operationError("The requested length exceeds the derived secret's length.");
      const out = secret.slice(0, Math.ceil(bits / 8));
      if (bits % 8 !== 0) out[out.length - 1] &= 0xff << (8 - (bits % 8));
      return out;
    }
    default:
      throw notSupported(`${alg.name} cannot derive bits.`);
  }
}

async function importKeyNormalized(format, data, alg, extractable, usages) {
  const name = alg.name;
  if (SECRET_USAGES[name]) {
    const list = checkUsages(usages, SECRET_USAGES[name], "importKey");
    let bytes;
    if (format === "raw") {
      bytes = data;
    } else if (format === "jwk") {
      if (name === "PBKDF2" || name === "HKDF") throw notSupported(`${name} keys can only be imported in 'raw' format.`);
      checkJwkCommon(data, list, extractable, "oct");
      bytes = decodeJwkMember(data, "k");
      if (data.alg !== undefined) {
        const expected = name === "HMAC" ? hmacJwkAlg(alg.hash.name) : aesJwkAlg(name, bytes.byteLength * 8);
        if (data.alg !== expected) throw dataError(`The JWK 'alg' member must be '${expected}'.`);
      }
    } else {
      throw notSupported(`${name} keys cannot be imported in '${format}' format.`);
    }
    if (name === "HMAC") {
      if (bytes.byteLength === 0) throw dataError("HMAC key data must not be empty.");
      let bits = bytes.byteLength * 8;
      if (alg.length !== undefined) {
        if (alg.length > bits || alg.length <= bits - 8) throw dataError("The HMAC length does not match the key data.");
        bits = alg.length;
      }
      if (list.length === 0) throw syntaxError("Usages cannot be empty when importing a secret key.");
      return createKey("secret", extractable, { name, hash: alg.hash, length: bits }, list, bytes);
    }
    if (name === "PBKDF2" || name === "HKDF") {
      if (extractable) throw syntaxError(`${name} keys cannot be extractable.`);
      if (list.length === 0) throw syntaxError("Usages cannot be empty when importing a secret key.");
      return createKey("secret", false, { name }, list, bytes);
    }
    if (!bitLengthOk(bytes.byteLength * 8)) throw dataError("AES key data must be 128, 192 or 256 bits long.");
    if (list.length === 0) throw syntaxError("Usages cannot be empty when importing a secret key.");
    return createKey("secret", extractable, { name, length: bytes.byteLength * 8 }, list, bytes);
  }

  const family = KEY_TYPE_FAMILY[name];
  const allowed = PAIR_USAGES[name];
  const list = checkUsages(usages, [...allowed.public, ...allowed.private], "importKey");
  if (family === "EC" && !CURVES.includes(alg.namedCurve)) throw notSupported(`Unsupported named curve: ${alg.namedCurve}`);

  let hostFormat = format;
  let hostData = data;
  if (format === "raw") {
    if (family === "RSA") throw notSupported("RSA keys cannot be imported in 'raw' format.");
  } else if (format === "jwk") {
    const kty = family;
    checkJwkCommon(data, list, extractable, kty);
    if (family === "RSA") {
      if (data.alg !== undefined && data.alg !== rsaJwkAlg(name, alg.hash.name)) {
        throw dataError(`The JWK 'alg' member must be '${rsaJwkAlg(name, alg.hash.name)}'.`);
      }
      for (const m of ["n", "e"]) decodeJwkMember(data, m);
    } else if (family === "EC") {
      if (data.crv !== alg.namedCurve) throw dataError("The JWK 'crv' member does not match the namedCurve.");
      if (name === "ECDSA" && data.alg !== undefined && data.alg !== CURVE_JWK_ALG[alg.namedCurve]) {
        throw dataError(`The JWK 'alg' member must be '${CURVE_JWK_ALG[alg.namedCurve]}'.`);
      }
      for (const m of ["x", "y"]) {
        if (decodeJwkMember(data, m).byteLength !== CURVE_COORD_BYTES[alg.namedCurve]) throw dataError(`The JWK member '${m}' has the wrong length.`);
      }
    } else {
      if (data.crv !== name) throw dataError(`The JWK 'crv' member must be '${name}'.`);
      if (name === "Ed25519" && data.alg !== undefined && data.alg !== "EdDSA" && data.alg !== "Ed25519") {
        throw dataError("The JWK 'alg' member must be 'EdDSA'.");
      }
      if (decodeJwkMember(data, "x").byteLength !== 32) throw dataError("The JWK member 'x' must be 32 bytes.");
    }
    if (data.d !== undefined) decodeJwkMember(data, "d");
    const members = {};
    for (const m of ["kty", "crv", "n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y"]) if (data[m] !== undefined) members[m] = String(data[m]);
    hostData = members;
  }

  let imported;
  try {
    imported = await callHost("importKey", family === "OKP" ? name : family, hostFormat, hostData,
      family === "EC" ? { namedCurve: alg.namedCurve } : {});
  } catch (e) {
    throw hostError(e, (message) => dataError(`Invalid key data: ${message}`));
  }
  if (imported === null || imported === undefined) throw dataError("Invalid key data.");
  const type = imported.type;
  if (type !== "public" && type !== "private") throw dataError("Invalid key data.");
  if (format === "spki" && type !== "public") throw dataError("SPKI data must hold a public key.");
  if (format === "pkcs8" && type !== "private") throw dataError("PKCS #8 data must hold a private key.");
  if (format === "raw" && type !== "public") throw dataError("Raw key data must hold a public key.");
  if (family === "EC" && imported.namedCurve !== alg.namedCurve) throw dataError("The key's curve does not match the namedCurve.");
  const keyUsages = list.filter((u) => (type === "public" ? allowed.public : allowed.private).includes(u));
  if (keyUsages.length !== list.length) throw syntaxError(`Usages are not valid for a ${type} ${name} key.`);
  if (type === "private" && keyUsages.length === 0) throw syntaxError("Usages cannot be empty when importing a private key.");

  let keyAlg;
  if (family === "RSA") {
    keyAlg = { name, modulusLength: imported.modulusLength, publicExponent: asBytes(imported.publicExponent), hash: alg.hash };
  } else if (family === "EC") {
    keyAlg = { name, namedCurve: alg.namedCurve };
  } else {
    keyAlg = { name };
  }
  return createKey(type, extractable, keyAlg, keyUsages, asBytes(imported.der));
}

async function exportKeyInternal(format, key) {
  const k = keyInternals(key);
  if (!k.extractable) throw invalidAccess("The key is not extractable.");
  const name = k.algorithm.name;
  if (k.type === "secret") {
    if (format === "raw") return k.material.slice();
    if (format === "jwk") {
      if (name === "PBKDF2" || name === "HKDF") throw notSupported(`${name} keys cannot be exported.`);
      const alg = name === "HMAC" ? hmacJwkAlg(k.algorithm.hash.name) : aesJwkAlg(name, k.algorithm.length);
      return jwkObject({ kty: "oct", k: bytesToBase64Url(k.material) }, key, alg);
    }
    throw notSupported(`Secret keys cannot be exported in '${format}' format.`);
  }
  const family = KEY_TYPE_FAMILY[name];
  if (format === "spki" && k.type !== "public") throw invalidAccess("Only public keys can be exported as SPKI.");
  if (format === "pkcs8" && k.type !== "private") throw invalidAccess("Only private keys can be exported as PKCS #8.");
  if (format === "raw" && (family === "RSA" || k.type !== "public")) throw invalidAccess("Only EC and OKP public keys can be exported raw.");
  if (format === "spki" || format === "pkcs8") return k.material.slice();
  const result = await host("exportKey", family === "OKP" ? name : family, format, k.type, k.material);
  if (format === "raw") return asBytes(result).slice();
  let alg;
  if (family === "RSA") alg = rsaJwkAlg(name, k.algorithm.hash.name);
  else if (name === "ECDSA") alg = CURVE_JWK_ALG[k.algorithm.namedCurve];
  else if (name === "Ed25519") alg = "EdDSA";
  const members = {};
  for (const m of ["kty", "crv", "n", "e", "d", "p", "q", "dp", "dq", "qi", "x", "y"]) if (result[m] !== undefined) members[m] = result[m];
  return jwkObject(members, key, alg);
}
