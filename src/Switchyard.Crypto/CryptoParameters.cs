namespace Switchyard.Crypto;

/// <summary>
/// The <c>params</c> of <c>aesEncrypt</c>/<c>aesDecrypt</c>: <c>Iv</c> for AES-CBC (16 bytes) and AES-GCM (≥ 1 byte),
/// <c>Counter</c> (16 bytes) and <c>Length</c> (1..128 bits) for AES-CTR, <c>AdditionalData</c> and <c>TagLength</c>
/// (bits, default 128) for AES-GCM; AES-KW takes none.
/// </summary>
public sealed record AesParams(
    byte[]? Iv = null,
    byte[]? Counter = null,
    int? Length = null,
    byte[]? AdditionalData = null,
    int? TagLength = null);

/// <summary>
/// The <c>params</c> of <c>generateKeyPair</c>: RSA takes <c>ModulusLength</c> (bits) and <c>PublicExponent</c>
/// (big-endian), EC takes <c>NamedCurve</c> ("P-256", "P-384", "P-521"), Ed25519/X25519 take none.
/// </summary>
public sealed record KeyGenParams(int? ModulusLength = null, byte[]? PublicExponent = null, string? NamedCurve = null);

/// <summary>
/// The <c>params</c> of <c>sign</c>/<c>verify</c>: <c>Hash</c> (absent for Ed25519), <c>SaltLength</c> in bytes for
/// RSA-PSS, <c>NamedCurve</c> for ECDSA (checked against the key's curve).
/// </summary>
public sealed record SignParams(string? Hash = null, int? SaltLength = null, string? NamedCurve = null);

/// <summary>A generated key pair: the public key as SubjectPublicKeyInfo DER, the private key as PKCS #8 DER.</summary>
public sealed record KeyPairDer(byte[] PublicSpki, byte[] PrivatePkcs8);

/// <summary>
/// The result of <c>importKey</c>: <c>Type</c> is "public" (<c>Der</c> is SPKI) or "private" (<c>Der</c> is PKCS #8);
/// RSA keys report <c>ModulusLength</c> (bits) and <c>PublicExponent</c> (big-endian, minimal), EC keys their
/// <c>NamedCurve</c>.
/// </summary>
public sealed record ImportedKey(string Type, byte[] Der, int? ModulusLength = null, byte[]? PublicExponent = null, string? NamedCurve = null);
