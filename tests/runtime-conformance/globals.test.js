// The global scope as a worker sees it: what is installed, with which property attributes, and what is not.
const INTERFACES = ["AbortController", "AbortSignal", "Blob", "ByteLengthQueuingStrategy", "CompressionStream",
  "CountQueuingStrategy", "Crypto", "CryptoKey", "CustomEvent", "DOMException", "DecompressionStream", "Event",
  "EventTarget", "File", "FormData", "Headers", "ReadableByteStreamController", "ReadableStream",
  "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableStreamDefaultController",
  "ReadableStreamDefaultReader", "Request", "Response", "SubtleCrypto", "TextDecoder", "TextDecoderStream",
  "TextEncoder", "TextEncoderStream", "TransformStream", "TransformStreamDefaultController", "URL", "URLPattern",
  "URLSearchParams", "WritableStream", "WritableStreamDefaultController", "WritableStreamDefaultWriter"];
const OPERATIONS = ["atob", "btoa", "fetch", "setTimeout", "setInterval", "clearTimeout", "clearInterval",
  "queueMicrotask", "structuredClone", "addEventListener", "removeEventListener", "dispatchEvent"];

test("interfaces are non-enumerable, writable, configurable functions with matching names", () => {
  for (const name of INTERFACES) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assert(d !== undefined, `${name} is missing`);
    assertEquals(typeof d.value, "function", name);
    assertEquals(d.enumerable, false, `${name} enumerable`);
    assertEquals(d.writable, true, `${name} writable`);
    assertEquals(d.configurable, true, `${name} configurable`);
    assertEquals(d.value.name, name, `${name}.name`);
  }
});

test("interface prototypes carry Symbol.toStringTag", () => {
  for (const name of INTERFACES) {
    const tag = globalThis[name].prototype[Symbol.toStringTag];
    assertEquals(tag, name, `${name}.prototype[Symbol.toStringTag]`);
  }
});

test("operations are enumerable functions", () => {
  for (const name of OPERATIONS) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    assert(d !== undefined, `${name} is missing`);
    assertEquals(typeof d.value, "function", name);
    assertEquals(d.enumerable, true, `${name} enumerable`);
  }
});

test("interfaces require new", () => {
  for (const name of ["Headers", "Request", "Response", "URL", "Blob", "TextEncoder", "Event", "AbortController", "ReadableStream"]) {
    assertThrows(() => globalThis[name]("https://a.com"), TypeError, name);
  }
});

test("self, crypto, navigator, performance, scheduler, console", () => {
  assertEquals(self, globalThis);
  assert(crypto instanceof Crypto);
  assertEquals(navigator.userAgent, "Cloudflare-Workers");
  assertEquals(typeof navigator.hardwareConcurrency, "number");
  assertEquals(typeof performance.now(), "number");
  assertEquals(typeof performance.timeOrigin, "number");
  assertEquals(typeof scheduler.wait, "function");
  assertEquals(typeof console.log, "function");
});

test("performance.now() is monotonic and relative to timeOrigin", async () => {
  const a = performance.now();
  await new Promise((r) => setTimeout(r, 5));
  const b = performance.now();
  assert(b >= a, `${b} >= ${a}`);
  assert(Math.abs(performance.timeOrigin + b - Date.now()) < 1000);
});

test("the host interface and runtime internals are not reachable", () => {
  assertEquals("__switchyard_host" in globalThis, false);
  assertEquals("__switchyard_runtime" in globalThis, false);
  assertEquals(Object.getOwnPropertyNames(globalThis).some((n) => n.startsWith("__switchyard")), false);
  assertEquals(Object.getOwnPropertySymbols(globalThis).length, 0);
});

test("no Node.js or browser-only globals leak in", () => {
  for (const name of ["process", "require", "module", "Buffer", "global", "window", "document", "XMLHttpRequest", "setImmediate"]) {
    assertEquals(name in globalThis, false, name);
  }
});

test("Object.keys of the global object lists operations and attributes but no interfaces", () => {
  const keys = Object.keys(globalThis);
  for (const name of [...OPERATIONS, "self", "crypto", "navigator", "performance", "scheduler"]) assert(keys.includes(name), name);
  for (const name of [...INTERFACES, "console"]) assertEquals(keys.includes(name), false, name);
});

// Float16Array (V8 14.7; node before 24 lacks it): a BufferSource/ArrayBufferView like any typed array, except for
// getRandomValues, which takes integer arrays only.
test("Float16Array is accepted wherever a BufferSource is", async () => {
  const half = new Float16Array([1.5, -2, 65504]);
  const raw = new Uint8Array(half.buffer).slice();
  assertDeepEquals(Array.from(new Uint8Array(await new Blob([half]).arrayBuffer())), Array.from(raw));
  assertDeepEquals(Array.from(new Uint8Array(await new Response(half).arrayBuffer())), Array.from(raw));
  const text = new Float16Array(new Uint8Array([104, 105, 33, 33]).buffer);  // "hi!!"
  assertEquals(new TextDecoder().decode(text), "hi!!");
  const gz = new Blob([half]).stream().pipeThrough(new CompressionStream("gzip"));
  const back = await new Response(gz.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  assertDeepEquals(Array.from(new Float16Array(back)), [1.5, -2, 65504]);
  const writer = new CompressionStream("deflate-raw");
  const w = writer.writable.getWriter();
  w.write(half); w.close();
  const inflated = await new Response(writer.readable.pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer();
  assertDeepEquals(Array.from(new Uint8Array(inflated)), Array.from(raw));
  assertEquals((await crypto.subtle.digest("SHA-256", half)).byteLength, 32);
  const clone = structuredClone({ half });
  assert(clone.half instanceof Float16Array, "structuredClone keeps the type");
  assertDeepEquals(Array.from(clone.half), [1.5, -2, 65504]);
  const e = assertThrows(() => crypto.getRandomValues(new Float16Array(4)), "TypeMismatchError");
  assert(e.message.includes("Float16Array"), e.message);
}, typeof Float16Array === "function" ? {} : { skip: "this engine has no Float16Array" });
