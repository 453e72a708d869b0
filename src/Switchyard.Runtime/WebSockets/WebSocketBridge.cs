namespace Switchyard.Runtime.WebSockets;

/// <summary>
/// Relays a WebSocket conversation between two <see cref="IWebSocketEnd"/>s (the edge's client and a worker's end) until
/// both directions have ended. Once one direction has ended, the other gets <see cref="CloseTimeout"/> to end too (a
/// close frame answered with one); past it, or when <paramref name="ct"/> is cancelled, the connection is broken.
/// </summary>
public static class WebSocketBridge
{
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(IWebSocketEnd a, IWebSocketEnd b, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task aToB = PumpAsync(a, b, stop.Token), bToA = PumpAsync(b, a, stop.Token);
        Task first = await Task.WhenAny(aToB, bToA).ConfigureAwait(false);
        Task second = first == aToB ? bToA : aToB;
        if (await Task.WhenAny(second, Task.Delay(CloseTimeout, stop.Token)).ConfigureAwait(false) != second)
        {
            const string why = "The WebSocket's closing handshake did not complete in time.";
            a.Send(WebSocketFrame.Broken(why));
            b.Send(WebSocketFrame.Broken(why));
            stop.Cancel();
        }
        await Task.WhenAll(aToB, bToA).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task PumpAsync(IWebSocketEnd from, IWebSocketEnd to, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                WebSocketFrame frame = await from.ReceiveAsync(ct).ConfigureAwait(false);
                to.Send(frame);
                if (frame.Ends) return;
            }
        }
        catch (OperationCanceledException)
        {
            // The client is gone (or the close timed out): both sides learn the connection broke.
            to.Send(WebSocketFrame.Broken("The WebSocket connection was cancelled."));
            from.Send(WebSocketFrame.Broken("The WebSocket connection was cancelled."));
        }
    }
}
