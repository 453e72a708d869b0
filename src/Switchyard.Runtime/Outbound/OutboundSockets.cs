using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// The TCP sockets one invocation opened with <c>connect()</c> from <c>cloudflare:sockets</c>, by id. Each is closed
/// when the worker closes it or, at the latest, when the invocation ends (as on Cloudflare, a socket does not outlive
/// its request). A socket made with <c>secureTransport: "starttls"</c> can be upgraded to TLS once.
/// </summary>
internal sealed class OutboundSockets : IDisposable
{
    private readonly Dictionary<int, Connection> _open = [];
    private int _next;

    private sealed class Connection(NetworkStream network, bool allowStartTls)
    {
        public NetworkStream Network { get; } = network;
        public Stream Stream { get; set; } = network;
        public bool AllowStartTls { get; set; } = allowStartTls;
    }

    public int Add(NetworkStream network, Stream stream, bool allowStartTls)
    {
        lock (_open)
        {
            int id = ++_next;
            _open[id] = new Connection(network, allowStartTls) { Stream = stream };
            return id;
        }
    }

    public (string Remote, string Local) Addresses(int id)
    {
        Socket socket = Get(id).Network.Socket;
        return (Format(socket.RemoteEndPoint), Format(socket.LocalEndPoint));
    }

    /// <summary>The next bytes the peer sent (null at the end of its stream).</summary>
    public async Task<byte[]?> ReadAsync(int id, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        int read = await Get(id).Stream.ReadAsync(buffer, ct).ConfigureAwait(false);
        return read == 0 ? null : buffer[..read];
    }

    public async Task WriteAsync(int id, byte[] bytes, CancellationToken ct)
    {
        Stream stream = Get(id).Stream;
        await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Ends the sending side (the peer reads the end of the stream); the socket stays readable.</summary>
    public void CloseWrite(int id)
    {
        Connection c = Get(id);
        if (c.Stream is SslStream tls) tls.ShutdownAsync().GetAwaiter().GetResult();
        c.Network.Socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Upgrades a <c>starttls</c> socket to TLS for <paramref name="host"/>, the certificate checked as fetch() checks it.</summary>
    public async Task StartTlsAsync(int id, string host, CancellationToken ct)
    {
        Connection c = Get(id);
        if (!c.AllowStartTls) throw new InvalidOperationException("startTls() needs a socket opened with secureTransport: \"starttls\", and works once.");
        c.AllowStartTls = false;
        var tls = new SslStream(c.Network, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, ct).ConfigureAwait(false);
        c.Stream = tls;
    }

    public void Close(int id)
    {
        Connection? c;
        lock (_open)
            if (!_open.Remove(id, out c)) return;
        c.Stream.Dispose();
        c.Network.Dispose();
    }

    private Connection Get(int id)
    {
        lock (_open)
            return _open.TryGetValue(id, out Connection? c) ? c : throw new ObjectDisposedException("socket", "The socket is closed.");
    }

    private static string Format(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"[{ip.Address}]:{ip.Port}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        _ => "",
    };

    public void Dispose()
    {
        int[] ids;
        lock (_open) ids = [.. _open.Keys];
        foreach (int id in ids) Close(id);
    }
}
