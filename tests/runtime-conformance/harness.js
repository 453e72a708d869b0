// A tiny test harness that runs INSIDE a context where only the Switchyard runtime bundle is installed.
// Test files call test(name, fn) and the assertion helpers below; a runner calls __conformance.run(fileLabel)
// and gets back { passed, failed, skipped, results: [{ name, status, message }] }.
(function () {
  "use strict";
  const tests = [];

  class AssertionError extends Error {
    get name() { return "AssertionError"; }
  }

  function show(value) {
    try {
      if (typeof value === "string") return JSON.stringify(value);
      if (typeof value === "bigint") return `${value}n`;
      if (typeof value === "symbol" || typeof value === "function") return String(value);
      if (value instanceof Uint8Array) return `Uint8Array [${Array.from(value).join(", ")}]`;
      const json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      return String(value);
    }
  }

  function fail(message) { throw new AssertionError(message); }

  function assert(condition, message = "assertion failed") {
    if (!condition) fail(message);
  }

  function assertEquals(actual, expected, message = "") {
    if (!Object.is(actual, expected)) fail(`${message ? `${message}: ` : ""}expected ${show(expected)}, got ${show(actual)}`);
  }

  function deepEqual(a, b, seen = new Map()) {
    if (Object.is(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
    if (seen.get(a) === b) return true;
    seen.set(a, b);
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
      const x = new Uint8Array(a.buffer ?? a, a.byteOffset ?? 0, a.byteLength);
      const y = new Uint8Array(b.buffer ?? b, b.byteOffset ?? 0, b.byteLength);
      return x.length === y.length && x.every((v, i) => v === y[i]);
    }
    if (a instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof Map || a instanceof Set) {
      if (a.size !== b.size) return false;
      const ea = [...a.entries()];
      const eb = [...b.entries()];
      return ea.every((e, i) => deepEqual(e, eb[i], seen));
    }
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    return ka.every((k, i) => k === kb[i] && deepEqual(a[k], b[k], seen));
  }

  function assertDeepEquals(actual, expected, message = "") {
    if (!deepEqual(actual, expected)) fail(`${message ? `${message}: ` : ""}expected ${show(expected)}, got ${show(actual)}`);
  }

  function matchesError(error, expected) {
    if (expected === undefined) return true;
    if (typeof expected === "string") return error !== null && typeof error === "object" && error.name === expected;
    return error instanceof expected;
  }

  function errorLabel(expected) {
    return typeof expected === "string" ? expected : expected?.name ?? "an error";
  }

  function assertThrows(fn, expected = undefined, message = "") {
    try {
      fn();
    } catch (error) {
      if (!matchesError(error, expected)) {
        fail(`${message ? `${message}: ` : ""}expected ${errorLabel(expected)}, got ${error?.name}: ${error?.message}`);
      }
      return error;
    }
    fail(`${message ? `${message}: ` : ""}expected ${errorLabel(expected)} to be thrown`);
  }

  async function assertRejects(promiseOrFn, expected = undefined, message = "") {
    try {
      await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
    } catch (error) {
      if (!matchesError(error, expected)) {
        fail(`${message ? `${message}: ` : ""}expected rejection with ${errorLabel(expected)}, got ${error?.name}: ${error?.message}`);
      }
      return error;
    }
    fail(`${message ? `${message}: ` : ""}expected rejection with ${errorLabel(expected)}`);
  }

  function bytes(...values) { return new Uint8Array(values); }

  function test(name, fn, options = {}) {
    tests.push({ name, fn, skip: options.skip ?? null, timeout: options.timeout ?? 5000 });
  }

  function withTimeout(promise, ms) {
    let id;
    const timeout = new Promise((_, reject) => {
      id = setTimeout(() => reject(new AssertionError(`timed out after ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(id));
  }

  async function run() {
    const results = [];
    for (const t of tests.splice(0)) {
      if (t.skip) { results.push({ name: t.name, status: "skipped", message: t.skip }); continue; }
      try {
        await withTimeout(Promise.resolve().then(t.fn), t.timeout);
        results.push({ name: t.name, status: "passed", message: "" });
      } catch (error) {
        const message = error && typeof error === "object" ? `${error.name}: ${error.message}` : String(error);
        results.push({ name: t.name, status: "failed", message });
      }
    }
    const count = (s) => results.filter((r) => r.status === s).length;
    return { passed: count("passed"), failed: count("failed"), skipped: count("skipped"), results };
  }

  const api = { test, assert, assertEquals, assertDeepEquals, assertThrows, assertRejects, bytes, fail, AssertionError };
  for (const [name, value] of Object.entries(api)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(globalThis, "__conformance", { value: { run }, configurable: true, enumerable: false });
})();
