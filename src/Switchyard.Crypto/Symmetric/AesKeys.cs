namespace Switchyard.Crypto.Symmetric;

/// <summary>Creates the .NET AES object every mode runs on, after checking the key length.</summary>
internal static class AesKeys
{
    public static void Check(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32)) throw new WebCryptoException($"An AES key is 16, 24 or 32 bytes, not {key.Length}.");
    }

    public static System.Security.Cryptography.Aes Create(ReadOnlySpan<byte> key)
    {
        Check(key);
        var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key.ToArray();
        return aes;
    }
}
