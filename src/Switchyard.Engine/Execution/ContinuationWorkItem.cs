namespace Switchyard.Engine.Execution;

/// <summary>The rest of an async method that awaited inside an isolate.</summary>
internal sealed class ContinuationWorkItem(SendOrPostCallback callback, object? state) : WorkItem
{
    // The continuation must run even past a limit, so that its next JS call observes the limit and throws.
    public override bool RunsPastLimits => true;

    public override void Execute() => callback(state);

    // Without the isolate, resume on the pool: JsContext members then throw, failing the async method.
    public override void Cancel(Exception reason) => ThreadPool.UnsafeQueueUserWorkItem(s => callback(s), state, preferLocal: false);
}
