namespace Switchyard.Storage.Zones;

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
