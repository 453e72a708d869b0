using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>Products Switchyard does not implement answer as an unknown route (404, 7003) whose message says so.</summary>
public sealed class UnsupportedProductTests(TestServer server) : IClassFixture<TestServer>
{
    [Theory]
    [InlineData("GET", "r2/buckets", "R2")]
    [InlineData("POST", "d1/database", "D1")]
    [InlineData("GET", "queues", "Queues")]
    [InlineData("GET", "workers/durable_objects/namespaces?per_page=1000&page=1", "Durable Objects")]
    public async Task A_request_for_an_unsupported_product_says_it_is_not_supported(string method, string path, string product)
    {
        var response = await server.Api.SendApiAsync(new HttpMethod(method), $"{server.AccountPath}/{path}");
        Assert.StartsWith($"{product} is not supported by Switchyard, which implements Workers, Workers for Platforms, static assets and KV",
            response.AssertError(HttpStatusCode.NotFound, 7003));
    }

    [Fact]
    public async Task Other_unknown_routes_keep_the_generic_message() =>
        Assert.StartsWith("Could not route to /client/v4/accounts/",
            (await server.Api.GetApiAsync($"{server.AccountPath}/workers/nonsense")).AssertError(HttpStatusCode.NotFound, 7003));
}
