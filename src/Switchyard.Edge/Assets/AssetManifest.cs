using Switchyard.Storage.Assets;

namespace Switchyard.Edge.Assets;

/// <summary>
/// The files of one deployed version, looked up by exact decoded path. Lookups of a path built from two parts
/// (<c>/docs/</c> + <c>index.html</c>) concatenate on the stack, so the HTML-handling probes do not allocate.
/// Build one per deployed version and share it between requests; it is immutable.
/// </summary>
public sealed class AssetManifest
{
    private const int StackPathLimit = 512;

    private readonly Dictionary<string, AssetEntry> _entries;
    private readonly Dictionary<string, AssetEntry>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;

    public AssetManifest(IReadOnlyDictionary<string, StoredAsset> files)
    {
        _entries = new Dictionary<string, AssetEntry>(files.Count, StringComparer.Ordinal);
        foreach (var (path, stored) in files)
            _entries[path] = new AssetEntry(path, stored);
        _spanLookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static AssetManifest Empty { get; } = new(new Dictionary<string, StoredAsset>());

    public int Count => _entries.Count;

    public IEnumerable<AssetEntry> Entries => _entries.Values;

    /// <summary>The file at exactly this decoded path, or null.</summary>
    public AssetEntry? Find(ReadOnlySpan<char> path) => _spanLookup.TryGetValue(path, out var entry) ? entry : null;

    /// <summary>The file at the path <paramref name="head"/> + <paramref name="tail"/>, or null.</summary>
    public AssetEntry? Find(ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        var length = head.Length + tail.Length;
        if (length > StackPathLimit) return Find(string.Concat(head, tail));
        Span<char> buffer = stackalloc char[length];
        head.CopyTo(buffer);
        tail.CopyTo(buffer[head.Length..]);
        return Find(buffer);
    }
}
