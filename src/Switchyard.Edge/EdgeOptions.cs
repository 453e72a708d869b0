namespace Switchyard.Edge;

/// <summary>What the edge needs to know about its deployment.</summary>
public sealed record EdgeOptions
{
    /// <summary>Scripts are served at <c>&lt;script&gt;.&lt;account subdomain&gt;.&lt;WorkersDomain&gt;</c>.</summary>
    public string WorkersDomain { get; init; } = "workers.localhost";

    /// <summary>This edge's name as <c>request.cf.colo</c> shows it (Cloudflare uses IATA airport codes).</summary>
    public string Colo { get; init; } = "LOCAL";
}
