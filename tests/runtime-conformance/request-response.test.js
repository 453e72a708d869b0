// Request, Response and the Body mixin (Fetch Standard §5.3-5.5).
const enc = new TextEncoder();

test("Request defaults", () => {
  const r = new Request("https://example.com/a?b#c");
  assertEquals(r.method, "GET");
  assertEquals(r.url, "https://example.com/a?b#c");
  assertEquals(r.redirect, "follow");
  assertEquals(r.body, null);
  assertEquals(r.bodyUsed, false);
  assert(r.headers instanceof Headers);
  assert(r.signal instanceof AbortSignal);
  assertEquals(r.signal.aborted, false);
});

test("Request URL must be absolute and valid", () => {
  assertThrows(() => new Request("/relative"), TypeError);
  assertThrows(() => new Request("http://"), TypeError);
  assertEquals(new Request("HTTPS://EXAMPLE.com").url, "https://example.com/");
});

test("methods are validated and normalised", () => {
  assertEquals(new Request("https://a.com", { method: "post" }).method, "POST");
  assertEquals(new Request("https://a.com", { method: "delete" }).method, "DELETE");
  assertEquals(new Request("https://a.com", { method: "patch" }).method, "patch");
  assertEquals(new Request("https://a.com", { method: "PROPFIND" }).method, "PROPFIND");
  assertThrows(() => new Request("https://a.com", { method: "bad method" }), TypeError);
  for (const m of ["CONNECT", "trace", "TRACK"]) assertThrows(() => new Request("https://a.com", { method: m }), TypeError, m);
});

test("GET and HEAD requests cannot have a body", () => {
  assertThrows(() => new Request("https://a.com", { body: "x" }), TypeError);
  assertThrows(() => new Request("https://a.com", { method: "HEAD", body: "x" }), TypeError);
  assertEquals(new Request("https://a.com", { body: null }).body, null);
});

test("redirect mode is validated", () => {
  assertEquals(new Request("https://a.com", { redirect: "manual" }).redirect, "manual");
  assertThrows(() => new Request("https://a.com", { redirect: "bogus" }), TypeError);
});

