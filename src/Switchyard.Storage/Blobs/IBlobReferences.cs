namespace Switchyard.Storage.Blobs;

/// <summary>
/// The rows that keep blobs alive, for <see cref="BlobCollector"/>: module code and asset manifests of every stored
/// version (all versions count, they are kept for rollback), and the account's record of uploaded asset files.
/// Deleting a script or namespace deletes its versions' rows, which is what makes their blobs collectable.
/// </summary>
public interface IBlobReferences
{
    /// <summary>The blob keys of the asset manifests of all stored versions, each once.</summary>
    Task<IReadOnlyList<string>> AssetManifestKeysAsync(CancellationToken ct = default);

    /// <summary>
    /// Forgets uploaded asset files that no longer keep their blob: uploaded before <paramref name="cutoff"/>, not named
    /// by an upload session that is live or ended after <paramref name="cutoff"/>, and with a blob not in
    /// <paramref name="stillUsed"/> (the blobs deployed manifests name). A later upload session then asks for the file
    /// again instead of trusting a blob about to be deleted. Returns how many records were forgotten.
    /// </summary>
    Task<int> ForgetUnusedUploadsAsync(DateTimeOffset cutoff, IReadOnlySet<string> stillUsed, CancellationToken ct = default);

    /// <summary>Every blob key a row names directly: version modules, version asset manifests, uploaded asset files.</summary>
    Task<HashSet<string>> DirectlyReferencedKeysAsync(CancellationToken ct = default);

    /// <summary>
    /// The turn to collect, held until disposed, or null while another node (process) sharing the store collects: of
    /// nodes on one database, one collects at a time.
    /// </summary>
    Task<IAsyncDisposable?> TryTakeCollectionTurnAsync(CancellationToken ct);
}
