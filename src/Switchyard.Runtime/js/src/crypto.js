// The `crypto` global (Web Crypto API §10): getRandomValues, randomUUID, `subtle`, and Workers' DigestStream.
import { callHost } from "./host.js";
import { DOMException } from "./domexception.js";
import { SubtleCrypto, CryptoKey, subtle, digestBytes, normaliseDigestName } from "./subtle.js";
import { WritableStream } from "./streams.js";
import { bufferSourceView, defineInterface, requiredArguments } from "./webidl.js";

const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  BigInt64Array, BigUint64Array];
const MAX_RANDOM_BYTES = 65536;

export function randomBytes(length) {
  if (length === 0) return new Uint8Array(0);
  const bytes = callHost("randomBytes", length);
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.byteLength !== length) throw new DOMException("The host returned the wrong number of random bytes.", "OperationError");
  return view;
}

const CRYPTO_KEY = Symbol("Crypto");

export class Crypto {
  constructor(key) {
    if (key !== CRYPTO_KEY) throw new TypeError("Illegal constructor");
  }

  get subtle() { return subtle; }

  getRandomValues(array) {
    requiredArguments(arguments.length, 1, "Failed to execute 'getRandomValues' on 'Crypto'");
    if (!INTEGER_ARRAYS.some((T) => array instanceof T)) {
      if (ArrayBuffer.isView(array)) {
        throw new DOMException("Failed to execute 'getRandomValues' on 'Crypto': The provided ArrayBufferView is of type '"
          + (array.constructor?.name ?? "DataView") + "', which is not an integer array type.", "TypeMismatchError");
      }
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
    }
    if (array.byteLength > MAX_RANDOM_BYTES) {
      // Workers' message (workerd api/crypto/crypto.c++).
      throw new DOMException(`getRandomValues() only accepts buffers of size <= 64K but provided ${array.byteLength} bytes.`, "QuotaExceededError");
    }
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(randomBytes(array.byteLength));
    return array;
  }

  randomUUID() {
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
defineInterface(Crypto);

/** Workers' `crypto.DigestStream`: a WritableStream whose `digest` promise settles with the hash of all chunks. */
export class DigestStream extends WritableStream {
  #digest;
  constructor(algorithm) {
    requiredArguments(arguments.length, 1, "Failed to construct 'DigestStream'");
    const name = normaliseDigestName(algorithm);
    const chunks = [];
    let resolve;
    let reject;
    const digest = new Promise((res, rej) => { resolve = res; reject = rej; });
    super({
      write(chunk) { chunks.push(bufferSourceView(chunk, "DigestStream chunk").slice()); },
      async close() {
        let total = 0;
        for (const c of chunks) total += c.byteLength;
        const data = new Uint8Array(total);
        let offset = 0;
        for (const c of chunks) { data.set(c, offset); offset += c.byteLength; }
        try {
          resolve((await digestBytes(name, data)).buffer);
        } catch (error) {
          reject(error);
          throw error;
        }
      },
      abort(reason) { reject(reason); },
    });
    digest.catch(() => {});
    this.#digest = digest;
  }
  get digest() { return this.#digest; }
}
defineInterface(DigestStream);
Object.defineProperty(Crypto.prototype, "DigestStream", { value: DigestStream, writable: true, configurable: true, enumerable: false });

export const crypto = new Crypto(CRYPTO_KEY);
export { SubtleCrypto, CryptoKey };
