using Microsoft.Data.Sqlite;
using Switchyard.Storage.Accounts;
using static Switchyard.Storage.Rows.AccountRowReaders;

namespace Switchyard.Storage.Sqlite;

/// <summary>Accounts and token hashes in the embedded database; the work is synchronous (see <see cref="CompletedTasks"/>).</summary>
public sealed class SqliteAccountStore(SqliteDatabase db, TimeProvider clock) : IAccountStore
{
    public Task<Account> CreateAsync(string id, string name, string subdomain, CancellationToken ct = default) =>
        CompletedTasks.Run(() => Create(id, name, subdomain));
    public Task<Account?> GetAsync(string id, CancellationToken ct = default) => CompletedTasks.Run(() => Get(id));
    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct = default) => CompletedTasks.Run(List);
    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) => CompletedTasks.Run(() => Delete(id));
    public Task<Account?> SetSubdomainAsync(string id, string subdomain, CancellationToken ct = default) =>
        CompletedTasks.Run(() => SetSubdomain(id, subdomain));
    public Task<ApiToken> AddTokenAsync(string accountId, string name, string secret, CancellationToken ct = default) =>
        CompletedTasks.Run(() => AddToken(accountId, name, secret));
    public Task<ApiToken?> FindActiveTokenAsync(string secret, CancellationToken ct = default) => CompletedTasks.Run(() => FindActiveToken(secret));
    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string accountId, CancellationToken ct = default) =>
        CompletedTasks.Run(() => ListTokens(accountId));
    public Task<bool> RevokeTokenAsync(string tokenId, CancellationToken ct = default) => CompletedTasks.Run(() => RevokeToken(tokenId));

    private Account Create(string id, string name, string subdomain)
    {
        var account = new Account(id, name, subdomain, clock.GetUtcNow());
        using var c = db.Open();
        SqliteErrors.OnUniqueViolation(() => c.Execute("INSERT INTO accounts (id, name, subdomain, created_on) VALUES ($id, $name, $sub, $on)", null,
            ("$id", id), ("$name", name), ("$sub", subdomain), ("$on", account.CreatedOn.ToUnixTimeMilliseconds())),
            $"An account with the id '{id}' or the subdomain '{subdomain}' already exists");
        return account;
    }

    private Account? Get(string id)
    {
        using var c = db.Open();
        return c.QuerySingle(AccountColumns + " WHERE id = $id", ReadAccount, null, ("$id", id));
    }

    private IReadOnlyList<Account> List()
    {
        using var c = db.Open();
        return c.Query(AccountColumns + " ORDER BY created_on, id", ReadAccount);
    }

    private bool Delete(string id)
    {
        using var c = db.Open();
        return c.Execute("DELETE FROM accounts WHERE id = $id", null, ("$id", id)) > 0;
    }

    private Account? SetSubdomain(string id, string subdomain)
    {
        using var c = db.Open();
        var changed = SqliteErrors.OnUniqueViolation(
            () => c.Execute("UPDATE accounts SET subdomain = $sub WHERE id = $id", null, ("$sub", subdomain), ("$id", id)),
            $"The subdomain '{subdomain}' is already taken");
        return changed == 0 ? null : Get(id);
    }

    private ApiToken AddToken(string accountId, string name, string secret)
    {
        var token = new ApiToken(TokenSecrets.NewId(), accountId, name, clock.GetUtcNow(), null);
        using var c = db.Open();
        SqliteErrors.OnUniqueViolation(() => c.Execute("INSERT INTO api_tokens (id, account_id, name, token_hash, created_on) VALUES ($id, $acct, $name, $hash, $on)", null,
            ("$id", token.Id), ("$acct", accountId), ("$name", name), ("$hash", TokenSecrets.Hash(secret)),
            ("$on", token.CreatedOn.ToUnixTimeMilliseconds())), "This token is already registered");
        return token;
    }

    private ApiToken? FindActiveToken(string secret)
    {
        using var c = db.Open();
        return c.QuerySingle(TokenColumns + " WHERE token_hash = $hash AND revoked_on IS NULL", ReadToken, null,
            ("$hash", TokenSecrets.Hash(secret)));
    }

    private IReadOnlyList<ApiToken> ListTokens(string accountId)
    {
        using var c = db.Open();
        return c.Query(TokenColumns + " WHERE account_id = $acct ORDER BY created_on", ReadToken, null, ("$acct", accountId));
    }

    private bool RevokeToken(string tokenId)
    {
        using var c = db.Open();
        return c.Execute("UPDATE api_tokens SET revoked_on = $on WHERE id = $id AND revoked_on IS NULL", null,
            ("$on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$id", tokenId)) > 0;
    }
}
