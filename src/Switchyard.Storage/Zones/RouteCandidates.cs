namespace Switchyard.Storage.Zones;

/// <summary>
/// How both backends' route tables answer <see cref="IRouteTable.FindRoute"/>: the request's host without its port,
/// lower-cased and without a trailing dot (<see cref="NormalizeHost"/>); the zones it can belong to, the host and each
/// parent domain (<see cref="ZoneNames"/>); those zones' routes whose patterns parse, most specific first, of which the
/// first that matches the host and path wins (<see cref="Match"/>). Only the query for the zones' routes is the backend's.
/// </summary>
public sealed class RouteCandidates(IEnumerable<ZoneRoute> routes)
{
    private readonly List<(ZoneRoute Route, RoutePattern Pattern)> _mostSpecificFirst = routes
        .Select(r => (Route: r, Parsed: RoutePattern.TryParse(r.Route.Pattern, out var p, out _) ? p : null))
        .Where(x => x.Parsed is not null)
        .Select(x => (x.Route, Pattern: x.Parsed!))
        .OrderByDescending(x => x.Pattern, Comparer<RoutePattern>.Create(RoutePattern.CompareSpecificity))
        .ToList();

    public static string NormalizeHost(string host)
    {
        if (host.StartsWith('['))
        {
            // An IPv6 literal holds colons of its own: a port can only follow its closing bracket.
            var close = host.IndexOf(']');
            if (close > 0) host = host[..(close + 1)];
        }
        else if (host.IndexOf(':') is var colon and > 0 && colon == host.LastIndexOf(':'))
        {
            host = host[..colon];
        }
        return host.ToLowerInvariant().TrimEnd('.');
    }

    /// <summary>The host and every domain above it: <c>a.b.example.com</c>, <c>b.example.com</c>, <c>example.com</c>, <c>com</c>.</summary>
    public static string[] ZoneNames(string normalizedHost)
    {
        var labels = normalizedHost.Split('.');
        return [.. Enumerable.Range(0, labels.Length).Select(i => string.Join('.', labels[i..]))];
    }

    public ZoneRoute? Match(string normalizedHost, string path) =>
        _mostSpecificFirst.FirstOrDefault(x => x.Pattern.Matches(normalizedHost, path)).Route;
}
