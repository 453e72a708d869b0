using System.Text;
using Microsoft.Extensions.Logging;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Telemetry;

/// <summary>
/// Tail Workers: each ended invocation of a script with <c>tail_consumers</c> is handed, as one trace event, to the
/// <c>tail()</c> handler of each consumer, an account-level worker of the same account (how a platform collects its
/// customers' logs and exceptions on Workers for Platforms). Deliveries run after the invocation, never on its path, at
/// most <see cref="MaxInFlight"/> at once (beyond that an event is dropped and counted in the log). A delivery's own
/// trace (its <c>consumedEvents</c>) goes to <c>wrangler tail</c> and the invocation log but never to a tail worker, so
/// two tail workers consuming each other cannot loop.
/// </summary>
public sealed class TailWorkers(IWorkerDirectory directory, Func<IInvocationRouter> router, ILogger<TailWorkers> logger) : ITraceSink
{
    /// <summary>Deliveries running at once, at most.</summary>
    public const int MaxInFlight = 256;

    private int _inFlight;
    private long _dropped;

    /// <summary>Interest comes from the traced script's own setting (<see cref="TraceInterest"/>), not from here.</summary>
    public bool Wants(TraceTarget target) => false;

    public void Publish(TraceEvent trace)
    {
        // A delivery's own events never go to tail workers, so tail workers that consume each other cannot loop; they
        // reach the other sinks (wrangler tail, the JSON invocation log) as any invocation does.
        if (trace.TailConsumers.Count == 0 || trace.ConsumedScripts is not null) return;
        string events = "[" + Encoding.UTF8.GetString(TraceEventJson.ToUtf8(trace)) + "]";
        foreach (string service in trace.TailConsumers)
        {
            if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                long dropped = Interlocked.Increment(ref _dropped);
                if (dropped == 1 || dropped % 1000 == 0)
                    logger.LogWarning("Dropped {Dropped} trace events for tail workers so far: {Max} deliveries were already running", dropped, MaxInFlight);
                continue;
            }
            // Off the thread that ended the invocation, which must not wait for a lookup, let alone another worker.
            _ = Task.Run(() => DeliverAsync(trace.Target.AccountId, service, new TailCall(events, [trace.Target.Script])));
        }
    }

    private async Task DeliverAsync(string accountId, string service, TailCall call)
    {
        try
        {
            WorkerRef? consumer = directory.FindAccountScript(accountId, service);
            DeployedVersion? version = consumer is null ? null
                : await directory.LoadAsync(VersionRouting.Choose(consumer, _ => null), CancellationToken.None).ConfigureAwait(false);
            if (consumer is null || version is null)
            {
                logger.LogDebug("Tail consumer {Service} of account {Account} does not exist; its events are dropped", service, accountId);
                return;
            }
            WorkerResponse response = await router().InvokeAsync(consumer, version, call.AsRequest(),
                new InvocationSettings(Depth: 0) { Tail = call }, CancellationToken.None).ConfigureAwait(false);
            if (response.Body is not null) await response.Body.DisposeAsync().ConfigureAwait(false);
        }
        catch (WorkerException)
        {
            // The runtime has logged the tail worker's exception or limit.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Trace events for tail worker {Service} of account {Account} could not be delivered", service, accountId);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
