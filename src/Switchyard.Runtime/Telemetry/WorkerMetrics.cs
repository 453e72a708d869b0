using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// The runtime's metrics as <see cref="System.Diagnostics.Metrics"/> instruments on the <see cref="MeterName"/> meter:
/// whoever hosts the runtime exports them (the server: Prometheus text at the API listener's <c>/metrics</c>). Every
/// series is labelled by account, dispatch namespace (empty for account scripts) and script; versions are not a label.
/// The distinct (account, namespace, script) sets are capped at <see cref="RuntimeOptions.MetricsMaxScripts"/>: the
/// first ones seen keep their labels, later ones all share <see cref="OtherLabel"/> in all three, so the number of
/// series stays bounded whatever the number of tenants. docs/operations.md lists every metric.
/// </summary>
public sealed class WorkerMetrics : IInvocationMetrics, IDisposable
{
    public const string MeterName = "Switchyard.Workers";

    /// <summary>The label value of scripts past the cap: parentheses are not allowed in account ids or script names.</summary>
    public const string OtherLabel = "(other)";

    private static readonly double[] CpuBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] WallBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Meter _meter;

    /// <summary>This runtime's meter (tests listen to it alone: every runtime's meter has the same name).</summary>
    internal Meter Meter => _meter;
    private readonly int _maxScripts;
    private readonly ConcurrentDictionary<(string Account, string Namespace, string Script), KeyValuePair<string, object?>[]> _labels = new();
    private readonly KeyValuePair<string, object?>[] _other = Labels(OtherLabel, OtherLabel, OtherLabel);
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _cpuTime;
    private readonly Histogram<double> _wallTime;
    private readonly Counter<long> _subrequests;
    private readonly Counter<long> _kvOperations;
    private readonly Counter<long> _coldStarts;
    private readonly Counter<long> _evictions;

    /// <param name="warm">The warm instances now: their worker and their footprint in bytes (read at each collection).</param>
    /// <param name="warmBudgetBytes">The node's warm-memory budget (<c>--warm-memory-mb</c>, shared by all its worker hosts).</param>
    /// <param name="scope">The meter's scope (<see cref="RuntimeOptions.MetricsScope"/>).</param>
    public WorkerMetrics(int maxScripts, Func<IEnumerable<(WorkerRef Worker, long FootprintBytes)>> warm, Func<long> warmBudgetBytes,
        object? scope = null)
    {
        _meter = new Meter(new MeterOptions(MeterName) { Scope = scope });
        _maxScripts = maxScripts;
        _requests = _meter.CreateCounter<long>("switchyard.worker.requests",
            description: "Worker invocations by outcome (ok, exception, exceededCpu, exceededMemory, exceededSubrequests, loopLimit, canceled).");
        _cpuTime = _meter.CreateHistogram("switchyard.worker.cpu_time", "s",
            "CPU time of one invocation (its handler, response body and waitUntil work).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CpuBuckets });
        _wallTime = _meter.CreateHistogram("switchyard.worker.wall_time", "s",
            "Wall time of one invocation, from its start until its response body and waitUntil work are done.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WallBuckets });
        _subrequests = _meter.CreateCounter<long>("switchyard.worker.subrequests",
            description: "Subrequests (fetch() calls, refused ones included) made by invocations.");
        _kvOperations = _meter.CreateCounter<long>("switchyard.worker.kv_operations",
            description: "KV binding operations (get, put, delete, list) made by invocations.");
        _coldStarts = _meter.CreateCounter<long>("switchyard.worker.cold_starts",
            description: "Worker versions loaded into a new isolate (cold starts, failed ones included).");
        _evictions = _meter.CreateCounter<long>("switchyard.worker.evictions",
            description: "Warm instances dropped: evicted for the warm-memory budget or count cap, or discarded after a memory overrun.");
        _meter.CreateObservableGauge("switchyard.worker.warm_isolates",
            () => Tally(warm(), _ => 1), description: "Warm isolates (one per loaded version).");
        _meter.CreateObservableGauge("switchyard.worker.warm_memory", () => Tally(warm(), w => w.FootprintBytes), "By",
            "Memory of the warm isolates as the warm-memory budget counts it (V8 heap and ArrayBuffers as last read, plus a per-isolate margin).");
        // Unlabelled: one budget for the node, so a dashboard (or the bench) can set the gauge above against it.
        _meter.CreateObservableGauge("switchyard.worker.warm_memory_budget", warmBudgetBytes, "By",
            "The warm-memory budget (--warm-memory-mb): past it, idle isolates are evicted.");
    }

    /// <summary>The outcome label values <see cref="Outcome"/> gives.</summary>
    public const int OutcomeCount = 8;

    /// <summary>The most series one of these metrics can have with <paramref name="maxScripts"/> label sets (and the other set).</summary>
    public static int MaxSeriesPerMetric(int maxScripts) => (maxScripts + 1) * OutcomeCount;

    /// <summary>The outcome label of an invocation that ended with <paramref name="failure"/> (null: it succeeded), in the names of Cloudflare's trace events.</summary>
    public static string Outcome(WorkerFailure? failure) => failure switch
    {
        null => "ok",
        WorkerFailure.Exception => "exception",
        WorkerFailure.CpuLimit => "exceededCpu",
        WorkerFailure.MemoryLimit => "exceededMemory",
        WorkerFailure.SubrequestLimit => "exceededSubrequests",
        WorkerFailure.LoopLimit => "loopLimit",
        WorkerFailure.Canceled => "canceled",
        _ => "unknown",
    };

    /// <summary>Records one finished invocation: the only call per invocation (<see cref="WorkerRuntime"/>).</summary>
    public void Invoked(WorkerRef worker, WorkerFailure? failure, TimeSpan cpu, TimeSpan wall, int subrequests, int kvOperations, long? ticket)
    {
        ReadOnlySpan<KeyValuePair<string, object?>> labels = LabelsOf(worker);
        var tags = new TagList(labels) { { "outcome", Outcome(failure) } };
        _requests.Add(1, tags);
        _cpuTime.Record(cpu.TotalSeconds, labels);
        _wallTime.Record(wall.TotalSeconds, labels);
        if (subrequests > 0) _subrequests.Add(subrequests, labels);
        if (kvOperations > 0) _kvOperations.Add(kvOperations, labels);
    }

    public void ColdStart(WorkerRef worker) => _coldStarts.Add(1, LabelsOf(worker));

    public void Evicted(WorkerRef worker) => _evictions.Add(1, LabelsOf(worker));

    private KeyValuePair<string, object?>[] LabelsOf(WorkerRef worker)
    {
        var key = (worker.AccountId, worker.NamespaceName ?? "", worker.ScriptName);
        if (_labels.TryGetValue(key, out var labels)) return labels;
        // Racing first calls may admit a few sets past the cap: it bounds the series, it need not be exact.
        if (_labels.Count >= _maxScripts) return _other;
        return _labels.GetOrAdd(key, k => Labels(k.Account, k.Namespace, k.Script));
    }

    private static KeyValuePair<string, object?>[] Labels(string account, string ns, string script) =>
        [new("account", account), new("namespace", ns), new("script", script)];

    private IEnumerable<Measurement<long>> Tally(IEnumerable<(WorkerRef Worker, long FootprintBytes)> warm,
        Func<(WorkerRef Worker, long FootprintBytes), long> value)
    {
        var sums = new Dictionary<KeyValuePair<string, object?>[], long>(ReferenceEqualityComparer.Instance);
        foreach (var instance in warm)
        {
            var labels = LabelsOf(instance.Worker);
            sums[labels] = sums.GetValueOrDefault(labels) + value(instance);
        }
        return sums.Select(s => new Measurement<long>(s.Value, s.Key));
    }

    public void Dispose() => _meter.Dispose();
}
