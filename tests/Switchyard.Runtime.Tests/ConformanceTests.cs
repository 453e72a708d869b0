using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.Image;
using Switchyard.Runtime.JsApi;
using Xunit.Abstractions;

namespace Switchyard.Runtime.Tests;

/// <summary>
/// tests/runtime-conformance/*.test.js under this runtime: each file in a fresh isolate from the runtime image with the
/// real C# host functions, a loopback server for the fetch cases and the context's own console output for takeLogs.
/// Each file's counts go to the test output and, when <see cref="SummaryVariable"/> names a file, one JSON line per
/// file is appended to it (the source of docs/runtime-conformance.md).
/// </summary>
public class ConformanceTests(ITestOutputHelper output) : LoopbackRuntimeTests
{
    public const string SummaryVariable = "SWITCHYARD_CONFORMANCE_SUMMARY";

    [Fact] public Task Abort_events() => RunAsync("abort-events");
    [Fact] public Task Base64() => RunAsync("base64");
    [Fact] public Task Blob_formdata() => RunAsync("blob-formdata");
    [Fact] public Task Compression() => RunAsync("compression");
    [Fact] public Task Console() => RunAsync("console");
    [Fact] public Task Crypto() => RunAsync("crypto");
    [Fact] public Task Encoding() => RunAsync("encoding");
    [Fact] public Task Fetch() => RunAsync("fetch");
    [Fact] public Task Globals() => RunAsync("globals");
    [Fact] public Task Headers() => RunAsync("headers");
    [Fact] public Task Request_response() => RunAsync("request-response");
    [Fact] public Task Streams() => RunAsync("streams");
    [Fact] public Task Structured_clone() => RunAsync("structured-clone");
    [Fact] public Task Timers() => RunAsync("timers");
    [Fact] public Task Url() => RunAsync("url");
    [Fact] public Task Urlpattern() => RunAsync("urlpattern");

    [Fact]
    public void Every_suite_file_has_a_test()
    {
        var files = Directory.GetFiles(SuiteDir, "*.test.js").Select(f => Path.GetFileName(f)[..^".test.js".Length]).Order();
        var tests = typeof(ConformanceTests).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0 && m.Name != nameof(Every_suite_file_has_a_test))
            .Select(m => m.Name.ToLowerInvariant().Replace('_', '-')).Order();
        Assert.Equal(files, tests);
    }

    private static string SuiteDir
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Switchyard.slnx"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Repository root not found."), "tests", "runtime-conformance");
        }
    }

    /// <summary>Runs one suite file; every case must pass except <paramref name="knownFailures"/>, which must fail.</summary>
    private async Task RunAsync(string api, params string[] knownFailures)
    {
        string harness = await File.ReadAllTextAsync(Path.Combine(SuiteDir, "harness.js"));
        string file = api + ".test.js";
        string tests = await File.ReadAllTextAsync(Path.Combine(SuiteDir, file));
        var (worker, version) = await Fixture.DeployAsync("conformance-" + api, "export default {};");
        using var isolate = new JsIsolate(RuntimeImage.Instance, Fixture.Runtime.Options.IsolateOptions);
        JsContext context = await isolate.CreateContextAsync();
        using var state = new WorkerContextState(new WorkerHostServices(Fixture.Runtime, worker, version, new HashSet<string>()))
        {
            LoadScope = new RequestScope(worker, version, 0, new Switchyard.Runtime.Limits.LimitEnforcer(1000, CancellationToken.None)),
        };
        ContextRegistry.Register(context, state);
        try
        {
            string report = await context.RunAsync(async c =>
            {
                JsValue @internal = c.Get(c.Global, "__switchyard_internal");
                c.Evaluate("delete globalThis.__switchyard_internal; delete globalThis.__switchyard_node_host;"); // as WorkerInstance does
                JsValue setEnv = c.Evaluate("""
                    (internal, origin) => { globalThis.__conformance_env = Object.freeze({ httpOrigin: origin, takeLogs: () => internal.takeLogs() }); }
                    """);
                c.Call(setEnv, JsValue.Undefined, @internal, Server.Origin);
                c.Evaluate(harness, "harness.js");
                c.Evaluate(tests, file);
                JsValue run = c.Evaluate("__conformance.run().then((r) => JSON.stringify(r))", "run.js");
                return (await c.AwaitAsync(run)).AsString();
            });
            var result = RuntimeFixture.Json(report);
            Report(api, result, knownFailures);
            var failures = result.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() != "passed" && !knownFailures.Contains(r.GetProperty("name").GetString()))
                .Select(r => $"{r.GetProperty("status").GetString()}: {r.GetProperty("name").GetString()}: {(r.TryGetProperty("message", out var m) ? m.ToString() : "")}")
                .ToList();
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(result.GetProperty("passed").GetInt32() > 0);
            Assert.Equal(knownFailures.Length, result.GetProperty("failed").GetInt32());
        }
        finally
        {
            ContextRegistry.Unregister(context);
        }
    }

    /// <summary>Writes one file's counts and its non-passing cases (expected or not) to the output and the summary file.</summary>
    private void Report(string api, JsonElement result, string[] knownFailures)
    {
        var notPassed = result.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("status").GetString() != "passed")
            .Select(r => new
            {
                name = r.GetProperty("name").GetString(),
                status = r.GetProperty("status").GetString(),
                message = r.GetProperty("message").ToString(),
                expected = knownFailures.Contains(r.GetProperty("name").GetString()),
            })
            .ToList();
        int passed = result.GetProperty("passed").GetInt32(), failed = result.GetProperty("failed").GetInt32(),
            skipped = result.GetProperty("skipped").GetInt32();

        output.WriteLine($"{api}: {passed} passed, {failed} failed, {skipped} skipped");
        foreach (var c in notPassed)
            output.WriteLine($"  {c.status}{(c.expected ? " (expected)" : "")}: {c.name}: {c.message}");

        if (Environment.GetEnvironmentVariable(SummaryVariable) is { Length: > 0 } path)
            File.AppendAllText(path, JsonSerializer.Serialize(new { api, passed, failed, skipped, cases = notPassed }) + "\n");
    }
}
