using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.Tests.Containment;

/// <summary>
/// Code generation at run time, as Cloudflare has it: eval, new Function and Wasm from bytes throw during requests, work
/// in global scope from compatibility date 2025-06-01, and Wasm uploaded as a module part always loads. Atomics.wait is
/// refused (one thread per worker: it could only hang).
/// </summary>
public sealed class CodeGenerationTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    // (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
    internal static readonly byte[] AddWasm =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
        0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
    ];

    private static readonly string WasmBytes = "new Uint8Array([" + string.Join(",", AddWasm) + "])";

    private static string Probe => $$"""
        const bytes = {{WasmBytes}};
        let startupEval;
        try { startupEval = String(eval("1 + 1")) + String(new Function("return 2")()); } catch (e) { startupEval = `${e.name}: ${e.message}`; }
        const startupModule = await WebAssembly.compile(bytes);
        export default {
          async fetch() {
            const out = { startupEval };
            const t = (name, f) => { try { out[name] = String(f()); } catch (e) { out[name] = `${e.name}: ${e.message}`; } };
            const a = async (name, f) => { try { out[name] = String(await f()); } catch (e) { out[name] = `${e.name}: ${e.message}`; } };
            t("eval", () => eval("1 + 1"));
            t("indirectEval", () => (0, eval)("1 + 1"));
            t("evalNonString", () => eval(42));
            t("newFunction", () => new Function("return 1")());
            t("asyncFunction", () => new (Object.getPrototypeOf(async function () {}).constructor)("return 1"));
            t("wasmModule", () => new WebAssembly.Module(bytes));
            await a("wasmCompile", () => WebAssembly.compile(bytes));
            await a("wasmInstantiateBytes", () => WebAssembly.instantiate(bytes));
            await a("wasmInstantiateModule", async () => (await WebAssembly.instantiate(startupModule)).exports.add(2, 3));
            t("wasmInstance", () => new WebAssembly.Instance(startupModule).exports.add(4, 5));
            const shared = new Int32Array(new SharedArrayBuffer(8));
            t("atomicsWait", () => Atomics.wait(shared, 0, 0, 10));
            t("atomicsNotify", () => Atomics.notify(shared, 0));
            t("atomicsAdd", () => Atomics.add(shared, 1, 5) + Atomics.load(shared, 1));
            return Response.json(out);
          }
        };
        """;

    [Fact]
    public async Task During_a_request_code_generation_and_atomics_wait_are_refused_with_cloudflares_errors()
    {
        var worker = await _fixture.DeployAsync("codegen", Probe);
        var (response, body) = await _fixture.FetchAsync(worker);
        Assert.Equal(200, response.Status);
        var out_ = RuntimeFixture.Json(body);
        string Get(string name) => out_.GetProperty(name).GetString()!;

        Assert.Equal("22", Get("startupEval"));
        Assert.Equal("EvalError: Code generation from strings disallowed for this context", Get("eval"));
        Assert.Equal("EvalError: Code generation from strings disallowed for this context", Get("indirectEval"));
        Assert.Equal("42", Get("evalNonString"));
        Assert.Equal("EvalError: Code generation from strings disallowed for this context", Get("newFunction"));
        Assert.Equal("EvalError: Code generation from strings disallowed for this context", Get("asyncFunction"));
        Assert.Equal("CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder", Get("wasmModule"));
        Assert.Equal("CompileError: WebAssembly.compile(): Wasm code generation disallowed by embedder", Get("wasmCompile"));
        Assert.Equal("CompileError: WebAssembly.instantiate(): Wasm code generation disallowed by embedder", Get("wasmInstantiateBytes"));
        Assert.Equal("5", Get("wasmInstantiateModule"));
        Assert.Equal("9", Get("wasmInstance"));
        Assert.Equal("TypeError: Atomics.wait cannot be called in this context", Get("atomicsWait"));
        Assert.Equal("0", Get("atomicsNotify"));
        Assert.Equal("5", Get("atomicsAdd"));
    }

    [Theory]
    [InlineData("2025-05-31", null)]
    [InlineData("2026-01-01", StartupCodeGenerationFlags.Disallow)]
    public async Task Before_2025_06_01_or_with_the_disallow_flag_eval_in_global_scope_fails_the_worker(string date, string? flag)
    {
        var worker = await _fixture.DeployAsync("startup-eval", [("index.js", "application/javascript+module",
            "const two = eval('1 + 1');\nexport default { fetch() { return new Response(String(two)); } };"u8.ToArray())],
            compatibilityDate: date, compatibilityFlags: flag is null ? [] : [flag]);
        var failure = await Assert.ThrowsAsync<WorkerException>(() => _fixture.FetchAsync(worker));
        Assert.Contains("EvalError: Code generation from strings disallowed for this context", failure.JsStack ?? failure.Message);
    }

    [Fact]
    public async Task The_allow_flag_opens_eval_in_global_scope_before_2025_06_01()
    {
        var worker = await _fixture.DeployAsync("startup-eval-flag", [("index.js", "application/javascript+module",
            "const two = eval('1 + 1');\nexport default { fetch() { return new Response(String(two)); } };"u8.ToArray())],
            compatibilityDate: "2024-01-01", compatibilityFlags: [StartupCodeGenerationFlags.Allow]);
        Assert.Equal("2", (await _fixture.FetchAsync(worker)).Body);
    }

    [Fact]
    public async Task A_wasm_module_part_loads_whatever_the_compatibility_date()
    {
        var worker = await _fixture.DeployAsync("wasm-part", [
            ("index.js", "application/javascript+module", """
                import add from "./add.wasm";
                export default { async fetch() { return new Response(String((await WebAssembly.instantiate(add)).exports.add(20, 22))); } };
                """u8.ToArray()),
            ("add.wasm", "application/wasm", AddWasm)], compatibilityDate: "2022-01-01");
        Assert.Equal("42", (await _fixture.FetchAsync(worker)).Body);
    }
}

/// <summary>The compatibility flags that decide code generation in global scope (mirrors StartupCodeGeneration).</summary>
internal static class StartupCodeGenerationFlags
{
    public const string Allow = "allow_eval_during_startup";
    public const string Disallow = "disallow_eval_during_startup";
}
