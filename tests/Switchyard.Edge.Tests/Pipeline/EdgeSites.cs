using System.Net.Http.Headers;
using Switchyard.Testing;

namespace Switchyard.Edge.Tests.Pipeline;

/// <summary>Deploys sites through the real API (asset upload flow, script upload, subdomain) and asks the edge for them.</summary>
public static class EdgeSites
{
    /// <summary>The host the edge serves an account script at (the test server's account subdomain is "dev").</summary>
    public static string Host(string script) => $"{script}.dev.workers.localhost";

    /// <summary>Uploads the files, deploys them as <paramref name="script"/> (with a worker when <paramref name="code"/>
    /// is given) and enables its workers subdomain address.</summary>
    public static async Task DeployAsync(TestServer server, string script, IReadOnlyList<AssetFile> files,
        object? config = null, string? code = null)
    {
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, script: script);
        var completion = buckets.Count == 0 ? jwt : await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);

        var assets = new { jwt = completion, config = config ?? new { } };
        var form = code is null
            ? ScriptUploads.Wrangler(new { assets, compatibility_date = "2025-06-01" })
            : ScriptUploads.Wrangler(new { main_module = "index.js", assets, compatibility_date = "2025-06-01" },
                TestModule.Esm("index.js", code));
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}", form)).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain",
            new { enabled = true })).AssertOk();
    }

    public static Task<HttpResponseMessage> GetAsync(TestServer server, string host, string path,
        Action<HttpRequestHeaders>? headers = null) => SendAsync(server, HttpMethod.Get, host, path, headers);

    public static Task<HttpResponseMessage> SendAsync(TestServer server, HttpMethod method, string host, string path,
        Action<HttpRequestHeaders>? headers = null, HttpContent? content = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        server.SendEdgeAsync(method, host, path, headers, content, completion);
}
