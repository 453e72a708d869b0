test("globals exist", () => {
  for (const name of ["URL", "Headers", "Request", "Response", "fetch", "TextEncoder", "ReadableStream", "crypto"]) {
    assert(name in globalThis, name);
  }
});
test("host is hidden", () => {
  assertEquals(typeof globalThis.__switchyard_host, "undefined");
});
