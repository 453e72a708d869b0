using System.Collections.Concurrent;
using System.Text;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Ipc;
using Switchyard.WorkerHosts.Protocol;

namespace Switchyard.WorkerHosts.Host;

/// <summary>
/// A worker host's view of the worker directory: the versions the server sends it to run, kept (versions never
/// change): sent with their first invocation here, or fetched by id when not kept. It resolves no scripts by name: binding calls are resolved by the server
/// (<see cref="ChannelBindingCalls"/>), so the runtime here never looks one up.
/// </summary>
internal sealed class ChannelVersions(HostChannel channel) : IWorkerDirectory
{
    // Kept while the host lives, bounded: a version no longer sent is fetched again if it ever is.
    private const int MaxKept = 20_000;
    private readonly ConcurrentDictionary<string, Task<DeployedVersion?>> _versions = new(StringComparer.Ordinal);

    public WorkerRef? FindBySubdomain(string accountSubdomain, string scriptName) => null;
    public WorkerRef? FindOnSubdomainAccount(string accountSubdomain, string scriptName) => null;
    public WorkerRef? FindAccountScript(string accountId, string scriptName) => null;
    public WorkerRef? FindNamespaceScript(string accountId, string namespaceName, string scriptName) => null;

    public Task<DeployedVersion?> LoadAsync(string versionId, CancellationToken ct = default)
    {
        if (_versions.TryGetValue(versionId, out Task<DeployedVersion?>? known) && !known.IsFaulted) return known.WaitAsync(ct);
        if (_versions.Count >= MaxKept) _versions.Clear();
        Task<DeployedVersion?> load = _versions[versionId] = FetchAsync(versionId);
        return load.WaitAsync(ct);
    }

    /// <summary>Keeps a version the server sent with its first invocation here.</summary>
    public DeployedVersion Remember(DeployedVersion version)
    {
        if (_versions.Count >= MaxKept) _versions.Clear();
        _versions[version.Version.Id] = Task.FromResult<DeployedVersion?>(version);
        return version;
    }

    private async Task<DeployedVersion?> FetchAsync(string versionId)
    {
        var (head, _) = await PlainCall.SendAsync(channel, HostMethods.Version, Encoding.UTF8.GetBytes(versionId)).ConfigureAwait(false);
        return WireJson.Read<DeployedVersion>(head);
    }
}
