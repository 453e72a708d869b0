using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchyard.Observability.Tracing;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Server;

/// <summary>
/// Registers <see cref="HostedWorkers"/> as the edge's Workers runtime (<see cref="IWorkerInvoker"/>) and the router of
/// Cron Triggers (<see cref="IInvocationRouter"/>); call it before the runtime's own registration, whose services (the
/// outbound fetcher, the log sinks) the hosts' requests are answered with.
/// </summary>
internal static class WorkerHostRegistration
{
    public static void Add(IServiceCollection services, int hosts, RuntimeOptions runtime)
    {
        services.AddSingleton(sp => new HostedWorkers(hosts, WorkerHostCommandLine.Current(), HostArguments(hosts, runtime),
            new BindingTargets(sp.GetRequiredService<IWorkerDirectory>(), () => sp.GetService<IAssetsBinding>(), runtime),
            new HostRequests(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<IKvStore>(), sp.GetRequiredService<IOutboundFetcher>(),
                sp.GetRequiredService<GuardedConnector>(), () => sp.GetService<IAssetsBinding>(), sp.GetServices<IWorkerLogSink>(), sp.GetServices<ITraceSink>(),
                sp.GetRequiredService<ILogger<HostRequests>>()), runtime));
        services.AddSingleton<IWorkerInvoker>(sp => sp.GetRequiredService<HostedWorkers>());
        services.AddSingleton<IInvocationRouter>(sp => sp.GetRequiredService<HostedWorkers>());
    }

    /// <summary>The runtime's limits for each host; the warm-memory budget starts evenly shared out (<see cref="WarmBudgets"/> moves it).</summary>
    private static string[] HostArguments(int hosts, RuntimeOptions runtime)
    {
        const long MiB = 1024L * 1024;
        var arguments = new List<string>
        {
            "--heap-limit-mb", Invariant(runtime.HeapLimitBytes / MiB),
            "--warm-memory-mb", Invariant(WarmBudgets.FirstBytes(runtime.InstanceMemoryBudgetBytes, hosts) / MiB),
            "--cache-memory-mb", Invariant(Math.Max(1, runtime.CacheCapacityBytes / hosts / MiB)),
        };
        if (runtime.MaxInstances != int.MaxValue) arguments.AddRange(["--max-warm-workers", Invariant(WarmBudgets.FirstCount(runtime.MaxInstances, hosts))]);
        return [.. arguments];
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
