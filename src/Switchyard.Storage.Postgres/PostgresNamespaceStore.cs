using Npgsql;
using Switchyard.Storage.Scripts;
using static Switchyard.Storage.Rows.ScriptRowReaders;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresNamespaceStore(PostgresDatabase db, TimeProvider clock) : INamespaceStore
{
    public async Task<DispatchNamespace> CreateAsync(string accountId, string name, string createdBy, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().TruncatedToMilliseconds();
        var id = Guid.NewGuid().ToString("D");
        await PostgresErrors.OnUniqueViolationAsync(() => db.InChangingTransactionAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO dispatch_namespaces (id, account_id, name, trusted_workers, created_on, created_by, modified_on, modified_by) " +
            "VALUES (@id, @acct, @name, false, @on, @by, @on, @by)", t, ct,
            ("id", id), ("acct", accountId), ("name", name), ("on", now.ToUnixTimeMilliseconds()), ("by", createdBy)), ct),
            $"A dispatch namespace named '{name}' already exists in this account");
        return new DispatchNamespace(id, accountId, name, false, 0, now, createdBy, now, createdBy);
    }

    public async Task<DispatchNamespace?> GetAsync(string accountId, string name, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync(Select + " WHERE n.account_id = @acct AND n.name = @name", ReadNamespace, null, ct, ("acct", accountId), ("name", name));
    }

    public async Task<IReadOnlyList<DispatchNamespace>> ListAsync(string accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(Select + " WHERE n.account_id = @acct ORDER BY n.name", ReadNamespace, null, ct, ("acct", accountId));
    }

    public async Task<DispatchNamespace?> UpdateAsync(string accountId, string name, string newName, bool? trustedWorkers, string modifiedBy,
        CancellationToken ct = default)
    {
        var changed = await PostgresErrors.OnUniqueViolationAsync(() => db.InChangingTransactionAsync((c, t) => c.ExecuteAsync(
            "UPDATE dispatch_namespaces SET name = @new, trusted_workers = COALESCE(@trusted::boolean, trusted_workers), " +
            "modified_on = @on, modified_by = @by WHERE account_id = @acct AND name = @name", t, ct,
            ("new", newName), ("trusted", trustedWorkers), ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()),
            ("by", modifiedBy), ("acct", accountId), ("name", name)), ct),
            $"A dispatch namespace named '{newName}' already exists in this account");
        return changed == 0 ? null : await GetAsync(accountId, newName, ct);
    }

    public async Task<bool> DeleteAsync(string accountId, string name, CancellationToken ct = default) =>
        await db.InChangingTransactionAsync((c, t) => c.ExecuteAsync("DELETE FROM dispatch_namespaces WHERE account_id = @acct AND name = @name", t, ct,
            ("acct", accountId), ("name", name)), ct) > 0;

    private const string Select =
        "SELECT n.id, n.account_id, n.name, n.trusted_workers, " +
        "(SELECT COUNT(*) FROM scripts s WHERE s.namespace_id = n.id)::integer, " +
        "n.created_on, n.created_by, n.modified_on, n.modified_by FROM dispatch_namespaces n";
}
