using System.Net.Http.Headers;

namespace Switchyard.Bench.Servers;

/// <summary>
/// A Switchyard server (the built <c>Switchyard.dll serve</c>) on two loopback ports with a fresh data directory, a
/// fixed account id and API token, and an <see cref="Api"/> client for deploying what a scenario needs.
/// </summary>
public sealed class SwitchyardProcess : IAsyncDisposable
{
    public const string AccountId = "0123456789abcdef0123456789abcdef";
    public const string Token = "switchyard-bench-token-0123456789";
    public const string Subdomain = "bench";
    private const string WorkersDomain = "workers.localhost";

    private readonly ManagedProcess _process;
    private readonly HttpClient _client;

    private SwitchyardProcess(string name, ManagedProcess process, Uri apiBase, Uri edgeBase)
    {
        Name = name;
        _process = process;
        ApiBase = apiBase;
        EdgeBase = edgeBase;
        _client = new HttpClient { BaseAddress = apiBase, Timeout = TimeSpan.FromMinutes(2) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Api = new SwitchyardApi(_client, AccountId);
    }

    /// <summary>The server's name in the run: its folder in the output directory.</summary>
    public string Name { get; }
    public Uri ApiBase { get; }
    public Uri EdgeBase { get; }
    public SwitchyardApi Api { get; }
    public ManagedProcess Process => _process;

    /// <summary>The Host header that routes an edge request to an account-level worker.</summary>
    public static string HostOf(string script) => $"{script}.{Subdomain}.{WorkersDomain}";

    /// <summary>
    /// Starts <c>serve</c> on free loopback ports with <see cref="BenchOptions.WorkerHosts"/> worker hosts (for an
    /// in-process server: <c>options with { WorkerHosts = 0 }</c>); <paramref name="serveArgs"/> are extra <c>serve</c> options.
    /// </summary>
    public static async Task<SwitchyardProcess> StartAsync(BenchOptions options, string name, params string[] serveArgs)
    {
        var dir = Path.Combine(options.OutDir, name);
        var data = Path.Combine(dir, "data");
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var ports = Loopback.FreePorts(2);
        var process = ManagedProcess.Start("dotnet",
            [options.SwitchyardDll, "serve", "--data", data,
             "--api-listen", $"127.0.0.1:{ports[0]}", "--edge-listen", $"127.0.0.1:{ports[1]}", "--workers-domain", WorkersDomain,
             "--worker-hosts", $"{options.WorkerHosts}", .. serveArgs, .. options.SwitchyardArgs],
            Path.Combine(dir, "switchyard.log"), options.PidFile,
            new Dictionary<string, string>
            {
                ["SWITCHYARD_ACCOUNT_ID"] = AccountId,
                ["SWITCHYARD_API_TOKEN"] = Token,
                ["SWITCHYARD_SUBDOMAIN"] = Subdomain,
            });
        var server = new SwitchyardProcess(name, process, new Uri($"http://127.0.0.1:{ports[0]}/client/v4/"), new Uri($"http://127.0.0.1:{ports[1]}/"));
        try
        {
            await Loopback.WaitUntilAsync(async () => (await server._client.GetAsync("user/tokens/verify")).IsSuccessStatusCode,
                process, "Switchyard", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>
    /// One unlabelled sample of the server's <c>/metrics</c> (Prometheus text; the exporter's scope labels aside), or
    /// null when the exposition has none.
    /// </summary>
    public async Task<double?> MetricAsync(string name)
    {
        var text = await _client.GetStringAsync(new Uri(ApiBase, "/metrics"));
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not (' ' or '{')) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>A raw API request under <c>accounts/{id}/</c>, for load that measures the API itself.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string accountPath, HttpContent? content) =>
        _client.SendAsync(new HttpRequestMessage(method, $"accounts/{AccountId}/{accountPath}") { Content = content });

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _process.DisposeAsync();
    }
}
