using System.Net;
using Switchyard.ControlPlane.Tests.Scripts;
using Switchyard.Storage.Accounts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Zones;

/// <summary>Zones and worker routes as wrangler deploys a worker with <c>routes</c>, and the edge's route table.</summary>
public sealed class ZoneRouteTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task<(string Id, string Name)> ZoneAsync()
    {
        var name = $"{TestNames.Unique("zone")}.example";
        var zone = (await server.Api.SendJsonAsync(HttpMethod.Post, "zones", new { name, account = new { id = TestServer.AccountId } })).AssertOk()!;
        return ((string)zone["id"]!, name);
    }

    private async Task<string> WorkerAsync()
    {
        var name = TestNames.Unique("routed");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module())).AssertOk();
        return name;
    }

    [Fact]
    public async Task Zones_are_found_by_name_and_account()
    {
        var (id, name) = await ZoneAsync();
        var found = (await server.Api.GetApiAsync($"zones?name={name}&account.id={TestServer.AccountId}")).AssertOk()!.AsArray();
        Assert.Equal(id, (string?)Assert.Single(found)!["id"]);
        Assert.Empty((await server.Api.GetApiAsync($"zones?name=sub.{name}")).AssertOk()!.AsArray());
        Assert.Empty((await server.Api.GetApiAsync($"zones?name={name}&account.id=ffffffffffffffffffffffffffffffff")).AssertOk()!.AsArray());
        Assert.Equal(name, (string?)(await server.Api.GetApiAsync($"zones/{id}")).AssertOk()!["name"]);

        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Post, "zones", new { name })).AssertError(HttpStatusCode.Conflict, 1061);
        (await server.Api.SendJsonAsync(HttpMethod.Post, "zones", new { name = "no_dots" })).AssertError(HttpStatusCode.BadRequest, 1002);
        (await server.Api.SendJsonAsync(HttpMethod.Post, "zones", new { name = "x.example", account = new { id = "ffffffffffffffffffffffffffffffff" } }))
            .AssertError(HttpStatusCode.Forbidden, 10000);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task Zone_routes_crud_with_validation()
    {
        var (zone, name) = await ZoneAsync();
        var worker = await WorkerAsync();
        var routes = $"zones/{zone}/workers/routes";
        var created = (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"{name}/api/*", script = worker })).AssertOk()!;
        var id = (string)created["id"]!;
        Assert.Equal(worker, (string?)Assert.Single((await server.Api.GetApiAsync(routes)).AssertOk()!.AsArray())!["script"]);

        var before = StorageSnapshot.Take(server);
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"{name}/api/*", script = worker })).AssertError(HttpStatusCode.Conflict, 10020);
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = "other.example/*", script = worker })).AssertError(HttpStatusCode.BadRequest, 10022);
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"https://{name}/*" })).AssertError(HttpStatusCode.BadRequest, 10022);
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"{name}/*", script = "no-such-worker" })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { script = worker })).AssertError(HttpStatusCode.BadRequest, 10022);
        (await server.Api.SendJsonAsync(HttpMethod.Post, "zones/ffffffffffffffffffffffffffffffff/workers/routes", new { pattern = "a.example/*" }))
            .AssertError(HttpStatusCode.NotFound, 7003);
        Assert.Equal(before, StorageSnapshot.Take(server));

        var updated = (await server.Api.SendJsonAsync(HttpMethod.Put, $"{routes}/{id}", new { pattern = $"{name}/v2/*" })).AssertOk()!;
        Assert.Null((string?)updated["script"]);
        Assert.Equal($"{name}/v2/*", (string?)(await server.Api.GetApiAsync($"{routes}/{id}")).AssertOk()!["pattern"]);
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{routes}/{id}")).AssertOk();
        (await server.Api.GetApiAsync($"{routes}/{id}")).AssertError(HttpStatusCode.NotFound, 10019);
    }

    [Fact]
    public async Task Script_routes_put_replaces_a_scripts_routes_and_refuses_other_scripts_patterns()
    {
        var (zone, name) = await ZoneAsync();
        var worker = await WorkerAsync();
        var other = await WorkerAsync();
        var scriptRoutes = $"{server.AccountPath}/workers/scripts/{worker}/routes";

        var first = (await server.Api.SendJsonAsync(HttpMethod.Put, scriptRoutes, new object[]
        {
            new { pattern = $"{name}/*" }, $"www.{name}/*", new { pattern = $"api.{name}/*", zone_id = zone },
        })).AssertOk()!.AsArray();
        Assert.Equal(3, first.Count);
        Assert.All(first, r => Assert.Equal(zone, (string?)r!["zone_id"]));

        var second = (await server.Api.SendJsonAsync(HttpMethod.Put, scriptRoutes, new[] { new { pattern = $"{name}/*", zone_name = name } })).AssertOk()!.AsArray();
        Assert.Equal($"{name}/*", (string?)Assert.Single(second)!["pattern"]);
        Assert.Equal(second.ToJsonString(), (await server.Api.GetApiAsync(scriptRoutes)).AssertOk()!.ToJsonString());

        var before = StorageSnapshot.Take(server);
        Assert.Contains(worker, (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{other}/routes",
            new[] { new { pattern = $"{name}/*" } })).AssertError(HttpStatusCode.Conflict, 10020));
        (await server.Api.SendJsonAsync(HttpMethod.Put, scriptRoutes, new[] { new { pattern = "unknown-zone.test/*" } })).AssertError(HttpStatusCode.BadRequest, 10022);
        (await server.Api.SendJsonAsync(HttpMethod.Put, scriptRoutes, new[] { new { pattern = $"{name}/*", custom_domain = true } }))
            .AssertError(HttpStatusCode.BadRequest, 10022);
        (await server.Api.SendJsonAsync(HttpMethod.Put, scriptRoutes, new { pattern = $"{name}/*" })).AssertError(HttpStatusCode.BadRequest, 10022);
        (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/no-such/routes", Array.Empty<object>()))
            .AssertError(HttpStatusCode.NotFound, 10007);
        Assert.Equal(before, StorageSnapshot.Take(server));
    }

    [Fact]
    public async Task The_route_table_picks_the_most_specific_route()
    {
        var (zone, name) = await ZoneAsync();
        var site = await WorkerAsync();
        var api = await WorkerAsync();
        var routes = $"zones/{zone}/workers/routes";
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"*{name}/*", script = site })).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"{name}/api/*", script = api })).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"{name}/api/health" })).AssertOk();

        var table = server.Server.Storage.Routes;
        Assert.Equal(site, table.FindRoute(name, "/")!.Route.Script);
        Assert.Equal(site, table.FindRoute($"www.{name}:8080", "/api/x")!.Route.Script);
        Assert.Equal(api, table.FindRoute(name.ToUpperInvariant(), "/api/users")!.Route.Script);
        var disabled = table.FindRoute(name, "/api/health")!;
        Assert.Null(disabled.Route.Script);
        Assert.Equal(TestServer.AccountId, disabled.Zone.AccountId);
        Assert.Null(table.FindRoute("elsewhere.example", "/"));
        Assert.Contains(table.ListAll(), r => r.Route.Script == api);

        // Answers are remembered per host, but a route added after them is used by the very next lookup.
        var admin = await WorkerAsync();
        (await server.Api.SendJsonAsync(HttpMethod.Post, routes, new { pattern = $"{name}/api/admin/*", script = admin })).AssertOk();
        Assert.Equal(admin, table.FindRoute(name, "/api/admin/x")!.Route.Script);
        Assert.Equal(api, table.FindRoute(name, "/api/users")!.Route.Script);
    }

    [Fact]
    public async Task Another_accounts_zones_are_invisible()
    {
        var (zone, name) = await ZoneAsync();
        var other = await server.Server.Storage.Accounts.CreateAsync(TokenSecrets.NewId(), "Other", TestNames.Unique("zother"));
        const string secret = "zone-other-token-aaaaaaaaaaaaaaaaaaaaaaa";
        await server.Server.Storage.Accounts.AddTokenAsync(other.Id, "other", secret);
        using var client = server.CreateApiClient(secret);

        Assert.Empty((await client.GetApiAsync($"zones?name={name}")).AssertOk()!.AsArray());
        (await client.GetApiAsync($"zones/{zone}")).AssertError(HttpStatusCode.NotFound, 7003);
        (await client.GetApiAsync($"zones/{zone}/workers/routes")).AssertError(HttpStatusCode.NotFound, 7003);
        (await client.SendApiAsync(HttpMethod.Delete, $"zones/{zone}")).AssertError(HttpStatusCode.NotFound, 7003);
        (await client.SendJsonAsync(HttpMethod.Post, "zones", new { name })).AssertError(HttpStatusCode.Conflict, 1061);
    }
}
