using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Tests.Backends;

/// <summary>The embedded backend in a temporary data directory.</summary>
public sealed class SqliteBackend : StorageBackend
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-storage-" + Guid.NewGuid().ToString("N"));

    public override string Name => "sqlite";

    public override Task<IStorage> OpenAsync(TimeProvider clock) => Task.FromResult<IStorage>(new EmbeddedStorage(_dir, clock));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
