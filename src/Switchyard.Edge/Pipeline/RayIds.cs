namespace Switchyard.Edge.Pipeline;

/// <summary>
/// Ids of edge requests, as Cloudflare's Ray IDs: 16 hex digits, sent to the client as <c>cf-ray: &lt;id&gt;-&lt;colo&gt;</c>
/// and carried by every log line and trace event of the invocations the request caused, so the two can be matched.
/// Unique enough to correlate, not secret: a fast generator is enough.
/// </summary>
public static class RayIds
{
    public static string Next() => Random.Shared.NextInt64().ToString("x16");
}
