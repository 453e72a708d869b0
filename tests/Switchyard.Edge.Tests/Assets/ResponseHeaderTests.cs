using Switchyard.Edge.Assets;
using Switchyard.Storage.Assets;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>Methods, ETag/304, Cache-Control, Content-Type, HEAD and Range for a served file.</summary>
public sealed class ResponseHeaderTests
{
    private const string Cache = "public, max-age=0, must-revalidate";

    private static readonly AssetManifest Files = new(new Dictionary<string, Storage.Assets.StoredAsset>
    {
        ["/index.html"] = TestAssets.Stored("<h1>hi</h1>"),
        ["/data.bin"] = TestAssets.Stored("0123456789"),
        ["/typed.txt"] = TestAssets.Stored("x", "application/x-custom"),
        ["/null.txt"] = TestAssets.Stored("y", "application/null"),
        ["/noext"] = TestAssets.Stored("z"),
        ["/404.html"] = TestAssets.Stored("not here"),
    });

    private static readonly AssetRouter Router = TestAssets.Router(Files);

    private static string Tag(string path) => $"\"{Files.Find(path)!.Hash}\"";

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public void Other_methods_than_get_and_head_get_405_on_a_file(string method)
    {
        var outcome = Router.Route("/data.bin", method);
        outcome.AssertKind(AssetOutcomeKind.MethodNotAllowed, 405);
        Assert.Equal("GET, HEAD", outcome.Headers().Allow);
    }

    [Fact]
    public void Other_methods_on_a_miss_go_to_the_worker_or_get_404()
    {
        Router.Route("/missing", "POST").AssertKind(AssetOutcomeKind.NotFound, 404);
        TestAssets.Router(Files, hasWorker: true).Route("/api", "POST").AssertKind(AssetOutcomeKind.RunWorker, 0);
        TestAssets.Router(Files, hasWorker: true).Route("/data.bin", "POST").AssertKind(AssetOutcomeKind.MethodNotAllowed, 405);
    }

    [Fact]
    public void A_served_file_carries_etag_content_type_cache_control_and_length()
    {
        var outcome = Router.Route("/");
        outcome.AssertServes("/index.html");
        var headers = outcome.Headers();
        Assert.Equal(Tag("/index.html"), headers.ETag);
        Assert.Equal("text/html; charset=utf-8", headers.ContentType);
        Assert.Equal(Cache, headers.CacheControl);
        Assert.Equal(11, headers.ContentLength);
        Assert.False(outcome.OmitBody);
    }

