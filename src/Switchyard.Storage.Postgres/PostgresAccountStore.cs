using Npgsql;
using Switchyard.Storage.Accounts;

namespace Switchyard.Storage.Postgres;

/// <summary>Accounts and their API tokens; tokens are stored as SHA-256 hashes only, as in the SQLite store.</summary>
public sealed class PostgresAccountStore(PostgresDatabase db, TimeProvider clock) : IAccountStore
{
    public Account Create(string id, string name, string subdomain)
    {
        var account = new Account(id, name, subdomain, clock.GetUtcNow().TruncatedToMilliseconds());
        db.InChangingTransaction((c, t) => c.Execute("INSERT INTO accounts (id, name, subdomain, created_on) VALUES (@id, @name, @sub, @on)", t,
            ("id", id), ("name", name), ("sub", subdomain), ("on", account.CreatedOn.ToUnixTimeMilliseconds())));
        return account;
    }

    public Account? Get(string id)
    {
        using var c = db.Open();
        return c.QuerySingle("SELECT id, name, subdomain, created_on FROM accounts WHERE id = @id", ReadAccount, null, ("id", id));
    }

    public IReadOnlyList<Account> List()
    {
        using var c = db.Open();
        return c.Query("SELECT id, name, subdomain, created_on FROM accounts ORDER BY created_on, id", ReadAccount);
    }

    public bool Delete(string id) =>
        db.InChangingTransaction((c, t) => c.Execute("DELETE FROM accounts WHERE id = @id", t, ("id", id)) > 0);

    public Account? SetSubdomain(string id, string subdomain)
    {
        var changed = PostgresErrors.OnUniqueViolation(
            () => db.InChangingTransaction((c, t) =>
                c.Execute("UPDATE accounts SET subdomain = @sub WHERE id = @id", t, ("sub", subdomain), ("id", id))),
            $"The subdomain '{subdomain}' is already taken");
        return changed == 0 ? null : Get(id);
    }

    public ApiToken AddToken(string accountId, string name, string secret)
    {
        var token = new ApiToken(TokenSecrets.NewId(), accountId, name, clock.GetUtcNow().TruncatedToMilliseconds(), null);
        using var c = db.Open();
        c.Execute("INSERT INTO api_tokens (id, account_id, name, token_hash, created_on) VALUES (@id, @acct, @name, @hash, @on)", null,
            ("id", token.Id), ("acct", accountId), ("name", name), ("hash", TokenSecrets.Hash(secret)),
            ("on", token.CreatedOn.ToUnixTimeMilliseconds()));
        return token;
    }

    public ApiToken? FindActiveToken(string secret)
    {
        using var c = db.Open();
        return c.QuerySingle(TokenColumns + " WHERE token_hash = @hash AND revoked_on IS NULL", ReadToken, null,
            ("hash", TokenSecrets.Hash(secret)));
    }

    public IReadOnlyList<ApiToken> ListTokens(string accountId)
    {
        using var c = db.Open();
        return c.Query(TokenColumns + " WHERE account_id = @acct ORDER BY created_on, id", ReadToken, null, ("acct", accountId));
    }

    public bool RevokeToken(string tokenId)
    {
        using var c = db.Open();
        return c.Execute("UPDATE api_tokens SET revoked_on = @on WHERE id = @id AND revoked_on IS NULL", null,
            ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("id", tokenId)) > 0;
    }

    private const string TokenColumns = "SELECT id, account_id, name, created_on, revoked_on FROM api_tokens";

    private static Account ReadAccount(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3));

    private static ApiToken ReadToken(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3),
        r.IsDBNull(4) ? null : r.GetTimestamp(4));
}
