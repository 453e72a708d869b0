namespace Switchyard.Storage.Accounts;

/// <summary>
/// Accounts and their API tokens. Asynchronous: the token lookup runs on every API request, and on a shared database it
/// is a network round trip.
/// </summary>
public interface IAccountStore
{
    /// <summary>Creates an account; throws <see cref="NameConflictException"/> when the id or the subdomain is taken.</summary>
    Task<Account> CreateAsync(string id, string name, string subdomain, CancellationToken ct = default);
    Task<Account?> GetAsync(string id, CancellationToken ct = default);
    Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct = default);
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>Changes the account's workers subdomain; null when the account does not exist. Throws
    /// <see cref="NameConflictException"/> when another account has that subdomain.</summary>
    Task<Account?> SetSubdomainAsync(string id, string subdomain, CancellationToken ct = default);

    /// <summary>
    /// Registers a token (given by the caller, so tests and operators can fix it) for an account; throws
    /// <see cref="NameConflictException"/> when that secret is already registered.
    /// </summary>
    Task<ApiToken> AddTokenAsync(string accountId, string name, string secret, CancellationToken ct = default);
    /// <summary>The active token whose secret is <paramref name="secret"/>, or null.</summary>
    Task<ApiToken?> FindActiveTokenAsync(string secret, CancellationToken ct = default);
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string accountId, CancellationToken ct = default);
    Task<bool> RevokeTokenAsync(string tokenId, CancellationToken ct = default);
}
