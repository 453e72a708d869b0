using Npgsql;
using Switchyard.Storage.Scripts;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresNamespaceStore(PostgresDatabase db, TimeProvider clock) : INamespaceStore
{
    public DispatchNamespace Create(string accountId, string name, string createdBy)
    {
        var now = clock.GetUtcNow().TruncatedToMilliseconds();
        var id = Guid.NewGuid().ToString("D");
        PostgresErrors.OnUniqueViolation(() => db.InChangingTransaction((c, t) => c.Execute(
            "INSERT INTO dispatch_namespaces (id, account_id, name, trusted_workers, created_on, created_by, modified_on, modified_by) " +
            "VALUES (@id, @acct, @name, false, @on, @by, @on, @by)", t,
            ("id", id), ("acct", accountId), ("name", name), ("on", now.ToUnixTimeMilliseconds()), ("by", createdBy))),
            $"A dispatch namespace named '{name}' already exists in this account");
        return new DispatchNamespace(id, accountId, name, false, 0, now, createdBy, now, createdBy);
    }

    public DispatchNamespace? Get(string accountId, string name)
    {
        using var c = db.Open();
        return c.QuerySingle(Select + " WHERE n.account_id = @acct AND n.name = @name", Read, null, ("acct", accountId), ("name", name));
    }

    public IReadOnlyList<DispatchNamespace> List(string accountId)
    {
        using var c = db.Open();
        return c.Query(Select + " WHERE n.account_id = @acct ORDER BY n.name", Read, null, ("acct", accountId));
    }

    public DispatchNamespace? Update(string accountId, string name, string newName, bool? trustedWorkers, string modifiedBy)
    {
        var changed = PostgresErrors.OnUniqueViolation(() => db.InChangingTransaction((c, t) => c.Execute(
            "UPDATE dispatch_namespaces SET name = @new, trusted_workers = COALESCE(@trusted::boolean, trusted_workers), " +
            "modified_on = @on, modified_by = @by WHERE account_id = @acct AND name = @name", t,
            ("new", newName), ("trusted", trustedWorkers), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            ("by", modifiedBy), ("acct", accountId), ("name", name))),
            $"A dispatch namespace named '{newName}' already exists in this account");
        return changed == 0 ? null : Get(accountId, newName);
    }

    public bool Delete(string accountId, string name) =>
        db.InChangingTransaction((c, t) => c.Execute("DELETE FROM dispatch_namespaces WHERE account_id = @acct AND name = @name", t,
            ("acct", accountId), ("name", name)) > 0);

    private const string Select =
        "SELECT n.id, n.account_id, n.name, n.trusted_workers, " +
        "(SELECT COUNT(*) FROM scripts s WHERE s.namespace_id = n.id)::integer, " +
        "n.created_on, n.created_by, n.modified_on, n.modified_by FROM dispatch_namespaces n";

    private static DispatchNamespace Read(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2),
        r.GetBoolean(3), r.GetInt32(4), r.GetTimestamp(5), r.GetString(6), r.GetTimestamp(7), r.GetString(8));
}
