// URL and URLSearchParams (URL Standard).
function parts(u) {
  return [u.protocol, u.username, u.password, u.hostname, u.port, u.pathname, u.search, u.hash];
}

test("parses an absolute URL into components", () => {
  const u = new URL("https://user:pa%20ss@Example.COM:8080/a/./b/../c?x=1#frag");
  assertDeepEquals(parts(u), ["https:", "user", "pa%20ss", "example.com", "8080", "/a/c", "?x=1", "#frag"]);
  assertEquals(u.host, "example.com:8080");
  assertEquals(u.origin, "https://example.com:8080");
  assertEquals(u.href, "https://user:pa%20ss@example.com:8080/a/c?x=1#frag");
});

test("default ports are dropped", () => {
  assertEquals(new URL("http://a.com:80/").port, "");
  assertEquals(new URL("https://a.com:443/").href, "https://a.com/");
  assertEquals(new URL("ws://a.com:80").href, "ws://a.com/");
  assertEquals(new URL("https://a.com:80/").port, "80");
});

test("invalid URLs throw TypeError", () => {
  for (const input of ["", "foo", "http://", "https://a b.com", "http://[::1", "https://exa mple.org", "http://a.com:99999"]) {
    assertThrows(() => new URL(input), TypeError, input);
  }
});

test("relative resolution against a base", () => {
  const base = "http://a/b/c/d;p?q";
  const cases = {
    "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/", "/g": "http://a/g",
    "//g": "http://g/", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y", "#s": "http://a/b/c/d;p?q#s",
    "..": "http://a/b/", "../g": "http://a/b/g", "../../g": "http://a/g", "../../../g": "http://a/g",
    "": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "g;x=1/../y": "http://a/b/c/y",
  };
  for (const [rel, expected] of Object.entries(cases)) assertEquals(new URL(rel, base).href, expected, rel);
});

test("base may be a URL object; invalid base throws", () => {
  assertEquals(new URL("x", new URL("https://h.com/a/b")).href, "https://h.com/a/x");
  assertThrows(() => new URL("x", "not a url"), TypeError);
});

test("IPv4 hosts are parsed and normalised", () => {
  assertEquals(new URL("http://192.168.0.1/").hostname, "192.168.0.1");
  assertEquals(new URL("http://0x7f.1/").hostname, "127.0.0.1");
  assertEquals(new URL("http://2130706433/").hostname, "127.0.0.1");
  assertEquals(new URL("http://0300.0250.0.1/").hostname, "192.168.0.1");
  assertThrows(() => new URL("http://256.256.256.256.256/"), TypeError);
  assertThrows(() => new URL("http://1.2.3.256/"), TypeError);
});

test("IPv6 hosts are parsed and compressed", () => {
  assertEquals(new URL("http://[::1]/").hostname, "[::1]");
  assertEquals(new URL("http://[0:0:0:0:0:0:0:1]:8080/").host, "[::1]:8080");
  assertEquals(new URL("http://[2001:DB8:0:0:1:0:0:1]/").hostname, "[2001:db8::1:0:0:1]");
  assertEquals(new URL("http://[::ffff:192.168.0.1]/").hostname, "[::ffff:c0a8:1]");
  assertThrows(() => new URL("http://[1:2:3:4:5:6:7:8:9]/"), TypeError);
  assertThrows(() => new URL("http://[::1::2]/"), TypeError);
});

test("code points UTS #46 ignores are removed from hosts, not punycoded", () => {
  assertEquals(new URL("file://a\u00ADb/p").href, "file://ab/p");
  assertEquals(new URL("https://ex\u00ADample.com/").hostname, "example.com");
  assertEquals(new URL("https://b\u00FC\u200Bcher.example/").hostname, "xn--bcher-kva.example");
  const u = new URL("https://a.example/");
  u.hostname = "so\u00ADft.example";
  assertEquals(u.host, "soft.example");
});

