// Small helpers that give runtime classes the shape Web IDL prescribes: enumerable prototype members,
// Symbol.toStringTag, and argument conversions with the platform's TypeError messages.

/** Makes the prototype's methods and accessors enumerable (as Web IDL does) and sets Symbol.toStringTag. */
export function defineInterface(cls, name = cls.name, { staticsEnumerable = true } = {}) {
  for (const target of staticsEnumerable ? [cls.prototype, cls] : [cls.prototype]) {
    for (const key of Reflect.ownKeys(target)) {
      if (key === "constructor" || key === "prototype" || key === "length" || key === "name" || typeof key === "symbol") continue;
      const desc = Object.getOwnPropertyDescriptor(target, key);
      if (!desc.configurable) continue;
      desc.enumerable = true;
      Object.defineProperty(target, key, desc);
    }
  }
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
  return cls;
}

/** Defines read-only, non-writable constants on both the interface object and its prototype. */
export function defineConstants(cls, constants) {
  for (const [key, value] of Object.entries(constants)) {
    const desc = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(cls, key, desc);
    Object.defineProperty(cls.prototype, key, desc);
  }
}

export function requiredArguments(count, required, context) {
  if (count < required) {
    throw new TypeError(`${context}: ${required} argument${required === 1 ? "" : "s"} required, but only ${count} present.`);
  }
}

export function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** Web IDL DOMString conversion: symbols throw, everything else goes through String(). */
export function toDOMString(value, context = "Value") {
  if (typeof value === "symbol") throw new TypeError(`${context}: cannot convert a Symbol to a string.`);
  return String(value);
}

/** Web IDL ByteString: every code unit must be <= 0xFF. */
export function toByteString(value, context = "Value") {
  const s = toDOMString(value, context);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) throw new TypeError(`${context}: the string contains characters outside of the Latin-1 range.`);
  }
  return s;
}

// HTTP token characters (RFC 9110 tchar) as a table rather than a regular expression: a snapshot keeps no compiled
// expressions, so every isolate would compile one on its first request.
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

/** Whether `s` is a non-empty HTTP token (a header name, a method). */
export function isHttpToken(s) {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] === 0) return false;
  }
  return true;
}

/** Web IDL USVString: lone surrogates become U+FFFD. */
export function toUSVString(value, context = "Value") {
  const s = toDOMString(value, context);
  return toWellFormed(s);
}

export function toWellFormed(s) {
  let out = null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    if (out === null) out = s.split("");
    out[i] = "\uFFFD";
  }
  return out === null ? s : out.join("");
}

/** Web IDL [EnforceRange] / plain unsigned long conversions. */
export function toUnsignedLong(value, { enforceRange = false, clamp = false } = {}, context = "Value") {
  let x = Number(value);
  if (enforceRange) {
    if (!Number.isFinite(x)) throw new TypeError(`${context} is not a finite number.`);
    x = Math.trunc(x);
    if (x < 0 || x > 0xffffffff) throw new TypeError(`${context} is outside the accepted range of 0 to 4294967295.`);
    return x;
  }
  if (clamp) {
    if (Number.isNaN(x)) return 0;
    return Math.min(Math.max(Math.round(x), 0), 0xffffffff);
  }
  if (!Number.isFinite(x)) return 0;
  x = Math.trunc(x) % 2 ** 32;
  return x < 0 ? x + 2 ** 32 : x;
}

export function toLong(value) {
  let x = Number(value);
  if (!Number.isFinite(x)) return 0;
  x = Math.trunc(x) % 2 ** 32;
  if (x < 0) x += 2 ** 32;
  return x >= 2 ** 31 ? x - 2 ** 32 : x;
}

/** Returns a copy of the bytes of a BufferSource (ArrayBuffer or ArrayBufferView). */
export function copyBufferSource(value, context = "Value") {
  const view = bufferSourceView(value, context);
  return view.slice();
}

