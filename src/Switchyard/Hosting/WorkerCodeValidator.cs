using Switchyard.ControlPlane.Scripts;
using Switchyard.Runtime.Invocation;
using Switchyard.Storage.Scripts;

namespace Switchyard.Hosting;

/// <summary>The control plane's upload validation, run by the edge's Workers runtime (one runtime per process).</summary>
internal sealed class WorkerCodeValidator(Func<WorkerRuntime> runtime) : IWorkerCodeValidator
{
    public Task<string?> ValidateAsync(string accountId, string scriptName, VersionContent candidate,
        IReadOnlyDictionary<string, byte[]> modules, CancellationToken ct) =>
        runtime().ValidateAsync(accountId, scriptName, candidate, modules, ct);
}
