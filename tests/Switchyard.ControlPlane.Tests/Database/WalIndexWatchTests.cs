using Microsoft.Data.Sqlite;
using Switchyard.Storage.Sqlite;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Database;

/// <summary>The commit watch behind the edge's lookup memos: every commit is seen, and nothing else looks like one.</summary>
public sealed class WalIndexWatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-walwatch-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _db;

    public WalIndexWatchTests()
    {
        Directory.CreateDirectory(_dir);
        _db = new SqliteDatabase(Path.Combine(_dir, "watch.db"));
        Execute("CREATE TABLE t (v INTEGER)");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Each_commit_from_another_connection_changes_the_value_and_reads_do_not()
    {
        using var watch = WalIndexWatch.Open(_db)!;
        long before = watch.Read();
        Execute("SELECT count(*) FROM t");
        Assert.Equal(before, watch.Read());

        var seen = new HashSet<long> { before };
        for (int i = 0; i < 50; i++)
        {
            Execute($"INSERT INTO t VALUES ({i})");
            Assert.True(seen.Add(watch.Read()), $"commit {i} went unseen");
        }
    }

    [Fact]
    public void A_commit_after_the_wal_restarts_from_its_start_is_seen()
    {
        using var watch = WalIndexWatch.Open(_db)!;
        Execute("INSERT INTO t VALUES (1)");
        long afterFirst = watch.Read();

        // Truncating the WAL makes the next commit its first frame again: the frame count repeats, the salts do not.
        Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        Execute("INSERT INTO t VALUES (2)");
        Assert.NotEqual(afterFirst, watch.Read());
    }

    [Fact]
    public void A_database_not_in_wal_mode_has_no_watch_and_the_probe_falls_back_to_data_version()
    {
        SqliteConnection.ClearAllPools();
        Execute("PRAGMA journal_mode=DELETE");
        Assert.Null(WalIndexWatch.Open(_db));

        var probe = new DataVersionProbe(_db);
        long before = probe.Read();
        Execute("INSERT INTO t VALUES (1)");
        Assert.NotEqual(before, probe.Read());
    }

    private void Execute(string sql)
    {
        using var connection = _db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
