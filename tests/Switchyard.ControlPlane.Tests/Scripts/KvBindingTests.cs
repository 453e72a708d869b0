using System.Net;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// A <c>kv_namespace</c> binding must name a KV namespace the account has, on every path that takes bindings; a refused
/// change stores nothing and the live version keeps serving.
/// </summary>
public sealed class KvBindingTests(TestServer server) : IClassFixture<TestServer>
{
    private const string MissingId = "fedcba9876543210fedcba9876543210";

    public static TheoryData<bool> BothPaths => new() { false, true };

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task Upload_binding_an_unknown_kv_namespace_is_refused_and_the_live_version_stays(bool inNamespace)
    {
        var path = await ScriptPathAsync(inNamespace);
        var kvId = await server.CreateKvNamespaceAsync();
        (await server.Api.SendApiAsync(HttpMethod.Put, path, Upload(("KV", kvId)))).AssertOk();
        var live = await LiveAsync(path, inNamespace);

        var before = StorageSnapshot.Take(server);
        var message = (await server.Api.SendApiAsync(HttpMethod.Put, $"{path}?bindings_inherit=strict", Upload(("KV", kvId), ("OTHER", MissingId))))
            .AssertError(HttpStatusCode.BadRequest, 10042);
        Assert.Contains($"KV namespace '{MissingId}' is not valid", message);
        Assert.Contains("'OTHER'", message);
        Assert.Equal(before, StorageSnapshot.Take(server));

        if (!inNamespace)
        {
            // a version upload (no deploy, account-level scripts only) is checked the same way
            (await server.Api.SendApiAsync(HttpMethod.Post, $"{path}/versions", Upload(("OTHER", MissingId))))
                .AssertError(HttpStatusCode.BadRequest, 10042);
            Assert.Equal(before, StorageSnapshot.Take(server));
        }

        var after = await LiveAsync(path, inNamespace);
        Assert.Equal(live.Version.Id, after.Version.Id);
        Assert.Equal(new WorkerBinding[] { new KvNamespaceBinding("KV", kvId) }, after.Version.Content.Bindings);
    }

    [Fact]
    public async Task A_new_script_binding_an_unknown_kv_namespace_is_not_created()
    {
        var ns = await server.CreateNamespaceAsync("kvbind");
        var path = $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/never";
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendApiAsync(HttpMethod.Put, path, Upload(("KV", MissingId)))).AssertError(HttpStatusCode.BadRequest, 10042);
        Assert.Equal(before, StorageSnapshot.Take(server));
        (await server.Api.GetApiAsync(path)).AssertError(HttpStatusCode.NotFound, 10092);
    }

    [Fact]
    public async Task Settings_patch_binding_an_unknown_kv_namespace_is_refused()
    {
        var path = await ScriptPathAsync(inNamespace: false);
        (await server.Api.SendApiAsync(HttpMethod.Put, path, Upload())).AssertOk();
        var before = StorageSnapshot.Take(server);
        var patch = new { settings = new { bindings = new object[] { new { name = "KV", type = "kv_namespace", namespace_id = MissingId } } } };
        (await server.Api.SendJsonAsync(HttpMethod.Patch, $"{path}/settings", patch)).AssertError(HttpStatusCode.BadRequest, 10042);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task A_deleted_kv_namespace_can_no_longer_be_bound()
    {
        var path = await ScriptPathAsync(inNamespace: false);
        var kvId = await server.CreateKvNamespaceAsync();
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/storage/kv/namespaces/{kvId}")).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Put, path, Upload(("KV", kvId)))).AssertError(HttpStatusCode.BadRequest, 10042);
    }

    private async Task<string> ScriptPathAsync(bool inNamespace)
    {
        var name = TestNames.Unique("kvbind");
        return inNamespace
            ? $"{server.AccountPath}/workers/dispatch/namespaces/{await server.CreateNamespaceAsync("kvbind")}/scripts/{name}"
            : $"{server.AccountPath}/workers/scripts/{name}";
    }

    private Task<DeployedVersion> LiveAsync(string path, bool inNamespace)
    {
        var parts = path.Split('/');
        return inNamespace ? server.LiveAsync(parts[^3], parts[^1]) : server.LiveAsync(parts[^1]);
    }

    private static MultipartFormDataContent Upload(params (string Name, string Id)[] kv) => ScriptUploads.Module(new()
    {
        ["bindings"] = kv.Select(b => new { name = b.Name, type = "kv_namespace", namespace_id = b.Id }).ToArray(),
    });
}
