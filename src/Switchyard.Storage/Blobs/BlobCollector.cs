using System.Diagnostics;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Blobs;

/// <summary>What one collection did.</summary>
/// <param name="Deleted">Blobs deleted.</param>
/// <param name="BytesFreed">Their bytes, plus those of abandoned partial writes.</param>
/// <param name="Kept">Blobs left: referenced, or written within the grace period.</param>
/// <param name="UploadsForgotten">Uploaded asset records dropped because nothing used their blob any more.</param>
/// <param name="Skipped">Another node was collecting, so this one only deleted its stale local copies (in <paramref name="BytesFreed"/>).</param>
public sealed record BlobCollection(int Deleted, long BytesFreed, int Kept, int UploadsForgotten, TimeSpan Elapsed, bool Skipped = false);

/// <summary>
/// Mark-and-sweep garbage collection of the blob store. A blob is garbage when no stored row references it (see
/// <see cref="IBlobReferences"/>; asset files are referenced through the manifest blobs that list them) and it was
/// last written before the grace period. The grace period covers blobs that are stored but not yet referenced:
/// uploads in flight and deploys between writing their blobs and committing the version. A deploy that finds its
/// content already stored re-puts it, which refreshes its time, so an old unreferenced blob it is about to use is
/// not swept either. At most one collection runs at a time; a second caller waits for the first. Of nodes sharing a
/// store, one collects at a time (<see cref="IBlobReferences.TryTakeCollectionTurnAsync"/>); the others skip their run.
/// </summary>
public sealed class BlobCollector(IBlobReferences references, IBlobStore blobs, TimeProvider clock)
{
    private readonly SemaphoreSlim _running = new(1, 1);

    public async Task<BlobCollection> CollectAsync(TimeSpan grace, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        await _running.WaitAsync(ct);
        try
        {
            var started = Stopwatch.StartNew();
            var cutoff = clock.GetUtcNow() - grace;
            await using var turn = await references.TryTakeCollectionTurnAsync(ct);
            // Every node drops its local copies of blobs collected elsewhere, whether or not it collects this time.
            if (turn is null) return new BlobCollection(0, await blobs.DeleteStaleCopiesAsync(cutoff, ct), 0, 0, started.Elapsed, Skipped: true);

            // Mark. Order matters: the asset blobs deployed manifests use are known before uploaded-file records are
            // forgotten, and the direct references are read after, so a version committed meanwhile is either seen
            // here or built from records and blobs this collection keeps.
            var deployedAssets = await DeployedAssetBlobsAsync(ct);
            var forgotten = await references.ForgetUnusedUploadsAsync(cutoff, deployedAssets, ct);
            var live = await references.DirectlyReferencedKeysAsync(ct);
            live.UnionWith(deployedAssets);

            // Sweep.
            int deleted = 0, kept = 0;
            var freed = await blobs.DeleteAbandonedWritesAsync(cutoff, ct);
            foreach (var blob in await blobs.ListAsync(ct))
            {
                ct.ThrowIfCancellationRequested();
                if (blob.LastWritten < cutoff && !live.Contains(blob.Key) && await blobs.DeleteIfOlderThanAsync(blob.Key, cutoff, ct))
                {
                    deleted++;
                    freed += blob.Size;
                }
                else kept++;
            }
            freed += await blobs.DeleteStaleCopiesAsync(cutoff, ct);
            return new BlobCollection(deleted, freed, kept, forgotten, started.Elapsed);
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>
    /// The blobs of every asset file a stored version's manifest lists. A manifest that cannot be parsed aborts the
    /// collection (its files would otherwise look unreferenced); a missing one has nothing left to protect.
    /// </summary>
    private async Task<HashSet<string>> DeployedAssetBlobsAsync(CancellationToken ct)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifestKey in await references.AssetManifestKeysAsync(ct))
        {
            if (!await blobs.ExistsAsync(manifestKey, ct)) continue;
            foreach (var asset in (await AssetManifests.ReadAsync(blobs, manifestKey, ct)).Values)
                keys.Add(asset.BlobKey);
        }
        return keys;
    }
}
