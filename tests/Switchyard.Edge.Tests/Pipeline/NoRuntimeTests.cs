using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.Pipeline;

/// <summary>Without a Workers runtime registered, assets still serve and worker requests get a clear 500.</summary>
public sealed class NoRuntimeTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task A_worker_request_without_a_runtime_is_a_500_page_and_assets_still_serve()
    {
        await EdgeSites.DeployAsync(server, "needs-runtime", [new("/index.html", "static")],
            code: "export default { fetch() { return new Response('x'); } };\n");
        var host = EdgeSites.Host("needs-runtime");

        using var page = await EdgeSites.GetAsync(server, host, "/");
        Assert.Equal("static", await page.Content.ReadAsStringAsync());

        using var worker = await EdgeSites.GetAsync(server, host, "/api");
        Assert.Equal(HttpStatusCode.InternalServerError, worker.StatusCode);
        Assert.Contains("no Workers runtime", await worker.Content.ReadAsStringAsync());
    }
}
