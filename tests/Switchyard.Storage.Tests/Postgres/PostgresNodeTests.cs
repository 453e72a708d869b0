using Npgsql;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Postgres;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Storage.Tests.Postgres;

/// <summary>What only the shared backend has: migration by several nodes at once, and the blob cache.</summary>
public sealed class PostgresNodeTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-pgnode-" + Guid.NewGuid().ToString("N"));
    private PostgresServer _server = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.SharedAsync();
        _database = await _server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DropDatabaseAsync(_database);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Nodes_starting_together_migrate_once()
    {
        var nodes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => PostgresStorage.Open(_database, Path.Combine(_dir, $"n{i}")))));
        try
        {
            await using var c = new NpgsqlConnection(_database);
            await c.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT name) FROM schema_migrations", c);
            await using var r = await command.ExecuteReaderAsync();
            await r.ReadAsync();
            Assert.True(r.GetInt64(0) > 0);
            Assert.Equal(r.GetInt64(0), r.GetInt64(1));
        }
        finally
        {
            foreach (var node in nodes) await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_damaged_cached_blob_is_read_again_from_the_database()
    {
        await using var writer = PostgresStorage.Open(_database, Path.Combine(_dir, "writer"));
        await using var reader = PostgresStorage.Open(_database, Path.Combine(_dir, "reader"));
        var content = System.Text.Encoding.UTF8.GetBytes("export default {}");
        var key = await writer.Blobs.PutAsync(content);

        Assert.Equal(content, await reader.Blobs.ReadAllAsync(key)); // a miss: fetched and cached
        var cached = Path.Combine(_dir, "reader", "blob-cache", key[..2], key[2..]);
        Assert.True(File.Exists(cached));
        await File.WriteAllTextAsync(cached, "tampered");

        string? reported = null;
        reader.BlobFiles.Corrupted += (k, _) => reported = k;
        Assert.Equal(content, await reader.Blobs.ReadAllAsync(key));
        Assert.Equal(key, reported);
        await using var stream = reader.Blobs.OpenRead(key)!;
        Assert.Equal(content.Length, stream.Length);
    }

    [Fact]
    public async Task A_blob_deleted_from_the_database_is_gone_for_every_node()
    {
        await using var a = PostgresStorage.Open(_database, Path.Combine(_dir, "a"));
        await using var b = PostgresStorage.Open(_database, Path.Combine(_dir, "b"));
        var key = await a.Blobs.PutAsync(new byte[] { 1, 2, 3 });
        Assert.True(await b.Blobs.ExistsAsync(key));
        await Task.Delay(5);
        Assert.True(await b.Blobs.DeleteIfOlderThanAsync(key, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.False(await a.Blobs.ExistsAsync(key));
        Assert.DoesNotContain(await a.Blobs.ListAsync(), blob => blob.Key == key);
    }

    [Fact]
    public async Task A_node_drops_its_copies_of_blobs_another_node_collected()
    {
        await using var a = PostgresStorage.Open(_database, Path.Combine(_dir, "a"));
        await using var b = PostgresStorage.Open(_database, Path.Combine(_dir, "b"));
        var gone = await a.Blobs.PutAsync(new byte[] { 4, 5, 6 });
        Assert.True(a.BlobFiles.Exists(gone));
        await Task.Delay(5);
        var collected = await b.BlobCollector.CollectAsync(TimeSpan.Zero);
        Assert.Equal(1, collected.Deleted);
        Assert.True(a.BlobFiles.Exists(gone)); // b deleted the row and its own copy only

        var kept = await a.Blobs.PutAsync(new byte[] { 7, 8, 9 });
        var turn = await new PostgresBlobReferences(b.Database).TryTakeCollectionTurnAsync(CancellationToken.None);
        await Task.Delay(5);
        var skipped = await a.BlobCollector.CollectAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.True(skipped.Skipped);
        Assert.Equal(3, skipped.BytesFreed);
        Assert.False(a.BlobFiles.Exists(gone));
        Assert.True(a.BlobFiles.Exists(kept)); // still in the database: its copy stays
        await turn!.DisposeAsync();
    }

    [Fact]
    public async Task One_node_collects_blobs_at_a_time_and_a_finished_turn_lets_the_next_collect()
    {
        await using var a = PostgresStorage.Open(_database, Path.Combine(_dir, "a"));
        await using var b = PostgresStorage.Open(_database, Path.Combine(_dir, "b"));
        var turn = await new PostgresBlobReferences(a.Database).TryTakeCollectionTurnAsync(CancellationToken.None);
        Assert.NotNull(turn);
        Assert.Null(await new PostgresBlobReferences(b.Database).TryTakeCollectionTurnAsync(CancellationToken.None));
        Assert.True((await b.BlobCollector.CollectAsync(TimeSpan.Zero)).Skipped);

        await turn.DisposeAsync();
        Assert.False((await b.BlobCollector.CollectAsync(TimeSpan.Zero)).Skipped);
        Assert.False((await a.BlobCollector.CollectAsync(TimeSpan.Zero)).Skipped);
    }

    [Fact]
    public async Task A_change_whose_notification_was_lost_is_seen_by_the_next_poll()
    {
        await using var node = PostgresStorage.Open(_database, Path.Combine(_dir, "node"));
        var seen = node.Database.Changes.Read();
        // A commit as another node makes it, but with its NOTIFY lost (as while this node's listening connection is down).
        await using (var c = new NpgsqlConnection(_database))
        {
            await c.OpenAsync();
            await using var bump = new NpgsqlCommand("UPDATE sy_changes SET version = version + 1", c);
            await bump.ExecuteNonQueryAsync();
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (node.Database.Changes.Read() == seen)
        {
            Assert.True(watch.Elapsed < PostgresChangeFeed.PollInterval * 2.5, "the poll did not pick the change up");
            await Task.Delay(20);
        }
    }
}
