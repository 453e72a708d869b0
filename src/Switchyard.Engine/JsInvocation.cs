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
    private long _budgetStartNs;
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

    internal long RemainingNs => CpuLimit is { } limit
        ? limit.Ticks * 100 - (Interlocked.Read(ref _usedNs) - Interlocked.Read(ref _budgetStartNs))
        : long.MaxValue;

    /// <summary>
    /// Gives the invocation its whole <see cref="CpuLimit"/> again from now on. A long-lived invocation (a worker serving
    /// a WebSocket) is charged per event, as each request is: every message it receives starts a new budget, while
    /// <see cref="CpuUsed"/> keeps counting all of it.
    /// </summary>
    public void RenewCpuBudget() => Interlocked.Exchange(ref _budgetStartNs, Interlocked.Read(ref _usedNs));

    internal void Charge(long ns) => Interlocked.Add(ref _usedNs, ns);

    internal void MarkCpuExceeded() => _cpuExceeded = true;

    internal void MarkAborted() => _aborted = true;

    /// <summary>Resumes awaits made on behalf of this invocation inside its isolate (made on first need).</summary>
    internal Execution.IsolateSynchronizationContext? SynchronizationContext { get; set; }
}
