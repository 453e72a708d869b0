using System.Security.Cryptography;
using System.Text;
using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// Scenarios 1–4 and the ceiling: the same worker code deployed on a Switchyard server (through its API) and in
/// one workerd process (one socket per service), driven by wrk in turns; only one server is under load at a time.
/// </summary>
public sealed class LoadScenarios(BenchOptions options, Wrk wrk)
{
    private const string HmacSecret = "bench-hmac-secret";
    private static readonly string[] Services = ["hello", "kv-hmac", "static", "dispatcher", "user"];

    /// <summary>A server's side of one scenario: where to send load, and a check that the answer is the right one.</summary>
    private sealed record Endpoint(string Url, string? Host, Func<HttpResponseMessage, Task<string?>> Check);

    public async Task<List<Row>> RunAsync()
    {
        var rows = new List<Row>();
        // A Switchyard that crashed in one scenario (its row says so) is replaced by a fresh one for the next.
        var started = new List<SwitchyardProcess> { await SwitchyardProcess.StartAsync(options, "switchyard") };
        var switchyard = started[0];
        async Task<SwitchyardProcess> LiveSwitchyardAsync()
        {
            if (started[^1].Process.HasExited) started.Add(await SwitchyardProcess.StartAsync(options, $"switchyard-{started.Count + 1}"));
            return started[^1];
        }
        var ports = Loopback.FreePorts(Services.Length);
        await using var workerd = await WorkerdProcess.StartAsync(options, "workerd", WorkerdConfig(ports));
        var workerdUrl = Services.Zip(ports).ToDictionary(x => x.First, x => $"http://127.0.0.1:{x.Second}");
        Endpoint OnSwitchyard(string script, string path, Func<HttpResponseMessage, Task<string?>> check) =>
            new(switchyard.EdgeBase.ToString().TrimEnd('/') + path, SwitchyardProcess.HostOf(script), check);
        Endpoint OnWorkerd(string service, string path, Func<HttpResponseMessage, Task<string?>> check) =>
            new(workerdUrl[service] + path, null, check);

        (ManagedProcess Process, int Port)? ceiling = null;
        if (options.Runs("ceiling")) ceiling = await CeilingProcess.StartAsync(options);
        try
        {
            Endpoint? Kestrel(string path, Func<HttpResponseMessage, Task<string?>> check) =>
                ceiling is { } c ? new($"http://127.0.0.1:{c.Port}{path}", null, check) : null;

            if (options.Runs("hello"))
            {
                switchyard = await LiveSwitchyardAsync();
                await switchyard.Api.PutWorkerAsync("hello", WorkerCode.Read("hello.js"));
                rows.Add(await MeasureAsync("hello", "hello JSON", switchyard, workerd, ceiling?.Process,
                    OnSwitchyard("hello", "/", IsHello), OnWorkerd("hello", "/", IsHello), Kestrel("/", IsHello)));
            }
            if (options.Runs("kv-hmac"))
            {
                switchyard = await LiveSwitchyardAsync();
                var ns = await switchyard.Api.CreateKvNamespaceAsync("bench-secrets");
                await switchyard.Api.PutKvValueAsync(ns, "hmac-key", HmacSecret);
                await switchyard.Api.PutWorkerAsync("kv-hmac", WorkerCode.Read("kv-hmac.js"),
                    [new { type = "kv_namespace", name = "KV", namespace_id = ns }]);
                rows.Add(await MeasureAsync("kv-hmac", "KV read + HMAC", switchyard, workerd, null,
                    OnSwitchyard("kv-hmac", "/", IsHmacOfRoot), OnWorkerd("kv-hmac", "/", IsHmacOfRoot), null,
                    "workerd: kvNamespace binding backed by a disk service"));
            }
            if (options.Runs("static"))
            {
                switchyard = await LiveSwitchyardAsync();
                await switchyard.Api.PutAssetsOnlyWorkerAsync("static", StaticFiles.All);
                foreach (var (key, name, path) in new[] { ("static-2k", "static 2 KB", StaticFiles.Small), ("static-1m", "static 1 MB", StaticFiles.Large) })
                {
                    var check = HasBytes(StaticFiles.All[path]);
                    rows.Add(await MeasureAsync(key, name, switchyard, workerd, path == StaticFiles.Small ? ceiling?.Process : null,
                        OnSwitchyard("static", path, check), OnWorkerd("static", path, check),
                        path == StaticFiles.Small ? Kestrel("/small.txt", HasLength(2048)) : null,
                        "Switchyard: assets-only worker; workerd: disk service"));
                }
            }
            if (options.Runs("dispatch"))
                rows.Add(await DispatchAsync(switchyard = await LiveSwitchyardAsync(), workerd, OnSwitchyard("dispatcher", "/", IsHello), OnWorkerd("dispatcher", "/", IsHello)));
        }
        finally
        {
            if (ceiling is { } c) await c.Process.DisposeAsync();
            foreach (var server in started) await server.DisposeAsync();
        }
        return rows;
    }

