using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.JsApi;
using Switchyard.Runtime.Outbound;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime;

/// <summary>Registers the Workers runtime: <see cref="IWorkerInvoker"/> (a singleton <see cref="WorkerRuntime"/>) and what it uses.</summary>
public static class RuntimeServices
{
    /// <summary>
    /// Needs <see cref="IBlobStore"/>, <see cref="IKvStore"/>, <see cref="IWorkerDirectory"/> and logging registered;
    /// uses <see cref="IAssetsBinding"/> when one is registered (resolved on first use of <c>env.ASSETS</c>).
    /// </summary>
    public static IServiceCollection Add(IServiceCollection services, RuntimeOptions? options = null)
    {
        services.TryAddSingleton(options ?? new RuntimeOptions());
        services.TryAddSingleton(sp => new OutboundAddressPolicy(sp.GetRequiredService<RuntimeOptions>().AllowedPrivateFetchRanges));
        services.TryAddSingleton(sp => new GuardedConnector(sp.GetRequiredService<OutboundAddressPolicy>()));
        services.TryAddSingleton<IOutboundFetcher>(sp => new HttpOutboundFetcher(sp.GetRequiredService<GuardedConnector>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkerLogSink, LoggerWorkerLogSink>());
        services.TryAddSingleton(sp => new WorkerRuntime(
            sp.GetRequiredService<RuntimeOptions>(),
            sp.GetRequiredService<IBlobStore>(),
            sp.GetRequiredService<IKvStore>(),
            sp.GetRequiredService<IWorkerDirectory>(),
            sp.GetRequiredService<IOutboundFetcher>(),
            sp.GetServices<IWorkerLogSink>(),
            sp.GetRequiredService<ILoggerFactory>(),
            () => sp.GetService<IAssetsBinding>(),
            sp.GetServices<Switchyard.Observability.Tracing.ITraceSink>(),
            sp.GetRequiredService<GuardedConnector>()));
        services.TryAddSingleton<IWorkerInvoker>(sp => sp.GetRequiredService<WorkerRuntime>());
        services.TryAddSingleton<IInvocationRouter>(sp => sp.GetRequiredService<WorkerRuntime>());
        return services;
    }
}
