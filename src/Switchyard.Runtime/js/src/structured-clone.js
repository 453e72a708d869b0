// structuredClone (HTML §2.7): StructuredSerialize + StructuredDeserialize fused into one in-memory copy that
// keeps identity (cycles, shared buffers) and throws DataCloneError for what the algorithm cannot serialize.
import { DOMException, isDOMException } from "./domexception.js";
import { Blob, File, blobBytes, createBlob, createFile } from "./blob.js";
import { CryptoKey, cloneCryptoKey } from "./subtle.js";
import { isObject, requiredArguments } from "./webidl.js";

const platformInterfaces = [];
/** Runtime classes whose instances are platform objects that are not serializable. */
export function registerNonSerializable(...classes) { platformInterfaces.push(...classes); }

const ERROR_CONSTRUCTORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
const TYPED_ARRAYS = { Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array };
// Float16Array is looked up when a clone meets one, not when the bundle is evaluated: V8 14.7 installs it on each
// context it creates, after the start-up snapshot's evaluation, where it is absent (as in node before 24).
const typedArrayConstructor = (tag) =>
  TYPED_ARRAYS[tag] ?? (tag === "Float16Array" && typeof Float16Array === "function" ? Float16Array : undefined);

const tagOf = (value) => Object.prototype.toString.call(value).slice(8, -1);
const cloneError = (what) => new DOMException(`${what} could not be cloned.`, "DataCloneError");

function describe(value) {
  if (typeof value === "function") return `${Function.prototype.toString.call(value).slice(0, 60)}`;
  if (typeof value === "symbol") return value.toString();
  return `#<${value?.constructor?.name ?? "Object"}>`;
}

class Cloner {
  constructor() { this.memory = new Map(); }

  clone(value) {
    if (typeof value === "symbol") throw cloneError(describe(value));
    if (!isObject(value)) return value;
    if (this.memory.has(value)) return this.memory.get(value);
    if (typeof value === "function") throw cloneError(describe(value));

    const tag = tagOf(value);
    let copy;
    if (tag === "Boolean") copy = Object(Boolean.prototype.valueOf.call(value));
    else if (tag === "Number") copy = Object(Number.prototype.valueOf.call(value));
    else if (tag === "BigInt") copy = Object(BigInt.prototype.valueOf.call(value));
    else if (tag === "String" && !Array.isArray(value)) copy = Object(String.prototype.valueOf.call(value));
    else if (tag === "Date") copy = new Date(Date.prototype.getTime.call(value));
    else if (tag === "RegExp") copy = new RegExp(value.source, value.flags);
    else if (value instanceof ArrayBuffer) copy = value.slice(0);
    else if (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer) copy = value;
    else if (ArrayBuffer.isView(value)) {
      const buffer = this.clone(value.buffer);
      if (value instanceof DataView) copy = new DataView(buffer, value.byteOffset, value.byteLength);
      else {
        const T = typedArrayConstructor(tag);
        if (T === undefined) throw cloneError(describe(value));
        copy = new T(buffer, value.byteOffset, value.length);
      }
    } else if (isDOMException(value)) {
      copy = new DOMException(value.message, value.name);
    } else if (value instanceof CryptoKey) {
      copy = cloneCryptoKey(value);
    } else if (value instanceof File) {
      copy = createFile(blobBytes(value), value.type, value.name, value.lastModified);
    } else if (value instanceof Blob) {
      copy = createBlob(blobBytes(value), value.type);
    } else if (tag === "Error" || value instanceof Error) {
      copy = this.cloneError(value);
    } else if (platformInterfaces.some((cls) => value instanceof cls) || tag === "Promise" || tag === "WeakMap"
      || tag === "WeakSet" || tag === "WeakRef" || tag === "Symbol" || tag === "Generator" || tag === "Proxy") {
      throw cloneError(describe(value));
    }
    if (copy !== undefined) {
      this.memory.set(value, copy);
      return copy;
    }

    if (tag === "Map") {
      copy = new Map();
      this.memory.set(value, copy);
      const entries = [...Map.prototype.entries.call(value)];
      for (const [k, v] of entries) copy.set(this.clone(k), this.clone(v));
      return copy;
    }
    if (tag === "Set") {
      copy = new Set();
      this.memory.set(value, copy);
      const items = [...Set.prototype.values.call(value)];
      for (const v of items) copy.add(this.clone(v));
      return copy;
    }
    copy = Array.isArray(value) ? new Array(value.length) : {};
    this.memory.set(value, copy);
    for (const key of Object.keys(value)) {
      if (Object.prototype.hasOwnProperty.call(value, key)) copy[key] = this.clone(value[key]);
    }
    return copy;
  }

  cloneError(value) {
    let name = value.name;
    if (!Object.prototype.hasOwnProperty.call(ERROR_CONSTRUCTORS, name)) name = "Error";
    const message = Object.prototype.hasOwnProperty.call(value, "message") ? String(value.message) : undefined;
    const copy = Object.create(ERROR_CONSTRUCTORS[name].prototype);
    if (message !== undefined) {
      Object.defineProperty(copy, "message", { value: message, writable: true, configurable: true, enumerable: false });
    }
    const stack = value.stack;
    if (typeof stack === "string") Object.defineProperty(copy, "stack", { value: stack, writable: true, configurable: true, enumerable: false });
    if (Object.prototype.hasOwnProperty.call(value, "cause")) {
      Object.defineProperty(copy, "cause", { value: this.clone(value.cause), writable: true, configurable: true, enumerable: false });
    }
    return copy;
  }
}

export function structuredClone(value, options = undefined) {
  requiredArguments(arguments.length, 1, "Failed to execute 'structuredClone'");
  if (options !== undefined && options !== null && !isObject(options)) {
    throw new TypeError("Failed to execute 'structuredClone': The provided value is not of type 'StructuredSerializeOptions'.");
  }
  const transfer = options?.transfer === undefined ? [] : [...options.transfer];
  const seen = new Set();
  for (const item of transfer) {
    if (!(item instanceof ArrayBuffer)) throw cloneError(`Value ${describe(item)} in the transfer list`);
    if (seen.has(item)) throw new DOMException("An ArrayBuffer is duplicated in the transfer list.", "DataCloneError");
    seen.add(item);
  }
  for (const buffer of transfer) {
    if (buffer.detached) throw new DOMException("An ArrayBuffer is detached and could not be cloned.", "DataCloneError");
  }
  const copy = new Cloner().clone(value);
  // Transferring detaches the source buffers (the copy already holds their bytes).
  for (const buffer of transfer) buffer.transfer(0);
  return copy;
}
