using Switchyard.Storage.Scripts;
using Switchyard.Testing;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>Steps many script tests share: a fresh dispatch namespace, and what the edge would load for a script.</summary>
public static class TestServerScripts
{
    /// <summary>Creates a dispatch namespace with a fresh name and returns the name.</summary>
    public static async Task<string> CreateNamespaceAsync(this TestServer server, string prefix = "ns")
    {
        var name = TestNames.Unique(prefix);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/dispatch/namespaces", new { name })).AssertOk();
        return name;
    }

    /// <summary>Creates a KV namespace with a fresh title and returns its id, for uploads that bind one.</summary>
    public static Task<string> CreateKvNamespaceAsync(this TestServer server) => Kv.KvTestApi.CreateNamespaceAsync(server);

    /// <summary>The live version of an account-level script, as the edge loads it.</summary>
    public static async Task<DeployedVersion> LiveAsync(this TestServer server, string script)
    {
        var worker = server.Server.Storage.Workers.FindAccountScript(TestServer.AccountId, script)
                     ?? throw new Xunit.Sdk.XunitException($"no account script {script}");
        return (await server.Server.Storage.Workers.LoadAsync(worker.VersionId))!;
    }

    /// <summary>The live version of a script in a dispatch namespace, as the edge loads it.</summary>
    public static async Task<DeployedVersion> LiveAsync(this TestServer server, string ns, string script)
    {
        var worker = server.Server.Storage.Workers.FindNamespaceScript(TestServer.AccountId, ns, script)
                     ?? throw new Xunit.Sdk.XunitException($"no script {script} in {ns}");
        return (await server.Server.Storage.Workers.LoadAsync(worker.VersionId))!;
    }
}
