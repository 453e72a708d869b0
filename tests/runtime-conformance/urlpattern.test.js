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

// The cases below follow WPT urlpattern/resources/urlpatterntestdata.json, where urlpattern-polyfill 10.1.0 departs
// from the standard (build.mjs patches it; see src/Switchyard.Runtime/js/src/vendor-shims/urlpattern-fixes.js).
test("ports are canonicalized like the URL port setter", () => {
  const p = new URLPattern({ port: "80" });
  for (const input of ["80", "8\t0", "80x", "80?x", "80\\x", "0080"]) {
    const m = p.exec({ port: input });
    assert(m !== null, `port ${JSON.stringify(input)} should match`);
    assertEquals(m.port.input, "80");
  }
  assertEquals(p.test({ port: "invalid80" }), false);
  assertEquals(p.test({ port: "65536" }), false);
  assertEquals(new URLPattern({ protocol: "http", port: "80 " }).port, "80");
  assertEquals(new URLPattern({ port: "0443" }).port, "443");
  assertThrows(() => new URLPattern({ protocol: "http", port: "100000" }), TypeError);
  assertThrows(() => new URLPattern({ port: "x80" }), TypeError);
});

test("default ports of special schemes are dropped, wss included", () => {
  assertEquals(new URLPattern({ protocol: "wss", port: "443" }).port, "");
  assertEquals(new URLPattern({ protocol: "ws", port: "80" }).port, "");
  assertEquals(new URLPattern({ protocol: "https", port: "443" }).port, "");
  assertEquals(new URLPattern({ protocol: "https", port: "80" }).port, "80");
  assertEquals(new URLPattern("wss://example.com:443/").test("wss://example.com/"), true);
  // An input's port is its protocol's default port: "" after canonicalization, whatever it was written as.
  assertEquals(new URLPattern({ protocol: "http", port: "" }).test({ protocol: "http", port: "8\t0" }), true);
});

test("hostnames are canonicalized like the URL hostname setter", () => {
  assertEquals(new URLPattern({ hostname: "bad#hostname" }).hostname, "bad");
  assertEquals(new URLPattern({ hostname: "bad/hostname" }).hostname, "bad");
  assertEquals(new URLPattern({ hostname: "bad\\\\hostname" }).hostname, "bad");
  assertEquals(new URLPattern({ hostname: "bad\nhost\tname" }).hostname, "badhostname");
  assertEquals(new URLPattern({ protocol: "http", hostname: "example.com/ignoredpath" }).test("http://example.com/"), true);
  assertEquals(new URLPattern("https://{sub.}?example{.com/}foo").hostname, "{sub.}?example.com");
  for (const bad of ["bad%hostname", "bad\\:hostname", "bad^hostname", "bad|hostname", "bad<hostname"]) {
    assertThrows(() => new URLPattern({ hostname: bad }), TypeError);
  }
});

test("hostnames drop the code points UTS #46 ignores, as URL does", () => {
  const p = new URLPattern({ hostname: "ex\u00ADample.com" });
  assertEquals(p.hostname, new URL("http://ex\u00ADample.com/").hostname);
  assertEquals(p.hostname, "example.com");
  assertEquals(p.test("https://example.com/"), true);
  assertEquals(p.test({ hostname: "exam\u00ADple.com" }), true);
  assertEquals(new URLPattern({ hostname: "caf\u00ADé.com" }).hostname, "xn--caf-dma.com");
});

test("group names are Unicode identifiers, astral ones included", () => {
  assertEquals(new URLPattern({ pathname: "/:café" }).exec({ pathname: "/foo" }).pathname.groups["café"], "foo");
  assertEquals(new URLPattern({ hostname: ":café" }).exec({ hostname: "foo" }).hostname.groups["café"], "foo");
  assertEquals(new URLPattern({ pathname: "/:\u{20000}" }).exec({ pathname: "/x" }).pathname.groups["\u{20000}"], "x");
  assertEquals(new URLPattern({ pathname: ":a\u{E0100}b" }).pathname, ":a\u{E0100}b");
  assertEquals(new URLPattern({ pathname: "test/:a\u{10450}b" }).test({ pathname: "test/foo" }), true);
  assertThrows(() => new URLPattern({ pathname: ":\u{1F6B2}" }), TypeError);
});

test("regexp groups use the v flag (set notation)", () => {
  const p = new URLPattern({ pathname: "/([[a-z]--a])" });
  assertEquals(p.test({ pathname: "/z" }), true);
  assertEquals(p.test({ pathname: "/a" }), false);
  assertEquals(new URLPattern({ pathname: "/([\\d&&[0-1]])" }).test({ pathname: "/0" }), true);
  assertEquals(new URLPattern({ pathname: "/([\\d&&[0-1]])" }).test({ pathname: "/3" }), false);
});
