using System.Net;
using System.Text.Json.Nodes;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary><c>/settings</c>, <c>/script-settings</c> and <c>/bindings</c> on both script paths.</summary>
public sealed class SettingsTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<string> ScriptAsync(bool inNamespace)
    {
        string path;
        if (inNamespace)
        {
            var ns = await server.CreateNamespaceAsync("settings");
            path = $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/configured";
        }
        else path = $"{server.AccountPath}/workers/scripts/{TestNames.Unique("configured")}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
        {
            ["bindings"] = new object[]
            {
                new { name = "GREETING", type = "plain_text", text = "hello" },
                new { name = "TOKEN", type = "secret_text", text = "s3cret" },
            },
            ["compatibility_flags"] = new[] { "nodejs_compat" },
            ["limits"] = new { cpu_ms = 100 },
            ["logpush"] = true,
        }))).AssertOk();
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Settings_show_bindings_without_secret_values(bool inNamespace)
    {
        var path = await ScriptAsync(inNamespace);
        var settings = (await server.Api.GetApiAsync($"{path}/settings")).AssertOk()!;
        Assert.Equal("2025-06-01", (string?)settings["compatibility_date"]);
        Assert.Equal(100, (int)settings["limits"]!["cpu_ms"]!);
        Assert.True((bool)settings["logpush"]!);
        var secret = settings["bindings"]!.AsArray().Single(b => (string?)b!["name"] == "TOKEN")!.AsObject();
        Assert.Equal("secret_text", (string?)secret["type"]);
        Assert.False(secret.ContainsKey("text"));

        var bindings = (await server.Api.GetApiAsync($"{path}/bindings")).AssertOk()!.AsArray();
        Assert.Equal("hello", (string?)bindings.Single(b => (string?)b!["name"] == "GREETING")!["text"]);
        Assert.DoesNotContain("s3cret", (await server.Api.GetApiAsync($"{path}/bindings")).Raw);
    }

    [Fact]
    public async Task Patching_versioned_settings_deploys_a_new_version_and_inherit_keeps_secrets()
    {
        var path = await ScriptAsync(inNamespace: false);
        var before = (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count;
        var patch = new
        {
            settings = new
            {
                bindings = new object[]
                {
                    new { name = "GREETING", type = "plain_text", text = "bonjour" },
                    new { name = "TOKEN", type = "inherit" },
                },
                compatibility_date = "2025-07-01",
                tags = new[] { "patched" },
            },
        };
        var settings = (await server.Api.SendJsonAsync(HttpMethod.Patch, $"{path}/settings", patch)).AssertOk()!;
        Assert.Equal("2025-07-01", (string?)settings["compatibility_date"]);
        Assert.Equal(["nodejs_compat"], settings["compatibility_flags"]!.AsArray().Select(f => (string?)f));
        Assert.Equal(100, (int)settings["limits"]!["cpu_ms"]!);
        Assert.Equal(["patched"], settings["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(before + 1, (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count);

        var bindings = (await server.LiveAsync(path.Split('/')[^1])).Version.Content.Bindings;
        Assert.Equal(["GREETING", "TOKEN"], bindings.Select(b => b.Name));
        Assert.Equal("s3cret", ((Switchyard.Storage.Scripts.SecretTextBinding)bindings[1]).Text);
    }

    [Fact]
    public async Task Patching_only_script_level_settings_adds_no_version()
    {
        var path = await ScriptAsync(inNamespace: false);
        var snapshotVersions = (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count;
        var result = (await server.Api.SendJsonAsync(HttpMethod.Patch, $"{path}/script-settings",
            new { observability = new { enabled = true }, tags = Array.Empty<string>(), logpush = false })).AssertOk()!;
        Assert.True((bool)result["observability"]!["enabled"]!);
        Assert.False((bool)result["logpush"]!);
        Assert.Empty(result["tags"]!.AsArray());
        Assert.Equal(snapshotVersions, (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]!.AsArray().Count);

        var cleared = (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/script-settings", ApiClientExtensions.JsonContent("{\"observability\":null}"))).AssertOk()!;
        Assert.False(cleared.AsObject().ContainsKey("observability"));
        Assert.True((bool)(await server.Api.GetApiAsync($"{path}/script-settings")).AssertOk()!.AsObject().ContainsKey("logpush"));
    }

    [Fact]
    public async Task Settings_can_be_patched_as_multipart_like_wrangler_and_the_sdk_send_them()
    {
        var path = await ScriptAsync(inNamespace: true);
        var form = new MultipartFormDataContent();
        var part = new StringContent("""{"bindings":[{"name":"GREETING","type":"plain_text","text":"multipart"}],"keep_bindings":["secret_text"]}""");
        part.Headers.ContentType = new("application/json");
        form.Add(part, "settings", "blob");
        (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/settings", form)).AssertOk();

        var sdk = await ScriptUploads.SdkDefault([("settings[logpush]", "false"), ("settings[compatibility_flags][]", "url_standard")]);
        var settings = (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/settings", sdk)).AssertOk()!;
        Assert.False((bool)settings["logpush"]!);
        Assert.Equal(["url_standard"], settings["compatibility_flags"]!.AsArray().Select(f => (string?)f));
        var bindings = settings["bindings"]!.AsArray();
        Assert.Equal(["GREETING", "TOKEN"], bindings.Select(b => (string?)b!["name"]));
        Assert.Equal("multipart", (string?)bindings[0]!["text"]);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_and_change_nothing()
    {
        var path = await ScriptAsync(inNamespace: false);
        var before = StorageSnapshot.Take(server);
        foreach (var body in new[]
                 {
                     """{"settings":{"bindings":[{"name":"X","type":"queue"}]}}""",
                     """{"settings":{"bindings":[{"name":"X","type":"inherit"}]}}""",
                     """{"settings":{"compatibility_date":"yesterday"}}""",
                     """{"settings":{"limits":{"cpu_ms":"fast"}}}""",
                     """{"settings":{"tags":["a","b","c","d","e","f","g","h","i"]}}""",
                     """{"settings":{"logpush":"yes"}}""",
                     """{"settings":{"usage_model":"free"}}""",
                     """{"settings":{"bindings":[{"name":"A","type":"assets"}]}}""",
                 })
            (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/settings", ApiClientExtensions.JsonContent(body)))
                .AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/settings", ApiClientExtensions.JsonContent("{"))).AssertError(HttpStatusCode.BadRequest, 10026);
        (await server.Api.SendApiAsync(HttpMethod.Patch, $"{path}/script-settings", ApiClientExtensions.JsonContent("""{"tail_consumers":{}}""")))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
        (await server.Api.SendJsonAsync(HttpMethod.Patch, $"{server.AccountPath}/workers/scripts/nobody/settings", new { settings = new { logpush = true } }))
            .AssertError(HttpStatusCode.NotFound, 10007);
    }
}
