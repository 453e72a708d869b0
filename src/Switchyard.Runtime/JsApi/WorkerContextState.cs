using System.Collections.Concurrent;
using Switchyard.Engine;

namespace Switchyard.Runtime.JsApi;

/// <summary>
/// What host functions need about one worker context: the services it may call, its host-side resources (bodies,
/// timers, pending fetches, byte slots) and the requests in flight, found by the invocation a call is charged to.
/// </summary>
internal sealed class WorkerContextState(WorkerHostServices services) : IDisposable
{
    private readonly ConcurrentDictionary<JsInvocation, RequestScope> _requests = new(ReferenceEqualityComparer.Instance);

    public WorkerHostServices Services { get; } = services;
    public BodyRegistry Bodies { get; } = new();
    public ByteSlots Slots { get; } = new();
    public CancellationRegistry Timers { get; } = new();
    public CancellationRegistry Fetches { get; } = new();

    /// <summary>Used for calls charged to no request (e.g. the script's top level while loading).</summary>
    public RequestScope LoadScope { get; set; } = null!;

    public void Begin(JsInvocation invocation, RequestScope scope) => _requests[invocation] = scope;

    public void End(JsInvocation invocation) => _requests.TryRemove(invocation, out _);

    /// <summary>The request the running code belongs to.</summary>
    public RequestScope Current(JsContext context) =>
        context.Isolate.CurrentInvocation is { } invocation && _requests.TryGetValue(invocation, out RequestScope? scope) ? scope : LoadScope;

    public void Dispose()
    {
        Timers.CancelAll();
        Fetches.CancelAll();
        Bodies.Dispose();
    }
}
