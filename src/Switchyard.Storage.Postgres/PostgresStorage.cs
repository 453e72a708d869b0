using Switchyard.Storage.Accounts;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Secrets;
using Switchyard.Storage.Zones;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// A node's stores on a shared PostgreSQL database (<c>serve --postgres</c>): all state lives in the database, and the
/// node's data directory holds only a cache of blobs. Any number of nodes may share one database.
/// </summary>
public sealed class PostgresStorage : IStorage
{
    private PostgresStorage(PostgresDatabase database, string dataDir, TimeProvider clock)
    {
        Database = database;
        Directory.CreateDirectory(dataDir);
        BlobFiles = new FileBlobStore(Path.Combine(dataDir, "blob-cache"));
        Blobs = new PostgresBlobStore(database, BlobFiles, clock);
        Accounts = new PostgresAccountStore(database, clock);
        Assets = new PostgresAssetStore(database, clock);
        Secrets = new PostgresServerSecrets(database, clock);
        Kv = new PostgresKvStore(database, clock);
        Namespaces = new PostgresNamespaceStore(database, clock);
        Scripts = new PostgresScriptStore(database, clock);
        Schedules = new PostgresScheduleStore(database, clock);
        Workers = new VersionCachingDirectory(new PostgresWorkerDirectory(database, Blobs));
        BlobCollector = new BlobCollector(new PostgresBlobReferences(database), Blobs, clock);
        var zones = new PostgresZoneStore(database, clock);
        Zones = zones;
        Routes = zones;
    }

    /// <summary>Connects to <paramref name="connectionString"/> (Npgsql's form), migrates the schema and follows changes.</summary>
    /// <param name="dataDir">Where this node caches blobs (its <c>blob-cache</c> folder).</param>
    public static PostgresStorage Open(string connectionString, string dataDir, TimeProvider? clock = null) =>
        new(PostgresDatabase.Open(connectionString), dataDir, clock ?? TimeProvider.System);

    public PostgresDatabase Database { get; }
    public IBlobStore Blobs { get; }
    public FileBlobStore BlobFiles { get; }
    public BlobCollector BlobCollector { get; }
    public IAccountStore Accounts { get; }
    public IAssetStore Assets { get; }
    public IServerSecrets Secrets { get; }
    public IKvStore Kv { get; }
    public INamespaceStore Namespaces { get; }
    public IScriptStore Scripts { get; }
    public IScheduleStore Schedules { get; }
    public IWorkerDirectory Workers { get; }
    public IZoneStore Zones { get; }
    public IRouteTable Routes { get; }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
