using Switchyard.Storage.Zones;
using Xunit;

namespace Switchyard.Storage.Tests.Zones;

/// <summary>
/// <see cref="RouteCandidates"/>, the part of route resolution both backends share: the host as routes see it, the
/// zones it can belong to, and the most specific matching pattern (the contract tests run it against each backend).
/// </summary>
public sealed class RouteCandidatesTests
{
    [Theory]
    [InlineData("Shop.Example.COM", "shop.example.com")]
    [InlineData("shop.example.com:8443", "shop.example.com")]
    [InlineData("shop.example.com.", "shop.example.com")]
    [InlineData("[::1]", "[::1]")]  // an IPv6 literal's colons are not a port
    [InlineData("[::1]:8080", "[::1]")]
    public void The_host_loses_its_port_case_and_trailing_dot(string host, string normalized) =>
        Assert.Equal(normalized, RouteCandidates.NormalizeHost(host));

    [Fact]
    public void A_host_can_belong_to_itself_or_any_domain_above_it() =>
        Assert.Equal(["a.shop.example.com", "shop.example.com", "example.com", "com"], RouteCandidates.ZoneNames("a.shop.example.com"));

    [Fact]
    public void The_most_specific_matching_pattern_wins_and_unparsable_ones_are_skipped()
    {
        var zone = new Zone("z", "acct", "example.com", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        ZoneRoute Route(string pattern, string script) => new(zone, new WorkerRoute(pattern, "z", pattern, script));
        var candidates = new RouteCandidates([
            Route("*example.com/*", "everything"),
            Route("shop.example.com/*", "shop"),
            Route("shop.example.com/api/*", "api"),
            Route("not a pattern", "broken"),
        ]);

        Assert.Equal("api", candidates.Match("shop.example.com", "/api/items")?.Route.Script);
        Assert.Equal("shop", candidates.Match("shop.example.com", "/cart")?.Route.Script);
        Assert.Equal("everything", candidates.Match("blog.example.com", "/")?.Route.Script);
        Assert.Null(candidates.Match("example.org", "/"));
    }
}
