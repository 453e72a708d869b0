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
    /// Two native functions of this context over the isolate's continuation-preserved embedder data
    /// (<c>v8::Isolate::Get/SetContinuationPreservedEmbedderDataV2</c>): <c>get()</c> returns the value (undefined when
    /// unset), <c>set(value)</c> replaces it. V8 stores the value on every promise reaction (<c>await</c>, <c>then</c>)
    /// when the reaction is created and restores it while the reaction runs; node:async_hooks keeps
    /// AsyncLocalStorage's stores in it. The value is the isolate's, shared by its contexts.
    /// </summary>
    public (JsValue Get, JsValue Set) CreateContinuationDataFunctions()
    {
        Enter();
        SyValue get, set;
        Isolate.Check(NativeMethods.ContextContinuationFunctions(Isolate.Native, Id, &get, &set));
        return (Isolate.Marshaller.FromNative(get), Isolate.Marshaller.FromNative(set));
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
