using System.Collections.Concurrent;
using Switchyard.Engine;

namespace Switchyard.Runtime.JsApi;

/// <summary>
/// Maps a V8 context to its worker's state. The host function table is shared by every isolate (it is baked into the
/// process-wide snapshot), so each call finds what it acts on here.
/// </summary>
internal static class ContextRegistry
{
    private static readonly ConcurrentDictionary<JsContext, WorkerContextState> States = new(ReferenceEqualityComparer.Instance);

    public static void Register(JsContext context, WorkerContextState state) => States[context] = state;

    public static void Unregister(JsContext context) => States.TryRemove(context, out _);

    public static WorkerContextState For(JsContext context) =>
        States.TryGetValue(context, out WorkerContextState? state)
            ? state
            : throw new InvalidOperationException("This context has no worker state.");
}
