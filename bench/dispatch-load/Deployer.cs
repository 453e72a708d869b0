using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Bench.DispatchLoad;

/// <summary>Sets the platform up through the API, as a platform would: a namespace, its user workers, a dispatcher.</summary>
public sealed class Deployer(HttpClient api)
{
    private readonly string _account = $"accounts/{ServerProcess.AccountId}";

    /// <summary>What user worker <paramref name="name"/> answers, so every response can be checked against who should have sent it.</summary>
    public static string Answer(string name) => "hello from " + name;

    /// <summary>Each user worker is its own script (so its own version and isolate), with a bit of module state.</summary>
    private static string UserWorker(string name) => $$"""
        let served = 0;
        export default {
          fetch(request) {
            served++;
            return new Response("{{Answer(name)}}", { headers: { "x-served": String(served) } });
          }
        };
        """;

    /// <summary>Routes <c>/&lt;script&gt;/...</c> to the namespace's script, mapping a missing one to 404.</summary>
    private const string Dispatcher = """
        export default {
          async fetch(request, env) {
            const script = new URL(request.url).pathname.split("/")[1];
            try {
              return await env.CUSTOMERS.get(script).fetch(request);
            } catch (e) {
              return new Response(e.message, { status: e.message.startsWith("Worker not found") ? 404 : 500 });
            }
          }
        };
        """;

    public async Task CreateNamespaceAsync(string ns) =>
        await SendAsync(HttpMethod.Post, $"{_account}/workers/dispatch/namespaces", Json(new { name = ns }));

    public async Task DeployUserWorkersAsync(string ns, IReadOnlyList<string> names, int parallel)
    {
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (name, _) =>
            await SendAsync(HttpMethod.Put, $"{_account}/workers/dispatch/namespaces/{ns}/scripts/{name}", Upload(UserWorker(name), [])));
    }

    public async Task DeployDispatcherAsync(string name, string ns)
    {
        object[] bindings = [new { type = "dispatch_namespace", name = "CUSTOMERS", @namespace = ns }];
        await SendAsync(HttpMethod.Put, $"{_account}/workers/scripts/{name}", Upload(Dispatcher, bindings));
        await SendAsync(HttpMethod.Post, $"{_account}/workers/scripts/{name}/subdomain", Json(new { enabled = true }));
    }

    /// <summary>wrangler's encoding: a <c>metadata</c> part, then the module.</summary>
    private static MultipartFormDataContent Upload(string code, object[] bindings)
    {
        var form = new MultipartFormDataContent();
        var metadata = new StringContent(JsonSerializer.Serialize(new { main_module = "index.js", compatibility_date = "2025-06-01", bindings }));
        metadata.Headers.ContentType = null;
        form.Add(metadata, "metadata");
        var module = new StringContent(code, Encoding.UTF8);
        module.Headers.ContentType = MediaTypeHeaderValue.Parse("application/javascript+module");
        form.Add(module, "index.js", "index.js");
        return form;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task SendAsync(HttpMethod method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await api.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
