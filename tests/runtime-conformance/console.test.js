// console (Console Standard) and its util.inspect-like formatting. Needs a runner that exposes the logged lines
// through __conformance_env.takeLogs(); without one the tests are skipped.
const canCapture = typeof globalThis.__conformance_env?.takeLogs === "function";
const skip = canCapture ? null : "the runner does not capture console output";
function logged(fn) {
  __conformance_env.takeLogs();
  fn();
  return __conformance_env.takeLogs();
}
const line = (fn) => logged(fn).map(([, text]) => text).join("\n");

test("levels map to host log levels", () => {
  const out = logged(() => {
    console.log("l"); console.info("i"); console.debug("d"); console.warn("w"); console.error("e");
  });
  assertDeepEquals(out, [["log", "l"], ["info", "i"], ["debug", "d"], ["warn", "w"], ["error", "e"]]);
}, { skip });

test("arguments are joined with spaces; strings are not quoted at top level", () => {
  assertEquals(line(() => console.log("a", 1, true, null, undefined, 2n)), "a 1 true null undefined 2n");
}, { skip });

test("format directives %s %d %i %f %o %O %j %c %%", () => {
  assertEquals(line(() => console.log("%s-%d-%i-%f", "str", 4.5, 4.5, "1.5")), "str-4.5-4-1.5");
  assertEquals(line(() => console.log("%o|%O", [1], { a: 1 })), "[ 1 ]|{ a: 1 }");
  assertEquals(line(() => console.log("%c styled %%", "color: red")), " styled %");
  assertEquals(line(() => console.log("%j", { a: [1] })), "{\"a\":[1]}");
  assertEquals(line(() => console.log("%s %s", "only")), "only %s");
  assertEquals(line(() => console.log("%d", "x", "extra")), "NaN extra");
}, { skip });

test("objects and arrays are inspected", () => {
  assertEquals(line(() => console.log({ a: 1, "b-c": "s", nested: { d: [1, 2] } })), "{ a: 1, 'b-c': 's', nested: { d: [ 1, 2 ] } }");
  assertEquals(line(() => console.log([1, , 3])), "[ 1, <1 empty item>, 3 ]");
  assertEquals(line(() => console.log({ a: { b: { c: { d: 1 } } } })), "{ a: { b: { c: [Object] } } }");
  assertEquals(line(() => console.log([])), "[]");
  assertEquals(line(() => console.log({})), "{}");
}, { skip });

test("cycles are marked", () => {
  const o = { name: "o" };
  o.self = o;
  assertEquals(line(() => console.log(o)), "<ref *1> { name: 'o', self: [Circular *1] }");
}, { skip });

test("Map, Set, typed arrays, dates, regexps, symbols, functions, classes", () => {
  assertEquals(line(() => console.log(new Map([["k", 1]]))), "Map(1) { 'k' => 1 }");
  assertEquals(line(() => console.log(new Set([1, 2]))), "Set(2) { 1, 2 }");
  assertEquals(line(() => console.log(new Uint8Array([1, 2]))), "Uint8Array(2) [ 1, 2 ]");
  assertEquals(line(() => console.log(new Date(0))), "1970-01-01T00:00:00.000Z");
  assertEquals(line(() => console.log(/x/g)), "/x/g");
  assertEquals(line(() => console.log(Symbol("s"))), "Symbol(s)");
  assertEquals(line(() => console.log(function named() {})), "[Function: named]");
  assertEquals(line(() => console.log(class K {})), "[class K]");
  assertEquals(line(() => console.log([-0, NaN])), "[ -0, NaN ]");
}, { skip });

test("URL and URLSearchParams show their members", () => {
  assertEquals(line(() => console.log(new URLSearchParams("a=1&a=2&b="))), "URLSearchParams { 'a' => '1', 'a' => '2', 'b' => '' }");
  assertEquals(line(() => console.log(new URLSearchParams())), "URLSearchParams {}");
  assertEquals(line(() => console.log(new URL("https://user@example.com:8443/a?b=1#h"))), [
    "URL {",
    "  href: 'https://user@example.com:8443/a?b=1#h',",
    "  origin: 'https://example.com:8443',",
    "  protocol: 'https:',",
    "  username: 'user',",
    "  password: '',",
    "  host: 'example.com:8443',",
    "  hostname: 'example.com',",
    "  port: '8443',",
    "  pathname: '/a',",
    "  search: '?b=1',",
    "  searchParams: URLSearchParams { 'b' => '1' },",
    "  hash: '#h'",
    "}",
  ].join("\n"));
  assertEquals(line(() => console.log({ a: { b: { c: new URL("http://x/") } } })), "{ a: { b: { c: URL {} } } }");
}, { skip });

test("class instances show their constructor name", () => {
  class Point { constructor() { this.x = 1; } }
  assertEquals(line(() => console.log(new Point())), "Point { x: 1 }");
  assertEquals(line(() => console.log(Object.create(null))), "[Object: null prototype] {}");
}, { skip });

test("errors print their stack", () => {
  const text = line(() => console.log(new TypeError("bad thing")));
  assert(text.startsWith("TypeError: bad thing"), text);
}, { skip });

test("runtime objects show their interface name", () => {
  assertEquals(line(() => console.log(new Headers())), "Headers {}");
  assert(line(() => console.log(new URL("https://a.com"))).startsWith("URL"));
}, { skip });

test("console.assert, count, countReset", () => {
  assertDeepEquals(logged(() => console.assert(true, "no")), []);
  assertDeepEquals(logged(() => console.assert(false, "failed %s", "x")), [["error", "Assertion failed: failed x"]]);
  assertDeepEquals(logged(() => console.assert(false)), [["error", "Assertion failed"]]);
  assertEquals(line(() => { console.count(); console.count(); console.count("k"); }), "default: 1\ndefault: 2\nk: 1");
  assertEquals(line(() => { console.countReset(); console.count(); }), "default: 1");
}, { skip });

test("console.group indents", () => {
  assertEquals(line(() => { console.group("g"); console.log("inner"); console.groupEnd(); console.log("outer"); }), "g\n  inner\nouter");
}, { skip });

test("console.time and timeEnd report milliseconds", () => {
  const text = line(() => { console.time("t"); console.timeEnd("t"); });
  assert(/^t: \d+(\.\d+)?ms$/.test(text), text);
  assertDeepEquals(logged(() => console.timeEnd("missing")).map(([l]) => l), ["warn"]);
}, { skip });

test("console.table draws a table", () => {
  const text = line(() => console.table([{ a: 1, b: "x" }, { a: 2 }]));
  assertEquals(text, [
    "┌─────────┬───┬───┐",
    "│ (index) │ a │ b │",
    "├─────────┼───┼───┤",
    "│    0    │ 1 │ x │",
    "│    1    │ 2 │   │",
    "└─────────┴───┴───┘",
  ].join("\n"));
}, { skip });

test("console.dir and trace", () => {
  assertEquals(line(() => console.dir({ a: "s" })), "{ a: 's' }");
  assert(line(() => console.trace("here")).startsWith("Trace: here"));
}, { skip });

test("console is a non-enumerable namespace with enumerable methods", () => {
  const d = Object.getOwnPropertyDescriptor(globalThis, "console");
  assertEquals(d.enumerable, false);
  assertEquals(Object.prototype.toString.call(console), "[object console]");
  assert(Object.keys(console).includes("log"));
});