test("international domain names become punycode", () => {
  assertEquals(new URL("https://bücher.example/").hostname, "xn--bcher-kva.example");
  assertEquals(new URL("https://ÉXAMPLE.com/").hostname, "xn--xample-9ua.com");
  assertEquals(new URL("https://xn--bcher-kva.example/").hostname, "xn--bcher-kva.example");
  assertEquals(new URL("https://例え.テスト/").hostname, "xn--r8jz45g.xn--zckzah");
});

test("forbidden host code points fail", () => {
  for (const host of ["a<b", "a>b", "a^b", "a|b", "a%00b"]) assertThrows(() => new URL(`http://${host}/`), TypeError, host);
});

test("percent-encoding sets per component", () => {
  const u = new URL("https://h/a b/ü?q=a b&é#f g`");
  assertEquals(u.pathname, "/a%20b/%C3%BC");
  assertEquals(u.search, "?q=a%20b&%C3%A9");
  assertEquals(u.hash, "#f%20g%60");
  assertEquals(new URL("https://h/p?'").search, "?%27");
  assertEquals(new URL("foo://h/p?'").search, "?'");
  assertEquals(new URL("https://h/{}").pathname, "/%7B%7D");
});

test("backslashes are path separators in special schemes only", () => {
  assertEquals(new URL("https://h\\a\\b").pathname, "/a/b");
  assertEquals(new URL("foo://h/a\\b").pathname, "/a\\b");
});

test("leading/trailing C0 controls and spaces are trimmed; tabs and newlines removed", () => {
  assertEquals(new URL("  https://h/a\n\tb  ").href, "https://h/ab");
});

test("non-special and opaque URLs", () => {
  const m = new URL("mailto:someone@example.com");
  assertEquals(m.protocol, "mailto:");
  assertEquals(m.pathname, "someone@example.com");
  assertEquals(m.origin, "null");
  const d = new URL("data:text/plain,hello world");
  assertEquals(d.pathname, "text/plain,hello world");
  const f = new URL("foo://host:12/path");
  assertEquals(f.host, "host:12");
  assertEquals(new URL("blob:https://a.com/uuid").origin, "https://a.com");
});

test("file URLs", () => {
  assertEquals(new URL("file:///C:/a/../b").href, "file:///C:/b");
  assertEquals(new URL("file://localhost/x").href, "file:///x");
  assertEquals(new URL("file:/x").href, "file:///x");
});

test("setters update components and href", () => {
  const u = new URL("https://a.com/p?q#h");
  u.protocol = "http";
  u.hostname = "b.org";
  u.port = "81";
  u.pathname = "x y";
  u.search = "k=v";
  u.hash = "z";
  u.username = "me";
  u.password = "pw";
  assertEquals(u.href, "http://me:pw@b.org:81/x%20y?k=v#z");
  u.port = "";
  u.search = "";
  u.hash = "";
  assertEquals(u.href, "http://me:pw@b.org/x%20y");
  u.href = "https://c.net/";
  assertEquals(u.host, "c.net");
  assertThrows(() => { u.href = "nope"; }, TypeError);
});

test("setting a special scheme to a non-special one is ignored", () => {
  const u = new URL("https://a.com/");
  u.protocol = "foo";
  assertEquals(u.protocol, "https:");
});

test("toString and toJSON return href", () => {
  const u = new URL("https://a.com/x");
  assertEquals(String(u), "https://a.com/x");
  assertEquals(JSON.stringify({ u }), "{\"u\":\"https://a.com/x\"}");
});

test("URL.canParse and URL.parse", () => {
  assertEquals(URL.canParse("https://a.com"), true);
  assertEquals(URL.canParse("nope"), false);
  assertEquals(URL.canParse("/x", "https://a.com"), true);
  if (typeof URL.parse === "function") {
    assertEquals(URL.parse("nope"), null);
    assertEquals(URL.parse("/x", "https://a.com").href, "https://a.com/x");
  }
});

test("searchParams is live and updates the URL", () => {
  const u = new URL("https://a.com/?a=1&b=2");
  assertEquals(u.searchParams.get("a"), "1");
  u.searchParams.append("c", "3 4");
  assertEquals(u.search, "?a=1&b=2&c=3+4");
  u.search = "?z=9";
  assertEquals(u.searchParams.get("z"), "9");
  assertEquals(u.searchParams.has("a"), false);
  assertEquals(u.searchParams, u.searchParams);
});

