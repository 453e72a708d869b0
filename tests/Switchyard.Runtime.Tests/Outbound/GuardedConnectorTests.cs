using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Switchyard.Runtime.Outbound;
using Switchyard.Storage.Scripts;
using Xunit;

namespace Switchyard.Runtime.Tests.Outbound;

/// <summary>
/// The connect step of workers' fetch(): names resolve to addresses that are checked before any socket is opened. The
/// non-loopback ranges are tested through a resolver that hands out those addresses: every one of them must be refused
/// at the check, before a packet could be sent, and the record of attempts shows that no connection was tried.
/// </summary>
public sealed class GuardedConnectorTests
{
    private static readonly OutboundCaller Caller = new(new WorkerRef("account", "script-id", "script", null, false, "version", []), null);

    // Name → addresses, for the fake resolver (a real resolver would ask the network, which tests must not).
    private static readonly Dictionary<string, IPAddress[]> Names = new()
    {
        ["metadata.test"] = [IPAddress.Parse("169.254.169.254")],
        ["ten.test"] = [IPAddress.Parse("10.1.2.3")],
        ["rebind.test"] = [IPAddress.Parse("127.0.0.1")],
        ["mixed.test"] = [IPAddress.Parse("192.168.0.10"), IPAddress.Parse("fd00::10")],
    };

    private static (HttpOutboundFetcher Fetcher, ConcurrentQueue<(IPEndPoint Target, string? Refusal)> Attempts) Fetcher(
        OutboundAddressPolicy policy)
    {
        var connector = new GuardedConnector(policy, (host, _) =>
            Task.FromResult(Names.TryGetValue(host, out IPAddress[]? addresses) ? addresses : throw new InvalidOperationException($"unexpected lookup of {host}")));
        var attempts = new ConcurrentQueue<(IPEndPoint, string?)>();
        connector.Attempted += (target, refusal) =>
        {
            attempts.Enqueue((target, refusal));
            // Raised before the socket is made: a regression that let a non-loopback address through fails the test
            // here instead of sending a packet off the machine (tests talk to loopback only, even to prove a refusal).
            if (refusal is null && !IPAddress.IsLoopback(target.Address))
                throw new InvalidOperationException($"a connection to {target} was about to be opened");
        };
        return (new HttpOutboundFetcher(connector), attempts);
    }

    private static OutboundRequest Get(string url) => new("GET", url, [], null, RedirectMode.Follow);

