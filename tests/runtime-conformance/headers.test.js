// Headers (Fetch Standard §5.2).
test("constructs empty, from a record, from pairs and from Headers", () => {
  assertEquals([...new Headers()].length, 0);
  assertEquals(new Headers({ "X-A": "1" }).get("x-a"), "1");
  assertEquals(new Headers([["X-A", "1"], ["x-a", "2"]]).get("X-A"), "1, 2");
  const copy = new Headers(new Headers({ a: "b" }));
  assertEquals(copy.get("a"), "b");
});

test("rejects malformed init", () => {
  assertThrows(() => new Headers([["a"]]), TypeError);
  assertThrows(() => new Headers([["a", "b", "c"]]), TypeError);
  assertThrows(() => new Headers(null), TypeError);
  assertThrows(() => new Headers("a"), TypeError);
});

test("names are case-insensitive and lower-cased on iteration", () => {
  const h = new Headers();
  h.append("Content-Type", "text/plain");
  assertEquals(h.get("CONTENT-TYPE"), "text/plain");
  assert(h.has("content-type"));
  assertDeepEquals([...h.keys()], ["content-type"]);
});

test("append combines values with comma-space", () => {
  const h = new Headers();
  h.append("Accept", "a");
  h.append("accept", "b");
  assertEquals(h.get("accept"), "a, b");
});

test("set replaces all values, keeping the first position", () => {
  const h = new Headers([["a", "1"], ["b", "2"], ["a", "3"]]);
  h.set("A", "x");
  assertEquals(h.get("a"), "x");
  assertDeepEquals([...h], [["a", "x"], ["b", "2"]]);
});

test("delete removes all values", () => {
  const h = new Headers([["a", "1"], ["a", "2"]]);
  h.delete("A");
  assertEquals(h.get("a"), null);
  assertEquals(h.has("a"), false);
});

test("get returns null for a missing header", () => {
  assertEquals(new Headers().get("missing"), null);
});

test("iteration is sorted by lower-cased name", () => {
  const h = new Headers([["c", "3"], ["A", "1"], ["b", "2"]]);
  assertDeepEquals([...h.keys()], ["a", "b", "c"]);
  assertDeepEquals([...h.values()], ["1", "2", "3"]);
  assertDeepEquals([...h.entries()], [["a", "1"], ["b", "2"], ["c", "3"]]);
});

test("set-cookie values are not combined in iteration", () => {
  const h = new Headers();
  h.append("Set-Cookie", "a=1");
  h.append("Set-Cookie", "b=2");
  h.append("X", "y");
  assertDeepEquals([...h], [["set-cookie", "a=1"], ["set-cookie", "b=2"], ["x", "y"]]);
  assertEquals(h.get("set-cookie"), "a=1, b=2");
});

test("getSetCookie returns each Set-Cookie value", () => {
  const h = new Headers([["set-cookie", "a=1"], ["Set-Cookie", "b=2, c=3"]]);
  assertDeepEquals(h.getSetCookie(), ["a=1", "b=2, c=3"]);
  assertDeepEquals(new Headers().getSetCookie(), []);
});

test("getAll (Workers) works for Set-Cookie only", () => {
  const h = new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
  assertDeepEquals(h.getAll("Set-Cookie"), ["a=1", "b=2"]);
  assertThrows(() => h.getAll("accept"), TypeError);
});

test("values are stripped of leading and trailing HTTP whitespace", () => {
  const h = new Headers();
  h.append("a", " \t value \r\n");
  assertEquals(h.get("a"), "value");
  h.set("b", "  inner  space  ");
  assertEquals(h.get("b"), "inner  space");
});

test("invalid names throw TypeError", () => {
  const h = new Headers();
  for (const name of ["", "a b", "a:b", "é", "a\nb", "(x)", "a\"b"]) {
    assertThrows(() => h.append(name, "v"), TypeError, JSON.stringify(name));
  }
  assertThrows(() => h.get("a b"), TypeError);
  assertThrows(() => h.has("a b"), TypeError);
  assertThrows(() => h.delete("a b"), TypeError);
});

test("token characters are valid in names", () => {
  const h = new Headers();
  h.append("!#$%&'*+-.^_`|~09azAZ", "v");
  assertEquals(h.get("!#$%&'*+-.^_`|~09azaz"), "v");
});

test("invalid values throw TypeError", () => {
  const h = new Headers();
  assertThrows(() => h.append("a", "x\ny"), TypeError);
  assertThrows(() => h.append("a", "x\ry"), TypeError);
  assertThrows(() => h.append("a", "x\0y"), TypeError);
  assertThrows(() => h.append("a", "\u0100"), TypeError);
});

test("latin-1 values are allowed", () => {
  const h = new Headers();
  h.append("a", "caf\u00e9");
  assertEquals(h.get("a"), "caf\u00e9");
});

test("values are converted to strings", () => {
  const h = new Headers();
  h.append("n", 42);
  h.append("o", { toString() { return "obj"; } });
  assertEquals(h.get("n"), "42");
  assertEquals(h.get("o"), "obj");
});

test("forEach passes value, name and the headers object", () => {
  const h = new Headers([["b", "2"], ["a", "1"]]);
  const seen = [];
  h.forEach(function (value, name, object) { seen.push([name, value, object === h, this]); }, "ctx");
  assertDeepEquals(seen.map((s) => s.slice(0, 3)), [["a", "1", true], ["b", "2", true]]);
  assertEquals(String(seen[0][3]), "ctx");
});

test("iterator sees mutations made during iteration", () => {
  const h = new Headers([["a", "1"], ["c", "3"]]);
  const it = h.keys();
  assertEquals(it.next().value, "a");
  h.append("b", "2");
  assertEquals(it.next().value, "b");
  assertEquals(it.next().value, "c");
  assertEquals(it.next().done, true);
});

test("iterator objects have the Web IDL shape", () => {
  const it = new Headers().entries();
  assertEquals(Object.prototype.toString.call(it), "[object Headers Iterator]");
  assertEquals(typeof it[Symbol.iterator], "function");
  assertEquals(Headers.prototype[Symbol.iterator], Headers.prototype.entries);
});

test("Symbol.toStringTag and enumerable prototype members", () => {
  assertEquals(Object.prototype.toString.call(new Headers()), "[object Headers]");
  assert(Object.keys(Headers.prototype).includes("append"));
  assertEquals(Headers.name, "Headers");
  assertEquals(Headers.prototype.append.length, 2);
});

test("missing arguments throw TypeError", () => {
  const h = new Headers();
  assertThrows(() => h.append("a"), TypeError);
  assertThrows(() => h.get(), TypeError);
  assertThrows(() => h.set("a"), TypeError);
});

test("immutable response headers reject changes", () => {
  const r = Response.error();
  assertThrows(() => r.headers.set("a", "b"), TypeError);
  assertThrows(() => r.headers.append("a", "b"), TypeError);
  assertThrows(() => r.headers.delete("a"), TypeError);
  const redirect = Response.redirect("https://example.com/");
  assertThrows(() => redirect.headers.set("location", "x"), TypeError);
});

test("request and response headers are mutable (no forbidden header names in Workers)", () => {
  const req = new Request("https://example.com", { headers: { Host: "x", Cookie: "c=1" } });
  assertEquals(req.headers.get("host"), "x");
  req.headers.set("Connection", "close");
  assertEquals(req.headers.get("connection"), "close");
  const res = new Response("x");
  res.headers.set("Set-Cookie", "a=b");
  assertEquals(res.headers.get("set-cookie"), "a=b");
});
