using System.Buffers.Text;

namespace Switchyard.Crypto.Keys;

/// <summary>Reads and writes the key members of a JSON Web Key (RFC 7517/7518), held as strings.</summary>
internal sealed class Jwk(IReadOnlyDictionary<string, string> members)
{
    public bool Has(string name) => members.ContainsKey(name);

    public string Text(string name) =>
        members.TryGetValue(name, out var value) ? value : throw new WebCryptoException($"The JWK is missing the '{name}' member.");

    /// <summary>A base64url member (padding tolerated) decoded to bytes.</summary>
    public byte[] Bytes(string name)
    {
        var text = Text(name).TrimEnd('=');
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            throw new WebCryptoException($"The JWK member '{name}' is not valid base64url.");
        }
    }

    public byte[] Bytes(string name, int length)
    {
        var bytes = Bytes(name);
        if (bytes.Length != length) throw new WebCryptoException($"The JWK member '{name}' must be {length} bytes, not {bytes.Length}.");
        return bytes;
    }

    public void ExpectText(string name, string expected)
    {
        var value = Text(name);
        if (value != expected) throw new WebCryptoException($"The JWK member '{name}' must be '{expected}', not '{value}'.");
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Base64urlUInt (RFC 7518 §2): big-endian without leading zero octets (zero itself is one octet).</summary>
    public static string EncodeUnsigned(ReadOnlySpan<byte> bigEndian)
    {
        var start = bigEndian.IndexOfAnyExcept((byte)0);
        return Encode(start < 0 ? [0] : bigEndian[start..]);
    }
}
