using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Switchyard.Runtime.Invocation;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Pipeline;

/// <summary>A test server whose edge runs workers with <see cref="EchoInvokerForTests"/>, with one worker+assets site.</summary>
public sealed class EchoEdgeServer : IAsyncLifetime
{
    public const string Script = "echo";

    public TestServer Server { get; } = new()
    {
        ConfigureEdge = services => services.AddSingleton<IWorkerInvoker, EchoInvokerForTests>(),
    };

    /// <summary>Larger than the small-blob cache holds, so it is streamed from the blob store.</summary>
    public static readonly byte[] Big = [.. Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7))];

    public EchoInvokerForTests Invoker => (EchoInvokerForTests)Server.Server.EdgeServices.GetRequiredService<IWorkerInvoker>();

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        await EdgeSites.DeployAsync(Server, Script,
            [new("/index.html", "<h1>static home</h1>"), new("/data.txt", "0123456789"), new("/big.bin", Big),
                new("/passthrough/page.txt", "origin page")],
            // The worker runs first under /passthrough/, so its pass-through can land on an asset that exists.
            config: new { _headers = "/*\n  X-Asset-Rule: yes\n", run_worker_first = new[] { "/passthrough/*" } },
            code: "export default { fetch() { return new Response('from v8'); } };\n");
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>Requests the asset server does not answer go to the runtime: marshalling both ways and the error pages.</summary>
public sealed class WorkerPathTests(EchoEdgeServer edge) : IClassFixture<EchoEdgeServer>
{
    private TestServer Server => edge.Server;
    private static string Host => EdgeSites.Host(EchoEdgeServer.Script);

    [Fact]
    public async Task The_worker_gets_url_method_headers_client_ip_and_the_streamed_body()
    {
        var body = new string('x', 200_000);
        using var response = await EdgeSites.SendAsync(Server, HttpMethod.Post, Host, "/api/items?id=7&q=a%20b", h =>
        {
            h.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            h.TryAddWithoutValidation("X-Custom", "one");
            h.TryAddWithoutValidation("cf-connecting-ip", "6.6.6.6"); // a client cannot choose its own address
        }, new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Echoed", response.ReasonPhrase);
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));
        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("echo", echo.GetProperty("script").GetString());
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal($"https://{Host}/api/items?id=7&q=a%20b", echo.GetProperty("url").GetString());
        Assert.Equal(body, echo.GetProperty("body").GetString());

