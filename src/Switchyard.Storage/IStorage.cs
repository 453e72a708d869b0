using Switchyard.Storage.Accounts;
using Switchyard.Storage.Assets;
using Switchyard.Storage.Blobs;
using Switchyard.Storage.Kv;
using Switchyard.Storage.Scripts;
using Switchyard.Storage.Secrets;
using Switchyard.Storage.Zones;

namespace Switchyard.Storage;

/// <summary>
/// Every store of one Switchyard node, whatever backs them: <see cref="EmbeddedStorage"/> (SQLite and files in the
/// data directory, the default) or PostgresStorage (Switchyard.Storage.Postgres, shared by any number of nodes). The
/// host opens one per process and registers its stores by their interfaces; nothing above this layer knows which.
/// </summary>
public interface IStorage : IAsyncDisposable
{
    IBlobStore Blobs { get; }
    /// <summary>
    /// The blob folder in the data directory: all blobs for the embedded backend, a read-through cache for a shared one.
    /// Its <see cref="FileBlobStore.Corrupted"/> reports damaged files.
    /// </summary>
    FileBlobStore BlobFiles { get; }
    /// <summary>Deletes blobs no stored row references any more (run periodically by the host).</summary>
    BlobCollector BlobCollector { get; }
    IAccountStore Accounts { get; }
    IAssetStore Assets { get; }
    IServerSecrets Secrets { get; }
    IKvStore Kv { get; }
    INamespaceStore Namespaces { get; }
    IScriptStore Scripts { get; }
    /// <summary>Cron Triggers of scripts.</summary>
    IScheduleStore Schedules { get; }
    /// <summary>The edge's read model of deployed workers.</summary>
    IWorkerDirectory Workers { get; }
    IZoneStore Zones { get; }
    /// <summary>The edge's route resolver.</summary>
    IRouteTable Routes { get; }
}
