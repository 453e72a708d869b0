using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchyard.Engine;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Image;
using Switchyard.Runtime.JsApi;
using Switchyard.Runtime.Limits;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Telemetry;
using Switchyard.Runtime.WebSockets;
using Switchyard.Runtime.Workers;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

/// <summary>
/// Runs worker versions in V8: one warm isolate per version (<see cref="InstanceCache"/>), one
/// <see cref="JsInvocation"/> per request with the version's CPU limit, the response body streamed from the isolate.
/// Work the request passed to <c>ctx.waitUntil</c> continues after the response, without delaying it.
/// </summary>
public sealed partial class WorkerRuntime : IWorkerInvoker, IInvocationRouter, IBindingCalls, IDisposable
{
    private readonly InstanceCache _instances;
    private readonly Func<IAssetsBinding?> _assets;
    private readonly ILogger _logger;
    private readonly ITraceSink[] _traceSinks;

    public WorkerRuntime(RuntimeOptions options, IBlobStore blobs, IKvStore kv, IWorkerDirectory directory,
        IOutboundFetcher outbound, IEnumerable<IWorkerLogSink> logSinks, ILoggerFactory loggers, Func<IAssetsBinding?>? assets = null,
        IEnumerable<ITraceSink>? traceSinks = null, ISocketDialer? dialer = null)
    {
        Dialer = dialer ?? new GuardedConnector(new OutboundAddressPolicy(options.AllowedPrivateFetchRanges));
        _traceSinks = [.. traceSinks ?? []];
        Cache = new Cache.ResponseCache(options.CacheCapacityBytes);
        Options = options;
        Blobs = blobs;
        Kv = kv;
        Outbound = outbound;
        LogSinks = [.. logSinks];
        _assets = assets ?? (() => null);
        Targets = new BindingTargets(directory, _assets, options);
        _logger = loggers.CreateLogger<WorkerRuntime>();
        _instances = new InstanceCache(options, evicted: i => Recorder.Evicted(i.State.Services.Worker));
        Metrics = new WorkerMetrics(options.MetricsMaxScripts, WarmInstances, () => _instances.MemoryBudgetBytes, options.MetricsScope);
        Isolates = new JsIsolatePool(RuntimeImage.Instance, options.IsolateOptions, options.ReadyIsolates, options.LowPriorityIsolateMakers);
    }

    public RuntimeOptions Options { get; }


    /// <summary>The runtime's metrics (a <see cref="System.Diagnostics.Metrics.Meter"/>, exported by the host).</summary>
    public WorkerMetrics Metrics { get; }

    /// <summary>The counters of rate limit bindings: this node's (in a worker host, the server's, asked over its channel).</summary>
    public Bindings.IRateLimiter RateLimits { get; init; } = new Bindings.RateLimiter();

    /// <summary>Where invocations are recorded instead of <see cref="Metrics"/> (in a worker host: the server); null: <see cref="Metrics"/>.</summary>
    public IInvocationMetrics? MetricsRecorder { get; init; }

    private IInvocationMetrics Recorder => MetricsRecorder ?? Metrics;

    /// <summary>
    /// What this runtime's warm instances may hold (<see cref="RuntimeOptions.InstanceMemoryBudgetBytes"/> at first).
    /// A worker host's is moved by the server, which shares one budget out among its hosts; lowering it evicts at once.
    /// </summary>
    public long WarmMemoryBudgetBytes
    {
        get => _instances.MemoryBudgetBytes;
        set => _instances.MemoryBudgetBytes = value;
    }

    /// <summary>How many instances may stay warm (<see cref="RuntimeOptions.MaxInstances"/> at first; moved as the memory is).</summary>
    public int MaxWarmInstances
    {
        get => _instances.MaxInstances;
        set => _instances.MaxInstances = value;
    }

