using Switchyard.Edge.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>Parsing and applying <c>_redirects</c>.</summary>
public sealed class RedirectsTests
{
    private static readonly AssetManifest Site =
        TestAssets.Manifest("/index.html", "/new.html", "/users/profile.html", "/shop/item.html", "/docs/index.html");

    private static AssetRouter Router(string redirects, bool hasWorker = false) =>
        TestAssets.Router(Site, new AssetConfig { Redirects = Parse(redirects) }, hasWorker);

    private static RedirectRules Parse(string text)
    {
        var issues = new List<AssetConfigIssue>();
        var rules = RedirectRules.Parse(text, HtmlHandling.AutoTrailingSlash, issues);
        Assert.Empty(issues);
        return rules;
    }

    private static List<AssetConfigIssue> Issues(string text)
    {
        var issues = new List<AssetConfigIssue>();
        RedirectRules.Parse(text, HtmlHandling.AutoTrailingSlash, issues);
        return issues;
    }

    [Theory]
    [InlineData("", 302)]
    [InlineData(" 301", 301)]
    [InlineData(" 302", 302)]
    [InlineData(" 303", 303)]
    [InlineData(" 307", 307)]
    [InlineData(" 308", 308)]
    public void Each_redirect_status_is_answered_with_its_code(string code, int status)
    {
        Router($"/old /new{code}").Route("/old").AssertRedirects("/new", status);
    }

    [Fact]
    public void The_query_is_kept_unless_the_destination_has_its_own()
    {
        var router = Router("/a /new\n/b /new?x=1#top\n/c https://example.com 301\n/d https://example.com/p?q=2");
        router.Route("/a?utm=1").AssertRedirects("/new?utm=1", 302);
        router.Route("/b?utm=1").AssertRedirects("/new?x=1#top", 302);
        router.Route("/c?utm=1").AssertRedirects("https://example.com/?utm=1", 301);
        router.Route("/d?utm=1").AssertRedirects("https://example.com/p?q=2", 302);
    }

    [Fact]
    public void A_splat_is_captured_and_substituted()
    {
        var router = Router("/blog/* /posts/:splat 301\n/files/*.pdf https://cdn.example.com/pdf/:splat.pdf");
        router.Route("/blog/2024/01/hello").AssertRedirects("/posts/2024/01/hello", 301);
        router.Route("/blog/").AssertRedirects("/posts/", 301);
        router.Route("/files/a/b.pdf").AssertRedirects("https://cdn.example.com/pdf/a/b.pdf", 302);
        router.Route("/files/a/b.txt").AssertKind(AssetOutcomeKind.NotFound, 404);
    }

    [Fact]
    public void Placeholders_match_one_segment_and_are_substituted()
    {
        var router = Router("/users/:id/posts/:post /u/:id/p/:post 301\n/news/:year-:slug /n/:year/:slug");
        router.Route("/users/42/posts/hello").AssertRedirects("/u/42/p/hello", 301);
        router.Route("/users/42/x/posts/hello").AssertKind(AssetOutcomeKind.NotFound, 404);
        // Placeholders are greedy, as the equivalent regular expression.
        router.Route("/news/2024-my-post").AssertRedirects("/n/2024-my/post", 302);
    }

    [Fact]
    public void A_200_rule_rewrites_the_path_without_changing_the_url()
    {
        var router = Router("/u/:name /users/profile 200\n/shop/* /shop/item 200\n/gone /nothing 200");
        router.Route("/u/alice").AssertServes("/users/profile.html");
        router.Route("/shop/anything/here?x=1").AssertServes("/shop/item.html");
        // A rewrite to a missing file is a 404 from the asset server, even with a worker.
        Router("/gone /nothing 200", hasWorker: true).Route("/gone").AssertKind(AssetOutcomeKind.NotFound, 404);
    }

    [Fact]
    public void A_rewrite_still_goes_through_html_handling()
    {
        Router("/u/:name /users/profile.html 200").Route("/u/bob?x=1").AssertRedirects("/users/profile?x=1");
    }

    [Fact]
    public void The_first_matching_rule_wins()
    {
        var router = Router("/a /first 301\n/x/* /second 301\n/x/y /third 301\n/x/:p /fourth 301");
        router.Route("/a").AssertRedirects("/first", 301);
        router.Route("/x/y").AssertRedirects("/second", 301);
    }

    [Fact]
    public void Static_rules_before_dynamic_ones_are_exact_lookups()
    {
        var rules = Parse("/a /1\n/b /2\n/c/* /3\n/d /4");
        Assert.Equal(2, rules.StaticCount);
        Assert.Equal(2, rules.DynamicCount);
        Assert.Equal([1, 2, 3, 4], rules.Rules.Select(r => r.LineNumber));
    }

