using System.Net;
using System.Text.Json;
using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Edge.Tests.Observability;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.WorkersApis;

/// <summary>
/// Cron Triggers: the schedules API as wrangler uses it (a bare array on PUT, replaced whole, bad expressions refused
/// with nothing changed), and a real firing within its minute: an account script and a namespace script scheduled
/// every minute run their <c>scheduled()</c> handlers with the controller Cloudflare passes, and a tail sees the run.
/// </summary>
public sealed class CronTriggerTests : IAsyncLifetime
{
    private readonly TestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    private string Schedules(string script) => $"{_server.AccountPath}/workers/scripts/{script}/schedules";

    [Fact]
    public async Task Schedules_are_replaced_whole_and_bad_ones_change_nothing()
    {
        string script = DispatchSites.Unique("sched");
        await DispatchSites.DeployAccountWorkerAsync(_server, script, "export default { fetch() { return new Response('x'); }, scheduled() {} };");
        Assert.Empty((await _server.Api.GetApiAsync(Schedules(script))).AssertOk()!["schedules"]!.AsArray());

        var put = (await _server.Api.SendJsonAsync(HttpMethod.Put, Schedules(script), new[] { new { cron = "*/5 * * * *" }, new { cron = "0 0 * * MON" } })).AssertOk()!;
        Assert.Equal(["*/5 * * * *", "0 0 * * MON"], put["schedules"]!.AsArray().Select(s => (string)s!["cron"]!));
        Assert.True(DateTimeOffset.TryParse((string)put["schedules"]![0]!["created_on"]!, out _));

        string message = (await _server.Api.SendJsonAsync(HttpMethod.Put, Schedules(script), new[] { new { cron = "61 * * * *" } }))
            .AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Contains("'61 * * * *'", message);
        (await _server.Api.SendJsonAsync(HttpMethod.Put, Schedules(script), new { cron = "* * * * *" })).AssertError(HttpStatusCode.BadRequest, 10021);
        (await _server.Api.SendJsonAsync(HttpMethod.Put, Schedules(script),
            Enumerable.Range(0, 6).Select(i => new { cron = $"{i} * * * *" }).ToArray())).AssertError(HttpStatusCode.BadRequest, 10021);
        Assert.Equal(2, (await _server.Api.GetApiAsync(Schedules(script))).AssertOk()!["schedules"]!.AsArray().Count);

        (await _server.Api.SendJsonAsync(HttpMethod.Put, Schedules(script), Array.Empty<object>())).AssertOk();
        Assert.Empty((await _server.Api.GetApiAsync(Schedules(script))).AssertOk()!["schedules"]!.AsArray());
        (await _server.Api.GetApiAsync(Schedules("no-such-script"))).AssertError(HttpStatusCode.NotFound, 10007);
    }

    [Fact]
    public async Task Every_minute_schedules_run_the_scheduled_handlers_within_their_minute()
    {
        var kv = (await _server.Api.SendJsonAsync(HttpMethod.Post, $"{_server.AccountPath}/storage/kv/namespaces", new { title = DispatchSites.Unique("cron") })).AssertOk()!;
        string kvId = (string)kv["id"]!;
        object binding = new { type = "kv_namespace", name = "KV", namespace_id = kvId };
        const string code = """
            export default {
              fetch() { return new Response('not scheduled'); },
              async scheduled(controller, env, ctx) {
                console.log('cron ran', controller.cron);
                ctx.waitUntil(env.KV.put(env.WHO, JSON.stringify({ cron: controller.cron, scheduledTime: controller.scheduledTime, type: controller.type })));
              }
            };
            """;
        string account = DispatchSites.Unique("cron-acct"), user = DispatchSites.Unique("cron-user");
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        await DispatchSites.DeployAccountWorkerAsync(_server, account, code, binding, new { type = "plain_text", name = "WHO", text = "account" });
        await DispatchSites.DeployUserWorkerAsync(_server, ns, user, code, bindings: [binding, new { type = "plain_text", name = "WHO", text = "user" }]);
        (await _server.Api.SendJsonAsync(HttpMethod.Put, Schedules(account), new[] { new { cron = "* * * * *" } })).AssertOk();
        (await _server.Api.SendJsonAsync(HttpMethod.Put, $"{_server.AccountPath}/workers/dispatch/namespaces/{ns}/scripts/{user}/schedules",
            new[] { new { cron = "*/1 * * * *" } })).AssertOk();
        await using TailClient tail = await TailClient.OpenAsync(_server, $"{_server.AccountPath}/workers/scripts/{account}");

        // The next minute boundary is at most 60 s away; allow for the run itself.
        JsonElement traced = await tail.NextMatchingAsync(e => e.GetProperty("event").ValueKind == JsonValueKind.Object
            && e.GetProperty("event").TryGetProperty("cron", out _), seconds: 90);
        Assert.Equal("* * * * *", traced.GetProperty("event").GetProperty("cron").GetString());
        Assert.Equal("ok", traced.GetProperty("outcome").GetString());
        Assert.Equal("""["cron ran","* * * * *"]""", Assert.Single(traced.GetProperty("logs").EnumerateArray()).GetProperty("message").GetRawText());

        foreach (var (who, cron) in new[] { ("account", "* * * * *"), ("user", "*/1 * * * *") })
        {
            string? value = null;
            for (var deadline = DateTime.UtcNow.AddSeconds(75); value is null && DateTime.UtcNow < deadline; await Task.Delay(250))
            {
                using var response = await _server.Api.GetAsync($"{_server.AccountPath}/storage/kv/namespaces/{kvId}/values/{who}");
                if (response.StatusCode == HttpStatusCode.OK) value = await response.Content.ReadAsStringAsync();
            }
            Assert.NotNull(value);
            using var ran = JsonDocument.Parse(value!);
            Assert.Equal(cron, ran.RootElement.GetProperty("cron").GetString());
            Assert.Equal("scheduled", ran.RootElement.GetProperty("type").GetString());
            long planned = ran.RootElement.GetProperty("scheduledTime").GetInt64();
            Assert.Equal(0, planned % 60_000);   // the planned minute, not the time it happened to start
            Assert.InRange(planned, DateTimeOffset.UtcNow.AddMinutes(-3).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
    }
}
