using System.Collections.Concurrent;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's metrics go to the server, where <c>/metrics</c> is served: records queue here and leave in one call
/// every <see cref="Interval"/> (none when nothing happened), with the host's warm isolates when they changed. A
/// request costs a queue entry, not a call.
/// </summary>
internal sealed class ChannelMetrics : IInvocationMetrics, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly HostChannel _channel;
    private readonly Func<IEnumerable<(WorkerRef Worker, long FootprintBytes)>> _warm;
    private readonly ConcurrentQueue<MetricRecord> _records = new();
    private readonly Timer _timer;
    private int _flushing;
    private (int Count, long Bytes) _lastWarm;

    public ChannelMetrics(HostChannel channel, Func<IEnumerable<(WorkerRef Worker, long FootprintBytes)>> warm)
    {
        _channel = channel;
        _warm = warm;
        _timer = new Timer(_ => _ = FlushAsync(), null, Interval, Interval);
    }

    public void Invoked(WorkerRef worker, WorkerFailure? failure, TimeSpan cpu, TimeSpan wall, int subrequests, int kvOperations) =>
        _records.Enqueue(new MetricRecord('i', worker.AccountId, worker.NamespaceName, worker.ScriptName)
        {
            Failure = failure,
            CpuSeconds = cpu.TotalSeconds,
            WallSeconds = wall.TotalSeconds,
            Subrequests = subrequests,
            KvOperations = kvOperations,
        });

    public void ColdStart(WorkerRef worker) => _records.Enqueue(new MetricRecord('c', worker.AccountId, worker.NamespaceName, worker.ScriptName));

    public void Evicted(WorkerRef worker) => _records.Enqueue(new MetricRecord('e', worker.AccountId, worker.NamespaceName, worker.ScriptName));

    private async Task FlushAsync()
    {
        if (Interlocked.Exchange(ref _flushing, 1) == 1) return;
        try
        {
            var records = new List<MetricRecord>();
            while (records.Count < 10_000 && _records.TryDequeue(out MetricRecord? record)) records.Add(record);
            List<WarmEntry> warm = [.. _warm().Select(w => new WarmEntry(w.Worker.AccountId, w.Worker.NamespaceName, w.Worker.ScriptName, w.FootprintBytes))];
            (int, long) tally = (warm.Count, warm.Sum(w => w.Bytes));
            bool warmChanged = tally != _lastWarm;
            if (records.Count == 0 && !warmChanged) return;
            await PlainCall.SendAsync(_channel, HostMethods.Metrics, WireJson.Write(new MetricsBatch(records, warmChanged ? warm : null)))
                .ConfigureAwait(false);
            _lastWarm = tally;
        }
        catch (ChannelCallException)
        {
            // The server is gone: nothing to count for.
        }
        finally
        {
            Volatile.Write(ref _flushing, 0);
        }
    }

    public void Dispose() => _timer.Dispose();
}
