using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Accounts;

namespace Switchyard.ControlPlane.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> and, on routes with an <c>{account_id}</c>, refuses tokens
/// of other accounts. Error shapes follow Cloudflare: missing header 400/9106, unknown token 401/10000,
/// another account 403/10000.
/// </summary>
public sealed class ApiTokenFilter(IAccountStore accounts) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            throw ApiException.BadRequest(9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            throw ApiException.BadRequest(6111, "Invalid format for Authorization header");

        var token = await accounts.FindActiveTokenAsync(header[7..].Trim(), http.RequestAborted) ?? throw ApiException.Unauthorized("Invalid API Token");
        var account = await accounts.GetAsync(token.AccountId, http.RequestAborted) ?? throw ApiException.Unauthorized("Invalid API Token");

        if (http.Request.RouteValues.TryGetValue("account_id", out var routeAccount) && (string?)routeAccount != account.Id)
            throw ApiException.Forbidden();

        http.SetApiCaller(new ApiCaller(token, account));
        return await next(invocation);
    }
}
