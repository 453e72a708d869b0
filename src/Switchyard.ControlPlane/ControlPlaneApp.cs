using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.ControlPlane.Accounts;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Namespaces;
using Switchyard.ControlPlane.Scripts;
using Switchyard.ControlPlane.Zones;

namespace Switchyard.ControlPlane;

/// <summary>
/// The control plane's routes under <c>/client/v4</c>. The host owns Kestrel and storage; this class only adds the
/// API's services and maps each endpoint family, all behind the token filter.
/// </summary>
public static class ControlPlaneApp
{
    public const string BasePath = "/client/v4";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ApiTokenFilter>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ScriptDeployer>();
    }

    public static void Map(WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.MapGet("/healthz", () => Results.Text("ok"));

        var api = app.MapGroup(BasePath);
        var authenticated = api.MapGroup("").AddEndpointFilter<ApiTokenFilter>();
        var account = authenticated.MapGroup("/accounts/{account_id}");

        AccountEndpoints.Map(authenticated);
        NamespaceEndpoints.Map(account);
        ScriptEndpoints.Map(account);
        SubdomainEndpoints.MapAccount(account);
        ZoneEndpoints.Map(authenticated);
    }
}
