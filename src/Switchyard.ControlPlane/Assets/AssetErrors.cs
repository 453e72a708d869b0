using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Refusals of the asset flow. Cloudflare answers asset and script-upload validation failures with 10021, the code
/// whose message wrangler shows as is; malformed JSON keeps the API-wide 10026 and authentication 10000.
/// </summary>
public static class AssetErrors
{
    public const int InvalidCode = 10021;

    public static ApiException Invalid(string message) => ApiException.BadRequest(InvalidCode, message);
}
