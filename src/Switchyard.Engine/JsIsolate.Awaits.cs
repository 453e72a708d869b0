using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

// Promises awaited from C#: each await gets an id that the shim reports back when the promise settles.
public sealed partial class JsIsolate
{
    private readonly Dictionary<int, PendingAwait> _awaits = [];
    private int _nextAwaitId;

    internal sealed record PendingAwait(TaskCompletionSource<JsValue> Completion, JsInvocation? Invocation);

    internal int RegisterAwait(TaskCompletionSource<JsValue> completion)
    {
        int id = ++_nextAwaitId;
        _awaits.Add(id, new PendingAwait(completion, CurrentInvocation));
        return id;
    }

    internal void ForgetAwait(int id) => _awaits.Remove(id);

    internal void OnPromiseSettled(int awaitId, bool fulfilled, in SyValue value)
    {
        if (!_awaits.Remove(awaitId, out PendingAwait? pending))
        {
            // Already failed by a limit: just drop the value.
            if (value.Kind >= SyKind.Object) NativeMethods.HandleFree(Native, value.Handle);
            return;
        }
        if (fulfilled)
        {
            pending.Completion.TrySetResult(Marshaller.FromNative(value));
            return;
        }
        if (value.Kind >= SyKind.Object) NativeMethods.HandleFree(Native, value.Handle);
        pending.Completion.TrySetException(ReadException());
    }

    private void FailAwaits(Func<PendingAwait, bool> which, Exception reason)
    {
        foreach (var (id, pending) in _awaits.Where(a => which(a.Value)).ToList())
        {
            _awaits.Remove(id);
            pending.Completion.TrySetException(reason);
        }
    }
}
