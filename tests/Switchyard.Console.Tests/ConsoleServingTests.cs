using System.Net;
using System.Text.RegularExpressions;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>The console's files as the API listener serves them: types, CSP, caching. Plain HTTP, no browser.</summary>
public sealed partial class ConsoleServingTests(TestServer server) : IClassFixture<TestServer>
{
    private HttpClient Client() => new() { BaseAddress = server.Server.ApiUrl };

    [Fact]
    public async Task The_page_and_its_bundle_are_served_with_a_strict_content_security_policy()
    {
        using var client = Client();
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        var csp = Csp(page);
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.Contains($"connect-src 'self' ws://{server.Server.ApiUrl.Authority} wss://{server.Server.ApiUrl.Authority};", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Equal("nosniff", string.Join(",", page.Headers.GetValues("X-Content-Type-Options")));
        // Nothing from another host, and no inline script: the page names its bundle and nothing else.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotMatch("<script>|<script [^>]*>[^<]", html);

        var script = ScriptReference().Match(html).Groups[1].Value;
        var style = StyleReference().Match(html).Groups[1].Value;
        await AssertAssetAsync(client, script, "text/javascript");
        await AssertAssetAsync(client, style, "text/css");
    }

    [Fact]
    public async Task Unknown_console_files_are_not_found()
    {
        using var client = Client();
        using var response = await client.GetAsync("/console/app-nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task AssertAssetAsync(HttpClient client, string path, string mediaType)
    {
        Assert.StartsWith("/console/app-", path);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString());
        Assert.Contains("script-src 'self'", Csp(response));
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 1000, $"{path} is too small to be the bundle");
    }

    private static string Csp(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

    [GeneratedRegex("<script type=\"module\" src=\"([^\"]+)\"></script>")]
    private static partial Regex ScriptReference();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\">")]
    private static partial Regex StyleReference();
}
