using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Edge.Pipeline;

/// <summary>
/// Writes a worker's response to the client as it comes: status, headers (hop-by-hop ones dropped, since the edge
/// owns the connection), then the body: whole with its length when the worker made it whole, else flushed chunk by
/// chunk so streamed responses reach the client unbuffered.
/// </summary>
public static class WorkerResponseWriter
{
    private const int CopyBufferSize = 16 * 1024;

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
    };

    /// <summary>
    /// Whether a worker's response header is the edge's to set instead: hop-by-hop ones (the edge owns the connection)
    /// and cf-ray (the edge's names the request; a worker's own, copied from a fetched response, would contradict it).
    /// </summary>
    internal static bool IsEdgeOwned(string name) =>
        HopByHop.Contains(name) || name.Equals("cf-ray", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the response cannot be sent as HTTP, or null when it can.</summary>
    public static string? Problem(WorkerResponse response)
    {
        if (response.Status is < 200 or > 599) return $"status {response.Status} is outside 200-599";
        foreach (var (name, value) in response.Headers)
        {
            if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(TokenChars)) return $"invalid header name '{name}'";
            if (value.AsSpan().ContainsAny('\r', '\n', '\0')) return $"header '{name}' has a control character in its value";
        }
        return null;
    }

    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Sends the response (check <see cref="Problem"/> first) and disposes its body.</summary>
    public static async Task WriteAsync(HttpContext context, WorkerResponse worker, CancellationToken ct)
    {
        await using var body = worker.Body;
        var response = context.Response;
        response.StatusCode = worker.Status;
        if (worker.StatusText.Length > 0 && context.Features.Get<IHttpResponseFeature>() is { } feature)
            feature.ReasonPhrase = worker.StatusText;
        foreach (var (name, value) in worker.Headers)
        {
            if (IsEdgeOwned(name)) continue;
            response.Headers.Append(name, value);
        }

        var noBody = HttpMethods.IsHead(context.Request.Method) || worker.Status is 204 or 304;
        if (body is null || noBody)
        {
            await response.StartAsync(ct);
            return;
        }

        if (worker.TryGetWholeBody(out ReadOnlyMemory<byte> whole))
        {
            // Goes out with its length in one write, as Workers sends a body of known length: no chunk framing, no
            // flush per chunk.
            response.ContentLength = whole.Length;
            await response.Body.WriteAsync(whole, ct);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                await response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                await response.Body.FlushAsync(ct);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }
}
