namespace Switchyard.Storage.Zones;

/// <summary>Zones and their worker routes, scoped by account: a token sees only its account's zones.</summary>
public interface IZoneStore
{
    /// <summary>Creates a zone; throws <see cref="NameConflictException"/> when any account already has that name.</summary>
    Zone Create(string accountId, string name);
    Zone? Get(string accountId, string zoneId);
    /// <summary>The account's zones, by name; only the one called <paramref name="name"/> when given.</summary>
    IReadOnlyList<Zone> List(string accountId, string? name = null);
    /// <summary>Deletes a zone and its routes.</summary>
    bool Delete(string accountId, string zoneId);

    IReadOnlyList<WorkerRoute> ListRoutes(string zoneId);
    WorkerRoute? GetRoute(string zoneId, string routeId);
    /// <summary>Adds a route; throws <see cref="NameConflictException"/> when the zone already has the pattern.</summary>
    WorkerRoute AddRoute(string zoneId, string pattern, string? script);
    /// <summary>Changes a route; null when it does not exist, <see cref="NameConflictException"/> on a taken pattern.</summary>
    WorkerRoute? UpdateRoute(string zoneId, string routeId, string pattern, string? script);
    bool DeleteRoute(string zoneId, string routeId);

    /// <summary>Routes of the account's zones that point at <paramref name="script"/>.</summary>
    IReadOnlyList<ZoneRoute> ListScriptRoutes(string accountId, string script);

    /// <summary>
    /// Makes <paramref name="routes"/> (zone id, pattern) exactly the routes of <paramref name="script"/> in one transaction.
    /// Throws <see cref="NameConflictException"/> when a pattern is routed to another script.
    /// </summary>
    IReadOnlyList<ZoneRoute> ReplaceScriptRoutes(string accountId, string script, IReadOnlyList<(string ZoneId, string Pattern)> routes);
}

/// <summary>The edge's view of routes: which script, if any, a request URL is routed to.</summary>
public interface IRouteTable
{
    /// <summary>
    /// The most specific route (see <see cref="RoutePattern.CompareSpecificity"/>) whose zone contains
    /// <paramref name="host"/> (port ignored) and whose pattern matches <paramref name="path"/>, or null. A match with a
    /// null <see cref="WorkerRoute.Script"/> means the URL is explicitly routed to no worker.
    /// </summary>
    ZoneRoute? FindRoute(string host, string path);

    /// <summary>Every route of every zone (for caching or diagnostics).</summary>
    IReadOnlyList<ZoneRoute> ListAll();
}
