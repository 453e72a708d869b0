using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Switchyard.Storage.Blobs;

/// <summary>
/// Blobs as files under <c>root/ab/cdef…</c>. Writes go to a temporary file that is flushed and then renamed,
/// so a crash leaves either no blob or the whole blob; metadata that points at a blob is committed only after it.
/// A file's modification time is its last-written time: a put of stored content touches it, so the collector never
/// deletes a blob that a deploy has just validated and is about to reference.
/// A file is trusted no more than the disk it is on: its bytes are checked against the SHA-256 its name claims before
/// they are handed out (code run by a worker, assets served), and a damaged file counts as missing (reported through
/// <see cref="Corrupted"/>) until a put of the right content rewrites it.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string _root;
    // Files already checked, with the size and write time they had then: streaming a large asset re-hashes it only
    // when the file changed. ReadAllAsync always checks (it has the bytes in hand anyway).
    private readonly ConcurrentDictionary<string, (long Length, DateTime Written)> _verified = new(StringComparer.Ordinal);

    /// <summary>A stored file whose bytes do not hash to its key (key, path): it was treated as missing.</summary>
    public event Action<string, string>? Corrupted;
    // "Exists, so touch" in PutAsync and "old, so delete" in DeleteIfOlderThan must not interleave for one key;
    // striped locks keep that exclusive without serialising unrelated blobs.
    private readonly object[] _stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

    public FileBlobStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
    }

    public static string KeyOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The key of a stream's remaining bytes, read to its end.</summary>
    private static string KeyOf(Stream content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var key = KeyOf(content.Span);
        var path = PathOf(key);
        if (File.Exists(path) && IsIntact(key, path))
        {
            lock (StripeOf(key))
            {
                if (File.Exists(path))
                {
                    File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                    _verified[key] = (content.Length, File.GetLastWriteTimeUtc(path));
                    return key;
                }
            }
        }
        // Not stored, or stored damaged: (re)written whole, replacing a damaged copy.

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(_root, "tmp", Guid.NewGuid().ToString("N"));
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await file.WriteAsync(content, ct);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return key;
    }

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            var info = new FileInfo(path);
            if (_verified.TryGetValue(key, out var seen) && seen == (stream.Length, info.LastWriteTimeUtc)) return stream;
            if (KeyOf(stream) != key)
            {
                stream.Dispose();
                Report(key, path);
                return null;
            }
            _verified[key] = (stream.Length, info.LastWriteTimeUtc);
            stream.Position = 0;
            return stream;
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        byte[] bytes;
        try { bytes = await File.ReadAllBytesAsync(path, ct); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        if (KeyOf(bytes) == key) return bytes;
        Report(key, path);
        return null;
    }

    private bool IsIntact(string key, string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            if (KeyOf(stream) == key) return true;
        }
        catch (FileNotFoundException) { return false; }
        catch (DirectoryNotFoundException) { return false; }
        Report(key, path);
        return false;
    }

    private void Report(string key, string path)
    {
        _verified.TryRemove(key, out _);
        Corrupted?.Invoke(key, path);
    }

    public bool Exists(string key) => File.Exists(PathOf(key));

    public IEnumerable<BlobInfo> List()
    {
        foreach (var dir in new DirectoryInfo(_root).EnumerateDirectories())
        {
            if (dir.Name.Length != 2) continue; // tmp/
            foreach (var file in dir.EnumerateFiles())
            {
                var key = dir.Name + file.Name;
                if (IsKey(key)) yield return new BlobInfo(key, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    public bool DeleteIfOlderThan(string key, DateTimeOffset cutoff)
    {
        var file = new FileInfo(PathOf(key));
        lock (StripeOf(key))
        {
            file.Refresh();
            if (!file.Exists || file.LastWriteTimeUtc >= cutoff.UtcDateTime) return false;
            file.Delete();
            return true;
        }
    }

    /// <summary>The files are the blobs: there are no copies to go stale.</summary>
    public Task<long> DeleteStaleCopiesAsync(DateTimeOffset cutoff, CancellationToken ct = default) => Task.FromResult(0L);

    // The collector's calls: local file operations, done inline (see CompletedTasks); the synchronous forms above
    // stay for callers that hold this store as a cache.
    public Task<bool> ExistsAsync(string key, CancellationToken ct = default) => Sqlite.CompletedTasks.Run(() => Exists(key));
    public Task<IReadOnlyList<BlobInfo>> ListAsync(CancellationToken ct = default) => Sqlite.CompletedTasks.Run<IReadOnlyList<BlobInfo>>(() => List().ToList());
    public Task<bool> DeleteIfOlderThanAsync(string key, DateTimeOffset cutoff, CancellationToken ct = default) =>
        Sqlite.CompletedTasks.Run(() => DeleteIfOlderThan(key, cutoff));
    public Task<long> DeleteAbandonedWritesAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        Sqlite.CompletedTasks.Run(() => DeleteAbandonedWrites(cutoff));

    public long DeleteAbandonedWrites(DateTimeOffset cutoff)
    {
        long freed = 0;
        foreach (var file in new DirectoryInfo(Path.Combine(_root, "tmp")).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= cutoff.UtcDateTime) continue;
            var size = file.Length;
            file.Delete(); // no error if the write finished and was moved meanwhile
            freed += size;
        }
        return freed;
    }

    private object StripeOf(string key) => _stripes[Convert.ToInt32(key[..2], 16) % _stripes.Length];

    private static bool IsKey(string key) => key.Length == 64 && key.All(Uri.IsHexDigit);

    private string PathOf(string key)
    {
        if (!IsKey(key))
            throw new ArgumentException($"'{key}' is not a blob key", nameof(key));
        return Path.Combine(_root, key[..2], key[2..]);
    }
}
