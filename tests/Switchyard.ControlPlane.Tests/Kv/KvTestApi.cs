using System.Net;
using System.Text.Json.Nodes;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Kv;

/// <summary>Paths and calls of the KV API, as a client that percent-encodes keys like wrangler (encodeURIComponent).</summary>
internal static class KvTestApi
{
    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static string Namespaces(this TestServer server) => $"{server.AccountPath}/storage/kv/namespaces";
    public static string Namespace(this TestServer server, string id) => $"{server.Namespaces()}/{id}";
    public static string Value(this TestServer server, string id, string key) => $"{server.Namespace(id)}/values/{Uri.EscapeDataString(key)}";

    public static async Task<string> CreateNamespaceAsync(this TestServer server, string? title = null)
    {
        var result = (await server.Api.SendJsonAsync(HttpMethod.Post, server.Namespaces(), new { title = title ?? "ns-" + Guid.NewGuid().ToString("N") }))
            .AssertOk()!;
        return (string)result["id"]!;
    }

    public static async Task PutAsync(this TestServer server, string id, string key, byte[] value, string query = "")
    {
        using var content = new ByteArrayContent(value);
        (await server.Api.SendApiAsync(HttpMethod.Put, server.Value(id, key) + query, content)).AssertOk();
    }

    /// <summary>The raw value, or null on 404 (after checking the 404 is the KV envelope with code 10009).</summary>
    public static async Task<byte[]?> GetAsync(this TestServer server, string id, string key)
    {
        using var response = await server.Api.GetAsync(server.Value(id, key));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            (await ApiResponse.ReadAsync(response)).AssertError(HttpStatusCode.NotFound, 10009);
            return null;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Every key name of the namespace (first page of up to 1000).</summary>
    public static async Task<List<string>> KeyNamesAsync(this TestServer server, string id, string query = "") =>
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/keys{query}")).AssertOk()!.AsArray()
            .Select(k => (string)k!["name"]!).ToList();

    public static async Task<JsonArray> KeysAsync(this TestServer server, string id) =>
        (await server.Api.GetApiAsync($"{server.Namespace(id)}/keys")).AssertOk()!.AsArray();
}