test("string bodies set text/plain;charset=UTF-8", async () => {
  const r = new Request("https://a.com", { method: "POST", body: "héllo" });
  assertEquals(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(await r.text(), "héllo");
  assertEquals(r.bodyUsed, true);
});

test("explicit Content-Type is kept", async () => {
  const r = new Request("https://a.com", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
  assertEquals(r.headers.get("content-type"), "application/json");
  assertDeepEquals(await r.json(), {});
});

test("URLSearchParams bodies are urlencoded", async () => {
  const r = new Response(new URLSearchParams({ a: "1 2", b: "&" }));
  assertEquals(r.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assertEquals(await r.text(), "a=1+2&b=%26");
});

test("BufferSource bodies are copied and have no content type", async () => {
  const bytes = new Uint8Array([1, 2, 3]);
  const r = new Response(bytes);
  bytes[0] = 9;
  assertEquals(r.headers.get("content-type"), null);
  assertDeepEquals(new Uint8Array(await r.arrayBuffer()), new Uint8Array([1, 2, 3]));
  assertDeepEquals(new Uint8Array(await new Response(new Uint16Array([0x0201]).buffer).arrayBuffer()), new Uint8Array([1, 2]));
  assertDeepEquals(new Uint8Array(await new Response(new DataView(new Uint8Array([5, 6, 7]).buffer, 1)).arrayBuffer()), new Uint8Array([6, 7]));
});

test("Blob bodies take the blob's type", async () => {
  const r = new Response(new Blob(["abc"], { type: "text/x-test" }));
  assertEquals(r.headers.get("content-type"), "text/x-test");
  assertEquals(await r.text(), "abc");
  assertEquals(new Response(new Blob(["x"])).headers.get("content-type"), null);
});

test("FormData bodies are multipart with a boundary", async () => {
  const fd = new FormData();
  fd.append("field", "value");
  fd.append("file", new Blob(["content"], { type: "text/plain" }), "a.txt");
  const r = new Response(fd);
  const type = r.headers.get("content-type");
  assert(/^multipart\/form-data; boundary=.+/.test(type), type);
  const parsed = await r.formData();
  assertEquals(parsed.get("field"), "value");
  const file = parsed.get("file");
  assert(file instanceof File);
  assertEquals(file.name, "a.txt");
  assertEquals(file.type, "text/plain");
  assertEquals(await file.text(), "content");
});

test("ReadableStream bodies", async () => {
  const stream = new ReadableStream({
    start(c) { c.enqueue(enc.encode("ab")); c.enqueue(enc.encode("cd")); c.close(); },
  });
  const r = new Response(stream);
  assertEquals(r.body, stream);
  assertEquals(await r.text(), "abcd");
  assertEquals(r.bodyUsed, true);
});

test("locked or disturbed streams cannot be bodies", () => {
  const s = new ReadableStream();
  s.getReader();
  assertThrows(() => new Response(s), TypeError);
});

test("a body can only be read once", async () => {
  const r = new Response("x");
  await r.text();
  await assertRejects(r.text(), TypeError);
  await assertRejects(r.arrayBuffer(), TypeError);
  assertThrows(() => r.clone(), TypeError);
});

test("null body reads as empty", async () => {
  const r = new Response(null);
  assertEquals(r.body, null);
  assertEquals(await r.text(), "");
  assertEquals(r.bodyUsed, false);
  assertEquals((await r.arrayBuffer()).byteLength, 0);
});

test("body stream is a ReadableStream of Uint8Array chunks", async () => {
  const r = new Response("hello");
  const reader = r.body.getReader();
  const { value, done } = await reader.read();
  assert(value instanceof Uint8Array);
  assertEquals(done, false);
  assertEquals(new TextDecoder().decode(value), "hello");
  assertEquals((await reader.read()).done, true);
  assertEquals(r.bodyUsed, true);
});

test("reading the body stream marks it used; getting it alone does not", async () => {
  const r = new Response("abc");
  const body = r.body;
  assertEquals(r.bodyUsed, false);
  assertEquals(r.body, body);
  await body.getReader().read();
  assertEquals(r.bodyUsed, true);
});

test("text() decodes UTF-8 with replacement and strips a BOM", async () => {
  assertEquals(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff])).text(), "a\uFFFD");
});

test("json() rejects invalid JSON with SyntaxError", async () => {
  await assertRejects(new Response("{").json(), SyntaxError);
});

test("bytes() returns a Uint8Array and blob() keeps the content type", async () => {
  const b = await new Response("xyz").bytes();
  assert(b instanceof Uint8Array);
  assertEquals(b.length, 3);
  const blob = await new Response("xyz", { headers: { "content-type": "Text/Plain" } }).blob();
  assertEquals(blob.type, "text/plain");
  assertEquals(blob.size, 3);
});

test("formData() parses urlencoded bodies", async () => {
  const r = new Response("a=1&b=x+y", { headers: { "content-type": "application/x-www-form-urlencoded" } });
  const fd = await r.formData();
  assertEquals(fd.get("a"), "1");
  assertEquals(fd.get("b"), "x y");
});

test("formData() parses a hand-written multipart body", async () => {
  const body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue 1\r\n"
    + "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"n.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x02\r\n"
    + "--XyZ--\r\n";
  const fd = await new Response(body, { headers: { "content-type": "multipart/form-data; boundary=XyZ" } }).formData();
  assertEquals(fd.get("a"), "value 1");
  const f = fd.get("f");
  assertEquals(f.name, "n.bin");
  assertDeepEquals(new Uint8Array(await f.arrayBuffer()), new Uint8Array([1, 2]));
});

test("formData() rejects other content types and malformed multipart", async () => {
  await assertRejects(new Response("x", { headers: { "content-type": "text/plain" } }).formData(), TypeError);
  await assertRejects(new Response("garbage", { headers: { "content-type": "multipart/form-data; boundary=b" } }).formData(), TypeError);
});

