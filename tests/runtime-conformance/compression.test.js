// CompressionStream and DecompressionStream (Compression Standard).
const utf8 = (s) => new TextEncoder().encode(s);
async function pipe(bytes, stream) {
  const out = [];
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  for await (const chunk of stream.readable) out.push(...chunk);
  return new Uint8Array(out);
}

for (const format of ["gzip", "deflate", "deflate-raw"]) {
  test(`${format} round trip`, async () => {
    const text = "hello compression ".repeat(200);
    const compressed = await pipe(utf8(text), new CompressionStream(format));
    assert(compressed.length < text.length / 5, `compressed to ${compressed.length}`);
    const back = await pipe(compressed, new DecompressionStream(format));
    assertEquals(new TextDecoder().decode(back), text);
  });
}

test("gzip output has the gzip magic; deflate has a zlib header", async () => {
  const gz = await pipe(utf8("x"), new CompressionStream("gzip"));
  assertDeepEquals(Array.from(gz.slice(0, 3)), [0x1f, 0x8b, 8]);
  const z = await pipe(utf8("x"), new CompressionStream("deflate"));
  assertEquals(z[0] & 0x0f, 8);
  assertEquals(((z[0] << 8) | z[1]) % 31, 0);
});

test("decompresses a known gzip member", async () => {
  // gzip of "hi\n" produced by a standard gzip implementation.
  const gz = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0xc8, 0xe4, 0x02, 0x00,
    0x7a, 0x7a, 0x6f, 0xed, 0x03, 0x00, 0x00, 0x00]);
  assertEquals(new TextDecoder().decode(await pipe(gz, new DecompressionStream("gzip"))), "hi\n");
});

test("empty input round trips", async () => {
  const c = await pipe(new Uint8Array(0), new CompressionStream("gzip"));
  assert(c.length > 0);
  assertEquals((await pipe(c, new DecompressionStream("gzip"))).length, 0);
});

test("corrupt and truncated input error with TypeError", async () => {
  await assertRejects(pipe(utf8("not compressed at all"), new DecompressionStream("gzip")), TypeError);
  const gz = await pipe(utf8("some text to truncate"), new CompressionStream("gzip"));
  await assertRejects(pipe(gz.slice(0, gz.length - 6), new DecompressionStream("gzip")), TypeError);
  const corrupt = gz.slice();
  corrupt[corrupt.length - 5] ^= 1;
  await assertRejects(pipe(corrupt, new DecompressionStream("gzip")), TypeError);
  const z = await pipe(utf8("zlib data"), new CompressionStream("deflate"));
  await assertRejects(pipe(z.slice(0, z.length - 2), new DecompressionStream("deflate")), TypeError);
  await assertRejects(pipe(new Uint8Array([1, 2, 3]), new DecompressionStream("deflate-raw")), TypeError);
});

test("pipeThrough works with byte chunks of any BufferSource type", async () => {
  const source = ReadableStream.from([utf8("ab").buffer, new DataView(utf8("cd").buffer)]);
  const out = [];
  for await (const c of source.pipeThrough(new CompressionStream("deflate")).pipeThrough(new DecompressionStream("deflate"))) out.push(...c);
  assertEquals(new TextDecoder().decode(new Uint8Array(out)), "abcd");
});

test("unsupported formats and non-buffer chunks are TypeErrors", async () => {
  assertThrows(() => new CompressionStream("brotli"), TypeError);
  assertThrows(() => new DecompressionStream(), TypeError);
  const cs = new CompressionStream("gzip");
  const read = cs.readable.getReader().read();
  await assertRejects(cs.writable.getWriter().write("string"), TypeError);
  await assertRejects(read, TypeError);
});

test("class shape", () => {
  const cs = new CompressionStream("gzip");
  assert(cs.readable instanceof ReadableStream);
  assert(cs.writable instanceof WritableStream);
  assertEquals(Object.prototype.toString.call(cs), "[object CompressionStream]");
});

test("gzip streams with several members decompress to the concatenation", async () => {
  const a = await pipe(utf8("first "), new CompressionStream("gzip"));
  const b = await pipe(utf8("second"), new CompressionStream("gzip"));
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  assertEquals(new TextDecoder().decode(await pipe(both, new DecompressionStream("gzip"))), "first second");
  both[a.length - 8] ^= 1; // the first member's CRC-32
  await assertRejects(pipe(both, new DecompressionStream("gzip")), TypeError);
});

test("data after the end of a deflate stream is an error", async () => {
  const z = await pipe(utf8("zlib"), new CompressionStream("deflate"));
  const extra = new Uint8Array(z.length + 3);
  extra.set(z);
  await assertRejects(pipe(extra, new DecompressionStream("deflate")), TypeError);
});
