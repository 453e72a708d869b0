using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Assets;

namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Authenticates asset uploads by <c>Authorization: Bearer &lt;upload JWT&gt;</c> (clients send it instead of their API
/// token) and loads the session it names. Missing, malformed, forged, expired or finished tokens: 401; a token of
/// another account than the route's: 403.
/// </summary>
public sealed class AssetUploadTokenFilter(AssetTokens tokens, IAssetStore store) : IEndpointFilter
{
    private const string SessionKey = "switchyard.asset-upload-session";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var accountId = (string)http.Request.RouteValues["account_id"]!;
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            throw ApiException.Unauthorized(
                "Asset uploads need Authorization: Bearer <jwt>, with the jwt returned by the assets-upload-session request");

        AssetTokenClaims claims;
        try
        {
            claims = tokens.Validate(header[7..].Trim(), AssetTokenKind.Upload, accountId);
        }
        catch (JwtException e)
        {
            throw e.Failure == JwtFailure.WrongAccount ? ApiException.Forbidden(e.Message) : ApiException.Unauthorized(e.Message);
        }

        var session = await store.GetSessionAsync(accountId, claims.SessionId, http.RequestAborted)
                      ?? throw ApiException.Unauthorized("The asset upload session of this token has expired; start a new one");
        http.Items[SessionKey] = session;
        return await next(invocation);
    }

    /// <summary>The session the request's upload token named; only endpoints behind this filter may ask.</summary>
    public static AssetUploadSession SessionOf(HttpContext context) =>
        context.Items[SessionKey] as AssetUploadSession ?? throw new InvalidOperationException("endpoint is not behind AssetUploadTokenFilter");
}
