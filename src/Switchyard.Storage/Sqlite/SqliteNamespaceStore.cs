using Microsoft.Data.Sqlite;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Sqlite;

public sealed class SqliteNamespaceStore(SqliteDatabase db, TimeProvider clock) : INamespaceStore
{
    // SQLite's work is synchronous and local: it runs inline and its outcome comes back as a completed task (CompletedTasks).
    public Task<DispatchNamespace> CreateAsync(string accountId, string name, string createdBy, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Create(accountId, name, createdBy));
    public Task<DispatchNamespace?> GetAsync(string accountId, string name, CancellationToken ct = default) => CompletedTasks.Run(() => Get(accountId, name));
    public Task<IReadOnlyList<DispatchNamespace>> ListAsync(string accountId, CancellationToken ct = default) => CompletedTasks.Run(() => List(accountId));
    public Task<DispatchNamespace?> UpdateAsync(string accountId, string name, string newName, bool? trustedWorkers, string modifiedBy,
        CancellationToken ct = default) => CompletedTasks.Run(() => Update(accountId, name, newName, trustedWorkers, modifiedBy));
    public Task<bool> DeleteAsync(string accountId, string name, CancellationToken ct = default) => CompletedTasks.Run(() => Delete(accountId, name));

    private DispatchNamespace Create(string accountId, string name, string createdBy)
    {
        var now = clock.GetUtcNow().TruncatedToMilliseconds();
        var id = Guid.NewGuid().ToString("D");
        using var c = db.Open();
        SqliteErrors.OnUniqueViolation(() => c.Execute(
            "INSERT INTO dispatch_namespaces (id, account_id, name, trusted_workers, created_on, created_by, modified_on, modified_by) " +
            "VALUES ($id, $acct, $name, 0, $on, $by, $on, $by)", null,
            ("$id", id), ("$acct", accountId), ("$name", name), ("$on", now.ToUnixTimeMilliseconds()), ("$by", createdBy)),
            $"A dispatch namespace named '{name}' already exists in this account");
        return new DispatchNamespace(id, accountId, name, false, 0, now, createdBy, now, createdBy);
    }

    private DispatchNamespace? Get(string accountId, string name)
    {
        using var c = db.Open();
        return c.QuerySingle(Select + " WHERE n.account_id = $acct AND n.name = $name", ReadNamespace, null, ("$acct", accountId), ("$name", name));
    }

    private IReadOnlyList<DispatchNamespace> List(string accountId)
    {
        using var c = db.Open();
        return c.Query(Select + " WHERE n.account_id = $acct ORDER BY n.name", ReadNamespace, null, ("$acct", accountId));
    }

    private DispatchNamespace? Update(string accountId, string name, string newName, bool? trustedWorkers, string modifiedBy)
    {
        using var c = db.Open();
        var changed = SqliteErrors.OnUniqueViolation(() => c.Execute(
            "UPDATE dispatch_namespaces SET name = $new, trusted_workers = COALESCE($trusted, trusted_workers), " +
            "modified_on = $on, modified_by = $by WHERE account_id = $acct AND name = $name", null,
            ("$new", newName), ("$trusted", trustedWorkers), ("$on", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            ("$by", modifiedBy), ("$acct", accountId), ("$name", name)),
            $"A dispatch namespace named '{newName}' already exists in this account");
        return changed == 0 ? null : Get(accountId, newName);
    }

    private bool Delete(string accountId, string name)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM dispatch_namespaces WHERE account_id = $acct AND name = $name", null,
            ("$acct", accountId), ("$name", name)) > 0;
    }

    private const string Select =
        "SELECT n.id, n.account_id, n.name, n.trusted_workers, " +
        "(SELECT COUNT(*) FROM scripts s WHERE s.namespace_id = n.id), " +
        "n.created_on, n.created_by, n.modified_on, n.modified_by FROM dispatch_namespaces n";
}
