namespace Switchyard.Storage.Assets;

/// <summary>
/// An asset upload announced by a manifest, for one script (in a dispatch namespace, or at account level when
/// <see cref="DispatchNamespace"/> is null). Uploads are checked against <see cref="Manifest"/> (path → entry,
/// ordinal path order); the session outlives its completion token so the token can be redeemed at deploy time.
/// </summary>
public sealed record AssetUploadSession(
    string Id,
    string AccountId,
    string? DispatchNamespace,
    string ScriptName,
    IReadOnlyDictionary<string, ManifestEntry> Manifest,
    DateTimeOffset CreatedOn,
    DateTimeOffset ExpiresOn);
