namespace Switchyard.Storage.Scripts;

/// <summary>
/// Scripts, their immutable versions and their deployments, for the control plane. Every write is one transaction:
/// module and manifest blobs are written by the caller beforehand, so a crash leaves the previous state intact.
/// Asynchronous: on a shared database every call is a network round trip (the edge reads deployed workers through
/// <see cref="IWorkerDirectory"/>, kept in memory between changes).
/// </summary>
public interface IScriptStore
{
    Task<WorkerScript?> FindAsync(ScriptOwner owner, string name, CancellationToken ct = default);

    /// <summary>Scripts of an account (or namespace) matching <paramref name="filter"/>, by name, after <paramref name="after"/>.</summary>
    Task<ScriptPage> ListAsync(ScriptOwner owner, TagFilter filter, int limit, string? after, CancellationToken ct = default);

    Task<ScriptVersion?> GetVersionAsync(string scriptId, string versionId, CancellationToken ct = default);

    /// <summary>The script's versions, newest first.</summary>
    Task<IReadOnlyList<ScriptVersion>> ListVersionsAsync(string scriptId, CancellationToken ct = default);

    /// <summary>The script's deployments, newest (live) first.</summary>
    Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(string scriptId, CancellationToken ct = default);

    /// <summary>
    /// Adds a version in one transaction: <see cref="VersionCommit.Build"/> runs inside it with the live version (null for
    /// a new script), so derived versions (kept secrets, inherited bindings) never lose a concurrent change; whatever it
    /// throws rolls everything back. Returns null when the script does not exist and may not be created.
    /// </summary>
    Task<VersionCommitResult?> CommitAsync(ScriptOwner owner, string name, VersionCommit commit, CancellationToken ct = default);

    /// <summary>Sends all traffic of a script to one of its versions; null when the version is not the script's.</summary>
    Task<Deployment?> DeployAsync(string scriptId, string versionId, string source, string? author, IReadOnlyDictionary<string, string> annotations,
        CancellationToken ct = default) =>
        DeployAsync(scriptId, [new DeploymentVersion(versionId, 100)], source, author, annotations, ct);

    /// <summary>
    /// Splits a script's traffic across its versions by percentage (a gradual deployment; the shares sum to 100); null
    /// when a version is not the script's. The version with the largest share becomes the script's active version.
    /// </summary>
    Task<Deployment?> DeployAsync(string scriptId, IReadOnlyList<DeploymentVersion> versions, string source, string? author,
        IReadOnlyDictionary<string, string> annotations, CancellationToken ct = default);

    /// <summary>Applies script-level settings (tags replace the previous set); null when the script is gone.</summary>
    Task<WorkerScript?> UpdateSettingsAsync(string scriptId, ScriptSettingsPatch patch, CancellationToken ct = default);

    /// <summary>Turns the script's <c>&lt;script&gt;.&lt;subdomain&gt;</c> address and its preview URLs on or off.</summary>
    Task<WorkerScript?> SetSubdomainAsync(string scriptId, bool enabled, bool previewsEnabled, CancellationToken ct = default);

    Task<bool> DeleteAsync(string scriptId, CancellationToken ct = default);

    /// <summary>Deletes every script of the owner matching a non-empty filter; returns their names.</summary>
    Task<IReadOnlyList<string>> DeleteMatchingAsync(ScriptOwner owner, TagFilter filter, CancellationToken ct = default);

    /// <summary>Names of the account's scripts whose live version has a service binding to <paramref name="service"/>.</summary>
    Task<IReadOnlyList<string>> FindServiceBindingsToAsync(string accountId, string service, CancellationToken ct = default);

    /// <summary>
    /// (script, dispatch namespace) of the account's scripts whose live version has a dispatch namespace binding with
    /// <paramref name="service"/> as its outbound worker.
    /// </summary>
    Task<IReadOnlyList<(string Script, string Namespace)>> FindDispatchOutboundsToAsync(string accountId, string service,
        CancellationToken ct = default);
}

/// <summary>How to add a version; see <see cref="IScriptStore.CommitAsync"/>.</summary>
/// <param name="Source">Client that made the change (<c>wrangler</c>, <c>api</c>), kept as <c>last_deployed_from</c>.</param>
/// <param name="Build">Produces the new version's content from the live version (null when the script is new).</param>
/// <param name="CreateScript">Create the script if it does not exist (script upload); otherwise it must exist.</param>
/// <param name="Deploy">Send all traffic to the new version; false for version uploads that deploy later.</param>
/// <param name="Settings">Script-level settings carried by the upload.</param>
/// <param name="DeploymentAnnotations">Annotations of the deployment (<c>workers/message</c>, ...).</param>
public sealed record VersionCommit(
    string Source,
    Func<ScriptVersion?, VersionContent> Build,
    bool CreateScript,
    bool Deploy,
    ScriptSettingsPatch? Settings = null,
    IReadOnlyDictionary<string, string>? DeploymentAnnotations = null,
    string? Author = null);

public sealed record VersionCommitResult(WorkerScript Script, ScriptVersion Version, Deployment? Deployment, bool Created);
