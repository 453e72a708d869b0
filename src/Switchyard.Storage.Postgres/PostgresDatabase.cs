using System.Reflection;
using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// The shared metadata database: a pooled <see cref="NpgsqlDataSource"/>, the schema (migrated on open, safely when
/// several nodes start together) and the change feed that keeps every node's request-path lookups fresh.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    // Any fixed number: every node takes the same lock, so only one of them migrates at a time.
    private const long MigrationLockKey = 0x5377_6974_6368_7964; // "Switchyd"

    private PostgresDatabase(NpgsqlDataSource source)
    {
        Source = source;
        Changes = new PostgresChangeFeed(source);
    }

    public NpgsqlDataSource Source { get; }

    /// <summary>What this node knows of the commits its in-memory lookups depend on.</summary>
    public PostgresChangeFeed Changes { get; }

    /// <summary>Connects, migrates the schema and starts following changes.</summary>
    public static PostgresDatabase Open(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "switchyard";
        // The stores send a fixed set of statements: prepared once per connection, a KV read or a lookup skips the
        // server's parse and plan (measured on loopback: a KV read 230 -> 90 µs). A connection string that sets it (0 for
        // a pooler in transaction mode, which cannot keep prepared statements) wins.
        if (!Mentions(connectionString, "MaxAutoPrepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = 100;
        var db = new PostgresDatabase(builder.Build());
        try
        {
            db.Migrate();
            db.Changes.Start();
            return db;
        }
        catch
        {
            db.Source.Dispose();
            throw;
        }
    }

    private static bool Mentions(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Any(k => k.Replace(" ", "").Equals(keyword, StringComparison.OrdinalIgnoreCase));

    public NpgsqlConnection Open() => Source.OpenConnection();

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct = default) => Source.OpenConnectionAsync(ct);

    /// <summary>Runs <paramref name="work"/> in one transaction (READ COMMITTED; the stores lock the rows they depend on).</summary>
    public T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary><see cref="InTransaction{T}"/> for asynchronous work.</summary>
    public async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// A transaction whose commit the nodes' lookups must see: it bumps the change counter (and notifies other nodes)
    /// before committing, and this node takes the new count as soon as the commit returns, so its very next request
    /// sees the write. Other nodes see it when the notification (or, failing that, their next poll) arrives.
    /// </summary>
    public async Task<T> InChangingTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        long version;
        T result;
        await using (var connection = await OpenAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            result = await work(connection, transaction);
            version = await PostgresChangeFeed.BumpAsync(connection, transaction, ct);
            await transaction.CommitAsync(ct);
        }
        Changes.Observe(version);
        return result;
    }

    /// <summary>
    /// Applies each embedded <c>Migrations/NNN_*.sql</c> not yet recorded in <c>schema_migrations</c>, in name order, all
    /// in one transaction under a transaction-scoped advisory lock: nodes starting together wait for the first one and
    /// then find nothing left to do; a failed migration leaves the schema as it was.
    /// </summary>
    private void Migrate()
    {
        using var c = Open();
        using var t = c.BeginTransaction();
        c.Execute("SELECT pg_advisory_xact_lock(@key)", t, ("key", MigrationLockKey));
        c.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_on bigint NOT NULL)", t);
        var applied = c.Query("SELECT name FROM schema_migrations", r => r.GetString(0), t).ToHashSet();

        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && !applied.Contains(n["Migrations/".Length..]))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            c.Execute(new StreamReader(stream).ReadToEnd(), t);
            c.Execute("INSERT INTO schema_migrations (name, applied_on) VALUES (@name, @on)", t,
                ("name", resource["Migrations/".Length..]), ("on", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }
        t.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        await Changes.DisposeAsync();
        await Source.DisposeAsync();
    }
}
