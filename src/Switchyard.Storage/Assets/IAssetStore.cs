namespace Switchyard.Storage.Assets;

/// <summary>
/// Uploaded asset files and upload sessions. Every lookup is scoped to one account: a hash uploaded by one
/// account never counts as present for another, because hashes are chosen by clients and cannot be verified.
/// </summary>
public interface IAssetStore
{
    /// <summary>The account's uploaded files among <paramref name="hashes"/>, by hash (<c>StoredAsset.ContentType</c> as uploaded).</summary>
    IReadOnlyDictionary<string, StoredAsset> Get(string accountId, IReadOnlyCollection<string> hashes);

    /// <summary>
    /// Records uploaded files (their blobs must already be stored; a hash the account already has keeps its first
    /// upload) and, in the same transaction, returns which of <paramref name="wanted"/> are still missing, so that
    /// of two concurrent final uploads at least one sees nothing missing.
    /// </summary>
    IReadOnlyList<string> AddUploads(string accountId, IReadOnlyCollection<StoredAsset> uploads, IReadOnlyCollection<string> wanted);

    /// <summary>Stores a new session; sessions that have expired are deleted on the way.</summary>
    void CreateSession(AssetUploadSession session);

    /// <summary>The account's unexpired session with this id, or null.</summary>
    AssetUploadSession? GetSession(string accountId, string sessionId);

    /// <summary>Moves an unexpired session's expiry to <paramref name="expiresOn"/> if that is later; false if it is gone.</summary>
    bool ExtendSession(string accountId, string sessionId, DateTimeOffset expiresOn);
}
