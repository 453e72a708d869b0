using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Accounts;

/// <summary>What `wrangler whoami` and commands without CLOUDFLARE_ACCOUNT_ID read.</summary>
public sealed class AccountDiscoveryTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Token_verifies_as_active()
    {
        var result = (await server.Api.GetApiAsync("user/tokens/verify")).AssertOk()!;
        Assert.Equal("active", (string?)result["status"]);
    }

    [Fact]
    public async Task Accounts_and_memberships_name_the_tokens_account()
    {
        var accounts = (await server.Api.GetApiAsync("accounts?page=1")).AssertOk()!.AsArray();
        var memberships = (await server.Api.GetApiAsync("memberships?page=1")).AssertOk()!.AsArray();
        Assert.Equal(TestServer.AccountId, (string?)Assert.Single(accounts)!["id"]);
        Assert.Equal(TestServer.AccountId, (string?)Assert.Single(memberships)!["account"]!["id"]);
        Assert.False(string.IsNullOrEmpty((string?)(await server.Api.GetApiAsync("user")).AssertOk()!["email"]));
    }

    [Fact]
    public async Task Pages_past_the_end_are_empty()
    {
        var response = await server.Api.GetApiAsync("accounts?page=2&per_page=1");
        Assert.Empty(response.AssertOk()!.AsArray());
        Assert.Equal(1, (int?)response.Body["result_info"]!["total_count"]);
    }
}
