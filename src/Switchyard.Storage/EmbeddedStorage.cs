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
/// The default, single-process storage: one SQLite database and one blob folder under the data directory.
/// Each store is exposed through its interface so that a shared (PostgreSQL) backend can stand in for it.
/// </summary>
public sealed class EmbeddedStorage
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
    /// <summary>The blob folder itself (its <see cref="FileBlobStore.Corrupted"/> reports damaged files).</summary>
    public FileBlobStore BlobFiles { get; }
    /// <summary>Deletes blobs no stored row references any more (run periodically by the host).</summary>
    public BlobCollector BlobCollector { get; }
    public IAccountStore Accounts { get; }
    public IAssetStore Assets { get; }
    public IServerSecrets Secrets { get; }
    public IKvStore Kv { get; }
    public INamespaceStore Namespaces { get; }
    public IScriptStore Scripts { get; }
    /// <summary>Cron Triggers of scripts.</summary>
    public IScheduleStore Schedules { get; }
    /// <summary>The edge's read model of deployed workers.</summary>
    public IWorkerDirectory Workers { get; }
    public IZoneStore Zones { get; }
    /// <summary>The edge's route resolver.</summary>
    public IRouteTable Routes { get; }
}
