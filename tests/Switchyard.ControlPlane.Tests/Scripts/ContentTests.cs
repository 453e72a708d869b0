using System.Net;
using System.Text;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary><c>/content</c>: replacing only the code, and downloading it.</summary>
public sealed class ContentTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Replacing_content_keeps_bindings_and_download_returns_the_code()
    {
        var ns = await server.CreateNamespaceAsync("content");
        var path = $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/coded";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
        {
            ["bindings"] = new[] { new { name = "GREETING", type = "plain_text", text = "kept" } },
        }))).AssertOk();

        const string v2 = "export default { async scheduled() {}, async fetch() { return new Response('v2'); } };";
        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/content",
            ScriptUploads.Wrangler(new { main_module = "main.mjs" }, TestModule.Esm("main.mjs", v2)))).AssertOk()!;
        Assert.Equal(["fetch", "scheduled"], result["handlers"]!.AsArray().Select(h => (string?)h));

        using var download = await server.Api.GetAsync($"{path}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(v2, await download.Content.ReadAsStringAsync());
        Assert.Equal("main.mjs", download.Headers.GetValues("CF-Entrypoint").Single());
        Assert.Equal("application/javascript+module", download.Content.Headers.ContentType!.MediaType);

        var settings = (await server.Api.GetApiAsync($"{path}/settings")).AssertOk()!;
        Assert.Equal("kept", (string?)settings["bindings"]![0]!["text"]);
    }

    [Fact]
    public async Task Several_modules_download_as_multipart()
    {
        var name = TestNames.Unique("multi");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Wrangler(new { main_module = "index.js" },
            TestModule.Esm("index.js", "import x from './lib.js'; export default { fetch() { return new Response(x); } };"),
            TestModule.Esm("lib.js", "export default 'lib';")))).AssertOk();

        using var download = await server.Api.GetAsync(path);
        Assert.Equal("multipart/form-data", download.Content.Headers.ContentType!.MediaType);
        var boundary = download.Content.Headers.ContentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, await download.Content.ReadAsStreamAsync());
        var names = new List<string>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            names.Add(Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name.Value!.Trim('"'));
            Assert.Equal("application/javascript+module", section.ContentType);
        }
        Assert.Equal(["index.js", "lib.js"], names);
    }

    [Fact]
    public async Task Content_of_a_missing_script_and_bad_content_uploads_are_refused()
    {
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/no-such/content")).AssertError(HttpStatusCode.NotFound, 10007);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/no-such/content", ScriptUploads.Module()))
            .AssertError(HttpStatusCode.NotFound, 10007);

        var name = TestNames.Unique("badcontent");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/content", ScriptUploads.Wrangler(new { main_module = "gone.js" }, TestModule.Esm("index.js", "x"))))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}/content", ScriptUploads.Wrangler(new { })))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
        using var download = await server.Api.GetAsync($"{path}/content");
        Assert.Equal(ScriptUploads.HelloWorker, Encoding.UTF8.GetString(await download.Content.ReadAsByteArrayAsync()));
    }
}
