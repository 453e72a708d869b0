using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Switchyard.Testing;

/// <summary>A module (or source map) of a test upload.</summary>
public sealed record TestModule(string Name, string ContentType, byte[] Data)
{
    public static TestModule Esm(string name, string code) => new(name, "application/javascript+module", Encoding.UTF8.GetBytes(code));
}

/// <summary>Builds script uploads the way real clients encode them (contract §4 and §9).</summary>
public static class ScriptUploads
{
    public const string HelloWorker = "export default { async fetch(request, env) { return new Response(\"hello \" + env.GREETING); } };\n";

    /// <summary>wrangler: a <c>metadata</c> field (JSON, no filename, no Content-Type), then one part per module named by its path.</summary>
    public static MultipartFormDataContent Wrangler(object metadata, params TestModule[] modules) =>
        WranglerRaw(metadata as string ?? JsonSerializer.Serialize(metadata), modules);

    public static MultipartFormDataContent WranglerRaw(string metadataJson, params TestModule[] modules)
    {
        var form = new MultipartFormDataContent();
        var meta = new StringContent(metadataJson);
        meta.Headers.ContentType = null;
        form.Add(meta, "metadata");
        foreach (var module in modules)
        {
            var part = new ByteArrayContent(module.Data);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(module.ContentType);
            form.Add(part, module.Name, module.Name);
        }
        return form;
    }

    /// <summary>The usual ES module worker with the given metadata (main_module defaults to index.js).</summary>
    public static MultipartFormDataContent Module(Dictionary<string, object?>? metadata = null, string code = HelloWorker)
    {
        metadata ??= [];
        metadata.TryAdd("main_module", "index.js");
        metadata.TryAdd("compatibility_date", "2025-06-01");
        return Wrangler(metadata, TestModule.Esm("index.js", code));
    }

    /// <summary>
    /// The Cloudflare SDK's default encoding: bracketed <c>metadata[…]</c> fields and <c>files[]</c> parts, in a
    /// multipart body whose Content-Type says <c>application/javascript</c> (so the boundary is not in the header).
    /// </summary>
    public static async Task<HttpContent> SdkDefault(IEnumerable<(string Key, string Value)> fields, params TestModule[] files)
    {
        using var form = new MultipartFormDataContent("----formdata-undici-0" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var (key, value) in fields)
        {
            var field = new StringContent(value);
            field.Headers.ContentType = null;
            form.Add(field, key);
        }
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Data);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
            form.Add(part, "files[]", file.Name);
        }
        var body = new ByteArrayContent(await form.ReadAsByteArrayAsync());
        body.Headers.ContentType = new MediaTypeHeaderValue("application/javascript");
        return body;
    }

    /// <summary>A body with an explicit Content-Type, for malformed-input tests.</summary>
    public static HttpContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
