using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Accounts;

public sealed class AuthenticationTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Missing_authorization_header_is_refused_with_9106()
    {
        using var anonymous = server.CreateApiClient(null);
        var response = await anonymous.GetApiAsync("user/tokens/verify");
        response.AssertError(HttpStatusCode.BadRequest, 9106);
    }

    [Fact]
    public async Task Unknown_token_is_refused_with_401()
    {
        using var stranger = server.CreateApiClient("not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaa");
        var response = await stranger.GetApiAsync("user/tokens/verify");
        Assert.Contains("Invalid API Token", response.AssertError(HttpStatusCode.Unauthorized, 10000));
    }

    [Fact]
    public async Task Token_of_one_account_cannot_reach_another_account()
    {
        var response = await server.Api.GetApiAsync("accounts/ffffffffffffffffffffffffffffffff");
        response.AssertError(HttpStatusCode.Forbidden, 10000);
    }

    [Fact]
    public async Task Revoked_token_stops_working()
    {
        const string secret = "revocable-token-aaaaaaaaaaaaaaaaaaaaaaaa";
        var token = await server.Server.Storage.Accounts.AddTokenAsync(TestServer.AccountId, "temp", secret);
        using var client = server.CreateApiClient(secret);
        (await client.GetApiAsync("user/tokens/verify")).AssertOk();

        Assert.True(await server.Server.Storage.Accounts.RevokeTokenAsync(token.Id));
        (await client.GetApiAsync("user/tokens/verify")).AssertError(HttpStatusCode.Unauthorized, 10000);
    }

    [Fact]
    public async Task Unknown_route_gets_an_envelope()
    {
        var response = await server.Api.GetApiAsync("accounts/" + TestServer.AccountId + "/no/such/thing");
        response.AssertError(HttpStatusCode.NotFound, 7003);
    }
}
