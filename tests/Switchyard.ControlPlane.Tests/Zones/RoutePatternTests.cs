using Switchyard.Storage.Zones;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Zones;

public sealed class RoutePatternTests
{
    private static RoutePattern Parse(string text) =>
        RoutePattern.TryParse(text, out var pattern, out var error) ? pattern : throw new Xunit.Sdk.XunitException(error);

    [Theory]
    [InlineData("example.com/*", "example.com", "/anything", true)]
    [InlineData("example.com/*", "www.example.com", "/", false)]
    [InlineData("*example.com/*", "example.com", "/", true)]
    [InlineData("*example.com/*", "a.b.example.com", "/", true)]
    [InlineData("*example.com/*", "badexample.com", "/", false)]
    [InlineData("*.example.com/*", "example.com", "/", false)]
    [InlineData("*.example.com/*", "api.example.com", "/x", true)]
    [InlineData("example.com/api/*", "example.com", "/api/users", true)]
    [InlineData("example.com/api/*", "example.com", "/apix", false)]
    [InlineData("example.com/api*", "example.com", "/apix", true)]
    [InlineData("example.com/exact", "example.com", "/exact", true)]
    [InlineData("example.com/exact", "example.com", "/exact/", false)]
    [InlineData("Example.COM/*", "EXAMPLE.com", "/", true)]
    [InlineData("*/*", "anything.example.com", "/", true)]
    public void Matching(string pattern, string host, string path, bool matches) => Assert.Equal(matches, Parse(pattern).Matches(host, path));

    [Theory]
    [InlineData("")]
    [InlineData("example.com")]
    [InlineData("https://example.com/*")]
    [InlineData("example.com/a*b")]
    [InlineData("exa*mple.com/*")]
    [InlineData("example.com/*?q=1")]
    [InlineData("example .com/*")]
    [InlineData("*./x")]
    [InlineData("-bad.com/*")]
    public void Invalid_patterns(string text)
    {
        Assert.False(RoutePattern.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("example.com/*", "example.com", true)]
    [InlineData("api.example.com/*", "example.com", true)]
    [InlineData("*.example.com/*", "example.com", true)]
    [InlineData("example.org/*", "example.com", false)]
    [InlineData("notexample.com/*", "example.com", false)]
    [InlineData("*/*", "example.com", true)]
    public void Zone_membership(string pattern, string zone, bool within) => Assert.Equal(within, Parse(pattern).IsWithinZone(zone));

    [Fact]
    public void The_most_specific_pattern_sorts_last()
    {
        var ordered = new[]
        {
            "*/*", "*example.com/*", "*.example.com/*", "*api.example.com/*", "api.example.com/*", "api.example.com/v1/*", "api.example.com/v1/users",
        }.Select(Parse).ToList();
        var sorted = ordered.OrderBy(p => p, Comparer<RoutePattern>.Create(RoutePattern.CompareSpecificity)).Select(p => p.Text).ToList();
        // *example.com and *.example.com tie on host length order; what matters is exact hosts beat wildcards and longer paths win
        Assert.Equal("api.example.com/v1/users", sorted[^1]);
        Assert.Equal("api.example.com/v1/*", sorted[^2]);
        Assert.Equal("api.example.com/*", sorted[^3]);
        Assert.Equal("*/*", sorted[0]);
    }
}
