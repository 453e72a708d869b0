using System.CommandLine;
using Switchyard.Storage.Accounts;

namespace Switchyard.Cli;

/// <summary><c>account</c> and <c>token</c>: manage tenants of the API directly in the stored state (data directory or PostgreSQL).</summary>
internal static class AccountCommands
{
    public static Command Accounts()
    {
        var command = new Command("account", "Create, list and delete accounts");

        var data = new StorageArguments();
        var name = new Option<string>("--name") { Description = "Display name", DefaultValueFactory = _ => "Switchyard" };
        var subdomain = new Option<string>("--subdomain") { Description = "Workers subdomain of the account", Required = true };
        var create = new Command("create", "Create an account with a first API token") { name, subdomain };
        data.AddTo(create);
        create.SetAction(async parse =>
        {
            await using var storage = data.Open(parse);
            var account = await storage.Accounts.CreateAsync(TokenSecrets.NewId(), parse.GetValue(name)!, parse.GetValue(subdomain)!);
            var secret = TokenSecrets.NewSecret();
            await storage.Accounts.AddTokenAsync(account.Id, "cli", secret);
            Console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={account.Id} CLOUDFLARE_API_TOKEN={secret}");
        });

        var listData = new StorageArguments();
        var list = new Command("list", "List accounts");
        listData.AddTo(list);
        list.SetAction(async parse =>
        {
            await using var storage = listData.Open(parse);
            foreach (var a in await storage.Accounts.ListAsync())
                Console.WriteLine($"{a.Id}  {a.Subdomain,-20} {a.Name}");
        });

        var deleteData = new StorageArguments();
        var id = new Argument<string>("account-id");
        var delete = new Command("delete", "Delete an account and everything it owns") { id };
        deleteData.AddTo(delete);
        delete.SetAction(async parse =>
        {
            await using var storage = deleteData.Open(parse);
            return Report(await storage.Accounts.DeleteAsync(parse.GetValue(id)!), "account");
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(delete);
        return command;
    }

    public static Command Tokens()
    {
        var command = new Command("token", "Create, list and revoke API tokens");

        var data = new StorageArguments();
        var account = new Option<string>("--account") { Description = "Account id", Required = true };
        var name = new Option<string>("--name") { Description = "Token name", DefaultValueFactory = _ => "cli" };
        var create = new Command("create", "Create an API token for an account") { account, name };
        data.AddTo(create);
        create.SetAction(async parse =>
        {
            await using var storage = data.Open(parse);
            var accountId = parse.GetValue(account)!;
            if (await storage.Accounts.GetAsync(accountId) is null) return Fail($"no account {accountId}");
            var secret = TokenSecrets.NewSecret();
            var token = await storage.Accounts.AddTokenAsync(accountId, parse.GetValue(name)!, secret);
            Console.WriteLine($"token id {token.Id}");
            Console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={accountId} CLOUDFLARE_API_TOKEN={secret}");
            return 0;
        });

        var listData = new StorageArguments();
        var listAccount = new Option<string>("--account") { Description = "Account id", Required = true };
        var list = new Command("list", "List an account's tokens") { listAccount };
        listData.AddTo(list);
        list.SetAction(async parse =>
        {
            await using var storage = listData.Open(parse);
            foreach (var t in await storage.Accounts.ListTokensAsync(parse.GetValue(listAccount)!))
                Console.WriteLine($"{t.Id}  {(t.IsActive ? "active " : "revoked")}  {t.Name}");
        });

        var revokeData = new StorageArguments();
        var id = new Argument<string>("token-id");
        var revoke = new Command("revoke", "Revoke a token by id") { id };
        revokeData.AddTo(revoke);
        revoke.SetAction(async parse =>
        {
            await using var storage = revokeData.Open(parse);
            return Report(await storage.Accounts.RevokeTokenAsync(parse.GetValue(id)!), "token");
        });

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(revoke);
        return command;
    }

    private static int Report(bool done, string what) => done ? 0 : Fail($"no such {what}");

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