/** Returns a Uint8Array view (no copy) over a BufferSource. */
export function bufferSourceView(value, context = "Value") {
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer)) {
    return new Uint8Array(value);
  }
  if (!ArrayBuffer.isView(value)) throw new TypeError(`${context} is not an ArrayBuffer or ArrayBufferView.`);
  // An empty view's .buffer is not read: that would give it an ArrayBuffer with a backing store, which the start-up
  // snapshot cannot hold safely (docs/engine.md, "Snapshots and empty ArrayBuffers").
  if (value.byteLength === 0) return new Uint8Array(0);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

export function isBufferSource(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value) ||
    (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer);
}

/** Web IDL sequence<sequence<ByteString>> or record<ByteString, ByteString> conversion used by Headers/URLSearchParams. */
export function toPairs(init, convert, context) {
  if (!isObject(init)) throw new TypeError(`${context}: the provided value is not of type '(record or sequence)'.`);
  const iteratorMethod = init[Symbol.iterator];
  if (iteratorMethod !== undefined && iteratorMethod !== null) {
    if (typeof iteratorMethod !== "function") throw new TypeError(`${context}: @@iterator is not a function.`);
    const pairs = [];
    for (const pair of init) {
      if (!isObject(pair) || typeof pair[Symbol.iterator] !== "function") {
        throw new TypeError(`${context}: each entry must be a sequence.`);
      }
      const items = [...pair];
      if (items.length !== 2) throw new TypeError(`${context}: each entry must contain exactly two items.`);
      pairs.push([convert(items[0]), convert(items[1])]);
    }
    return pairs;
  }
  const pairs = [];
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === "symbol") throw new TypeError(`${context}: record keys cannot be symbols.`);
    pairs.push([convert(key), convert(init[key])]);
  }
  return pairs;
}

/** Makes an iterator object like Web IDL's pair iterators: `next` on a prototype with the right toStringTag. */
export function createIteratorFactory(name) {
  const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const proto = Object.create(iteratorPrototype);
  const state = new WeakMap();
  Object.defineProperty(proto, "next", {
    value: function next() {
      const s = state.get(this);
      if (s === undefined) throw new TypeError(`'next' called on an object that is not a ${name}.`);
      const items = s.source();
      if (s.index >= items.length) return { value: undefined, done: true };
      const [k, v] = items[s.index++];
      return { value: s.kind === "key" ? k : s.kind === "value" ? v : [k, v], done: false };
    },
    writable: true, enumerable: true, configurable: true,
  });
  Object.defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
  return (source, kind) => {
    const it = Object.create(proto);
    state.set(it, { source, kind, index: 0 });
    return it;
  };
}

/** Installs keys/values/entries/forEach/@@iterator over a pair source, the way Web IDL iterable<K, V> does. */
export function definePairIterable(cls, name, getPairs) {
  const make = createIteratorFactory(`${name} Iterator`);
  const methods = {
    entries() { const self = this; getPairs(self); return make(() => getPairs(self), "key+value"); },
    keys() { const self = this; getPairs(self); return make(() => getPairs(self), "key"); },
    values() { const self = this; getPairs(self); return make(() => getPairs(self), "value"); },
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== "function") throw new TypeError(`${name}.forEach: the callback is not a function.`);
      // Re-read the pairs every step: the callback may mutate the object being iterated.
      for (let i = 0; i < getPairs(this).length; i++) {
        const [k, v] = getPairs(this)[i];
        Reflect.apply(callback, thisArg, [v, k, this]);
      }
    },
  };
  for (const [key, fn] of Object.entries(methods)) {
    Object.defineProperty(cls.prototype, key, { value: fn, writable: true, enumerable: true, configurable: true });
  }
  Object.defineProperty(cls.prototype, Symbol.iterator, {
    value: cls.prototype.entries, writable: true, enumerable: false, configurable: true,
  });
}
