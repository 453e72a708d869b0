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

    /// <summary>The database file's path.</summary>
    public string FilePath { get; }

    /// <summary>Tells whether anything was committed since a last look; one per database, shared by every memo.</summary>
    internal DataVersionProbe CommitProbe { get; }

    public SqliteDatabase(string path)
    {
        FilePath = path;
        CommitProbe = new DataVersionProbe(this);
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

    /// <summary>
    /// Applies each embedded <c>Migrations/NNN_*.sql</c> script not yet recorded in <c>schema_migrations</c>, in name
    /// order. Recording names rather than one version number means a script merged later with a lower number still runs.
    /// </summary>
    private static void Migrate(SqliteConnection connection)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_on INTEGER NOT NULL);");
        var applied = connection.Query("SELECT name FROM schema_migrations", r => r.GetString(0)).ToHashSet();

        var assembly = Assembly.GetExecutingAssembly();
        var pending = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && !applied.Contains(n["Migrations/".Length..]))
            .Order(StringComparer.Ordinal);

        foreach (var resource in pending)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var sql = new StreamReader(stream).ReadToEnd();
            using var transaction = connection.BeginTransaction();
            connection.Execute(sql, transaction);
            connection.Execute("INSERT INTO schema_migrations (name, applied_on) VALUES ($name, $on)", transaction,
                ("$name", resource["Migrations/".Length..]), ("$on", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            transaction.Commit();
        }
    }
}