    [Fact]
    public void Etag_is_the_hash_in_quotes_and_strong()
    {
        var hash = Files.Find("/data.bin")!.Hash;
        Assert.Matches("^[0-9a-f]{32}$", hash);
        Assert.Equal($"\"{hash}\"", Router.Route("/data.bin").Headers().ETag);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void If_none_match_with_the_strong_or_weak_tag_gets_304(bool weak)
    {
        var tag = (weak ? "W/" : "") + Tag("/data.bin");
        var outcome = Router.Route(TestAssets.Get("/data.bin") with { IfNoneMatch = tag });
        outcome.AssertKind(AssetOutcomeKind.NotModified, 304);
        var headers = outcome.Headers();
        Assert.Equal(Tag("/data.bin"), headers.ETag);
        Assert.Equal(Cache, headers.CacheControl);
        Assert.Null(headers.ContentLength);
    }

    [Fact]
    public void If_none_match_with_another_tag_gets_the_file()
    {
        Router.Route(TestAssets.Get("/data.bin") with { IfNoneMatch = "\"0000\"" }).AssertServes("/data.bin");
        Router.Route(TestAssets.Get("/data.bin") with { IfNoneMatch = $"\"x\", {Tag("/data.bin")}" })
            .AssertKind(AssetOutcomeKind.NotModified, 304);
    }

    [Fact]
    public void Cache_control_is_left_out_when_the_request_has_authorization_or_range()
    {
        Assert.False(Router.Route(TestAssets.Get("/data.bin") with { HasAuthorization = true }).Headers().ContainsKey("Cache-Control"));
        Assert.False(Router.Route(TestAssets.Get("/data.bin") with { Range = "bytes=0-1" }).Headers().ContainsKey("Cache-Control"));
        Assert.False(Router.Route(TestAssets.Get("/data.bin") with { Range = "lines=1-2" }).Headers().ContainsKey("Cache-Control"));
        Assert.Equal(Cache, Router.Route("/data.bin").Headers().CacheControl);
    }

    [Theory]
    [InlineData("/index.html", "text/html; charset=utf-8")]
    [InlineData("/typed.txt", "application/x-custom")]
    [InlineData("/null.txt", "text/plain; charset=utf-8")]
    [InlineData("/data.bin", "application/octet-stream")]
    public void Content_type_is_the_uploaded_one_or_the_extensions(string path, string expected)
    {
        var outcome = TestAssets.Router(Files, TestAssets.Config("""{"html_handling":"none"}""")).Route(path);
        Assert.Equal(expected, outcome.Headers().ContentType);
    }

    [Theory]
    [InlineData("a.css", "text/css; charset=utf-8")]
    [InlineData("a.JS", "text/javascript; charset=utf-8")]
    [InlineData("dir.v2/a.svg", "image/svg+xml")]
    [InlineData("a.woff2", "font/woff2")]
    [InlineData("a.json", "application/json")]
    [InlineData("a.wasm", "application/wasm")]
    [InlineData("a.unknownext", null)]
    [InlineData("dir.v2/noext", null)]
    public void Extension_types_give_text_a_utf8_charset(string path, string? expected) =>
        Assert.Equal(expected, ContentTypes.FromPath("/" + path));

    [Fact]
    public void A_file_without_a_known_type_is_served_without_content_type()
    {
        Assert.False(Router.Route("/noext").Headers().ContainsKey("Content-Type"));
    }

    [Fact]
    public void Head_gets_the_headers_and_length_without_a_body()
    {
        var outcome = Router.Route("/data.bin", "HEAD");
        outcome.AssertServes("/data.bin");
        Assert.True(outcome.OmitBody);
        Assert.Equal(10, outcome.Headers().ContentLength);
    }

    [Theory]
    [InlineData("bytes=2-5", 2, 4)]
    [InlineData("bytes=7-", 7, 3)]
    [InlineData("bytes=-3", 7, 3)]
    [InlineData("bytes=-30", 0, 10)]
    [InlineData("bytes=5-100", 5, 5)]
    [InlineData("bytes = 0-0", 0, 1)]
    public void A_single_range_gets_206_with_content_range(string range, long start, long length)
    {
        var outcome = Router.Route(TestAssets.Get("/data.bin") with { Range = range });
        outcome.AssertServes("/data.bin", 206);
        Assert.Equal(start, outcome.RangeStart);
        Assert.Equal(length, outcome.BodyLength);
        var headers = outcome.Headers();
        Assert.Equal($"bytes {start}-{start + length - 1}/10", headers.ContentRange);
        Assert.Equal(length, headers.ContentLength);
    }

    [Theory]
    [InlineData("bytes=10-")]
    [InlineData("bytes=10-20")]
    [InlineData("bytes=-0")]
    public void An_unsatisfiable_range_gets_416(string range)
    {
        var outcome = Router.Route(TestAssets.Get("/data.bin") with { Range = range });
        outcome.AssertKind(AssetOutcomeKind.RangeNotSatisfiable, 416);
        Assert.Equal("bytes */10", outcome.Headers().ContentRange);
    }

    [Theory]
    [InlineData("bytes=0-1,3-4")]
    [InlineData("bytes=5-2")]
    [InlineData("items=0-1")]
    [InlineData("bytes=abc")]
    public void An_unusable_range_is_ignored(string range)
    {
        var outcome = Router.Route(TestAssets.Get("/data.bin") with { Range = range });
        outcome.AssertServes("/data.bin");
        Assert.Equal(10, outcome.BodyLength);
    }

    [Fact]
    public void If_range_with_another_tag_serves_the_whole_file()
    {
        Router.Route(TestAssets.Get("/data.bin") with { Range = "bytes=0-1", IfRange = "\"old\"" }).AssertServes("/data.bin");
        Router.Route(TestAssets.Get("/data.bin") with { Range = "bytes=0-1", IfRange = Tag("/data.bin") })
            .AssertServes("/data.bin", 206);
    }

    [Fact]
    public void Range_does_not_apply_to_a_404_page()
    {
        var router = TestAssets.Router(Files, TestAssets.Config("""{"not_found_handling":"404-page"}"""));
        router.Route(TestAssets.Get("/missing") with { Range = "bytes=0-1" }).AssertServes("/404.html", 404);
    }

    [Fact]
    public void A_404_page_also_answers_304_to_its_own_tag()
    {
        var router = TestAssets.Router(Files, TestAssets.Config("""{"not_found_handling":"404-page"}"""));
        router.Route(TestAssets.Get("/missing") with { IfNoneMatch = Tag("/404.html") })
            .AssertKind(AssetOutcomeKind.NotModified, 304);
    }
}
