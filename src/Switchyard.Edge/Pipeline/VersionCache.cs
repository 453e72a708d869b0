using System.Runtime.CompilerServices;
using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Pipeline;

/// <summary>
/// The compiled form (routing rules parsed) of each version the directory hands out. The directory keeps loaded
/// versions by id (<see cref="VersionCachingDirectory"/>); a compiled form lives exactly as long as its
/// <see cref="DeployedVersion"/>, so this holds no cache policy of its own.
/// </summary>
public sealed class VersionCache(IWorkerDirectory directory)
{
    private readonly ConditionalWeakTable<DeployedVersion, LoadedVersion> _compiled = new();

    /// <summary>The version with this id, or null when it no longer exists (deleted between lookup and load).</summary>
    public async Task<LoadedVersion?> GetAsync(string versionId)
    {
        // Not the request's token: a load shared by several requests must not fail because the first one went away.
        var deployed = await directory.LoadAsync(versionId, CancellationToken.None);
        return deployed is null ? null : Get(deployed);
    }

    /// <summary>The compiled form of a loaded version (the assets binding gets versions from the runtime).</summary>
    public LoadedVersion Get(DeployedVersion deployed) => _compiled.GetValue(deployed, LoadedVersion.Compile);
}
