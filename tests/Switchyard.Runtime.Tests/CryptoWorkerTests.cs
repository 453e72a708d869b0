using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// crypto.subtle in a deployed worker, through the crypto host functions, with every result checked against .NET's
/// own implementations: the worker's HMAC, ECDSA P-256 signatures, exported JWK and AES-GCM ciphertext.
/// </summary>
public class CryptoWorkerTests : IDisposable
{
    private static readonly byte[] AesKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] Iv = [.. Enumerable.Range(100, 12).Select(i => (byte)i)];
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("switchyard signs this");

    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Worker_signs_verifies_encrypts_and_round_trips_jwks_interoperably_with_dotnet()
    {
        using var dotnetKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ECParameters p = dotnetKey.ExportParameters(includePrivateParameters: true);
        string privateJwk = JsonSerializer.Serialize(new { kty = "EC", crv = "P-256", x = B64Url(p.Q.X!), y = B64Url(p.Q.Y!), d = B64Url(p.D!) });
        var worker = await _fixture.DeployAsync("crypto", """
            const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
            const unhex = (s) => new Uint8Array(s.match(/../g).map((x) => parseInt(x, 16)));
            export default {
              async fetch(request, env) {
                const subtle = crypto.subtle;
                const data = new TextEncoder().encode("switchyard signs this");
                const other = new TextEncoder().encode("something else");
                const ecdsa = { name: "ECDSA", hash: "SHA-256" };

                const hmacKey = await subtle.importKey("raw", new TextEncoder().encode("hmac secret"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
                const mac = await subtle.sign("HMAC", hmacKey, data);

                const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
                const signature = await subtle.sign(ecdsa, pair.privateKey, data);
                const publicJwk = await subtle.exportKey("jwk", pair.publicKey);
                const reimported = await subtle.importKey("jwk", publicJwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);

                const hostKey = await subtle.importKey("jwk", JSON.parse(env.PRIVATE_JWK), { name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
                const hostSignature = await subtle.sign(ecdsa, hostKey, data);
                const hostPrivateJwk = await subtle.exportKey("jwk", hostKey);

                const aesKey = await subtle.importKey("raw", unhex(env.AES_KEY), "AES-GCM", false, ["encrypt", "decrypt"]);
                const gcm = { name: "AES-GCM", iv: unhex(env.IV), additionalData: other };
                const ciphertext = await subtle.encrypt(gcm, aesKey, data);
                const plaintext = new TextDecoder().decode(await subtle.decrypt(gcm, aesKey, ciphertext));
                const wrongAad = await subtle.decrypt({ ...gcm, additionalData: data }, aesKey, ciphertext).then(() => "decrypted", (e) => e.name);

                return Response.json({
                  mac: hex(mac),
                  macVerifies: await subtle.verify("HMAC", hmacKey, mac, data),
                  macRejectsOtherData: !(await subtle.verify("HMAC", hmacKey, mac, other)),
                  signature: hex(signature),
                  publicJwk,
                  signatureVerifies: await subtle.verify(ecdsa, reimported, signature, data),
                  signatureRejectsOtherData: !(await subtle.verify(ecdsa, reimported, signature, other)),
                  hostSignature: hex(hostSignature),
                  hostPrivateJwk,
                  ciphertext: hex(ciphertext),
                  plaintext,
                  wrongAad,
                });
              }
            };
            """, [new PlainTextBinding("PRIVATE_JWK", privateJwk), new PlainTextBinding("AES_KEY", Convert.ToHexStringLower(AesKey)),
                new PlainTextBinding("IV", Convert.ToHexStringLower(Iv))]);

        var (response, body) = await _fixture.FetchAsync(worker);

        Assert.Equal(200, response.Status);
        JsonElement result = RuntimeFixture.Json(body);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("hmac secret"), Data)), result.GetProperty("mac").GetString());
        Assert.True(result.GetProperty("macVerifies").GetBoolean());
        Assert.True(result.GetProperty("macRejectsOtherData").GetBoolean());

        // The worker's key, as its exported JWK describes it, verifies the worker's r‖s signature in .NET.
        JsonElement jwk = result.GetProperty("publicJwk");
        Assert.Equal("EC", jwk.GetProperty("kty").GetString());
        Assert.Equal("P-256", jwk.GetProperty("crv").GetString());
        Assert.True(jwk.GetProperty("ext").GetBoolean());
        Assert.Equal(["verify"], jwk.GetProperty("key_ops").EnumerateArray().Select(o => o.GetString()));
        Assert.False(jwk.TryGetProperty("d", out _));
        using var workerKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromB64Url(jwk.GetProperty("x").GetString()!), Y = FromB64Url(jwk.GetProperty("y").GetString()!) },
        });
        Assert.True(workerKey.VerifyData(Data, Convert.FromHexString(result.GetProperty("signature").GetString()!), HashAlgorithmName.SHA256));
        Assert.True(result.GetProperty("signatureVerifies").GetBoolean());
        Assert.True(result.GetProperty("signatureRejectsOtherData").GetBoolean());

        // A private JWK made by .NET imports, signs verifiably and exports back to the same members.
        Assert.True(dotnetKey.VerifyData(Data, Convert.FromHexString(result.GetProperty("hostSignature").GetString()!), HashAlgorithmName.SHA256));
        JsonElement exported = result.GetProperty("hostPrivateJwk");
        foreach (var (name, value) in new[] { ("x", p.Q.X!), ("y", p.Q.Y!), ("d", p.D!) })
            Assert.Equal(B64Url(value), exported.GetProperty(name).GetString());

        byte[] sealedBytes = Convert.FromHexString(result.GetProperty("ciphertext").GetString()!);
        Assert.Equal(Data.Length + 16, sealedBytes.Length);
        byte[] opened = new byte[Data.Length];
        using (var gcm = new AesGcm(AesKey, 16))
            gcm.Decrypt(Iv, sealedBytes[..Data.Length], sealedBytes[Data.Length..], opened, Encoding.UTF8.GetBytes("something else"));
        Assert.Equal(Data, opened);
        Assert.Equal("switchyard signs this", result.GetProperty("plaintext").GetString());
        Assert.Equal("OperationError", result.GetProperty("wrongAad").GetString());
    }

    [Fact]
    public async Task Parameters_beyond_workers_caps_reject_with_workers_dom_exceptions()
    {
        var worker = await _fixture.DeployAsync("crypto-caps", [("index.js", "application/javascript+module", Encoding.UTF8.GetBytes("""
            import { pbkdf2Sync } from "node:crypto";
            const outcome = (promise) => promise.then(() => "resolved", (e) => ({ name: e.name, message: e.message, dom: e instanceof DOMException }));
            const thrown = (fn) => { try { fn(); return "returned"; } catch (e) { return { name: e.name, message: e.message, dom: e instanceof DOMException }; } };
            export default {
              async fetch() {
                const subtle = crypto.subtle;
                const base = await subtle.importKey("raw", new TextEncoder().encode("pw"), "PBKDF2", false, ["deriveBits"]);
                const pbkdf2 = (iterations) => subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(8), iterations }, base, 128);
                const rsa = (modulusLength, publicExponent) => subtle.generateKey(
                  { name: "RSA-PSS", modulusLength, publicExponent: new Uint8Array(publicExponent), hash: "SHA-256" }, false, ["sign"]);
                return Response.json({
                  atCap: [...new Uint8Array(await pbkdf2(100000))].length,
                  overCap: await outcome(pbkdf2(100001)),
                  zero: await outcome(pbkdf2(0)),
                  nodeOverCap: thrown(() => pbkdf2Sync("pw", "salt", 100001, 16, "sha256")),
                  modulus: await outcome(rsa(1028, [1, 0, 1])),
                  modulusZero: await outcome(rsa(0, [1, 0, 1])),
                  exponent: await outcome(rsa(1024, [5])),
                  random: thrown(() => crypto.getRandomValues(new Uint8Array(65537))),
                  badTag: await outcome(subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["decrypt"])
                    .then((k) => subtle.decrypt({ name: "AES-GCM", iv: new Uint8Array(12) }, k, new Uint8Array(16)))),
                });
              }
            };
            """))], compatibilityFlags: ["nodejs_compat"]);

        var (response, body) = await _fixture.FetchAsync(worker);

        Assert.Equal(200, response.Status);
        JsonElement result = RuntimeFixture.Json(body);
        Assert.Equal(16, result.GetProperty("atCap").GetInt32());
        AssertDomException(result.GetProperty("overCap"), "NotSupportedError", "Pbkdf2 failed: iteration counts above 100000 are not supported (requested 100001).");
        AssertDomException(result.GetProperty("nodeOverCap"), "NotSupportedError", "Pbkdf2 failed: iteration counts above 100000 are not supported (requested 100001).");
        AssertDomException(result.GetProperty("zero"), "OperationError", "PBKDF2 requires a positive iteration count (requested 0).");
        // generateKey runs on the pool: its failure comes back as an async rejection, with the name all the same.
        AssertDomException(result.GetProperty("modulus"), "OperationError", "The modulus length must be a multiple of 8 and between 256 and 16k, but 1028 was requested.");
        AssertDomException(result.GetProperty("modulusZero"), "OperationError", "modulusLength must be greater than zero (requested 0).");
        AssertDomException(result.GetProperty("exponent"), "OperationError", "The \"publicExponent\" must be either 3 or 65537, but got 5.");
        AssertDomException(result.GetProperty("random"), "QuotaExceededError", "getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes.");
        // A failure without a name of its own keeps the operation's default and the generic prefix.
        AssertDomException(result.GetProperty("badTag"), "OperationError",
            "The operation failed: AES-GCM decryption failed: the authentication tag does not match.");
    }

    [Fact]
    public async Task Ed25519_and_x25519_reproduce_the_rfc_vectors_in_a_worker()
    {
        // libsodium (through NSec) is loaded from this test's output folder, as from the server's.
        var worker = await _fixture.DeployAsync("crypto-curve25519", """
            const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
            const unhex = (s) => new Uint8Array(s.match(/../g).map((x) => parseInt(x, 16)));
            const b64 = (s) => btoa(String.fromCharCode(...unhex(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
            export default {
              async fetch() {
                const subtle = crypto.subtle;
                // RFC 8032 §7.1 TEST 1.
                const ed = await subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519",
                  d: b64("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
                  x: b64("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") }, "Ed25519", false, ["sign"]);
                const edPublic = await subtle.importKey("raw", unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), "Ed25519", false, ["verify"]);
                const signature = await subtle.sign("Ed25519", ed, new Uint8Array(0));
                // RFC 7748 §6.1: Alice's private key, Bob's public key.
                const alice = await subtle.importKey("jwk", { kty: "OKP", crv: "X25519",
                  d: b64("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"),
                  x: b64("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a") }, "X25519", false, ["deriveBits"]);
                const bob = await subtle.importKey("jwk", { kty: "OKP", crv: "X25519",
                  x: b64("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f") }, "X25519", false, []);
                const zero = await subtle.importKey("raw", new Uint8Array(32), "X25519", false, []);
                return Response.json({
                  signature: hex(signature),
                  verifies: await subtle.verify("Ed25519", edPublic, signature, new Uint8Array(0)),
                  tampered: await subtle.verify("Ed25519", edPublic, signature, new Uint8Array(1)),
                  shared: hex(await subtle.deriveBits({ name: "X25519", public: bob }, alice, 256)),
                  smallOrder: await subtle.deriveBits({ name: "X25519", public: zero }, alice, 256).then(() => "derived", (e) => e.name),
                });
              }
            };
            """);

        var (response, body) = await _fixture.FetchAsync(worker);

        Assert.Equal(200, response.Status);
        JsonElement result = RuntimeFixture.Json(body);
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            result.GetProperty("signature").GetString());
        Assert.True(result.GetProperty("verifies").GetBoolean());
        Assert.False(result.GetProperty("tampered").GetBoolean());
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", result.GetProperty("shared").GetString());
        Assert.Equal("OperationError", result.GetProperty("smallOrder").GetString());
    }

    private static void AssertDomException(JsonElement outcome, string name, string message)
    {
        Assert.Equal(JsonValueKind.Object, outcome.ValueKind);
        Assert.Equal(name, outcome.GetProperty("name").GetString());
        Assert.Equal(message, outcome.GetProperty("message").GetString());
        Assert.True(outcome.GetProperty("dom").GetBoolean(), "a DOMException");
    }

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64Url(string text)
    {
        string b64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
    }
}
