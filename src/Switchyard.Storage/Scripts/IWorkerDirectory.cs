using Switchyard.Storage.Assets;

namespace Switchyard.Storage.Scripts;

/// <summary>
/// The edge's read model of deployed workers. Lookups reflect every commit made before them and return the live
/// version id; versions are immutable, so <see cref="LoadAsync"/>'s result can be kept by
/// <see cref="WorkerRef.VersionId"/> (<see cref="VersionCachingDirectory"/>) and reloaded only for a different id.
/// </summary>
public interface IWorkerDirectory
{
    /// <summary>
    /// The account-level script <paramref name="scriptName"/> of the account whose workers subdomain is
    /// <paramref name="accountSubdomain"/>, when its <c>&lt;script&gt;.&lt;subdomain&gt;</c> address is enabled.
    /// </summary>
    WorkerRef? FindBySubdomain(string accountSubdomain, string scriptName);

    /// <summary>
    /// The account-level script <paramref name="scriptName"/> of the account whose workers subdomain is
    /// <paramref name="accountSubdomain"/>, whether or not its address is enabled: to tell a client that a worker exists
    /// but is not enabled there, rather than that none is deployed.
    /// </summary>
    WorkerRef? FindOnSubdomainAccount(string accountSubdomain, string scriptName);

    /// <summary>An account-level script by name, whatever its subdomain setting (routes and service bindings use this).</summary>
    WorkerRef? FindAccountScript(string accountId, string scriptName);

    /// <summary>A script in a dispatch namespace of the account (dynamic dispatch).</summary>
    WorkerRef? FindNamespaceScript(string accountId, string namespaceName, string scriptName);

    /// <summary>A version with its asset manifest loaded, or null when no such version exists.</summary>
    Task<DeployedVersion?> LoadAsync(string versionId, CancellationToken ct = default);
}

/// <summary>
/// A deployed script as found by name. <see cref="TrustedWorkers"/> is the namespace's flag for namespace scripts and
/// true for account-level scripts (they belong to the platform itself).
/// </summary>
public sealed record WorkerRef(
    string AccountId,
    string ScriptId,
    string ScriptName,
    string? NamespaceName,
    bool TrustedWorkers,
    string VersionId,
    IReadOnlyList<string> Tags)
{
    /// <summary>
    /// A gradual deployment's versions and their shares of traffic (percentages summing to 100); null when one version
    /// takes all of it (<see cref="VersionId"/>, which is otherwise the version with the largest share).
    /// </summary>
    public IReadOnlyList<DeploymentVersion>? Traffic { get; init; }

    /// <summary>
    /// The account-level workers whose <c>tail()</c> handler gets this script's trace events (its <c>tail_consumers</c>
    /// setting, by service name); empty for most scripts.
    /// </summary>
    public IReadOnlyList<string> TailConsumers { get; init; } = [];

    /// <summary>
    /// A reference that only names a worker (its account, namespace and script), for what is keyed by the name alone:
    /// metrics labels, a worker host's slot. It has no script id, version or tags.
    /// </summary>
    public static WorkerRef Named(string accountId, string scriptName, string? namespaceName = null) =>
        new(accountId, "", scriptName, namespaceName, false, "", []);
}

/// <summary>A version ready to run: code, bindings (secret values included), limits, and assets by <c>/path</c>.</summary>
public sealed record DeployedVersion(ScriptVersion Version, IReadOnlyDictionary<string, StoredAsset> Assets);