    [Fact]
    public void Redirects_apply_before_assets_and_to_every_method()
    {
        var router = Router("/new.html /index.html 301\n/docs/ /elsewhere");
        router.Route("/new.html").AssertRedirects("/index.html", 301);
        router.Route("/docs/", "POST").AssertRedirects("/elsewhere", 302);
    }

    [Fact]
    public void Redirects_apply_even_with_a_worker_unless_run_worker_first()
    {
        Router("/old /new", hasWorker: true).Route("/old").AssertRedirects("/new", 302);
    }

    [Fact]
    public void Comments_blank_lines_and_windows_line_endings_are_fine()
    {
        var rules = Parse("# comment\r\n\r\n   /a   /b   301  \r\n# /c /d\r\n");
        Assert.Equal([new RedirectRule("/a", "/b", 301, 3)], rules.Rules);
    }

    [Fact]
    public void Paths_are_normalized_like_request_paths()
    {
        var router = Router("/café /menü 301\nrelative /x");
        router.Route("/caf%C3%A9").AssertRedirects("/men%C3%BC", 301);
        router.Route("/relative").AssertRedirects("/x", 302);
    }

    [Theory]
    [InlineData("/a", 1, "Expected exactly 2 or 3 whitespace-separated tokens. Got 1.")]
    [InlineData("/a /b 302 extra", 1, "Expected exactly 2 or 3 whitespace-separated tokens. Got 4.")]
    [InlineData("/a /b 404", 1, "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got 404.")]
    [InlineData("/a /b abc", 1, "Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got abc.")]
    [InlineData("https://example.com/a /b", 1, "Only relative URLs are allowed. Skipping absolute URL https://example.com/a.")]
    [InlineData("/a http://example.com/b", 1, "URLs should either be relative")]
    [InlineData("/a b", 1, "URLs should either be relative")]
    [InlineData("/a https://example.com/b 200", 1, "Proxy (200) redirects can only point to relative paths. Got https://example.com/b")]
    [InlineData("/* /index.html 200", 1, "Infinite loop detected")]
    [InlineData("/ /index 301", 1, "Infinite loop detected")]
    [InlineData("/a /b\n/a /c", 2, "Ignoring duplicate rule for path /a.")]
    [InlineData("# c\n/*/* /b", 2, "Multiple wildcards")]
    [InlineData("/:id/:id /b", 1, "Placeholder :id appears more than once")]
    public void Invalid_lines_are_reported_with_their_line_number_and_skipped(string text, int line, string message)
    {
        var issue = Assert.Single(Issues(text));
        Assert.Equal("_redirects", issue.Field);
        Assert.Equal(line, issue.LineNumber);
        Assert.Contains(message, issue.Message);
    }

    [Fact]
    public void An_index_rewrite_is_fine_without_html_handling()
    {
        var issues = new List<AssetConfigIssue>();
        var rules = RedirectRules.Parse("/ /index 200", HtmlHandling.None, issues);
        Assert.Empty(issues);
        Assert.Single(rules.Rules);
    }

    [Fact]
    public void Long_lines_are_skipped()
    {
        var issue = Assert.Single(Issues("/a /" + new string('b', 1000)));
        Assert.Equal("Ignoring line 1 as it exceeds the maximum allowed length of 1000.", issue.Message);
    }

    [Fact]
    public void At_most_2000_static_and_100_dynamic_rules()
    {
        var lines = Enumerable.Range(0, 2001).Select(i => $"/s{i} /t")
            .Concat(Enumerable.Range(0, 102).Select(i => $"/d{i}/* /t"));
        var issues = new List<AssetConfigIssue>();
        var rules = RedirectRules.Parse(string.Join('\n', lines), HtmlHandling.AutoTrailingSlash, issues);
        Assert.Equal(2000, rules.StaticCount);
        Assert.Equal(100, rules.DynamicCount);
        Assert.Contains(issues, i => i.LineNumber == 2001 && i.Message.Contains("Maximum number of static rules supported is 2000"));
        Assert.Contains(issues, i => i.LineNumber == 2102 && i.Message.Contains("Maximum number of dynamic rules supported is 100. Skipping remaining 2 lines"));
    }

    [Fact]
    public void A_crafted_path_cannot_make_placeholder_matching_explode()
    {
        var router = Router("/:a-:b-:c-:d-:e/z/:f /never");
        var path = "/" + string.Concat(Enumerable.Repeat("-x", 3000)) + "/q/r";
        // Matched by backtracking over the placeholders' split points, this path would take longer than the suite runs.
        router.Route(path).AssertKind(AssetOutcomeKind.NotFound, 404);
        Router("/:a-:b-:c/z/:f /hit/:a/:b/:c/:f").Route("/1-2-3-4/z/5").AssertRedirects("/hit/1-2/3/4/5", 302);
    }
}
