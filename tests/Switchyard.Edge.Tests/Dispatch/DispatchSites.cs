using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;

namespace Switchyard.Edge.Tests.Dispatch;

/// <summary>Deploys dispatchers, user workers and outbound workers through the real API, the way a platform would.</summary>
public static class DispatchSites
{
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>
    /// A dispatcher as in Cloudflare's example: <c>?script=</c> picks the user worker, <c>?cpu=</c>/<c>?sub=</c> set custom
    /// limits, <c>?customer=</c> an outbound param (plus an undeclared one), <c>?binding=</c> another namespace binding;
    /// errors map Worker not found → 404, CPU limit → 429, anything else → 500 with the message as body, unless
    /// <c>?uncaught</c> lets them go.
    /// </summary>
    public const string Dispatcher = """
        export default {
          async fetch(request, env) {
            const url = new URL(request.url);
            const q = url.searchParams;
            if (q.has("self-cf")) return Response.json({ cf: request.cf ?? null });
            const limits = {};
            if (q.has("cpu")) limits.cpuMs = Number(q.get("cpu"));
            if (q.has("sub")) limits.subRequests = Number(q.get("sub"));
            const outbound = q.has("customer") ? { customer: q.get("customer"), undeclared: "leak" } : undefined;
            try {
              const worker = env[q.get("binding") ?? "DISPATCHER"].get(q.get("script"), {}, { limits, outbound });
              return await worker.fetch(request);
            } catch (e) {
              if (q.has("uncaught")) throw e;
              const status = e.message.startsWith("Worker not found") ? 404 : e.message.includes("CPU time limit") ? 429 : 500;
              return new Response(e.message, { status });
            }
          }
        };
        """;

    public static async Task<string> CreateNamespaceAsync(TestServer server, bool trusted = false)
    {
        var name = Unique("ns");
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/dispatch/namespaces", new { name })).AssertOk();
        if (trusted)
            (await server.Api.SendJsonAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{name}",
                new { trusted_workers = true })).AssertOk();
        return name;
    }

    /// <summary>An account-level worker reachable at its workers.dev-style host.</summary>
    public static async Task DeployAccountWorkerAsync(TestServer server, string script, string code, params object[] bindings)
    {
        var form = ScriptUploads.Module(new() { ["bindings"] = bindings }, code);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}", form)).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain",
            new { enabled = true })).AssertOk();
    }

    public static async Task DeployUserWorkerAsync(TestServer server, string ns, string script, string code,
        string[]? tags = null, object[]? bindings = null)
    {
        var form = ScriptUploads.Module(new() { ["tags"] = tags ?? [], ["bindings"] = bindings ?? [] }, code);
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{script}", form))
            .AssertOk();
    }

    /// <summary>A user worker with static assets (and a worker unless <paramref name="code"/> is null), uploaded like wrangler does.</summary>
    public static async Task DeployUserSiteAsync(TestServer server, string ns, string script, IReadOnlyList<AssetFile> files,
        string? code, object? config = null, object[]? bindings = null)
    {
        var (jwt, buckets) = await AssetFlow.StartSessionAsync(server.Api, server.AccountPath, files, ns, script);
        var completion = buckets.Count == 0 ? jwt : await AssetFlow.UploadBucketsAsync(server, server.AccountPath, jwt, buckets, files);
        var assets = new { jwt = completion, config = config ?? new { } };
        var form = code is null
            ? ScriptUploads.Wrangler(new { assets, compatibility_date = "2025-06-01" })
            : ScriptUploads.Wrangler(new { main_module = "index.js", assets, bindings = bindings ?? [], compatibility_date = "2025-06-01" },
                TestModule.Esm("index.js", code));
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{script}", form))
            .AssertOk();
    }

    public static object DispatchBinding(string name, string ns, string? outboundService = null, params string[] parameters) =>
        outboundService is null
            ? new { type = "dispatch_namespace", name, @namespace = ns }
            : new
            {
                type = "dispatch_namespace", name, @namespace = ns,
                outbound = new { worker = new { service = outboundService }, @params = parameters.Select(p => new { name = p }).ToArray() },
            };

    public static Task<HttpResponseMessage> GetAsync(TestServer server, string script, string pathAndQuery) =>
        EdgeSites.GetAsync(server, EdgeSites.Host(script), pathAndQuery);

    /// <summary>
    /// A URL a worker can fetch on the loopback network: a test origin's health check (the server's own listeners are
    /// never reachable from a worker; the test server allows the rest of loopback).
    /// </summary>
    public static string LoopbackUrl(TestServer server) =>
        new Uri(LoopbackUpstream.SharedAsync().GetAwaiter().GetResult().Origin, "/healthz").ToString();
}
