using System.Buffers.Binary;
using System.Collections.Concurrent;
using Switchyard.Runtime.WebSockets;
using Switchyard.WorkerHosts.Ipc;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// The WebSockets one side of a channel handed to the other: a worker's <c>101</c> response, or a WebSocket a
/// <c>fetch()</c> opened, crosses as an id in its reply; the receiving side then claims it with a
/// <see cref="HostMethods.WebSocket"/> call, which relays the conversation until both directions end. Ids are per
/// channel, so a host can claim only what was handed to it; one left unclaimed is broken after
/// <see cref="ClaimTimeout"/> (the receiver claims as soon as it reads the reply).
/// </summary>
internal sealed class WebSocketHandoffs
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, IWebSocketEnd> _waiting = new();
    private long _next;

    /// <summary>Holds <paramref name="end"/> for the other side to claim by the id returned.</summary>
    public long HandOver(IWebSocketEnd end)
    {
        long id = Interlocked.Increment(ref _next);
        _waiting[id] = end;
        _ = ExpireAsync(id);
        return id;
    }

    /// <summary>
    /// Answers the other side's claim: relays between the end handed over and the call until both directions have
    /// ended. False (nothing answered) when no end waits under the id.
    /// </summary>
    public bool TryServe(ChannelCall call, out Task relay)
    {
        relay = Task.CompletedTask;
        if (call.Head.Length != sizeof(long) || !_waiting.TryRemove(BinaryPrimitives.ReadInt64LittleEndian(call.Head.Span), out IWebSocketEnd? end))
            return false;
        relay = RelayAsync(call, end);
        return true;
    }

    /// <summary>Claims the WebSocket the other side handed over as <paramref name="id"/>.</summary>
    public static IWebSocketEnd Claim(HostChannel channel, long id)
    {
        var head = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(head, id);
        try
        {
            return new CallWebSocketEnd(channel.Call(HostMethods.WebSocket, head));
        }
        catch (ChannelCallException)
        {
            var gone = new WebSocketLink();
            gone.Outer.Send(WebSocketFrame.Broken("The WebSocket's other process went away."));
            return gone.Inner;
        }
    }

    private static async Task RelayAsync(ChannelCall call, IWebSocketEnd end)
    {
        try
        {
            call.SendReply(ReadOnlyMemory<byte>.Empty);  // before the first frame of the body
            await using var remote = new CallWebSocketEnd(call);
            await WebSocketBridge.RunAsync(end, remote, call.Aborted).ConfigureAwait(false);
        }
        catch (ChannelCallException)
        {
            end.Send(WebSocketFrame.Broken("The WebSocket's other process went away."));
        }
        finally
        {
            if (end is IAsyncDisposable connection) await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ExpireAsync(long id)
    {
        await Task.Delay(ClaimTimeout).ConfigureAwait(false);
        if (_waiting.TryRemove(id, out IWebSocketEnd? end)) end.Abandon("The WebSocket was never taken up.");
    }
}
