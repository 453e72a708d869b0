namespace Switchyard.Storage.Kv;

/// <summary>A KV namespace: a set of keys owned by one account, named by a title unique within that account.</summary>
public sealed record KvNamespace(string Id, string AccountId, string Title, DateTimeOffset CreatedOn, DateTimeOffset ModifiedOn);

/// <summary>A live (unexpired) value with what was written beside it. <see cref="Metadata"/> is compact JSON text.</summary>
public sealed record KvEntry(byte[] Value, string? Metadata, long? Expiration);

/// <summary>
/// One write. <see cref="Metadata"/> is JSON text (null or <c>"null"</c>: none). <see cref="Expiration"/> is absolute
/// unix seconds, <see cref="ExpirationTtl"/> seconds from now; when both are given the TTL wins, as on Cloudflare.
/// </summary>
public sealed record KvWrite(string Key, byte[] Value, string? Metadata = null, long? Expiration = null, long? ExpirationTtl = null);

/// <summary>A key as lists show it: no value, only its expiration and metadata.</summary>
public sealed record KvKey(string Name, long? Expiration, string? Metadata);

/// <summary>
/// One page of a key listing in UTF-8 byte order. <see cref="Cursor"/> is opaque and empty exactly when
/// <see cref="ListComplete"/>; pass it back to continue after the last key of this page.
/// </summary>
public sealed record KvKeyPage(IReadOnlyList<KvKey> Keys, bool ListComplete, string Cursor);
