namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// One delivery to a tail worker: trace events (a JSON array of Cloudflare's <c>TraceItem</c> objects, as
/// <see cref="Observability.Tracing.TraceEventJson"/> writes them) for its <c>tail(events, env, ctx)</c> handler, and
/// the scripts they came from (the delivery's own trace event names them, as Cloudflare's <c>consumedEvents</c>).
/// </summary>
public sealed record TailCall(string EventsJson, IReadOnlyList<string> ConsumedScripts)
{
    /// <summary>The request a tail delivery is recorded as in logs and metrics (it has none of its own).</summary>
    internal Invocation.WorkerRequest AsRequest() => new("TAIL", "tail:", [], null);

    /// <summary>What <c>invoke()</c> in worker-support.js reads to run the tail handler instead of fetch.</summary>
    internal string ToJson() => "{\"tail\":" + EventsJson + "}";
}