        var headers = echo.GetProperty("headers").EnumerateArray()
            .Select(h => (h[0].GetString()!, h[1].GetString()!)).ToList();
        Assert.Contains(("x-custom", "one"), headers);
        Assert.Contains(("host", Host), headers);
        Assert.Contains(("content-type", "text/plain; charset=utf-8"), headers);
        Assert.Equal(["127.0.0.1"], headers.Where(h => h.Item1 == "cf-connecting-ip").Select(h => h.Item2));
        Assert.Equal(["https"], headers.Where(h => h.Item1 == "x-forwarded-proto").Select(h => h.Item2));
    }

    [Fact]
    public async Task A_get_has_no_body_and_plain_http_is_the_default_scheme()
    {
        using var response = await EdgeSites.GetAsync(Server, Host, "/hello");
        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"http://{Host}/hello", echo.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("body").ValueKind);
    }

    [Fact]
    public async Task A_url_of_16_KB_reaches_the_worker_and_a_longer_one_is_refused_with_414()
    {
        // Cloudflare's limit on a URL is 16 KB; Kestrel's own default request line (8 KB) refused half of that range.
        string path = "/long?q=" + new string('a', 16 * 1024 - 8);
        using var response = await EdgeSites.GetAsync(Server, Host, path);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);  // the echo worker's status
        var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"http://{Host}{path}", echo.GetProperty("url").GetString());

        using var tooLong = await EdgeSites.GetAsync(Server, Host, path + new string('a', 64));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
    }

    [Fact]
    public async Task Assets_answer_first_and_the_worker_gets_the_rest()
    {
        using var home = await EdgeSites.GetAsync(Server, Host, "/");
        Assert.Equal("<h1>static home</h1>", await home.Content.ReadAsStringAsync());

        Assert.Equal("yes", home.Headers.GetValues("X-Asset-Rule").Single());

        using var head = await EdgeSites.SendAsync(Server, HttpMethod.Head, Host, "/not-a-file");
        Assert.False(head.Headers.Contains("X-Asset-Rule")); // _headers never edit a worker's response
        Assert.Equal(HttpStatusCode.Created, head.StatusCode);
        Assert.Equal("echo", head.Headers.GetValues("x-worker").Single());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_body_held_whole_goes_out_with_its_own_length_not_chunked()
    {
        using var response = await EdgeSites.SendAsync(Server, HttpMethod.Get, Host, "/whole");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(10, response.Content.Headers.ContentLength);
        Assert.Null(response.Headers.TransferEncodingChunked);
        Assert.Equal("held whole", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_response_body_streams_to_the_client_as_the_worker_writes_it()
    {
        using var response = await EdgeSites.SendAsync(Server, HttpMethod.Get, Host, "/stream",
            completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The worker holds back its second chunk until the first has arrived here.
        Assert.Equal("first", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        edge.Invoker.ReleaseStream();
        Assert.Equal("second", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await reader.ReadLineAsync());
    }

    [Theory]
    [InlineData("/throw", 500, "Error 1101", "Worker threw exception")]
    [InlineData("/cpu", 503, "Error 1102", "Worker exceeded resource limits")]
    [InlineData("/loop", 500, "Error 1019", "Compute server error")]
    [InlineData("/bad-status", 502, "Error 502", "Bad gateway")]
    public async Task Worker_failures_become_cloudflare_style_error_pages(string path, int status, string code, string title)
    {
        using var response = await EdgeSites.GetAsync(Server, Host, path);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(code, page);
        Assert.Contains(title, page);
        Assert.DoesNotContain("boom", page); // the exception's details are logged, never shown
    }

    [Fact]
    public async Task After_pass_through_on_exception_a_get_is_answered_by_the_assets()
    {
        using var page = await EdgeSites.GetAsync(Server, Host, "/passthrough/page.txt");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("origin page", await page.Content.ReadAsStringAsync());
        Assert.Equal("yes", page.Headers.GetValues("X-Asset-Rule").Single());

        using var missing = await EdgeSites.GetAsync(Server, Host, "/passthrough/missing.txt");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode); // the origin's answer, not an error page

        // The body of a POST may have been consumed by the worker, so it cannot be replayed to the origin.
        using var post = await EdgeSites.SendAsync(Server, HttpMethod.Post, Host, "/passthrough/page.txt",
            content: new StringContent("data"));
        Assert.Equal(HttpStatusCode.InternalServerError, post.StatusCode);
        Assert.Contains("Error 1101", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_assets_binding_serves_files_ranges_and_redirects_to_the_worker()
    {
        using var home = await EdgeSites.GetAsync(Server, Host, "/assets-binding/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("<h1>static home</h1>", await home.Content.ReadAsStringAsync());
        Assert.NotNull(home.Headers.ETag);

        using var range = await EdgeSites.GetAsync(Server, Host, "/assets-binding/data.txt", h => h.Range = new(2, 4));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal("234", await range.Content.ReadAsStringAsync());
        Assert.Equal("bytes 2-4/10", range.Content.Headers.ContentRange!.ToString());

        using var bigRange = await EdgeSites.GetAsync(Server, Host, "/assets-binding/big.bin", h => h.Range = new(100_000, null));
        Assert.Equal(HttpStatusCode.PartialContent, bigRange.StatusCode);
        Assert.Equal(EchoEdgeServer.Big[100_000..], await bigRange.Content.ReadAsByteArrayAsync());

        using var big = await EdgeSites.GetAsync(Server, Host, "/assets-binding/big.bin");
        Assert.Equal(EchoEdgeServer.Big, await big.Content.ReadAsByteArrayAsync());

        using var canonical = await EdgeSites.GetAsync(Server, Host, "/assets-binding/index.html");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, canonical.StatusCode);
        Assert.Equal("/", canonical.Headers.Location!.OriginalString);

        using var missing = await EdgeSites.GetAsync(Server, Host, "/assets-binding/missing.css");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
