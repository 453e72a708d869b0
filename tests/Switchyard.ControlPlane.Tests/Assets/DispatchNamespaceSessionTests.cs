using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.ControlPlane.Assets;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Assets;

/// <summary>Upload sessions for scripts in a dispatch namespace (wrangler deploy --dispatch-namespace).</summary>
public sealed class DispatchNamespaceSessionTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Session_in_an_existing_namespace_works_like_an_account_level_one()
    {
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/dispatch/namespaces", new { name = "assets-ns" }))
            .AssertOk();
        var files = new List<AssetFile> { new("/ns/index.html", "<p>namespaced</p>") };

        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, dispatchNamespace: "assets-ns");
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);

        var manifest = await server.Server.ApiServices.GetRequiredService<IAssetCompletionTokens>().RedeemAsync(TestServer.AccountId, "assets-ns", "site", completion);
        Assert.Equal(files[0].Hash, manifest["/ns/index.html"].Hash);
    }

    [Fact]
    public async Task Session_in_an_unknown_namespace_is_404()
    {
        var before = AssetFlow.Counts(server);
        var response = await server.Api.SendJsonAsync(HttpMethod.Post,
            AssetFlow.SessionPath(server.AccountPath, dispatchNamespace: "no-such-namespace"), AssetFlow.Manifest([]));
        Assert.Contains("no-such-namespace", response.AssertError(HttpStatusCode.NotFound, 100119));
        Assert.Equal(before, AssetFlow.Counts(server));
    }
}
