using Switchyard.ControlPlane.Scripts;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// The server's Workers runtime when isolates run in worker host processes (<c>serve --worker-hosts N</c>): every
/// invocation goes to the host of its tenant's slot, chosen by a stable hash of the account (account-level scripts) or
/// of the account, dispatch namespace and (in an untrusted namespace) script for user workers (<see cref="SlotOf"/>), so
/// a tenant's isolates stay warm in one host. Binding calls a
/// host makes come back here (<see cref="HostRequests"/>): they are resolved against the server's copy of the caller's
/// version and sent to the target's host, so a call between tenants always crosses the server. A host that dies fails
/// only what was in flight in it (an 1101 at the edge); the pool's spare takes its slot for the next request.
/// </summary>
internal sealed class HostedWorkers : IWorkerInvoker, IInvocationRouter, IBindingCalls, IWorkerCodeValidator, IAsyncDisposable
{
    /// <summary>How often each host's idle grants are looked at (<see cref="HostGrants.PruneIdle"/>).</summary>
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly WorkerHostPool _pool;
    private readonly BindingTargets _targets;
    private readonly Timer _pruning;
    private readonly WarmBudgets _budgets;
    private readonly int _subrequestLimit;

    /// <param name="command">How to start this executable (<see cref="WorkerHostCommandLine"/>).</param>
    /// <param name="hostArguments">The <c>worker-host</c> command's options (the runtime's limits).</param>
    /// <param name="runtime">The runtime's options: those of <c>/metrics</c> (<see cref="RuntimeOptions.MetricsMaxScripts"/>,
    /// <see cref="RuntimeOptions.MetricsScope"/>) apply here.</param>
    public HostedWorkers(int count, IReadOnlyList<string> command, IReadOnlyList<string> hostArguments, BindingTargets targets, HostRequests requests,
        RuntimeOptions runtime)
    {
        _targets = targets;
        _subrequestLimit = runtime.SubrequestLimit;
        _budgets = new WarmBudgets(runtime.InstanceMemoryBudgetBytes, runtime.MaxInstances);
        Requests = requests;
        Requests.WarmReported = () => _budgets.Rebalance(_pool!.Hosts());
        Requests.Workers = this;
        // The server's meter: the hosts' records are counted here, the warm gauges read from what each host last reported.
        long budget = runtime.InstanceMemoryBudgetBytes;
        Metrics = new WorkerMetrics(runtime.MetricsMaxScripts, () => _pool!.Hosts().SelectMany(host => host.Grants.Warm),
            () => budget, runtime.MetricsScope);
        Requests.Metrics = Metrics;
        _pool = new WorkerHostPool(count, command, Requests.AnswerAsync, hostArguments);
        _pruning = new Timer(_ => PruneGrants(), null, PruneEvery, PruneEvery);
    }

    private void PruneGrants()
    {
        long now = Environment.TickCount64;
        foreach (WorkerHostProcess host in _pool.Hosts()) host.Grants.PruneIdle(now);
    }

    public HostRequests Requests { get; }

    /// <summary>The Workers metrics of <c>/metrics</c>, counted from what the hosts report.</summary>
    public WorkerMetrics Metrics { get; }

    /// <summary>The hosts (tests kill one).</summary>
    internal WorkerHostPool Pool => _pool;

