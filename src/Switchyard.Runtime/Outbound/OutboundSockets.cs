using System.Net.Security;
using System.Security.Authentication;

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

    private sealed class Connection(SocketConnection plain, Stream stream, bool allowStartTls)
    {
        public SocketConnection Plain { get; } = plain;
        public Stream Stream { get; set; } = stream;
        public bool AllowStartTls { get; set; } = allowStartTls;
    }

    /// <summary>A connection the worker now holds: <paramref name="stream"/> is the plain one's, or TLS over it.</summary>
    public int Add(SocketConnection plain, Stream stream, bool allowStartTls)
    {
        lock (_open)
        {
            int id = ++_next;
            _open[id] = new Connection(plain, stream, allowStartTls);
            return id;
        }
    }

    public (string Remote, string Local) Addresses(int id)
    {
        SocketConnection plain = Get(id).Plain;
        return (plain.RemoteAddress, plain.LocalAddress);
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
    public async Task CloseWriteAsync(int id)
    {
        Connection c = Get(id);
        if (c.Stream is SslStream tls) await tls.ShutdownAsync().ConfigureAwait(false);
        await c.Plain.CloseWriteAsync().ConfigureAwait(false);
    }

    /// <summary>Upgrades a <c>starttls</c> socket to TLS for <paramref name="host"/>, the certificate checked as fetch() checks it.</summary>
    public async Task StartTlsAsync(int id, string host, CancellationToken ct)
    {
        Connection c = Get(id);
        if (!c.AllowStartTls) throw new InvalidOperationException("startTls() needs a socket opened with secureTransport: \"starttls\", and works once.");
        c.AllowStartTls = false;
        c.Stream = await SecureAsync(c.Plain.Stream, host, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A TLS client handshake for <paramref name="host"/> over <paramref name="plain"/> (left open), the certificate
    /// checked as fetch() checks it. A failed handshake throws an <see cref="IOException"/> naming the host and the cause:
    /// the platform's own message ("Authentication failed, see inner exception.") points at nothing a worker can see.
    /// </summary>
    public static async Task<SslStream> SecureAsync(Stream plain, string host, CancellationToken ct)
    {
        host = host.Trim('[', ']');
        var tls = new SslStream(plain, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, ct).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException e)
        {
            tls.Dispose();
            throw new IOException($"TLS handshake with {host} failed: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    public void Close(int id)
    {
        Connection? c;
        lock (_open)
            if (!_open.Remove(id, out c)) return;
        if (c.Stream != c.Plain.Stream) c.Stream.Dispose();
        c.Plain.Dispose();
    }

    private Connection Get(int id)
    {
        lock (_open)
            return _open.TryGetValue(id, out Connection? c) ? c : throw new ObjectDisposedException("socket", "The socket is closed.");
    }

    public void Dispose()
    {
        int[] ids;
        lock (_open) ids = [.. _open.Keys];
        foreach (int id in ids) Close(id);
    }
}
