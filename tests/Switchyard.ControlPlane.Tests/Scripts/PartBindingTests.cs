using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchyard.Storage.Scripts;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// A service worker's wasm_module, text_blob and data_blob bindings, uploaded as wrangler sends them (each part under
/// the binding's name, with the file's path as its file name), served as globals, listed by the API, and refused with
/// a precise message when their part is missing, mistyped or (wasm_module) bound in a module worker.
/// </summary>
public sealed class PartBindingTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Script = """
        addEventListener("fetch", event => {
          const add = new WebAssembly.Instance(ADD).exports.add;
          const data = new Uint8Array(DATA);
          event.respondWith(new Response(`${ADD instanceof WebAssembly.Module} ${add(40, 2)} ${GREETING.trim()} ${data.join(",")} ${typeof DATA}`));
        });
        """;

    private static (string Field, string? FileName, string ContentType, byte[] Data) Part(string field, string? fileName, string contentType, byte[] data) =>
        (field, fileName, contentType, data);

    /// <summary>A multipart upload with a <c>metadata</c> field and the given parts (field name, file name, type, bytes).</summary>
    private static MultipartFormDataContent Upload(object metadata, params (string Field, string? FileName, string ContentType, byte[] Data)[] parts)
    {
        var form = new MultipartFormDataContent();
        var meta = new StringContent(JsonSerializer.Serialize(metadata));
        meta.Headers.ContentType = null;
        form.Add(meta, "metadata");
        foreach (var (field, fileName, contentType, data) in parts)
        {
            var content = new ByteArrayContent(data);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (fileName is null) form.Add(content, field);
            else form.Add(content, field, fileName);
        }
        return form;
    }

    private static object[] Bindings(string wasmType = "wasm_module") =>
    [
        new { name = "ADD", type = wasmType, part = "ADD" },
        new { name = "GREETING", type = "text_blob", part = "GREETING" },
        new { name = "DATA", type = "data_blob", part = "DATA" },
    ];

    private static (string, string?, string, byte[])[] WranglerParts(string script = Script) =>
    [
        Part("worker.js", "worker.js", "application/javascript", Encoding.UTF8.GetBytes(script)),
        // wrangler: the binding's name as the field, the file's path (relative or absolute) as the file name.
        Part("ADD", "./build/add.wasm", "application/wasm", TestWasm.Add),
        Part("GREETING", "/home/dev/site/greeting.txt", "text/plain", "hello there\n"u8.ToArray()),
        Part("DATA", "../data.bin", "application/octet-stream", [1, 2, 3]),
    ];

    [Fact]
    public async Task A_service_worker_gets_its_wasm_text_and_data_parts_as_globals()
    {
        string name = TestNames.Unique("parts");
        var result = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}",
            Upload(new { body_part = "worker.js", bindings = Bindings() }, WranglerParts()))).AssertOk()!;
        Assert.False((bool)result["has_modules"]!);
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{name}/subdomain", new { enabled = true })).AssertOk();

        using var response = await server.GetEdgeAsync($"{name}.dev.workers.localhost");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true 42 hello there 1,2,3 object", await response.Content.ReadAsStringAsync());

        var bindings = (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{name}/bindings")).AssertOk()!.AsArray();
        Assert.Equal(["ADD wasm_module ADD", "GREETING text_blob GREETING", "DATA data_blob DATA"],
            bindings.Select(b => $"{b!["name"]} {b["type"]} {b["part"]}"));
        var content = (await server.LiveAsync(name)).Version.Content;
        Assert.Equal(["worker.js", "ADD", "GREETING", "DATA"], content.Modules.Select(m => m.Name));
        Assert.Equal([ModuleKind.CommonJs, ModuleKind.Wasm, ModuleKind.Text, ModuleKind.Data], content.Modules.Select(m => m.Kind));
    }

    [Fact]
    public async Task A_module_worker_gets_text_and_data_parts_on_env()
    {
        string name = TestNames.Unique("parts-esm");
        const string code = "export default { fetch(request, env) { return new Response(`${env.NOTE} ${new Uint8Array(env.BYTES).length}`); } };";
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}",
            Upload(new
            {
                main_module = "index.js",
                compatibility_date = "2025-06-01",
                bindings = new object[] { new { name = "NOTE", type = "text_blob", part = "NOTE" }, new { name = "BYTES", type = "data_blob", part = "BYTES" } },
            },
            Part("index.js", "index.js", "application/javascript+module", Encoding.UTF8.GetBytes(code)),
            Part("NOTE", "note.txt", "text/plain", "a note"u8.ToArray()),
            Part("BYTES", null, "application/octet-stream", new byte[5])))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{name}/subdomain", new { enabled = true })).AssertOk();

        using var response = await server.GetEdgeAsync($"{name}.dev.workers.localhost");
        Assert.Equal("a note 5", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "missing", "Binding 'ADD' names the part 'ADD', which this version does not have; upload it as a part named 'ADD'" },
        { "mistyped", "Binding 'GREETING' (text_blob) needs its part 'GREETING' to be text/plain, not 'application/octet-stream'" },
        { "module", "Binding 'ADD' is a wasm_module binding, which only a service-worker script (body_part) can have; an ES module worker imports its .wasm module instead" },
        { "no part", "binding 'ADD'.part is required" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_part_binding_that_cannot_be_served_is_refused_and_changes_nothing(string mistake, string message)
    {
        string name = TestNames.Unique("parts-bad");
        var parts = WranglerParts().ToList();
        object metadata = new { body_part = "worker.js", bindings = Bindings() };
        switch (mistake)
        {
            case "missing":
                parts.RemoveAll(p => p.Item1 == "ADD");
                break;
            case "mistyped":
                parts[2] = Part("GREETING", "greeting.txt", "application/octet-stream", "hi"u8.ToArray());
                break;
            case "module":
                parts[0] = Part("index.js", "index.js", "application/javascript+module", "export default { fetch() { return new Response('x'); } };"u8.ToArray());
                metadata = new { main_module = "index.js", bindings = Bindings() };
                break;
            case "no part":
                metadata = new { body_part = "worker.js", bindings = new object[] { new { name = "ADD", type = "wasm_module" } } };
                break;
        }

        var error = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}", Upload(metadata, [.. parts])))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Contains(message, error);
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{name}/settings")).AssertError(HttpStatusCode.NotFound, 10007);
    }

    [Fact]
    public async Task New_content_without_a_bound_part_is_refused()
    {
        string name = TestNames.Unique("parts-content");
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}",
            Upload(new { body_part = "worker.js", bindings = Bindings() }, WranglerParts()))).AssertOk();
        string before = (await server.LiveAsync(name)).Version.Id;

        var error = (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}/content",
            Upload(new { body_part = "worker.js" }, Part("worker.js", "worker.js", "application/javascript", Encoding.UTF8.GetBytes(Script)))))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Contains("Binding 'ADD' names the part 'ADD', which this version does not have", error);
        Assert.Equal(before, (await server.LiveAsync(name)).Version.Id);
    }
}
