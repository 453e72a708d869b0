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
    public static async Task<BootstrapResult> EnsureAccountAsync(IAccountStore accounts, ServerOptions options)
    {
        if (options.AccountId is { } fixedId && !AccountIdPattern().IsMatch(fixedId))
            throw new ArgumentException($"SWITCHYARD_ACCOUNT_ID must be 32 lower-case hex characters, got '{fixedId}'");

        var account = options.AccountId is { } id ? await accounts.GetAsync(id) : (await accounts.ListAsync()).FirstOrDefault();
        var created = account is null;
        account ??= await accounts.CreateAsync(options.AccountId ?? TokenSecrets.NewId(), "Switchyard", options.Subdomain);

        if (options.ApiToken is { } secret)
        {
            if (await accounts.FindActiveTokenAsync(secret) is null)
                await accounts.AddTokenAsync(account.Id, "bootstrap", secret);
            return new BootstrapResult(account.Id, created ? secret : null);
        }
        if (!created) return new BootstrapResult(account.Id, null);

        var token = TokenSecrets.NewSecret();
        await accounts.AddTokenAsync(account.Id, "bootstrap", token);
        return new BootstrapResult(account.Id, token);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex AccountIdPattern();
}
