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

// ---------------------------------------------------------------- legacy encodings
// Expected values below were computed with an independent implementation of the Encoding Standard's decoders (the
// npm package @exodus/bytes), not with Switchyard's; the hashes are FNV-1a over the decoded UTF-16 code units.
const fnv1a = (s) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
};

test("every label of the Encoding Standard names its encoding, trimmed and case-insensitive", () => {
  const cases = {
    "utf-8": ["unicode-1-1-utf-8", "UTF8", "x-unicode20utf8"], "ibm866": ["866", "cp866", "csibm866"],
    "iso-8859-2": ["latin2", "ISO_8859-2:1987", "iso88592", "l2"], "iso-8859-3": ["iso_8859-3:1988", "l3"],
    "iso-8859-4": ["csisolatin4", "iso-ir-110"], "iso-8859-5": ["cyrillic", "iso8859-5"], "iso-8859-6": ["arabic", "asmo-708", "iso-8859-6-i"],
    "iso-8859-7": ["greek", "sun_eu_greek", "elot_928"], "iso-8859-8": ["hebrew", "visual", "iso-8859-8-e"],
    "iso-8859-8-i": ["csiso88598i", "logical"], "iso-8859-10": ["latin6", "l6"], "iso-8859-13": ["iso885913"],
    "iso-8859-14": ["iso8859-14"], "iso-8859-15": ["l9", "iso_8859-15", "csisolatin9"], "iso-8859-16": ["iso-8859-16"],
    "koi8-r": ["koi", "koi8", "koi8_r", "cskoi8r"], "koi8-u": ["koi8-ru"], "macintosh": ["mac", "x-mac-roman", "csmacintosh"],
    "windows-874": ["dos-874", "tis-620", "iso-8859-11"], "windows-1250": ["cp1250", "x-cp1250"], "windows-1251": ["cp1251"],
    "windows-1252": ["ascii", "latin1", "us-ascii", "iso-8859-1"], "windows-1253": ["x-cp1253"],
    "windows-1254": ["latin5", "iso-8859-9", "l5"], "windows-1255": ["cp1255"], "windows-1256": ["cp1256"],
    "windows-1257": ["cp1257"], "windows-1258": ["x-cp1258"], "x-mac-cyrillic": ["x-mac-ukrainian"],
    "gbk": ["chinese", "gb2312", "GB_2312-80", "iso-ir-58", "x-gbk", "csgb2312"], "gb18030": ["GB18030"],
    "big5": ["big5-hkscs", "cn-big5", "x-x-big5", "csbig5"], "euc-jp": ["cseucpkdfmtjapanese", "x-euc-jp"],
    "iso-2022-jp": ["csiso2022jp"], "shift_jis": ["ms932", "ms_kanji", "shift-jis", "sjis", "windows-31j", "x-sjis"],
    "euc-kr": ["korean", "ks_c_5601-1987", "windows-949", "cseuckr"], "utf-16be": ["unicodefffe"],
    "utf-16le": ["utf-16", "ucs-2", "unicode", "csunicode"], "x-user-defined": ["X-User-Defined"],
  };
  for (const [name, labels] of Object.entries(cases)) {
    assertEquals(new TextDecoder(name).encoding, name);
    for (const label of labels) {
      assertEquals(new TextDecoder(label).encoding, name, label);
      assertEquals(new TextDecoder(`\t\n\f\r ${label.toUpperCase()} \r\n`).encoding, name, label);
    }
  }
  for (const label of ["\u000bshift_jis", "shift_jis\u00a0", "sjis\u0000", "big 5", "utf-32", "iso-8859-1x", "x-user-defined2", "cp932", "latin-9"]) {
    assertThrows(() => new TextDecoder(label), RangeError, JSON.stringify(label));
  }
});