test("searchParams made after setters see the URL as it is; href and search replace its list", () => {
  const u = new URL("https://a.com/?a=1");
  u.search = "b=2";
  u.href = "https://b.com/?c=3&c=4";
  assertEquals(u.searchParams.getAll("c").join(), "3,4");
  u.href = "https://b.com/";
  assertEquals(u.searchParams.size, 0);
  u.searchParams.set("d", "é");
  assertEquals(u.href, "https://b.com/?d=%C3%A9");
  u.searchParams.delete("d");
  assertEquals(u.href, "https://b.com/");
  u.hash = "#h";
  u.search = "";
  assertEquals(u.href, "https://b.com/#h");
  assertEquals(new URL("https://a.com/?q=1").searchParams.get("q"), "1");
});

test("members check their receiver and convert their arguments", () => {
  const getter = Object.getOwnPropertyDescriptor(URL.prototype, "href").get;
  assertThrows(() => getter.call({}), TypeError);
  assertThrows(() => URL.prototype.toString.call({}), TypeError);
  const u = new URL("https://a.com/");
  u.pathname = { toString: () => "/from object" };
  assertEquals(u.pathname, "/from%20object");
  u.port = 8080;
  assertEquals(u.host, "a.com:8080");
  assertEquals(URL.length, 1);
  assertEquals(URL.canParse.length, 1);
  assertEquals(URL.parse("nope"), null);
});

test("a Request keeps the URL's serialization", () => {
  for (const input of ["HTTP://EXAMPLE.com:80/a/../b?x#y", "https://a.com", "https://a.com/%7e/é?q=é", "https://xn--nxasmq6b.com/"]) {
    assertEquals(new Request(input).url, new URL(input).href);
  }
  assertThrows(() => new Request("/relative"), TypeError);
  assertEquals(Response.redirect("https://A.com/x/../y").headers.get("location"), "https://a.com/y");
});

test("URLSearchParams parses strings, records and sequences", () => {
  assertEquals(new URLSearchParams("?a=1&b=2&a=3").getAll("a").join(), "1,3");
  assertEquals(new URLSearchParams({ x: "1", y: "2" }).toString(), "x=1&y=2");
  assertEquals(new URLSearchParams([["x", "1"], ["x", "2"]]).toString(), "x=1&x=2");
  assertThrows(() => new URLSearchParams([["x"]]), TypeError);
  assertEquals(new URLSearchParams(new URLSearchParams("a=b")).get("a"), "b");
});

test("URLSearchParams decoding: plus, percent and malformed escapes", () => {
  const p = new URLSearchParams("a=b+c&d=%20e&f=%zz&g=%E2%82%AC&=empty&novalue");
  assertEquals(p.get("a"), "b c");
  assertEquals(p.get("d"), " e");
  assertEquals(p.get("f"), "%zz");
  assertEquals(p.get("g"), "€");
  assertEquals(p.get(""), "empty");
  assertEquals(p.get("novalue"), "");
  assertEquals(p.get("missing"), null);
});

test("URLSearchParams serialisation uses the urlencoded set", () => {
  const p = new URLSearchParams();
  p.append("a b", "c&d=e");
  p.append("x", "*-._~!'()");
  p.append("é", "\u{1F600}");
  assertEquals(p.toString(), "a+b=c%26d%3De&x=*-._%7E%21%27%28%29&%C3%A9=%F0%9F%98%80");
});

test("URLSearchParams set, delete (with value), has (with value), sort, size", () => {
  const p = new URLSearchParams("b=2&a=1&b=3&c=4");
  p.set("b", "9");
  assertEquals(p.toString(), "b=9&a=1&c=4");
  p.sort();
  assertEquals(p.toString(), "a=1&b=9&c=4");
  p.append("a", "2");
  p.delete("a", "1");
  assertEquals(p.getAll("a").join(), "2");
  assertEquals(p.has("a", "2"), true);
  assertEquals(p.has("a", "1"), false);
  assertEquals(p.size, 3);
});

