namespace Switchyard.Bench.DispatchLoad;

/// <summary>Samples the server's RSS on a timer until stopped.</summary>
public sealed class RssSampler : IDisposable
{
    private readonly List<long> _samples = [];
    private readonly Timer _timer;

    public RssSampler(ServerProcess server, TimeSpan every)
    {
        _timer = new Timer(_ => { var rss = server.RssBytes(); lock (_samples) _samples.Add(rss); }, null, TimeSpan.Zero, every);
    }

    public (int Samples, long Min, double Mean, long Max) Stop()
    {
        _timer.Dispose();
        lock (_samples) return (_samples.Count, _samples.Min(), _samples.Average(), _samples.Max());
    }

    public void Dispose() => _timer.Dispose();
}
