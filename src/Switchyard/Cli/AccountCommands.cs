using System.CommandLine;
using Switchyard.Storage;
using Switchyard.Storage.Accounts;

namespace Switchyard.Cli;

/// <summary><c>account</c> and <c>token</c>: manage tenants of the API directly in the stored state (data directory or PostgreSQL).</summary>
internal static class AccountCommands
{
    public static Command Accounts()
    {
        var name = new Option<string>("--name") { Description = "Display name", DefaultValueFactory = _ => "Switchyard" };
        var subdomain = new Option<string>("--subdomain") { Description = "Workers subdomain of the account", Required = true };
        var create = OnStorage(new Command("create", "Create an account with a first API token") { name, subdomain }, async (parse, storage) =>
        {
            var account = await storage.Accounts.CreateAsync(TokenSecrets.NewId(), parse.GetValue(name)!, parse.GetValue(subdomain)!);
            var secret = TokenSecrets.NewSecret();
            await storage.Accounts.AddTokenAsync(account.Id, "cli", secret);
            Console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={account.Id} CLOUDFLARE_API_TOKEN={secret}");
            return 0;
        });

        var list = OnStorage(new Command("list", "List accounts"), async (_, storage) =>
        {
            foreach (var a in await storage.Accounts.ListAsync())
                Console.WriteLine($"{a.Id}  {a.Subdomain,-20} {a.Name}");
            return 0;
        });

        var id = new Argument<string>("account-id");
        var delete = OnStorage(new Command("delete", "Delete an account and everything it owns") { id }, async (parse, storage) =>
            Report(await storage.Accounts.DeleteAsync(parse.GetValue(id)!), "account"));

        return new Command("account", "Create, list and delete accounts") { create, list, delete };
    }

    public static Command Tokens()
    {
        var account = new Option<string>("--account") { Description = "Account id", Required = true };
        var name = new Option<string>("--name") { Description = "Token name", DefaultValueFactory = _ => "cli" };
        var create = OnStorage(new Command("create", "Create an API token for an account") { account, name }, async (parse, storage) =>
        {
            var accountId = parse.GetValue(account)!;
            if (await storage.Accounts.GetAsync(accountId) is null) return Fail($"no account {accountId}");
            var secret = TokenSecrets.NewSecret();
            var token = await storage.Accounts.AddTokenAsync(accountId, parse.GetValue(name)!, secret);
            Console.WriteLine($"token id {token.Id}");
            Console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={accountId} CLOUDFLARE_API_TOKEN={secret}");
            return 0;
        });

        var listAccount = new Option<string>("--account") { Description = "Account id", Required = true };
        var list = OnStorage(new Command("list", "List an account's tokens") { listAccount }, async (parse, storage) =>
        {
            foreach (var t in await storage.Accounts.ListTokensAsync(parse.GetValue(listAccount)!))
                Console.WriteLine($"{t.Id}  {(t.IsActive ? "active " : "revoked")}  {t.Name}");
            return 0;
        });

        var id = new Argument<string>("token-id");
        var revoke = OnStorage(new Command("revoke", "Revoke a token by id") { id }, async (parse, storage) =>
            Report(await storage.Accounts.RevokeTokenAsync(parse.GetValue(id)!), "token"));

        return new Command("token", "Create, list and revoke API tokens") { create, list, revoke };
    }

    /// <summary>
    /// Gives <paramref name="command"/> the storage options (<see cref="StorageArguments"/>) and an action that opens the
    /// storage they name, runs <paramref name="action"/> on it and closes it; the action's result is the exit code.
    /// </summary>
    private static Command OnStorage(Command command, Func<ParseResult, IStorage, Task<int>> action)
    {
        var storageArguments = new StorageArguments();
        storageArguments.AddTo(command);
        command.SetAction(async parse =>
        {
            await using var storage = storageArguments.Open(parse);
            return await action(parse, storage);
        });
        return command;
    }

    private static int Report(bool done, string what) => done ? 0 : Fail($"no such {what}");

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
