using Switchyard.Engine.Execution;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>
/// A JS global environment inside an isolate. Its synchronous members run only inside the isolate (within
/// <see cref="JsIsolate.RunAsync{T}(Func{T}, JsInvocation?)"/>, <see cref="RunAsync{T}"/> or a host function);
/// results holding handles belong to the caller, who disposes them.
/// </summary>
public sealed unsafe partial class JsContext : IDisposable
{
    private JsValue _global;
    private bool _disposed;

    internal JsContext(JsIsolate isolate, int id)
    {
        Isolate = isolate;
        Id = id;
    }

    public JsIsolate Isolate { get; }
    internal int Id { get; }

    /// <summary>Queues work that runs inside the isolate with this context, charged to <paramref name="invocation"/>.</summary>
    public Task<T> RunAsync<T>(Func<JsContext, T> work, JsInvocation? invocation = null) =>
        Isolate.RunAsync(() => work(this), invocation);

    public Task<T> RunAsync<T>(Func<JsContext, Task<T>> work, JsInvocation? invocation = null) =>
        Isolate.RunAsync(() => work(this), invocation);

    /// <inheritdoc cref="JsIsolate.RunInlineAsync{T}"/>
    public Task<T> RunInlineAsync<T>(Func<JsContext, Task<T>> work, JsInvocation? invocation = null) =>
        Isolate.RunInlineAsync(() => work(this), invocation);

    /// <summary>
    /// From any thread: calls <paramref name="function"/> inside the isolate and awaits the promise it returns.
    /// The cheapest way to drive a worker's handler from C#.
    /// </summary>
    public Task<JsValue> InvokeAsync(JsValue function, JsValue receiver, JsValue[] args, JsInvocation? invocation = null)
    {
        var item = new CallWorkItem(this, function, receiver, args) { Invocation = invocation };
        Isolate.Post(item);
        return item.Task;
    }

    /// <summary>The global object (one handle, owned by the context).</summary>
    public JsValue Global
    {
        get
        {
            Enter();
            if (_global.IsUndefined)
            {
                SyValue result;
                Isolate.Check(NativeMethods.Global(Isolate.Native, Id, &result));
                _global = Isolate.Marshaller.FromNative(result);
            }
            return _global;
        }
    }

    /// <summary>Runs a classic script and returns its completion value.</summary>
    public JsValue Evaluate(string source, string name = "script.js")
    {
        Enter();
        SyValue result;
        fixed (char* code = source)
        fixed (char* resource = name)
        {
            Isolate.Check(NativeMethods.ScriptRun(Isolate.Native, Id, code, source.Length, resource, name.Length, &result));
        }
        return Isolate.Marshaller.FromNative(result);
    }

    public JsValue Call(JsValue function, JsValue receiver, params ReadOnlySpan<JsValue> args) =>
        CallNative(function, receiver, args, 0);

    /// <summary>
    /// Calls <paramref name="function"/>; when it returns a promise, runs microtasks and awaits it. Completes
    /// synchronously (no allocation) when the promise settles within the call.
    /// </summary>
    public ValueTask<JsValue> CallAsync(JsValue function, JsValue receiver, params ReadOnlySpan<JsValue> args)
    {
        JsValue value = CallSettling(function, receiver, args);
        if (value.Kind != JsValueKind.Promise) return new ValueTask<JsValue>(value);
        return new ValueTask<JsValue>(AwaitAndRelease(value.AsHandle()));
    }

    public JsValue Construct(JsValue constructor, params ReadOnlySpan<JsValue> args)
    {
        Enter();
        int argc = args.Length;
        SyValue* native = stackalloc SyValue[argc + 2];
        Isolate.Marshaller.ToNative([constructor], args, native);
        SyValue* result = native + argc + 1;
        Isolate.Check(NativeMethods.Construct(Isolate.Native, Id, native, native + 1, argc, result));
        return Isolate.Marshaller.FromNative(*result);
    }

