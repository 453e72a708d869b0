using System.Net;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Scripts;

/// <summary>What <c>wrangler delete</c> reads and sends: references, tail consumers, and the delete by service name.</summary>
public sealed class ReferenceTests(TestServer server) : IClassFixture<TestServer>
{
    private async Task DeployAsync(string name, params object[] bindings) =>
        (await server.Api.SendApiAsync(HttpMethod.Put, $"{server.AccountPath}/workers/scripts/{name}",
            ScriptUploads.Module(new() { ["bindings"] = bindings }))).AssertOk();

    [Fact]
    public async Task References_name_service_callers_callees_and_dispatchers_using_it_as_outbound()
    {
        var ns = await server.CreateNamespaceAsync();
        await DeployAsync("ref-target");
        await DeployAsync("ref-other");
        await DeployAsync("ref-caller", new { type = "service", name = "T", service = "ref-target" }, new { type = "service", name = "O", service = "ref-other" });
        await DeployAsync("ref-dispatcher", new { type = "dispatch_namespace", name = "D", @namespace = ns, outbound = new { worker = new { service = "ref-target" } } });

        var target = (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/ref-target/references")).AssertOk()!;
        Assert.Equal("""[{"service":"ref-caller","environment":"production"}]""", target["services"]!["incoming"]!.ToJsonString());
        Assert.Equal("[]", target["services"]!["outgoing"]!.ToJsonString());
        Assert.Equal($$"""[{"service":"ref-dispatcher","namespace":"{{ns}}"}]""", target["dispatch_outbounds"]!.ToJsonString());

        var caller = (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/ref-caller/references")).AssertOk()!;
        Assert.Equal("""[{"service":"ref-target","environment":"production"},{"service":"ref-other","environment":"production"}]""",
            caller["services"]!["outgoing"]!.ToJsonString());
        Assert.Equal("[]", (await server.Api.GetApiAsync($"{server.AccountPath}/workers/tails/by-consumer/ref-caller")).AssertOk()!.ToJsonString());
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/ref-missing/references")).AssertError(HttpStatusCode.NotFound, 10007);
    }

    [Fact]
    public async Task Delete_by_service_name_keeps_a_referenced_worker_unless_forced()
    {
        await DeployAsync("svc-target");
        await DeployAsync("svc-caller", new { type = "service", name = "T", service = "svc-target" });
        await DeployAsync("svc-lonely");

        Assert.Contains("svc-caller", (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/services/svc-target?force=false"))
            .AssertError(HttpStatusCode.Conflict, 10064));
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/svc-target/settings")).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/services/svc-target?force=maybe"))
            .AssertError(HttpStatusCode.BadRequest, 10021);

        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/services/svc-target?force=true")).AssertOk();
        (await server.Api.SendApiAsync(HttpMethod.Delete, $"{server.AccountPath}/workers/services/svc-lonely?force=false")).AssertOk();
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/svc-target/settings")).AssertError(HttpStatusCode.NotFound, 10007);
        (await server.Api.GetApiAsync($"{server.AccountPath}/workers/scripts/svc-lonely/settings")).AssertError(HttpStatusCode.NotFound, 10007);
    }
}
