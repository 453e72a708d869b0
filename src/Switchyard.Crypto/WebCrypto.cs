using Switchyard.Crypto.Agreement;
using Switchyard.Crypto.Hashing;
using Switchyard.Crypto.Keys;
using Switchyard.Crypto.Rsa;
using Switchyard.Crypto.Signing;
using Switchyard.Crypto.Symmetric;

namespace Switchyard.Crypto;

/// <summary>
/// The "Cryptography" host functions of <c>src/Switchyard.Runtime/js/HOST_INTERFACE.md</c>, one method per
/// function with the same name and argument order. Every failure is a <see cref="WebCryptoException"/> whose
/// message the runtime passes on; <see cref="Verify"/> returns false for wrong or malformed signatures.
/// </summary>
public static class WebCrypto
{
    /// <summary><c>digest(algorithm, data)</c>: "SHA-1", "SHA-256", "SHA-384", "SHA-512" or "MD5".</summary>
    public static byte[] Digest(string algorithm, ReadOnlySpan<byte> data) => Digests.Digest(algorithm, data);

    /// <summary><c>hmac(hash, key, data)</c>: the full-length MAC.</summary>
    public static byte[] Hmac(string hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => Digests.Hmac(hash, key, data);

    /// <summary><c>aesEncrypt(mode, key, data, params)</c>: "AES-CBC", "AES-CTR", "AES-GCM" (ciphertext‖tag) or "AES-KW".</summary>
    public static byte[] AesEncrypt(string mode, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, AesParams parameters) =>
        AesCiphers.Encrypt(mode, key, data, parameters);

    /// <summary><c>aesDecrypt(mode, key, data, params)</c>: throws on bad padding, a tag mismatch or a failed AES-KW integrity check.</summary>
    public static byte[] AesDecrypt(string mode, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, AesParams parameters) =>
        AesCiphers.Decrypt(mode, key, data, parameters);

    /// <summary><c>pbkdf2(hash, password, salt, iterations, length)</c>, length in bytes.</summary>
    public static byte[] Pbkdf2(string hash, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int iterations, int length) =>
        KeyDerivation.Pbkdf2(hash, password, salt, iterations, length);

    /// <summary><c>hkdf(hash, key, salt, info, length)</c>, length in bytes.</summary>
    public static byte[] Hkdf(string hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> info, int length) =>
        KeyDerivation.Hkdf(hash, key, salt, info, length);

    /// <summary><c>generateKeyPair(kind, params)</c>: SPKI and PKCS #8 DER.</summary>
    /// <param name="checkpoint">Called between steps of a long generation (RSA above 4096 bits); what it throws stops it.</param>
    public static KeyPairDer GenerateKeyPair(string kind, KeyGenParams parameters, Action? checkpoint = null) =>
        AsymmetricKeys.GenerateKeyPair(kind, parameters, checkpoint);

    /// <summary><c>importKey(kind, format, keyData, params)</c> for the byte formats "spki", "pkcs8" and "raw".</summary>
    public static ImportedKey ImportKey(string kind, string format, ReadOnlySpan<byte> keyData, string? namedCurve = null) =>
        AsymmetricKeys.ImportKey(kind, format, keyData, namedCurve);

    /// <summary><c>importKey(kind, "jwk", keyData, params)</c>: the JWK's key members as strings.</summary>
    public static ImportedKey ImportJwk(string kind, IReadOnlyDictionary<string, string> jwk) => AsymmetricKeys.ImportJwk(kind, jwk);

    /// <summary><c>exportKey(kind, "jwk", type, der)</c>.</summary>
    public static IReadOnlyDictionary<string, string> ExportJwk(string kind, string type, ReadOnlySpan<byte> der) =>
        AsymmetricKeys.ExportJwk(kind, type, der);

    /// <summary><c>exportKey(kind, "raw", type, der)</c>.</summary>
    public static byte[] ExportRaw(string kind, string type, ReadOnlySpan<byte> der) => AsymmetricKeys.ExportRaw(kind, type, der);

    /// <summary><c>sign(algorithm, privateKey, data, params)</c>: "RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA" (r‖s) or "Ed25519".</summary>
    public static byte[] Sign(string algorithm, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> data, SignParams parameters) =>
        Signatures.Sign(algorithm, privateKey, data, parameters);

    /// <summary><c>verify(algorithm, publicKey, signature, data, params)</c>.</summary>
    public static bool Verify(string algorithm, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data, SignParams parameters) =>
        Signatures.Verify(algorithm, publicKey, signature, data, parameters);

    /// <summary><c>rsaOaep(op, key, data, { hash, label })</c>: "encrypt" with an SPKI key, "decrypt" with a PKCS #8 key.</summary>
    public static byte[] RsaOaep(string op, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, string hash, ReadOnlySpan<byte> label) => op switch
    {
        "encrypt" => Rsa.RsaOaep.Encrypt(key, data, hash, label),
        "decrypt" => Rsa.RsaOaep.Decrypt(key, data, hash, label),
        _ => throw new WebCryptoException($"RSA-OAEP operation is 'encrypt' or 'decrypt', not '{op}'."),
    };

    /// <summary><c>deriveBits(algorithm, privateKey, publicKey)</c>: "ECDH" or "X25519", the full shared secret.</summary>
    public static byte[] DeriveBits(string algorithm, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey) =>
        KeyAgreement.DeriveBits(algorithm, privateKey, publicKey);
}
