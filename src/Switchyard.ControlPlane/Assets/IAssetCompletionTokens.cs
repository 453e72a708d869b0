using Switchyard.Storage.Assets;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Turns the completion JWT a client puts in <c>metadata.assets.jwt</c> into the manifest to deploy. The token
/// must be valid, unexpired, issued to <paramref name="accountId"/> for an upload session of the script being deployed
/// (<paramref name="scriptName"/>, in <paramref name="dispatchNamespace"/> or at account level), and every file it names
/// must have been uploaded. Throws <see cref="Api.ApiException"/> (400) otherwise.
/// </summary>
public interface IAssetCompletionTokens
{
    Task<IReadOnlyDictionary<string, StoredAsset>> RedeemAsync(string accountId, string? dispatchNamespace, string scriptName, string jwt,
        CancellationToken ct = default);
}