    public JsValue Get(JsValue target, JsValue key)
    {
        Enter();
        SyValue* native = stackalloc SyValue[3];
        Isolate.Marshaller.ToNative([target, key], native);
        Isolate.Check(NativeMethods.Get(Isolate.Native, Id, native, native + 1, native + 2));
        return Isolate.Marshaller.FromNative(native[2]);
    }

    /// <summary>
    /// Reads several properties at once: <paramref name="results"/>[i] is <paramref name="target"/>[<paramref name="keys"/>[i]].
    /// One crossing into V8 instead of one per property, for objects the host reads on every request.
    /// </summary>
    public void GetFields(JsValue target, ReadOnlySpan<JsValue> keys, Span<JsValue> results)
    {
        if (results.Length < keys.Length) throw new ArgumentException("One result per key is needed.", nameof(results));
        Enter();
        int count = keys.Length;
        SyValue* native = stackalloc SyValue[1 + 2 * count];
        Isolate.Marshaller.ToNative([target], keys, native);
        Isolate.Check(NativeMethods.GetFields(Isolate.Native, Id, native, native + 1, count, native + 1 + count));
        for (int i = 0; i < count; i++) results[i] = Isolate.Marshaller.FromNative(native[1 + count + i]);
    }

    public void Set(JsValue target, JsValue key, JsValue value)
    {
        Enter();
        SyValue* native = stackalloc SyValue[3];
        Isolate.Marshaller.ToNative([target, key, value], native);
        Isolate.Check(NativeMethods.Set(Isolate.Native, Id, native, native + 1, native + 2));
    }

    public JsValue NewObject()
    {
        Enter();
        SyValue result;
        Isolate.Check(NativeMethods.ObjectNew(Isolate.Native, Id, &result));
        return Isolate.Marshaller.FromNative(result);
    }

    public JsValue ParseJson(string json)
    {
        Enter();
        SyValue result;
        fixed (char* text = json)
        {
            Isolate.Check(NativeMethods.JsonParse(Isolate.Native, Id, text, json.Length, &result));
        }
        return Isolate.Marshaller.FromNative(result);
    }

    /// <summary>JSON.stringify, or null when the value has no JSON form (undefined, functions).</summary>
    public string? ToJson(JsValue value)
    {
        Enter();
        SyValue* native = stackalloc SyValue[2];
        Isolate.Marshaller.ToNative(value, native);
        Isolate.Check(NativeMethods.JsonStringify(Isolate.Native, Id, native, native + 1));
        JsValue text = Isolate.Marshaller.FromNative(native[1]);
        return text.Kind == JsValueKind.String ? text.AsString() : null;
    }

    /// <summary>Calls; a returned promise that settles within the call is replaced by its value.</summary>
    internal JsValue CallSettling(JsValue function, JsValue receiver, ReadOnlySpan<JsValue> args) =>
        CallNative(function, receiver, args, NativeMethods.CallSettle);

    private JsValue CallNative(JsValue function, JsValue receiver, ReadOnlySpan<JsValue> args, int flags)
    {
        Enter();
        int argc = args.Length;
        SyValue* native = stackalloc SyValue[argc + 3];
        Isolate.Marshaller.ToNative([function, receiver], args, native);
        SyValue* result = native + argc + 2;
        Isolate.Check(NativeMethods.Call(Isolate.Native, Id, native, native + 1, native + 2, argc, flags, result));
        return Isolate.Marshaller.FromNative(*result);
    }

    /// <summary>Frees the context (an isolate's disposal frees all of its contexts anyway).</summary>
    public void Dispose()
    {
        if (_disposed || !Isolate.IsUsable) return;
        Isolate.Run(() =>
        {
            if (_disposed) return;
            _disposed = true;
            _global.Release();
            NativeMethods.ContextFree(Isolate.Native, Id);
        });
    }

    /// <summary>Checks that the caller is inside the isolate and makes this the current context.</summary>
    private void Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Isolate.IsCurrentThread)
            throw new InvalidOperationException("JsContext members run only inside the isolate: use RunAsync.");
        Isolate.CurrentContext = this;
        Isolate.ThrowIfUnusable();
    }
}
