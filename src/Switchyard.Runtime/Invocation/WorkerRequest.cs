namespace Switchyard.Runtime.Invocation;

/// <summary>
/// An HTTP request as a worker receives it: absolute URL, method, headers in order (duplicates kept) and a body
/// that is streamed, never buffered whole, or null when there is none. <see cref="CfJson"/> is <c>request.cf</c> as a JSON
/// object (the edge's connection facts), shown only to trusted workers (account-level ones and those of a
/// <c>trusted_workers</c> namespace); null for none.
/// </summary>
public sealed record WorkerRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Stream? Body,
    string? CfJson = null)
{
    /// <summary>The edge request's id (the <c>cf-ray</c> the client sees), which logs and trace events carry; null: none.</summary>
    public string? RayId { get; init; }

    /// <summary>The first value of the header <paramref name="name"/> (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }
}
