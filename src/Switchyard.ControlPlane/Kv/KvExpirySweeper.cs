using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchyard.Storage.Kv;

namespace Switchyard.ControlPlane.Kv;

/// <summary>
/// Reclaims the space of expired KV entries. Reads already hide them the moment they expire; this only deletes the
/// rows, in small batches so that a large purge never holds the write lock for long.
/// </summary>
public sealed class KvExpirySweeper(IKvStore kv, ILogger<KvExpirySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await PurgeAllAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping (or being disposed without a stop); nothing is left half-done.
        }
    }

    private async Task PurgeAllAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await kv.PurgeExpiredAsync(Batch, stoppingToken) == Batch && !stoppingToken.IsCancellationRequested) { }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the rest is purged next time.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Purging expired KV entries failed; retrying in {Interval}", Interval);
        }
    }
}
