using System.Security.Cryptography;

namespace Switchyard.Storage.Blobs;

/// <summary>
/// Blobs as files under <c>root/ab/cdef…</c>. Writes go to a temporary file that is flushed and then renamed,
/// so a crash leaves either no blob or the whole blob; metadata that points at a blob is committed only after it.
/// </summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string _root;

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
        if (File.Exists(path)) return key;

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

    private string PathOf(string key)
    {
        if (key.Length != 64 || !key.All(Uri.IsHexDigit))
            throw new ArgumentException($"'{key}' is not a blob key", nameof(key));
        return Path.Combine(_root, key[..2], key[2..]);
    }
}
