using System.Net;
using System.Text.RegularExpressions;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// <c>switchyard account</c> and <c>switchyard token</c> (README, operations.md): the real executable run against a data
/// directory or a PostgreSQL database while the real server serves the same state, so each command's effect is checked
/// where it matters, at the API (a created token authenticates, a revoked one or a deleted account's does not).
/// </summary>
public sealed partial class AccountCliTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "switchyard-cli-" + Guid.NewGuid().ToString("N"));
    private PostgresServer? _postgres;
    private string? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null) await _postgres!.DropDatabaseAsync(_database);
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Accounts_and_tokens_made_by_the_cli_are_what_the_api_accepts(string backend)
    {
        if (backend == "postgres")
        {
            _postgres = await PostgresServer.SharedAsync();
            _database = await _postgres.CreateDatabaseAsync("cli");
        }
        await using var server = await ServerProcess.StartAsync(_dataDir, _database);

        var created = await CliAsync("account", "create", "--subdomain", "acme-cli", "--name", "Acme Ltd");
        var (accountId, firstSecret) = Exported(created);
        Assert.Matches("^[0-9a-f]{32}$", accountId);
        var listed = await CliAsync("account", "list");
        Assert.Contains(listed.Lines, l => l.StartsWith(accountId) && l.Contains("acme-cli") && l.EndsWith("Acme Ltd"));
        var verified = (await VerifyAsync(server, firstSecret)).AssertOk()!;
        Assert.Equal("active", (string?)verified["status"]);
        var accounts = (await ApiAsync(server, firstSecret, "accounts")).AssertOk()!.AsArray();
        Assert.Equal(accountId, (string?)Assert.Single(accounts)!["id"]);

        var second = await CliAsync("token", "create", "--account", accountId, "--name", "ci");
        string tokenId = TokenIdLine().Match(second.Lines[0]) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException(second.Output);
        var (sameAccount, secondSecret) = Exported(second);
        Assert.Equal(accountId, sameAccount);
        Assert.NotEqual(firstSecret, secondSecret);
        (await VerifyAsync(server, secondSecret)).AssertOk();
        var tokens = (await CliAsync("token", "list", "--account", accountId)).Lines;
        Assert.Equal(2, tokens.Length);
        Assert.Contains(tokens, l => l.StartsWith(tokenId) && l.Contains("active") && l.EndsWith("ci"));

        await CliAsync("token", "revoke", tokenId);
        (await VerifyAsync(server, secondSecret)).AssertError(HttpStatusCode.Unauthorized, 10000);
        (await VerifyAsync(server, firstSecret)).AssertOk();
        Assert.Contains((await CliAsync("token", "list", "--account", accountId)).Lines, l => l.StartsWith(tokenId) && l.Contains("revoked"));

        await CliAsync("account", "delete", accountId);
        (await VerifyAsync(server, firstSecret)).AssertError(HttpStatusCode.Unauthorized, 10000);
        Assert.DoesNotContain((await CliAsync("account", "list")).Lines, l => l.StartsWith(accountId));
    }

    [Fact]
    public async Task What_does_not_exist_is_refused_with_exit_code_1_and_a_message()
    {
        var noAccount = await CliAsync(expectedExit: 1, "token", "create", "--account", "0000000000000000000000000000beef");
        Assert.Contains("no account 0000000000000000000000000000beef", noAccount.Errors);
        Assert.Empty(noAccount.Output);
        Assert.Contains("no such token", (await CliAsync(expectedExit: 1, "token", "revoke", "no-such-token")).Errors);
        Assert.Contains("no such account", (await CliAsync(expectedExit: 1, "account", "delete", "0000000000000000000000000000beef")).Errors);
        Assert.Empty((await CliAsync("account", "list")).Lines);
    }

    private Task<SwitchyardCli.Run> CliAsync(params string[] args) => CliAsync(0, args);

    /// <summary>Runs <c>switchyard ARGS --data DIR [--postgres …]</c> and checks its exit code.</summary>
    private async Task<SwitchyardCli.Run> CliAsync(int expectedExit, params string[] args)
    {
        string[] storage = _database is null ? ["--data", _dataDir] : ["--data", _dataDir, "--postgres", _database];
        var run = await SwitchyardCli.RunAsync([.. args, .. storage], unset: "SWITCHYARD_POSTGRES");
        Assert.True(run.ExitCode == expectedExit,
            $"switchyard {string.Join(' ', args)}: exit {run.ExitCode}, expected {expectedExit}\n{run.Output}\n{run.Errors}");
        return run;
    }

    /// <summary>The <c>export CLOUDFLARE_ACCOUNT_ID=… CLOUDFLARE_API_TOKEN=…</c> line a create prints, as wrangler's environment.</summary>
    private static (string AccountId, string Secret) Exported(SwitchyardCli.Run run)
    {
        Match m = ExportLine().Match(run.Output);
        Assert.True(m.Success, run.Output);
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static Task<ApiResponse> VerifyAsync(ServerProcess server, string secret) => ApiAsync(server, secret, "user/tokens/verify");

    private static async Task<ApiResponse> ApiAsync(ServerProcess server, string secret, string path)
    {
        using var client = new HttpClient { BaseAddress = server.Api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        return await client.GetApiAsync(path);
    }

    [GeneratedRegex(@"^export CLOUDFLARE_ACCOUNT_ID=(\S+) CLOUDFLARE_API_TOKEN=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();

    [GeneratedRegex(@"^token id (\S+)$")]
    private static partial Regex TokenIdLine();
}
