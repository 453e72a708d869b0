using System.Text.Json;
using Switchyard.Runtime.Host;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Invocation;

// Workers for Platforms: dynamic dispatch to namespace scripts and their outbound workers.
public sealed partial class WorkerRuntime
{
    /// <summary>
    /// <c>env.DISPATCHER.get(script, args, options).fetch()</c>: the namespace script as the edge would serve it (its
    /// assets first, then its worker), looked up now so a deploy or delete takes effect on the next call, one level
    /// deeper, under the dispatcher's custom limits and outbound worker. Throws "Worker not found." for an unknown
    /// script, and <see cref="WorkerException"/> when the user worker threw or overran a limit.
    /// </summary>
    /// <param name="method">A JS RPC method of the user worker's default entrypoint (<c>get(name).method(...args)</c>); null: fetch.</param>
    internal async Task<WorkerResponse> FetchDispatchAsync(RequestScope caller, string bindingName, DispatchTarget target, WorkerRequest request,
        string? method = null, string? arguments = null)
    {
        var binding = caller.Version.Version.Content.Bindings.OfType<DispatchNamespaceBinding>().FirstOrDefault(b => b.Name == bindingName)
            ?? throw new InvalidOperationException($"No dispatch namespace binding named '{bindingName}'.");
        WorkerRef? worker = _directory.FindNamespaceScript(caller.Worker.AccountId, binding.Namespace, target.Script);
        DeployedVersion? version = worker is null ? null
            : await _directory.LoadAsync(VersionRouting.Choose(worker, request.Header), caller.Aborted).ConfigureAwait(false);
        if (worker is null || version is null) throw new InvalidOperationException(WorkerNotFoundMessage);

        if (method is null && _assets() is { } assets && await assets.ServeAsync(version, request, caller.Aborted).ConfigureAwait(false) is { } served)
            return served;

        TimeSpan cpu = Min(CpuLimitFor(version), Options.DefaultCpuLimit);
        if (target.CpuMs is double ms) cpu = Min(cpu, TimeSpan.FromMilliseconds(ms));
        var settings = new InvocationSettings(caller.Depth + 1)
        {
            CpuLimit = cpu,
            SubrequestLimit = Math.Min(target.SubRequests ?? int.MaxValue, Options.SubrequestLimit),
            Outbound = binding.Outbound is { } outbound
                ? new OutboundRoute(caller.Worker.AccountId, outbound.Worker.Service, DeclaredParams(outbound, target.Outbound))
                : null,
            Rpc = method is null ? null : new RpcCall(null, method, arguments, null),
        };
        return await FetchNestedAsync(caller, worker, version, request, settings, caller.Aborted).ConfigureAwait(false);
    }

    /// <summary>A dispatched user worker's <c>fetch()</c>: the dispatcher's outbound worker answers it, one level deeper.</summary>
    internal async Task<WorkerResponse> FetchOutboundAsync(RequestScope caller, OutboundRoute route, WorkerRequest request, CancellationToken ct)
    {
        var (target, version) = await LoadAccountScriptAsync(route.AccountId, route.Service, "outbound worker",
            $"The outbound worker '{route.Service}' does not exist.", request, ct).ConfigureAwait(false);
        return await FetchNestedAsync(caller, target, version, request,
            new InvocationSettings(caller.Depth + 1) { EnvOverlayJson = route.ParamsJson }, ct).ConfigureAwait(false);
    }

    public const string WorkerNotFoundMessage = "Worker not found.";

    private async Task<WorkerResponse> FetchNestedAsync(RequestScope caller, WorkerRef worker, DeployedVersion version,
        WorkerRequest request, InvocationSettings settings, CancellationToken ct)
    {
        try
        {
            // One edge request, one ray: the nested invocation's logs and trace carry its caller's.
            return await FetchAsync(worker, version, request, settings with { RayId = caller.RayId }, ct).ConfigureAwait(false);
        }
        catch (WorkerException e) when (e.Failure == WorkerFailure.LoopLimit)
        {
            caller.Limits.Fail(e);  // a loop fails every level, up to the edge's 1019 page
            throw;
        }
    }

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
