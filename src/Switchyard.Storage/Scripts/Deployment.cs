namespace Switchyard.Storage.Scripts;

/// <summary>Which versions serve a script's traffic, from <see cref="CreatedOn"/> on. The newest deployment is live.</summary>
public sealed record Deployment(
    string Id,
    string ScriptId,
    DateTimeOffset CreatedOn,
    string Source,
    string? AuthorEmail,
    string Strategy,
    IReadOnlyList<DeploymentVersion> Versions,
    IReadOnlyDictionary<string, string> Annotations);

public sealed record DeploymentVersion(string VersionId, int Percentage);
