// URLPattern (URL Pattern Standard).
test("pathname patterns with named groups", () => {
  const p = new URLPattern({ pathname: "/books/:id" });
  assertEquals(p.test("https://example.com/books/123"), true);
  assertEquals(p.test("https://example.com/books"), false);
  const m = p.exec("https://example.com/books/123");
  assertEquals(m.pathname.groups.id, "123");
  assertEquals(m.pathname.input, "/books/123");
});

test("constructor string with base URL", () => {
  const p = new URLPattern("/api/*", "https://example.com");
  assertEquals(p.protocol, "https");
  assertEquals(p.hostname, "example.com");
  assertEquals(p.pathname, "/api/*");
  assertEquals(p.test("https://example.com/api/x/y"), true);
  assertEquals(p.test("http://example.com/api/x"), false);
  assertEquals(p.exec("https://example.com/api/x/y").pathname.groups[0], "x/y");
});

test("full URL pattern strings", () => {
  const p = new URLPattern("https://:sub.example.com/:path*");
  const m = p.exec("https://api.example.com/a/b");
  assertEquals(m.hostname.groups.sub, "api");
  assertEquals(m.pathname.groups.path, "a/b");
  assertEquals(p.test("https://example.org/"), false);
});

test("modifiers, regexp groups and optional segments", () => {
  assertEquals(new URLPattern({ pathname: "/a/:id(\\d+)" }).test({ pathname: "/a/42" }), true);
  assertEquals(new URLPattern({ pathname: "/a/:id(\\d+)" }).test({ pathname: "/a/x" }), false);
  const opt = new URLPattern({ pathname: "/files{/:name}?" });
  assertEquals(opt.test({ pathname: "/files" }), true);
  assertEquals(opt.test({ pathname: "/files/x" }), true);
  const plus = new URLPattern({ pathname: "/p/:rest+" });
  assertEquals(plus.test({ pathname: "/p" }), false);
  assertEquals(plus.exec({ pathname: "/p/a/b" }).pathname.groups.rest, "a/b");
});

test("search and hash components", () => {
  const p = new URLPattern({ search: "q=:term", hash: "section-:n" });
  const m = p.exec("https://x.com/?q=cats#section-2");
  assertEquals(m.search.groups.term, "cats");
  assertEquals(m.hash.groups.n, "2");
});

test("ignoreCase option", () => {
  const p = new URLPattern({ pathname: "/About" }, { ignoreCase: true });
  assertEquals(p.test({ pathname: "/about" }), true);
  assertEquals(new URLPattern({ pathname: "/About" }).test({ pathname: "/about" }), false);
});

test("exec returns null for no match and inputs echo the arguments", () => {
  const p = new URLPattern({ pathname: "/x" });
  assertEquals(p.exec("https://a.com/y"), null);
  const m = p.exec("/x", "https://a.com");
  assertDeepEquals(m.inputs, ["/x", "https://a.com"]);
});

test("invalid patterns throw TypeError", () => {
  assertThrows(() => new URLPattern({ pathname: "/:id(" }), TypeError);
  assertThrows(() => new URLPattern("/relative"), TypeError);
  assertThrows(() => new URLPattern({ pathname: "/(a(b))" }), TypeError);
});

test("component getters normalise patterns", () => {
  const p = new URLPattern({ protocol: "HTTPS", hostname: "EXAMPLE.com", pathname: "/a b" });
  assertEquals(p.protocol, "https");
  assertEquals(p.hostname, "example.com");
  assertEquals(p.pathname, "/a%20b");
  assertEquals(p.port, "*");
});

test("class shape", () => {
  assertEquals(Object.prototype.toString.call(new URLPattern({})), "[object URLPattern]");
  assertEquals(URLPattern.name, "URLPattern");
});
