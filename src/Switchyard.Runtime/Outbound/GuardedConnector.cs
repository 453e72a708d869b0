using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// The connect step of workers' outbound HTTP (<see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the host
/// itself, checks every address against <see cref="OutboundAddressPolicy"/>, and connects only to an address it
/// checked. Checking the address connected to, not the name, is what makes DNS rebinding useless; and since every new
/// connection comes through here, each redirect hop to another host is checked too.
/// </summary>
public sealed class GuardedConnector(OutboundAddressPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    : ISocketDialer
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    /// <summary>Every address this connector considered, with the refusal (null: it connected or tried to). For tests and logs.</summary>
    public event Action<IPEndPoint, string?>? Attempted;

    public OutboundAddressPolicy Policy { get; } = policy;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct) =>
        await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, ct).ConfigureAwait(false);

    async Task<SocketConnection> ISocketDialer.ConnectAsync(OutboundCaller caller, string host, int port, CancellationToken ct) =>
        SocketConnection.Over(await ConnectAsync(host, port, ct).ConfigureAwait(false));

    /// <summary>A TCP connection to <paramref name="host"/>:<paramref name="port"/> under the policy (fetch and <c>cloudflare:sockets</c> alike).</summary>
    public async Task<NetworkStream> ConnectAsync(string host, int port, CancellationToken ct)
    {
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        IPAddress[] addresses = IPAddress.TryParse(host, out IPAddress? literal) ? [literal] : await _resolve(host, ct).ConfigureAwait(false);

        string? refusal = null;
        Exception? failure = null;
        foreach (IPAddress address in addresses)
        {
            var target = new IPEndPoint(address, port);
            string? why = Policy.Refusal(target);
            Attempted?.Invoke(target, why);
            if (why is not null)
            {
                refusal ??= $"{FormatEndPoint(target)} is not reachable from workers: {why}";
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (e is OperationCanceledException) throw;
                failure = e;
            }
        }
        if (failure is not null) throw failure;
        throw new OutboundRefusedException(refusal ?? $"{host} has no address to connect to.");
    }

    private static string FormatEndPoint(IPEndPoint target) =>
        target.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]:{target.Port}" : $"{target.Address}:{target.Port}";
}

/// <summary>An outbound connection refused by <see cref="OutboundAddressPolicy"/>; its message is what the worker sees.</summary>
public sealed class OutboundRefusedException(string message) : Exception(message);
