using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>The account's workers subdomain and each script's switch for it (contract §2 steps 3, 9-11).</summary>
public sealed class SubdomainTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task First_deploy_enables_the_subdomain_and_the_edge_finds_the_worker_only_then()
    {
        var name = TestNames.Unique("dev");
        var path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module())).AssertOk();
        var subdomain = (string)(await server.Api.GetApiAsync($"{server.AccountPath}/workers/subdomain")).AssertOk()!["subdomain"]!;

        var state = (await server.Api.GetApiAsync($"{path}/subdomain")).AssertOk()!;
        Assert.False((bool)state["enabled"]!);
        Assert.Null(server.Server.Storage.Workers.FindBySubdomain(subdomain, name));

        var enabled = (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/subdomain", new { enabled = true })).AssertOk()!;
        Assert.True((bool)enabled["enabled"]!);
        Assert.False((bool)enabled["previews_enabled"]!);
        Assert.True((bool)(await server.Api.GetApiAsync($"{server.AccountPath}/workers/workers/{name}")).AssertOk()!["subdomain"]!["enabled"]!);
        Assert.Equal(name, server.Server.Storage.Workers.FindBySubdomain(subdomain, name)!.ScriptName);

        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/subdomain", new { enabled = false, previews_enabled = true })).AssertOk();
        Assert.Null(server.Server.Storage.Workers.FindBySubdomain(subdomain, name));
        Assert.NotNull(server.Server.Storage.Workers.FindAccountScript(TestServer.AccountId, name));
    }

    [Fact]
    public async Task Account_subdomain_can_be_changed_but_not_to_a_taken_or_invalid_one()
    {
        var subdomains = $"{server.AccountPath}/workers/subdomain";
        var wanted = TestNames.Unique("team");
        Assert.Equal(wanted, (string?)(await server.Api.SendJsonAsync(HttpMethod.Put, subdomains, new { subdomain = wanted })).AssertOk()!["subdomain"]);
        Assert.Equal(wanted, (string?)(await server.Api.GetApiAsync(subdomains)).AssertOk()!["subdomain"]);

        var other = await server.Server.Storage.Accounts.CreateAsync(Switchyard.Storage.Accounts.TokenSecrets.NewId(), "Other", TestNames.Unique("taken"));
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Put, subdomains, new { subdomain = other.Subdomain })).AssertError(HttpStatusCode.Conflict, 10031);
        foreach (var bad in new[] { "Upper", "-dash", "dash-", "has.dot", "" })
            (await server.Api.SendJsonAsync(HttpMethod.Put, subdomains, new { subdomain = bad })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Put, subdomains, new { name = "x" })).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Subdomain_switch_needs_a_worker_and_a_boolean()
    {
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/nobody/subdomain", new { enabled = true }))
            .AssertError(HttpStatusCode.NotFound, 10007);
        var name = TestNames.Unique("sub");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{name}/subdomain", new { enabled = "yes" }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }
}
