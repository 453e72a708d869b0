using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// Open connections that keep their commands prepared, for reads on the request path (worker lookups, KV reads):
/// SQLite then parses and plans each statement once per connection instead of on every read. A session is used by one
/// read at a time; the pool grows to the number of concurrent readers.
/// </summary>
internal sealed class PreparedReads(SqliteDatabase db)
{
    private readonly ConcurrentBag<Session> _idle = [];

    public T Run<T>(Func<Session, T> read)
    {
        var session = _idle.TryTake(out var idle) ? idle : new Session(db.Open());
        T result;
        try { result = read(session); }
        catch
        {
            session.Dispose(); // its connection may be in any state
            throw;
        }
        _idle.Add(session);
        return result;
    }

    internal sealed class Session(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        private SqliteTransaction? _snapshot;

        /// <summary>The open connection, for reads too rare to keep prepared that still should not open one of their own.</summary>
        public SqliteConnection Connection => connection;

        /// <summary>The command for <paramref name="sql"/>, prepared on first use, with these parameter values.</summary>
        public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                command.Prepare();
                _commands.Add(sql, command);
            }
            else
            {
                foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
            }
            command.Transaction = _snapshot;
            return command;
        }

        /// <summary>Runs several reads in one read transaction, so that they all see the same snapshot.</summary>
        public T InSnapshot<T>(Func<T> reads)
        {
            using var snapshot = connection.BeginTransaction(deferred: true);
            _snapshot = snapshot;
            try { return reads(); }
            finally { _snapshot = null; }
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            connection.Dispose();
        }
    }
}
