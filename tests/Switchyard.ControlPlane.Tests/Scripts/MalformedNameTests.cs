using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// Names that are not names, in the URL: a Cloudflare envelope with a precise message. (An encoded NUL, <c>%00</c>, is
/// refused by Kestrel's request-line parser with an empty 400 before any application code runs; see docs/security.md.)
/// </summary>
public sealed class MalformedNameTests(TestServer server) : IClassFixture<TestServer>
{
    [Theory]
    [InlineData("a%0Ab")]
    [InlineData("%E2%80%AE")]
    [InlineData("a%FFb")]
    public async Task A_script_name_with_control_or_invalid_bytes_gets_an_envelope(string name)
    {
        using var response = await server.Api.PutAsync($"{server.AccountPath}/workers/scripts/{name}", ScriptUploads.Module());
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var parsed = await ApiResponse.ReadAsync(new HttpResponseMessage(response.StatusCode) { Content = new StringContent(body) });
        Assert.Equal(10021, parsed.ErrorCode);
        Assert.StartsWith("Invalid worker name", parsed.ErrorMessage);
    }
}
