using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchyard.Engine;
using Switchyard.Runtime.Host;
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
public sealed class WorkerRuntime : IWorkerInvoker, IDisposable
{
    private readonly InstanceCache _instances;
    private readonly IWorkerDirectory _directory;
    private readonly Func<IAssetsBinding?> _assets;
    private readonly ILogger _logger;

    public WorkerRuntime(RuntimeOptions options, IBlobStore blobs, IKvStore kv, IWorkerDirectory directory,
        IOutboundFetcher outbound, IEnumerable<IWorkerLogSink> logSinks, ILoggerFactory loggers, Func<IAssetsBinding?>? assets = null)
    {
        Options = options;
        Blobs = blobs;
        Kv = kv;
        Outbound = outbound;
        LogSinks = [.. logSinks];
        _directory = directory;
        _assets = assets ?? (() => null);
        _logger = loggers.CreateLogger<WorkerRuntime>();
        _instances = new InstanceCache(options);
    }

    public RuntimeOptions Options { get; }
    internal IBlobStore Blobs { get; }
    internal IKvStore Kv { get; }
    internal IOutboundFetcher Outbound { get; }
    internal IReadOnlyList<IWorkerLogSink> LogSinks { get; }

    public Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, CancellationToken ct) =>
        FetchAsync(worker, version, request, depth: 0, ct);

    internal async Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, int depth, CancellationToken ct)
    {
        if (depth > Options.MaxNestingDepth)
            throw new WorkerException(WorkerFailure.LoopLimit, "Worker invocations nested too deeply (a loop of service bindings?).");
        WorkerInstance instance = await AcquireAsync(worker, version, ct).ConfigureAwait(false);
        var invocation = new JsInvocation(CpuLimitFor(version));
        var scope = new RequestScope(worker, version, depth, Options.SubrequestLimit, ct);
        instance.State.Begin(invocation, scope);
        int? requestBody = request.Body is null ? null : instance.State.Bodies.Add(request.Body);
        // The request is over when both its response body and its waitUntil work are done.
        int pending = 2;
        void Done()
        {
            if (Interlocked.Decrement(ref pending) != 0) return;
            if (requestBody is int id) instance.State.Bodies.Cancel(id);
            instance.State.End(invocation);
            Finish(instance);
        }

        HandlerOutcome outcome;
        try
        {
            outcome = await instance.StartAsync(invocation, RequestJson(request), requestBody).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsException or JsLimitException)
        {
            Done();
            Done();
            throw Failure(e, scope);
        }
        _ = RunWaitUntilAsync(instance, invocation, outcome.Call, scope).ContinueWith(_ => Done(), TaskScheduler.Default);

        WorkerException? failure = scope.Failure;
        if (outcome.Error is not null)
        {
            _logger.LogError("Worker {Script} threw an uncaught exception: {Stack}", worker.ScriptName, outcome.Error);
            failure ??= new WorkerException(WorkerFailure.Exception, "Worker threw exception", outcome.Error)
            {
                PassThroughOnException = outcome.PassThroughOnException,
            };
        }
        if (failure is not null)
        {
            if (outcome.Body is { } unread)
            {
                await unread.CancelAsync().ConfigureAwait(false);
                unread.Release();
            }
            Done();
            throw failure;
        }

        var head = JsonSerializer.Deserialize<ResponseHead>(outcome.ResponseMeta!, JsonSerializerOptions.Web)!;
        Stream? body = null;
        if (outcome.Body is { } reader) body = new ResponseBodyStream(reader, e => Failure(e, scope), Done);
        else Done();
        return new WorkerResponse(head.Status, head.StatusText, [.. head.Headers.Select(h => KeyValuePair.Create(h[0], h[1]))], body);
    }

    /// <summary><c>env.SERVICE.fetch()</c>: the bound account-level worker of the same account, one level deeper.</summary>
    internal async Task<WorkerResponse> FetchServiceAsync(RequestScope caller, string bindingName, WorkerRequest request)
    {
        var binding = caller.Version.Version.Content.Bindings.OfType<ServiceBinding>().FirstOrDefault(b => b.Name == bindingName)
            ?? throw new InvalidOperationException($"No service binding named '{bindingName}'.");
        WorkerRef target = _directory.FindAccountScript(caller.Worker.AccountId, binding.Service)
            ?? throw new InvalidOperationException($"The service binding '{bindingName}' refers to worker '{binding.Service}', which does not exist.");
        DeployedVersion version = await _directory.LoadAsync(target.VersionId, caller.Aborted).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The worker '{binding.Service}' has no deployed version.");
        try
        {
            return await FetchAsync(target, version, request, caller.Depth + 1, caller.Aborted).ConfigureAwait(false);
        }
        catch (WorkerException e) when (e.Failure == WorkerFailure.LoopLimit)
        {
            caller.Fail(e);
            throw;
        }
    }

    /// <summary><c>env.ASSETS.fetch()</c>: the calling version's static assets, through the edge's asset router.</summary>
    internal Task<WorkerResponse> FetchAssetsAsync(RequestScope caller, WorkerRequest request) =>
        (_assets() ?? throw new InvalidOperationException("Static assets are not available in this runtime."))
            .FetchAsync(caller.Version, request, caller.Aborted);

    internal TimeSpan CpuLimitFor(DeployedVersion version) =>
        version.Version.Content.CpuMs is int ms ? TimeSpan.FromMilliseconds(ms) : Options.DefaultCpuLimit;

    internal void WriteLog(RequestScope scope, string level, string message)
    {
        var entry = new WorkerLogEntry(scope.Worker.ScriptName, scope.Version.Version.Id, level, message, DateTimeOffset.UtcNow);
        scope.AddLog(entry);
        foreach (IWorkerLogSink sink in LogSinks) sink.Write(entry);
    }

    private async Task<WorkerInstance> AcquireAsync(WorkerRef worker, DeployedVersion version, CancellationToken ct)
    {
        try
        {
            return await _instances.AcquireAsync(version.Version.Id, () => WorkerInstance.LoadAsync(this, worker, version, CancellationToken.None))
                .WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsException or JsLimitException)
        {
            throw Failure(e, null);
        }
    }

    private async Task RunWaitUntilAsync(WorkerInstance instance, JsInvocation invocation, JsValue call, RequestScope scope)
    {
        try
        {
            await instance.WaitUntilSettledAsync(invocation, call).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsException or JsLimitException or ObjectDisposedException)
        {
            _logger.LogWarning("waitUntil work of worker {Script} failed: {Message}", scope.Worker.ScriptName, e.Message);
        }
    }

    private void Finish(WorkerInstance instance)
    {
        instance.Release();
        if (!instance.Isolate.IsUsable)
        {
            _instances.Discard(instance);
            return;
        }
        _ = Task.Run(() =>
        {
            try
            {
                instance.HeapBytes = instance.Isolate.GetHeapInfo().TotalHeapBytes;
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or JsLimitException)
            {
            }
        });
    }

    private WorkerException Failure(Exception e, RequestScope? scope)
    {
        if (scope?.Failure is { } recorded) return recorded;
        return e switch
        {
            JsLimitException { Kind: JsLimitKind.Memory } => new WorkerException(WorkerFailure.MemoryLimit, "Worker exceeded memory limit.", inner: e),
            JsLimitException => new WorkerException(WorkerFailure.CpuLimit, "Worker exceeded CPU time limit.", inner: e),
            JsException js => LogThrown(js),
            _ => new WorkerException(WorkerFailure.Exception, "Worker threw exception", inner: e),
        };
    }

    private WorkerException LogThrown(JsException e)
    {
        string stack = string.IsNullOrEmpty(e.JsStack) ? e.Message : e.JsStack;
        _logger.LogError("Worker threw an uncaught exception: {Stack}", stack);
        return new WorkerException(WorkerFailure.Exception, "Worker threw exception", stack, e);
    }

    private static string RequestJson(WorkerRequest request) => JsonSerializer.Serialize(new
    {
        method = request.Method,
        url = request.Url,
        headers = request.Headers.Select(h => new[] { h.Key.ToLowerInvariant(), h.Value }),
    });

    public void Dispose() => _instances.Dispose();

    private sealed record ResponseHead(int Status, string StatusText, string[][] Headers);
}
