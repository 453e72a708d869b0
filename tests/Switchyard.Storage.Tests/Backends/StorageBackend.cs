using Switchyard.Storage;

namespace Switchyard.Storage.Tests.Backends;

/// <summary>
/// Where one test's stores live. <see cref="OpenAsync"/> may be called more than once: every call opens another node
/// on the same state (another SQLite process on the same file, another PostgreSQL node on the same database).
/// </summary>
public abstract class StorageBackend : IAsyncDisposable
{
    public abstract string Name { get; }

    public abstract Task<IStorage> OpenAsync(TimeProvider clock);

    public abstract ValueTask DisposeAsync();

    public override string ToString() => Name;
}
