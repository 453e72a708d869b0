using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Switchyard.Edge.Assets;

/// <summary>
/// What the asset router needs to know about a request. <see cref="Path"/> and <see cref="Query"/> are the request
/// target as sent (still percent-encoded): the router normalizes and decodes them itself, because rules match the
/// encoded form while files are looked up by the decoded one.
/// </summary>
public readonly record struct AssetRequest
{
    public AssetRequest(string method, string path, string query = "")
    {
        Method = method;
        Path = path;
        Query = query;
    }

    public string Method { get; init; }

    /// <summary>The path of the request target, percent-encoded as received (no query).</summary>
    public string Path { get; init; }

    /// <summary>The query string as received, "" or "?…".</summary>
    public string Query { get; init; }

    /// <summary>The host name without port (for <c>https://host/…</c> rules of <c>_headers</c>).</summary>
    public string Host { get; init; } = "";

    public string? IfNoneMatch { get; init; }

    public string? Range { get; init; }

    public string? IfRange { get; init; }

    /// <summary>Whether the request carries an Authorization header (then no Cache-Control is sent).</summary>
    public bool HasAuthorization { get; init; }

    /// <summary>The Sec-Fetch-Mode header; "navigate" marks a browser navigation.</summary>
    public string? SecFetchMode { get; init; }

    public bool IsNavigation => SecFetchMode == "navigate";

    /// <summary>Reads an ASP.NET request, taking the path from the raw request target so that its percent-encoding
    /// is exactly what the client sent.</summary>
    public static AssetRequest From(HttpRequest request)
    {
        var (path, query) = SplitTarget(request);
        var headers = request.Headers;
        return new AssetRequest(request.Method, path, query)
        {
            Host = request.Host.Host,
            IfNoneMatch = OrNull(headers.IfNoneMatch.ToString()),
            Range = OrNull(headers.Range.ToString()),
            IfRange = OrNull(headers.IfRange.ToString()),
            HasAuthorization = headers.ContainsKey("Authorization"),
            SecFetchMode = OrNull(headers["Sec-Fetch-Mode"].ToString()),
        };
    }

    /// <summary>The request target's path and query exactly as the client sent them.</summary>
    internal static (string Path, string Query) SplitTarget(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            // Absolute-form targets ("http://host/path") carry scheme and authority first.
            if (raw[0] != '/' && raw.IndexOf("://", StringComparison.Ordinal) is var scheme and > 0)
            {
                var slash = raw.IndexOf('/', scheme + 3);
                raw = slash < 0 ? "/" : raw[slash..];
            }
            if (raw[0] == '/')
            {
                var question = raw.IndexOf('?');
                return question < 0 ? (raw, "") : (raw[..question], raw[question..]);
            }
        }
        return ((request.PathBase + request.Path).ToUriComponent(), request.QueryString.Value ?? "");
    }

    private static string? OrNull(string value) => value.Length == 0 ? null : value;
}
