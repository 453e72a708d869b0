using System.Net;
using Switchyard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Switchyard.EndToEnd.Tests;

/// <summary>
/// <c>wrangler delete</c>, the real wrangler against a real server: it reads the worker's references and tail consumers,
/// deletes through <c>/workers/services/:name</c>, and the worker stops serving.
/// </summary>
[Collection(WranglerCollection.Name)]
public sealed class WranglerDeleteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Wrangler_delete_deletes_the_worker_with_and_without_force()
    {
        await using var server = new TestServer();
        await server.InitializeAsync();
        var work = Directory.CreateTempSubdirectory("switchyard-delete-");
        try
        {
            foreach (var name in (string[])["doomed", "forced"])
            {
                (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}",
                    ScriptUploads.Module(code: "export default { fetch() { return new Response('alive'); } };"))).AssertOk();
                (await server.Api.SendJsonAsync(HttpMethod.Post, $"{server.AccountPath}/workers/scripts/{name}/subdomain", new { enabled = true })).AssertOk();
                Assert.Equal(HttpStatusCode.OK, await StatusAsync(server, name));
            }

            var (exit, transcript) = await WranglerShell.RunAsync(WranglerShell.NpxPrelude + "\nnpx wrangler delete doomed\nnpx wrangler delete forced --force",
                work.FullName, server);
            output.WriteLine(transcript);
            Assert.True(exit == 0, $"wrangler delete failed (exit {exit}):\n{transcript}");
            Assert.Contains("Successfully deleted doomed", transcript);
            Assert.Contains("Successfully deleted forced", transcript);

            foreach (var name in (string[])["doomed", "forced"])
            {
                (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/{name}/settings")).AssertError(HttpStatusCode.NotFound, 10007);
                Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(server, name));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(TestServer server, string script)
    {
        using var response = await server.GetEdgeAsync($"{script}.dev.workers.localhost");
        return response.StatusCode;
    }
}
