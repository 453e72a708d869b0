using System.Text.RegularExpressions;
using Switchyard.Storage;
using Switchyard.Storage.Accounts;

namespace Switchyard.Hosting;

/// <summary>
/// What the start found or made: <paramref name="NewToken"/> is a token secret this start generated (shown once, since
/// only its hash is kept); <paramref name="Created"/>, whether it created the account (with a generated token, or with
/// the one the operator fixed, which is never printed: it would end up in the service's log).
/// </summary>
public sealed record BootstrapResult(string AccountId, string? NewToken, bool Created);

/// <summary>
/// Makes sure an account and a token exist. On an empty data dir it creates both (with the ids the operator fixed,
/// if any); a fixed token that is not registered yet is added, so a restart with the same variables keeps working.
/// Nodes sharing one database may start together: the one whose write loses finds the winner's account and token.
/// </summary>
public static partial class Bootstrap
{
    public static async Task<BootstrapResult> EnsureAccountAsync(IAccountStore accounts, ServerOptions options)
    {
        if (options.AccountId is { } fixedId && !AccountIdPattern().IsMatch(fixedId))
            throw new ArgumentException($"SWITCHYARD_ACCOUNT_ID must be 32 lower-case hex characters, got '{fixedId}'");

        async Task<Account?> ExistingAsync() =>
            options.AccountId is { } id ? await accounts.GetAsync(id) : (await accounts.ListAsync()).FirstOrDefault();
        var account = await ExistingAsync();
        var created = account is null;
        if (account is null)
        {
            try { account = await accounts.CreateAsync(options.AccountId ?? TokenSecrets.NewId(), "Switchyard", options.Subdomain); }
            catch (NameConflictException)
            {
                // Another node starting on the same database created it first.
                account = await ExistingAsync();
                if (account is null) throw;
                created = false;
            }
        }

        if (options.ApiToken is { } secret)
        {
            if (await accounts.FindActiveTokenAsync(secret) is null)
            {
                try { await accounts.AddTokenAsync(account.Id, "bootstrap", secret); }
                catch (NameConflictException)
                {
                    if (await accounts.FindActiveTokenAsync(secret) is null) throw; // else another node registered it meanwhile
                }
            }
            return new BootstrapResult(account.Id, null, created);
        }
        if (!created) return new BootstrapResult(account.Id, null, false);

        var token = TokenSecrets.NewSecret();
        await accounts.AddTokenAsync(account.Id, "bootstrap", token);
        return new BootstrapResult(account.Id, token, true);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex AccountIdPattern();
}
