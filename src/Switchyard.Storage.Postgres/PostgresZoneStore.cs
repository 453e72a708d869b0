using Npgsql;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Freshness;
using Switchyard.Storage.Zones;
using static Switchyard.Storage.Rows.ZoneRowReaders;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresZoneStore(PostgresDatabase db, TimeProvider clock) : IZoneStore, IRouteTable
{
    // The edge resolves a route on every request to a custom host: a host's candidate routes, parsed and most specific
    // first, are kept until the change feed reports a commit.
    private readonly CommitScopedMemo<RouteCandidates> _hostRoutes = new(db.Changes);

    public async Task<Zone> CreateAsync(string accountId, string name, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().TruncatedToMilliseconds();
        var zone = new Zone(TokenSecrets.NewId(), accountId, name, now, now);
        await PostgresErrors.OnUniqueViolationAsync(() => db.InChangingTransactionAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO zones (id, account_id, name, created_on, modified_on) VALUES (@id, @acct, @name, @on, @on)", t, ct,
            ("id", zone.Id), ("acct", accountId), ("name", name), ("on", now.ToUnixTimeMilliseconds())), ct),
            $"A zone named '{name}' already exists");
        return zone;
    }

    public async Task<Zone?> GetAsync(string accountId, string zoneId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync(ZoneColumns + " WHERE z.account_id = @acct AND z.id = @id", ReadZone, null, ct, ("acct", accountId), ("id", zoneId));
    }

    public async Task<IReadOnlyList<Zone>> ListAsync(string accountId, string? name = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(ZoneColumns + " WHERE z.account_id = @acct AND (@name::text IS NULL OR z.name = @name::text) ORDER BY z.name",
            ReadZone, null, ct, ("acct", accountId), ("name", name));
    }

    public async Task<bool> DeleteAsync(string accountId, string zoneId, CancellationToken ct = default) =>
        await db.InChangingTransactionAsync((c, t) =>
            c.ExecuteAsync("DELETE FROM zones WHERE account_id = @acct AND id = @id", t, ct, ("acct", accountId), ("id", zoneId)), ct) > 0;

    public async Task<IReadOnlyList<WorkerRoute>> ListRoutesAsync(string zoneId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(RouteColumns + " WHERE r.zone_id = @z ORDER BY r.pattern", ReadRoute, null, ct, ("z", zoneId));
    }

    public async Task<WorkerRoute?> GetRouteAsync(string zoneId, string routeId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync(RouteColumns + " WHERE r.zone_id = @z AND r.id = @id", ReadRoute, null, ct, ("z", zoneId), ("id", routeId));
    }

    public async Task<WorkerRoute> AddRouteAsync(string zoneId, string pattern, string? script, CancellationToken ct = default)
    {
        var route = new WorkerRoute(TokenSecrets.NewId(), zoneId, pattern, script);
        await PostgresErrors.OnUniqueViolationAsync(() => db.InChangingTransactionAsync((c, t) => InsertRouteAsync(c, t, route, ct), ct),
            $"A route with the pattern '{pattern}' already exists in this zone");
        return route;
    }

    public async Task<WorkerRoute?> UpdateRouteAsync(string zoneId, string routeId, string pattern, string? script, CancellationToken ct = default)
    {
        var changed = await PostgresErrors.OnUniqueViolationAsync(() => db.InChangingTransactionAsync((c, t) => c.ExecuteAsync(
            "UPDATE worker_routes SET pattern = @p, script = @s::text WHERE zone_id = @z AND id = @id", t, ct,
            ("p", pattern), ("s", script), ("z", zoneId), ("id", routeId)), ct),
            $"A route with the pattern '{pattern}' already exists in this zone");
        return changed == 0 ? null : new WorkerRoute(routeId, zoneId, pattern, script);
    }

    public async Task<bool> DeleteRouteAsync(string zoneId, string routeId, CancellationToken ct = default) =>
        await db.InChangingTransactionAsync((c, t) =>
            c.ExecuteAsync("DELETE FROM worker_routes WHERE zone_id = @z AND id = @id", t, ct, ("z", zoneId), ("id", routeId)), ct) > 0;

    public async Task<IReadOnlyList<ZoneRoute>> ListScriptRoutesAsync(string accountId, string script, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await ScriptRoutesAsync(c, null, accountId, script, ct);
    }

    public Task<IReadOnlyList<ZoneRoute>> ReplaceScriptRoutesAsync(string accountId, string script, IReadOnlyList<(string ZoneId, string Pattern)> routes,
        CancellationToken ct = default) =>
        db.InChangingTransactionAsync<IReadOnlyList<ZoneRoute>>(async (c, t) =>
        {
            // One script's routes are replaced by one transaction at a time, as under SQLite's single writer.
            await c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", t, ct, ("key", $"routes/{accountId}/{script}"));
            var current = await ScriptRoutesAsync(c, t, accountId, script, ct);
            var wanted = routes.Select(r => (r.ZoneId, r.Pattern)).ToHashSet();
            foreach (var old in current.Where(r => !wanted.Contains((r.Zone.Id, r.Route.Pattern))))
                await c.ExecuteAsync("DELETE FROM worker_routes WHERE id = @id", t, ct, ("id", old.Route.Id));

            foreach (var (zoneId, pattern) in wanted)
            {
                var taken = await c.QuerySingleAsync(RouteColumns + " WHERE r.zone_id = @z AND r.pattern = @p", ReadRoute, t, ct,
                    ("z", zoneId), ("p", pattern));
                if (taken is null) await InsertRouteAsync(c, t, new WorkerRoute(TokenSecrets.NewId(), zoneId, pattern, script), ct);
                else if (taken.Script != script)
                    throw new NameConflictException(taken.Script is null
                        ? $"The route '{pattern}' already exists and is routed to no worker; delete it or point it at '{script}' first"
                        : $"The route '{pattern}' is already assigned to the worker '{taken.Script}'");
            }
            return await ScriptRoutesAsync(c, t, accountId, script, ct);
        }, ct);

    public ZoneRoute? FindRoute(string host, string path)
    {
        host = RouteCandidates.NormalizeHost(host);
        var candidates = _hostRoutes.Get(host, () =>
        {
            using var c = db.Open();
            return new RouteCandidates(c.Query($"{JoinedColumns} WHERE z.name = ANY(@names)", ReadZoneRoute, null,
                ("names", RouteCandidates.ZoneNames(host))));
        });
        return candidates.Match(host, path);
    }

    public IReadOnlyList<ZoneRoute> ListAll()
    {
        using var c = db.Open();
        return c.Query(JoinedColumns + " ORDER BY z.name, r.pattern", ReadZoneRoute);
    }

    private static async Task<IReadOnlyList<ZoneRoute>> ScriptRoutesAsync(NpgsqlConnection c, NpgsqlTransaction? t, string accountId, string script,
        CancellationToken ct) =>
        await c.QueryAsync(JoinedColumns + " WHERE z.account_id = @acct AND r.script = @s ORDER BY z.name, r.pattern", ReadZoneRoute, t, ct,
            ("acct", accountId), ("s", script));

    private Task<int> InsertRouteAsync(NpgsqlConnection c, NpgsqlTransaction t, WorkerRoute route, CancellationToken ct) => c.ExecuteAsync(
        "INSERT INTO worker_routes (id, zone_id, pattern, script, created_on) VALUES (@id, @z, @p, @s::text, @on)", t, ct,
        ("id", route.Id), ("z", route.ZoneId), ("p", route.Pattern), ("s", route.Script), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()));
}
