using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Assets;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Redeems completion tokens at deploy time: the token must verify, be unexpired, be a completion token of the
/// deploying account, and name a live session whose manifest it was issued for, opened for the script being deployed
/// (a token cannot deploy its assets to another script or namespace of the account); every file of that manifest
/// must have been uploaded by the same account. Content types are resolved here (upload, else path extension).
/// </summary>
public sealed class AssetCompletionTokens(AssetTokens tokens, IAssetStore store) : IAssetCompletionTokens
{
    public async Task<IReadOnlyDictionary<string, StoredAsset>> RedeemAsync(string accountId, string? dispatchNamespace, string scriptName, string jwt,
        CancellationToken ct = default)
    {
        AssetTokenClaims claims;
        try
        {
            claims = tokens.Validate(jwt, AssetTokenKind.Completion, accountId);
        }
        catch (JwtException e)
        {
            throw AssetErrors.Invalid(e.Message);
        }

        var session = await store.GetSessionAsync(accountId, claims.SessionId, ct)
                      ?? throw AssetErrors.Invalid("The asset upload session of the completion token has expired");
        if (UploadManifest.Digest(session.Manifest) != claims.ManifestDigest)
            throw AssetErrors.Invalid("The asset completion token does not match its upload session's manifest");
        if (session.ScriptName != scriptName || session.DispatchNamespace != dispatchNamespace)
            throw AssetErrors.Invalid($"The asset completion token is for {Describe(session.DispatchNamespace, session.ScriptName)}, "
                + $"not {Describe(dispatchNamespace, scriptName)}: open an upload session for the script you deploy");

        var stored = await store.GetAsync(accountId, session.Manifest.Values.Select(e => e.Hash).Distinct().ToList(), ct);
        var missing = session.Manifest.Where(f => !stored.ContainsKey(f.Value.Hash)).ToList();
        if (missing.Count > 0)
            throw AssetErrors.Invalid($"{missing.Count} asset file(s) were never uploaded, e.g. "
                + string.Join(", ", missing.Take(5).Select(f => $"{f.Key} ({f.Value.Hash})")));
        // Two sessions racing with one hash and different sizes: the first upload won, the other manifest is wrong.
        if (session.Manifest.FirstOrDefault(f => stored[f.Value.Hash].Size != f.Value.Size) is { Key: not null } wrong)
            throw AssetErrors.Invalid(
                $"{wrong.Key} ({wrong.Value.Hash}) was uploaded with {stored[wrong.Value.Hash].Size} bytes, not {wrong.Value.Size}");

        var assets = new SortedDictionary<string, StoredAsset>(StringComparer.Ordinal);
        foreach (var (path, entry) in session.Manifest)
        {
            var file = stored[entry.Hash];
            assets[path] = file with { ContentType = ContentTypes.Resolve(file.ContentType, path) };
        }
        return assets;
    }

    private static string Describe(string? dispatchNamespace, string scriptName) =>
        dispatchNamespace is null ? $"the script '{scriptName}'" : $"the script '{scriptName}' in dispatch namespace '{dispatchNamespace}'";
}
