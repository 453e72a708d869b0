// fetch() (Fetch Standard §5.6) against the runner's loopback test server (__conformance_env.httpOrigin).
const origin = globalThis.__conformance_env?.httpOrigin;
const skip = origin ? null : "the runner provides no test HTTP server";

test("GET returns status, headers and a streamed body", async () => {
  const r = await fetch(`${origin}/echo?x=1`);
  assertEquals(r.status, 200);
  assertEquals(r.ok, true);
  assertEquals(r.url, `${origin}/echo?x=1`);
  assertEquals(r.redirected, false);
  assertEquals(r.headers.get("content-type"), "application/json");
  assert(r.body instanceof ReadableStream);
  const echo = await r.json();
  assertEquals(echo.method, "GET");
  assertEquals(echo.path, "/echo?x=1");
}, { skip });

test("request method, headers and body reach the server", async () => {
  const r = await fetch(`${origin}/echo`, { method: "POST", headers: { "X-Custom": "yes" }, body: "payload" });
  const echo = await r.json();
  assertEquals(echo.method, "POST");
  assertEquals(echo.headers["x-custom"], "yes");
  assertEquals(echo.headers["content-type"], "text/plain;charset=UTF-8");
  assertEquals(echo.body, "payload");
}, { skip });

test("a Request object can be passed; init overrides it", async () => {
  const req = new Request(`${origin}/echo`, { method: "PUT", body: "from request" });
  const echo = await (await fetch(req)).json();
  assertEquals(echo.method, "PUT");
  assertEquals(echo.body, "from request");
  assertEquals(req.bodyUsed, true);
  const echo2 = await (await fetch(new Request(`${origin}/echo`), { method: "DELETE" })).json();
  assertEquals(echo2.method, "DELETE");
}, { skip });

test("stream request bodies are sent", async () => {
  const body = ReadableStream.from([new TextEncoder().encode("st"), new TextEncoder().encode("ream")]);
  const echo = await (await fetch(`${origin}/echo`, { method: "POST", body, duplex: "half" })).json();
  assertEquals(echo.body, "stream");
}, { skip });

test("FormData and URLSearchParams bodies", async () => {
  const fd = new FormData();
  fd.append("k", "v");
  const echo = await (await fetch(`${origin}/echo`, { method: "POST", body: fd })).json();
  assert(echo.headers["content-type"].startsWith("multipart/form-data; boundary="));
  assert(echo.body.includes("name=\"k\"\r\n\r\nv\r\n"));
  const echo2 = await (await fetch(`${origin}/echo`, { method: "POST", body: new URLSearchParams("a=1") })).json();
  assertEquals(echo2.body, "a=1");
}, { skip });

test("non-2xx statuses resolve with ok=false and the reason phrase", async () => {
  const r = await fetch(`${origin}/status/404`);
  assertEquals(r.status, 404);
  assertEquals(r.ok, false);
  assertEquals(r.statusText, "Custom Reason");
  const r500 = await fetch(`${origin}/status/503`);
  assertEquals(r500.status, 503);
}, { skip });

test("204 responses have a null body", async () => {
  const r = await fetch(`${origin}/status/204`);
  assertEquals(r.status, 204);
  assertEquals(r.body, null);
  assertEquals(await r.text(), "");
}, { skip });

test("HEAD responses have a null body", async () => {
  const r = await fetch(`${origin}/echo`, { method: "HEAD" });
  assertEquals(r.body, null);
}, { skip });

test("response headers are immutable and Set-Cookie is kept apart", async () => {
  const r = await fetch(`${origin}/echo`);
  assertThrows(() => r.headers.set("x", "y"), TypeError);
  assertDeepEquals(r.headers.getSetCookie(), ["a=1", "b=2"]);
  await r.body.cancel();
}, { skip });

test("redirects are followed by default", async () => {
  const r = await fetch(`${origin}/redirect/302`);
  assertEquals(r.status, 200);
  assertEquals(r.redirected, true);
  assertEquals(r.url, `${origin}/echo`);
  await r.text();
}, { skip });

