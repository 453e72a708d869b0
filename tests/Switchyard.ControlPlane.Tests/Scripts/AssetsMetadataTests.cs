using System.Net;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary><c>metadata.assets</c>: redeeming the completion token, keeping assets, and validating the config.</summary>
public sealed class AssetsMetadataTests(AssetsServer assets) : IClassFixture<AssetsServer>
{
    private TestServer Server => assets.Server;

    private static readonly object Config = new
    {
        html_handling = "auto-trailing-slash",
        not_found_handling = "single-page-application",
        run_worker_first = new[] { "/api/*", "!/api/public/*" },
        _redirects = "/old /new 301\n",
        _headers = "/*\n  X-Frame-Options: DENY\n",
    };

    private Task<DeployedVersion> LiveAsync(string name) => Server.LiveAsync(name);

    [Fact]
    public async Task The_completion_token_becomes_the_versions_manifest()
    {
        var (jwt, manifest) = await assets.UploadAsync(("/index.html", "<h1>hi</h1>", "text/html; charset=utf-8"), ("/app.js", "1", null));
        var name = TestNames.Unique("site");
        var result = (await Server.Api.SendApiAsync(HttpMethod.Put, $"{Server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module(new()
        {
            ["assets"] = new { jwt, config = Config },
            ["bindings"] = new[] { new { name = "ASSETS", type = "assets" } },
        }))).AssertOk()!;
        Assert.True((bool)result["has_assets"]!);

        var live = await LiveAsync(name);
        Assert.Equal(manifest, live.Assets);
        var config = live.Version.Content.Assets!.Config;
        Assert.Equal(("auto-trailing-slash", "single-page-application"), (config.HtmlHandling, config.NotFoundHandling));
        Assert.Equal(["/api/*", "!/api/public/*"], config.RunWorkerFirstRules);
        Assert.False(config.RunWorkerFirst);
        Assert.Equal("/old /new 301\n", config.Redirects);
        Assert.Equal("/*\n  X-Frame-Options: DENY\n", config.Headers);
    }

    [Fact]
    public async Task Assets_only_workers_have_no_modules()
    {
        var (jwt, manifest) = await assets.UploadAsync(("/index.html", "static", null));
        var name = TestNames.Unique("static");
        var result = (await Server.Api.SendApiAsync(HttpMethod.Put, $"{Server.AccountPath}/workers/scripts/{name}",
            ScriptUploads.Wrangler(new { assets = new { jwt, config = new { html_handling = "none" } }, compatibility_date = "2025-06-01" }))).AssertOk()!;
        Assert.False((bool)result["has_modules"]!);
        Assert.True((bool)result["has_assets"]!);
        var live = await LiveAsync(name);
        Assert.Null(live.Version.Content.MainModule);
        Assert.Equal(manifest, live.Assets);
        (await Server.Api.GetApiAsync($"{Server.AccountPath}/workers/scripts/{name}/content")).AssertError(HttpStatusCode.NotFound, 10007);
    }

    [Fact]
    public async Task Keep_assets_carries_the_manifest_over_and_may_change_the_config()
    {
        var (jwt, manifest) = await assets.UploadAsync(("/a.txt", "a", "text/plain"));
        var name = TestNames.Unique("keep");
        var path = $"{Server.AccountPath}/workers/scripts/{name}";
        (await Server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new() { ["assets"] = new { jwt } }))).AssertOk();
        var first = await LiveAsync(name);

        (await Server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
        {
            ["keep_assets"] = true,
            ["assets"] = new { config = new { not_found_handling = "404-page", run_worker_first = true } },
        }))).AssertOk();
        var second = await LiveAsync(name);
        Assert.NotEqual(first.Version.Id, second.Version.Id);
        Assert.Equal(first.Version.Content.Assets!.ManifestKey, second.Version.Content.Assets!.ManifestKey);
        Assert.Equal(manifest, second.Assets);
        Assert.Equal("404-page", second.Version.Content.Assets.Config.NotFoundHandling);
        Assert.True(second.Version.Content.Assets.Config.RunWorkerFirst);

        // a secret change derives a version that keeps the assets too
        (await Server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "S", text = "x", type = "secret_text" })).AssertOk();
        Assert.Equal(manifest, (await LiveAsync(name)).Assets);

        // without keep_assets or a token, the next upload has no assets
        (await Server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
        Assert.Empty((await LiveAsync(name)).Assets);
    }

    [Fact]
    public async Task The_sdk_bracketed_form_carries_assets_too()
    {
        var (jwt, manifest) = await assets.UploadAsync(("/index.html", "sdk", null));
        var ns = await Server.CreateNamespaceAsync("sdkassets");
        var body = await ScriptUploads.SdkDefault(
        [
            ("metadata[main_module]", "worker.js"), ("metadata[assets][jwt]", jwt),
            ("metadata[assets][config][html_handling]", "drop-trailing-slash"), ("metadata[assets][config][run_worker_first][]", "/api/*"),
            ("metadata[bindings][][name]", "ASSETS"), ("metadata[bindings][][type]", "assets"),
        ], TestModule.Esm("worker.js", ScriptUploads.HelloWorker));
        (await Server.Api.SendApiAsync(HttpMethod.Put, $"{Server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/site", body)).AssertOk();
        var live = await Server.LiveAsync(ns, "site");
        Assert.Equal(manifest, live.Assets);
        Assert.Equal("drop-trailing-slash", live.Version.Content.Assets!.Config.HtmlHandling);
        Assert.Equal(["/api/*"], live.Version.Content.Assets.Config.RunWorkerFirstRules);
    }

    public static TheoryData<string> InvalidConfigs => new()
    {
        """{"html_handling":"sometimes"}""",
        """{"not_found_handling":"index"}""",
        """{"run_worker_first":"yes"}""",
        """{"run_worker_first":["api/*"]}""",
        "{\"run_worker_first\":[\"/" + new string('a', 100) + "\"]}",
        "{\"run_worker_first\":[" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"/r{i}\"")) + "]}",
        "{\"_headers\":\"" + new string('h', 512 * 1024 + 1) + "\"}",
        """{"_redirects":42}""",
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task Invalid_assets_configs_are_refused_and_change_nothing(string config)
    {
        var (jwt, _) = await assets.UploadAsync(("/x.txt", "x", null));
        var before = StorageSnapshot.Take(Server);
        (await Server.Api.SendApiAsync(HttpMethod.Put, $"{Server.AccountPath}/workers/scripts/{TestNames.Unique("cfg")}",
            ScriptUploads.WranglerRaw("{\"main_module\":\"index.js\",\"assets\":{\"jwt\":\"" + jwt + "\",\"config\":" + config + "}}",
                TestModule.Esm("index.js", "export default {}"))))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(Server));
    }

    [Fact]
    public async Task A_token_the_asset_service_refuses_changes_nothing()
    {
        var before = StorageSnapshot.Take(Server);
        (await Server.Api.SendApiAsync(HttpMethod.Put, $"{Server.AccountPath}/workers/scripts/{TestNames.Unique("forged")}",
            ScriptUploads.Module(new() { ["assets"] = new { jwt = "a.forged.token" } }))).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(Server));
    }
}
