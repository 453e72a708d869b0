namespace Switchyard.Storage.Scripts;

/// <summary>
/// Scripts, their immutable versions and their deployments, for the control plane. Every write is one transaction:
/// module and manifest blobs are written by the caller beforehand, so a crash leaves the previous state intact.
/// </summary>
public interface IScriptStore
{
    WorkerScript? Find(ScriptOwner owner, string name);

    /// <summary>Scripts of an account (or namespace) matching <paramref name="filter"/>, by name, after <paramref name="after"/>.</summary>
    ScriptPage List(ScriptOwner owner, TagFilter filter, int limit, string? after);

    ScriptVersion? GetVersion(string scriptId, string versionId);

    /// <summary>The script's versions, newest first.</summary>
    IReadOnlyList<ScriptVersion> ListVersions(string scriptId);

    /// <summary>The script's deployments, newest (live) first.</summary>
    IReadOnlyList<Deployment> ListDeployments(string scriptId);

    /// <summary>
    /// Adds a version in one transaction: <see cref="VersionCommit.Build"/> runs inside it with the live version (null for
    /// a new script), so derived versions (kept secrets, inherited bindings) never lose a concurrent change; whatever it
    /// throws rolls everything back. Returns null when the script does not exist and may not be created.
    /// </summary>
    VersionCommitResult? Commit(ScriptOwner owner, string name, VersionCommit commit);

    /// <summary>Sends all traffic of a script to one of its versions; null when the version is not the script's.</summary>
    Deployment? Deploy(string scriptId, string versionId, string source, string? author, IReadOnlyDictionary<string, string> annotations) =>
        Deploy(scriptId, [new DeploymentVersion(versionId, 100)], source, author, annotations);

    /// <summary>
    /// Splits a script's traffic across its versions by percentage (a gradual deployment; the shares sum to 100); null
    /// when a version is not the script's. The version with the largest share becomes the script's active version.
    /// </summary>
    Deployment? Deploy(string scriptId, IReadOnlyList<DeploymentVersion> versions, string source, string? author,
        IReadOnlyDictionary<string, string> annotations);

    /// <summary>Applies script-level settings (tags replace the previous set); null when the script is gone.</summary>
    WorkerScript? UpdateSettings(string scriptId, ScriptSettingsPatch patch);

    /// <summary>Turns the script's <c>&lt;script&gt;.&lt;subdomain&gt;</c> address and its preview URLs on or off.</summary>
    WorkerScript? SetSubdomain(string scriptId, bool enabled, bool previewsEnabled);

    bool Delete(string scriptId);

    /// <summary>Deletes every script of the owner matching a non-empty filter; returns their names.</summary>
    IReadOnlyList<string> DeleteMatching(ScriptOwner owner, TagFilter filter);

    /// <summary>Names of the account's scripts whose live version has a service binding to <paramref name="service"/>.</summary>
    IReadOnlyList<string> FindServiceBindingsTo(string accountId, string service);

    /// <summary>
    /// (script, dispatch namespace) of the account's scripts whose live version has a dispatch namespace binding with
    /// <paramref name="service"/> as its outbound worker.
    /// </summary>
    IReadOnlyList<(string Script, string Namespace)> FindDispatchOutboundsTo(string accountId, string service);
}

/// <summary>How to add a version; see <see cref="IScriptStore.Commit"/>.</summary>
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
