using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Storage.Blobs;

namespace Switchyard.ControlPlane.Blobs;

/// <summary>
/// Runs <see cref="BlobCollector"/> every <see cref="BlobCollectionOptions.Interval"/>, so that redeploys, deleted
/// scripts and abandoned uploads do not grow the blob folder forever.
/// </summary>
public sealed class BlobCollectionService(BlobCollector collector, BlobCollectionOptions options, ILogger<BlobCollectionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await CollectAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping; a collection cut short has only deleted garbage.
        }
    }

    private async Task CollectAsync(CancellationToken stoppingToken)
    {
        try
        {
            var run = await collector.CollectAsync(options.GracePeriod, stoppingToken);
            if (run.Skipped)
            {
                logger.LogInformation(
                    "Blob collection skipped: another node sharing the database is collecting; freed {Bytes} bytes of local copies of blobs collected elsewhere",
                    run.BytesFreed);
                return;
            }
            logger.LogInformation(
                "Blob collection freed {Bytes} bytes: deleted {Deleted} unreferenced blobs, kept {Kept}, forgot {Uploads} unused asset uploads, in {Elapsed} ms",
                run.BytesFreed, run.Deleted, run.Kept, run.UploadsForgotten, (long)run.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Blob collection failed; retrying in {Interval}", options.Interval);
        }
    }
}
