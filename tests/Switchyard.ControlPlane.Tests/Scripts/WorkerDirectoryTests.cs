using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>The edge's read model (<c>IWorkerDirectory</c>) against what the API deployed.</summary>
public sealed class WorkerDirectoryTests(TestServer server) : IClassFixture<TestServer>
{
    private Switchyard.Storage.Scripts.IWorkerDirectory Workers => server.Server.Storage.Workers;

    [Fact]
    public async Task Namespace_scripts_carry_the_namespaces_trust_and_their_tags()
    {
        var ns = await server.CreateNamespaceAsync("dir");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/user",
            ScriptUploads.Module(new() { ["tags"] = new[] { "customer-7" } }))).AssertOk();

        var found = Workers.FindNamespaceScript(TestServer.AccountId, ns, "user")!;
        Assert.Equal((ns, "user", false), (found.NamespaceName, found.ScriptName, found.TrustedWorkers));
        Assert.Equal(["customer-7"], found.Tags);
        Assert.Null(Workers.FindNamespaceScript(TestServer.AccountId, ns, "other"));
        Assert.Null(Workers.FindNamespaceScript(TestServer.AccountId, "no-such-namespace", "user"));
        Assert.Null(Workers.FindNamespaceScript("ffffffffffffffffffffffffffffffff", ns, "user"));
        Assert.Null(Workers.FindAccountScript(TestServer.AccountId, "user"));

        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}", new { name = ns, trusted_workers = true })).AssertOk();
        Assert.True(Workers.FindNamespaceScript(TestServer.AccountId, ns, "user")!.TrustedWorkers);
    }

    [Fact]
    public async Task Versions_stay_loadable_after_a_redeploy_so_the_edge_can_cache_by_version()
    {
        var name = TestNames.Unique("cache");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(new()
        {
            ["bindings"] = new[] { new { name = "V", type = "plain_text", text = "1" } },
            ["limits"] = new { cpu_ms = 25 },
        }))).AssertOk();
        var first = Workers.FindAccountScript(TestServer.AccountId, name)!;
        Assert.True(first.TrustedWorkers);
        Assert.Null(first.NamespaceName);

        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
        var second = Workers.FindAccountScript(TestServer.AccountId, name)!;
        Assert.NotEqual(first.VersionId, second.VersionId);

        var old = (await Workers.LoadAsync(first.VersionId))!;
        Assert.Equal(25, old.Version.Content.CpuMs);
        Assert.Equal("V", Assert.Single(old.Version.Content.Bindings).Name);
        Assert.Empty((await Workers.LoadAsync(second.VersionId))!.Version.Content.Bindings);
        Assert.Null(await Workers.LoadAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Lookups_on_many_threads_reuse_prepared_connections_and_each_sees_the_latest_deploy()
    {
        var name = TestNames.Unique("pooled");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        for (int round = 0; round < 3; round++)
        {
            (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
            var latest = Workers.FindAccountScript(TestServer.AccountId, name)!.VersionId;

            var seen = new string?[32];
            Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                i => seen[i] = Workers.FindAccountScript(TestServer.AccountId, name)?.VersionId);

            Assert.All(seen, id => Assert.Equal(latest, id));
        }
    }

    [Fact]
    public async Task Repeated_lookups_are_answered_from_memory_until_any_connection_commits()
    {
        var name = TestNames.Unique("remembered");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        var first = Workers.FindAccountScript(TestServer.AccountId, name)!;
        Assert.Same(first, Workers.FindAccountScript(TestServer.AccountId, name));

        // A commit from a connection the server never opened, as another process on the same file would make.
        var other = new Switchyard.Storage.Sqlite.SqliteDatabase(Path.Combine(server.DataDir, "switchyard.db"));
        using (var connection = other.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "UPDATE scripts SET name = $renamed WHERE account_id = $acct AND name = $name";
            command.Parameters.AddWithValue("$renamed", name + "-renamed");
            command.Parameters.AddWithValue("$acct", TestServer.AccountId);
            command.Parameters.AddWithValue("$name", name);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        Assert.Null(Workers.FindAccountScript(TestServer.AccountId, name));
        Assert.Equal(first.ScriptId, Workers.FindAccountScript(TestServer.AccountId, name + "-renamed")!.ScriptId);
    }

    [Fact]
    public async Task Deleted_scripts_disappear_from_the_directory()
    {
        var name = TestNames.Unique("gone");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        var version = Workers.FindAccountScript(TestServer.AccountId, name)!.VersionId;
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/scripts/{name}")).AssertOk();
        Assert.Null(Workers.FindAccountScript(TestServer.AccountId, name));
        Assert.Null(await Workers.LoadAsync(version));
    }
}
