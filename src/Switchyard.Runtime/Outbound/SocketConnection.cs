using System.Net;
using System.Net.Sockets;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// A TCP connection a worker opened with <c>connect()</c> from <c>cloudflare:sockets</c>, whoever dialed it: the
/// runtime itself (<see cref="Over(NetworkStream)"/>) or, for a worker host, the server relaying it over the host's
/// channel. <see cref="Stream"/> is the plain byte stream; TLS, when the worker asks for it, is the runtime's, on top.
/// </summary>
public sealed class SocketConnection(Stream stream, string remoteAddress, string localAddress, Func<ValueTask> closeWrite) : IDisposable
{
    public Stream Stream => stream;
    public string RemoteAddress => remoteAddress;
    public string LocalAddress => localAddress;

    /// <summary>Ends the sending side (the peer reads the end of the stream); the connection stays readable.</summary>
    public ValueTask CloseWriteAsync() => closeWrite();

    public void Dispose() => stream.Dispose();

    /// <summary>A connection the runtime made on the network itself.</summary>
    public static SocketConnection Over(NetworkStream network)
    {
        Socket socket = network.Socket;
        return new SocketConnection(network, Format(socket.RemoteEndPoint), Format(socket.LocalEndPoint), () =>
        {
            socket.Shutdown(SocketShutdown.Send);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>An address as <c>socket.opened</c> reports it: <c>host:port</c>, an IPv6 host in brackets.</summary>
    public static string Format(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"[{ip.Address}]:{ip.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        _ => "",
    };
}
