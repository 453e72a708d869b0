namespace Switchyard.Crypto.Symmetric;

/// <summary>The host functions <c>aesEncrypt</c>/<c>aesDecrypt</c>: dispatch on the Web Crypto mode name.</summary>
public static class AesCiphers
{
    public static byte[] Encrypt(string mode, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, AesParams parameters) => mode switch
    {
        "AES-CBC" => AesCbc.Encrypt(key, Require(parameters.Iv, "iv", mode), data),
        "AES-CTR" => AesCtr.Transform(key, Require(parameters.Counter, "counter", mode), Require(parameters.Length, "length", mode), data),
        "AES-GCM" => AesGcmCipher.Encrypt(key, Require(parameters.Iv, "iv", mode), parameters.AdditionalData ?? [],
            parameters.TagLength ?? 128, data),
        "AES-KW" => AesKeyWrap.Wrap(key, data),
        _ => throw new WebCryptoException($"Unsupported AES mode '{mode}'."),
    };

    public static byte[] Decrypt(string mode, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, AesParams parameters) => mode switch
    {
        "AES-CBC" => AesCbc.Decrypt(key, Require(parameters.Iv, "iv", mode), data),
        "AES-CTR" => AesCtr.Transform(key, Require(parameters.Counter, "counter", mode), Require(parameters.Length, "length", mode), data),
        "AES-GCM" => AesGcmCipher.Decrypt(key, Require(parameters.Iv, "iv", mode), parameters.AdditionalData ?? [],
            parameters.TagLength ?? 128, data),
        "AES-KW" => AesKeyWrap.Unwrap(key, data),
        _ => throw new WebCryptoException($"Unsupported AES mode '{mode}'."),
    };

    private static T Require<T>(T? value, string member, string mode) where T : class =>
        value ?? throw new WebCryptoException($"{mode} requires the '{member}' parameter.");

    private static int Require(int? value, string member, string mode) =>
        value ?? throw new WebCryptoException($"{mode} requires the '{member}' parameter.");
}