test("replacement's labels are refused by TextDecoder and TextDecoderStream", () => {
  for (const label of ["replacement", "csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "ISO-2022-KR "]) {
    assertThrows(() => new TextDecoder(label), RangeError, label);
    assertThrows(() => new TextDecoderStream(label), RangeError, label);
  }
});

// name, FNV-1a of decoding 0x80..0xFF, how many of those bytes are errors, the code points of 0x80, 0xA0 and 0xFF
const SINGLE_BYTE = [
  ["ibm866", 0xb6127f9d, 0, "\u0410\u0430\u00A0"],
  ["iso-8859-2", 0xcce0d88e, 0, "\u0080\u00A0\u02D9"],
  ["iso-8859-3", 0x2783bcc4, 7, "\u0080\u00A0\u02D9"],
  ["iso-8859-4", 0xdc9a39a1, 0, "\u0080\u00A0\u02D9"],
  ["iso-8859-5", 0x729a02e1, 0, "\u0080\u00A0\u045F"],
  ["iso-8859-6", 0x2230a179, 45, "\u0080\u00A0\uFFFD"],
  ["iso-8859-7", 0xc26e21ff, 3, "\u0080\u00A0\uFFFD"],
  ["iso-8859-8", 0x343557b4, 36, "\u0080\u00A0\uFFFD"],
  ["iso-8859-8-i", 0x343557b4, 36, "\u0080\u00A0\uFFFD"],
  ["iso-8859-10", 0xcc84c1ae, 0, "\u0080\u00A0\u0138"],
  ["iso-8859-13", 0xb5c3c3cc, 0, "\u0080\u00A0\u2019"],
  ["iso-8859-14", 0x9b7c78e4, 0, "\u0080\u00A0\u00FF"],
  ["iso-8859-15", 0xf9979ba7, 0, "\u0080\u00A0\u00FF"],
  ["iso-8859-16", 0xc5ddb6cb, 0, "\u0080\u00A0\u00FF"],
  ["koi8-r", 0x65636b29, 0, "\u2500\u2550\u042A"],
  ["koi8-u", 0x5ad963c7, 0, "\u2500\u2550\u042A"],
  ["macintosh", 0xd25a3108, 0, "\u00C4\u2020\u02C7"],
  ["windows-874", 0x4b4e7351, 8, "\u20AC\u00A0\uFFFD"],
  ["windows-1250", 0xc1cdbb25, 0, "\u20AC\u00A0\u02D9"],
  ["windows-1251", 0x5f973fdd, 0, "\u0402\u00A0\u044F"],
  ["windows-1253", 0xea18bd6b, 3, "\u20AC\u00A0\uFFFD"],
  ["windows-1254", 0xa898787, 0, "\u20AC\u00A0\u00FF"],
  ["windows-1255", 0x90aa0e8f, 10, "\u20AC\u00A0\uFFFD"],
  ["windows-1256", 0xc50737a0, 0, "\u20AC\u00A0\u06D2"],
  ["windows-1257", 0xff19a984, 2, "\u20AC\u00A0\u02D9"],
  ["windows-1258", 0x338e41f6, 0, "\u20AC\u00A0\u00FF"],
  ["x-mac-cyrillic", 0xbc757b62, 0, "\u0410\u2020\u20AC"],
];

test("single-byte encodings decode every byte per their WHATWG index", () => {
  for (const [name, hash, unmapped, sample] of SINGLE_BYTE) {
    const high = new Uint8Array(128).map((_, i) => 0x80 + i);
    const text = new TextDecoder(name).decode(high);
    assertEquals(text.length, 128, name);
    assertEquals(text[0] + text[0x20] + text[127], sample, name);
    assertEquals(fnv1a(text), hash, name);
    let errors = 0;
    const fatal = new TextDecoder(name, { fatal: true });
    for (let b = 0x80; b <= 0xff; b++) {
      try {
        assertEquals(fatal.decode(u8(b)), text[b - 0x80], `${name} 0x${b.toString(16)}`);
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        assertEquals(text[b - 0x80], "\uFFFD", `${name} 0x${b.toString(16)}`);
        errors++;
      }
    }
    assertEquals(errors, unmapped, name);
    const ascii = new Uint8Array(128).map((_, i) => i);
    assertEquals(new TextDecoder(name, { fatal: true }).decode(ascii), String.fromCharCode(...ascii), name);
  }
});

test("single-byte spot checks (iso-8859-2, koi8-u, windows-1255, x-mac-cyrillic)", () => {
  assertEquals(new TextDecoder("iso-8859-2").decode(u8(0xa1, 0xb1, 0xff)), "\u0104\u0105\u02d9");
  assertEquals(new TextDecoder("koi8-u").decode(u8(0xa4, 0xb4, 0xad)), "\u0454\u0404\u0491");
  assertEquals(new TextDecoder("windows-1255").decode(u8(0xca, 0xd9, 0xe0)), "\u05ba\uFFFD\u05d0");
  assertEquals(new TextDecoder("x-mac-cyrillic").decode(u8(0xff, 0xa2)), "\u20ac\u0490");
  assertEquals(new TextDecoder("iso-8859-8-i").decode(u8(0xe0, 0xfd)), "\u05d0\u200e");
  // A legacy encoding has no BOM to strip.
  assertEquals(new TextDecoder("windows-1251").decode(u8(0xef, 0xbb, 0xbf)), "\u043f\u00bb\u0457");
});

test("x-user-defined maps 0x80-0xFF to U+F780-U+F7FF", () => {
  const d = new TextDecoder("x-user-defined", { fatal: true });
  assertEquals(d.encoding, "x-user-defined");
  assertEquals(d.decode(u8(0x41, 0x00, 0x7f, 0x80, 0xc1, 0xff)), "A\u0000\u007f\uf780\uf7c1\uf7ff");
});

// name, FNV-1a and length of decoding every "lead trail 0x0A" for lead 0x80..0xFF and trail 0x00..0xFF in one call
// (98,304 bytes, which the runtime hands to the host in two pieces)
const MULTI_BYTE = [
  ["gbk", 0x525a6239, 74238],
  ["gb18030", 0x525a6239, 74238],
  ["big5", 0xd1c036b1, 76351],
  ["euc-jp", 0x460c5c76, 86016],
  ["iso-2022-jp", 0xd75843c5, 98304],
  ["shift_jis", 0x2655958f, 87336],
  ["euc-kr", 0x9f7f7de5, 78570],
];

test("multi-byte encodings decode every two-byte sequence per their WHATWG index", () => {
  for (const [name, hash, length] of MULTI_BYTE) {
    const bytes = new Uint8Array(128 * 256 * 3);
    let p = 0;
    for (let lead = 0x80; lead <= 0xff; lead++) {
      for (let trail = 0; trail <= 0xff; trail++) { bytes[p++] = lead; bytes[p++] = trail; bytes[p++] = 0x0a; }
    }
    const text = new TextDecoder(name).decode(bytes);
    assertEquals(text.length, length, name);
    assertEquals(fnv1a(text), hash, name);
    // The same bytes streamed in uneven chunks decode to the same text.
    const d = new TextDecoder(name);
    let streamed = "";
    for (let i = 0; i < bytes.length; i += 7919) streamed += d.decode(bytes.subarray(i, i + 7919), { stream: true });
    streamed += d.decode();
    assertEquals(fnv1a(streamed), hash, `${name} streamed`);
  }
});

// encoding, bytes, text: edge cases of each decoder (the standard's error and "restore" steps among them)
const MULTI_BYTE_CASES = [
  ["gb18030", [0x80], "\u20AC"],
  ["gb18030", [0xff], "\uFFFD"],
  ["gb18030", [0x81, 0x30, 0x81, 0x30], "\u0080"],
  ["gb18030", [0x84, 0x31, 0xa4, 0x39], "\uFFFF"],
  ["gb18030", [0x84, 0x31, 0xa5, 0x30], "\uFFFD"],
  ["gb18030", [0x90, 0x30, 0x81, 0x30], "\u{10000}"],
  ["gb18030", [0xe3, 0x32, 0x9a, 0x35], "\u{10FFFF}"],
  ["gb18030", [0xe3, 0x32, 0x9a, 0x36], "\uFFFD"],
  ["gb18030", [0x81, 0x35, 0xf4, 0x37], "\uE7C7"],
  ["gb18030", [0xa6, 0xd9], "\uFE10"],
  ["gb18030", [0xfe, 0x59], "\u9FB4"],
  ["gb18030", [0xa3, 0xa0], "\u3000"],
  ["gb18030", [0x81, 0x30, 0x81, 0x41], "\uFFFD\u0030\u4E04"],
  ["gb18030", [0x81, 0x30, 0x41], "\uFFFD\u0030\u0041"],
  ["gb18030", [0x81, 0x30], "\uFFFD"],
  ["gb18030", [0x81, 0x7f], "\uFFFD\u007F"],
  ["gbk", [0xc4, 0xe3, 0x80], "\u4F60\u20AC"],
  ["gbk", [0x81, 0x30, 0x81, 0x30], "\u0080"],
  ["big5", [0x88, 0x62, 0x88, 0x64, 0x88, 0xa3, 0x88, 0xa5], "\u00CA\u0304\u00CA\u030C\u00EA\u0304\u00EA\u030C"],
  ["big5", [0x87, 0x40], "\u43F0"],
  ["big5", [0x87, 0x45], "\u{27267}"],
  ["big5", [0xfe, 0xfe], "\u79D4"],
  ["big5", [0x81, 0x41], "\uFFFD\u0041"],
  ["big5", [0x80], "\uFFFD"],
  ["big5", [0xff], "\uFFFD"],
  ["big5", [0xa4, 0x40, 0xa4], "\u4E00\uFFFD"],
  ["big5", [0xa1, 0x80], "\uFFFD"],
  ["euc-jp", [0x8e, 0xa1], "\uFF61"],
  ["euc-jp", [0x8e, 0xe0], "\uFFFD"],
  ["euc-jp", [0x8f, 0xa2, 0xaf], "\u02D8"],
  ["euc-jp", [0x8f, 0xa1, 0xa1], "\uFFFD"],
  ["euc-jp", [0xa4, 0xa2], "\u3042"],
  ["euc-jp", [0xa4, 0x41], "\uFFFD\u0041"],
  ["euc-jp", [0x8f, 0xa2], "\uFFFD"],
  ["euc-jp", [0xff, 0x80, 0x5c, 0x7e], "\uFFFD\uFFFD\u005C\u007E"],
  ["iso-2022-jp", [0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42, 0x61], "\u3042\u0061"],
  ["iso-2022-jp", [0x1b, 0x28, 0x4a, 0x5c, 0x7e], "\u00A5\u203E"],
  ["iso-2022-jp", [0x1b, 0x28, 0x49, 0x21, 0x5f, 0x60], "\uFF61\uFF9F\uFFFD"],
  ["iso-2022-jp", [0x1b, 0x28, 0x42, 0x1b, 0x28, 0x42, 0x61], "\uFFFD\u0061"],
  ["iso-2022-jp", [0x1b], "\uFFFD"],
  ["iso-2022-jp", [0x1b, 0x24], "\uFFFD\u0024"],
  ["iso-2022-jp", [0x1b, 0x24, 0x42, 0x24], "\uFFFD"],
  ["iso-2022-jp", [0x0e, 0x0f, 0x80, 0x61], "\uFFFD\uFFFD\uFFFD\u0061"],
  ["iso-2022-jp", [0x1b, 0x58], "\uFFFD\u0058"],
  ["iso-2022-jp", [0x1b, 0x24, 0x58], "\uFFFD\u0024\u0058"],
  ["iso-2022-jp", [0x1b, 0x24, 0x40, 0x24, 0x1b, 0x28, 0x42], "\uFFFD"],
  ["iso-2022-jp", [0x1b, 0x24, 0x42, 0x24, 0x0a], "\uFFFD"],
  ["iso-2022-jp", [0x1b, 0x24, 0x42, 0x1b, 0x28, 0x42], "\uFFFD"],
  ["shift_jis", [0x82, 0xa0], "\u3042"],
  ["shift_jis", [0x80, 0xa0, 0xa1, 0xdf, 0xfd, 0xfe, 0xff], "\u0080\uFFFD\uFF61\uFF9F\uFFFD\uFFFD\uFFFD"],
  ["shift_jis", [0xf0, 0x40], "\uE000"],
  ["shift_jis", [0xf9, 0xfc], "\uE757"],
  ["shift_jis", [0x81, 0x7f], "\uFFFD\u007F"],
  ["shift_jis", [0xea, 0xa4], "\u7199"],
  ["shift_jis", [0x81], "\uFFFD"],
  ["shift_jis", [0x5c, 0x7e], "\u005C\u007E"],
  ["euc-kr", [0xb0, 0xa1], "\uAC00"],
  ["euc-kr", [0x81, 0x41], "\uAC02"],
  ["euc-kr", [0xfe, 0xfe], "\uFFFD"],
  ["euc-kr", [0xc8, 0x41], "\uFFFD\u0041"],
  ["euc-kr", [0x80, 0xff], "\uFFFD\uFFFD"],
  ["euc-kr", [0xa1, 0xa1], "\u3000"],
];

test("multi-byte decoders: edge cases, errors and restored bytes", () => {
  for (const [name, bytes, expected] of MULTI_BYTE_CASES) {
    const label = `${name} ${bytes.map((b) => b.toString(16)).join(" ")}`;
    assertEquals(new TextDecoder(name).decode(new Uint8Array(bytes)), expected, label);
    const fatal = new TextDecoder(name, { fatal: true });
    if (expected.includes("\uFFFD")) assertThrows(() => fatal.decode(new Uint8Array(bytes)), TypeError, label);
    else assertEquals(fatal.decode(new Uint8Array(bytes)), expected, label);
    // One byte at a time gives the same text: pending bytes and ISO-2022-JP state survive between calls.
    const d = new TextDecoder(name);
    let text = "";
    for (const b of bytes) text += d.decode(u8(b), { stream: true });
    assertEquals(text + d.decode(), expected, `${label} streamed`);
  }
});

test("legacy decoders: fatal mode throws and the decoder starts afresh", () => {
  const d = new TextDecoder("shift_jis", { fatal: true });
  assertEquals(d.fatal, true);
  assertThrows(() => d.decode(u8(0x82, 0xa0, 0xa0)), TypeError);
  assertEquals(d.decode(u8(0x82, 0xa0)), "\u3042");
  assertEquals(d.decode(u8(0x82), { stream: true }), "");
  assertThrows(() => d.decode(), TypeError);
  assertEquals(d.decode(u8(0x41)), "A");
  const e = new TextDecoder("euc-kr", { fatal: true });
  assertThrows(() => e.decode(u8(0xb0), { stream: true }) + e.decode(u8(0x20), { stream: true }), TypeError);
  assertEquals(e.decode(u8(0xb0, 0xa1)), "\uac00");
});

test("legacy decoders: streaming keeps a sequence split between calls", () => {
  const gb = new TextDecoder("gb18030");
  assertEquals(gb.decode(u8(0x90, 0x30), { stream: true }), "");
  assertEquals(gb.decode(u8(0x81), { stream: true }), "");
  assertEquals(gb.decode(u8(0x30, 0xc4), { stream: true }), "\u{10000}");
  assertEquals(gb.decode(u8(0xe3)), "\u4f60");
  const big5 = new TextDecoder("big5");
  assertEquals(big5.decode(u8(0x88), { stream: true }), "");
  assertEquals(big5.decode(u8(0x62, 0x87), { stream: true }), "\u00ca\u0304");
  assertEquals(big5.decode(u8(0x45)), "\u{27267}");
  const jis = new TextDecoder("iso-2022-jp");
  assertEquals(jis.decode(u8(0x1b), { stream: true }), "");
  assertEquals(jis.decode(u8(0x24), { stream: true }), "");
  assertEquals(jis.decode(u8(0x42, 0x24), { stream: true }), "");
  assertEquals(jis.decode(u8(0x22, 0x24, 0x22), { stream: true }), "\u3042\u3042");
  assertEquals(jis.decode(u8(0x1b, 0x28, 0x42, 0x41)), "A");
  // A flush ends the stream: the next call starts in ASCII again.
  assertEquals(jis.decode(u8(0x24, 0x22)), "$\"");
  // An unfinished sequence at the end of the stream is one error.
  const sjis = new TextDecoder("shift_jis");
  assertEquals(sjis.decode(u8(0x82), { stream: true }), "");
  assertEquals(sjis.decode(), "\uFFFD");
  assertEquals(sjis.decode(u8(0x61)), "a");
});

test("legacy decoders: a sequence split at the host's 64 KiB boundary", () => {
  for (const [name, pair, text] of [["shift_jis", [0x82, 0xa0], "\u3042"], ["gb18030", [0x81, 0x30, 0x81, 0x30], "\u0080"],
    ["big5", [0x88, 0x62], "\u00ca\u0304"], ["euc-jp", [0x8f, 0xa2, 0xaf], "\u02d8"]]) {
    for (const at of [65535, 65534, 65533]) {
      const bytes = new Uint8Array(at + pair.length + 1).fill(0x61);
      bytes.set(pair, at);
      const decoded = new TextDecoder(name, { fatal: true }).decode(bytes);
      assertEquals(decoded.length, at + text.length + 1, `${name} at ${at}`);
      assertEquals(decoded.slice(at - 1), `a${text}a`, `${name} at ${at}`);
    }
  }
});

test("TextDecoderStream decodes legacy encodings across chunks", async () => {
  const ts = new TextDecoderStream("euc-jp");
  assertEquals(ts.encoding, "euc-jp");
  const writer = ts.writable.getWriter();
  writer.write(u8(0xa4));
  writer.write(u8(0xa2, 0x8f));
  writer.write(u8(0xa2, 0xaf, 0x8e));
  writer.write(u8(0xa1, 0xa4));
  writer.close();
  let out = "";
  for await (const c of ts.readable) out += c;
  assertEquals(out, "\u3042\u02d8\uff61\uFFFD");
  const fatal = new TextDecoderStream("big5", { fatal: true });
  const w = fatal.writable.getWriter();
  w.write(u8(0x80)).catch(() => {});
  await assertRejects(fatal.readable.getReader().read(), TypeError);
});
