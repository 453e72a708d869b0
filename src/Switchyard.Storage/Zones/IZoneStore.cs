namespace Switchyard.Storage.Zones;

/// <summary>
/// Zones and their worker routes, scoped by account: a token sees only its account's zones. Asynchronous: on a shared
/// database every call is a network round trip (the edge reads routes through <see cref="IRouteTable"/>, kept in memory).
/// </summary>
public interface IZoneStore
{
    /// <summary>Creates a zone; throws <see cref="NameConflictException"/> when any account already has that name.</summary>
    Task<Zone> CreateAsync(string accountId, string name, CancellationToken ct = default);
    Task<Zone?> GetAsync(string accountId, string zoneId, CancellationToken ct = default);
    /// <summary>The account's zones, by name; only the one called <paramref name="name"/> when given.</summary>
    Task<IReadOnlyList<Zone>> ListAsync(string accountId, string? name = null, CancellationToken ct = default);
    /// <summary>Deletes a zone and its routes.</summary>
    Task<bool> DeleteAsync(string accountId, string zoneId, CancellationToken ct = default);

    Task<IReadOnlyList<WorkerRoute>> ListRoutesAsync(string zoneId, CancellationToken ct = default);
    Task<WorkerRoute?> GetRouteAsync(string zoneId, string routeId, CancellationToken ct = default);
    /// <summary>Adds a route; throws <see cref="NameConflictException"/> when the zone already has the pattern.</summary>
    Task<WorkerRoute> AddRouteAsync(string zoneId, string pattern, string? script, CancellationToken ct = default);
    /// <summary>Changes a route; null when it does not exist, <see cref="NameConflictException"/> on a taken pattern.</summary>
    Task<WorkerRoute?> UpdateRouteAsync(string zoneId, string routeId, string pattern, string? script, CancellationToken ct = default);
    Task<bool> DeleteRouteAsync(string zoneId, string routeId, CancellationToken ct = default);

    /// <summary>Routes of the account's zones that point at <paramref name="script"/>.</summary>
    Task<IReadOnlyList<ZoneRoute>> ListScriptRoutesAsync(string accountId, string script, CancellationToken ct = default);

    /// <summary>
    /// Makes <paramref name="routes"/> (zone id, pattern) exactly the routes of <paramref name="script"/> in one transaction.
    /// Throws <see cref="NameConflictException"/> when a pattern is routed to another script.
    /// </summary>
    Task<IReadOnlyList<ZoneRoute>> ReplaceScriptRoutesAsync(string accountId, string script, IReadOnlyList<(string ZoneId, string Pattern)> routes,
        CancellationToken ct = default);
}
