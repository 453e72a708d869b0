using Switchyard.Storage.Scripts;

namespace Switchyard.Edge.Routing;

public enum RouteMatchKind
{
    /// <summary>The request goes to <see cref="RouteMatch.Worker"/>.</summary>
    Worker,
    /// <summary>A zone route matches but names no script: the URL is explicitly served by no worker.</summary>
    NoWorker,
    /// <summary>Neither a workers subdomain address nor a zone route matches (or the script they name is gone).</summary>
    Unknown,
    /// <summary>A workers subdomain address names an account script whose address is not enabled.</summary>
    NotOnSubdomain,
}

/// <summary>Where <see cref="HostRouter"/> sends a request.</summary>
public sealed record RouteMatch(RouteMatchKind Kind, WorkerRef? Worker)
{
    public static RouteMatch NoWorker { get; } = new(RouteMatchKind.NoWorker, null);
    public static RouteMatch Unknown { get; } = new(RouteMatchKind.Unknown, null);
    public static RouteMatch NotOnSubdomain { get; } = new(RouteMatchKind.NotOnSubdomain, null);
    public static RouteMatch To(WorkerRef worker) => new(RouteMatchKind.Worker, worker);
}
