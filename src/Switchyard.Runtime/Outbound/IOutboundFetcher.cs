using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Outbound;

/// <summary>How <c>fetch()</c> redirects are handled (the Request's <c>redirect</c> member).</summary>
public enum RedirectMode { Follow, Manual, Error }

/// <summary>An outbound <c>fetch()</c> of a worker: the request after the runtime normalised it, body buffered.</summary>
public sealed record OutboundRequest(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    RedirectMode Redirect);

/// <summary>The answer to an outbound fetch; <see cref="Body"/> is streamed and disposed by the runtime.</summary>
public sealed record OutboundResponse(
    int Status,
    string StatusText,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Url,
    bool Redirected,
    Stream? Body)
{
    /// <summary>The connection of a WebSocket upgrade the server accepted (status 101), owned by the runtime; else null.</summary>
    public WebSockets.IWebSocketEnd? WebSocket { get; init; }
}

/// <summary>
/// Performs a worker's subrequests. The default goes to the network (<see cref="HttpOutboundFetcher"/>); a dispatcher's
/// outbound worker replaces it for the workers it dispatches to.
/// </summary>
public interface IOutboundFetcher
{
    Task<OutboundResponse> FetchAsync(OutboundCaller caller, OutboundRequest request, CancellationToken ct);

    /// <summary>
    /// A <c>fetch()</c> with <c>Upgrade: websocket</c>: the WebSocket handshake, answered with status 101 and the
    /// connection (<see cref="OutboundResponse.WebSocket"/>), or with the status and headers the server refused it with.
    /// </summary>
    Task<OutboundResponse> ConnectWebSocketAsync(OutboundCaller caller, OutboundRequest request, CancellationToken ct);
}
