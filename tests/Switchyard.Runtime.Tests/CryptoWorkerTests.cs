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

    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromB64Url(string text)
    {
        string b64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
    }
}
