using Switchyard.Engine;

namespace Switchyard.Runtime.Invocation;

/// <summary>Limits and cache sizes of the Workers runtime.</summary>
public sealed record RuntimeOptions
{
    /// <summary>Each worker isolate's JS heap limit.</summary>
    public long HeapLimitBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Each worker isolate's ArrayBuffer memory limit.</summary>
    public long ArrayBufferLimitBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>CPU time per request when the version sets no <c>limits.cpu_ms</c>.</summary>
    public TimeSpan DefaultCpuLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// CPU time a worker's global scope may take when it is loaded (parsing and evaluating its modules), as Cloudflare's
    /// start-up limit: past it the load fails with "Script startup exceeded CPU time limit.".
    /// </summary>
    public TimeSpan StartupCpuLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an invocation may go on once its response is complete (its <c>waitUntil</c> work) or once its client has
    /// disconnected, as Cloudflare's 30 s; then it is ended and its resources freed, whatever it still waits on.
    /// </summary>
    public TimeSpan WaitUntilGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Subrequests (<c>fetch()</c>, <c>connect()</c>, outbound-worker calls) allowed per invocation: Cloudflare's paid plan.</summary>
    public int SubrequestLimit { get; init; } = 10_000;

    /// <summary>Worker-to-worker nesting (service bindings) allowed before an invocation fails with a loop error.</summary>
    public int MaxNestingDepth { get; init; } = 16;

    /// <summary>Loaded worker versions kept warm at most, besides the memory budget (none by default: memory decides).</summary>
    public int MaxInstances { get; init; } = int.MaxValue;

    /// <summary>
    /// The memory warm instances may hold (each one's heap and ArrayBuffers as last read, plus a fixed overhead per
    /// isolate): past it idle ones are evicted, the least requested lately first. Default:
    /// <see cref="DefaultWarmMemoryFraction"/> of the memory the process may use.
    /// </summary>
    public long InstanceMemoryBudgetBytes { get; init; } = DefaultInstanceMemoryBudgetBytes();

    /// <summary>The share of the machine's (or the container's) memory warm workers get by default.</summary>
    public const double DefaultWarmMemoryFraction = 0.25;

    /// <summary>A quarter of the memory the process may use: the machine's, or its container's limit if lower.</summary>
    public static long DefaultInstanceMemoryBudgetBytes() =>
        (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * DefaultWarmMemoryFraction);

    /// <summary>Memory the Cache API's responses may hold on this node (<c>--cache-memory-mb</c>); past it the least recently used go.</summary>
    public long CacheCapacityBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Fresh isolates kept ready for cold starts (each costs about 1 MB while it waits).</summary>
    public int ReadyIsolates { get; init; } = 2;

    /// <summary>
    /// Whether isolates are made ahead at a lower priority than requests (nice 10; <see cref="Engine.JsIsolatePool"/>).
    /// A worker host turns it off: its refills are on the path of deploys and cold starts.
    /// </summary>
    public bool LowPriorityIsolateMakers { get; init; } = true;

    /// <summary>
    /// The distinct (account, namespace, script) label sets the metrics keep (<see cref="WorkerMetrics"/>); scripts
    /// seen after these are counted under the label value <see cref="WorkerMetrics.OtherLabel"/>.
    /// </summary>
    public int MetricsMaxScripts { get; init; } = 1000;

    /// <summary>
    /// The <see cref="System.Diagnostics.Metrics.Meter.Scope"/> of the metrics' meter: every runtime's meter has the same
    /// name, so this is what tells a server's own from those of other servers in the process (tests start many).
    /// </summary>
    public object? MetricsScope { get; init; }

    /// <summary>
    /// Non-public address ranges that workers' outbound <c>fetch()</c> may reach (<c>--allow-private-fetch</c>): none by
    /// default. Loopback, private, link-local and the other non-public ranges are refused otherwise, and Switchyard's
    /// own listeners always (<see cref="Outbound.OutboundAddressPolicy"/>).
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowedPrivateFetchRanges { get; init; } = [];

    internal JsIsolateOptions IsolateOptions => new() { HeapLimitBytes = HeapLimitBytes, ArrayBufferLimitBytes = ArrayBufferLimitBytes };
}
