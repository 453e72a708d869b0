// ReadableStream, WritableStream, TransformStream and queuing strategies (Streams Standard).
const collect = async (stream) => { const out = []; for await (const c of stream) out.push(c); return out; };

test("ReadableStream with start/enqueue/close and a reader", async () => {
  const s = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
  const r = s.getReader();
  assertEquals(s.locked, true);
  assertDeepEquals(await r.read(), { value: 1, done: false });
  assertDeepEquals(await r.read(), { value: 2, done: false });
  assertDeepEquals(await r.read(), { value: undefined, done: true });
  r.releaseLock();
  assertEquals(s.locked, false);
});

test("pull is called on demand honouring highWaterMark", async () => {
  let pulls = 0;
  const s = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); } }, { highWaterMark: 0 });
  await Promise.resolve();
  assertEquals(pulls, 0);
  assertDeepEquals(await collect(s), [1, 2, 3]);
});

test("errors propagate to readers", async () => {
  const s = new ReadableStream({ start(c) { c.error(new TypeError("bad")); } });
  await assertRejects(s.getReader().read(), TypeError);
});

test("cancel calls the source's cancel with the reason", async () => {
  let reason;
  const s = new ReadableStream({ cancel(r) { reason = r; } });
  await s.cancel("why");
  assertEquals(reason, "why");
});

test("a locked stream cannot get a second reader or be cancelled", async () => {
  const s = new ReadableStream();
  s.getReader();
  assertThrows(() => s.getReader(), TypeError);
  await assertRejects(s.cancel(), TypeError);
});

test("tee gives two independent branches", async () => {
  const s = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  const [x, y] = s.tee();
  assertDeepEquals(await collect(x), ["a", "b"]);
  assertDeepEquals(await collect(y), ["a", "b"]);
});

test("async iteration and preventCancel", async () => {
  let cancelled = false;
  const s = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); }, cancel() { cancelled = true; } });
  for await (const v of s.values({ preventCancel: true })) { assertEquals(v, 1); break; }
  assertEquals(cancelled, false);
  assertEquals(s.locked, false);
  for await (const v of s) { assertEquals(v, 2); break; }
  assertEquals(cancelled, true);
});

test("ReadableStream.from iterables and async iterables", async () => {
  assertDeepEquals(await collect(ReadableStream.from([1, 2, 3])), [1, 2, 3]);
  async function* gen() { yield "x"; yield "y"; }
  assertDeepEquals(await collect(ReadableStream.from(gen())), ["x", "y"]);
  assertThrows(() => ReadableStream.from(5), TypeError);
});

test("byte streams support BYOB readers", async () => {
  const s = new ReadableStream({
    type: "bytes",
    pull(c) {
      const req = c.byobRequest;
      if (req) { req.view[0] = 7; req.view[1] = 8; req.respond(2); }
      else c.enqueue(new Uint8Array([7, 8]));
      c.close();
    },
  });
  const reader = s.getReader({ mode: "byob" });
  const { value } = await reader.read(new Uint8Array(4));
  assertDeepEquals(Array.from(value), [7, 8]);
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
});

test("byte streams with autoAllocateChunkSize serve default readers", async () => {
  const s = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 16,
    pull(c) { const v = c.byobRequest.view; v[0] = 42; c.byobRequest.respond(1); c.close(); },
  });
  const { value } = await s.getReader().read();
  assertDeepEquals(Array.from(value), [42]);
});

test("WritableStream writes, closes and reports desiredSize", async () => {
  const written = [];
  let closed = false;
  const w = new WritableStream({ write(c) { written.push(c); }, close() { closed = true; } }, new CountQueuingStrategy({ highWaterMark: 2 }));
  const writer = w.getWriter();
  assertEquals(writer.desiredSize, 2);
  await writer.write("a");
  await writer.write("b");
  await writer.close();
  assertDeepEquals(written, ["a", "b"]);
  assertEquals(closed, true);
});

test("WritableStream abort rejects pending writes", async () => {
  let reason;
  const w = new WritableStream({ write() { return new Promise(() => {}); }, abort(r) { reason = r; } });
  const writer = w.getWriter();
  writer.write("x").catch(() => {});
  const p = writer.write("y");
  await writer.abort("stop");
  await assertRejects(p);
  assertEquals(reason, "stop");
});

test("sink errors error the stream", async () => {
  const w = new WritableStream({ write() { throw new RangeError("sink"); } });
  const writer = w.getWriter();
  await assertRejects(writer.write("x"), RangeError);
  await assertRejects(writer.closed, RangeError);
});

test("TransformStream maps chunks and flushes", async () => {
  const t = new TransformStream({
    transform(chunk, c) { c.enqueue(chunk.toUpperCase()); },
    flush(c) { c.enqueue("!"); },
  });
  const writer = t.writable.getWriter();
  writer.write("a");
  writer.write("b");
  writer.close();
  assertDeepEquals(await collect(t.readable), ["A", "B", "!"]);
});

test("identity TransformStream passes chunks through", async () => {
  const t = new TransformStream();
  const writer = t.writable.getWriter();
  writer.write(1);
  writer.close();
  assertDeepEquals(await collect(t.readable), [1]);
});

