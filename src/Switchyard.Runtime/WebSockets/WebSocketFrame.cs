namespace Switchyard.Runtime.WebSockets;

/// <summary>What a <see cref="WebSocketFrame"/> carries.</summary>
public enum WebSocketFrameKind { Text, Binary, Close, Error }

/// <summary>
/// One event of a WebSocket conversation as the host relays it between a worker and its peer: a whole message (text or
/// binary), the close frame (its code, 1005 when the peer sent none, and reason), or the connection breaking without a
/// close frame (<see cref="WebSocketFrameKind.Error"/>, code 1006, the reason saying why).
/// </summary>
public readonly record struct WebSocketFrame(WebSocketFrameKind Kind, string? Text = null, byte[]? Bytes = null, int Code = 0, string? Reason = null)
{
    /// <summary>The close code of a close frame that had none (RFC 6455 §7.1.5); never sent on the wire.</summary>
    public const int NoStatusCode = 1005;

    /// <summary>The close code reported when the connection broke without a close frame; never sent on the wire.</summary>
    public const int AbnormalCode = 1006;

    public static WebSocketFrame TextMessage(string text) => new(WebSocketFrameKind.Text, Text: text);
    public static WebSocketFrame BinaryMessage(byte[] bytes) => new(WebSocketFrameKind.Binary, Bytes: bytes);
    public static WebSocketFrame Closing(int code, string reason) => new(WebSocketFrameKind.Close, Code: code, Reason: reason);
    public static WebSocketFrame Broken(string reason) => new(WebSocketFrameKind.Error, Code: AbnormalCode, Reason: reason);

    /// <summary>
    /// How much a direction of a WebSocket may hold queued, unsent or unread, before the connection is broken: a worker's
    /// send() cannot wait, so a worker flooding a slow peer would otherwise grow the host's memory without bound.
    /// </summary>
    public const long MaxQueuedBytes = 64L << 20;

    /// <summary>What the frame holds in memory while queued (a message's characters or bytes).</summary>
    public long Size => Text is { } text ? 2L * text.Length : Bytes?.Length ?? 0;

    /// <summary>The reason a connection is broken when <see cref="MaxQueuedBytes"/> is exceeded.</summary>
    public const string QueueFullReason = "The WebSocket's send queue is full: the peer is not reading fast enough.";

    /// <summary>Whether nothing follows this frame in its direction (a close frame or a broken connection).</summary>
    public bool Ends => Kind is WebSocketFrameKind.Close or WebSocketFrameKind.Error;
}
