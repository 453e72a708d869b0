using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;

namespace Switchyard.ControlPlane.Assets;

/// <summary>One file of an upload request: the hash it claims to be, its decoded bytes and declared content type.</summary>
public sealed record UploadedAsset(string Hash, byte[] Content, string? ContentType);

/// <summary>What an upload session answers: the JWT, and the hashes to upload (none: the JWT is a completion token).</summary>
public sealed record UploadSessionResult(string Jwt, List<List<string>> Buckets);

/// <summary>
/// The asset upload flow: sessions announce a manifest, uploads fill in the files the account lacks, and the
/// upload that supplies the last missing file earns the completion token a deploy redeems.
/// </summary>
public sealed class AssetUploads(IAssetStore store, IBlobStore blobs, AssetTokens tokens, AssetUploadOptions options, TimeProvider clock)
{
    public async Task<UploadSessionResult> StartSessionAsync(string accountId, string? dispatchNamespace, string scriptName,
        IReadOnlyDictionary<string, ManifestEntry> manifest, CancellationToken ct = default)
    {
        var sizes = SizesByHash(manifest);
        var stored = await store.GetAsync(accountId, sizes.Keys, ct);
        foreach (var (hash, asset) in stored)
            if (asset.Size != sizes[hash])
                throw AssetErrors.Invalid($"Hash {hash} was uploaded before with {asset.Size} bytes, but the manifest says {sizes[hash]}");

        var now = clock.GetUtcNow();
        var session = new AssetUploadSession(TokenSecrets.NewId(), accountId, dispatchNamespace, scriptName, manifest, now,
            now + AssetTokens.Lifetime);
        await store.CreateSessionAsync(session, ct);
        // Look again now that the session protects its files from blob collection: a file the collector forgot
        // between the first look and the session's creation must be asked for, not promised.
        stored = await store.GetAsync(accountId, sizes.Keys, ct);

        var missing = sizes.Where(s => !stored.ContainsKey(s.Key)).Select(s => new ManifestEntry(s.Key, s.Value));
        var buckets = UploadBuckets.Plan(missing, options);
        // wrangler treats an empty bucket list as "nothing to upload" and deploys with this very JWT.
        var jwt = buckets.Count == 0 ? await CompleteAsync(session, ct) : tokens.IssueUpload(accountId, session.Id).Token;
        return new UploadSessionResult(jwt, buckets);
    }

    /// <summary>
    /// Checks every file against the session (in the manifest, once per request, the announced size) before storing
    /// any, then stores them. Returns the completion token once no file of the manifest is missing, otherwise null.
    /// A file the account already has is accepted again, so a client retrying a bucket after a lost answer succeeds.
    /// </summary>
    public async Task<string?> AcceptAsync(AssetUploadSession session, IReadOnlyList<UploadedAsset> files, CancellationToken ct)
    {
        if (files.Count == 0)
            throw AssetErrors.Invalid("The upload contains no files");
        var sizes = SizesByHash(session.Manifest);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!sizes.TryGetValue(file.Hash, out var size))
                throw AssetErrors.Invalid($"'{file.Hash}' is not the hash of any file in this upload session's manifest");
            if (!seen.Add(file.Hash))
                throw AssetErrors.Invalid($"Hash {file.Hash} is uploaded twice in one request");
            if (file.Content.Length != size)
                throw AssetErrors.Invalid($"The file for hash {file.Hash} is {file.Content.Length} bytes, but the manifest says {size}");
        }

        // Blobs first, then the rows that point at them: a crash in between leaves only an unreferenced blob.
        var uploads = new List<StoredAsset>(files.Count);
        foreach (var file in files)
            uploads.Add(new StoredAsset(file.Hash, await blobs.PutAsync(file.Content, ct), file.Content.Length,
                ContentTypes.Normalize(file.ContentType)));
        // Once the files are stored, their rows are written even if the client has gone: the blobs are already there.
        var missing = await store.AddUploadsAsync(session.AccountId, uploads, sizes.Keys, CancellationToken.None);
        return missing.Count == 0 ? await CompleteAsync(session, CancellationToken.None) : null;
    }

    /// <summary>Issues the completion token and keeps the session alive as long as the token.</summary>
    private async Task<string> CompleteAsync(AssetUploadSession session, CancellationToken ct)
    {
        var (token, expires) = tokens.IssueCompletion(session.AccountId, session.Id, UploadManifest.Digest(session.Manifest));
        if (!await store.ExtendSessionAsync(session.AccountId, session.Id, expires, ct))
            throw ApiException.Unauthorized("The asset upload session has expired; start a new one");
        return token;
    }

    private static Dictionary<string, long> SizesByHash(IReadOnlyDictionary<string, ManifestEntry> manifest)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in manifest.Values) sizes.TryAdd(entry.Hash, entry.Size);
        return sizes;
    }
}
