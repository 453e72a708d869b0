// atob and btoa (HTML §8.3, forgiving-base64).
test("btoa encodes Latin-1 strings", () => {
  assertEquals(btoa(""), "");
  assertEquals(btoa("f"), "Zg==");
  assertEquals(btoa("fo"), "Zm8=");
  assertEquals(btoa("foo"), "Zm9v");
  assertEquals(btoa("\u00ff\u00fe"), "//4=");
  assertEquals(btoa("\0"), "AA==");
});

test("btoa rejects characters above U+00FF with InvalidCharacterError", () => {
  const e = assertThrows(() => btoa("\u0100"), DOMException);
  assertEquals(e.name, "InvalidCharacterError");
  assertEquals(e.code, 5);
  assertThrows(() => btoa("\u{1F600}"), "InvalidCharacterError");
});

test("btoa converts its argument to a string", () => {
  assertEquals(btoa(null), "bnVsbA==");
  assertEquals(btoa(undefined), "dW5kZWZpbmVk");
  assertEquals(btoa(12), "MTI=");
  assertThrows(() => btoa(), TypeError);
});

test("atob decodes with and without padding", () => {
  assertEquals(atob("Zm9v"), "foo");
  assertEquals(atob("Zm8="), "fo");
  assertEquals(atob("Zm8"), "fo");
  assertEquals(atob("Zg=="), "f");
  assertEquals(atob("Zg"), "f");
  assertEquals(atob(""), "");
  assertEquals(atob("//4="), "\u00ff\u00fe");
});

test("atob strips ASCII whitespace", () => {
  assertEquals(atob(" Zm\n9v\t"), "foo");
  assertEquals(atob("Z m 8 ="), "fo");
  assertEquals(atob("\fZg==\r"), "f");
});

test("atob rejects malformed input with InvalidCharacterError", () => {
  for (const input of ["Z", "Zm9vY", "Zg=", "Zg===", "=Zg", "Zm=8", "Zm9v*", "Zm9v\u00a0", "ab-_", "Zg==Zg=="]) {
    const e = assertThrows(() => atob(input), DOMException, JSON.stringify(input));
    assertEquals(e.name, "InvalidCharacterError", JSON.stringify(input));
  }
});

test("atob ignores non-zero trailing bits", () => {
  assertEquals(atob("Zh=="), "f");
  assertEquals(atob("Zm9="), "fo");
});

test("atob converts its argument to a string", () => {
  assertEquals(atob(null), "\u009e\u00e9e");
  assertThrows(() => atob(undefined), "InvalidCharacterError");
  assertThrows(() => atob(), TypeError);
});

test("round trip of all byte values", () => {
  let s = "";
  for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
  assertEquals(atob(btoa(s)), s);
});

test("globals are enumerable operations", () => {
  const d = Object.getOwnPropertyDescriptor(globalThis, "atob");
  assertEquals(d.enumerable, true);
  assertEquals(d.writable, true);
  assertEquals(atob.length, 1);
  assertEquals(btoa.name, "btoa");
});
