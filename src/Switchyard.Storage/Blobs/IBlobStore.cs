namespace Switchyard.Storage.Blobs;

/// <summary>
/// Immutable, content-addressed byte storage for module code and asset bodies. A blob is named by the
/// SHA-256 of its bytes, so writing the same content twice is free and a half-written blob is never visible.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores the bytes and returns their key (lower-case hex SHA-256).</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>Opens a stored blob for reading, or null when no blob has that key.</summary>
    Stream? OpenRead(string key);

    /// <summary>Reads a whole stored blob, or null when no blob has that key.</summary>
    Task<byte[]?> ReadAllAsync(string key, CancellationToken ct = default);

    bool Exists(string key);
}
