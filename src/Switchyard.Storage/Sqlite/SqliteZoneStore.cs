using Switchyard.Storage.Freshness;
using Microsoft.Data.Sqlite;
using Switchyard.Storage.Accounts;
using Switchyard.Storage.Zones;
using static Switchyard.Storage.Rows.ZoneRowReaders;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteZoneStore(SqliteDatabase db, TimeProvider clock) : IZoneStore, IRouteTable
{
    // SQLite's work is synchronous and local: it runs inline and its outcome comes back as a completed task (CompletedTasks).
    public Task<Zone> CreateAsync(string accountId, string name, CancellationToken ct = default) => CompletedTasks.Run(() => Create(accountId, name));
    public Task<Zone?> GetAsync(string accountId, string zoneId, CancellationToken ct = default) => CompletedTasks.Run(() => Get(accountId, zoneId));
    public Task<IReadOnlyList<Zone>> ListAsync(string accountId, string? name = null, CancellationToken ct = default) => CompletedTasks.Run(() => List(accountId, name));
    public Task<bool> DeleteAsync(string accountId, string zoneId, CancellationToken ct = default) => CompletedTasks.Run(() => Delete(accountId, zoneId));
    public Task<IReadOnlyList<WorkerRoute>> ListRoutesAsync(string zoneId, CancellationToken ct = default) => CompletedTasks.Run(() => ListRoutes(zoneId));
    public Task<WorkerRoute?> GetRouteAsync(string zoneId, string routeId, CancellationToken ct = default) => CompletedTasks.Run(() => GetRoute(zoneId, routeId));
    public Task<WorkerRoute> AddRouteAsync(string zoneId, string pattern, string? script, CancellationToken ct = default) =>
        CompletedTasks.Run(() => AddRoute(zoneId, pattern, script));
    public Task<WorkerRoute?> UpdateRouteAsync(string zoneId, string routeId, string pattern, string? script, CancellationToken ct = default) =>
        CompletedTasks.Run(() => UpdateRoute(zoneId, routeId, pattern, script));
    public Task<bool> DeleteRouteAsync(string zoneId, string routeId, CancellationToken ct = default) => CompletedTasks.Run(() => DeleteRoute(zoneId, routeId));
    public Task<IReadOnlyList<ZoneRoute>> ListScriptRoutesAsync(string accountId, string script, CancellationToken ct = default) =>
        CompletedTasks.Run(() => ListScriptRoutes(accountId, script));
    public Task<IReadOnlyList<ZoneRoute>> ReplaceScriptRoutesAsync(string accountId, string script, IReadOnlyList<(string ZoneId, string Pattern)> routes,
        CancellationToken ct = default) => CompletedTasks.Run(() => ReplaceScriptRoutes(accountId, script, routes));

    // The edge resolves a route on every request to a custom host: a host's candidate routes, parsed and most specific
    // first, are kept until the next commit.
    private readonly CommitScopedMemo<RouteCandidates> _hostRoutes = new(db.CommitProbe);

    private Zone Create(string accountId, string name)
    {
        var now = clock.GetUtcNow().TruncatedToMilliseconds();
        var zone = new Zone(TokenSecrets.NewId(), accountId, name, now, now);
        using var c = db.Open();
        SqliteErrors.OnUniqueViolation(() => c.Execute(
            "INSERT INTO zones (id, account_id, name, created_on, modified_on) VALUES ($id, $acct, $name, $on, $on)", null,
            ("$id", zone.Id), ("$acct", accountId), ("$name", name), ("$on", now.ToUnixTimeMilliseconds())),
            $"A zone named '{name}' already exists");
        return zone;
    }

    private Zone? Get(string accountId, string zoneId)
    {
        using var c = db.Open();
        return c.QuerySingle(ZoneColumns + " WHERE z.account_id = $acct AND z.id = $id", ReadZone, null, ("$acct", accountId), ("$id", zoneId));
    }

    private IReadOnlyList<Zone> List(string accountId, string? name = null)
    {
        using var c = db.Open();
        return c.Query(ZoneColumns + " WHERE z.account_id = $acct AND ($name IS NULL OR z.name = $name) ORDER BY z.name", ReadZone, null,
            ("$acct", accountId), ("$name", name));
    }

    private bool Delete(string accountId, string zoneId)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM zones WHERE account_id = $acct AND id = $id", null, ("$acct", accountId), ("$id", zoneId)) > 0;
    }

    private IReadOnlyList<WorkerRoute> ListRoutes(string zoneId)
    {
        using var c = db.Open();
        return c.Query(RouteColumns + " WHERE r.zone_id = $z ORDER BY r.pattern", ReadRoute, null, ("$z", zoneId));
    }

    private WorkerRoute? GetRoute(string zoneId, string routeId)
    {
        using var c = db.Open();
        return c.QuerySingle(RouteColumns + " WHERE r.zone_id = $z AND r.id = $id", ReadRoute, null, ("$z", zoneId), ("$id", routeId));
    }

    private WorkerRoute AddRoute(string zoneId, string pattern, string? script)
    {
        var route = new WorkerRoute(TokenSecrets.NewId(), zoneId, pattern, script);
        using var c = db.Open();
        SqliteErrors.OnUniqueViolation(() => InsertRoute(c, null, route), $"A route with the pattern '{pattern}' already exists in this zone");
        return route;
    }

    private WorkerRoute? UpdateRoute(string zoneId, string routeId, string pattern, string? script)
    {
        using var c = db.Open();
        var changed = SqliteErrors.OnUniqueViolation(() => c.Execute(
            "UPDATE worker_routes SET pattern = $p, script = $s WHERE zone_id = $z AND id = $id", null,
            ("$p", pattern), ("$s", script), ("$z", zoneId), ("$id", routeId)),
            $"A route with the pattern '{pattern}' already exists in this zone");
        return changed == 0 ? null : new WorkerRoute(routeId, zoneId, pattern, script);
    }

    private bool DeleteRoute(string zoneId, string routeId)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM worker_routes WHERE zone_id = $z AND id = $id", null, ("$z", zoneId), ("$id", routeId)) > 0;
    }

    private IReadOnlyList<ZoneRoute> ListScriptRoutes(string accountId, string script)
    {
        using var c = db.Open();
        return ScriptRoutes(c, null, accountId, script);
    }

    private IReadOnlyList<ZoneRoute> ReplaceScriptRoutes(string accountId, string script, IReadOnlyList<(string ZoneId, string Pattern)> routes) =>
        db.InTransaction((c, t) =>
        {
            var current = ScriptRoutes(c, t, accountId, script);
            var wanted = routes.Select(r => (r.ZoneId, r.Pattern)).ToHashSet();
            foreach (var old in current.Where(r => !wanted.Contains((r.Zone.Id, r.Route.Pattern))))
                c.Execute("DELETE FROM worker_routes WHERE id = $id", t, ("$id", old.Route.Id));

            foreach (var (zoneId, pattern) in wanted)
            {
                var taken = c.QuerySingle(RouteColumns + " WHERE r.zone_id = $z AND r.pattern = $p", ReadRoute, t, ("$z", zoneId), ("$p", pattern));
                if (taken is null) InsertRoute(c, t, new WorkerRoute(TokenSecrets.NewId(), zoneId, pattern, script));
                else if (taken.Script != script)
                    throw new NameConflictException(taken.Script is null
                        ? $"The route '{pattern}' already exists and is routed to no worker; delete it or point it at '{script}' first"
                        : $"The route '{pattern}' is already assigned to the worker '{taken.Script}'");
            }
            return (IReadOnlyList<ZoneRoute>)ScriptRoutes(c, t, accountId, script);
        });

    public ZoneRoute? FindRoute(string host, string path)
    {
        host = RouteCandidates.NormalizeHost(host);
        var candidates = _hostRoutes.Get(host, () =>
        {
            var parameters = RouteCandidates.ZoneNames(host).Select((n, i) => ($"$z{i}", (object?)n)).ToArray();
            using var c = db.Open();
            return new RouteCandidates(c.Query($"{JoinedColumns} WHERE z.name IN ({string.Join(", ", parameters.Select(p => p.Item1))})",
                ReadZoneRoute, null, parameters));
        });
        return candidates.Match(host, path);
    }

    public IReadOnlyList<ZoneRoute> ListAll()
    {
        using var c = db.Open();
        return c.Query(JoinedColumns + " ORDER BY z.name, r.pattern", ReadZoneRoute);
    }

    private static List<ZoneRoute> ScriptRoutes(SqliteConnection c, SqliteTransaction? t, string accountId, string script) =>
        c.Query(JoinedColumns + " WHERE z.account_id = $acct AND r.script = $s ORDER BY z.name, r.pattern", ReadZoneRoute, t,
            ("$acct", accountId), ("$s", script));

    private int InsertRoute(SqliteConnection c, SqliteTransaction? t, WorkerRoute route) => c.Execute(
        "INSERT INTO worker_routes (id, zone_id, pattern, script, created_on) VALUES ($id, $z, $p, $s, $on)", t,
        ("$id", route.Id), ("$z", route.ZoneId), ("$p", route.Pattern), ("$s", route.Script), ("$on", clock.GetUtcNow().ToUnixTimeMilliseconds()));
}
