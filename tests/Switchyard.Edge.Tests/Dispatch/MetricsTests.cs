using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Switchyard.Edge.Tests.Pipeline;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Dispatch;

/// <summary>
/// <c>GET /metrics</c> on the API listener: requests to an account worker and to a user worker of a dispatch namespace
/// (ok, an uncaught exception, a CPU overrun) are counted by outcome with their account, namespace and script labels,
/// and the exposition is Prometheus text. A server's scrape has its own workers only, though every server in this
/// process (other tests' too) has a meter of the same name.
/// </summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private const int WarmMemoryMb = 512;
    private readonly TestServer _server = new() { WarmMemoryMb = WarmMemoryMb };

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Invocations_are_counted_by_outcome_per_account_namespace_and_script()
    {
        string account = DispatchSites.Unique("acct");
        string dispatcher = DispatchSites.Unique("disp");
        string user = DispatchSites.Unique("user");
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        await DispatchSites.DeployAccountWorkerAsync(_server, account, $$"""
            export default {
              async fetch(request) {
                const path = new URL(request.url).pathname;
                if (path === '/throw') throw new Error('boom');
                if (path === '/fetch') await (await fetch("{{DispatchSites.LoopbackUrl(_server)}}")).text();
                return new Response('ok');
              }
            };
            """);
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, DispatchSites.Dispatcher, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployUserWorkerAsync(_server, ns, user, """
            export default { fetch(request) { if (new URL(request.url).pathname === '/spin') { while (true) {} } return new Response('hi'); } };
            """);

        Assert.Equal(HttpStatusCode.OK, (await DispatchSites.GetAsync(_server, account, "/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DispatchSites.GetAsync(_server, account, "/fetch")).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await DispatchSites.GetAsync(_server, account, "/throw")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await DispatchSites.GetAsync(_server, dispatcher, $"/hello?script={user}")).StatusCode);
        Assert.Equal((HttpStatusCode)429, (await DispatchSites.GetAsync(_server, dispatcher, $"/spin?script={user}&cpu=20")).StatusCode);

        var accountLabels = new Dictionary<string, string> { ["account"] = TestServer.AccountId, ["namespace"] = "", ["script"] = account };
        var userLabels = new Dictionary<string, string> { ["account"] = TestServer.AccountId, ["namespace"] = ns, ["script"] = user };
        var dispatcherLabels = new Dictionary<string, string> { ["account"] = TestServer.AccountId, ["namespace"] = "", ["script"] = dispatcher };

        // An invocation is recorded when it is over, which may be just after its client has the response (with worker hosts,
        // when the host's next batch of records arrives; the warm gauges follow the host's last report).
        Exposition metrics = await ScrapeUntilAsync(m =>
            m.Value("switchyard_worker_requests_total", With(userLabels, "outcome", "exceededCpu")) == 1
            && m.Value("switchyard_worker_requests_total", With(dispatcherLabels, "outcome", "ok")) == 2
            && m.Value("switchyard_worker_requests_total", With(accountLabels, "outcome", "exception")) == 1
            && m.Value("switchyard_worker_warm_isolates", accountLabels) == 1);

        Assert.Equal(2, metrics.Value("switchyard_worker_requests_total", With(accountLabels, "outcome", "ok")));
        Assert.Equal(1, metrics.Value("switchyard_worker_requests_total", With(accountLabels, "outcome", "exception")));
        Assert.Null(metrics.Value("switchyard_worker_requests_total", With(accountLabels, "outcome", "exceededCpu")));
        Assert.Equal(1, metrics.Value("switchyard_worker_requests_total", With(userLabels, "outcome", "ok")));
        Assert.Equal(1, metrics.Value("switchyard_worker_requests_total", With(userLabels, "outcome", "exceededCpu")));
        // The dispatcher caught the user worker's limit error and answered (429): its own invocation is ok.
        Assert.Equal(2, metrics.Value("switchyard_worker_requests_total", With(dispatcherLabels, "outcome", "ok")));

        Assert.Equal(3, metrics.Value("switchyard_worker_cpu_time_seconds_count", accountLabels));
        Assert.Equal(3, metrics.Value("switchyard_worker_wall_time_seconds_count", accountLabels));
        Assert.Equal(2, metrics.Value("switchyard_worker_cpu_time_seconds_count", userLabels));
        // The spinning invocation used its 20 ms of CPU before it was ended; the +Inf bucket holds every invocation.
        Assert.InRange(metrics.Value("switchyard_worker_cpu_time_seconds_sum", userLabels) ?? 0, 0.015, 10);
        Assert.Equal(2, metrics.Value("switchyard_worker_cpu_time_seconds_bucket", With(userLabels, "le", "+Inf")));

        Assert.Equal(1, metrics.Value("switchyard_worker_subrequests_total", accountLabels));
        Assert.Equal(1, metrics.Value("switchyard_worker_cold_starts_total", accountLabels));
        Assert.Equal(1, metrics.Value("switchyard_worker_warm_isolates", accountLabels));
        Assert.InRange(metrics.Value("switchyard_worker_warm_memory_bytes", accountLabels) ?? 0, 256 * 1024 + 1, 1L << 30);
        // The node's whole budget, however many worker hosts share it.
        Assert.Equal(WarmMemoryMb * 1024.0 * 1024, metrics.Value("switchyard_worker_warm_memory_budget_bytes", new Dictionary<string, string>()));

        // Versions are not a label.
        Assert.DoesNotContain(metrics.Samples, s => s.Labels.Keys.Any(k => k.Contains("version", StringComparison.OrdinalIgnoreCase)
            && s.Name.StartsWith("switchyard_", StringComparison.Ordinal)));

        foreach (var (family, type) in new[]
                 {
                     ("switchyard_worker_requests_total", "counter"), ("switchyard_worker_cpu_time_seconds", "histogram"),
                     ("switchyard_worker_wall_time_seconds", "histogram"), ("switchyard_worker_subrequests_total", "counter"),
                     ("switchyard_worker_cold_starts_total", "counter"), ("switchyard_worker_warm_isolates", "gauge"),
                     ("switchyard_worker_warm_memory_bytes", "gauge"), ("switchyard_worker_warm_memory_budget_bytes", "gauge"),
                 })
        {
            Assert.Equal(type, metrics.Types.GetValueOrDefault(family));
            Assert.True(metrics.Help.ContainsKey(family), $"no HELP for {family}");
        }
        // The process's .NET runtime metrics are there too.
        Assert.Contains(metrics.Types.Keys, f => f.StartsWith("dotnet_gc_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Counts_survive_another_server_of_the_process_stopping()
    {
        // Every server's meter has the same name: another one's instruments going away must not take this one's series.
        string script = DispatchSites.Unique("kept");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, "export default { fetch() { return new Response('ok'); } };");
        var labels = new Dictionary<string, string> { ["account"] = TestServer.AccountId, ["namespace"] = "", ["script"] = script, ["outcome"] = "ok" };
        var other = new TestServer();
        try
        {
            await other.InitializeAsync();
            // The upload is validated by the other server's Workers runtime, which so creates its meter.
            await DispatchSites.DeployAccountWorkerAsync(other, DispatchSites.Unique("other"), "export default { fetch() { return new Response('x'); } };");
            Assert.Equal(HttpStatusCode.OK, (await DispatchSites.GetAsync(_server, script, "/")).StatusCode);
            Assert.Equal(1, (await ScrapeUntilAsync(m => m.Value("switchyard_worker_requests_total", labels) == 1))
                .Value("switchyard_worker_requests_total", labels));
        }
        finally
        {
            await other.DisposeAsync();
        }

        // A scrape after the other server is gone, then a request: both counted.
        await ScrapeAsync();
        Assert.Equal(HttpStatusCode.OK, (await DispatchSites.GetAsync(_server, script, "/")).StatusCode);
        Assert.Equal(2, (await ScrapeUntilAsync(m => m.Value("switchyard_worker_requests_total", labels) == 2))
            .Value("switchyard_worker_requests_total", labels));
    }

    [Fact]
    public async Task The_exposition_is_prometheus_text_and_needs_no_token()
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(_server.Server.ApiUrl, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("version=0.0.4", response.Content.Headers.ContentType?.ToString());
        // Parses (every line a comment, a blank or a sample of a family with a TYPE).
        Exposition metrics = Exposition.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEmpty(metrics.Samples);
    }

    private async Task<Exposition> ScrapeAsync()
    {
        using var client = new HttpClient();
        return Exposition.Parse(await client.GetStringAsync(new Uri(_server.Server.ApiUrl, "/metrics")));
    }

    /// <summary>Scrapes until <paramref name="done"/> holds, or for at most 10 s: the last scrape is for the test to check.</summary>
    private async Task<Exposition> ScrapeUntilAsync(Func<Exposition, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(100))
        {
            Exposition metrics = await ScrapeAsync();
            if (done(metrics) || DateTime.UtcNow > deadline) return metrics;
        }
    }

    private static Dictionary<string, string> With(Dictionary<string, string> labels, string name, string value) =>
        new(labels) { [name] = value };

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The Prometheus text format (0.0.4), strictly enough that a malformed line fails the test.</summary>
    private sealed partial class Exposition
    {
        public List<Sample> Samples { get; } = [];
        public Dictionary<string, string> Types { get; } = [];
        public Dictionary<string, string> Help { get; } = [];

        public static Exposition Parse(string text)
        {
            var result = new Exposition();
            foreach (string line in text.Split('\n'))
            {
                if (line.Length == 0) continue;
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    string[] parts = line[7..].Split(' ');
                    Assert.True(parts.Length == 2 && parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", line);
                    Assert.True(result.Types.TryAdd(parts[0], parts[1]), $"second TYPE for {parts[0]}");
                    continue;
                }
                if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                {
                    int space = line.IndexOf(' ', 7);
                    result.Help[space < 0 ? line[7..] : line[7..space]] = space < 0 ? "" : line[(space + 1)..];
                    continue;
                }
                if (line.StartsWith('#')) continue;
                Match m = SampleLine().Match(line);
                Assert.True(m.Success, $"not a sample line: {line}");
                var labels = new Dictionary<string, string>();
                foreach (Match label in LabelPair().Matches(m.Groups["labels"].Value))
                    labels[label.Groups[1].Value] = Regex.Unescape(label.Groups[2].Value);
                string name = m.Groups["name"].Value;
                string family = result.Types.Keys.Where(f => name == f || name.StartsWith(f + "_", StringComparison.Ordinal))
                    .OrderByDescending(f => f.Length).FirstOrDefault() ?? "";
                Assert.True(family.Length > 0, $"sample of no TYPEd family: {line}");
                string value = m.Groups["value"].Value;
                result.Samples.Add(new Sample(name, labels, value switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    "NaN" => double.NaN,
                    _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
                }));
            }
            return result;
        }

        /// <summary>The value of the one sample named <paramref name="name"/> whose labels include <paramref name="labels"/>; null if none.</summary>
        public double? Value(string name, IReadOnlyDictionary<string, string> labels)
        {
            var matches = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
            Assert.True(matches.Count <= 1, $"{matches.Count} samples of {name} match");
            return matches.Count == 0 ? null : matches[0].Value;
        }

        [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( -?\d+)?$""")]
        private static partial Regex SampleLine();

        [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?""")]
        private static partial Regex LabelPair();
    }
}
