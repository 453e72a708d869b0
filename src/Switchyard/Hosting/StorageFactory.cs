using Switchyard.Storage;
using Switchyard.Storage.Postgres;

namespace Switchyard.Hosting;

/// <summary>The one place the host chooses its storage backend: `serve` and the account commands all open it here.</summary>
public static class StorageFactory
{
    /// <param name="postgres">An Npgsql connection string, or null for the embedded SQLite database.</param>
    /// <param name="dataDir">The data directory: everything for SQLite, a blob cache for PostgreSQL.</param>
    public static IStorage Open(string? postgres, string dataDir) =>
        string.IsNullOrEmpty(postgres) ? new EmbeddedStorage(dataDir) : PostgresStorage.Open(postgres, dataDir);

    public static IStorage Open(ServerOptions options) => Open(options.Postgres, options.DataDir);
}
