using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>Parsing and applying <c>_headers</c>.</summary>
public sealed class HeadersTests
{
    private static readonly AssetManifest Site =
        TestAssets.Manifest("/index.html", "/static/app.js", "/static/img/logo.png", "/blog/hello.html", "/secure/page.html");

    private static AssetRouter Router(string headers, bool hasWorker = false, string redirects = "") =>
        TestAssets.Router(Site, TestAssets.Config(System.Text.Json.JsonSerializer.Serialize(
            new Dictionary<string, string> { ["_headers"] = headers, ["_redirects"] = redirects })), hasWorker);

    private static List<AssetConfigIssue> Issues(string text)
    {
        var issues = new List<AssetConfigIssue>();
        HeaderRules.Parse(text, issues);
        return issues;
    }

    [Fact]
    public void A_rule_adds_headers_to_its_exact_path()
    {
        var router = Router("/secure/page\n  X-Frame-Options: DENY\n  X-Content-Type-Options: nosniff");
        var headers = router.Route("/secure/page").Headers();
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.False(router.Route("/blog/hello").Headers().ContainsKey("X-Frame-Options"));
    }

    [Fact]
    public void A_splat_matches_everything_below_and_can_be_substituted()
    {
        var router = Router("/static/*\n  Access-Control-Allow-Origin: *\n  X-Asset: :splat");
        var headers = router.Route("/static/img/logo.png").Headers();
        Assert.Equal("*", headers.AccessControlAllowOrigin);
        Assert.Equal("img/logo.png", headers["X-Asset"]);
        Assert.False(router.Route("/index.html").Headers().ContainsKey("X-Asset"));
    }

    [Fact]
    public void A_placeholder_matches_one_segment_and_can_be_substituted()
    {
        var router = Router("/blog/:post\n  Link: </blog/:post.css>; rel=preload");
        Assert.Equal("</blog/hello.css>; rel=preload", router.Route("/blog/hello").Headers()["Link"]);
    }

    [Fact]
    public void Every_matching_rule_applies_and_values_of_one_name_are_combined()
    {
        var router = Router("/*\n  X-Robots-Tag: noindex\n  X-Multi: a\n/static/*\n  X-Robots-Tag: nosnippet\n  Cache-Control: public, max-age=31536000");
        var headers = router.Route("/static/app.js").Headers();
        Assert.Equal("noindex,nosnippet", headers["X-Robots-Tag"].ToString());
        Assert.Equal("a", headers["X-Multi"]);
        // The first _headers value of a name replaces the default.
        Assert.Equal("public, max-age=31536000", headers.CacheControl);
    }

    [Fact]
    public void Repeated_names_in_one_rule_are_joined()
    {
        var rule = Assert.Single(HeaderRules.Parse("/a\n  X-A: 1\n  x-a: 2", []).Rules);
        Assert.Equal([new KeyValuePair<string, string>("x-a", "1, 2")], rule.Set);
    }

    [Fact]
    public void A_bang_line_removes_a_header()
    {
        var router = Router("/*\n  X-Frame-Options: DENY\n/static/*\n  ! X-Frame-Options\n  ! Cache-Control\n  ! ETag");
        var headers = router.Route("/static/app.js").Headers();
        Assert.False(headers.ContainsKey("X-Frame-Options"));
        Assert.False(headers.ContainsKey("Cache-Control"));
        Assert.False(headers.ContainsKey("ETag"));
        Assert.Equal("DENY", router.Route("/").Headers()["X-Frame-Options"]);
    }

    [Fact]
    public void Headers_apply_to_every_asset_server_answer_but_never_to_the_worker()
    {
        var router = Router("/*\n  X-Site: yes", hasWorker: true, redirects: "/old /new 301");
        Assert.Equal("yes", router.Route("/").Headers()["X-Site"]);
        Assert.Equal("yes", router.Route("/old").Headers()["X-Site"]);
        Assert.Equal("yes", router.Route("/index.html").Headers()["X-Site"]);
        Assert.Equal("yes", router.Route("/static/app.js", "POST").Headers()["X-Site"]);
        var worker = router.Route("/api/users");
        worker.AssertKind(AssetOutcomeKind.RunWorker, 0);
        Assert.Null(worker.HeaderEdits);
    }

    [Fact]
    public void Rules_match_the_requested_path_not_the_rewritten_one()
    {
        var router = Router("/u/*\n  X-From: rule", redirects: "/u/* /blog/hello 200");
        var outcome = router.Route("/u/x");
        outcome.AssertServes("/blog/hello.html");
        Assert.Equal("rule", outcome.Headers()["X-From"]);
    }

    [Fact]
    public void Absolute_rules_match_the_host()
    {
        var router = Router("https://:sub.example.com/*\n  X-Sub: :sub");
        var request = TestAssets.Get("/static/app.js") with { Host = "shop.example.com" };
        Assert.Equal("shop", router.Route(request).Headers()["X-Sub"]);
        Assert.False(router.Route(request with { Host = "example.org" }).Headers().ContainsKey("X-Sub"));
    }

    [Fact]
    public void No_matching_rule_costs_no_edits()
    {
        Assert.Null(Router("/static/*\n  X-A: 1").Route("/").HeaderEdits);
        Assert.Null(TestAssets.Router(Site).Route("/").HeaderEdits);
    }

    [Theory]
    [InlineData("X-A: 1", 1, "Path should come before header (x-a: 1)")]
    [InlineData("/a\n  X-A", 2, "Expected a colon-separated header pair (e.g. name: value)")]
    [InlineData("/a\n  X A: 1", 2, "Header name cannot include spaces")]
    [InlineData("/a\n  : 1", 2, "No header name specified")]
    [InlineData("/a\n  X-A:", 2, "No header value specified")]
    [InlineData("/a\n  X-A: ünï", 2, "visible ASCII")]
    [InlineData("/a\n  Content-Length: 5", 2, "managed by the server")]
    [InlineData("http://example.com/a\n  X-A: 1", 1, "URLs should either be relative")]
    [InlineData("https://example.com:8443/a\n  X-A: 1", 1, "Specifying ports is not supported")]
    [InlineData("/a/*/b/*\n  X-A: 1", 1, "Multiple wildcards (*) are not supported")]
    [InlineData("/a/*/:splat\n  X-A: 1", 1, "Cannot combine wildcard (*) with :splat placeholder")]
    [InlineData("/a\n/b\n  X-A: 1", 1, "No headers specified")]
    public void Invalid_lines_are_reported_with_their_line_number(string text, int line, string message)
    {
        var issues = Issues(text);
        Assert.Contains(issues, i => i.Field == "_headers" && i.LineNumber == line && i.Message.Contains(message));
    }

    [Fact]
    public void At_most_100_rules()
    {
        var text = string.Join('\n', Enumerable.Range(0, 101).Select(i => $"/p{i}\n  X-N: {i}"));
        var issues = new List<AssetConfigIssue>();
        var rules = HeaderRules.Parse(text, issues);
        Assert.Equal(100, rules.Rules.Count);
        Assert.Contains(issues, i => i.LineNumber == 201 && i.Message.Contains("Maximum number of rules supported is 100"));
    }

    [Fact]
    public void Comments_and_unindented_header_lines_are_accepted()
    {
        var rules = HeaderRules.Parse("# all pages\r\n/*\r\nX-A: 1\r\n# note\r\n  ! X-B\r\n", []);
        var rule = Assert.Single(rules.Rules);
        Assert.Equal("/*", rule.Path);
        Assert.Equal(["X-B"], rule.Unset);
        Assert.Equal(2, rule.LineNumber);
    }
}