test("Request clone has an independent body", async () => {
  const r = new Request("https://a.com", { method: "PUT", body: "data", headers: { x: "1" } });
  const c = r.clone();
  assertEquals(c.method, "PUT");
  assertEquals(c.headers.get("x"), "1");
  c.headers.set("x", "2");
  assertEquals(r.headers.get("x"), "1");
  assertEquals(await r.text(), "data");
  assertEquals(await c.text(), "data");
});

test("Response clone tees a stream body", async () => {
  const r = new Response(new ReadableStream({ start(c) { c.enqueue(enc.encode("s")); c.close(); } }), { status: 201, statusText: "Made" });
  const c = r.clone();
  assertEquals(c.status, 201);
  assertEquals(c.statusText, "Made");
  assertEquals(await c.text(), "s");
  assertEquals(await r.text(), "s");
});

test("new Request(request) copies fields and takes over the body", async () => {
  const a = new Request("https://a.com/x", { method: "POST", body: "payload", redirect: "manual", headers: { k: "v" } });
  const b = new Request(a);
  assertEquals(b.url, "https://a.com/x");
  assertEquals(b.method, "POST");
  assertEquals(b.redirect, "manual");
  assertEquals(b.headers.get("k"), "v");
  assertEquals(a.bodyUsed, true);
  assertEquals(await b.text(), "payload");
  assertThrows(() => new Request(a), TypeError);
});

test("new Request(request, init) overrides fields", async () => {
  const a = new Request("https://a.com/x", { method: "POST", body: "one", headers: { k: "v" } });
  const b = new Request(a, { method: "PUT", body: "two", headers: { z: "1" } });
  assertEquals(b.method, "PUT");
  assertEquals(b.headers.get("k"), null);
  assertEquals(b.headers.get("z"), "1");
  assertEquals(await b.text(), "two");
  assertEquals(a.bodyUsed, false);
});

test("Request signal follows the init signal", () => {
  const controller = new AbortController();
  const r = new Request("https://a.com", { signal: controller.signal });
  assert(r.signal !== controller.signal);
  assertEquals(r.signal.aborted, false);
  controller.abort("why");
  assertEquals(r.signal.aborted, true);
  assertEquals(r.signal.reason, "why");
  assertThrows(() => new Request("https://a.com", { signal: {} }), TypeError);
});

test("Request cf property (Workers)", () => {
  const r = new Request("https://a.com", { cf: { cacheTtl: 5 } });
  assertEquals(r.cf.cacheTtl, 5);
  assertEquals(new Request(r).cf.cacheTtl, 5);
});

test("Response defaults", () => {
  const r = new Response();
  assertEquals(r.status, 200);
  assertEquals(r.ok, true);
  assertEquals(r.statusText, "");
  assertEquals(r.type, "default");
  assertEquals(r.url, "");
  assertEquals(r.redirected, false);
  assertEquals(r.body, null);
});

test("Response status range and statusText validation", () => {
  assertEquals(new Response(null, { status: 599 }).status, 599);
  assertEquals(new Response(null, { status: 404 }).ok, false);
  for (const status of [0, 100, 199, 600, 1000]) assertThrows(() => new Response(null, { status }), RangeError, String(status));
  assertThrows(() => new Response(null, { statusText: "a\nb" }), TypeError);
  assertThrows(() => new Response(null, { statusText: "\u0100" }), TypeError);
});

test("null-body statuses reject bodies", () => {
  for (const status of [204, 205, 304]) assertThrows(() => new Response("x", { status }), TypeError, String(status));
  assertEquals(new Response(null, { status: 204 }).status, 204);
  assertEquals(new Response("", { status: 200 }).status, 200);
});

test("Response.error()", () => {
  const r = Response.error();
  assertEquals(r.type, "error");
  assertEquals(r.status, 0);
  assertEquals(r.ok, false);
  assertEquals(r.body, null);
});

