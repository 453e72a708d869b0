using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// Makes the TCP connections of <c>cloudflare:sockets</c>, under the same address rules as <c>fetch()</c>: the
/// <see cref="GuardedConnector"/> in one process; in a worker host, the server, asked over the channel.
/// </summary>
public interface ISocketDialer
{
    /// <summary>A connection of <paramref name="caller"/> to <paramref name="host"/>:<paramref name="port"/>; a refusal throws with the message the worker sees.</summary>
    Task<SocketConnection> ConnectAsync(OutboundCaller caller, string host, int port, CancellationToken ct);
}
