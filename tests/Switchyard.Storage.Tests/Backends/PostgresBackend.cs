using Switchyard.Storage.Postgres;
using Switchyard.Testing;

namespace Switchyard.Storage.Tests.Backends;

/// <summary>A fresh database on the test process's PostgreSQL server; each node gets its own blob cache directory.</summary>
public sealed class PostgresBackend : StorageBackend
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "switchyard-pgnodes-" + Guid.NewGuid().ToString("N"));
    private PostgresServer? _server;
    private string? _connectionString;

    public override string Name => "postgres";

    /// <summary>The database's connection string (created by the first <see cref="OpenAsync"/>).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("not opened yet");

    public override async Task<IStorage> OpenAsync(TimeProvider clock)
    {
        if (_connectionString is null)
        {
            _server = await PostgresServer.SharedAsync();
            _connectionString = await _server.CreateDatabaseAsync();
        }
        return PostgresStorage.Open(_connectionString, Path.Combine(_dir, Guid.NewGuid().ToString("N")), clock);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_server is not null && _connectionString is not null) await _server.DropDatabaseAsync(_connectionString);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