    [Theory]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.254", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.1", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("100.64.0.1", "shared address space")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    public void Non_public_addresses_are_refused_by_default(string address, string range)
    {
        string? refusal = new OutboundAddressPolicy().Refusal(new IPEndPoint(IPAddress.Parse(address), 80));
        Assert.NotNull(refusal);
        Assert.Contains(range, refusal);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_pass_the_check(string address) =>
        Assert.Null(new OutboundAddressPolicy().Refusal(new IPEndPoint(IPAddress.Parse(address), 443)));

    [Fact]
    public void An_allowed_range_opens_exactly_that_range()
    {
        Assert.True(OutboundAddressPolicy.TryParseRange("10.1.0.0/16", out IPNetwork range));
        var policy = new OutboundAddressPolicy([range]);
        Assert.Null(policy.Refusal(new IPEndPoint(IPAddress.Parse("10.1.200.3"), 443)));
        Assert.NotNull(policy.Refusal(new IPEndPoint(IPAddress.Parse("10.2.0.1"), 443)));
        Assert.NotNull(policy.Refusal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 443)));
        Assert.False(OutboundAddressPolicy.TryParseRange("10.1.0.0/33", out _));
        Assert.False(OutboundAddressPolicy.TryParseRange("intranet", out _));
    }

    [Fact]
    public void Own_listeners_stay_refused_inside_an_allowed_range_and_on_a_wildcard_bind()
    {
        var policy = new OutboundAddressPolicy([IPNetwork.Parse("127.0.0.0/8")]);
        policy.ProtectListeners([new IPEndPoint(IPAddress.Loopback, 8787), new IPEndPoint(IPAddress.IPv6Any, 8080)]);
        Assert.Contains("own listeners", policy.Refusal(new IPEndPoint(IPAddress.Loopback, 8787)));
        Assert.Contains("own listeners", policy.Refusal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 8080)));
        Assert.Contains("own listeners", policy.Refusal(new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 8787)));
        Assert.Null(policy.Refusal(new IPEndPoint(IPAddress.Loopback, 9999)));
    }

    [Theory]
    [InlineData("http://metadata.test/latest/meta-data/", "169.254.169.254:80")]
    [InlineData("http://ten.test:8443/", "10.1.2.3:8443")]
    [InlineData("http://rebind.test/", "127.0.0.1:80")]
    [InlineData("http://10.0.0.7/", "10.0.0.7:80")]
    [InlineData("http://[fd00::1]:81/", "[fd00::1]:81")]
    public async Task A_name_or_literal_that_resolves_to_a_refused_address_never_connects(string url, string endpoint)
    {
        var (fetcher, attempts) = Fetcher(new OutboundAddressPolicy());
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => fetcher.FetchAsync(Caller, Get(url), CancellationToken.None));
        Assert.StartsWith($"{endpoint} is not reachable from workers: it is a ", refused.Message);
        Assert.All(attempts, a => Assert.NotNull(a.Refusal));  // nothing passed the check, so no socket was opened
        Assert.NotEmpty(attempts);
    }

    [Theory]
    [InlineData("http://93.184.216.34/")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]:8443/path")]
    [InlineData("http://8.8.8.8/ws")]
    public async Task A_url_naming_a_public_ip_gets_cloudflares_1003_answer_without_connecting(string url)
    {
        var (fetcher, attempts) = Fetcher(new OutboundAddressPolicy());
        OutboundResponse response = await fetcher.FetchAsync(Caller, Get(url), CancellationToken.None);
        Assert.Equal(403, response.Status);
        Assert.Equal("error code: 1003", await new StreamReader(response.Body!).ReadToEndAsync());
        OutboundResponse upgrade = await fetcher.ConnectWebSocketAsync(Caller, Get(url), CancellationToken.None);
        Assert.Equal(403, upgrade.Status);
        Assert.Null(upgrade.WebSocket);
        Assert.Empty(attempts);  // answered before any connect step
    }

    [Fact]
    public async Task A_redirect_to_a_public_ip_gets_the_1003_answer_at_that_hop()
    {
        await using var upstream = await LoopbackServer.StartAsync();
        var (fetcher, attempts) = Fetcher(new OutboundAddressPolicy([IPNetwork.Parse("127.0.0.0/8")]));
        string url = upstream.Origin + "/redirect-to?to=" + Uri.EscapeDataString("http://93.184.216.34/next");
        OutboundResponse response = await fetcher.FetchAsync(Caller, Get(url), CancellationToken.None);
        Assert.Equal(403, response.Status);
        Assert.True(response.Redirected);
        Assert.Equal("http://93.184.216.34/next", response.Url);
        Assert.Equal([null], attempts.Select(a => a.Refusal));  // only the loopback upstream was connected
    }

    [Fact]
    public async Task Every_address_of_a_name_is_checked()
    {
        var (fetcher, attempts) = Fetcher(new OutboundAddressPolicy());
        await Assert.ThrowsAsync<OutboundRefusedException>(() => fetcher.FetchAsync(Caller, Get("http://mixed.test/"), CancellationToken.None));
        Assert.Equal(["192.168.0.10", "fd00::10"], attempts.Select(a => a.Target.Address.ToString()));
        Assert.All(attempts, a => Assert.NotNull(a.Refusal));
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_is_refused_at_that_hop()
    {
        await using var upstream = await LoopbackServer.StartAsync();
        var (fetcher, attempts) = Fetcher(new OutboundAddressPolicy([IPNetwork.Parse("127.0.0.0/8")]));
        string url = upstream.Origin + "/redirect-to?to=" + Uri.EscapeDataString("http://metadata.test/latest/");
        var refused = await Assert.ThrowsAsync<OutboundRefusedException>(() => fetcher.FetchAsync(Caller, Get(url), CancellationToken.None));
        Assert.StartsWith("169.254.169.254:80 is not reachable from workers: it is a link-local address", refused.Message);
        Assert.Equal([null, "it is a link-local address"], attempts.Select(a => a.Refusal));

        // Manual redirects hand the 302 to the worker, which decides; nothing is connected for the Location.
        OutboundResponse manual = await fetcher.FetchAsync(Caller, new OutboundRequest("GET", url, [], null, RedirectMode.Manual), CancellationToken.None);
        Assert.Equal(302, manual.Status);
        manual.Body?.Dispose();
    }

    [Fact]
    public async Task An_allowed_loopback_origin_is_reached()
    {
        await using var upstream = await LoopbackServer.StartAsync();
        var (fetcher, _) = Fetcher(new OutboundAddressPolicy([IPNetwork.Parse("127.0.0.0/8")]));
        OutboundResponse response = await fetcher.FetchAsync(Caller, Get(upstream.Origin + "/text?body=ok"), CancellationToken.None);
        Assert.Equal(200, response.Status);
        using var reader = new StreamReader(response.Body!, Encoding.UTF8);
        Assert.Equal("ok", await reader.ReadToEndAsync());
    }
}
