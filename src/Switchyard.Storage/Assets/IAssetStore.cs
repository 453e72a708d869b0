namespace Switchyard.Storage.Assets;

/// <summary>
/// Uploaded asset files and upload sessions. Every lookup is scoped to one account: a hash uploaded by one
/// account never counts as present for another, because hashes are chosen by clients and cannot be verified.
/// Asynchronous: on a shared database every call is a network round trip.
/// </summary>
public interface IAssetStore
{
    /// <summary>The account's uploaded files among <paramref name="hashes"/>, by hash (<c>StoredAsset.ContentType</c> as uploaded).</summary>
    Task<IReadOnlyDictionary<string, StoredAsset>> GetAsync(string accountId, IReadOnlyCollection<string> hashes, CancellationToken ct = default);

    /// <summary>
    /// Records uploaded files (their blobs must already be stored; a hash the account already has keeps its first
    /// upload) and, in the same transaction, returns which of <paramref name="wanted"/> are still missing, so that
    /// of two concurrent final uploads at least one sees nothing missing.
    /// </summary>
    Task<IReadOnlyList<string>> AddUploadsAsync(string accountId, IReadOnlyCollection<StoredAsset> uploads, IReadOnlyCollection<string> wanted,
        CancellationToken ct = default);

    /// <summary>Stores a new session; sessions that have expired are deleted on the way.</summary>
    Task CreateSessionAsync(AssetUploadSession session, CancellationToken ct = default);

    /// <summary>The account's unexpired session with this id, or null.</summary>
    Task<AssetUploadSession?> GetSessionAsync(string accountId, string sessionId, CancellationToken ct = default);

    /// <summary>Moves an unexpired session's expiry to <paramref name="expiresOn"/> if that is later; false if it is gone.</summary>
    Task<bool> ExtendSessionAsync(string accountId, string sessionId, DateTimeOffset expiresOn, CancellationToken ct = default);
}
