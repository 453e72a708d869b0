namespace Switchyard.Storage.Freshness;

/// <summary>
/// Tells whether anything was committed since a last look, cheaply enough to ask before every request-path read: a
/// number that grows (at least) whenever a write that a cached answer may depend on commits. SQLite reads it from the
/// WAL index (<c>DataVersionProbe</c>); PostgreSQL keeps it in memory, moved on by this node's own commits, by
/// LISTEN/NOTIFY from other nodes' and by a polling fallback (<c>PostgresChangeFeed</c>).
/// </summary>
public interface IChangeProbe
{
    long Read();
}
