using System.Net;
using System.Text.Json;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>
/// The <c>version_metadata</c> binding (wrangler's <c>version_metadata</c>, usually <c>CF_VERSION_METADATA</c>): the
/// serving version's id, <c>workers/tag</c> and creation time, which follow each new version.
/// </summary>
public sealed class VersionMetadataBindingTests(TestServer server) : IClassFixture<TestServer>
{
    private const string Code = "export default { fetch(request, env) { return Response.json(env.CF_VERSION_METADATA); } };";

    private static Dictionary<string, object?> Metadata(string? tag) => new()
    {
        ["bindings"] = new[] { new { name = "CF_VERSION_METADATA", type = "version_metadata" } },
        ["annotations"] = tag is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["workers/tag"] = tag },
    };

    [Fact]
    public async Task A_worker_sees_the_id_tag_and_time_of_the_version_serving_it()
    {
        string name = TestNames.Unique("version-meta");
        string path = $"{server.AccountPath}/workers/scripts/{name}";
        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(Metadata(null), Code))).AssertOk();
        (await server.Api.SendJsonAsync(HttpMethod.Post, $"{path}/subdomain", new { enabled = true })).AssertOk();
        await AssertServesLatestAsync("");

        (await server.Api.SendApiAsync(HttpMethod.Put, path, ScriptUploads.Module(Metadata("v2"), Code))).AssertOk();
        await AssertServesLatestAsync("v2");

        var bindings = (await server.Api.GetApiAsync($"{path}/bindings")).AssertOk()!.AsArray();
        Assert.Equal("""[{"type":"version_metadata","name":"CF_VERSION_METADATA"}]""", bindings.ToJsonString());

        async Task AssertServesLatestAsync(string tag)
        {
            var latest = (await server.Api.GetApiAsync($"{path}/versions")).AssertOk()!["items"]![0]!;
            using var response = await server.GetEdgeAsync($"{name}.dev.workers.localhost");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal((string?)latest["id"], seen.GetProperty("id").GetString());
            Assert.Equal(tag, seen.GetProperty("tag").GetString());
            Assert.Equal(DateTimeOffset.Parse((string)latest["metadata"]!["created_on"]!), DateTimeOffset.Parse(seen.GetProperty("timestamp").GetString()!));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", seen.GetProperty("timestamp").GetString());
        }
    }
}
