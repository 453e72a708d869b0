using Switchyard.ControlPlane.Api;
using Switchyard.Storage.Accounts;

namespace Switchyard.ControlPlane.Auth;

/// <summary>Who made an API call: the token presented and the account it belongs to.</summary>
public sealed record ApiCaller(ApiToken Token, Account Account);

public static class ApiCallerExtensions
{
    private const string Key = "switchyard.api-caller";

    public static void SetApiCaller(this HttpContext context, ApiCaller caller) => context.Items[Key] = caller;

    /// <summary>The authenticated caller; only endpoints behind <see cref="ApiTokenFilter"/> may ask.</summary>
    public static ApiCaller ApiCaller(this HttpContext context) =>
        context.Items[Key] as ApiCaller ?? throw new InvalidOperationException("endpoint is not behind ApiTokenFilter");

    /// <summary>The account named in the route, which the filter has already matched against the token.</summary>
    public static Account Account(this HttpContext context) => context.ApiCaller().Account;
}
