using Switchyard.Observability.Tracing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// Whether an invocation is traced: some sink (an open tail, the JSON invocation log) wants its script. Asked once per
/// invocation by whoever runs it, the runtime in one process or the server for its worker hosts, which tells the host
/// (<see cref="InvocationSettings.Traced"/>).
/// </summary>
public static class TraceInterest
{
    public static TraceTarget TargetOf(WorkerRef worker) => new(worker.AccountId, worker.NamespaceName, worker.ScriptName);

    public static bool AnyWants(IReadOnlyList<ITraceSink> sinks, WorkerRef worker)
    {
        if (sinks.Count == 0) return false;
        TraceTarget target = TargetOf(worker);
        foreach (ITraceSink sink in sinks)
            if (sink.Wants(target)) return true;
        return false;
    }
}
