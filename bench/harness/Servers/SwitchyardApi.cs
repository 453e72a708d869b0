using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchyard.Bench.Servers;

/// <summary>The Cloudflare API v4 calls the scenarios deploy with, encoded as wrangler (and curl -F) sends them.</summary>
public sealed class SwitchyardApi(HttpClient client, string accountId)
{
    private string Account => $"accounts/{accountId}";

    /// <summary>PUT an ES module worker (account-level, or into a dispatch namespace) with the given bindings.</summary>
    public async Task PutWorkerAsync(string script, string code, object[]? bindings = null, string? dispatchNamespace = null)
    {
        var metadata = new Dictionary<string, object>
        {
            ["main_module"] = "index.js",
            ["compatibility_date"] = "2025-06-01",
            ["bindings"] = bindings ?? [],
        };
        using var form = Form(metadata);
        var module = new ByteArrayContent(Encoding.UTF8.GetBytes(code));
        module.Headers.ContentType = new MediaTypeHeaderValue("application/javascript+module");
        form.Add(module, "index.js", "index.js");
        await SendAsync(HttpMethod.Put, ScriptPath(script, dispatchNamespace), form);
        if (dispatchNamespace is null) await EnableSubdomainAsync(script);
    }

    /// <summary>New account-level scripts are off on the workers subdomain until switched on, as wrangler does after its upload.</summary>
    private Task EnableSubdomainAsync(string script) =>
        SendAsync(HttpMethod.Post, $"{Account}/workers/scripts/{script}/subdomain", JsonContent.Create(new { enabled = true }));

    public async Task<string> CreateKvNamespaceAsync(string title) =>
        (string)(await SendAsync(HttpMethod.Post, $"{Account}/storage/kv/namespaces", JsonContent.Create(new { title })))!["id"]!;

    public Task PutKvValueAsync(string namespaceId, string key, string value) =>
        SendAsync(HttpMethod.Put, $"{Account}/storage/kv/namespaces/{namespaceId}/values/{Uri.EscapeDataString(key)}",
            new StringContent(value));

    public Task CreateDispatchNamespaceAsync(string name) =>
        SendAsync(HttpMethod.Post, $"{Account}/workers/dispatch/namespaces", JsonContent.Create(new { name }));

    /// <summary>
    /// Deploys an assets-only worker the way wrangler does: upload session with the manifest, one upload per bucket
    /// (authenticated by the session JWT), then the script PUT carrying the completion JWT.
    /// </summary>
    public async Task PutAssetsOnlyWorkerAsync(string script, IReadOnlyDictionary<string, byte[]> files)
    {
        var hashes = files.ToDictionary(f => f.Key, f => AssetHash(f.Key, f.Value));
        var manifest = files.ToDictionary(f => f.Key, f => new { hash = hashes[f.Key], size = f.Value.Length });
        var session = await SendAsync(HttpMethod.Post, $"{Account}/workers/scripts/{script}/assets-upload-session",
            JsonContent.Create(new { manifest }));
        var jwt = (string)session!["jwt"]!;
        var byHash = files.ToDictionary(f => hashes[f.Key], f => f.Value);
        foreach (var bucket in session["buckets"]!.AsArray())
        {
            using var upload = new MultipartFormDataContent();
            foreach (var hash in bucket!.AsArray().Select(h => (string)h!))
            {
                var part = new StringContent(Convert.ToBase64String(byHash[hash]));
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                upload.Add(part, hash, hash);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Account}/workers/assets/upload?base64=true") { Content = upload };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            var result = await ReadAsync(await client.SendAsync(request), "asset upload");
            if (result?["jwt"] is { } completion) jwt = (string)completion!;
        }
        using var form = Form(new Dictionary<string, object>
        {
            ["compatibility_date"] = "2025-06-01",
            ["assets"] = new { jwt },
        });
        await SendAsync(HttpMethod.Put, ScriptPath(script, null), form);
        await EnableSubdomainAsync(script);
    }

    private string ScriptPath(string script, string? dispatchNamespace) => dispatchNamespace is null
        ? $"{Account}/workers/scripts/{script}"
        : $"{Account}/workers/dispatch/namespaces/{dispatchNamespace}/scripts/{script}";

    /// <summary>wrangler's asset hash shape: 32 hex of a digest over base64(content) + extension (the server only stores it).</summary>
    private static string AssetHash(string path, byte[] content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(content) + Path.GetExtension(path).TrimStart('.'))))[..32];

    /// <summary>A multipart body whose first part is <c>metadata</c>: JSON, no filename, no Content-Type.</summary>
    private static MultipartFormDataContent Form(object metadata)
    {
        var form = new MultipartFormDataContent();
        var part = new StringContent(JsonSerializer.Serialize(metadata));
        part.Headers.ContentType = null;
        form.Add(part, "metadata");
        return form;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await ReadAsync(await client.SendAsync(request), $"{method} {path}");
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new SwitchyardApiException(response.StatusCode, $"{what} answered {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)?["result"];
        }
    }
}

public sealed class SwitchyardApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
