namespace Switchyard.Storage.Accounts;

public interface IAccountStore
{
    Account Create(string id, string name, string subdomain);
    Account? Get(string id);
    IReadOnlyList<Account> List();
    bool Delete(string id);

    /// <summary>Changes the account's workers subdomain; null when the account does not exist. Throws
    /// <see cref="NameConflictException"/> when another account has that subdomain.</summary>
    Account? SetSubdomain(string id, string subdomain);

    /// <summary>Registers a token (given by the caller, so tests and operators can fix it) for an account.</summary>
    ApiToken AddToken(string accountId, string name, string secret);
    /// <summary>The active token whose secret is <paramref name="secret"/>, or null.</summary>
    ApiToken? FindActiveToken(string secret);
    IReadOnlyList<ApiToken> ListTokens(string accountId);
    bool RevokeToken(string tokenId);
}
