using System.Text.Json;
using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

public sealed class AssetConfigTests
{
    private static AssetConfigParse Parse(string json) => AssetConfig.Parse(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Wrangler_config_is_read_in_full()
    {
        var parsed = Parse("""
            {"html_handling":"drop-trailing-slash","not_found_handling":"single-page-application",
             "run_worker_first":["/api/*"],"_redirects":"/a /b 301\n/c","_headers":"/*\n  X-A: 1","serve_directly":true}
            """);
        Assert.Empty(parsed.Errors);
        var config = parsed.Config;
        Assert.Equal(HtmlHandling.DropTrailingSlash, config.HtmlHandling);
        Assert.Equal(NotFoundHandling.SinglePageApplication, config.NotFoundHandling);
        Assert.Equal(["/api/*"], config.RunWorkerFirst.Rules);
        Assert.Single(config.Redirects.Rules);
        Assert.Single(config.Headers.Rules);
        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal("_redirects line 2: Expected exactly 2 or 3 whitespace-separated tokens. Got 1.", warning.ToString());
    }

    [Fact]
    public void Missing_or_null_config_means_the_defaults()
    {
        foreach (var parsed in new[] { AssetConfig.Parse(null), Parse("{}"), Parse("""{"html_handling":null}""") })
        {
            Assert.Empty(parsed.Errors);
            Assert.Equal(HtmlHandling.AutoTrailingSlash, parsed.Config.HtmlHandling);
            Assert.Equal(NotFoundHandling.None, parsed.Config.NotFoundHandling);
            Assert.False(parsed.Config.RunWorkerFirst.Always);
        }
    }

    [Theory]
    [InlineData("""{"html_handling":"trailing"}""", "html_handling")]
    [InlineData("""{"not_found_handling":404}""", "not_found_handling")]
    [InlineData("""{"_redirects":["/a /b"]}""", "_redirects")]
    [InlineData("""{"_headers":{}}""", "_headers")]
    [InlineData("""[]""", "config")]
    public void Bad_values_are_errors(string json, string field)
    {
        var parsed = Parse(json);
        Assert.Contains(parsed.Errors, e => e.Field == field);
    }
}