    public Task<WorkerResponse> FetchAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, CancellationToken ct) =>
        InvokeAsync(worker, version, request, new InvocationSettings(Depth: 0), ct);

    public Task<WorkerResponse> InvokeAsync(WorkerRef worker, DeployedVersion version, WorkerRequest request, InvocationSettings settings,
        CancellationToken ct)
    {
        WorkerHostProcess host = _pool[SlotOf(worker, _pool.Count)];
        bool firstSent = host.Grants.Grant(worker, version, Environment.TickCount64);
        // The ticket the host names in this invocation's calls (HostTickets): its depth and subrequests are the server's to know.
        settings = settings with
        {
            Traced = settings.Traced ?? TraceInterest.AnyWants(Requests.TraceSinks, worker),
            Ticket = host.Grants.Tickets.Issue(worker, version.Version.Id, settings.Depth, settings.SubrequestLimit ?? _subrequestLimit),
        };
        var invoke = new InvokeHead(worker, version.Version.Id, settings, WireRequest.Of(request));
        // The hot path (a version the host has) goes straight out; only a first invocation waits to read the modules.
        return firstSent ? InvokeFirstAsync(host, invoke, version, request, ct)
            : InvocationWire.CallAsync(host.Channel, HostMethods.Invoke, BinaryHeads.Write(invoke), request.Body, ct);
    }

    private async Task<WorkerResponse> InvokeFirstAsync(WorkerHostProcess host, InvokeHead invoke, DeployedVersion version, WorkerRequest request,
        CancellationToken ct)
    {
        invoke = invoke with { Preload = await Requests.PreloadAsync(version, ct).ConfigureAwait(false) };
        return await InvocationWire.CallAsync(host.Channel, HostMethods.Invoke, BinaryHeads.Write(invoke), request.Body, ct).ConfigureAwait(false);
    }

    public async Task<WorkerResponse> CallAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request,
        CancellationToken ct)
    {
        NestedTarget target = await _targets.ResolveAsync(caller, callerVersion, call, request, ct).ConfigureAwait(false);
        return target.Served ?? await InvokeAsync(target.Worker, target.Version, request, target.Settings, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Upload validation in the host of the account's slot: an upload's code never runs in the server. The host is
    /// granted the account and those of the upload's KV namespaces the account has (its env is built as a request's).
    /// </summary>
    public async Task<string?> ValidateAsync(string accountId, string scriptName, VersionContent candidate,
        IReadOnlyDictionary<string, byte[]> modules, CancellationToken ct)
    {
        WorkerHostProcess host = _pool[SlotOf(WorkerRef.Named(accountId, scriptName), _pool.Count)];
        await Requests.GrantNamespacesAsync(host.Grants, accountId, candidate, ct).ConfigureAwait(false);
        try
        {
            var (head, _) = await PlainCall.SendAsync(host.Channel, HostMethods.Validate,
                WireJson.Write(new ValidateHead(accountId, scriptName, candidate)), ModuleBundle.Write(modules), ct).ConfigureAwait(false);
            return WireJson.Read<ValidateReply>(head).Problem;
        }
        catch (Ipc.ChannelCallException)
        {
            // The host died loading it (a fatal V8 error or an abort): the upload is what broke it.
            return "Script startup failed: the worker host process loading it ended.";
        }
    }

    /// <summary>
    /// A tenant's slot, stable across restarts of the server. FNV-1a over the account for its account-level scripts (the
    /// platform's own dispatcher and outbound workers stay together); over the account and namespace for the user
    /// workers of a trusted namespace, which share one Cache API store as on Cloudflare, and a host's store is its own;
    /// and over the account, namespace and script for those of an untrusted one, each with a cache of its own: one
    /// namespace often holds all of a platform's customers, and they spread over the hosts.
    /// </summary>
    internal static int SlotOf(WorkerRef worker, int count)
    {
        uint hash = 2166136261;
        foreach (char c in worker.AccountId) hash = (hash ^ c) * 16777619;
        if (worker.NamespaceName is { } ns)
        {
            hash = (hash ^ '/') * 16777619;
            foreach (char c in ns) hash = (hash ^ c) * 16777619;
            if (!worker.TrustedWorkers)
            {
                hash = (hash ^ '/') * 16777619;
                foreach (char c in worker.ScriptName) hash = (hash ^ c) * 16777619;
            }
        }
        return (int)(hash % (uint)count);
    }

    // The container disposes it once per service it is registered as (the edge's invoker, the router, itself).
    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _pruning.DisposeAsync().ConfigureAwait(false);
        await _pool.DisposeAsync().ConfigureAwait(false);
        Metrics.Dispose();
    }
}