    /// <summary>
    /// Scenario 4. Switchyard: a dispatcher with a dispatch_namespace binding to a namespace holding "user";
    /// workerd: the same dispatcher with a service binding. Skipped, with the server's answer, if the binding is unsupported.
    /// </summary>
    private async Task<Row> DispatchAsync(SwitchyardProcess switchyard, WorkerdProcess workerd, Endpoint onSwitchyard, Endpoint onWorkerd)
    {
        const string name = "dispatch → user worker";
        try
        {
            await switchyard.Api.CreateDispatchNamespaceAsync("bench");
            await switchyard.Api.PutWorkerAsync("user", WorkerCode.Read("hello.js"), dispatchNamespace: "bench");
            await switchyard.Api.PutWorkerAsync("dispatcher", WorkerCode.Read("dispatcher.js"),
                [new { type = "dispatch_namespace", name = "DISPATCHER", @namespace = "bench" }]);
        }
        catch (SwitchyardApiException e)
        {
            return new Row("dispatch", name, null, null, Note: $"skipped: deploying the dispatcher failed ({Trim(e.Message)})");
        }
        using (var probe = await SendAsync(onSwitchyard))
            if ((int)probe.StatusCode == 501)
                return new Row("dispatch", name, null, null, Note: $"skipped: {Trim(await probe.Content.ReadAsStringAsync())}");
        return await MeasureAsync("dispatch", name, switchyard, workerd, null, onSwitchyard, onWorkerd, null,
            "workerd: service binding (it has no dispatch namespaces)");
    }

    /// <summary>
    /// Checks each server's answer and warms it up, then measures in rounds, the servers taking turns (Switchyard,
    /// workerd, Kestrel, Switchyard, …): this VM's speed drifts over minutes, and one long run per server had put that
    /// drift between the figures a ratio compares.
    /// </summary>
    private async Task<Row> MeasureAsync(string key, string name, SwitchyardProcess switchyard, WorkerdProcess workerd,
        ManagedProcess? kestrel, Endpoint onSwitchyard, Endpoint onWorkerd, Endpoint? onKestrel, string? note = null)
    {
        Console.Error.WriteLine($"[bench] {name}");
        var problems = new List<string>();
        var contenders = new List<Contender> { new("Switchyard", switchyard.Process, onSwitchyard), new("workerd", workerd.Process, onWorkerd) };
        if (onKestrel is not null && kestrel is not null) contenders.Add(new("Kestrel", kestrel, onKestrel));
        foreach (var contender in contenders) await WarmUpAsync(contender, problems);
        var round = options.Duration / options.Rounds;
        for (int i = 0; i < options.Rounds; i++)
            foreach (var contender in contenders.Where(c => c.Live)) await RunRoundAsync(contender, round, problems);
        var figures = contenders.Select(c => c.Figures()).ToList();
        return new Row(key, name, figures[0], figures[1], figures.ElementAtOrDefault(2),
            string.Join("; ", problems.Append(note ?? "").Where(p => p != "")));
    }

    /// <summary>One server's side of a scenario: its rounds so far, and whether it is still fit to measure.</summary>
    private sealed class Contender(string server, ManagedProcess process, Endpoint endpoint)
    {
        public string Server { get; } = server;
        public ManagedProcess Process { get; } = process;
        public Endpoint Endpoint { get; } = endpoint;
        public List<LoadResult> Rounds { get; } = [];
        public bool Live { get; set; } = true;

