using Switchyard.Storage.Accounts;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Secrets;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Sqlite;
using Switchyard.Storage.Zones;

namespace Switchyard.Storage;

/// <summary>
/// The default storage: one SQLite database and one blob folder under the data directory, for one node (several
/// processes on one machine may share the directory).
/// </summary>
public sealed class EmbeddedStorage : IStorage
{
    public EmbeddedStorage(string dataDir, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        Directory.CreateDirectory(dataDir);
        Database = new SqliteDatabase(Path.Combine(dataDir, "switchyard.db"));
        BlobFiles = new FileBlobStore(Path.Combine(dataDir, "blobs"));
        Blobs = BlobFiles;
        Accounts = new SqliteAccountStore(Database, clock);
        Assets = new SqliteAssetStore(Database, clock);
        Secrets = new SqliteServerSecrets(Database, clock);
        Kv = new SqliteKvStore(Database, clock);
        Namespaces = new SqliteNamespaceStore(Database, clock);
        Scripts = new SqliteScriptStore(Database, clock);
        Schedules = new SqliteScheduleStore(Database, clock);
        Workers = new VersionCachingDirectory(new SqliteWorkerDirectory(Database, Blobs));
        BlobCollector = new BlobCollector(new SqliteBlobReferences(Database), Blobs, clock);
        var zones = new SqliteZoneStore(Database, clock);
        Zones = zones;
        Routes = zones;
    }

    public SqliteDatabase Database { get; }
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

    /// <summary>Nothing to release: connections are pooled per operation and the WAL watch lives as long as the process.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
