// crypto.getRandomValues/randomUUID and SubtleCrypto (Web Crypto API), with published test vectors.
const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const fromHex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
const utf8 = (s) => new TextEncoder().encode(s);
const b64url = (h) => btoa(String.fromCharCode(...fromHex(h))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

test("getRandomValues fills integer arrays and returns the same array", () => {
  const a = new Uint8Array(64);
  assertEquals(crypto.getRandomValues(a), a);
  assert(a.some((x) => x !== 0));
  for (const T of [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array]) {
    crypto.getRandomValues(new T(4));
  }
  assertEquals(crypto.getRandomValues(new Uint8Array(0)).length, 0);
});

test("getRandomValues rejects float arrays and DataView with TypeMismatchError", () => {
  assertThrows(() => crypto.getRandomValues(new Float32Array(1)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new Float64Array(1)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new DataView(new ArrayBuffer(1))), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues([1, 2]), TypeError);
});

test("getRandomValues rejects more than 65536 bytes with QuotaExceededError", () => {
  crypto.getRandomValues(new Uint8Array(65536));
  const e = assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), DOMException);
  assertEquals(e.name, "QuotaExceededError");
  assertThrows(() => crypto.getRandomValues(new Uint32Array(16385)), "QuotaExceededError");
  assertEquals(e.message, "getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes.");
});

test("randomUUID returns distinct version 4 UUIDs", () => {
  const a = crypto.randomUUID();
  assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(a), a);
  assert(a !== crypto.randomUUID());
});

test("crypto and subtle objects have the right shape", () => {
  assert(crypto instanceof Crypto);
  assert(crypto.subtle instanceof SubtleCrypto);
  assertEquals(Object.prototype.toString.call(crypto.subtle), "[object SubtleCrypto]");
  assertThrows(() => new Crypto(), TypeError);
  assertThrows(() => new SubtleCrypto(), TypeError);
  assertThrows(() => new CryptoKey(), TypeError);
});

