namespace Switchyard.Runtime.Cache;

/// <summary>A response as <c>cache.put()</c> stored it: head, whole body, and when it stops being served.</summary>
public sealed record CachedResponse(int Status, string StatusText, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body,
    DateTimeOffset Expires)
{
    /// <summary>What the entry counts against the cache's memory: the body, the headers, and a fixed overhead.</summary>
    public long Size { get; } = Body.Length + Headers.Sum(h => (long)(h.Key.Length + h.Value.Length) * 2) + 256;
}
