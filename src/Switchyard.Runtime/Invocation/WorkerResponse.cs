namespace Switchyard.Runtime.Invocation;

/// <summary>
/// What a worker (or the assets binding) answered. <see cref="Body"/> is read to the end by whoever writes the
/// response to the wire, and disposed by them; null means no body.
/// </summary>
public sealed record WorkerResponse(
    int Status,
    string StatusText,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Stream? Body)
{
    /// <summary>
    /// The worker's side of the WebSocket a <c>101</c> response carries (<c>new Response(null, {status: 101, webSocket})</c>),
    /// for whoever answers the client to relay; null for any other response. Whoever takes the response owns it, and
    /// breaks it (<see cref="WebSockets.WebSocketFrame.Broken"/>) if they cannot use it.
    /// </summary>
    public WebSockets.IWebSocketEnd? WebSocket { get; init; }

    /// <summary>
    /// The body's unread bytes when the worker made it whole (a string, buffer or JSON body comes over as a publicly
    /// visible <see cref="MemoryStream"/>), so it can be passed on in one piece instead of read as a stream.
    /// </summary>
    public bool TryGetWholeBody(out ReadOnlyMemory<byte> bytes)
    {
        if (Body is MemoryStream whole && whole.TryGetBuffer(out ArraySegment<byte> buffer))
        {
            bytes = buffer.AsMemory((int)whole.Position);
            return true;
        }
        bytes = default;
        return false;
    }
}
