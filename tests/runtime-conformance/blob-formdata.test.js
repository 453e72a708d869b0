// Blob and File (File API), FormData (XHR Standard).
test("Blob from mixed parts", async () => {
  const b = new Blob(["ab", new Uint8Array([0x63]), new Blob(["d"]), new Uint16Array([0x6665]).buffer, new DataView(new Uint8Array([0x67]).buffer)]);
  assertEquals(b.size, 7);
  assertEquals(b.type, "");
  assertEquals(await b.text(), "abcdefg");
});

test("Blob with no parts and invalid parts", () => {
  assertEquals(new Blob().size, 0);
  assertEquals(new Blob([]).size, 0);
  assertThrows(() => new Blob("abc"), TypeError);
  assertThrows(() => new Blob(5), TypeError);
  assertEquals(new Blob([5, null]).size, 5);
});

test("Blob type is lower-cased; non-printable types become empty", () => {
  assertEquals(new Blob([], { type: "Text/HTML" }).type, "text/html");
  assertEquals(new Blob([], { type: "a\u00e9" }).type, "");
  assertEquals(new Blob([], { type: "a\nb" }).type, "");
});

test("endings: native converts line breaks", async () => {
  assertEquals(await new Blob(["a\r\nb\rc\n"], { endings: "native" }).text(), "a\nb\nc\n");
  assertEquals(await new Blob(["a\r\n"]).text(), "a\r\n");
  assertThrows(() => new Blob([], { endings: "bogus" }), TypeError);
});

test("strings are encoded as UTF-8 with lone surrogates replaced", async () => {
  const b = new Blob(["\u00e9\uD800"]);
  assertDeepEquals(new Uint8Array(await b.arrayBuffer()), new Uint8Array([0xc3, 0xa9, 0xef, 0xbf, 0xbd]));
});

test("Blob copies its input", async () => {
  const bytes = new Uint8Array([1, 2]);
  const b = new Blob([bytes]);
  bytes[0] = 9;
  assertDeepEquals(await b.bytes(), new Uint8Array([1, 2]));
});

test("slice with positive, negative and out-of-range indices", async () => {
  const b = new Blob(["0123456789"], { type: "text/plain" });
  assertEquals(await b.slice(2, 5).text(), "234");
  assertEquals(await b.slice(-3).text(), "789");
  assertEquals(await b.slice(-3, -1).text(), "78");
  assertEquals(await b.slice(5, 2).text(), "");
  assertEquals(await b.slice(0, 100).text(), "0123456789");
  assertEquals(b.slice().type, "");
  assertEquals(b.slice(0, 1, "X/Y").type, "x/y");
  assertEquals(await b.slice(1, 8).slice(2, 4).text(), "34");
});

test("stream() yields the bytes", async () => {
  const chunks = [];
  for await (const c of new Blob(["hello"]).stream()) chunks.push(...c);
  assertEquals(new TextDecoder().decode(new Uint8Array(chunks)), "hello");
});

test("arrayBuffer and bytes return fresh copies", async () => {
  const b = new Blob(["ab"]);
  const x = await b.bytes();
  x[0] = 0;
  assertEquals(await b.text(), "ab");
  assert((await b.arrayBuffer()) instanceof ArrayBuffer);
});

test("File has name and lastModified", () => {
  const f = new File(["x"], "name.txt", { type: "text/plain", lastModified: 1234 });
  assertEquals(f.name, "name.txt");
  assertEquals(f.lastModified, 1234);
  assertEquals(f.type, "text/plain");
  assert(f instanceof Blob);
  const now = Date.now();
  assert(Math.abs(new File([], "a").lastModified - now) < 1000);
  assertThrows(() => new File(["x"]), TypeError);
  assertEquals(Object.prototype.toString.call(f), "[object File]");
});

test("FormData append/get/getAll/has/delete/set", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("a", "2");
  fd.append("b", "3");
  assertEquals(fd.get("a"), "1");
  assertDeepEquals(fd.getAll("a"), ["1", "2"]);
  assertEquals(fd.has("b"), true);
  assertEquals(fd.get("zz"), null);
  fd.set("a", "x");
  assertDeepEquals([...fd], [["a", "x"], ["b", "3"]]);
  fd.delete("a");
  assertDeepEquals([...fd.keys()], ["b"]);
});

test("FormData keeps insertion order (not sorted)", () => {
  const fd = new FormData();
  fd.append("z", "1");
  fd.append("a", "2");
  assertDeepEquals([...fd.keys()], ["z", "a"]);
});

test("FormData converts values to strings and blobs to files", () => {
  const fd = new FormData();
  fd.append("n", 5);
  fd.append("blob", new Blob(["x"], { type: "text/plain" }));
  fd.append("named", new Blob(["y"]), "custom.bin");
  fd.append("file", new File(["z"], "orig.txt"));
  fd.append("renamed", new File(["z"], "orig.txt"), "new.txt");
  assertEquals(fd.get("n"), "5");
  assert(fd.get("blob") instanceof File);
  assertEquals(fd.get("blob").name, "blob");
  assertEquals(fd.get("blob").type, "text/plain");
  assertEquals(fd.get("named").name, "custom.bin");
  assertEquals(fd.get("file").name, "orig.txt");
  assertEquals(fd.get("renamed").name, "new.txt");
});

test("FormData with a filename requires a Blob value", () => {
  assertThrows(() => new FormData().append("a", "string", "file.txt"), TypeError);
  assertThrows(() => new FormData().append("a"), TypeError);
  assertThrows(() => new FormData({}), TypeError);
});

test("FormData names and values are USVStrings", () => {
  const fd = new FormData();
  fd.append("\uD800", "\uDC00");
  assertDeepEquals([...fd], [["\uFFFD", "\uFFFD"]]);
});

test("FormData forEach and iteration shape", () => {
  const fd = new FormData();
  fd.append("a", "1");
  const seen = [];
  fd.forEach((v, k, o) => seen.push([k, v, o === fd]));
  assertDeepEquals(seen, [["a", "1", true]]);
  assertEquals(Object.prototype.toString.call(fd.entries()), "[object FormData Iterator]");
});

test("multipart round trip escapes quotes and newlines in names", async () => {
  const fd = new FormData();
  fd.append("quo\"te", "line1\nline2");
  fd.append("file", new File([new Uint8Array([0, 255, 13, 10])], "we\"ird\r\n.bin", { type: "application/x-thing" }));
  const r = new Response(fd);
  const raw = await r.clone().text();
  assert(raw.includes("name=\"quo%22te\""), raw);
  assert(raw.includes("line1\r\nline2"), "newlines normalised to CRLF");
  const back = await r.formData();
  assertEquals(back.get("quo\"te"), "line1\r\nline2");
  const f = back.get("file");
  assertEquals(f.name, "we\"ird\r\n.bin");
  assertEquals(f.type, "application/x-thing");
  assertDeepEquals(await f.bytes(), new Uint8Array([0, 255, 13, 10]));
});

test("file parts without a Content-Type default to text/plain", async () => {
  const body = "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\ndata\r\n--b--";
  const fd = await new Response(body, { headers: { "content-type": "multipart/form-data; boundary=\"b\"" } }).formData();
  assertEquals(fd.get("f").type, "text/plain");
  assertEquals(await fd.get("f").text(), "data");
});
