using Switchyard.Bench.Load;
using Switchyard.Bench.Report;
using Switchyard.Bench.Servers;

namespace Switchyard.Bench.Scenarios;

/// <summary>
/// A server's side of one load scenario: where to send load, and a check that the answer to a request with
/// <see cref="Host"/> is the right one. The load carries that Host header too, unless a wrk script picks each request.
/// </summary>
public sealed record Endpoint(string Url, string? Host, Func<HttpResponseMessage, Task<string?>> Check, WrkScript? Script = null,
    TimeSpan? Warmup = null);

/// <summary>
/// Load on servers side by side: each is checked and warmed up, then measured in rounds, taking turns, with one
/// server under load at a time.
/// </summary>
public sealed class SideBySide(BenchOptions options, Wrk wrk)
{
    /// <summary>
    /// Checks each server's answer and warms it up, then measures in rounds, the servers taking turns (Switchyard,
    /// Switchyard in-process, workerd, Kestrel, Switchyard, …): this VM's speed drifts over minutes, and one long run
    /// per server had put that drift between the figures a ratio compares. <paramref name="inProcess"/>, where given,
    /// is a Switchyard with <c>--worker-hosts 0</c> beside the one with worker hosts, and right after it in each round.
    /// </summary>
    /// A null <paramref name="workerd"/> leaves workerd out (the many tenants past what it can hold here).
    public async Task<Row> MeasureAsync(string key, string name, SwitchyardProcess switchyard, WorkerdProcess? workerd,
        ManagedProcess? kestrel, Endpoint onSwitchyard, Endpoint? onWorkerd, Endpoint? onKestrel, string? note = null,
        (SwitchyardProcess Server, Endpoint Endpoint)? inProcess = null)
    {
        List<(string Label, ManagedProcess, Endpoint)> servers = [("Switchyard", switchyard.Process, onSwitchyard)];
        if (inProcess is { } local) servers.Add(("Switchyard in-process", local.Server.Process, local.Endpoint));
        if (workerd is not null && onWorkerd is not null) servers.Add(("workerd", workerd.Process, onWorkerd));
        if (onKestrel is not null && kestrel is not null) servers.Add(("Kestrel", kestrel, onKestrel));
        var (figures, problems) = await MeasureAllAsync(name, servers);
        Figures? Of(string label) => servers.FindIndex(s => s.Label == label) is var i and >= 0 ? figures[i] : null;
        return new Row(key, name, Of("Switchyard"), Of("workerd"), Of("Kestrel"),
            string.Join("; ", problems.Append(note ?? "").Where(p => p != "")), InProcess: Of("Switchyard in-process"));
    }

    /// <summary>
    /// Any servers side by side, as <see cref="MeasureAsync"/> does it: each one's figures (null when it could not be
    /// measured), in order, and what went wrong on the way.
    /// </summary>
    public async Task<(List<Figures?> Figures, List<string> Problems)> MeasureAllAsync(string name,
        IReadOnlyList<(string Label, ManagedProcess Process, Endpoint Endpoint)> servers)
    {
        Console.Error.WriteLine($"[bench] {name}");
        var problems = new List<string>();
        var contenders = servers.Select(s => new Contender(s.Label, s.Process, s.Endpoint)).ToList();
        foreach (var contender in contenders) await WarmUpAsync(contender, problems);
        var round = options.Duration / options.Rounds;
        for (int i = 0; i < options.Rounds; i++)
            foreach (var contender in contenders.Where(c => c.Live)) await RunRoundAsync(contender, round, problems);
        return (contenders.Select(c => c.Figures()).ToList(), problems);
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
            return new Figures(load.RequestsPerSecond, load.P50Ms, load.P99Ms, Process.RssKb(), load.Errors, Process.PeakRssKb());
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
        var least = contender.Endpoint.Warmup ?? options.Warmup;
        var warmup = await wrk.WarmUpAsync(contender.Endpoint.Url, contender.Endpoint.Host, contender.Endpoint.Script, least);
        if (warmup > least) problems.Add($"{contender.Server} warm-up {warmup.TotalSeconds:0} s");
    });

    private async Task RunRoundAsync(Contender contender, TimeSpan duration, List<string> problems) => await GuardAsync(contender, problems, async () =>
    {
        var load = await wrk.RunAsync(contender.Endpoint.Url, contender.Endpoint.Host, duration, contender.Endpoint.Script);
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

    public static async Task<HttpResponseMessage> SendAsync(Endpoint endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Url);
        if (endpoint.Host is not null) request.Headers.Host = endpoint.Host;
        return await http.SendAsync(request);
    }


    public static string Trim(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
