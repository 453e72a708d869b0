using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Scripts;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Server;

namespace Switchyard.Hosting;

/// <summary>
/// The control plane's upload validation, run where workers run: in a worker host when the server has them (an upload's
/// code never runs in the server then), else by the edge's Workers runtime.
/// </summary>
internal sealed class WorkerCodeValidator(Func<IServiceProvider> edge) : IWorkerCodeValidator
{
    public Task<string?> ValidateAsync(string accountId, string scriptName, VersionContent candidate,
        IReadOnlyDictionary<string, byte[]> modules, CancellationToken ct) =>
        edge().GetService<HostedWorkers>() is { } hosts
            ? hosts.ValidateAsync(accountId, scriptName, candidate, modules, ct)
            : edge().GetRequiredService<WorkerRuntime>().ValidateAsync(accountId, scriptName, candidate, modules, ct);
}