test("digest SHA-1/256/384/512 and MD5 vectors", async () => {
  const abc = utf8("abc");
  assertEquals(hex(await crypto.subtle.digest("SHA-1", abc)), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assertEquals(hex(await crypto.subtle.digest("SHA-256", abc)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assertEquals(hex(await crypto.subtle.digest({ name: "sha-384" }, abc)), "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  assertEquals(hex(await crypto.subtle.digest("SHA-512", abc)), "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  assertEquals(hex(await crypto.subtle.digest("MD5", abc)), "900150983cd24fb0d6963f7d28e17f72");
  assertEquals(hex(await crypto.subtle.digest("SHA-256", new ArrayBuffer(0))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
});

test("digest errors: unknown algorithm, bad data, missing args", async () => {
  await assertRejects(crypto.subtle.digest("SHA-999", utf8("x")), "NotSupportedError");
  await assertRejects(crypto.subtle.digest("SHA-256", "string"), TypeError);
  await assertRejects(crypto.subtle.digest("SHA-256"), TypeError);
  await assertRejects(crypto.subtle.digest({}, utf8("x")), TypeError);
});

test("DigestStream (Workers) hashes what is written", async () => {
  const ds = new crypto.DigestStream("SHA-256");
  const w = ds.getWriter();
  await w.write(utf8("a"));
  await w.write(utf8("bc"));
  await w.close();
  assertEquals(hex(await ds.digest), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

test("HMAC RFC 4231 test case 2", async () => {
  const key = await crypto.subtle.importKey("raw", utf8("Jefe"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  assertEquals(key.type, "secret");
  assertEquals(key.algorithm.name, "HMAC");
  assertEquals(key.algorithm.hash.name, "SHA-256");
  assertEquals(key.algorithm.length, 32);
  const sig = await crypto.subtle.sign("HMAC", key, utf8("what do ya want for nothing?"));
  assertEquals(hex(sig), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  assertEquals(await crypto.subtle.verify("HMAC", key, sig, utf8("what do ya want for nothing?")), true);
  assertEquals(await crypto.subtle.verify("HMAC", key, sig, utf8("tampered")), false);
  assertEquals(await crypto.subtle.verify("HMAC", key, new Uint8Array(3), utf8("x")), false);
});

test("HMAC generateKey uses the hash block size; export raw and jwk", async () => {
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, true, ["sign"]);
  assertEquals(key.algorithm.length, 1024);
  assertEquals((await crypto.subtle.exportKey("raw", key)).byteLength, 128);
  const jwk = await crypto.subtle.exportKey("jwk", key);
  assertEquals(jwk.kty, "oct");
  assertEquals(jwk.alg, "HS512");
  assertDeepEquals(jwk.key_ops, ["sign"]);
  assertEquals(jwk.ext, true);
  const back = await crypto.subtle.importKey("jwk", jwk, { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
  assertEquals(back.extractable, false);
});

test("key usage and algorithm mismatches are InvalidAccessError", async () => {
  const key = await crypto.subtle.importKey("raw", utf8("k"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  await assertRejects(crypto.subtle.sign("HMAC", key, utf8("x")), "InvalidAccessError");
  const aes = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["encrypt"]);
  await assertRejects(crypto.subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, aes, utf8("x")), "InvalidAccessError");
  await assertRejects(crypto.subtle.exportKey("raw", aes), "InvalidAccessError");
});

test("invalid usages are SyntaxError; empty usages for secret keys are SyntaxError", async () => {
  await assertRejects(crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["sign"]), "SyntaxError");
  await assertRejects(crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, []), "SyntaxError");
  await assertRejects(crypto.subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["bogus"]), TypeError);
});

test("AES-GCM encrypt/decrypt with additional data and tag length", async () => {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params = { name: "AES-GCM", iv, additionalData: utf8("aad"), tagLength: 96 };
  const ct = await crypto.subtle.encrypt(params, key, utf8("secret message"));
  assertEquals(ct.byteLength, 14 + 12);
  assertEquals(new TextDecoder().decode(await crypto.subtle.decrypt(params, key, ct)), "secret message");
  const tampered = new Uint8Array(ct);
  tampered[0] ^= 1;
  await assertRejects(crypto.subtle.decrypt(params, key, tampered), "OperationError");
  await assertRejects(crypto.subtle.decrypt({ ...params, additionalData: utf8("other") }, key, ct), "OperationError");
  await assertRejects(crypto.subtle.encrypt({ ...params, tagLength: 100 }, key, ct), "OperationError");
});

test("AES-GCM known answer (NIST GCM test case 2)", async () => {
  const key = await crypto.subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, key, new Uint8Array(16));
  assertEquals(hex(ct), "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
});

test("AES-CBC known answer (NIST SP 800-38A F.2.1) and padding", async () => {
  const key = await crypto.subtle.importKey("raw", fromHex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CBC", true, ["encrypt", "decrypt"]);
  const iv = fromHex("000102030405060708090a0b0c0d0e0f");
  const ct = await crypto.subtle.encrypt({ name: "AES-CBC", iv }, key, fromHex("6bc1bee22e409f96e93d7e117393172a"));
  assertEquals(hex(ct).slice(0, 32), "7649abac8119b246cee98e9b12e9197d");
  assertEquals(ct.byteLength, 32);
  assertEquals(hex(await crypto.subtle.decrypt({ name: "AES-CBC", iv }, key, ct)), "6bc1bee22e409f96e93d7e117393172a");
  await assertRejects(crypto.subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(8) }, key, ct), "OperationError");
  await assertRejects(crypto.subtle.decrypt({ name: "AES-CBC", iv }, key, new Uint8Array(15)), "OperationError");
});

test("AES-CTR known answer (NIST SP 800-38A F.5.1) and counter wrap", async () => {
  const key = await crypto.subtle.importKey("raw", fromHex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CTR", false, ["encrypt", "decrypt"]);
  const counter = fromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  const ct = await crypto.subtle.encrypt({ name: "AES-CTR", counter, length: 64 }, key, fromHex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"));
  assertEquals(hex(ct), "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff");
  const wrapCounter = fromHex("000000000000000000000000000000ff");
  const data = new Uint8Array(48);
  const enc = await crypto.subtle.encrypt({ name: "AES-CTR", counter: wrapCounter, length: 8 }, key, data);
  assertEquals(hex(await crypto.subtle.decrypt({ name: "AES-CTR", counter: wrapCounter, length: 8 }, key, enc)), hex(data));
  await assertRejects(crypto.subtle.encrypt({ name: "AES-CTR", counter, length: 0 }, key, data), "OperationError");
});

test("AES-KW RFC 3394 §4.1 vector via wrapKey/unwrapKey", async () => {
  const kek = await crypto.subtle.importKey("raw", fromHex("000102030405060708090A0B0C0D0E0F"), "AES-KW", false, ["wrapKey", "unwrapKey"]);
  const keyToWrap = await crypto.subtle.importKey("raw", fromHex("00112233445566778899AABBCCDDEEFF"), "AES-GCM", true, ["encrypt"]);
  const wrapped = await crypto.subtle.wrapKey("raw", keyToWrap, kek, "AES-KW");
  assertEquals(hex(wrapped), "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
  const unwrapped = await crypto.subtle.unwrapKey("raw", wrapped, kek, "AES-KW", "AES-GCM", true, ["encrypt"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", unwrapped)), "00112233445566778899aabbccddeeff");
  const bad = new Uint8Array(wrapped);
  bad[3] ^= 1;
  await assertRejects(crypto.subtle.unwrapKey("raw", bad, kek, "AES-KW", "AES-GCM", true, ["encrypt"]), "OperationError");
});

test("AES key lengths and jwk export", async () => {
  await assertRejects(crypto.subtle.importKey("raw", new Uint8Array(15), "AES-GCM", false, ["encrypt"]), "DataError");
  await assertRejects(crypto.subtle.generateKey({ name: "AES-CBC", length: 100 }, false, ["encrypt"]), "OperationError");
  const key = await crypto.subtle.importKey("raw", new Uint8Array(24), "AES-CBC", true, ["encrypt"]);
  assertEquals(key.algorithm.length, 192);
  const jwk = await crypto.subtle.exportKey("jwk", key);
  assertEquals(jwk.alg, "A192CBC");
  await assertRejects(crypto.subtle.importKey("jwk", { ...jwk, alg: "A128CBC" }, "AES-CBC", true, ["encrypt"]), "DataError");
  await assertRejects(crypto.subtle.importKey("jwk", { ...jwk, kty: "RSA" }, "AES-CBC", true, ["encrypt"]), "DataError");
  await assertRejects(crypto.subtle.importKey("jwk", { ...jwk, ext: false }, "AES-CBC", true, ["encrypt"]), "DataError");
});

test("PBKDF2 RFC 6070 vector and deriveKey", async () => {
  const base = await crypto.subtle.importKey("raw", utf8("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: utf8("salt"), iterations: 2 }, base, 160);
  assertEquals(hex(bits), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  const aes = await crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: utf8("s"), iterations: 10 }, base,
    { name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  assertEquals(aes.algorithm.length, 256);
  assertEquals((await crypto.subtle.exportKey("raw", aes)).byteLength, 32);
  await assertRejects(crypto.subtle.importKey("raw", utf8("p"), "PBKDF2", true, ["deriveBits"]), "SyntaxError");
  await assertRejects(crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: utf8("s"), iterations: 0 }, base, 128), "OperationError");
  await assertRejects(crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-1", salt: utf8("s"), iterations: 1 }, base, 7), "OperationError");
});

test("PBKDF2 iteration counts are bounded as on Workers", async () => {
  const base = await crypto.subtle.importKey("raw", utf8("password"), "PBKDF2", false, ["deriveBits", "deriveKey"]);
  const params = (iterations) => ({ name: "PBKDF2", hash: "SHA-256", salt: utf8("salt"), iterations });
  // Exactly the cap is allowed (the value is what Python's hashlib.pbkdf2_hmac and node's pbkdf2Sync derive).
  assertEquals(hex(await crypto.subtle.deriveBits(params(100000), base, 256)), "0394a2ede332c9a13eb82e9b24631604c31df978b4e2f0fbd2c549944f9d79a5");
  for (const n of [100001, 1e8, 2 ** 32 - 1]) {
    const e = await assertRejects(crypto.subtle.deriveBits(params(n), base, 256), "NotSupportedError");
    assert(e instanceof DOMException, "a DOMException");
    assertEquals(e.message, `Pbkdf2 failed: iteration counts above 100000 are not supported (requested ${n}).`);
  }
  const viaKey = await assertRejects(crypto.subtle.deriveKey(params(100001), base, { name: "AES-GCM", length: 128 }, false, ["encrypt"]), "NotSupportedError");
  assertEquals(viaKey.message, "Pbkdf2 failed: iteration counts above 100000 are not supported (requested 100001).");
  const zero = await assertRejects(crypto.subtle.deriveBits(params(0), base, 256), "OperationError");
  assertEquals(zero.message, "PBKDF2 requires a positive iteration count (requested 0).");
});

test("RSA generateKey parameters are bounded as on Workers", async () => {
  const alg = (modulusLength, publicExponent) => ({ name: "RSASSA-PKCS1-v1_5", modulusLength, publicExponent: new Uint8Array(publicExponent), hash: "SHA-256" });
  const refused = async (modulusLength, publicExponent, message) => {
    const e = await assertRejects(crypto.subtle.generateKey(alg(modulusLength, publicExponent), false, ["sign"]), "OperationError");
    assertEquals(e.message, message);
  };
  for (const n of [1028, 248, 16392, 2 ** 32 - 8]) {
    await refused(n, [1, 0, 1], `The modulus length must be a multiple of 8 and between 256 and 16k, but ${n} was requested.`);
  }
  await refused(0, [1, 0, 1], "modulusLength must be greater than zero (requested 0).");
  await refused(1024, [5], 'The "publicExponent" must be either 3 or 65537, but got 5.');
  await refused(1024, [1, 0, 3], 'The "publicExponent" must be either 3 or 65537, but got 65539.');
  // e = 3 is allowed (the platform can't generate it; a library does).
  const { publicKey, privateKey } = await crypto.subtle.generateKey(alg(512, [3]), false, ["sign", "verify"]);
  assertDeepEquals(Array.from(publicKey.algorithm.publicExponent), [3]);
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, utf8("m"));
  assertEquals(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, sig, utf8("m")), true);
}, { timeout: 30000 });

test("HKDF RFC 5869 test case 1", async () => {
  const ikm = await crypto.subtle.importKey("raw", fromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "HKDF", false, ["deriveBits"]);
  const okm = await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: fromHex("000102030405060708090a0b0c"), info: fromHex("f0f1f2f3f4f5f6f7f8f9") }, ikm, 42 * 8);
  assertEquals(hex(okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
});

test("ECDSA P-256 generate, sign, verify; signature is r||s", async () => {
  const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  assertEquals(publicKey.type, "public");
  assertEquals(privateKey.type, "private");
  assertDeepEquals(publicKey.usages, ["verify"]);
  assertDeepEquals(privateKey.usages, ["sign"]);
  assertEquals(publicKey.extractable, true);
  assertEquals(privateKey.algorithm.namedCurve, "P-256");
  const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, privateKey, utf8("msg"));
  assertEquals(sig.byteLength, 64);
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, sig, utf8("msg")), true);
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, publicKey, sig, utf8("other")), false);
  await assertRejects(crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, publicKey, utf8("x")), "InvalidAccessError");
});

test("EC key formats: spki, pkcs8, raw, jwk round trips", async () => {
  const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"]);
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", publicKey));
  assertEquals(raw.length, 97);
  assertEquals(raw[0], 4);
  const spki = await crypto.subtle.exportKey("spki", publicKey);
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", privateKey);
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  assertEquals(jwk.kty, "EC");
  assertEquals(jwk.crv, "P-384");
  assertEquals(jwk.alg, "ES384");
  assert(typeof jwk.d === "string" && typeof jwk.x === "string" && typeof jwk.y === "string");
  const alg = { name: "ECDSA", namedCurve: "P-384" };
  const pub2 = await crypto.subtle.importKey("raw", raw, alg, true, ["verify"]);
  const pub3 = await crypto.subtle.importKey("spki", spki, alg, true, ["verify"]);
  const priv2 = await crypto.subtle.importKey("pkcs8", pkcs8, alg, true, ["sign"]);
  const priv3 = await crypto.subtle.importKey("jwk", jwk, alg, true, ["sign"]);
  const sig = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-384" }, priv3, utf8("m"));
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-384" }, pub2, sig, utf8("m")), true);
  assertEquals(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-384" }, pub3, sig, utf8("m")), true);
  assertEquals(hex(await crypto.subtle.exportKey("pkcs8", priv2)).length > 0, true);
  await assertRejects(crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]), "DataError");
  await assertRejects(crypto.subtle.importKey("raw", raw, alg, true, ["sign"]), "SyntaxError");
  await assertRejects(crypto.subtle.importKey("spki", new Uint8Array(10), alg, true, ["verify"]), "DataError");
  await assertRejects(crypto.subtle.exportKey("raw", privateKey), "InvalidAccessError");
  await assertRejects(crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"]), "NotSupportedError");
});

test("ECDH derives the same secret on both sides", async () => {
  const alg = { name: "ECDH", namedCurve: "P-256" };
  const a = await crypto.subtle.generateKey(alg, false, ["deriveBits"]);
  const b = await crypto.subtle.generateKey(alg, false, ["deriveBits", "deriveKey"]);
  assertDeepEquals(a.publicKey.usages, []);
  const s1 = await crypto.subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 256);
  const s2 = await crypto.subtle.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, 256);
  assertEquals(hex(s1), hex(s2));
  assertEquals((await crypto.subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 128)).byteLength, 16);
  assertEquals((await crypto.subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, null)).byteLength, 32);
  await assertRejects(crypto.subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 512), "OperationError");
  const key = await crypto.subtle.deriveKey({ name: "ECDH", public: a.publicKey }, b.privateKey, { name: "HMAC", hash: "SHA-256", length: 256 }, true, ["sign"]);
  assertEquals(key.algorithm.name, "HMAC");
  const other = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-384" }, false, ["deriveBits"]);
  await assertRejects(crypto.subtle.deriveBits({ name: "ECDH", public: other.publicKey }, a.privateKey, 128), "InvalidAccessError");
});

test("Ed25519 RFC 8032 test 1 (and Workers' NODE-ED25519 alias)", async () => {
  const jwk = { kty: "OKP", crv: "Ed25519", d: b64url("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), x: b64url("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") };
  const priv = await crypto.subtle.importKey("jwk", jwk, "Ed25519", true, ["sign"]);
  const sig = await crypto.subtle.sign("Ed25519", priv, new Uint8Array(0));
  assertEquals(hex(sig), "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  const pub = await crypto.subtle.importKey("raw", fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), { name: "NODE-ED25519", namedCurve: "NODE-ED25519" }, true, ["verify"]);
  assertEquals(pub.algorithm.name, "Ed25519");
  assertEquals(await crypto.subtle.verify("Ed25519", pub, sig, new Uint8Array(0)), true);
  assertEquals(hex(await crypto.subtle.exportKey("raw", pub)), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const exported = await crypto.subtle.exportKey("jwk", priv);
  assertEquals(exported.crv, "Ed25519");
  assertEquals(exported.d, jwk.d);
});

test("Ed25519 and X25519 generateKey", async () => {
  const ed = await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"]);
  const sig = await crypto.subtle.sign("Ed25519", ed.privateKey, utf8("m"));
  assertEquals(sig.byteLength, 64);
  assertEquals(await crypto.subtle.verify("Ed25519", ed.publicKey, sig, utf8("m")), true);
  const a = await crypto.subtle.generateKey("X25519", true, ["deriveBits"]);
  const b = await crypto.subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const s1 = await crypto.subtle.deriveBits({ name: "X25519", public: b.publicKey }, a.privateKey, 256);
  const s2 = await crypto.subtle.deriveBits({ name: "X25519", public: a.publicKey }, b.privateKey, 256);
  assertEquals(hex(s1), hex(s2));
});

test("RSASSA-PKCS1-v1_5 and RSA-PSS sign/verify", async () => {
  const alg = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const { publicKey, privateKey } = await crypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  assertEquals(publicKey.algorithm.modulusLength, 2048);
  assertDeepEquals(Array.from(publicKey.algorithm.publicExponent), [1, 0, 1]);
  assertEquals(publicKey.algorithm.hash.name, "SHA-256");
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, utf8("m"));
  assertEquals(sig.byteLength, 256);
  assertEquals(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, sig, utf8("m")), true);
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  assertEquals(jwk.alg, "RS256");
  assertEquals(jwk.kty, "RSA");
  const pss = await crypto.subtle.importKey("jwk", { ...jwk, alg: "PS256" }, { name: "RSA-PSS", hash: "SHA-256" }, false, ["sign"]);
  const pssPub = await crypto.subtle.importKey("spki", await crypto.subtle.exportKey("spki", publicKey), { name: "RSA-PSS", hash: "SHA-256" }, false, ["verify"]);
  const pssSig = await crypto.subtle.sign({ name: "RSA-PSS", saltLength: 32 }, pss, utf8("m"));
  assertEquals(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pssPub, pssSig, utf8("m")), true);
  assertEquals(await crypto.subtle.verify({ name: "RSA-PSS", saltLength: 32 }, pssPub, pssSig, utf8("x")), false);
  await assertRejects(crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" }, false, ["sign"]), "DataError");
}, { timeout: 30000 });

test("RSA-OAEP encrypt/decrypt with a label", async () => {
  const alg = { name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const { publicKey, privateKey } = await crypto.subtle.generateKey(alg, false, ["encrypt", "decrypt"]);
  const ct = await crypto.subtle.encrypt({ name: "RSA-OAEP", label: utf8("L") }, publicKey, utf8("hello"));
  assertEquals(new TextDecoder().decode(await crypto.subtle.decrypt({ name: "RSA-OAEP", label: utf8("L") }, privateKey, ct)), "hello");
  await assertRejects(crypto.subtle.decrypt({ name: "RSA-OAEP", label: utf8("M") }, privateKey, ct), "OperationError");
  await assertRejects(crypto.subtle.exportKey("pkcs8", privateKey), "InvalidAccessError");
}, { timeout: 30000 });

test("wrapKey/unwrapKey with jwk format and AES-GCM", async () => {
  const wrapping = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, false, ["wrapKey", "unwrapKey"]);
  const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  const iv = new Uint8Array(12);
  const wrapped = await crypto.subtle.wrapKey("jwk", key, wrapping, { name: "AES-GCM", iv });
  const back = await crypto.subtle.unwrapKey("jwk", wrapped, wrapping, { name: "AES-GCM", iv }, { name: "HMAC", hash: "SHA-256" }, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", back)), hex(await crypto.subtle.exportKey("raw", key)));
});

test("CryptoKey exposes cached algorithm and usages objects", async () => {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["decrypt", "encrypt"]);
  assertEquals(key.algorithm, key.algorithm);
  assertEquals(key.usages, key.usages);
  assertDeepEquals(key.usages, ["encrypt", "decrypt"]);
  assertEquals(Object.prototype.toString.call(key), "[object CryptoKey]");
});

test("timingSafeEqual (Workers)", () => {
  assertEquals(crypto.subtle.timingSafeEqual(utf8("abc"), utf8("abc")), true);
  assertEquals(crypto.subtle.timingSafeEqual(utf8("abc"), utf8("abd")), false);
  assertThrows(() => crypto.subtle.timingSafeEqual(utf8("a"), utf8("ab")), TypeError);
});

test("algorithm names are case-insensitive; unknown ones are NotSupportedError", async () => {
  const key = await crypto.subtle.generateKey({ name: "aes-gcm", length: 128 }, false, ["encrypt"]);
  assertEquals(key.algorithm.name, "AES-GCM");
  await assertRejects(crypto.subtle.generateKey({ name: "AES-XYZ", length: 128 }, false, ["encrypt"]), "NotSupportedError");
  await assertRejects(crypto.subtle.encrypt({ name: "HMAC" }, key, utf8("x")), "NotSupportedError");
  await assertRejects(crypto.subtle.generateKey({ name: "HMAC" }, false, ["sign"]), TypeError);
});

// WPT WebCryptoAPI/derive_bits_keys/hkdf*.js shapes: every hash, with a short, long and empty key (raw, not
// extractable), a normal, empty and missing salt and info, lengths 0, non-multiples of 8, one block, several blocks
// and the maximum 255 * hashLen bytes. The expected bits come from RFC 5869's definition computed with HMAC.
async function hkdfByHmac(hash, ikm, salt, info, bytes) {
  const hashLen = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 }[hash];
  const hmac = async (key, data) => {
    const k = await crypto.subtle.importKey("raw", key.length ? key : new Uint8Array(hashLen), { name: "HMAC", hash }, false, ["sign"]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", k, data));
  };
  const prk = await hmac(salt, ikm);
  const out = new Uint8Array(bytes);
  let t = new Uint8Array(0);
  for (let i = 1, at = 0; at < bytes; i++) {
    t = await hmac(prk, new Uint8Array([...t, ...info, i]));
    out.set(t.subarray(0, Math.min(t.length, bytes - at)), at);
    at += t.length;
  }
  return out;
}

test("HKDF deriveBits matches RFC 5869 for every hash, salt, info and key shape", async () => {
  const keys = { short: utf8("P@ssw0rd"), long: utf8("Users should pick long passphrases (not use short passwords)!"), empty: new Uint8Array(0) };
  const salts = { normal: utf8("Sodium Chloride compound"), empty: new Uint8Array(0) };
  const infos = { normal: utf8("HKDF extra info"), empty: new Uint8Array(0) };
  for (const [keyName, raw] of Object.entries(keys)) {
    const key = await crypto.subtle.importKey("raw", raw, { name: "HKDF" }, false, ["deriveKey", "deriveBits"]);
    assertEquals(key.extractable, false);
    for (const hash of ["SHA-1", "SHA-256", "SHA-384", "SHA-512"]) {
      for (const [saltName, salt] of Object.entries(salts)) {
        for (const [infoName, info] of Object.entries(infos)) {
          const what = `${keyName} key, ${saltName} salt, ${hash}, ${infoName} info`;
          const bits = await crypto.subtle.deriveBits({ name: "HKDF", hash, salt, info }, key, 256);
          assertEquals(hex(bits), hex(await hkdfByHmac(hash, raw, salt, info, 32)), what);
          assertEquals((await crypto.subtle.deriveBits({ name: "HKDF", hash, salt, info }, key, 0)).byteLength, 0, what);
          await assertRejects(crypto.subtle.deriveBits({ name: "HKDF", hash, salt, info }, key, 44), "OperationError");
          await assertRejects(crypto.subtle.deriveBits({ name: "HKDF", hash, salt, info }, key, null), "OperationError");
          await assertRejects(crypto.subtle.deriveBits({ name: "HKDF", hash, info }, key, 0), TypeError);
          await assertRejects(crypto.subtle.deriveBits({ name: "HKDF", hash, salt }, key, 0), TypeError);
        }
      }
    }
  }
}, { timeout: 30000 });

test("HKDF-SHA-384 lengths up to 255 * 48 bytes (WPT vectors)", async () => {
  const key = await crypto.subtle.importKey("raw", utf8("P@ssw0rd"), "HKDF", false, ["deriveBits", "deriveKey"]);
  const alg = { name: "HKDF", hash: "SHA-384", salt: utf8("Sodium Chloride compound"), info: utf8("HKDF extra info") };
  // hkdf_vectors.js: "short" key, "normal" salt, SHA-384, "normal" info.
  assertEquals(hex(await crypto.subtle.deriveBits(alg, key, 256)), "19ba74368e6b993390f27fe9a7d02bc338173f72be71a19fc744fcdb3fd4b84b");
  const max = 255 * 48;
  const all = new Uint8Array(await crypto.subtle.deriveBits(alg, key, max * 8));
  assertEquals(all.length, max);
  assertEquals(hex(all), hex(await hkdfByHmac("SHA-384", utf8("P@ssw0rd"), alg.salt, alg.info, max)));
  for (const bytes of [1, 47, 48, 49, 97, 1000]) {
    assertEquals(hex(await crypto.subtle.deriveBits(alg, key, bytes * 8)), hex(all.subarray(0, bytes)), `${bytes} bytes`);
  }
  await assertRejects(crypto.subtle.deriveBits(alg, key, (max + 1) * 8), "OperationError");
  // deriveKey takes the first bits: an AES-256 key and a 256-bit HMAC key.
  const aes = await crypto.subtle.deriveKey(alg, key, { name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", aes)), hex(all.subarray(0, 32)));
  const mac = await crypto.subtle.deriveKey(alg, key, { name: "HMAC", hash: "SHA-384", length: 256 }, true, ["sign"]);
  assertEquals(hex(await crypto.subtle.exportKey("raw", mac)), hex(all.subarray(0, 32)));
  await assertRejects(crypto.subtle.deriveBits({ ...alg, hash: "SHA384" }, key, 256), "NotSupportedError");
  await assertRejects(crypto.subtle.deriveBits({ ...alg, hash: "PBKDF2" }, key, 256), "NotSupportedError");
});

// WPT generateKey/failures.js: an error in the algorithm (bad RSA exponent or size, AES length, curve) rejects before
// any other microtask runs, even with empty usages; bad or empty usages are a SyntaxError a microtask later.
async function generateKeyRejection(algorithm, usages) {
  let microtaskRan = false;
  const outcome = crypto.subtle.generateKey(algorithm, false, usages)
    .then(() => ({ name: "resolved" }), (e) => ({ name: e.name, message: e.message, late: microtaskRan }));
  Promise.resolve().then(() => { microtaskRan = true; });
  return outcome;
}

test("generateKey: bad RSA exponents are an OperationError before the usages are looked at", async () => {
  const rsa = (name, e) => ({ name, hash: "SHA-256", modulusLength: 1024, publicExponent: new Uint8Array(e) });
  const cases = [[[1], "1"], [[1, 0], "256"], [[1, 0, 0], "65536"], [[], "0"], [[0, 0, 1, 0, 0], "65536"],
    [[255, 255, 255, 255, 255, 255, 255, 255, 255], "4722366482869645213695"]];
  for (const name of ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP"]) {
    const usages = name === "RSA-OAEP" ? [[], ["decrypt"], ["encrypt", "decrypt", "wrapKey", "unwrapKey"]] : [[], ["sign"], ["sign", "verify"]];
    for (const [e, shown] of cases) {
      for (const u of usages) {
        const r = await generateKeyRejection(rsa(name, e), u);
        assertEquals(r.name, "OperationError", `${name} e=[${e}] usages=[${u}]`);
        assertEquals(r.late, false, `${name} e=[${e}] usages=[${u}] rejected after a microtask`);
        assertEquals(r.message, `The "publicExponent" must be either 3 or 65537, but got ${shown}.`);
      }
    }
    const small = await generateKeyRejection({ ...rsa(name, [1, 0, 1]), modulusLength: 100 }, []);
    assertEquals(small.name, "OperationError");
    assertEquals(small.late, false);
  }
});

test("generateKey: bad and empty usages are a SyntaxError a microtask later", async () => {
  const algorithms = [
    [{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, ["sign", "encrypt"]],
    [{ name: "RSA-OAEP", hash: "SHA-1", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, ["sign"]],
    [{ name: "AES-GCM", length: 128 }, ["sign"]],
    [{ name: "HMAC", hash: "SHA-256" }, ["encrypt"]],
    [{ name: "ECDSA", namedCurve: "P-256" }, ["deriveBits"]],
    [{ name: "X25519" }, ["sign"]],
  ];
  for (const [algorithm, bad] of algorithms) {
    for (const usages of [bad, []]) {
      const r = await generateKeyRejection(algorithm, usages);
      assertEquals(r.name, "SyntaxError", `${algorithm.name} [${usages}]`);
      assertEquals(r.late, true, `${algorithm.name} [${usages}] rejected before a microtask`);
    }
  }
  for (const [algorithm, name] of [[{ name: "AES-CBC", length: 64 }, "OperationError"], [{ name: "ECDH", namedCurve: "P-512" }, "NotSupportedError"],
    [{ name: "AES" }, "NotSupportedError"], [{}, "TypeError"]]) {
    const r = await generateKeyRejection(algorithm, []);
    assertEquals(r.name, name, JSON.stringify(algorithm));
    assertEquals(r.late, false, `${JSON.stringify(algorithm)} rejected after a microtask`);
  }
});
