using Npgsql;

namespace Switchyard.Bench.Servers;

/// <summary>
/// Samples, a few times a second while a phase runs, how many server connections each node holds on the benchmark's
/// database (<c>pg_stat_activity</c> by <c>application_name</c>, which each node's connection string sets), and keeps
/// the most seen per node.
/// </summary>
public sealed class PostgresConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly Dictionary<string, long> _most = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _sampling;

    public PostgresConnections(string connectionString) =>
        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "switchyard-bench", Pooling = false });

    /// <summary>Forgets what was seen and samples until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        lock (_most) _most.Clear();
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await SampleAsync();
                try { await Task.Delay(250, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    /// <summary>The most connections seen per node (application name) since <see cref="Start"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StopAsync()
    {
        _stop.Cancel();
        if (_sampling is not null) await _sampling;
        await SampleAsync();
        lock (_most) return new Dictionary<string, long>(_most);
    }

    /// <summary>Connections per node right now.</summary>
    public async Task<IReadOnlyDictionary<string, long>> NowAsync()
    {
        var now = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var c = await _source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = current_database() " +
            "AND application_name LIKE 'switchyard-node-%' GROUP BY application_name", c);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) now[reader.GetString(0)] = reader.GetInt64(1);
        return now;
    }

    private async Task SampleAsync()
    {
        IReadOnlyDictionary<string, long> now;
        try { now = await NowAsync(); }
        catch (NpgsqlException) { return; }
        lock (_most)
            foreach (var (node, count) in now)
                _most[node] = Math.Max(_most.GetValueOrDefault(node), count);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_sampling is not null) await _sampling;
        await _source.DisposeAsync();
    }
}