test("Response.redirect()", () => {
  const r = Response.redirect("https://a.com/x y", 301);
  assertEquals(r.status, 301);
  assertEquals(r.headers.get("location"), "https://a.com/x%20y");
  assertEquals(Response.redirect("https://a.com").status, 302);
  assertThrows(() => Response.redirect("https://a.com", 200), RangeError);
  assertThrows(() => Response.redirect("/relative"), TypeError);
});

test("Response.json()", async () => {
  const r = Response.json({ a: [1, "x"] }, { status: 202, headers: { "x-k": "v" } });
  assertEquals(r.status, 202);
  assertEquals(r.headers.get("content-type"), "application/json");
  assertEquals(r.headers.get("x-k"), "v");
  assertDeepEquals(await r.json(), { a: [1, "x"] });
  assertEquals(Response.json(1, { headers: { "content-type": "application/vnd.x+json" } }).headers.get("content-type"), "application/vnd.x+json");
  assertThrows(() => Response.json(undefined), TypeError);
  assertThrows(() => Response.json(1n), TypeError);
  assertThrows(() => Response.json(null, { status: 204 }), TypeError);
});

test("Response init headers", () => {
  const r = new Response("x", { headers: [["A", "1"]] });
  assertEquals(r.headers.get("a"), "1");
  assertThrows(() => new Response("x", { headers: [["bad name", "1"]] }), TypeError);
});

test("body mixin members are on the prototypes", () => {
  for (const cls of [Request, Response]) {
    for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]) {
      assertEquals(typeof cls.prototype[name], "function", `${cls.name}.${name}`);
    }
    assert(Object.getOwnPropertyDescriptor(cls.prototype, "body").get, `${cls.name}.body getter`);
  }
  assertEquals(Object.prototype.toString.call(new Response()), "[object Response]");
  assertEquals(Object.prototype.toString.call(new Request("https://a.com")), "[object Request]");
});

// WPT fetch/api/response/response-stream-with-broken-then.any.js: reading a body must not go through promises a
// worker can intercept by patching Object.prototype.then.
test("body reads ignore a patched Object.prototype.then", async () => {
  const enc = (s) => new TextEncoder().encode(s);
  const inject = (value) => {
    // eslint-disable-next-line no-extend-native
    Object.prototype.then = (onFulfilled) => { delete Object.prototype.then; onFulfilled(value); };
  };
  try {
    for (const value of [{ done: false, value: enc("bye") }, { done: false, value: undefined }, undefined, 8.2]) {
      const fromStream = new Response(new ReadableStream({ start(c) { c.enqueue(enc("hello")); c.close(); } }));
      inject(value);
      assertEquals(await fromStream.text(), "hello");
      delete Object.prototype.then;
    }
    const fromBytes = new Response(enc("hello"));
    inject({ done: false, value: enc("bye") });
    assertEquals(await fromBytes.text(), "hello");
    delete Object.prototype.then;
    const request = new Request("https://example.com/", { method: "POST", body: new ReadableStream({ start(c) { c.enqueue(enc("body")); c.close(); } }), duplex: "half" });
    inject({ done: false, value: enc("x") });
    assertEquals(await request.text(), "body");
    delete Object.prototype.then;
    const written = [];
    const piped = new Response(new Uint8Array([1, 2, 3]));
    inject({ done: false, value: new Uint8Array([4, 5, 6]) });
    await piped.body.pipeTo(new WritableStream({ write(chunk) { written.push(...chunk); } }));
    delete Object.prototype.then;
    assertDeepEquals(written, [1, 2, 3]);
  } finally {
    delete Object.prototype.then;
  }
});

test("a then getter on Object.prototype is not called by body reads", async () => {
  let gets = 0;
  Object.defineProperty(Object.prototype, "then", { configurable: true, get() { gets++; return undefined; } });
  try {
    const texts = [await new Response("a").text(), await new Response(new Blob(["b"]).stream()).text(),
      await new Request("https://example.com/", { method: "POST", body: "c" }).text()];
    assertDeepEquals(texts, ["a", "b", "c"]);
    assertEquals(gets, 0);
  } finally {
    delete Object.prototype.then;
  }
});
