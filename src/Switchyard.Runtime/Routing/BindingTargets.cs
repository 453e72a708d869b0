using System.Text.Json;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Routing;

/// <summary>
/// What a <see cref="BindingCall"/> runs, resolved against the caller's version and looked up now (so a deploy or delete
/// takes effect on the next call): the target worker, its version chosen by its deployment, and the settings of the
/// nested invocation (one level deeper; a dispatched worker under the dispatcher's custom limits and outbound worker).
/// A dispatch to a script with static assets may be answered by them (<see cref="NestedTarget.Served"/>). Used by the
/// runtime in one process and by the server for worker hosts, so the rules live in one place.
/// </summary>
public sealed class BindingTargets(IWorkerDirectory directory, Func<IAssetsBinding?> assets, RuntimeOptions options)
{
    public const string WorkerNotFoundMessage = "Worker not found.";

    /// <summary>Throws <see cref="InvalidOperationException"/> with the caller's message when the binding or target does not exist.</summary>
    public Task<NestedTarget> ResolveAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request,
        CancellationToken ct) => call.Kind switch
    {
        BindingCallKind.Service => ServiceAsync(caller, callerVersion, call, request, ct),
        BindingCallKind.Dispatch => DispatchAsync(caller, callerVersion, call, request, ct),
        _ => OutboundAsync(caller, call, request, ct),
    };

    /// <summary>
    /// <c>env.SERVICE.fetch()</c>, or an RPC method of it: the bound account-level worker of the same account (its named
    /// entrypoint when the binding has one, with the binding's props as <c>ctx.props</c>).
    /// </summary>
    private async Task<NestedTarget> ServiceAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request,
        CancellationToken ct)
    {
        var binding = callerVersion.Version.Content.Bindings.OfType<ServiceBinding>().FirstOrDefault(b => b.Name == call.BindingName)
            ?? throw new InvalidOperationException($"No service binding named '{call.BindingName}'.");
        var (target, version) = await LoadAccountScriptAsync(caller.AccountId, binding.Service, "worker",
            $"The service binding '{call.BindingName}' refers to worker '{binding.Service}', which does not exist.", request, ct).ConfigureAwait(false);
        RpcCall? rpc = call.Method is not null || binding.Entrypoint is not null || binding.Props is not null
            ? new RpcCall(binding.Entrypoint, call.Method, call.Arguments, binding.Props) : null;
        return new NestedTarget(target, version, new InvocationSettings(call.CallerDepth + 1) { Rpc = rpc, RayId = call.RayId });
    }

    /// <summary>
    /// <c>env.DISPATCHER.get(script, args, options).fetch()</c>: the namespace script as the edge would serve it (its assets
    /// first, then its worker), under the dispatcher's custom limits and outbound worker.
    /// </summary>
    private async Task<NestedTarget> DispatchAsync(WorkerRef caller, DeployedVersion callerVersion, BindingCall call, WorkerRequest request,
        CancellationToken ct)
    {
        var binding = callerVersion.Version.Content.Bindings.OfType<DispatchNamespaceBinding>().FirstOrDefault(b => b.Name == call.BindingName)
            ?? throw new InvalidOperationException($"No dispatch namespace binding named '{call.BindingName}'.");
        DispatchTarget target = call.Target ?? throw new InvalidOperationException("A dispatch names its script.");
        WorkerRef? worker = directory.FindNamespaceScript(caller.AccountId, binding.Namespace, target.Script);
        DeployedVersion? version = worker is null ? null
            : await directory.LoadAsync(VersionRouting.Choose(worker, request.Header), ct).ConfigureAwait(false);
        if (worker is null || version is null) throw new InvalidOperationException(WorkerNotFoundMessage);

        if (call.Method is null && assets() is { } site && await site.ServeAsync(version, request, ct).ConfigureAwait(false) is { } served)
            return new NestedTarget(worker, version, new InvocationSettings(call.CallerDepth + 1)) { Served = served };

        TimeSpan cpu = Min(CpuLimitFor(version), options.DefaultCpuLimit);
        if (target.CpuMs is double ms) cpu = Min(cpu, TimeSpan.FromMilliseconds(ms));
        return new NestedTarget(worker, version, new InvocationSettings(call.CallerDepth + 1)
        {
            CpuLimit = cpu,
            SubrequestLimit = Math.Min(target.SubRequests ?? int.MaxValue, options.SubrequestLimit),
            Outbound = binding.Outbound is { } outbound
                ? new OutboundRoute(caller.AccountId, outbound.Worker.Service, DeclaredParams(outbound, target.Outbound))
                : null,
            Rpc = call.Method is null ? null : new RpcCall(null, call.Method, call.Arguments, null),
            RayId = call.RayId,
        });
    }

    /// <summary>A dispatched user worker's <c>fetch()</c>: its dispatcher's outbound worker (of the same account) answers it.</summary>
    private async Task<NestedTarget> OutboundAsync(WorkerRef caller, BindingCall call, WorkerRequest request, CancellationToken ct)
    {
        OutboundRoute route = call.Outbound ?? throw new InvalidOperationException("An outbound call names its route.");
        if (route.AccountId != caller.AccountId) throw new InvalidOperationException("An outbound worker belongs to its dispatcher's account.");
        var (target, version) = await LoadAccountScriptAsync(route.AccountId, route.Service, "outbound worker",
            $"The outbound worker '{route.Service}' does not exist.", request, ct).ConfigureAwait(false);
        return new NestedTarget(target, version, new InvocationSettings(call.CallerDepth + 1) { EnvOverlayJson = route.ParamsJson, RayId = call.RayId });
    }

    /// <summary>An account-level script and its live version, for worker-to-worker calls (service bindings, outbound workers).</summary>
    private async Task<(WorkerRef Worker, DeployedVersion Version)> LoadAccountScriptAsync(string accountId, string name, string role,
        string missingMessage, WorkerRequest request, CancellationToken ct)
    {
        WorkerRef worker = directory.FindAccountScript(accountId, name) ?? throw new InvalidOperationException(missingMessage);
        DeployedVersion version = await directory.LoadAsync(VersionRouting.Choose(worker, request.Header), ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The {role} '{name}' has no deployed version.");
        return (worker, version);
    }

    internal TimeSpan CpuLimitFor(DeployedVersion version) =>
        version.Version.Content.CpuMs is int ms ? TimeSpan.FromMilliseconds(ms) : options.DefaultCpuLimit;

    /// <summary>The values the dispatcher passed for the params the binding declares (others are dropped), as a JSON object.</summary>
    private static string DeclaredParams(DispatchOutbound outbound, JsonElement? passed)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (passed is { ValueKind: JsonValueKind.Object } given)
            foreach (OutboundParam param in outbound.Params ?? [])
                if (given.TryGetProperty(param.Name, out JsonElement value)) values[param.Name] = value;
        return JsonSerializer.Serialize(values);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <summary>What a binding call runs: <see cref="Worker"/>'s <see cref="Version"/> with <see cref="Settings"/>, unless its static assets <see cref="Served"/> it.</summary>
public sealed record NestedTarget(WorkerRef Worker, DeployedVersion Version, InvocationSettings Settings)
{
    public WorkerResponse? Served { get; init; }
}
