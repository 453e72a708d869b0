using Switchyard.Storage.Tests.Backends;
using Switchyard.Storage.Zones;
using Xunit;

namespace Switchyard.Storage.Tests.Zones;

/// <summary>Zones, routes, and the edge's route resolution.</summary>
public abstract class ZoneStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private IZoneStore Zones => Storage.Zones;

    [Fact]
    public async Task Zones_are_unique_across_accounts_and_scoped_to_their_owner()
    {
        var zone = await Zones.CreateAsync(AccountId, "example.com");
        Assert.Equal(zone, await Zones.GetAsync(AccountId, zone.Id));
        await Zones.CreateAsync(AccountId, "a.org");
        Assert.Equal(["a.org", "example.com"], (await Zones.ListAsync(AccountId)).Select(z => z.Name));
        Assert.Equal([zone], await Zones.ListAsync(AccountId, "example.com"));

        const string other = "fedcba9876543210fedcba9876543210";
        await Storage.Accounts.CreateAsync(other, "other", "other");
        await Assert.ThrowsAsync<NameConflictException>(() => Zones.CreateAsync(other, "example.com"));
        Assert.Null(await Zones.GetAsync(other, zone.Id));
        Assert.False(await Zones.DeleteAsync(other, zone.Id));
        Assert.True(await Zones.DeleteAsync(AccountId, zone.Id));
        Assert.Null(await Zones.GetAsync(AccountId, zone.Id));
    }

    [Fact]
    public async Task Routes_are_added_updated_and_deleted_with_patterns_unique_per_zone()
    {
        var zone = await Zones.CreateAsync(AccountId, "example.com");
        var route = await Zones.AddRouteAsync(zone.Id, "example.com/*", "site");
        var none = await Zones.AddRouteAsync(zone.Id, "example.com/static/*", null);
        Assert.Equal([route, none], await Zones.ListRoutesAsync(zone.Id));
        await Assert.ThrowsAsync<NameConflictException>(() => Zones.AddRouteAsync(zone.Id, "example.com/*", "other"));
        await Assert.ThrowsAsync<NameConflictException>(() => Zones.UpdateRouteAsync(zone.Id, none.Id, "example.com/*", null));

        var updated = (await Zones.UpdateRouteAsync(zone.Id, route.Id, "example.com/api/*", "api"))!;
        Assert.Equal(updated, await Zones.GetRouteAsync(zone.Id, route.Id));
        Assert.Null(await Zones.UpdateRouteAsync(zone.Id, "missing", "example.com/x", null));
        Assert.True(await Zones.DeleteRouteAsync(zone.Id, route.Id));
        Assert.False(await Zones.DeleteRouteAsync(zone.Id, route.Id));
        Assert.Equal([none], await Zones.ListRoutesAsync(zone.Id));

        await Zones.DeleteAsync(AccountId, zone.Id);
        Assert.Empty(await Zones.ListRoutesAsync(zone.Id));
    }

    [Fact]
    public async Task The_most_specific_matching_route_wins_and_every_write_is_seen_by_the_next_lookup()
    {
        var zone = await Zones.CreateAsync(AccountId, "example.com");
        await Zones.AddRouteAsync(zone.Id, "*example.com/*", "catch-all");
        Assert.Equal("catch-all", Storage.Routes.FindRoute("www.example.com:8080", "/x")!.Route.Script);

        var api = await Zones.AddRouteAsync(zone.Id, "www.example.com/api/*", "api");
        Assert.Equal("api", Storage.Routes.FindRoute("WWW.example.com", "/api/v1")!.Route.Script);
        Assert.Equal("catch-all", Storage.Routes.FindRoute("www.example.com", "/other")!.Route.Script);
        Assert.Null(Storage.Routes.FindRoute("example.org", "/"));

        await Zones.DeleteRouteAsync(zone.Id, api.Id);
        Assert.Equal("catch-all", Storage.Routes.FindRoute("www.example.com", "/api/v1")!.Route.Script);
        await Zones.DeleteAsync(AccountId, zone.Id);
        Assert.Null(Storage.Routes.FindRoute("www.example.com", "/api/v1"));
        Assert.Empty(Storage.Routes.ListAll());
    }

    [Fact]
    public async Task Replacing_a_scripts_routes_keeps_others_and_refuses_patterns_routed_elsewhere()
    {
        var zone = await Zones.CreateAsync(AccountId, "example.com");
        await Zones.AddRouteAsync(zone.Id, "example.com/other/*", "other");
        await Zones.AddRouteAsync(zone.Id, "example.com/none/*", null);
        var routes = await Zones.ReplaceScriptRoutesAsync(AccountId, "site", [(zone.Id, "example.com/*"), (zone.Id, "example.com/a/*")]);
        Assert.Equal(["example.com/*", "example.com/a/*"], routes.Select(r => r.Route.Pattern));
        routes = await Zones.ReplaceScriptRoutesAsync(AccountId, "site", [(zone.Id, "example.com/a/*"), (zone.Id, "example.com/b/*")]);
        Assert.Equal(["example.com/a/*", "example.com/b/*"], routes.Select(r => r.Route.Pattern));
        Assert.Equal(routes, await Zones.ListScriptRoutesAsync(AccountId, "site"));

        await Assert.ThrowsAsync<NameConflictException>(() => Zones.ReplaceScriptRoutesAsync(AccountId, "site", [(zone.Id, "example.com/other/*")]));
        await Assert.ThrowsAsync<NameConflictException>(() => Zones.ReplaceScriptRoutesAsync(AccountId, "site", [(zone.Id, "example.com/none/*")]));
        Assert.Equal(routes, await Zones.ListScriptRoutesAsync(AccountId, "site")); // a refused replacement changes nothing
        Assert.Equal(4, Storage.Routes.ListAll().Count);
    }
}

public sealed class SqliteZoneStoreTests() : ZoneStoreContract(new SqliteBackend());

public sealed class PostgresZoneStoreTests() : ZoneStoreContract(new PostgresBackend());