test("URLSearchParams iteration and forEach", () => {
  const p = new URLSearchParams("a=1&b=2");
  assertDeepEquals([...p], [["a", "1"], ["b", "2"]]);
  assertDeepEquals([...p.keys()], ["a", "b"]);
  const seen = [];
  p.forEach((v, k) => seen.push(k + v));
  assertDeepEquals(seen, ["a1", "b2"]);
});

test("sort is stable and by UTF-16 code units", () => {
  const p = new URLSearchParams("z=1&\uFFFD=2&\u{1F600}=3&a=4&z=0");
  p.sort();
  assertDeepEquals([...p.keys()], ["a", "z", "z", "\u{1F600}", "\uFFFD"]);
  assertDeepEquals(p.getAll("z"), ["1", "0"]);
});

test("lone surrogates become U+FFFD", () => {
  assertEquals(new URL("https://a.com/\uD800").pathname, "/%EF%BF%BD");
  assertEquals(new URLSearchParams([["\uDC00", "x"]]).toString(), "%EF%BF%BD=x");
});

test("class shape: names, toStringTag, enumerable members", () => {
  assertEquals(URL.name, "URL");
  assertEquals(Object.prototype.toString.call(new URL("https://a.com")), "[object URL]");
  assertEquals(Object.prototype.toString.call(new URLSearchParams()), "[object URLSearchParams]");
  assert(Object.keys(URL.prototype).includes("href"));
  assertThrows(() => URL(), TypeError);
});

test("plain http(s) URLs parse as the full parser parses them", () => {
  // A base makes the parse take whatwg-url's state machine; without one, plain http(s) URLs take the runtime's
  // fast path (url-fast-path.js) and everything else falls back to the state machine.
  const fullParse = (input) => new URL(input, "about:blank");
  const inputs = [
    "http://example.com", "https://example.com/", "http://EXAMPLE.com/A/b", "http://example.com:80/", "https://example.com:443/x",
    "http://example.com:443/", "https://example.com:80/", "http://example.com:/", "http://example.com:00080/", "http://example.com:0/",
    "http://example.com:65535/", "http://example.com:65536/", "http://example.com:123456/", "http://example.com:8a/",
    "http://example.com./x", "http://example..com/", "http://.example.com/", "http://xn--nxasmq6b.com/", "http://xn--a.com/", "http://a.xn--a/", "http://a.XN--nxasmq6b/",
    "http://1.2.3.4/", "http://0x7f.1/", "http://example.123/", "http://example.0x1/", "http://example.1a/", "http://my_host-1.dev/",
    "http://example.com/a/./b/../c", "http://example.com/%2e/%2E%2e/x", "http://example.com/.%2E/y", "http://example.com/.hidden/..x",
    "http://example.com/a//b/", "http://example.com/a%20b/%zz?q=%41", "http://example.com/@me", "http://user:pw@example.com/",
    "http://example.com?", "http://example.com#", "http://example.com?a=1&b=2#f?g#h", "http://example.com/#?x", "http://example.com/p?q?r",
    "http://example.com/~u/(x)*!$&+,;=:", "http://example.com/'quote'?a'b", "http://example.com/a b", "http://example.com/{x}^`|",
    "HTTP://example.com/", "ws://example.com/", "http://[::1]/", "http://exa%41mple.com/", "http://example.com\\x", "http:example.com/",
    "http:///example.com/", "http://", "https://", "http://é.com/", "http://example.com/é?é#é", " http://example.com/ ",
  ];
  for (const input of inputs) {
    let expected;
    try {
      expected = fullParse(input);
    } catch {
      assertThrows(() => new URL(input), TypeError, input);
      continue;
    }
    const actual = new URL(input);
    assertDeepEquals(parts(actual), parts(expected), input);
    assertEquals(actual.href, expected.href, input);
    assertEquals(actual.searchParams.toString(), expected.searchParams.toString(), input);
  }
});
