using System.Net;
using System.Text;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>Script uploads in wrangler's layout, to a dispatch namespace (flow a) and to the account (flow b).</summary>
public sealed class ScriptUploadTests(TestServer server) : IClassFixture<TestServer>
{
    private string Account => server.AccountPath;

    [Fact]
    public async Task Dispatch_deploy_follows_wranglers_existence_check_and_reads_the_version_id()
    {
        var ns = await server.CreateNamespaceAsync();
        var kvId = await server.CreateKvNamespaceAsync();
        var path = $"{Account}/workers/dispatch/namespaces/{ns}/scripts/my-worker";
        (await server.Api.GetApiAsync(path)).AssertError(HttpStatusCode.NotFound, 10092);
        (await server.Api.GetApiAsync($"{Account}/workers/scripts/my-worker/secrets")).AssertError(HttpStatusCode.NotFound, 10007);
        (await server.Api.GetApiAsync($"{Account}/workers/scripts/my-worker/settings")).AssertError(HttpStatusCode.NotFound, 10007);

        var metadata = new Dictionary<string, object?>
        {
            ["bindings"] = new object[]
            {
                new { name = "GREETING", type = "plain_text", text = "hello" },
                new { name = "CONFIG", type = "json", json = new { a = 1 } },
                new { name = "MY_KV", type = "kv_namespace", namespace_id = kvId },
            },
            ["compatibility_flags"] = new[] { "nodejs_compat" },
            ["code_update_strategy"] = new { mode = "deferred", max_delay = 300 },
            ["keep_bindings"] = new[] { "secret_text", "secret_key" },
            ["observability"] = new { enabled = true },
            ["tags"] = new[] { "customer-1", "plan:pro" },
        };
        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}?excludeScript=true&bindings_inherit=strict", ScriptUploads.Module(metadata))).AssertOk()!;
        foreach (var field in new[] { "id", "tag", "etag", "created_on", "modified_on", "usage_model", "last_deployed_from", "deployment_id" })
            Assert.False(string.IsNullOrEmpty((string?)result[field]), field);
        Assert.Equal("my-worker", (string?)result["id"]);
        Assert.Equal(["fetch"], result["handlers"]!.AsArray().Select(h => (string?)h));
        Assert.True((bool)result["has_modules"]!);
        Assert.False((bool)result["has_assets"]!);
        Assert.Equal("2025-06-01", (string?)result["compatibility_date"]);
        Assert.Equal(["nodejs_compat"], result["compatibility_flags"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(["customer-1", "plan:pro"], result["tags"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(0, (int)result["startup_time_ms"]!);

        var got = (await server.Api.GetApiAsync(path)).AssertOk()!;
        Assert.Equal(ns, (string?)got["dispatch_namespace"]);
        Assert.Equal((string?)result["tag"], (string?)got["script"]!["tag"]);

        var deployed = await server.LiveAsync(ns, "my-worker");
        Assert.Equal((string?)result["deployment_id"], deployed.Version.Id);
        Assert.Equal(["GREETING", "CONFIG", "MY_KV"], deployed.Version.Content.Bindings.Select(b => b.Name));
        Assert.Equal(ScriptUploads.HelloWorker, Encoding.UTF8.GetString((await server.Server.Storage.Blobs.ReadAllAsync(deployed.Version.Content.Modules[0].BlobKey))!));
    }

    [Fact]
    public async Task Account_deploy_is_seen_by_the_services_and_workers_resources()
    {
        var name = TestNames.Unique("svc");
        (await server.Api.GetApiAsync($"{Account}/workers/services/{name}")).AssertError(HttpStatusCode.NotFound, 10090);
        (await server.Api.GetApiAsync($"{Account}/workers/workers/{name}")).AssertError(HttpStatusCode.NotFound, 10007);
        (await server.Api.GetApiAsync($"{Account}/workers/scripts/{name}/deployments")).AssertError(HttpStatusCode.NotFound, 10007);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Account}/workers/scripts/{name}?excludeScript=true&bindings_inherit=strict")
        {
            Content = ScriptUploads.Module(new() { ["tags"] = new[] { "t1" } }),
        };
        request.Headers.UserAgent.ParseAdd("wrangler/4.164.0");
        using var response = await server.Api.SendAsync(request);
        var uploaded = (await ApiResponse.ReadAsync(response)).AssertOk()!;

        var service = (await server.Api.GetApiAsync($"{Account}/workers/services/{name}")).AssertOk()!;
        var script = service["default_environment"]!["script"]!;
        Assert.Equal((string?)uploaded["tag"], (string?)script["tag"]);
        Assert.Equal(["t1"], script["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("wrangler", (string?)script["last_deployed_from"]);

        var workers = (await server.Api.GetApiAsync($"{Account}/workers/workers/{name}")).AssertOk()!;
        Assert.False((bool)workers["subdomain"]!["enabled"]!);
        var deployments = (await server.Api.GetApiAsync($"{Account}/workers/scripts/{name}/deployments")).AssertOk()!["deployments"]!.AsArray();
        Assert.Equal((string?)uploaded["deployment_id"], (string?)Assert.Single(deployments)!["versions"]![0]!["version_id"]);

        // an API client (not wrangler) is recorded as such; wrangler warns about it on its next deploy
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        Assert.Equal("api", (string?)(await server.Api.GetApiAsync($"{Account}/workers/services/{name}")).AssertOk()!["default_environment"]!["script"]!["last_deployed_from"]);
    }

    [Fact]
    public async Task Source_maps_and_wasm_text_and_data_modules_are_stored_as_given()
    {
        var name = TestNames.Unique("mods");
        var modules = new[]
        {
            TestModule.Esm("index.js", "import wasm from './add.wasm'; export default { fetch() { return new Response('x'); } };"),
            new TestModule("index.js.map", "application/source-map", "{\"version\":3}"u8.ToArray()),
            new TestModule("add.wasm", "application/wasm", [0, 97, 115, 109, 1, 0, 0, 0]),
            new TestModule("greeting.txt", "text/plain", "hi"u8.ToArray()),
            new TestModule("blob.bin", "application/octet-stream", [1, 2, 3]),
            new TestModule("lib/util.cjs", "application/javascript", "module.exports = 1;"u8.ToArray()),
        };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}",
            ScriptUploads.Wrangler(new { main_module = "index.js" }, modules))).AssertOk();

        var content = (await server.LiveAsync(name)).Version.Content;
        Assert.Equal("index.js", content.MainModule);
        Assert.Equal(modules.Select(m => (m.Name, m.ContentType)), content.Modules.Select(m => (m.Name, m.ContentType)));
        Assert.Equal([ModuleKind.EsModule, ModuleKind.SourceMap, ModuleKind.Wasm, ModuleKind.Text, ModuleKind.Data, ModuleKind.CommonJs],
            content.Modules.Select(m => m.Kind));
        foreach (var (module, stored) in modules.Zip(content.Modules))
            Assert.Equal(module.Data, await server.Server.Storage.Blobs.ReadAllAsync(stored.BlobKey));
    }

    [Fact]
    public async Task Service_worker_body_part_is_accepted()
    {
        var name = TestNames.Unique("sw");
        var script = new TestModule("script", "application/javascript",
            "addEventListener('fetch', e => e.respondWith(new Response('sw')));"u8.ToArray());
        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}",
            ScriptUploads.Wrangler(new { body_part = "script" }, script))).AssertOk()!;
        Assert.False((bool)result["has_modules"]!);
        Assert.Equal(["fetch"], result["handlers"]!.AsArray().Select(h => (string?)h));
        var content = (await server.Server.Storage.Workers.LoadAsync((string)result["deployment_id"]!))!.Version.Content;
        Assert.True(content.ServiceWorker);
        Assert.Equal("script", content.MainModule);
    }

    public static TheoryData<string, string> InvalidMetadata => new()
    {
        { "{\"main_module\":\"index.js\",", "not valid JSON" },
        { "[1,2]", "JSON object" },
        { "{\"main_module\":\"missing.js\"}", "missing.js" },
        { "{\"main_module\":\"index.js\",\"body_part\":\"index.js\"}", "both main_module and body_part" },
        { "{}", "main_module" },
        { "{\"main_module\":7}", "metadata.main_module must be a string" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"X\",\"type\":\"d1\",\"id\":\"x\"}]}", "unsupported type 'd1'" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"X\",\"type\":\"plain_text\",\"text\":\"a\"},{\"name\":\"X\",\"type\":\"plain_text\",\"text\":\"b\"}]}", "more than one binding" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"type\":\"plain_text\",\"text\":\"a\"}]}", "has no 'name'" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"K\",\"type\":\"kv_namespace\",\"namespace_id\":\"not-hex\"}]}", "32 lower-case hex" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"T\",\"type\":\"plain_text\"}]}", "text is required" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"S\",\"type\":\"service\",\"service\":\"Bad Name\"}]}", "not a worker name" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"D\",\"type\":\"dispatch_namespace\",\"namespace\":\"no-such-ns\"}]}", "does not exist" },
        { "{\"main_module\":\"index.js\",\"bindings\":[{\"name\":\"ASSETS\",\"type\":\"assets\"}]}", "no assets" },
        { "{\"main_module\":\"index.js\",\"tags\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]}", "at most 8 tags" },
        { "{\"main_module\":\"index.js\",\"tags\":[\"a,b\"]}", "must not contain ',' or '&'" },
        { "{\"main_module\":\"index.js\",\"tags\":[\"a&b\"]}", "must not contain ',' or '&'" },
        { "{\"main_module\":\"index.js\",\"compatibility_date\":\"2025-13-01\"}", "YYYY-MM-DD" },
        { "{\"main_module\":\"index.js\",\"compatibility_date\":\"2999-01-01\"}", "in the future" },
        { "{\"main_module\":\"index.js\",\"compatibility_flags\":[\"Bad Flag\"]}", "compatibility flag" },
        { "{\"main_module\":\"index.js\",\"limits\":{\"cpu_ms\":0}}", "cpu_ms" },
        { "{\"main_module\":\"index.js\",\"usage_model\":\"free\"}", "usage_model" },
        { "{\"main_module\":\"index.js\",\"assets\":{\"config\":{\"html_handling\":\"none\"}}}", "without assets" },
        { "{\"main_module\":\"index.js\",\"keep_assets\":true}", "no assets to keep" },
    };

    [Theory]
    [MemberData(nameof(InvalidMetadata))]
    public async Task Invalid_metadata_is_refused_with_10021_and_changes_nothing(string metadata, string expected)
    {
        var name = TestNames.Unique("bad");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        var before = StorageSnapshot.Take(server);
        var message = (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}",
            ScriptUploads.WranglerRaw(metadata, TestModule.Esm("index.js", ScriptUploads.HelloWorker)))).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Contains(expected, message);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Snapshots_see_every_successful_change()
    {
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{TestNames.Unique("seen")}", ScriptUploads.Module())).AssertOk();
        Assert.NotEqual(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Variables_are_limited_in_number_and_size()
    {
        var name = TestNames.Unique("vars");
        var before = StorageSnapshot.Take(server);
        var many = Enumerable.Range(0, 129).Select(i => new { name = $"V{i}", type = "plain_text", text = "x" }).ToArray();
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module(new() { ["bindings"] = many })))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        var big = new[] { new { name = "BIG", type = "secret_text", text = new string('x', 5 * 1024 + 1) } };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module(new() { ["bindings"] = big })))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));

        var exactly = Enumerable.Range(0, 128).Select(i => new { name = $"V{i}", type = "plain_text", text = new string('x', 5 * 1024) }).ToArray();
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module(new() { ["bindings"] = exactly }))).AssertOk();
    }

    [Fact]
    public async Task Malformed_or_incomplete_uploads_are_refused()
    {
        var name = TestNames.Unique("form");
        var path = $"{Account}/workers/scripts/{name}";
        var before = StorageSnapshot.Take(server);

        // a boundary that never appears, a body that is JSON, and a form without metadata
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Raw("garbage", "multipart/form-data; boundary=xyz")))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Raw("{\"main_module\":\"index.js\"}", "application/json")))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Raw("--b\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}", "multipart/form-data; boundary=b")))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        var noMetadata = new MultipartFormDataContent { { new StringContent("export default {}"), "index.js", "index.js" } };
        Assert.Contains("no 'metadata' part", (await server.Api.SendApiAsync(HttpMethod.Put, path, noMetadata)).AssertError(HttpStatusCode.BadRequest, 10021));
        var twoModules = ScriptUploads.Wrangler(new { main_module = "index.js" }, TestModule.Esm("index.js", "1"), TestModule.Esm("index.js", "2"));
        Assert.Contains("two modules", (await server.Api.SendApiAsync(HttpMethod.Put, path, twoModules)).AssertError(HttpStatusCode.BadRequest, 10021));
        var badType = ScriptUploads.Wrangler(new { main_module = "index.js" }, new TestModule("index.js", "image/png", [1]));
        Assert.Contains("unsupported Content-Type", (await server.Api.SendApiAsync(HttpMethod.Put, path, badType)).AssertError(HttpStatusCode.BadRequest, 10021));
        var traversal = ScriptUploads.Wrangler(new { main_module = "index.js" }, TestModule.Esm("index.js", "x"), TestModule.Esm("../../etc/passwd", "x"));
        Assert.Contains("relative path", (await server.Api.SendApiAsync(HttpMethod.Put, path, traversal)).AssertError(HttpStatusCode.BadRequest, 10021));
        var wasmMain = ScriptUploads.Wrangler(new { main_module = "a.wasm" }, new TestModule("a.wasm", "application/wasm", [0]));
        Assert.Contains("JavaScript or Python", (await server.Api.SendApiAsync(HttpMethod.Put, path, wasmMain)).AssertError(HttpStatusCode.BadRequest, 10021));

        Assert.Equal(before, StorageSnapshot.Take(server));
        (await server.Api.GetApiAsync($"{path}/settings")).AssertError(HttpStatusCode.NotFound, 10007);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("a%2Fb")]
    [InlineData("with.dot")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task Invalid_script_names_are_refused(string name)
    {
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module()))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        var ns = await server.CreateNamespaceAsync();
        before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/dispatch/namespaces/{ns}/scripts/{name}", ScriptUploads.Module()))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Upload_to_a_missing_namespace_is_100119()
    {
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/dispatch/namespaces/nope-{Guid.NewGuid():N}"[..^20] + "/scripts/x", ScriptUploads.Module()))
            .AssertError(HttpStatusCode.NotFound, 100119);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Scripts_over_10_MiB_are_refused_with_10027()
    {
        var name = TestNames.Unique("big");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        var before = StorageSnapshot.Take(server);
        var code = "export default {};//" + new string('x', 10 * 1024 * 1024);
        var message = (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module(code: code)))
            .AssertError(HttpStatusCode.BadRequest, 10027);
        Assert.Contains("size limit", message);
        Assert.Equal(before, StorageSnapshot.Take(server));

        // source maps do not count towards the limit
        var map = new TestModule("index.js.map", "application/source-map", new byte[6 * 1024 * 1024]);
        var withMap = ScriptUploads.Wrangler(new { main_module = "index.js" }, TestModule.Esm("index.js", new string('/', 5 * 1024 * 1024)), map);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", withMap)).AssertOk();
    }

    [Fact]
    public async Task Keep_bindings_carries_secrets_over_a_redeploy()
    {
        var name = TestNames.Unique("keep");
        var path = $"{Account}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{path}/secrets", new { name = "TOKEN", text = "s3cret", type = "secret_text" })).AssertOk();

        var plain = new[] { new { name = "GREETING", type = "plain_text", text = "hi" } };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}?bindings_inherit=strict",
            ScriptUploads.Module(new() { ["bindings"] = plain, ["keep_bindings"] = new[] { "secret_text", "secret_key" } }))).AssertOk();
        var bindings = await BindingsOf(name);
        Assert.Equal(["GREETING", "TOKEN"], bindings.Select(b => b.Name));
        Assert.Equal("s3cret", Assert.IsType<SecretTextBinding>(bindings[1]).Text);

        // without keep_bindings an upload defines the bindings completely
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new() { ["bindings"] = plain }))).AssertOk();
        Assert.Equal(["GREETING"], (await BindingsOf(name)).Select(b => b.Name));
    }

    [Fact]
    public async Task Inherit_bindings_copy_from_the_live_version_and_strict_refuses_missing_ones()
    {
        var name = TestNames.Unique("inherit");
        var path = $"{Account}/workers/scripts/{name}";
        var kvId = await server.CreateKvNamespaceAsync();
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
        {
            ["bindings"] = new[] { new { name = "KV", type = "kv_namespace", namespace_id = kvId } },
        }))).AssertOk();

        var inherit = new object[] { new { name = "STORE", type = "inherit", old_name = "KV" } };
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new() { ["bindings"] = inherit }))).AssertOk();
        var kv = Assert.IsType<KvNamespaceBinding>(Assert.Single(await BindingsOf(name)));
        Assert.Equal(("STORE", kvId), (kv.Name, kv.NamespaceId));

        var before = StorageSnapshot.Take(server);
        var missing = new object[] { new { name = "GONE", type = "inherit" } };
        Assert.Contains("no binding of that name", (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}?bindings_inherit=strict",
            ScriptUploads.Module(new() { ["bindings"] = missing }))).AssertError(HttpStatusCode.BadRequest, 10021));
        Assert.Equal(before, StorageSnapshot.Take(server));

        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new() { ["bindings"] = missing }))).AssertOk();
        Assert.Empty(await BindingsOf(name));
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}?bindings_inherit=loose", ScriptUploads.Module())).AssertError(HttpStatusCode.BadRequest, 10021);
    }

    [Fact]
    public async Task Delete_refuses_a_worker_others_bind_to_unless_forced()
    {
        var target = TestNames.Unique("target");
        var caller = TestNames.Unique("caller");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{target}", ScriptUploads.Module())).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{caller}", ScriptUploads.Module(new()
        {
            ["bindings"] = new[] { new { name = "SVC", type = "service", service = target, entrypoint = "Api" } },
        }))).AssertOk();

        var before = StorageSnapshot.Take(server);
        Assert.Contains(caller, (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Account}/workers/scripts/{target}")).AssertError(HttpStatusCode.Conflict, 10064));
        Assert.Equal(before, StorageSnapshot.Take(server));

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Account}/workers/scripts/{target}?force=true")).AssertOk();
        (await server.Api.GetApiAsync($"{Account}/workers/scripts/{target}/settings")).AssertError(HttpStatusCode.NotFound, 10007);
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Account}/workers/scripts/{target}")).AssertError(HttpStatusCode.NotFound, 10007);
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{Account}/workers/scripts/{caller}")).AssertOk();
    }

    [Fact]
    public async Task Dispatch_namespace_bindings_with_an_outbound_worker_are_stored_typed()
    {
        var ns = await server.CreateNamespaceAsync();
        var name = TestNames.Unique("dispatcher");
        var binding = new
        {
            name = "DISPATCHER", type = "dispatch_namespace", @namespace = ns,
            outbound = new { worker = new { service = "outbound-worker" }, @params = new[] { new { name = "customer" } } },
        };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{Account}/workers/scripts/{name}", ScriptUploads.Module(new() { ["bindings"] = new[] { binding } }))).AssertOk();
        var stored = Assert.IsType<DispatchNamespaceBinding>(Assert.Single(await BindingsOf(name)));
        Assert.Equal(ns, stored.Namespace);
        Assert.Equal("outbound-worker", stored.Outbound!.Worker.Service);
        Assert.Equal("customer", Assert.Single(stored.Outbound.Params!).Name);

        var bindings = (await server.Api.GetApiAsync($"{Account}/workers/scripts/{name}/bindings")).AssertOk()!.AsArray();
        Assert.Equal("outbound-worker", (string?)bindings[0]!["outbound"]!["worker"]!["service"]);
    }

    private async Task<IReadOnlyList<WorkerBinding>> BindingsOf(string accountScript) =>
        (await server.LiveAsync(accountScript)).Version.Content.Bindings;
}
