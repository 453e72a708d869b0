using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Switchyard.Runtime.Outbound;

/// <summary>
/// Which addresses a worker's outbound <c>fetch()</c> may connect to. Workers are customers' code: they must not reach
/// the machine they run on (loopback, Switchyard's own listeners), the operator's private network, link-local services
/// (cloud metadata at 169.254.169.254) or addresses that are not a single host (multicast, broadcast, unspecified).
/// The operator names private ranges that may be reached (<c>--allow-private-fetch</c>); Switchyard's own listeners stay
/// refused even inside an allowed range. The check is made on the address actually connected to, after name resolution
/// (<see cref="GuardedConnector"/>), so a name that resolves to a refused address is refused however it was written.
/// </summary>
public sealed class OutboundAddressPolicy
{
    // Ranges that are not the public internet. IPv4-mapped and NAT64 IPv6 addresses are checked as the IPv4 address they carry.
    private static readonly (IPNetwork Range, string Name)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified (\"this network\")"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "shared address space (carrier-grade NAT)"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved (or broadcast)"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
        (IPNetwork.Parse("100::/64"), "discard-only"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private readonly IPNetwork[] _allowed;
    private volatile IPEndPoint[] _listeners = [];
    private IPAddress[] _localAddresses = [];
    private long _localAddressesReadAt = long.MinValue;

    /// <param name="allowedPrivateRanges">Ranges that are reachable although they are not public (none by default).</param>
    public OutboundAddressPolicy(IEnumerable<IPNetwork>? allowedPrivateRanges = null)
    {
        _allowed = [.. allowedPrivateRanges ?? []];
    }

    /// <summary>The ranges the operator allowed, as given.</summary>
    public IReadOnlyList<IPNetwork> AllowedPrivateRanges => _allowed;

    /// <summary>
    /// Switchyard's own listeners (API and edge): never reachable from a worker, whatever range is allowed. A listener on
    /// an unspecified address (0.0.0.0, ::) stands for its port on every address of this machine.
    /// </summary>
    public void ProtectListeners(IEnumerable<IPEndPoint> listeners) => _listeners = [.. listeners];

    /// <summary>Parses "10.1.0.0/16" (or a single address) as given to <c>--allow-private-fetch</c>.</summary>
    public static bool TryParseRange(string text, out IPNetwork range)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out range)) return true;
        if (IPAddress.TryParse(text, out IPAddress? single))
        {
            range = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }

    /// <summary>Null when a worker may connect to <paramref name="target"/>; otherwise why not, for the worker's error.</summary>
    public string? Refusal(IPEndPoint target)
    {
        IPAddress address = Canonical(target.Address);
        if (IsOwnListener(address, target.Port)) return "it is one of Switchyard's own listeners";
        string? range = RefusedRange(address);
        if (range is null) return null;
        foreach (IPNetwork allowed in _allowed)
            if (allowed.BaseAddress.AddressFamily == address.AddressFamily && allowed.Contains(address)) return null;
        return $"it is a {range} address";
    }

    /// <summary>
    /// Whether a URL naming <paramref name="address"/> directly, instead of a host name, gets Cloudflare's 1003 answer
    /// ("Direct IP access not allowed"): every public address. A non-public one is refused at connect time as any
    /// name resolving to it is, unless the operator opened its range, which is how on-premises upstreams are reached.
    /// </summary>
    public static bool IsDirectIpAccessRefused(IPAddress address) => RefusedRange(address) is null;

    /// <summary>The name of the non-public range holding <paramref name="address"/>, or null for a public address.</summary>
    public static string? RefusedRange(IPAddress address)
    {
        address = Canonical(address);
        foreach (var (range, name) in Refused)
            if (range.BaseAddress.AddressFamily == address.AddressFamily && range.Contains(address)) return name;
        return null;
    }

    /// <summary>An IPv4 address carried in IPv6 (mapped, NAT64) as that IPv4 address; any other address as it is.</summary>
    private static IPAddress Canonical(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
        {
            byte[] bytes = address.GetAddressBytes();
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            return new IPAddress(address.GetAddressBytes());  // the scope names an interface, not another host
        }
        return address;
    }

    private bool IsOwnListener(IPAddress address, int port)
    {
        foreach (IPEndPoint listener in _listeners)
        {
            if (listener.Port != port) continue;
            IPAddress bound = Canonical(listener.Address);
            if (bound.Equals(address)) return true;
            if ((bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any)) && IsLocal(address)) return true;
        }
        return false;
    }

    // This machine's addresses, read at most every 10 s (interfaces come and go, rarely).
    private bool IsLocal(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        long now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _localAddressesReadAt) > 10_000)
        {
            try
            {
                _localAddresses = [.. NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => Canonical(u.Address))];
            }
            catch (NetworkInformationException)
            {
                // Keep the last list.
            }
            Interlocked.Exchange(ref _localAddressesReadAt, now);
        }
        return Array.IndexOf(_localAddresses, address) >= 0;  // IPAddress.Equals compares the address and scope
    }
}
