using System.Security.Cryptography;

namespace Switchyard.Storage.Blobs;

/// <summary>
/// Blobs as files under <c>root/ab/cdef…</c>. Writes go to a temporary file that is flushed and then renamed,
/// so a crash leaves either no blob or the whole blob; metadata that points at a blob is committed only after it.
/// A file's modification time is its last-written time: a put of stored content touches it, so the collector never
/// deletes a blob that a deploy has just validated and is about to reference.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string _root;
    // "Exists, so touch" in PutAsync and "old, so delete" in DeleteIfOlderThan must not interleave for one key;
    // striped locks keep that exclusive without serialising unrelated blobs.
    private readonly object[] _stripes = Enumerable.Range(0, 64).Select(_ => new object()).ToArray();

    public FileBlobStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
    }

    public static string KeyOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var key = KeyOf(content.Span);
        var path = PathOf(key);
        lock (StripeOf(key))
        {
            if (File.Exists(path))
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                return key;
            }
        }

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
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public async Task<byte[]?> ReadAllAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        try { return await File.ReadAllBytesAsync(path, ct); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
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