test("pipeTo moves all chunks and closes the destination", async () => {
  const out = [];
  const src = ReadableStream.from(["x", "y"]);
  await src.pipeTo(new WritableStream({ write(c) { out.push(c); } }));
  assertDeepEquals(out, ["x", "y"]);
});

test("pipeThrough returns the transform's readable", async () => {
  const upper = new TransformStream({ transform(c, ctl) { ctl.enqueue(c * 2); } });
  assertDeepEquals(await collect(ReadableStream.from([1, 2]).pipeThrough(upper)), [2, 4]);
});

test("pipeTo honours an abort signal", async () => {
  const controller = new AbortController();
  const src = new ReadableStream({ pull() { return new Promise(() => {}); } });
  const p = src.pipeTo(new WritableStream(), { signal: controller.signal });
  controller.abort(new DOMException("stop", "AbortError"));
  const e = await assertRejects(p);
  assertEquals(e.name, "AbortError");
});

test("pipeTo with preventClose leaves the destination open", async () => {
  const w = new WritableStream();
  await ReadableStream.from([1]).pipeTo(w, { preventClose: true });
  const writer = w.getWriter();
  await writer.write(2);
  await writer.close();
});

test("queuing strategies", () => {
  const b = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  assertEquals(b.highWaterMark, 16);
  assertEquals(b.size(new Uint8Array(5)), 5);
  const c = new CountQueuingStrategy({ highWaterMark: 3 });
  assertEquals(c.highWaterMark, 3);
  assertEquals(c.size("anything"), 1);
  assertThrows(() => new CountQueuingStrategy(), TypeError);
});

test("backpressure: desiredSize reflects the queue", () => {
  let controller;
  new ReadableStream({ start(c) { controller = c; } }, { highWaterMark: 2 });
  assertEquals(controller.desiredSize, 2);
  controller.enqueue("a");
  assertEquals(controller.desiredSize, 1);
  controller.enqueue("b");
  assertEquals(controller.desiredSize, 0);
});

test("invalid underlying source members throw", () => {
  assertThrows(() => new ReadableStream({ type: "nope" }), TypeError);
  assertThrows(() => new ReadableStream({ start: 5 }), TypeError);
  assertThrows(() => new ReadableStream({}, { highWaterMark: -1 }), RangeError);
});

test("controllers and readers cannot be constructed directly", () => {
  assertThrows(() => new ReadableStreamDefaultController(), TypeError);
  assertThrows(() => new ReadableStreamDefaultReader({}), TypeError);
  assert(new ReadableStreamDefaultReader(new ReadableStream()) instanceof ReadableStreamDefaultReader);
});

test("class shape", () => {
  assertEquals(Object.prototype.toString.call(new ReadableStream()), "[object ReadableStream]");
  assertEquals(Object.prototype.toString.call(new WritableStream()), "[object WritableStream]");
  assertEquals(Object.prototype.toString.call(new TransformStream()), "[object TransformStream]");
  assertEquals(ReadableStream.name, "ReadableStream");
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "ReadableStream").enumerable, false);
});

// WPT streams/readable-byte-streams/bad-buffers-and-views.any.js: a BYOB read transfers the view's buffer, whatever
// state the stream is in.
test("read(view) on a closed byte stream still transfers the buffer", async () => {
  const stream = new ReadableStream({ type: "bytes", start(c) { c.close(); } });
  const view = new Uint8Array([1, 2, 3]);
  const { value, done } = await stream.getReader({ mode: "byob" }).read(view);
  assertEquals(done, true);
  assert(value instanceof Uint8Array && value !== view && value.buffer !== view.buffer, "a new view on a new buffer");
  assertEquals(value.byteLength, 0);
  assertEquals(value.buffer.byteLength, 3);
  assertEquals(view.buffer.byteLength, 0);
  assertEquals(view.buffer.detached, true);
});

test("read(view) with queued chunks transfers the buffer; a detached view is refused", async () => {
  const stream = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([1, 2, 3])); } });
  const reader = stream.getReader({ mode: "byob" });
  const view = new Uint16Array(4);
  const { value, done } = await reader.read(new Uint8Array(view.buffer));
  assertEquals(done, false);
  assertDeepEquals(Array.from(value), [1, 2, 3]);
  assertEquals(view.buffer.detached, true);
  await assertRejects(reader.read(view), TypeError);
  await assertRejects(reader.read(new Uint8Array(new ArrayBuffer(8), 0, 0)), TypeError);
  new ReadableStream({ type: "bytes", start(c) {
    const chunk = new Uint8Array([1]);
    c.enqueue(chunk);
    assertThrows(() => c.enqueue(chunk), TypeError);  // its buffer went with the first enqueue
  } });
});

test("a pending read(view) on a stream closed by the source resolves with an empty view of its type", async () => {
  let controller;
  const stream = new ReadableStream({ type: "bytes", start(c) { controller = c; } });
  const reader = stream.getReader({ mode: "byob" });
  const view = new Uint16Array(8);
  const pending = reader.read(view);
  assertEquals(view.buffer.detached, true);
  controller.close();
  controller.byobRequest.respond(0);
  const { value, done } = await pending;
  assertEquals(done, true);
  assert(value instanceof Uint16Array, "a Uint16Array");
  assertEquals(value.byteLength, 0);
  assertEquals(value.buffer.byteLength, 16);
});
