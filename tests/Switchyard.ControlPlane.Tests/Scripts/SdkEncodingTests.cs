using System.Net;
using System.Text;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// The Cloudflare SDK's default upload encoding (contract §9): a multipart body labelled <c>application/javascript</c>,
/// bracketed <c>metadata[…]</c> fields and <c>files[]</c> parts matched to <c>main_module</c> by file name.
/// </summary>
public sealed class SdkEncodingTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Bracketed_metadata_and_files_parts_deploy_like_the_wrangler_layout()
    {
        var ns = await server.CreateNamespaceAsync("sdk");
        var kvId = await server.CreateKvNamespaceAsync();
        var fields = new (string, string)[]
        {
            ("metadata[main_module]", "worker.js"),
            ("metadata[bindings][][type]", "plain_text"),
            ("metadata[bindings][][name]", "GREETING"),
            ("metadata[bindings][][text]", "hello"),
            ("metadata[bindings][][name]", "MY_KV"),
            ("metadata[bindings][][type]", "kv_namespace"),
            ("metadata[bindings][][namespace_id]", kvId),
            ("metadata[compatibility_date]", "2025-06-01"),
            ("metadata[compatibility_flags][]", "nodejs_compat"),
            ("metadata[compatibility_flags][]", "streams_enable_constructors"),
            ("metadata[tags][]", "sdk"),
            ("metadata[limits][cpu_ms]", "50"),
            ("metadata[observability][enabled]", "true"),
        };
        var body = await ScriptUploads.SdkDefault(fields, TestModule.Esm("worker.js", ScriptUploads.HelloWorker));
        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/sdk-worker", body)).AssertOk()!;
        Assert.Equal(["fetch"], result["handlers"]!.AsArray().Select(h => (string?)h));
        Assert.Equal(["sdk"], result["tags"]!.AsArray().Select(h => (string?)h));
        Assert.True((bool)result["observability"]!["enabled"]!);

        var content = (await server.LiveAsync(ns, "sdk-worker")).Version.Content;
        Assert.Equal("worker.js", content.MainModule);
        Assert.Equal(["nodejs_compat", "streams_enable_constructors"], content.CompatibilityFlags);
        Assert.Equal(50, content.CpuMs);
        Assert.Equal(new WorkerBinding[]
        {
            new PlainTextBinding("GREETING", "hello"),
            new KvNamespaceBinding("MY_KV", kvId),
        }, content.Bindings);
        Assert.Equal(ScriptUploads.HelloWorker, Encoding.UTF8.GetString((await server.Server.Storage.Blobs.ReadAllAsync(content.Modules[0].BlobKey))!));
    }

    [Fact]
    public async Task Json_metadata_file_with_files_parts_is_accepted()
    {
        var ns = await server.CreateNamespaceAsync("sdk");
        var form = new MultipartFormDataContent();
        var metadata = new ByteArrayContent("{\"main_module\":\"worker.js\"}"u8.ToArray());
        metadata.Headers.ContentType = new("application/json");
        form.Add(metadata, "metadata", "blob");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ScriptUploads.HelloWorker));
        file.Headers.ContentType = new("application/javascript+module");
        form.Add(file, "files[]", "worker.js");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/json-meta", form)).AssertOk();
    }

    [Fact]
    public async Task Main_module_must_match_a_files_part_by_file_name()
    {
        var ns = await server.CreateNamespaceAsync("sdk");
        var before = StorageSnapshot.Take(server);
        var body = await ScriptUploads.SdkDefault([("metadata[main_module]", "index.js")], TestModule.Esm("worker.js", ScriptUploads.HelloWorker));
        var message = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/mismatch", body))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Contains("'index.js' names no uploaded part", message);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Malformed_bracketed_fields_are_refused()
    {
        var ns = await server.CreateNamespaceAsync("sdk");
        var before = StorageSnapshot.Take(server);
        foreach (var fields in new[]
                 {
                     new[] { ("metadata[main_module", "worker.js") },
                     new[] { ("metadata[main_module]", "worker.js"), ("metadata[main_module]", "other.js") },
                     new[] { ("metadata[]", "worker.js") },
                 })
        {
            var body = await ScriptUploads.SdkDefault(fields, TestModule.Esm("worker.js", ScriptUploads.HelloWorker));
            (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/malformed", body))
                .AssertError(HttpStatusCode.BadRequest, 10021);
        }
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task A_bare_service_worker_script_is_accepted_as_the_oldest_api_did()
    {
        var code = "addEventListener('fetch', e => e.respondWith(new Response('bare')));";
        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/bare-sw",
            ScriptUploads.Raw(code, "application/javascript"))).AssertOk()!;
        Assert.Equal(["fetch"], result["handlers"]!.AsArray().Select(h => (string?)h));
        using var download = await server.Api.GetAsync($"{server.AccountPath}/workers/scripts/bare-sw");
        Assert.Equal(code, await download.Content.ReadAsStringAsync());
    }
}