        public Figures? Figures()
        {
            if (!Live || Rounds.Count == 0) return null;
            var load = LoadResult.Combine(Rounds);
            return new Figures(load.RequestsPerSecond, load.P50Ms, load.P99Ms, Process.RssKb(), load.Errors);
        }
    }

    private async Task WarmUpAsync(Contender contender, List<string> problems) => await GuardAsync(contender, problems, async () =>
    {
        using (var response = await SendAsync(contender.Endpoint))
            if (await contender.Endpoint.Check(response) is { } problem)
            {
                problems.Add($"{contender.Server} answered wrongly, not measured: {Trim(problem)}");
                contender.Live = false;
                return;
            }
        var warmup = await wrk.WarmUpAsync(contender.Endpoint.Url, contender.Endpoint.Host);
        if (warmup > options.Warmup) problems.Add($"{contender.Server} warm-up {warmup.TotalSeconds:0} s");
    });

    private async Task RunRoundAsync(Contender contender, TimeSpan duration, List<string> problems) => await GuardAsync(contender, problems, async () =>
    {
        var load = await wrk.RunAsync(contender.Endpoint.Url, contender.Endpoint.Host, duration);
        if (load.Requests == 0)
        {
            problems.Add($"{contender.Server} completed no request in {duration.TotalSeconds:0} s (stalled), not measured");
            contender.Live = false;
            return;
        }
        contender.Rounds.Add(load);
    });

    private static async Task GuardAsync(Contender contender, List<string> problems, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (contender.Process.HasExited || e is HttpRequestException)
        {
            // A crashed server is a result too: say so, and let the other servers and scenarios run.
            problems.Add(contender.Process.HasExited
                ? $"{contender.Server} is not running (exit code {contender.Process.ExitCode}; a crash: see its log and dmesg), not measured"
                : $"{contender.Server} did not answer, not measured: {Trim(e.Message)}");
            contender.Live = false;
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(Endpoint endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        if (endpoint.Host is not null) request.Headers.Host = endpoint.Host;
        return await http.SendAsync(request);
    }

    private WorkerdConfig WorkerdConfig(int[] ports)
    {
        var files = Path.Combine(options.OutDir, "workerd", "files");
        StaticFiles.WriteTo(Path.Combine(files, "static"));
        Directory.CreateDirectory(Path.Combine(files, "kv"));
        File.WriteAllText(Path.Combine(files, "kv", "hmac-key"), HmacSecret);
        var config = new WorkerdConfig()
            .Worker("hello", WorkerCode.Read("hello.js"))
            .Worker("kv-hmac", WorkerCode.Read("kv-hmac.js"), "(name = \"KV\", kvNamespace = \"kv-store\")")
            .Disk("kv-store", Path.Combine(files, "kv"))
            .Disk("static", Path.Combine(files, "static"))
            .Worker("dispatcher", WorkerCode.Read("dispatcher.js"), "(name = \"USER\", service = \"user\")")
            .Worker("user", WorkerCode.Read("hello.js"));
        foreach (var (service, port) in Services.Zip(ports)) config.Socket(service, port);
        return config;
    }

    private static async Task<string?> IsHello(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        return r.IsSuccessStatusCode && body.Contains("\"hello\":\"world\"") ? null : $"{(int)r.StatusCode} {body}";
    }

    private static async Task<string?> IsHmacOfRoot(HttpResponseMessage r)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacSecret), "/"u8));
        var body = await r.Content.ReadAsStringAsync();
        return r.IsSuccessStatusCode && body == expected ? null : $"{(int)r.StatusCode} {body}";
    }

    private static Func<HttpResponseMessage, Task<string?>> HasBytes(byte[] expected) => async r =>
    {
        var body = await r.Content.ReadAsByteArrayAsync();
        return r.IsSuccessStatusCode && body.AsSpan().SequenceEqual(expected) ? null : $"{(int)r.StatusCode}, {body.Length} bytes";
    };

    private static Func<HttpResponseMessage, Task<string?>> HasLength(int length) => async r =>
    {
        var body = await r.Content.ReadAsByteArrayAsync();
        return r.IsSuccessStatusCode && body.Length == length ? null : $"{(int)r.StatusCode}, {body.Length} bytes";
    };

    private static string Trim(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
