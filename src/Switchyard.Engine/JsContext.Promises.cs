using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

// Awaiting JS promises from C#, and settling promises handed to JS by async host functions.
public sealed unsafe partial class JsContext
{
    /// <summary>
    /// A task for the promise's outcome: its value, or a <see cref="JsException"/> for a rejection. If the
    /// invocation that awaits runs out of CPU (or the isolate out of memory) the task fails with <see cref="JsLimitException"/>.
    /// </summary>
    public Task<JsValue> AwaitAsync(JsValue promise)
    {
        var completion = new TaskCompletionSource<JsValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        AwaitInto(promise, completion);
        return completion.Task;
    }

    internal void AwaitInto(JsValue promise, TaskCompletionSource<JsValue> completion)
    {
        Enter();
        int id = Isolate.RegisterAwait(completion);
        SyValue native;
        Isolate.Marshaller.ToNative(promise, &native);
        try
        {
            Isolate.Check(NativeMethods.PromiseAwait(Isolate.Native, Id, &native, id));
        }
        catch
        {
            Isolate.ForgetAwait(id);
            throw;
        }
    }

    /// <summary>
    /// Sets this context's promise hooks (<c>v8::Context::SetPromiseHooks</c>): functions V8 calls when a promise is
    /// created (promise, parent), before and after a reaction runs (promise), and when one resolves (promise); undefined
    /// for none. Replaces any hooks set before. What node:async_hooks uses to carry AsyncLocalStorage across await.
    /// </summary>
    public void SetPromiseHooks(JsValue init, JsValue before, JsValue after, JsValue resolve)
    {
        Enter();
        SyValue* hooks = stackalloc SyValue[4];
        Isolate.Marshaller.ToNative([init, before, after, resolve], hooks);
        Isolate.Check(NativeMethods.ContextSetPromiseHooks(Isolate.Native, Id, hooks));
    }

    private Task<JsValue> AwaitAndRelease(JsHandle promise)
    {
        try
        {
            return AwaitAsync(promise);
        }
        finally
        {
            promise.Dispose();
        }
    }

    internal void SettlePromise(int resolver, bool reject, JsValue value)
    {
        Enter();
        SyValue native;
        Isolate.Marshaller.ToNative(value, &native);
        Isolate.Check(NativeMethods.PromiseSettle(Isolate.Native, Id, resolver, reject ? 1 : 0, &native));
    }
}
