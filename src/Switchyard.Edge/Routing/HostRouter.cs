using Switchyard.Storage.Scripts;
using Switchyard.Storage.Zones;

namespace Switchyard.Edge.Routing;

/// <summary>
/// Finds the worker a request is addressed to, from the Host header only (a forwarded host is client-controlled):
/// <c>&lt;script&gt;.&lt;account subdomain&gt;.&lt;workers domain&gt;</c> names an account script directly; any other
/// host goes through the zones' routes, whose most specific match names the script. Every lookup checks storage for
/// commits since its last answer, so a deploy or route change is served from the very next request.
/// </summary>
public sealed class HostRouter(IWorkerDirectory directory, IRouteTable routes, EdgeOptions options)
{
    private readonly string _workersSuffix = "." + options.WorkersDomain.Trim('.').ToLowerInvariant();

    /// <param name="host">The Host header's name, without port.</param>
    /// <param name="path">The request path (no query).</param>
    public RouteMatch Resolve(string host, string path)
    {
        // The route table's own rule (case, trailing dot, port); normalising again there allocates nothing.
        host = RouteCandidates.NormalizeHost(host);
        if (host.EndsWith(_workersSuffix, StringComparison.Ordinal))
        {
            // Exactly two labels before the workers domain: the script and the account subdomain.
            var labels = host[..^_workersSuffix.Length];
            var dot = labels.IndexOf('.');
            if (dot <= 0 || dot == labels.Length - 1 || labels.IndexOf('.', dot + 1) >= 0) return RouteMatch.Unknown;
            var worker = directory.FindBySubdomain(labels[(dot + 1)..], labels[..dot]);
            if (worker is not null) return RouteMatch.To(worker);
            return directory.FindOnSubdomainAccount(labels[(dot + 1)..], labels[..dot]) is null ? RouteMatch.Unknown : RouteMatch.NotOnSubdomain;
        }

        var route = routes.FindRoute(host, path);
        if (route is null) return RouteMatch.Unknown;
        if (route.Route.Script is null) return RouteMatch.NoWorker;
        var routed = directory.FindAccountScript(route.Zone.AccountId, route.Route.Script);
        return routed is null ? RouteMatch.Unknown : RouteMatch.To(routed);
    }
}