    /// <summary>The warm instances now: their worker and their footprint in bytes.</summary>
    public IEnumerable<(WorkerRef Worker, long FootprintBytes)> WarmInstances() =>
        _instances.Loaded().Select(i => (i.State.Services.Worker, i.FootprintBytes));
    internal IBlobStore Blobs { get; }
    internal IKvStore Kv { get; }
    internal IOutboundFetcher Outbound { get; }

    /// <summary>Where <c>cloudflare:sockets</c> connections are made, under the same address policy as fetch().</summary>
    internal ISocketDialer Dialer { get; }
    internal IReadOnlyList<IWorkerLogSink> LogSinks { get; }

    /// <summary>The node's Cache API store (<c>caches.default</c>, <c>caches.open()</c>).</summary>
    public Cache.ResponseCache Cache { get; }

    /// <summary>Isolates created ahead of need, so a cold start pays only for the worker's own code.</summary>
    internal JsIsolatePool Isolates { get; }

    public Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, CancellationToken ct) =>
        FetchAsync(worker, version, request, new InvocationSettings(Depth: 0), ct);

    public Task<WorkerResponse> InvokeAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, InvocationSettings settings,
        CancellationToken ct) => FetchAsync(worker, version, request, settings, ct);

    private async Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request,
        InvocationSettings settings, CancellationToken ct)
    {
        long started = Stopwatch.GetTimestamp();
        string? rayId = settings.RayId ?? request.RayId;
        InvocationTrace? trace = TraceFor(worker, request, rayId, settings);
        WorkerInstance instance;
        try
        {
            LimitEnforcer.CheckNesting(settings.Depth, Options.MaxNestingDepth);
            instance = await AcquireAsync(worker, version, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Ended before its handler ran (a loop, a start-up failure, its client gone during a cold start).
            if (e is WorkerException { Failure: WorkerFailure.Exception } thrown) trace?.AddException(thrown.JsStack, thrown.ErrorMessage ?? thrown.Message);
            Ended(worker, version, e switch
            {
                WorkerException w => w.Failure,
                OperationCanceledException => WorkerFailure.Canceled,
                _ => WorkerFailure.Exception,
            }, null, null, started, trace, rayId, settings.Ticket);
            throw;
        }
        var invocation = new JsInvocation(settings.CpuLimit ?? CpuLimitFor(version));
        var scope = new RequestScope(worker, version, settings.Depth, new LimitEnforcer(settings.SubrequestLimit ?? Options.SubrequestLimit, ct))
        {
            Outbound = settings.Outbound,
            RayId = rayId,
            Trace = trace,
            Ticket = settings.Ticket,
        };
        if (trace is not null) trace.Scope = scope;
        // What the invocation failed with, set before the Done() that reports it (its client may see it only later).
        WorkerException? endedWith = null;
        instance.State.Begin(invocation, scope);
        int? requestBody = request.Body is null ? null : instance.State.Bodies.Add(request.Body);
        // A client that disconnects cancels the request's host work at once (scope.Aborted), unless the worker called
        // waitUntil(): then its I/O carries on, as on Cloudflare. Either way the invocation itself is ended after the
        // grace period waitUntil work gets, so one that waits on nothing is not kept forever.
        // (No per-request timer or token source: the grace timer exists only once the client has gone or waitUntil is used.)
        CancellationTokenRegistration disconnect = ct.UnsafeRegister(
            _ => EndAfterGrace(instance, invocation, scope, "its client disconnected"), null);
        // The request is over when both its response body and its waitUntil work are done.
        int pending = 2;
        void Done()
        {
            if (Interlocked.Decrement(ref pending) != 0) return;
            disconnect.Dispose();
            scope.Limits.Finish();  // a grace timer still pending ends nothing
            scope.CloseSockets();
            if (requestBody is int id) instance.State.Bodies.Cancel(id);
            instance.State.End(invocation);
            // A cold start took an isolate from the pool: its replacement is made now, not while the request runs.
            Isolates.Refill();
            Finish(instance);
            WorkerFailure? failure = (endedWith ?? scope.Limits.Failure)?.Failure;
            if (failure is null && ct.IsCancellationRequested) failure = WorkerFailure.Canceled;
            Ended(worker, version, failure, invocation, scope.Limits, started, trace, rayId, settings.Ticket);
        }

        HandlerOutcome outcome;
        try
        {
            outcome = await instance.StartAsync(invocation, request, worker.TrustedWorkers, requestBody, settings.EnvOverlayJson,
                settings.Rpc?.ToJson() ?? settings.Scheduled?.ToJson() ?? settings.Tail?.ToJson()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsException or JsLimitException)
        {
            endedWith = Failure(e, scope);
            Done();
            Done();
            throw endedWith;
        }
        // A WebSocket response: the client (or caller) gets the pair's outer end, and the invocation lives on while the
        // worker's end is open (its message pump is part of the waitUntil work), so the grace period starts only when
        // the WebSocket is done. A connection passed on untouched (from fetch() or a binding) leaves with the response.
        IWebSocketEnd? webSocket = null;
        Task? webSocketOpen = null;
        if (outcome.WebSocketId is int socketId) (webSocket, webSocketOpen) = scope.WebSockets.HandOut(socketId);
        if (outcome.WaitUntil is { } waitUntil)
        {
            const string outlived = "its waitUntil() work outlived the response";
            if (webSocketOpen is null) EndAfterGrace(instance, invocation, scope, outlived);
            else _ = webSocketOpen.ContinueWith(_ => EndAfterGrace(instance, invocation, scope, outlived), TaskScheduler.Default);
            _ = RunWaitUntilAsync(instance, invocation, waitUntil, scope).ContinueWith(_ => Done(), TaskScheduler.Default);
        }
        else
            Done();

        WorkerException? failure = scope.Limits.Failure;
        if (outcome.Limit is not null)
        {
            // A dispatcher let a user worker's limit rejection go uncaught: its client sees the limit (1102), not 1101.
            failure ??= WorkerException.ForLimitMessage(outcome.Limit);
        }
        else if (outcome.Error is not null)
        {
            LogUncaught(worker, version, rayId, outcome.Error);
            trace?.AddException(outcome.Error, outcome.ErrorMessage);
            failure ??= new WorkerException(WorkerFailure.Exception, "Worker threw exception", outcome.Error)
            {
                PassThroughOnException = outcome.PassThroughOnException,
                ErrorMessage = outcome.ErrorMessage,
            };
        }
        if (failure is not null)
        {
            if (outcome.Body is { } unread)
            {
                await unread.CancelAsync().ConfigureAwait(false);
                unread.Release();
            }
            webSocket?.Abandon("The worker failed.");
            endedWith = failure;
            Done();
            throw failure;
        }

        var (status, statusText, headerList) = outcome.Head!;
        if (trace is not null) trace.Status = status;
        IReadOnlyList<KeyValuePair<string, string>> headers = HostHeaderList.Split(headerList);
        Stream? body = null;
        if (outcome.Body is { } reader) body = new ResponseBodyStream(reader, e => endedWith = Failure(e, scope), Done);
        else
        {
            // Publicly visible: WorkerResponse.TryGetWholeBody hands the bytes on whole (to the client or a binding's caller).
            if (outcome.WholeBody is { } bytes) body = new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);
            Done();
        }
        return new WorkerResponse(status, statusText, headers, body) { WebSocket = webSocket };
    }

    /// <summary><c>env.ASSETS.fetch()</c>: the calling version's static assets, through the edge's asset router.</summary>
    internal Task<WorkerResponse> FetchAssetsAsync(RequestScope caller, WorkerRequest request) =>
        (_assets() ?? throw new InvalidOperationException("Static assets are not available in this runtime."))
            .FetchAsync(caller.Version, request, caller.Aborted);

    internal TimeSpan CpuLimitFor(DeployedVersion version) => Targets.CpuLimitFor(version);

    /// <summary>One console line of <paramref name="scope"/>'s worker, to the scope (its trace) and every log sink.</summary>
    internal void WriteLog(RequestScope scope, string level, string message)
    {
        WorkerRef worker = scope.Worker;
        var entry = new WorkerLogEntry(worker.AccountId, worker.NamespaceName, worker.ScriptName, scope.Version.Version.Id, scope.RayId,
            level, message, DateTimeOffset.UtcNow);
        scope.AddLog(entry);
        foreach (IWorkerLogSink sink in LogSinks) sink.Write(entry);
    }

    private async Task<WorkerInstance> AcquireAsync(WorkerRef worker, DeployedVersion version, CancellationToken ct)
    {
        Task<WorkerInstance> acquiring = _instances.AcquireAsync(version.Version.Id, () =>
        {
            Recorder.ColdStart(worker);
            return WorkerInstance.LoadAsync(this, worker, version, CancellationToken.None);
        });
        try
        {
            return await acquiring.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left during the cold start. The load goes on (it warms the cache for the next request), but what
            // it acquires for this request must be let go, or the instance stays in use forever: never evicted, and a
            // runtime being disposed waits on it.
            _ = acquiring.ContinueWith(static (done, runtime) => ((WorkerRuntime)runtime!).Finish(done.Result), this, CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
        catch (JsLimitException e) when (e.Kind == JsLimitKind.Cpu)
        {
            throw new WorkerException(WorkerFailure.CpuLimit, WorkerException.StartupCpuLimitMessage, inner: e);
        }
        catch (Exception e) when (e is JsException or JsLimitException)
        {
            throw Failure(e, null, worker, version);
        }
    }

    /// <summary>
    /// Ends <paramref name="invocation"/> once <see cref="RuntimeOptions.WaitUntilGrace"/> has passed, unless it finished
    /// meanwhile: its pending awaits fail, its JS stops if it runs, and what it holds is released as it unwinds.
    /// </summary>
    private void EndAfterGrace(WorkerInstance instance, JsInvocation invocation, RequestScope scope, string why)
    {
        _ = Task.Delay(Options.WaitUntilGrace).ContinueWith(_ =>
        {
            if (scope.Limits.IsFinished || invocation.Aborted) return;
            _logger.LogWarning("Ended an invocation of worker {Script}: {Why} and it was still running {Grace} s later "
                + "(waitUntil() tasks did not complete within the allowed time after invocation end and have been cancelled).",
                scope.Worker.ScriptName, why, Options.WaitUntilGrace.TotalSeconds);
            scope.Limits.Fail(new WorkerException(WorkerFailure.Canceled, WorkerException.CanceledMessage));
            scope.Limits.EndHostWork();
            instance.Isolate.Abort(invocation);
        }, TaskScheduler.Default);
    }

    private async Task RunWaitUntilAsync(WorkerInstance instance, JsInvocation invocation, JsValue waitUntil, RequestScope scope)
    {
        try
        {
            await instance.WaitUntilSettledAsync(invocation, waitUntil).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsException or JsLimitException or ObjectDisposedException)
        {
            _logger.LogWarning("waitUntil work of worker {Script} failed: {Message}", scope.Worker.ScriptName, e.Message);
        }
    }

    /// <summary>
    /// The one place an invocation is recorded in the metrics, once, when it is over: its response body and its
    /// waitUntil work done, or it failed before it began.
    /// </summary>
    private void Ended(WorkerRef worker, DeployedVersion version, WorkerFailure? failure, JsInvocation? invocation, LimitEnforcer? limits,
        long started, InvocationTrace? trace, string? rayId, long? ticket)
    {
        TimeSpan cpu = invocation?.CpuUsed ?? TimeSpan.Zero, wall = Stopwatch.GetElapsedTime(started);
        Recorder.Invoked(worker, failure, cpu, wall, limits?.Subrequests ?? 0, limits?.KvOperations ?? 0, ticket);
        if (trace is not null)
        {
            TraceEvent traced = trace.Build(version, failure, DateTimeOffset.UtcNow - wall, cpu, wall);
            foreach (ITraceSink sink in _traceSinks) sink.Publish(traced);
        }
        // A limit overrun is the operator's business too (an uncaught exception is logged where it is caught).
        if (failure is WorkerFailure.CpuLimit or WorkerFailure.MemoryLimit or WorkerFailure.SubrequestLimit or WorkerFailure.LoopLimit)
            _logger.LogWarning("Worker {Script} (namespace {Namespace}, account {Account}, version {Version}, ray {RayId}) ended {Outcome}: "
                + "CPU {CpuMs:0.#} ms, wall {WallMs:0} ms, {Subrequests} subrequests",
                worker.ScriptName, worker.NamespaceName ?? "-", worker.AccountId, version.Version.Id, rayId ?? "-", WorkerMetrics.Outcome(failure),
                cpu.TotalMilliseconds, wall.TotalMilliseconds, limits?.Subrequests ?? 0);
    }

    /// <summary>A trace for this invocation when some sink wants its script (a lookup per sink; null when none does).</summary>
    private InvocationTrace? TraceFor(WorkerRef worker, WorkerRequest request, string? rayId, InvocationSettings settings)
    {
        if (_traceSinks.Length == 0 || settings.Traced == false) return null;
        if (settings.Traced != true && !TraceInterest.AnyWants(_traceSinks, worker)) return null;
        return new InvocationTrace(TraceInterest.TargetOf(worker), request, rayId) {
            Rpc = settings.Rpc, Scheduled = settings.Scheduled, Tail = settings.Tail, TailConsumers = worker.TailConsumers,
        };
    }

    private void Finish(WorkerInstance instance)
    {
        instance.Release();
        if (!instance.Isolate.IsUsable)
        {
            _instances.Discard(instance);
        }
    }

    private WorkerException Failure(Exception e, RequestScope? scope, WorkerRef? worker = null, DeployedVersion? version = null)
    {
        if (scope?.Limits.Failure is { } recorded) return recorded;
        return e switch
        {
            JsLimitException { Kind: JsLimitKind.Memory } => new WorkerException(WorkerFailure.MemoryLimit, WorkerException.MemoryLimitMessage, inner: e),
            JsLimitException => new WorkerException(WorkerFailure.CpuLimit, WorkerException.CpuLimitMessage, inner: e),
            JsException js => LogThrown(js, scope, scope?.Worker ?? worker, scope?.Version ?? version),
            _ => new WorkerException(WorkerFailure.Exception, "Worker threw exception", inner: e),
        };
    }

    /// <summary>The one form of the "uncaught exception" log line, naming the worker it came from (when known).</summary>
    private void LogUncaught(WorkerRef? worker, DeployedVersion? version, string? rayId, string stack) =>
        _logger.LogError("Worker {Script} (namespace {Namespace}, account {Account}, version {Version}, ray {RayId}) threw an uncaught exception: {Stack}",
            worker?.ScriptName ?? "-", worker?.NamespaceName ?? "-", worker?.AccountId ?? "-", version?.Version.Id ?? "-", rayId ?? "-", stack);

    private WorkerException LogThrown(JsException e, RequestScope? scope, WorkerRef? worker, DeployedVersion? version)
    {
        string stack = string.IsNullOrEmpty(e.JsStack) ? e.Message : e.JsStack;
        LogUncaught(worker, version, scope?.RayId, stack);
        scope?.Trace?.AddException(stack, e.JsMessage);
        return new WorkerException(WorkerFailure.Exception, "Worker threw exception", stack, e) { ErrorMessage = e.JsMessage };
    }

    public void Dispose()
    {
        _instances.Dispose();
        Isolates.Dispose();
        Metrics.Dispose();
    }

}
