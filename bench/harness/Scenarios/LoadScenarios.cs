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
    private readonly SideBySide _sideBySide = new(options, wrk);
    private const string HmacSecret = "bench-hmac-secret";
    private static readonly string[] Services = ["hello", "kv-hmac", "static", "dispatcher", "user"];

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
                // Issue 23: hello through a worker host against the same in the server process, in the same rounds.
                await using var inProcess = options.ComparesInProcess
                    ? await SwitchyardProcess.StartAsync(options with { WorkerHosts = 0 }, "switchyard-in-process") : null;
                if (inProcess is not null) await inProcess.Api.PutWorkerAsync("hello", WorkerCode.Read("hello.js"));
                rows.Add(await _sideBySide.MeasureAsync("hello", "hello JSON", switchyard, workerd, ceiling?.Process,
                    OnSwitchyard("hello", "/", IsHello), OnWorkerd("hello", "/", IsHello), Kestrel("/", IsHello),
                    inProcess: inProcess is null ? null : (inProcess, new Endpoint(inProcess.EdgeBase.ToString(), SwitchyardProcess.HostOf("hello"), IsHello))));
            }
            if (options.Runs("kv-hmac"))
            {
                switchyard = await LiveSwitchyardAsync();
                var ns = await switchyard.Api.CreateKvNamespaceAsync("bench-secrets");
                await switchyard.Api.PutKvValueAsync(ns, "hmac-key", HmacSecret);
                await switchyard.Api.PutWorkerAsync("kv-hmac", WorkerCode.Read("kv-hmac.js"),
                    [new { type = "kv_namespace", name = "KV", namespace_id = ns }]);
                rows.Add(await _sideBySide.MeasureAsync("kv-hmac", "KV read + HMAC", switchyard, workerd, null,
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
                    rows.Add(await _sideBySide.MeasureAsync(key, name, switchyard, workerd, path == StaticFiles.Small ? ceiling?.Process : null,
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
            return new Row("dispatch", name, null, null, Note: $"skipped: deploying the dispatcher failed ({SideBySide.Trim(e.Message)})");
        }
        using (var probe = await SideBySide.SendAsync(onSwitchyard))
            if ((int)probe.StatusCode == 501)
                return new Row("dispatch", name, null, null, Note: $"skipped: {SideBySide.Trim(await probe.Content.ReadAsStringAsync())}");
        return await _sideBySide.MeasureAsync("dispatch", name, switchyard, workerd, null, onSwitchyard, onWorkerd, null,
            "workerd: service binding (it has no dispatch namespaces)");
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

}
