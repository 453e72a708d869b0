using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;

namespace Switchyard.ControlPlane.Accounts;

/// <summary>
/// Identity endpoints wrangler uses for account discovery (<c>whoami</c>, and any command run without
/// CLOUDFLARE_ACCOUNT_ID): token verification, the user, accounts and memberships, page-paginated.
/// </summary>
public static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user/tokens/verify", (HttpContext ctx) =>
        {
            var token = ctx.ApiCaller().Token;
            return ApiResults.Ok(new { id = token.Id, status = "active" });
        });

        api.MapGet("/user", (HttpContext ctx) =>
        {
            var caller = ctx.ApiCaller();
            return ApiResults.Ok(new
            {
                id = caller.Token.Id,
                email = $"{caller.Token.Name}@{caller.Account.Subdomain}.switchyard.local",
                has_pro_zones = false,
                suspended = false,
            });
        });

        api.MapGet("/accounts", (HttpContext ctx, int? page, int? per_page) =>
        {
            var account = ctx.Account();
            return Paging.Page([new { id = account.Id, name = account.Name, type = "standard", created_on = account.CreatedOn }], page, per_page);
        });

        api.MapGet("/accounts/{account_id}", (HttpContext ctx) =>
        {
            var account = ctx.Account();
            return ApiResults.Ok(new { id = account.Id, name = account.Name, type = "standard", created_on = account.CreatedOn });
        });

        api.MapGet("/memberships", (HttpContext ctx, int? page, int? per_page) =>
        {
            var caller = ctx.ApiCaller();
            return Paging.Page([new
            {
                id = caller.Token.Id,
                status = "accepted",
                account = new { id = caller.Account.Id, name = caller.Account.Name },
                roles = new[] { "Administrator" },
            }], page, per_page);
        });
    }
}
