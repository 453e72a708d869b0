using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Console.Tests;

/// <summary>Deploys workers for the console to show, through the API as wrangler would, and sends them traffic.</summary>
public static class ConsoleWorkers
{
    /// <summary>A worker that logs each request's path (with an object, as console.log is often called) and answers ok.</summary>
    public const string LoggingWorker = """
        export default {
          async fetch(request) {
            const path = new URL(request.url).pathname;
            console.log("hello from", path, { n: 1 });
            if (path === "/throw") throw new Error("boom at " + path);
            if (path === "/markup") console.log("<img src=x id=injected onerror=alert(1)>");
            return new Response("ok " + path);
          },
        };
        """;

    /// <summary>
    /// Script names are unique per test: a test class's tests share its server (and so its /metrics), all under the same
    /// (fixed) test account id.
    /// </summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static async Task DeployAccountScriptAsync(TestServer server, string script, string code = LoggingWorker)
    {
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}",
            ScriptUploads.Module(code: code))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain",
            new { enabled = true })).AssertOk();
    }

    public static async Task CreateDispatchNamespaceAsync(TestServer server, string name) =>
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/dispatch/namespaces", new { name })).AssertOk();

    public static async Task DeployNamespaceScriptAsync(TestServer server, string ns, string script, string code = LoggingWorker) =>
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{script}",
            ScriptUploads.Module(code: code))).AssertOk();

    /// <summary>An account script that hands /&lt;script&gt;/… to that script of the dispatch namespace.</summary>
    public static async Task DeployDispatcherAsync(TestServer server, string script, string ns)
    {
        const string code = """
            export default {
              async fetch(request, env) {
                const name = new URL(request.url).pathname.split("/")[1];
                return env.DISPATCHER.get(name).fetch(request);
              },
            };
            """;
        var metadata = new Dictionary<string, object?>
        {
            ["bindings"] = new object[] { new { type = "dispatch_namespace", name = "DISPATCHER", @namespace = ns } },
        };
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{script}",
            ScriptUploads.Module(metadata, code))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{script}/subdomain",
            new { enabled = true })).AssertOk();
    }

    /// <summary>One request to an account script on the edge; returns its status.</summary>
    public static async Task<HttpStatusCode> RequestAsync(TestServer server, string script, string path = "/")
    {
        using var response = await server.GetEdgeAsync($"{script}.dev.workers.localhost", path);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
