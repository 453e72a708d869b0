namespace Switchyard.Engine.Execution;

/// <summary>
/// Current while an isolate runs an item, so that an <c>await</c> inside the item resumes on the isolate's
/// executor, charged to the same invocation, where <see cref="JsContext"/> members can be used again.
/// </summary>
internal sealed class IsolateSynchronizationContext(JsIsolate isolate, JsInvocation? invocation) : SynchronizationContext
{
    public JsIsolate Isolate => isolate;
    public JsInvocation? Invocation => invocation;

    public override void Post(SendOrPostCallback callback, object? state)
    {
        var item = new ContinuationWorkItem(callback, state) { Invocation = invocation };
        if (isolate.IsUsable) isolate.Post(item);
        else item.Cancel(new ObjectDisposedException(nameof(JsIsolate)));
    }

    public override void Send(SendOrPostCallback callback, object? state) =>
        throw new NotSupportedException("Synchronous sends into an isolate would deadlock; post instead.");

    public override SynchronizationContext CreateCopy() => this;
}
