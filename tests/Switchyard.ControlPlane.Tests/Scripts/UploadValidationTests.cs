using System.Net;
using System.Text;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Broken code is refused at upload, as on Cloudflare: the upload is compiled, linked and its global scope evaluated
/// under the start-up limit before anything is stored; a refusal is 400 / 10021 with the reason, and changes nothing.
/// </summary>
public sealed class UploadValidationTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Good = "export default { fetch() { return new Response('v1'); } };";

    private async Task<ApiResponse> UploadAsync(string path, params TestModule[] modules) =>
        await server.Api.SendApiAsync(HttpMethod.Put, path,
            ScriptUploads.Wrangler(new { main_module = modules[0].Name, compatibility_date = "2025-06-01" }, modules));

    public static TheoryData<string, byte[], string> Broken => new()
    {
        { "syntax", Encoding.UTF8.GetBytes("export default {\n  fetch() { return new Response('x') }\n}}\n"), "Uncaught SyntaxError: Unexpected token '}' at index.js:3:2" },
        { "throws", Encoding.UTF8.GetBytes("throw new TypeError('boom at start');\nexport default {};"), "Uncaught TypeError: boom at start at index.js:1:7" },
        { "import", Encoding.UTF8.GetBytes("import x from '../../etc/passwd';\nexport default { fetch() { return new Response(x); } };"), "Uncaught Error: No such module \"../../etc/passwd\".\n  imported from \"index.js\"" },
        { "missing", Encoding.UTF8.GetBytes("import { helper } from './lib.js';\nexport default { fetch() { return new Response(helper()); } };"), "Uncaught Error: No such module \"./lib.js\".\n  imported from \"index.js\"" },
        { "startup", Encoding.UTF8.GetBytes("while (true) {}\nexport default {};"), "Script startup exceeded CPU time limit." },
        { "utf8", [.. "export default { fetch() { return new Response('"u8, 0xC3, 0x28, .. "'); } };"u8], "Module 'index.js' is not valid UTF-8 text (the first invalid byte is at offset 48)" },
        { "global-io", Encoding.UTF8.GetBytes("await fetch('http://127.0.0.1:9/');\nexport default {};"), "Uncaught Error: Disallowed operation called within global scope." },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Code_that_does_not_load_is_refused_and_nothing_changes(string name, byte[] code, string message)
    {
        string script = "broken-" + name;
        string path = $"{server.AccountPath}/workers/scripts/{script}";
        (await UploadAsync(path, TestModule.Esm("index.js", Good))).AssertOk();
        var versions = (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!;

        ApiResponse refused = await UploadAsync(path, new TestModule("index.js", "application/javascript+module", code));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(10021, refused.ErrorCode);
        Assert.StartsWith(message, refused.ErrorMessage);

        Assert.Equal(versions.ToJsonString(), (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!.ToJsonString());
        var content = await server.Api.GetAsync($"{path}/content");
        Assert.Contains("v1", await content.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_namespace_script_is_validated_too_and_good_code_with_wasm_passes()
    {
        var ns = await server.CreateNamespaceAsync();
        string path = $"{server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/validated";
        ApiResponse refused = await UploadAsync(path, TestModule.Esm("index.js", "export default { fetch() { return new Response(eval('1')); } }; eval('x ='); "));
        Assert.Equal(10021, refused.ErrorCode);
        Assert.StartsWith("Uncaught SyntaxError: Unexpected end of input", refused.ErrorMessage);
        (await server.Api.GetApiAsync(path)).AssertError(HttpStatusCode.NotFound, 10092);

        byte[] wasm = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        (await UploadAsync(path, TestModule.Esm("index.js", "import m from './m.wasm';\nexport default { fetch() { return new Response(String(m instanceof WebAssembly.Module)); } };"),
            new TestModule("m.wasm", "application/wasm", wasm))).AssertOk();
    }
}
