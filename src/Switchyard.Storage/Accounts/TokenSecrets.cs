using System.Security.Cryptography;
using System.Text;

namespace Switchyard.Storage.Accounts;

/// <summary>Generates and hashes API token secrets and identifiers.</summary>
public static class TokenSecrets
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /// <summary>A 40-character secret, the shape of a Cloudflare API token.</summary>
    public static string NewSecret() => RandomNumberGenerator.GetString(Alphabet, 40);

    /// <summary>A 32-hex identifier, the shape of Cloudflare account, namespace and token ids.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
