namespace Switchyard.Storage.Blobs;

/// <summary>
/// Immutable, content-addressed byte storage for module code and asset bodies. A blob is named by the
/// SHA-256 of its bytes, so writing the same content twice is free and a half-written blob is never visible.
/// Blobs are shared by whatever rows name them and are deleted only by <see cref="BlobCollector"/>, which relies on
/// <see cref="BlobInfo.LastWritten"/>: every put, including one of content already stored, refreshes it.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes (or refreshes the last-written time of an equal blob) and returns their key (lower-case hex SHA-256).</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>Opens a stored blob for reading, or null when no blob has that key.</summary>
    Stream? OpenRead(string key);

    /// <summary>Reads a whole stored blob, or null when no blob has that key.</summary>
    Task<byte[]?> ReadAllAsync(string key, CancellationToken ct = default);

    Task<bool> ExistsAsync(string key, CancellationToken ct = default);

    /// <summary>Every stored blob with its size and last-written time, in no particular order.</summary>
    Task<IReadOnlyList<BlobInfo>> ListAsync(CancellationToken ct = default);

    /// <summary>
    /// Deletes the blob if it was last written before <paramref name="cutoff"/>; false if it is gone or newer. Atomic
    /// with respect to <see cref="PutAsync"/> of the same content: a put either refreshes the blob first or finds it gone.
    /// </summary>
    Task<bool> DeleteIfOlderThanAsync(string key, DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>Deletes partial writes (a crash between writing and publishing a blob) started before <paramref name="cutoff"/>; returns the bytes freed.</summary>
    Task<long> DeleteAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken ct = default);

    /// <summary>
    /// Deletes this node's local copies, last written before <paramref name="cutoff"/>, of blobs the store no longer
    /// holds: a shared store's read-through cache keeps copies of blobs that another node collected. Returns the bytes
    /// freed; a store whose files are the blobs themselves has no copies (0).
    /// </summary>
    Task<long> DeleteStaleCopiesAsync(DateTimeOffset cutoff, CancellationToken ct = default);
}

/// <summary>A stored blob as the collector sees it.</summary>
public sealed record BlobInfo(string Key, long Size, DateTimeOffset LastWritten);
