namespace Switchyard.Engine;

/// <summary>
/// One logical unit of work in an isolate (e.g. one request) with its CPU budget. Every executor entry made on
/// its behalf — the first call, microtasks, continuations of host async operations — is charged the thread
/// CPU time it spends; time spent awaiting is not. Past the budget the running script is terminated and the
/// invocation fails with <see cref="JsLimitException"/> (<see cref="JsLimitKind.Cpu"/>).
/// </summary>
public sealed class JsInvocation
{
    private long _usedNs;
    private volatile bool _cpuExceeded;
    private volatile bool _aborted;

    public JsInvocation(TimeSpan? cpuLimit = null)
    {
        CpuLimit = cpuLimit;
    }

    public TimeSpan? CpuLimit { get; }

    public TimeSpan CpuUsed => TimeSpan.FromTicks(Interlocked.Read(ref _usedNs) / 100);

    public bool CpuExceeded => _cpuExceeded;

    /// <summary>Set by <see cref="JsIsolate.Abort"/>: the invocation's remaining work fails with <see cref="JsLimitKind.Terminated"/>.</summary>
    public bool Aborted => _aborted;

    internal long RemainingNs => CpuLimit is { } limit ? limit.Ticks * 100 - Interlocked.Read(ref _usedNs) : long.MaxValue;

    internal void Charge(long ns) => Interlocked.Add(ref _usedNs, ns);

    internal void MarkCpuExceeded() => _cpuExceeded = true;

    internal void MarkAborted() => _aborted = true;

    /// <summary>Resumes awaits made on behalf of this invocation inside its isolate (made on first need).</summary>
    internal Execution.IsolateSynchronizationContext? SynchronizationContext { get; set; }
}
