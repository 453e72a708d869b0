using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchyard.Edge.Assets;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;
using Xunit;

namespace Switchyard.Edge.Tests.Assets;

/// <summary>The router and writer together over a real <see cref="FileBlobStore"/>: in a DefaultHttpContext, and
/// behind a real Kestrel listener on loopback so request targets arrive exactly as clients send them.</summary>
public sealed class AssetResponseWriterTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-edge-assets-" + Guid.NewGuid().ToString("N"));
    private FileBlobStore _blobs = null!;
    private AssetRouter _router = null!;
    private byte[] _large = null!;
    private WebApplication? _app;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _blobs = new FileBlobStore(_dir);
        _large = new byte[300_000];
        new Random(7).NextBytes(_large);
        var files = new Dictionary<string, StoredAsset>
        {
            ["/index.html"] = await Store("<!doctype html><h1>home</h1>"),
            ["/menü/straße.txt"] = await Store("unicode path"),
            ["/large.bin"] = await Store(_large),
            ["/empty.txt"] = await Store([]),
            ["/dangling.txt"] = new("0123456789abcdef0123456789abcdef", new string('a', 64), 5, null),
        };
        var config = TestAssets.Config("""{"_headers":"/*\n  X-Served-By: assets"}""");
        _router = new AssetRouter(new AssetManifest(files), config, hasWorker: true);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        var writer = new AssetResponseWriter(_blobs);
        _app.Run(async context =>
        {
            var outcome = _router.Route(AssetRequest.From(context.Request));
            if (outcome.Kind == AssetOutcomeKind.RunWorker)
            {
                context.Response.StatusCode = 299;
                await context.Response.WriteAsync("worker");
                return;
            }
            await writer.WriteAsync(context.Response, outcome, context.RequestAborted);
        });
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<StoredAsset> Store(string text) => await Store(Encoding.UTF8.GetBytes(text));

    private async Task<StoredAsset> Store(byte[] bytes)
    {
        var key = await _blobs.PutAsync(bytes);
        return new StoredAsset(key[..32], key, bytes.Length, null);
    }

    private async Task<(DefaultHttpContext Context, byte[] Body)> WriteInMemory(AssetRequest request, AssetResponseWriter? writer = null)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await (writer ?? new AssetResponseWriter(_blobs)).WriteAsync(context.Response, _router.Route(request));
        return (context, body.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Small_files_are_served_the_same_from_the_cache_or_streamed(bool cached)
    {
        var writer = cached ? new AssetResponseWriter(_blobs) : new AssetResponseWriter(_blobs, cache: null);
        var (whole, wholeBody) = await WriteInMemory(TestAssets.Get("/"), writer);
        Assert.Equal(200, whole.Response.StatusCode);
        Assert.Equal("<!doctype html><h1>home</h1>", Encoding.UTF8.GetString(wholeBody));

        var (part, partBody) = await WriteInMemory(TestAssets.Get("/") with { Range = "bytes=15-18" }, writer);
        Assert.Equal(206, part.Response.StatusCode);
        Assert.Equal("<h1>", Encoding.UTF8.GetString(partBody));
    }

    [Fact]
    public async Task The_small_blob_cache_keeps_within_its_budget()
    {
        var cache = new SmallBlobCache(_blobs, maxBlobBytes: 100, capacityBytes: 40);
        var first = await Store("0123456789012345678901234"); // 25 bytes
        var second = await Store("abcdefghijklmnopqrstuvwxy"); // 25 bytes
        Assert.True(cache.Holds(25));
        Assert.False(cache.Holds(101));
        Assert.Equal("0123456789012345678901234", Encoding.UTF8.GetString((await cache.GetAsync(first.BlobKey, 25))!));
        Assert.Equal(25, cache.CachedBytes);
        Assert.Equal("abcdefghijklmnopqrstuvwxy", Encoding.UTF8.GetString((await cache.GetAsync(second.BlobKey, 25))!));
        Assert.Equal(25, cache.CachedBytes);
        Assert.Null(await cache.GetAsync(first.BlobKey, 24));
        Assert.Null(await cache.GetAsync(new string('b', 64), 5));
    }

    [Fact]
    public async Task Writes_a_whole_file_with_its_headers()
    {
        var (context, body) = await WriteInMemory(TestAssets.Get("/large.bin"));
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(_large.Length, context.Response.ContentLength);
        Assert.Equal(AssetResponseWriter.DefaultCacheControl, context.Response.Headers.CacheControl);
        Assert.Equal("application/octet-stream", context.Response.ContentType);
        Assert.Equal("assets", context.Response.Headers["X-Served-By"]);
        Assert.Equal(_large, body);
    }

    [Fact]
    public async Task Writes_only_the_requested_range()
    {
        var (context, body) = await WriteInMemory(TestAssets.Get("/large.bin") with { Range = "bytes=100000-250001" });
        Assert.Equal(206, context.Response.StatusCode);
        Assert.Equal($"bytes 100000-250001/{_large.Length}", context.Response.Headers.ContentRange);
        Assert.Equal(_large[100_000..250_002], body);
    }

    [Fact]
    public async Task Head_writes_headers_only()
    {
        var (context, body) = await WriteInMemory(TestAssets.Get("/large.bin", "HEAD"));
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(_large.Length, context.Response.ContentLength);
        Assert.Empty(body);
    }

    [Fact]
    public async Task An_empty_file_is_an_empty_200()
    {
        var (context, body) = await WriteInMemory(TestAssets.Get("/empty.txt"));
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal(0, context.Response.ContentLength);
        Assert.Empty(body);
    }

    [Fact]
    public async Task A_blob_missing_from_the_store_fails_before_anything_is_written()
    {
        var context = new DefaultHttpContext();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AssetResponseWriter(_blobs).WriteAsync(context.Response, _router.Route(TestAssets.Get("/dangling.txt"))));
        Assert.Contains("/dangling.txt", error.Message);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Empty(context.Response.Headers);
    }

    [Fact]
    public async Task Refuses_to_write_a_worker_outcome()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AssetResponseWriter(_blobs).WriteAsync(new DefaultHttpContext().Response, AssetOutcome.RunWorker));
    }

    [Fact]
    public async Task Over_http_a_unicode_path_is_served_and_its_etag_revalidates()
    {
        var response = await _client.GetAsync("/menü/straße.txt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unicode path", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var etag = response.Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/men%C3%BC/stra%C3%9Fe.txt");
        revalidate.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag, isWeak: true));
        var notModified = await _client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Over_http_ranges_head_and_redirects_work()
    {
        using var ranged = new HttpRequestMessage(HttpMethod.Get, "/large.bin");
        ranged.Headers.Range = new RangeHeaderValue(null, 10);
        var partial = await _client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(_large[^10..], await partial.Content.ReadAsByteArrayAsync());
        Assert.Null(partial.Headers.CacheControl);

        using var head = new HttpRequestMessage(HttpMethod.Head, "/large.bin");
        var headResponse = await _client.SendAsync(head);
        Assert.Equal(_large.Length, headResponse.Content.Headers.ContentLength);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());

        using var noFollow = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _client.BaseAddress };
        var redirect = await noFollow.GetAsync("/index.html?x=1");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal("/?x=1", redirect.Headers.Location!.OriginalString);
        Assert.Equal("assets", redirect.Headers.GetValues("X-Served-By").Single());
    }

    [Fact]
    public async Task Over_http_misses_reach_the_worker_and_get_no_asset_headers()
    {
        var response = await _client.GetAsync("/api/thing");
        Assert.Equal((HttpStatusCode)299, response.StatusCode);
        Assert.Equal("worker", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Served-By"));

        var post = await _client.PostAsync("/index.html", new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
