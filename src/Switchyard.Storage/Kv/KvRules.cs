using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Switchyard.Storage.Kv;

/// <summary>
/// Cloudflare's KV limits and the checks that enforce them, shared by the REST API and the worker binding so that both
/// refuse exactly the same writes with the same errors.
/// </summary>
public static class KvRules
{
    public const int MaxKeyBytes = 512;
    public const int MaxValueBytes = 25 * 1024 * 1024;
    public const int MaxMetadataBytes = 1024;
    public const int MinExpirationTtl = 60;
    public const int MaxListLimit = 1000;
    public const int MaxTitleLength = 512;
    public const int MaxNamespacesPerAccount = 1000;

    public static void ValidateKey(string key)
    {
        if (key.Length == 0) throw KvErrors.EmptyKey();
        if (key is "." or "..") throw KvErrors.IllegalKey(key);
        ValidateKeyLength(key);
    }

    /// <summary>A key, or a list prefix, must fit in <see cref="MaxKeyBytes"/> bytes of UTF-8.</summary>
    public static void ValidateKeyLength(string key)
    {
        var bytes = Encoding.UTF8.GetByteCount(key);
        if (bytes > MaxKeyBytes) throw KvErrors.KeyTooLong(bytes, MaxKeyBytes);
    }

    public static void ValidateValue(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxValueBytes) throw KvErrors.ValueTooLarge(value.Length, MaxValueBytes);
    }

    public static string ValidateTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title)) throw KvErrors.MissingTitle();
        if (title.Length > MaxTitleLength) throw KvErrors.TitleTooLong(MaxTitleLength);
        // Every backend refuses it alike (PostgreSQL's text cannot hold it at all).
        if (title.Contains('\0')) throw KvErrors.TitleHasNul();
        return title;
    }

    /// <summary>
    /// Checks metadata JSON text and returns what to store: null for none (absent or the JSON literal <c>null</c>),
    /// otherwise the text itself, which must parse and fit in <see cref="MaxMetadataBytes"/> bytes.
    /// </summary>
    public static string? ValidateMetadata(string? json)
    {
        if (json is null) return null;
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > MaxMetadataBytes) throw KvErrors.MetadataTooLarge(bytes, MaxMetadataBytes);
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Null ? null : json;
        }
        catch (JsonException e)
        {
            throw KvErrors.InvalidMetadata($"not valid JSON ({e.Message})");
        }
    }

    /// <summary>
    /// The absolute expiration (unix seconds) a write asks for, or null for never. A TTL must be at least
    /// <see cref="MinExpirationTtl"/> seconds and an absolute time at least that far in the future.
    /// </summary>
    public static long? ResolveExpiration(long? expiration, long? expirationTtl, long now)
    {
        if (expirationTtl is { } ttl)
        {
            var raw = ttl.ToString(CultureInfo.InvariantCulture);
            if (ttl <= 0) throw KvErrors.InvalidExpirationTtl(raw, "Please specify integer greater than 0.");
            if (ttl < MinExpirationTtl) throw KvErrors.InvalidExpirationTtl(raw, $"Expiration TTL must be at least {MinExpirationTtl}.");
            if (ttl > long.MaxValue - now) throw KvErrors.InvalidExpirationTtl(raw, "Expiration TTL is too large.");
            return now + ttl;
        }
        if (expiration is { } at)
        {
            var raw = at.ToString(CultureInfo.InvariantCulture);
            if (at <= now)
                throw KvErrors.InvalidExpiration(raw, "Please specify integer greater than the current number of seconds since the UNIX epoch.");
            if (at < now + MinExpirationTtl)
                throw KvErrors.InvalidExpiration(raw, $"Expiration times must be at least {MinExpirationTtl} seconds in the future.");
            return at;
        }
        return null;
    }

    /// <summary>Parses an <c>expiration</c> given as text (a query parameter).</summary>
    public static long ParseExpiration(string raw) =>
        long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw KvErrors.InvalidExpiration(raw, "Please specify integer greater than the current number of seconds since the UNIX epoch.");

    /// <summary>Parses an <c>expiration_ttl</c> given as text (a query parameter).</summary>
    public static long ParseExpirationTtl(string raw) =>
        long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw KvErrors.InvalidExpirationTtl(raw, "Please specify integer greater than 0.");

    public static void ValidateListLimit(int limit, int min = 1)
    {
        if (limit < min || limit > MaxListLimit)
            throw KvErrors.InvalidLimit(limit.ToString(CultureInfo.InvariantCulture), min, MaxListLimit);
    }

    /// <summary>A write as a store keeps it: key and value checked, metadata normalised, the expiration made absolute.</summary>
    public static (string Key, long? Expiration, string? Metadata, byte[] Value) ValidateWrite(KvWrite write, long now)
    {
        ValidateKey(write.Key);
        ValidateValue(write.Value);
        var metadata = ValidateMetadata(write.Metadata);
        var expiration = ResolveExpiration(write.Expiration, write.ExpirationTtl, now);
        return (write.Key, expiration, metadata, write.Value);
    }

    /// <summary>Runs a check on every item of a batch, naming the item in the error when the batch has several.</summary>
    public static void EachItem<T>(IReadOnlyList<T> items, Action<T> check)
    {
        for (var i = 0; i < items.Count; i++)
        {
            try { check(items[i]); }
            catch (KvException e) when (items.Count > 1)
            {
                throw new KvException(e.Kind, e.Code, $"{e.Message} (item {i})");
            }
        }
    }
}
