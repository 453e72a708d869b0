using Microsoft.Data.Sqlite;
using Switchyard.Storage.Freshness;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// A number that changes whenever any connection (or process) commits to the database, so a value read before a
/// query tells whether a result read after it can still be served. It comes from the WAL index's header
/// (<see cref="WalIndexWatch"/>) when the database has one, else from <c>PRAGMA data_version</c> on a connection
/// that never writes.
/// </summary>
internal sealed class DataVersionProbe(SqliteDatabase db) : IChangeProbe
{
    private readonly Lazy<WalIndexWatch?> _watch = new(() => WalIndexWatch.Open(db));
    private readonly object _lock = new();
    private SqliteCommand? _pragma;

    public long Read() => _watch.Value?.Read() ?? ReadPragma();

    private long ReadPragma()
    {
        lock (_lock)
        {
            if (_pragma is null)
            {
                _pragma = db.Open().CreateCommand();
                _pragma.CommandText = "PRAGMA data_version";
                _pragma.Prepare();
            }
            return (long)_pragma.ExecuteScalar()!;
        }
    }
}
