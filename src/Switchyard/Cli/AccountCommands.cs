using System.CommandLine;
using Switchyard.Storage;
using Switchyard.Storage.Accounts;

namespace Switchyard.Cli;

/// <summary><c>account</c> and <c>token</c>: manage tenants of the API directly in the data directory.</summary>
internal static class AccountCommands
{
    public static Command Accounts()
    {
        var command = new Command("account", "Create, list and delete accounts");

        var data = CommonOptions.Data();
        var name = new Option<string>("--name") { Description = "Display name", DefaultValueFactory = _ => "Switchyard" };
        var subdomain = new Option<string>("--subdomain") { Description = "Workers subdomain of the account", Required = true };
        var create = new Command("create", "Create an account with a first API token") { data, name, subdomain };
        create.SetAction(parse =>
        {
            var storage = new EmbeddedStorage(parse.GetValue(data)!);
            var account = storage.Accounts.Create(TokenSecrets.NewId(), parse.GetValue(name)!, parse.GetValue(subdomain)!);
            var secret = TokenSecrets.NewSecret();
            storage.Accounts.AddToken(account.Id, "cli", secret);
            Console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={account.Id} CLOUDFLARE_API_TOKEN={secret}");
        });

        var listData = CommonOptions.Data();
        var list = new Command("list", "List accounts") { listData };
        list.SetAction(parse =>
        {
            foreach (var a in new EmbeddedStorage(parse.GetValue(listData)!).Accounts.List())
                Console.WriteLine($"{a.Id}  {a.Subdomain,-20} {a.Name}");
        });

        var deleteData = CommonOptions.Data();
        var id = new Argument<string>("account-id");
        var delete = new Command("delete", "Delete an account and everything it owns") { deleteData, id };
        delete.SetAction(parse => Report(new EmbeddedStorage(parse.GetValue(deleteData)!).Accounts.Delete(parse.GetValue(id)!), "account"));

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(delete);
        return command;
    }

    public static Command Tokens()
    {
        var command = new Command("token", "Create, list and revoke API tokens");

        var data = CommonOptions.Data();
        var account = new Option<string>("--account") { Description = "Account id", Required = true };
        var name = new Option<string>("--name") { Description = "Token name", DefaultValueFactory = _ => "cli" };
        var create = new Command("create", "Create an API token for an account") { data, account, name };
        create.SetAction(parse =>
        {
            var storage = new EmbeddedStorage(parse.GetValue(data)!);
            var accountId = parse.GetValue(account)!;
            if (storage.Accounts.Get(accountId) is null) return Fail($"no account {accountId}");
            var secret = TokenSecrets.NewSecret();
            var token = storage.Accounts.AddToken(accountId, parse.GetValue(name)!, secret);
            Console.WriteLine($"token id {token.Id}");
            Console.WriteLine($"export CLOUDFLARE_ACCOUNT_ID={accountId} CLOUDFLARE_API_TOKEN={secret}");
            return 0;
        });

        var listData = CommonOptions.Data();
        var listAccount = new Option<string>("--account") { Description = "Account id", Required = true };
        var list = new Command("list", "List an account's tokens") { listData, listAccount };
        list.SetAction(parse =>
        {
            foreach (var t in new EmbeddedStorage(parse.GetValue(listData)!).Accounts.ListTokens(parse.GetValue(listAccount)!))
                Console.WriteLine($"{t.Id}  {(t.IsActive ? "active " : "revoked")}  {t.Name}");
        });

        var revokeData = CommonOptions.Data();
        var id = new Argument<string>("token-id");
        var revoke = new Command("revoke", "Revoke a token by id") { revokeData, id };
        revoke.SetAction(parse => Report(new EmbeddedStorage(parse.GetValue(revokeData)!).Accounts.RevokeToken(parse.GetValue(id)!), "token"));

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
