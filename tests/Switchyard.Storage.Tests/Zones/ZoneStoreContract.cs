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
        var zone = Zones.Create(AccountId, "example.com");
        Assert.Equal(zone, Zones.Get(AccountId, zone.Id));
        Zones.Create(AccountId, "a.org");
        Assert.Equal(["a.org", "example.com"], Zones.List(AccountId).Select(z => z.Name));
        Assert.Equal([zone], Zones.List(AccountId, "example.com"));

        const string other = "fedcba9876543210fedcba9876543210";
        await Storage.Accounts.CreateAsync(other, "other", "other");
        Assert.Throws<NameConflictException>(() => Zones.Create(other, "example.com"));
        Assert.Null(Zones.Get(other, zone.Id));
        Assert.False(Zones.Delete(other, zone.Id));
        Assert.True(Zones.Delete(AccountId, zone.Id));
        Assert.Null(Zones.Get(AccountId, zone.Id));
    }

    [Fact]
    public void Routes_are_added_updated_and_deleted_with_patterns_unique_per_zone()
    {
        var zone = Zones.Create(AccountId, "example.com");
        var route = Zones.AddRoute(zone.Id, "example.com/*", "site");
        var none = Zones.AddRoute(zone.Id, "example.com/static/*", null);
        Assert.Equal([route, none], Zones.ListRoutes(zone.Id));
        Assert.Throws<NameConflictException>(() => Zones.AddRoute(zone.Id, "example.com/*", "other"));
        Assert.Throws<NameConflictException>(() => Zones.UpdateRoute(zone.Id, none.Id, "example.com/*", null));

        var updated = Zones.UpdateRoute(zone.Id, route.Id, "example.com/api/*", "api")!;
        Assert.Equal(updated, Zones.GetRoute(zone.Id, route.Id));
        Assert.Null(Zones.UpdateRoute(zone.Id, "missing", "example.com/x", null));
        Assert.True(Zones.DeleteRoute(zone.Id, route.Id));
        Assert.False(Zones.DeleteRoute(zone.Id, route.Id));
        Assert.Equal([none], Zones.ListRoutes(zone.Id));

        Zones.Delete(AccountId, zone.Id);
        Assert.Empty(Zones.ListRoutes(zone.Id));
    }

    [Fact]
    public void The_most_specific_matching_route_wins_and_every_write_is_seen_by_the_next_lookup()
    {
        var zone = Zones.Create(AccountId, "example.com");
        Zones.AddRoute(zone.Id, "*example.com/*", "catch-all");
        Assert.Equal("catch-all", Storage.Routes.FindRoute("www.example.com:8080", "/x")!.Route.Script);

        var api = Zones.AddRoute(zone.Id, "www.example.com/api/*", "api");
        Assert.Equal("api", Storage.Routes.FindRoute("WWW.example.com", "/api/v1")!.Route.Script);
        Assert.Equal("catch-all", Storage.Routes.FindRoute("www.example.com", "/other")!.Route.Script);
        Assert.Null(Storage.Routes.FindRoute("example.org", "/"));

        Zones.DeleteRoute(zone.Id, api.Id);
        Assert.Equal("catch-all", Storage.Routes.FindRoute("www.example.com", "/api/v1")!.Route.Script);
        Zones.Delete(AccountId, zone.Id);
        Assert.Null(Storage.Routes.FindRoute("www.example.com", "/api/v1"));
        Assert.Empty(Storage.Routes.ListAll());
    }

    [Fact]
    public void Replacing_a_scripts_routes_keeps_others_and_refuses_patterns_routed_elsewhere()
    {
        var zone = Zones.Create(AccountId, "example.com");
        Zones.AddRoute(zone.Id, "example.com/other/*", "other");
        Zones.AddRoute(zone.Id, "example.com/none/*", null);
        var routes = Zones.ReplaceScriptRoutes(AccountId, "site", [(zone.Id, "example.com/*"), (zone.Id, "example.com/a/*")]);
        Assert.Equal(["example.com/*", "example.com/a/*"], routes.Select(r => r.Route.Pattern));
        routes = Zones.ReplaceScriptRoutes(AccountId, "site", [(zone.Id, "example.com/a/*"), (zone.Id, "example.com/b/*")]);
        Assert.Equal(["example.com/a/*", "example.com/b/*"], routes.Select(r => r.Route.Pattern));
        Assert.Equal(routes, Zones.ListScriptRoutes(AccountId, "site"));

        Assert.Throws<NameConflictException>(() => Zones.ReplaceScriptRoutes(AccountId, "site", [(zone.Id, "example.com/other/*")]));
        Assert.Throws<NameConflictException>(() => Zones.ReplaceScriptRoutes(AccountId, "site", [(zone.Id, "example.com/none/*")]));
        Assert.Equal(routes, Zones.ListScriptRoutes(AccountId, "site")); // a refused replacement changes nothing
        Assert.Equal(4, Storage.Routes.ListAll().Count);
    }
}

public sealed class SqliteZoneStoreTests() : ZoneStoreContract(new SqliteBackend());

public sealed class PostgresZoneStoreTests() : ZoneStoreContract(new PostgresBackend());
