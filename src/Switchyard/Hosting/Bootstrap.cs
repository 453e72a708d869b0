using System.Text.RegularExpressions;
using Switchyard.Storage.Accounts;

namespace Switchyard.Hosting;

/// <summary>What the first start created; the token secret is shown once because only its hash is kept.</summary>
public sealed record BootstrapResult(string AccountId, string? NewToken);

/// <summary>
/// Makes sure an account and a token exist. On an empty data dir it creates both (with the ids the operator fixed,
/// if any); a fixed token that is not registered yet is added, so a restart with the same variables keeps working.
/// </summary>
public static partial class Bootstrap
{
    public static BootstrapResult EnsureAccount(IAccountStore accounts, ServerOptions options)
    {
        if (options.AccountId is { } fixedId && !AccountIdPattern().IsMatch(fixedId))
            throw new ArgumentException($"SWITCHYARD_ACCOUNT_ID must be 32 lower-case hex characters, got '{fixedId}'");

        var account = options.AccountId is { } id ? accounts.Get(id) : accounts.List().FirstOrDefault();
        var created = account is null;
        account ??= accounts.Create(options.AccountId ?? TokenSecrets.NewId(), "Switchyard", options.Subdomain);

        if (options.ApiToken is { } secret)
        {
            if (accounts.FindActiveToken(secret) is null)
                accounts.AddToken(account.Id, "bootstrap", secret);
            return new BootstrapResult(account.Id, created ? secret : null);
        }
        if (!created) return new BootstrapResult(account.Id, null);

        var token = TokenSecrets.NewSecret();
        accounts.AddToken(account.Id, "bootstrap", token);
        return new BootstrapResult(account.Id, token);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex AccountIdPattern();
}
