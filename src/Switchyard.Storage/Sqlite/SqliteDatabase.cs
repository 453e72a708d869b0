using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// The embedded metadata database. Every operation opens a pooled connection; WAL mode lets readers run
/// beside the single writer, and a deploy commits in one transaction so a crash never shows half of it.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Migrate(connection);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // synchronous=NORMAL in WAL mode survives a killed process; only power loss can drop the last commits.
        Execute(connection, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction (BEGIN IMMEDIATE, so it never deadlocks on upgrade).</summary>
    public T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    public void InTransaction(Action<SqliteConnection, SqliteTransaction> work) =>
        InTransaction<object?>((c, t) => { work(c, t); return null; });

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Applies the embedded <c>Migrations/NNN_*.sql</c> scripts newer than <c>PRAGMA user_version</c>.</summary>
    private static void Migrate(SqliteConnection connection)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal))
            .Select(n => (Name: n, Version: int.Parse(n["Migrations/".Length..].Split('_')[0])))
            .OrderBy(s => s.Version)
            .ToList();

        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(read.ExecuteScalar());

        foreach (var (name, version) in scripts.Where(s => s.Version > current))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var sql = new StreamReader(stream).ReadToEnd();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql + $"\nPRAGMA user_version={version};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }
}
