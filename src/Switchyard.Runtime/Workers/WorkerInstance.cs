using Switchyard.Engine;
using Switchyard.Engine.Modules;
using Switchyard.Runtime.Bindings;
using Switchyard.Runtime.Image;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.JsApi;
using Switchyard.Runtime.Limits;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Workers;

/// <summary>
/// One loaded worker version: its own isolate (never shared with another script or account) with one context holding
/// the evaluated code and its env. Serves any number of requests, concurrently; the isolate's executor serialises them.
/// </summary>
internal sealed class WorkerInstance : IDisposable
{
    private readonly JsValue _internal;
    private readonly JsValue _invoke;
    private int _active;

    private WorkerInstance(JsIsolate isolate, JsContext context, WorkerContextState state, JsValue @internal, JsValue invoke)
    {
        Isolate = isolate;
        Context = context;
        State = state;
        _internal = @internal;
        _invoke = invoke;
    }

    public JsIsolate Isolate { get; }
    public JsContext Context { get; }
    public WorkerContextState State { get; }
    public string VersionId => State.Services.Version.Version.Id;
    /// <summary>When a request last acquired it (<see cref="System.Diagnostics.Stopwatch"/> ticks: fine enough to order requests of one millisecond).</summary>
    public long LastUsedTicks { get; private set; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public bool IsIdle => Volatile.Read(ref _active) == 0;

    // _active counts the requests holding the instance; eviction swaps an idle 0 for this, so that a request which
    // looked the instance up just before it was evicted cannot acquire it afterwards (its increment stays negative).
    private const int EvictedMark = int.MinValue / 2;

    /// <summary>
    /// What keeping this instance warm costs, as the warm-memory budget counts it: the isolate's heap and ArrayBuffers
    /// as last read (<see cref="JsIsolate.LastFootprintBytes"/>, no work queued for the isolate) plus
    /// <see cref="IsolateOverheadBytes"/>.
    /// </summary>
    public long FootprintBytes => Isolate.LastFootprintBytes + IsolateOverheadBytes;

    /// <summary>
    /// A margin for what an isolate holds outside its V8 heap (V8's per-isolate tables, the host's state for its
    /// context). Small: a worker that has served a few requests has ~2.2 MB of heap committed, about what each idle
    /// worker adds to the process's resident memory (bench/README.md, cold start).
    /// </summary>
    public const long IsolateOverheadBytes = 256 * 1024;

    /// <summary>Takes the instance for one request, unless it has been evicted (then look it up again).</summary>
    public bool TryAcquire()
    {
        if (Interlocked.Increment(ref _active) <= 0)
        {
            Interlocked.Decrement(ref _active);
            return false;
        }
        LastUsedTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        return true;
    }

    /// <summary>Marks an idle instance evicted, atomically with respect to <see cref="TryAcquire"/>; false if in use.</summary>
    public bool TryEvict() => Interlocked.CompareExchange(ref _active, EvictedMark, 0) == 0;

    public void Release() => Interlocked.Decrement(ref _active);

    /// <param name="modules">The version's modules when they are not (yet) in the blob store: an upload being validated.</param>
    public static async Task<WorkerInstance> LoadAsync(WorkerRuntime runtime, WorkerRef worker, DeployedVersion version, CancellationToken ct,
        WorkerModules? modules = null)
    {
        VersionContent content = version.Version.Content;
        modules ??= await WorkerModules.LoadAsync(content, runtime.Blobs, ct);
        var (envJson, kvNamespaces, problems) = await EnvDescriptors.BuildAsync(worker, version.Version, runtime.Kv, ct);
        var state = new WorkerContextState(new WorkerHostServices(runtime, worker, version, kvNamespaces))
        {
            LoadScope = new RequestScope(worker, version, 0, new LimitEnforcer(0, CancellationToken.None, isStartup: true)),
        };
        foreach (string problem in problems) runtime.WriteLog(state.LoadScope, "warn", problem);

        // A fresh isolate from the pool: made ahead of need, never used by anyone before. Its replacement is made when
        // this first request is done (WorkerRuntime.FetchAsync), so that it does not compete with the cold start.
        JsContext context = await runtime.Isolates.TakeAsync(refillLater: true);
        JsIsolate isolate = context.Isolate;
        try
        {
            ContextRegistry.Register(context, state);
            var startup = new JsInvocation(runtime.Options.StartupCpuLimit);
            bool startupCodeGeneration = StartupCodeGeneration.IsAllowed(content);
            var (@internal, invoke) = await context.RunInlineAsync(async c =>
            {
                isolate.AllowsCodeGeneration = startupCodeGeneration;
                try
                {
                    return await EvaluateAsync(c);
                }
                finally
                {
                    isolate.AllowsCodeGeneration = false;  // requests never generate code from strings
                }
            }, startup);
            return new WorkerInstance(isolate, context, state, @internal, invoke);

            async Task<(JsValue, JsValue)> EvaluateAsync(JsContext c)
            {
                JsValue @internal = c.Get(c.Global, "__switchyard_internal");
                JsValue nodeHost = c.Get(c.Global, "__switchyard_node_host");
                CallMember(c, @internal, "detach").Release();
                CallMember(c, @internal, "setBindings", envJson, content.ServiceWorker);
                await SetPartBindingsAsync(c, @internal);
                // enable_request_signal has no default date (workerd's enableRequestSignal); passthrough neither.
                if (content.CompatibilityFlags.Contains("enable_request_signal") && !content.CompatibilityFlags.Contains("disable_request_signal"))
                    CallMember(c, @internal, "enableRequestSignals", content.CompatibilityFlags.Contains("request_signal_passthrough")).Release();
                if (content.ServiceWorker)
                {
                    c.Evaluate(modules.MainSource, content.MainModule!).Release();
                }
                else
                {
                    modules.AddBuiltin(ModuleSource.Synthetic("cloudflare:workers", c2 => WorkersModuleExports(c2, @internal)));
                    modules.AddBuiltin(ModuleSource.Synthetic("cloudflare:sockets", c2 => SocketsModuleExports(c2, @internal)));
                    if (NodeBuiltins.IsEnabled(content.CompatibilityFlags))
                    {
                        NodeBuiltins.AddTo(modules, nodeHost);
                        await c.LoadModuleAsync(NodeBuiltins.SetupModule, modules, settleInTurn: true);
                    }
                    JsModule main = await c.LoadModuleAsync(content.MainModule!, modules, settleInTurn: true);
                    CallMember(c, @internal, "setModule", main.Namespace);
                }
                return (@internal, c.Get(@internal, "invoke"));
            }

            // wasm_module, text_blob and data_blob bindings: their part's value as the part would be imported (a
            // WebAssembly.Module the host compiles, a string, an ArrayBuffer), as a global or on env.
            async Task SetPartBindingsAsync(JsContext c, JsValue @internal)
            {
                foreach (PartBinding binding in content.Bindings.OfType<PartBinding>())
                {
                    JsModule part = await c.LoadModuleAsync(binding.Part, modules, settleInTurn: true);
                    JsValue value = part.GetExport("default");
                    try
                    {
                        CallMember(c, @internal, "setBinding", binding.Name, value, content.ServiceWorker).Release();
                    }
                    finally
                    {
                        value.Release();
                    }
                }
            }
        }
        catch
        {
            state.Dispose();
            isolate.Dispose();
            runtime.Isolates.Refill();  // no request will, as none runs
            throw;
        }
    }

    /// <summary>
    /// Runs one request in JS up to the handler's outcome (the response parts or the worker's error). A handler that
    /// answers without waiting on I/O settles within this one item, body bytes included when the Response holds them
    /// whole; when the isolate is idle the item runs on the calling thread.
    /// </summary>
    /// <param name="showCf">Whether the worker is shown <c>request.cf</c> (trusted workers only).</param>
    /// <param name="rpcJson">An <see cref="Invocation.RpcCall"/> as JSON, or null for a plain fetch of the default export.</param>
    public Task<HandlerOutcome> StartAsync(JsInvocation invocation, WorkerRequest request, bool showCf, int? bodyId, string? envOverlayJson,
        string? rpcJson = null)
    {
        // Joined before the isolate is entered: its turn is the part of a request that runs one at a time.
        string headerList = HostHeaderList.Join(request.Headers);
        return Context.RunInlineAsync(async c =>
        {
            JsValue result = await c.CallAsync(_invoke, _internal, request.Method, request.Url, headerList,
                OrNull(showCf ? request.CfJson : null), bodyId is int id ? id : JsValue.Null, OrNull(envOverlayJson), OrNull(rpcJson));
            try
            {
                var fields = new JsValue[OutcomeFields.Length];
                c.GetFields(result, OutcomeFields, fields);
                JsValue settled = fields[0], error = fields[1];
                JsValue? waitUntil = settled.IsNullOrUndefined ? null : (JsValue?)settled;
                if (error.Kind == JsValueKind.String)
                {
                    JsValue message = fields[2], limit = fields[3];
                    return new HandlerOutcome(waitUntil, null, null, null, error.AsString(), fields[4].AsBoolean())
                    {
                        ErrorMessage = message.Kind == JsValueKind.String ? message.AsString() : null,
                        Limit = limit.Kind == JsValueKind.String ? limit.AsString() : null,
                    };
                }
                JsValue bytes = fields[5], body = fields[6], webSocket = fields[7];
                var head = new ResponseHead((int)fields[2].AsNumber(), fields[3].AsString(), fields[4].AsString());
                byte[]? whole = null;
                if (!bytes.IsNullOrUndefined)
                {
                    whole = bytes.AsBuffer().Span.ToArray();
                    bytes.Release();
                }
                return new HandlerOutcome(waitUntil, head, whole, body.IsNullOrUndefined ? null : new JsBodyReader(this, body, invocation), null, false)
                {
                    WebSocketId = webSocket.Kind == JsValueKind.Number ? (int)webSocket.AsNumber() : null,
                };
            }
            finally
            {
                result.Release();
            }
        }, invocation);
    }

    private static JsValue OrNull(string? text) => text is null ? JsValue.Null : text;

    // What invoke() resolves to, an array read in one crossing (its layout is in worker-support.js). An index needs no
    // property-name lookup: names had to be made into V8 strings and looked up in its string table on every request.
    private static readonly JsValue[] OutcomeFields = [0, 1, 2, 3, 4, 5, 6, 7];

    /// <summary>Awaits everything the request passed to <c>waitUntil</c> (including what it adds meanwhile).</summary>
    public Task WaitUntilSettledAsync(JsInvocation invocation, JsValue settled) =>
        Context.RunAsync(async c =>
        {
            try
            {
                (await c.CallAsync(settled, JsValue.Undefined)).Release();
            }
            finally
            {
                settled.Release();
            }
            return true;
        }, invocation);

    private static IReadOnlyList<KeyValuePair<string, JsValue>> WorkersModuleExports(JsContext context, JsValue @internal)
    {
        JsValue exports = CallMember(context, @internal, "workersModule");
        return [.. new[] { "WorkerEntrypoint", "DurableObject", "env" }.Select(name => KeyValuePair.Create(name, context.Get(exports, name)))];
    }

    private static IReadOnlyList<KeyValuePair<string, JsValue>> SocketsModuleExports(JsContext context, JsValue @internal)
    {
        JsValue exports = CallMember(context, @internal, "socketsModule");
        return [KeyValuePair.Create("connect", context.Get(exports, "connect"))];
    }

    private static JsValue CallMember(JsContext context, JsValue target, string name, params ReadOnlySpan<JsValue> args)
    {
        JsValue function = context.Get(target, name);
        try
        {
            return context.Call(function, target, args);
        }
        finally
        {
            function.Release();
        }
    }

    public void Dispose()
    {
        ContextRegistry.Unregister(Context);
        State.Dispose();
        Isolate.Dispose();
    }
}

/// <summary>
/// What a fetch handler came to: response head and its body (whole bytes or a reader), or the stack and message of
/// what it threw, and <see cref="Limit"/> when that was a dispatched worker's limit error (its message) that the
/// dispatcher did not catch. <see cref="WaitUntil"/> awaits the request's <c>waitUntil</c> work; null when the
/// response was complete and nothing was passed to <c>waitUntil</c>.
/// </summary>
internal sealed record HandlerOutcome(JsValue? WaitUntil, ResponseHead? Head, byte[]? WholeBody, JsBodyReader? Body, string? Error,
    bool PassThroughOnException)
{
    public string? ErrorMessage { get; init; }
    public string? Limit { get; init; }

    /// <summary>The invocation's id (<see cref="WebSockets.WebSocketRegistry"/>) of the WebSocket the response carries, or null.</summary>
    public int? WebSocketId { get; init; }
}

/// <summary>
/// A response's status line and headers, as the handler's Response had them. The header list stays joined
/// (<see cref="HostHeaderList"/>) until the host splits it, after the isolate's turn: the turn is the part of a request
/// that runs one at a time.
/// </summary>
internal sealed record ResponseHead(int Status, string StatusText, string HeaderList);
