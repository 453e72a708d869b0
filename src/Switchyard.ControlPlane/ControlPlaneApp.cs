using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchyard.ControlPlane.Accounts;
using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Assets;
using Switchyard.ControlPlane.Auth;
using Switchyard.ControlPlane.Blobs;
using Switchyard.Storage.Secrets;
using Switchyard.ControlPlane.Kv;
using Switchyard.ControlPlane.Namespaces;
using Switchyard.ControlPlane.Scripts;
using Switchyard.ControlPlane.Zones;

namespace Switchyard.ControlPlane;

/// <summary>
/// The control plane's routes under <c>/client/v4</c>. The host owns Kestrel and storage; this class only adds the
/// API's services and maps each endpoint family, all behind the token filter except asset uploads, which
/// authenticate with the upload session's JWT.
/// </summary>
public static class ControlPlaneApp
{
    public const string BasePath = "/client/v4";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<ApiTokenFilter>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new AssetUploadOptions());
        services.AddSingleton(sp => new AssetTokens(
            new HmacJwt(sp.GetRequiredService<IServerSecrets>().GetOrCreate(AssetTokens.SigningKeyName, 32)),
            sp.GetRequiredService<AssetUploadOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AssetUploads>();
        services.AddSingleton<AssetUploadTokenFilter>();
        services.AddSingleton<IAssetCompletionTokens, AssetCompletionTokens>();
        services.AddHostedService<KvExpirySweeper>();
        services.TryAddSingleton(new BlobCollectionOptions());
        services.AddHostedService<BlobCollectionService>();
        services.AddSingleton<ScriptDeployer>();
        // The host registers the one hub its runtime publishes to; alone, the control plane has its own.
        services.TryAddSingleton(_ => new Switchyard.Observability.Tail.TailHub());
    }

    public static void Map(WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.MapGet("/healthz", () => Results.Text("ok"));
        Tails.TailEndpoints.MapSocket(app);

        var api = app.MapGroup(BasePath);
        var authenticated = api.MapGroup("").AddEndpointFilter<ApiTokenFilter>();
        var account = authenticated.MapGroup("/accounts/{account_id}");

        AccountEndpoints.Map(authenticated);
        AssetUploadSessionEndpoints.Map(account);

        var assetUploads = api.MapGroup("/accounts/{account_id}/workers/assets").AddEndpointFilter<AssetUploadTokenFilter>();
        AssetUploadEndpoints.Map(assetUploads);
        KvEndpoints.Map(account);
        NamespaceEndpoints.Map(account);
        ScriptEndpoints.Map(account);
        SubdomainEndpoints.MapAccount(account);
        ZoneEndpoints.Map(authenticated);
    }
}
