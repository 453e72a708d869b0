using System.Collections.Concurrent;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's metrics go to the server, where <c>/metrics</c> is served: records queue here and leave in one call
/// <see cref="Interval"/> after the first of them, with the host's warm isolates when they changed. A request costs a
/// queue entry, not a call. The timer runs only while records wait: ticking on an idle host woke the thread pool, whose
/// threads then spun (about 900 context switches a second per idle host, measured).
/// </summary>
internal sealed class ChannelMetrics : IInvocationMetrics, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly HostChannel _channel;
    private readonly Func<IEnumerable<(WorkerRef Worker, long FootprintBytes)>> _warm;
    private readonly ConcurrentQueue<MetricRecord> _records = new();
    private readonly Timer _timer;
    private int _flushing;
    private int _armed;
    private (int Count, long Bytes) _lastWarm;

    public ChannelMetrics(HostChannel channel, Func<IEnumerable<(WorkerRef Worker, long FootprintBytes)>> warm)
    {
        _channel = channel;
        _warm = warm;
        _timer = new Timer(_ => _ = FlushAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Invoked(WorkerRef worker, WorkerFailure? failure, TimeSpan cpu, TimeSpan wall, int subrequests, int kvOperations, long? ticket) =>
        Add(new MetricRecord('i', worker.AccountId, worker.NamespaceName, worker.ScriptName)
        {
            Failure = failure,
            CpuSeconds = cpu.TotalSeconds,
            WallSeconds = wall.TotalSeconds,
            Subrequests = subrequests,
            KvOperations = kvOperations,
            Ticket = ticket,
        });

    public void ColdStart(WorkerRef worker) => Add(new MetricRecord('c', worker.AccountId, worker.NamespaceName, worker.ScriptName));

    public void Evicted(WorkerRef worker) => Add(new MetricRecord('e', worker.AccountId, worker.NamespaceName, worker.ScriptName));

    private void Add(MetricRecord record)
    {
        _records.Enqueue(record);
        Arm();
    }

    private void Arm()
    {
        if (Interlocked.Exchange(ref _armed, 1) != 0) return;
        try
        {
            _timer.Change(Interval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down: nothing is sent any more.
        }
    }

    private async Task FlushAsync()
    {
        Volatile.Write(ref _armed, 0);  // records added from here on arm the next flush
        if (Interlocked.Exchange(ref _flushing, 1) == 1)
        {
            Arm();  // one is still sending: look again later
            return;
        }
        try
        {
            var records = new List<MetricRecord>();
            while (records.Count < 10_000 && _records.TryDequeue(out MetricRecord? record)) records.Add(record);
            List<WarmEntry> warm = [.. _warm().Select(w => new WarmEntry(w.Worker.AccountId, w.Worker.NamespaceName, w.Worker.ScriptName, w.FootprintBytes))];
            (int, long) tally = (warm.Count, warm.Sum(w => w.Bytes));
            bool warmChanged = tally != _lastWarm;
            if (records.Count == 0 && !warmChanged) return;
            await PlainCall.SendAsync(_channel, HostMethods.Metrics, BinaryHeads.Write(new MetricsBatch(records, warmChanged ? warm : null)))
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
            if (!_records.IsEmpty) Arm();  // more than one batch's worth, or added while this one was sent
        }
    }

    public void Dispose() => _timer.Dispose();
}
