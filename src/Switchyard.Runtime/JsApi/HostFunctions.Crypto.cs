using System.Text.Json;
using Switchyard.Crypto;
using Switchyard.Engine;

namespace Switchyard.Runtime.JsApi;

// Web Crypto primitives (HOST_INTERFACE.md, "Cryptography") over Switchyard.Crypto. The prelude spreads each
// `params` object into separate arguments (null when absent) and passes JWKs as JSON; results with several byte
// arrays park them in slots the prelude takes. All of it runs on the isolate's thread, charged to the invocation's CPU.
internal static partial class HostFunctions
{
    private static void AddCrypto(HostFunctionTable table) => table
        .Add("__sy_digest", (c, args) => c.NewUint8Array(WebCrypto.Digest(args[0].AsString(), Bytes(args[1]))))
        .Add("__sy_hmac", (c, args) => c.NewUint8Array(WebCrypto.Hmac(args[0].AsString(), Bytes(args[1]), Bytes(args[2]))))
        // (mode, key, data, iv, counter, length, additionalData, tagLength)
        .Add("__sy_aesEncrypt", (c, args) => c.NewUint8Array(WebCrypto.AesEncrypt(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), AesParameters(args))))
        .Add("__sy_aesDecrypt", (c, args) => c.NewUint8Array(WebCrypto.AesDecrypt(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), AesParameters(args))))
        .Add("__sy_pbkdf2", (c, args) =>
            c.NewUint8Array(WebCrypto.Pbkdf2(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), Int(args[3]), Int(args[4]))))
        .Add("__sy_hkdf", (c, args) =>
            c.NewUint8Array(WebCrypto.Hkdf(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), Bytes(args[3]), Int(args[4]))))
        // (kind, modulusLength, publicExponent, namedCurve) -> JSON { publicKey: slot, privateKey: slot }. On the isolate's
        // thread like every host crypto operation, so its CPU time is the invocation's; a long generation (large RSA keys)
        // stops between its steps once the budget is spent or the client has gone.
        .Add("__sy_generateKeyPair", (c, args) =>
        {
            RequestScope scope = Handler(c);  // key generation draws entropy
            WorkerContextState state = State(c);
            string kind = args[0].AsString();
            var parameters = new KeyGenParams(OptionalInt(args[1]), CopyBytes(args[2]), OptionalString(args[3]));
            KeyPairDer pair = WebCrypto.GenerateKeyPair(kind, parameters, () => scope.Limits.CheckpointHostWork(c.Isolate));
            return JsonSerializer.Serialize(new { publicKey = state.Slots.Put(pair.PublicSpki), privateKey = state.Slots.Put(pair.PrivatePkcs8) });
        })
        // (kind, format, keyData: bytes, or the JWK's members as JSON, namedCurve) -> JSON with the DER and exponent in slots
        .Add("__sy_importKey", (c, args) =>
        {
            string kind = args[0].AsString();
            string format = args[1].AsString();
            ImportedKey key = format == "jwk"
                ? WebCrypto.ImportJwk(kind, JsonSerializer.Deserialize<Dictionary<string, string>>(args[2].AsString())
                    ?? throw new WebCryptoException("The JWK is not an object."))
                : WebCrypto.ImportKey(kind, format, Bytes(args[2]), OptionalString(args[3]));
            ByteSlots slots = State(c).Slots;
            return JsonSerializer.Serialize(new
            {
                type = key.Type,
                der = slots.Put(key.Der),
                modulusLength = key.ModulusLength,
                publicExponent = key.PublicExponent is null ? (int?)null : slots.Put(key.PublicExponent),
                namedCurve = key.NamedCurve,
            });
        })
        // (kind, format, type, der) -> the JWK's members as JSON, or the raw bytes
        .Add("__sy_exportKey", (c, args) =>
        {
            string kind = args[0].AsString();
            string format = args[1].AsString();
            string type = args[2].AsString();
            return format switch
            {
                "jwk" => JsonSerializer.Serialize(WebCrypto.ExportJwk(kind, type, Bytes(args[3]))),
                "raw" => c.NewUint8Array(WebCrypto.ExportRaw(kind, type, Bytes(args[3]))),
                _ => throw new WebCryptoException($"Keys are exported by the host as 'jwk' or 'raw', not '{format}'."),
            };
        })
        // (algorithm, privateKey, data, hash, saltLength, namedCurve)
        .Add("__sy_sign", (c, args) =>
            c.NewUint8Array(WebCrypto.Sign(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), SignParameters(args[3..]))))
        // (algorithm, publicKey, signature, data, hash, saltLength, namedCurve)
        .Add("__sy_verify", (_, args) =>
            WebCrypto.Verify(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), Bytes(args[3]), SignParameters(args[4..])))
        // (op, key, data, hash, label)
        .Add("__sy_rsaOaep", (c, args) =>
            c.NewUint8Array(WebCrypto.RsaOaep(args[0].AsString(), Bytes(args[1]), Bytes(args[2]), args[3].AsString(), Bytes(args[4]))))
        .Add("__sy_deriveBits", (c, args) => c.NewUint8Array(WebCrypto.DeriveBits(args[0].AsString(), Bytes(args[1]), Bytes(args[2]))));

    private static AesParams AesParameters(ReadOnlySpan<JsValue> args) =>
        new(CopyBytes(args[3]), CopyBytes(args[4]), OptionalInt(args[5]), CopyBytes(args[6]), OptionalInt(args[7]));

    private static SignParams SignParameters(ReadOnlySpan<JsValue> args) =>
        new(OptionalString(args[0]), OptionalInt(args[1]), OptionalString(args[2]));

    /// <summary>The bytes of a Uint8Array or ArrayBuffer argument, in place (valid during a synchronous call).</summary>
    private static ReadOnlySpan<byte> Bytes(JsValue value) =>
        value.Kind is JsValueKind.Uint8Array or JsValueKind.ArrayBuffer ? value.AsBuffer().Span : throw new WebCryptoException("Expected bytes.");

    private static int? OptionalInt(JsValue value) => value.IsNullOrUndefined ? null : Int(value);

    private static string? OptionalString(JsValue value) => value.IsNullOrUndefined ? null : value.AsString();
}
