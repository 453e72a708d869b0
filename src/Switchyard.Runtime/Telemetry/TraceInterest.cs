using Switchyard.Observability.Tracing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// Whether an invocation is traced: its script has tail workers, or some sink (an open tail, the JSON invocation log)
/// wants it. Asked once per
/// invocation by whoever runs it, the runtime in one process or the server for its worker hosts, which tells the host
/// (<see cref="InvocationSettings.Traced"/>).
/// </summary>
public static class TraceInterest
{
    public static TraceTarget TargetOf(WorkerRef worker) => new(worker.AccountId, worker.NamespaceName, worker.ScriptName);

    public static bool AnyWants(IReadOnlyList<ITraceSink> sinks, WorkerRef worker)
    {
        if (sinks.Count == 0) return false;
        if (worker.TailConsumers.Count > 0) return true;  // its tail workers get every invocation (TailWorkers)
        TraceTarget target = TargetOf(worker);
        foreach (ITraceSink sink in sinks)
            if (sink.Wants(target)) return true;
        return false;
    }
}
