using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Cloudflare's Direct Uploads example, in the multipart shape its program sends: the module appended under the field
/// "index.js" as a File named "index.mjs", with main_module "index.mjs" and the assets' completion token; for an
/// account script and a namespace script, and the result requested from the edge.
/// </summary>
public sealed class DirectUploadProgramTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Code = "export default { async fetch(request, env) { return new Response('worker: ' + new URL(request.url).pathname); } };";

    private static MultipartFormDataContent DocsForm(string completionJwt)
    {
        var form = new MultipartFormDataContent();
        var metadata = JsonSerializer.Serialize(new
        {
            main_module = "index.mjs",
            assets = new { jwt = completionJwt },
            compatibility_date = "2025-06-01",
        });
        form.Add(new StringContent(metadata), "metadata");
        var module = new ByteArrayContent(Encoding.UTF8.GetBytes(Code));
        module.Headers.ContentType = new MediaTypeHeaderValue("application/javascript+module");
        form.Add(module, "index.js", "index.mjs");
        return form;
    }

    [Fact]
    public async Task An_account_script_deploys_and_serves_its_worker_and_assets()
    {
        var files = new List<AssetFile> { new("/index.html", "<h1>direct upload</h1>") };
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, script: "direct-upload");
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);

        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/direct-upload", DocsForm(completion))).AssertOk()!;
        Assert.Equal("direct-upload", (string?)result["id"]);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/direct-upload/subdomain", new { enabled = true })).AssertOk();

        async Task<string> GetAsync(string path)
        {
            using var response = await server.GetEdgeAsync("direct-upload.dev.workers.localhost", path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        Assert.Equal("<h1>direct upload</h1>", await GetAsync("/"));
        Assert.Equal("worker: /api", await GetAsync("/api"));
    }

    [Fact]
    public async Task A_namespace_script_deploys_with_the_same_shape()
    {
        var ns = await server.CreateNamespaceAsync();
        var files = new List<AssetFile> { new("/index.html", "<h1>namespaced direct upload</h1>") };
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, ns, "direct-ns");
        var completion = await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);

        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/direct-ns", DocsForm(completion))).AssertOk();
        var live = await server.LiveAsync(ns, "direct-ns");
        Assert.Equal("index.mjs", live.Version.Content.MainModule);
        Assert.Equal(["index.mjs"], live.Version.Content.Modules.Select(m => m.Name));
        Assert.Contains("/index.html", live.Assets.Keys);
    }
}
