using Npgsql;
using Switchyard.Storage.Freshness;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// This node's view of the shared change counter (<c>sy_changes</c>), which every write that request-path lookups
/// depend on bumps in its own transaction. <see cref="Read"/> is a memory read: the edge asks it before every cached
/// lookup. It moves on three ways: this node's own commits (<see cref="Observe"/>, at once), NOTIFY from other nodes'
/// commits on a connection that LISTENs, and a poll of the counter every <see cref="PollInterval"/>, because
/// notifications sent while the listening connection is down are lost.
/// </summary>
public sealed class PostgresChangeFeed(NpgsqlDataSource source) : IChangeProbe, IAsyncDisposable
{
    public const string Channel = "sy_changes";

    /// <summary>How stale another node's commit may look here when notifications are lost; also the reconnect delay.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private long _version = -1;
    private Task? _follower;

    public long Read() => Volatile.Read(ref _version);

    /// <summary>Takes a counter value seen in a commit or a notification; the view only moves forward.</summary>
    public void Observe(long version)
    {
        long seen = Volatile.Read(ref _version);
        while (version > seen)
        {
            long was = Interlocked.CompareExchange(ref _version, version, seen);
            if (was == seen) return;
            seen = was;
        }
    }

    private const string BumpSql =
        $"WITH b AS (UPDATE sy_changes SET version = version + 1 WHERE id = 1 RETURNING version) " +
        $"SELECT version, pg_notify('{Channel}', version::text) FROM b";

    /// <summary>Bumps the counter inside a write transaction; the NOTIFY is delivered when (and only if) it commits.</summary>
    internal static async Task<long> BumpAsync(NpgsqlConnection c, NpgsqlTransaction t, CancellationToken ct)
    {
        await using var command = c.Command(BumpSql, t);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    internal void Start()
    {
        using (var c = source.OpenConnection()) Observe(Poll(c));
        _follower = Task.Run(() => FollowAsync(_stop.Token));
    }

    private const string PollSql = "SELECT version FROM sy_changes WHERE id = 1";

    private static long Poll(NpgsqlConnection c) => c.Scalar<long>(PollSql);

    private static async Task<long> PollAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await using var command = c.Command(PollSql);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task FollowAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var c = await source.OpenConnectionAsync(stop);
                c.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, out var version)) Observe(version);
                };
                await c.ExecuteAsync($"LISTEN {Channel}", null, stop);
                // Listening from here on; a poll now covers what was committed before.
                Observe(await PollAsync(c, stop));
                while (!stop.IsCancellationRequested)
                {
                    if (!await c.WaitAsync(PollInterval, stop)) Observe(await PollAsync(c, stop));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                // The connection dropped (or the server restarts): retry; until then lookups keep their answers.
                try { await Task.Delay(PollInterval, stop); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_follower is not null)
        {
            try { await _follower; }
            catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }
}
