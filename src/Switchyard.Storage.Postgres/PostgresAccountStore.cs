using Npgsql;
using Switchyard.Storage.Accounts;
using static Switchyard.Storage.Rows.AccountRowReaders;

namespace Switchyard.Storage.Postgres;

/// <summary>Accounts and their API tokens; tokens are stored as SHA-256 hashes only, as in the SQLite store.</summary>
public sealed class PostgresAccountStore(PostgresDatabase db, TimeProvider clock) : IAccountStore
{
    // Accounts change what the edge's cached lookups answer (subdomains, and everything an account owns), so their
    // writes bump the change counter; tokens do not.
    public async Task<Account> CreateAsync(string id, string name, string subdomain, CancellationToken ct = default)
    {
        var account = new Account(id, name, subdomain, clock.GetUtcNow().TruncatedToMilliseconds());
        await PostgresErrors.OnUniqueViolationAsync(() => db.InChangingTransactionAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO accounts (id, name, subdomain, created_on) VALUES (@id, @name, @sub, @on)", t, ct,
            ("id", id), ("name", name), ("sub", subdomain), ("on", account.CreatedOn.ToUnixTimeMilliseconds())), ct),
            $"An account with the id '{id}' or the subdomain '{subdomain}' already exists");
        return account;
    }

    public async Task<Account?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync(AccountColumns + " WHERE id = @id", ReadAccount, null, ct, ("id", id))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(AccountColumns + " ORDER BY created_on, id", ReadAccount, null, ct);
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default) =>
        await db.InChangingTransactionAsync((c, t) => c.ExecuteAsync("DELETE FROM accounts WHERE id = @id", t, ct, ("id", id)), ct) > 0;

    public async Task<Account?> SetSubdomainAsync(string id, string subdomain, CancellationToken ct = default)
    {
        try
        {
            var updated = await db.InChangingTransactionAsync((c, t) => c.QueryAsync(
                "UPDATE accounts SET subdomain = @sub WHERE id = @id RETURNING id, name, subdomain, created_on", ReadAccount, t, ct,
                ("sub", subdomain), ("id", id)), ct);
            return updated.FirstOrDefault();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new NameConflictException($"The subdomain '{subdomain}' is already taken");
        }
    }

    public async Task<ApiToken> AddTokenAsync(string accountId, string name, string secret, CancellationToken ct = default)
    {
        var token = new ApiToken(TokenSecrets.NewId(), accountId, name, clock.GetUtcNow().TruncatedToMilliseconds(), null);
        await using var c = await db.OpenAsync(ct);
        await PostgresErrors.OnUniqueViolationAsync(() => c.ExecuteAsync(
            "INSERT INTO api_tokens (id, account_id, name, token_hash, created_on) VALUES (@id, @acct, @name, @hash, @on)", null, ct,
            ("id", token.Id), ("acct", accountId), ("name", name), ("hash", TokenSecrets.Hash(secret)),
            ("on", token.CreatedOn.ToUnixTimeMilliseconds())), "This token is already registered");
        return token;
    }

    public async Task<ApiToken?> FindActiveTokenAsync(string secret, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync(TokenColumns + " WHERE token_hash = @hash AND revoked_on IS NULL", ReadToken, null, ct,
            ("hash", TokenSecrets.Hash(secret)))).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ApiToken>> ListTokensAsync(string accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QueryAsync(TokenColumns + " WHERE account_id = @acct ORDER BY created_on, id", ReadToken, null, ct, ("acct", accountId));
    }

    public async Task<bool> RevokeTokenAsync(string tokenId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE api_tokens SET revoked_on = @on WHERE id = @id AND revoked_on IS NULL", null, ct,
            ("on", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("id", tokenId)) > 0;
    }
}
