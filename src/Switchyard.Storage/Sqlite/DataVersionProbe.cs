using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// SQLite's <c>PRAGMA data_version</c> on one connection that never writes: it changes whenever any other connection
/// (or process) commits, so a value read before a query tells whether a result read after it can still be served.
/// </summary>
internal sealed class DataVersionProbe(SqliteDatabase db)
{
    private readonly object _lock = new();
    private SqliteCommand? _command;

    public long Read()
    {
        lock (_lock)
        {
            if (_command is null)
            {
                _command = db.Open().CreateCommand();
                _command.CommandText = "PRAGMA data_version";
                _command.Prepare();
            }
            return (long)_command.ExecuteScalar()!;
        }
    }
}
