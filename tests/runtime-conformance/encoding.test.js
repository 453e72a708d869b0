// TextEncoder, TextDecoder and their stream forms (Encoding Standard).
const u8 = (...b) => new Uint8Array(b);

test("TextEncoder encodes UTF-8", () => {
  const e = new TextEncoder();
  assertEquals(e.encoding, "utf-8");
  assertDeepEquals(e.encode("a\u00e9\u20ac\u{1F600}"), u8(0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80));
  assertDeepEquals(e.encode(), u8());
  assertDeepEquals(e.encode(undefined), u8());
  assertDeepEquals(e.encode(null), u8(0x6e, 0x75, 0x6c, 0x6c));
});

test("TextEncoder replaces lone surrogates", () => {
  assertDeepEquals(new TextEncoder().encode("\uD800x\uDC00"), u8(0xef, 0xbf, 0xbd, 0x78, 0xef, 0xbf, 0xbd));
});

test("encodeInto reports read and written and never splits a code point", () => {
  const e = new TextEncoder();
  const dest = new Uint8Array(5);
  assertDeepEquals(e.encodeInto("a\u20acb\u{1F600}", dest), { read: 3, written: 5 });
  assertDeepEquals(dest, u8(0x61, 0xe2, 0x82, 0xac, 0x62));
  const small = new Uint8Array(3);
  assertDeepEquals(e.encodeInto("\u{1F600}", small), { read: 0, written: 0 });
  assertDeepEquals(e.encodeInto("\u{1F600}", new Uint8Array(4)), { read: 2, written: 4 });
  assertThrows(() => e.encodeInto("x", new Uint16Array(2)), TypeError);
});

test("TextDecoder labels", () => {
  assertEquals(new TextDecoder().encoding, "utf-8");
  assertEquals(new TextDecoder(" UTF8 ").encoding, "utf-8");
  assertEquals(new TextDecoder("unicode-1-1-utf-8").encoding, "utf-8");
  assertEquals(new TextDecoder("utf-16").encoding, "utf-16le");
  assertEquals(new TextDecoder("UTF-16BE").encoding, "utf-16be");
  assertEquals(new TextDecoder("latin1").encoding, "windows-1252");
  assertEquals(new TextDecoder("ascii").encoding, "windows-1252");
  assertThrows(() => new TextDecoder("nope"), RangeError);
  assertThrows(() => new TextDecoder("replacement"), RangeError);
});

test("UTF-8 decoding with replacement of invalid sequences", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(u8(0x68, 0x69)), "hi");
  assertEquals(d.decode(u8(0xff)), "\uFFFD");
  assertEquals(d.decode(u8(0xc3)), "\uFFFD");
  assertEquals(d.decode(u8(0xe2, 0x82)), "\uFFFD");
  assertEquals(d.decode(u8(0xe2, 0x82, 0x41)), "\uFFFDA");
  assertEquals(d.decode(u8(0xc0, 0x80)), "\uFFFD\uFFFD");
  assertEquals(d.decode(u8(0xed, 0xa0, 0x80)), "\uFFFD\uFFFD\uFFFD");
  assertEquals(d.decode(u8(0xf4, 0x90, 0x80, 0x80)), "\uFFFD\uFFFD\uFFFD\uFFFD");
  assertEquals(d.decode(u8(0xf0, 0x9f, 0x98, 0x80)), "\u{1F600}");
});

test("fatal mode throws TypeError", () => {
  const d = new TextDecoder("utf-8", { fatal: true });
  assertEquals(d.fatal, true);
  assertThrows(() => d.decode(u8(0xff)), TypeError);
  assertThrows(() => d.decode(u8(0xe2, 0x82)), TypeError);
  assertEquals(d.decode(u8(0x61)), "a");
});

test("BOM is stripped unless ignoreBOM", () => {
  assertEquals(new TextDecoder().decode(u8(0xef, 0xbb, 0xbf, 0x61)), "a");
  assertEquals(new TextDecoder("utf-8", { ignoreBOM: true }).decode(u8(0xef, 0xbb, 0xbf, 0x61)), "\uFEFFa");
  assertEquals(new TextDecoder("utf-16le").decode(u8(0xff, 0xfe, 0x61, 0x00)), "a");
  assertEquals(new TextDecoder("utf-16be").decode(u8(0xfe, 0xff, 0x00, 0x61)), "a");
  assertEquals(new TextDecoder().decode(u8(0x61, 0xef, 0xbb, 0xbf)), "a\uFEFF");
});

test("streaming decode keeps partial sequences across calls", () => {
  const d = new TextDecoder();
  const bytes = new TextEncoder().encode("h\u00e9\u20ac\u{1F600}!");
  let out = "";
  for (const b of bytes) out += d.decode(u8(b), { stream: true });
  out += d.decode();
  assertEquals(out, "h\u00e9\u20ac\u{1F600}!");
});