test("303 and 302-after-POST switch to GET without a body", async () => {
  const r = await fetch(`${origin}/redirect/303`, { method: "POST", body: "x" });
  const echo = await r.json();
  assertEquals(echo.method, "GET");
  assertEquals(echo.body, "");
}, { skip });

test("307 keeps the method and body", async () => {
  const echo = await (await fetch(`${origin}/redirect/307`, { method: "POST", body: "kept" })).json();
  assertEquals(echo.method, "POST");
  assertEquals(echo.body, "kept");
}, { skip });

test("redirect: manual returns the redirect response", async () => {
  const r = await fetch(`${origin}/redirect/301`, { redirect: "manual" });
  assertEquals(r.status, 301);
  assertEquals(r.headers.get("location"), "/echo");
  assertEquals(r.redirected, false);
}, { skip });

test("redirect: error rejects with TypeError", async () => {
  await assertRejects(fetch(`${origin}/redirect/302`, { redirect: "error" }), TypeError);
}, { skip });

test("the body arrives in chunks and can be read incrementally", async () => {
  const r = await fetch(`${origin}/chunks`);
  const reader = r.body.getReader();
  let text = "";
  let reads = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    assert(value instanceof Uint8Array);
    text += new TextDecoder().decode(value);
    reads++;
  }
  assertEquals(text, "abc");
  assert(reads >= 1);
}, { skip });

test("cancelling the body stream releases it", async () => {
  const r = await fetch(`${origin}/chunks`);
  await r.body.cancel();
  assertEquals(r.bodyUsed, true);
}, { skip });

test("clone() tees the network body", async () => {
  const r = await fetch(`${origin}/text?body=twice`);
  const c = r.clone();
  assertEquals(await r.text(), "twice");
  assertEquals(await c.text(), "twice");
}, { skip });

test("an already-aborted signal rejects with its reason without a request", async () => {
  const e = await assertRejects(fetch(`${origin}/echo`, { signal: AbortSignal.abort() }));
  assertEquals(e.name, "AbortError");
  const custom = await fetch(`${origin}/echo`, { signal: AbortSignal.abort("mine") }).catch((x) => x);
  assertEquals(custom, "mine");
}, { skip });

test("aborting while waiting for the response rejects with AbortError", async () => {
  const c = new AbortController();
  const p = fetch(`${origin}/slow`, { signal: c.signal });
  setTimeout(() => c.abort(), 20);
  const e = await assertRejects(p);
  assertEquals(e.name, "AbortError");
}, { skip });

test("AbortSignal.timeout rejects with TimeoutError", async () => {
  const e = await assertRejects(fetch(`${origin}/slow`, { signal: AbortSignal.timeout(30) }));
  assertEquals(e.name, "TimeoutError");
}, { skip });

test("aborting after the response errors the body stream", async () => {
  const c = new AbortController();
  const r = await fetch(`${origin}/chunks`, { signal: c.signal });
  c.abort();
  const e = await assertRejects(r.text());
  assertEquals(e.name, "AbortError");
}, { skip });

test("invalid input rejects rather than throwing synchronously", async () => {
  const p = fetch("not a url");
  assert(p instanceof Promise);
  await assertRejects(p, TypeError);
  await assertRejects(fetch(`${origin}/echo`, { method: "GET", body: "x" }), TypeError);
  await assertRejects(fetch(), TypeError);
}, { skip });

test("network errors reject with TypeError", async () => {
  await assertRejects(fetch("http://127.0.0.1:1/"), TypeError);
}, { skip });

test("a used Request body cannot be fetched", async () => {
  const req = new Request(`${origin}/echo`, { method: "POST", body: "x" });
  await req.text();
  await assertRejects(fetch(req), TypeError);
}, { skip });

test("fetch is an enumerable global function of length 1", () => {
  const d = Object.getOwnPropertyDescriptor(globalThis, "fetch");
  assertEquals(d.enumerable, true);
  assertEquals(fetch.length, 1);
});
