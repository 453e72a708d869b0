// structuredClone (HTML §2.7).
test("primitives are returned as-is", () => {
  for (const v of [1, -0, NaN, "s", true, null, undefined, 10n]) assert(Object.is(structuredClone(v), v), String(v));
});

test("plain objects and arrays are deep copies", () => {
  const src = { a: [1, { b: 2 }], c: "x" };
  const copy = structuredClone(src);
  assertDeepEquals(copy, src);
  assert(copy !== src && copy.a !== src.a && copy.a[1] !== src.a[1]);
});

test("cycles and shared references keep their shape", () => {
  const o = { name: "o" };
  o.self = o;
  o.list = [o, o];
  const c = structuredClone(o);
  assertEquals(c.self, c);
  assertEquals(c.list[0], c);
  assertEquals(c.list[1], c);
  const shared = {};
  const pair = structuredClone([shared, shared]);
  assertEquals(pair[0], pair[1]);
});

test("Map and Set, including object keys", () => {
  const key = { k: 1 };
  const m = structuredClone(new Map([[key, "v"], ["s", key]]));
  const [[k, v], [s, ref]] = [...m];
  assertEquals(v, "v");
  assertEquals(s, "s");
  assertEquals(ref, k);
  assertDeepEquals([...structuredClone(new Set([1, "2"]))], [1, "2"]);
});

test("Date, RegExp and wrapper objects", () => {
  const d = structuredClone(new Date(1234));
  assert(d instanceof Date);
  assertEquals(d.getTime(), 1234);
  const r = structuredClone(/ab+c/gi);
  assertEquals(r.source, "ab+c");
  assertEquals(r.flags, "gi");
  assertEquals(typeof structuredClone(Object(5)), "object");
  assertEquals(structuredClone(Object("s")).valueOf(), "s");
  assertEquals(structuredClone(Object(false)).valueOf(), false);
  assertEquals(structuredClone(Object(3n)).valueOf(), 3n);
});

test("ArrayBuffer, typed arrays and DataView; views share a cloned buffer", () => {
  const buf = new ArrayBuffer(8);
  const a = new Uint8Array(buf, 2, 3);
  const b = new Uint16Array(buf);
  a[0] = 7;
  const [ca, cb] = structuredClone([a, b]);
  assert(ca instanceof Uint8Array && cb instanceof Uint16Array);
  assertEquals(ca.buffer, cb.buffer);
  assert(ca.buffer !== buf);
  assertEquals(ca.byteOffset, 2);
  assertEquals(ca[0], 7);
  const dv = structuredClone(new DataView(buf, 1, 4));
  assertEquals(dv.byteLength, 4);
  const big = structuredClone(new BigInt64Array([5n]));
  assertEquals(big[0], 5n);
  const f = structuredClone(new Float64Array([1.5]));
  assertEquals(f[0], 1.5);
});

test("errors keep name, message and stack", () => {
  const e = structuredClone(new RangeError("out"));
  assert(e instanceof RangeError);
  assertEquals(e.message, "out");
  assertEquals(typeof e.stack, "string");
  const custom = new Error("c");
  custom.name = "CustomError";
  assertEquals(structuredClone(custom).name, "Error");
  const withCause = structuredClone(new Error("outer", { cause: { inner: 1 } }));
  assertEquals(withCause.cause.inner, 1);
});

test("DOMException, Blob and File are serializable", async () => {
  const d = structuredClone(new DOMException("m", "DataError"));
  assert(d instanceof DOMException);
  assertEquals(d.name, "DataError");
  assertEquals(d.code, 0);
  const b = structuredClone(new Blob(["xyz"], { type: "text/plain" }));
  assertEquals(await b.text(), "xyz");
  assertEquals(b.type, "text/plain");
  const f = structuredClone(new File(["q"], "f.txt", { lastModified: 7 }));
  assertEquals(f.name, "f.txt");
  assertEquals(f.lastModified, 7);
});

test("functions, symbols, promises, weak collections and platform objects throw DataCloneError", () => {
  const cases = [() => {}, Symbol("s"), Promise.resolve(), new WeakMap(), new WeakSet(), { f() {} }, [Symbol.iterator],
    new Request("https://a.com"), new Response(), new Headers(), new ReadableStream(), new URL("https://a.com"), new AbortController()];
  for (const value of cases) {
    const e = assertThrows(() => structuredClone(value), DOMException, String(typeof value));
    assertEquals(e.name, "DataCloneError");
    assertEquals(e.code, 25);
  }
});

test("class instances lose their prototype; getters are read; non-enumerable and symbol keys are dropped", () => {
  class P { constructor() { this.x = 1; } get y() { return 2; } }
  const c = structuredClone(new P());
  assertEquals(Object.getPrototypeOf(c), Object.prototype);
  assertDeepEquals(c, { x: 1 });
  const o = { get g() { return "read"; }, [Symbol("s")]: 1 };
  Object.defineProperty(o, "hidden", { value: 1, enumerable: false });
  assertDeepEquals(structuredClone(o), { g: "read" });
});

test("arrays keep holes, length and extra properties", () => {
  const a = [1, , 3];
  a.extra = "e";
  const c = structuredClone(a);
  assertEquals(c.length, 3);
  assertEquals(1 in c, false);
  assertEquals(c.extra, "e");
});

test("transfer list validation", () => {
  const buf = new ArrayBuffer(4);
  const c = structuredClone(buf, { transfer: [buf] });
  assertEquals(c.byteLength, 4);
  assertThrows(() => structuredClone(1, { transfer: [buf, buf] }), "DataCloneError");
  assertThrows(() => structuredClone(1, { transfer: [{}] }), "DataCloneError");
  assertThrows(() => structuredClone(), TypeError);
});

test("transferred ArrayBuffers are detached in the source", () => {
  const buf = new ArrayBuffer(8);
  const copy = structuredClone(buf, { transfer: [buf] });
  assertEquals(copy.byteLength, 8);
  assertEquals(buf.byteLength, 0, "source detached");
});

test("CryptoKey is serializable", async () => {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["encrypt"]);
  const copy = structuredClone(key);
  assert(copy instanceof CryptoKey);
  assertEquals(copy.algorithm.length, 128);
});