test("streaming BOM split across chunks", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(u8(0xef), { stream: true }), "");
  assertEquals(d.decode(u8(0xbb), { stream: true }), "");
  assertEquals(d.decode(u8(0xbf, 0x62), { stream: true }), "b");
  assertEquals(d.decode(), "");
});

test("incomplete sequence at the end of a stream becomes U+FFFD", () => {
  const d = new TextDecoder();
  assertEquals(d.decode(u8(0xe2, 0x82), { stream: true }), "");
  assertEquals(d.decode(), "\uFFFD");
  assertEquals(d.decode(u8(0x61)), "a");
});

test("decode accepts ArrayBuffer, views and DataView", () => {
  const d = new TextDecoder();
  const buf = new TextEncoder().encode("xyz").buffer;
  assertEquals(d.decode(buf), "xyz");
  assertEquals(d.decode(new Uint8Array(buf, 1, 1)), "y");
  assertEquals(d.decode(new DataView(buf, 2)), "z");
  assertEquals(d.decode(new Uint8Array(0)), "");
  assertEquals(d.decode(new Uint8Array(buf, 3)), "");
  assertEquals(d.decode(new DataView(new ArrayBuffer(0))), "");
  assertThrows(() => d.decode("string"), TypeError);
});

test("UTF-16LE and BE decoding with surrogates", () => {
  assertEquals(new TextDecoder("utf-16le").decode(u8(0x3d, 0xd8, 0x00, 0xde)), "\u{1F600}");
  assertEquals(new TextDecoder("utf-16be").decode(u8(0xd8, 0x3d, 0xde, 0x00)), "\u{1F600}");
  assertEquals(new TextDecoder("utf-16le").decode(u8(0x00, 0xd8, 0x61, 0x00)), "\uFFFDa");
  assertEquals(new TextDecoder("utf-16le").decode(u8(0x61)), "\uFFFD");
  assertThrows(() => new TextDecoder("utf-16le", { fatal: true }).decode(u8(0x00, 0xdc)), TypeError);
});

test("windows-1252 maps 0x80-0x9F specially", () => {
  assertEquals(new TextDecoder("windows-1252").decode(u8(0x80, 0x9f, 0xe9, 0x41)), "\u20ac\u0178\u00e9A");
});

test("large ASCII and mixed inputs round-trip", () => {
  const s = "abc\u00e9".repeat(50000);
  assertEquals(new TextDecoder().decode(new TextEncoder().encode(s)), s);
});

test("TextEncoderStream encodes chunks and joins split surrogate pairs", async () => {
  const ts = new TextEncoderStream();
  assertEquals(ts.encoding, "utf-8");
  const writer = ts.writable.getWriter();
  writer.write("a\uD83D");
  writer.write("\uDE00b");
  writer.close();
  const chunks = [];
  for await (const c of ts.readable) chunks.push(...c);
  assertDeepEquals(new Uint8Array(chunks), u8(0x61, 0xf0, 0x9f, 0x98, 0x80, 0x62));
});

test("TextDecoderStream decodes chunks across boundaries", async () => {
  const ts = new TextDecoderStream();
  const writer = ts.writable.getWriter();
  writer.write(u8(0xe2, 0x82));
  writer.write(u8(0xac, 0x21));
  writer.close();
  let out = "";
  for await (const c of ts.readable) out += c;
  assertEquals(out, "\u20ac!");
  assertEquals(new TextDecoderStream("utf-16le", { fatal: true }).fatal, true);
});

test("TextDecoderStream in fatal mode errors the stream", async () => {
  const ts = new TextDecoderStream("utf-8", { fatal: true });
  const writer = ts.writable.getWriter();
  writer.write(u8(0xff)).catch(() => {});
  const reader = ts.readable.getReader();
  await assertRejects(reader.read(), TypeError);
});

test("class shape", () => {
  assertEquals(Object.prototype.toString.call(new TextEncoder()), "[object TextEncoder]");
  assertEquals(Object.prototype.toString.call(new TextDecoder()), "[object TextDecoder]");
  assert(Object.keys(TextDecoder.prototype).includes("decode"));
});

test("legacy single-byte encodings (iso-8859-2, koi8-r)", () => {
  assertEquals(new TextDecoder("iso-8859-2").decode(new Uint8Array([0xa1])), "\u0104");
  assertEquals(new TextDecoder("koi8-r").decode(new Uint8Array([0xc1])), "\u0430");
});

test("legacy multi-byte encodings (shift_jis, gbk)", () => {
  assertEquals(new TextDecoder("shift_jis").decode(new Uint8Array([0x82, 0xa0])), "\u3042");
  assertEquals(new TextDecoder("gbk").decode(new Uint8Array([0xc4, 0xe3])), "\u4f60");
});
