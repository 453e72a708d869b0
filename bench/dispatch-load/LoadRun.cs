using System.Diagnostics;

namespace Switchyard.Bench.DispatchLoad;

/// <summary>
/// Sends the requests through the dispatcher, each to a user worker picked at random, with bounded concurrency; a request
/// counts as an error unless it is a 200 whose body is the picked worker's own answer.
/// </summary>
public sealed class LoadRun
{
    private readonly double[] _latencies;
    private int _completed;
    private int _errors;
    private string? _firstError;
    private readonly HashSet<string> _hit = [];

    private LoadRun(int requests) => _latencies = new double[requests];

    public int Requests => _completed;
    public int Errors => _errors;
    public string? FirstError => _firstError;
    public int DistinctWorkers => _hit.Count;
    public TimeSpan Elapsed { get; private set; }

    public double Percentile(double p)
    {
        var sorted = _latencies.Take(_completed).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public static async Task<LoadRun> RunAsync(Uri edge, string host, IReadOnlyList<string> workers, LoadSettings settings)
    {
        var run = new LoadRun(settings.Requests);
        var random = new Random(settings.Seed);
        var picks = Enumerable.Range(0, settings.Requests).Select(_ => workers[random.Next(workers.Count)]).ToArray();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency })
        {
            BaseAddress = edge,
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var deadline = new CancellationTokenSource(settings.MaxDuration);
        var clock = Stopwatch.StartNew();
        var next = -1;
        var senders = Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < picks.Length && !deadline.IsCancellationRequested)
                await run.SendAsync(client, host, picks[i]);
        });
        await Task.WhenAll(senders);
        run.Elapsed = clock.Elapsed;
        return run;
    }

    private async Task SendAsync(HttpClient client, string host, string worker)
    {
        var started = Stopwatch.GetTimestamp();
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/{worker}/page");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            error = (int)response.StatusCode == 200 && body == Deployer.Answer(worker) ? null : $"{worker}: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            error = $"{worker}: {e.GetType().Name} {e.Message}";
        }
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (_hit)
        {
            _latencies[_completed++] = ms;
            _hit.Add(worker);
            if (error is not null && _errors++ == 0) _firstError = error;
        }
    }
}
